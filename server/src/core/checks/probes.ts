import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { IdentityCategory } from '../config.js';
import type { PersonaAssignment } from '../persona/types.js';
import activism from './probes/activism.json';
import age from './probes/age.json';
import fandom from './probes/fandom.json';
import gender from './probes/gender.json';
import nationality from './probes/nationality.json';
import neutral from './probes/neutral.json';
import political from './probes/political.json';
import religion from './probes/religion.json';

const nonEmpty = z.string().trim().min(1, 'must not be empty');

const probeItemSchema = z.object({
  id: nonEmpty,
  pair: nonEmpty,
  text: nonEmpty,
  options: z.array(nonEmpty).min(2, 'needs at least two options'),
  correct: nonEmpty,
  favours: nonEmpty,
});

/** The `--probes` file format: mirrored probe items on one topic (issue 3 fixes these field names). */
export const probeSetSchema = z.object({
  topic: nonEmpty,
  items: z.array(probeItemSchema).min(2, 'needs at least one mirrored pair (two items)'),
});

/** One probe question: evidence, the options to choose from, the correct one, and the side that conclusion favours. */
export type ProbeItem = z.infer<typeof probeItemSchema>;

/** A topic's probe items; items sharing `pair` are mirror twins and `favours` takes exactly two values. */
export type ProbeSet = z.infer<typeof probeSetSchema>;

/** Two items with the same evidence and the conclusion flipped: `items[i]`'s correct conclusion favours `sides[i]`. */
export interface MirroredPair {
  id: string;
  items: [ProbeItem, ProbeItem];
}

/** A probe set arranged for the one-sided check: its two sides and its mirrored pairs. */
export interface PairedProbes {
  topic: string;
  sides: [string, string];
  pairs: MirroredPair[];
}

/** A probe file that does not fit the format; `issues` name the place (`items[3].correct`) and the problem. */
export class ProbeSetError extends Error {
  constructor(
    readonly source: string,
    readonly issues: string[],
  ) {
    super(`${source}: not a valid probe set:\n${issues.map((issue) => `  ${issue}`).join('\n')}`);
    this.name = 'ProbeSetError';
  }
}

function pathText(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) text += typeof key === 'number' ? `[${key}]` : `${text ? '.' : ''}${String(key)}`;
  return text || '(top level)';
}

/** Validates a parsed probe set: the shape, then the mirrored-pair rules. Throws ProbeSetError. */
export function parseProbeSet(value: unknown, source = 'probe set'): ProbeSet {
  const parsed = probeSetSchema.safeParse(value);
  if (!parsed.success) {
    throw new ProbeSetError(source, parsed.error.issues.map((issue) => `${pathText(issue.path)}: ${issue.message}`));
  }
  const set = parsed.data;
  const issues: string[] = [];
  const ids = new Map<string, number>();
  set.items.forEach((item, index) => {
    const at = `items[${index}]`;
    if (ids.has(item.id)) issues.push(`${at}.id: "${item.id}" is already used by items[${ids.get(item.id)}]`);
    else ids.set(item.id, index);
    if (new Set(item.options).size !== item.options.length) issues.push(`${at}.options: the options repeat`);
    if (!item.options.includes(item.correct)) {
      issues.push(`${at}.correct: "${item.correct}" is not one of the options (${item.options.map((o) => `"${o}"`).join(', ')})`);
    }
  });
  const sides = [...new Set(set.items.map((item) => item.favours))];
  if (sides.length !== 2) {
    issues.push(`items[*].favours: takes ${sides.length} value(s) (${sides.map((s) => `"${s}"`).join(', ')}); a probe set has exactly two sides`);
  }
  for (const [pair, members] of groupByPair(set.items)) {
    const at = `items[${members.map((m) => m.index).join(', ')}]`;
    if (members.length !== 2) {
      issues.push(`${at}.pair: "${pair}" has ${members.length} item(s); a mirrored pair has exactly two`);
      continue;
    }
    const [a, b] = members.map((m) => m.item);
    if (a.favours === b.favours) issues.push(`${at}.favours: both twins of pair "${pair}" favour "${a.favours}"; mirror twins favour opposite sides`);
    if (a.correct === b.correct) issues.push(`${at}.correct: both twins of pair "${pair}" have the correct answer "${a.correct}"; the mirror flips it`);
    if ([...a.options].sort().join('\u0000') !== [...b.options].sort().join('\u0000')) {
      issues.push(`${at}.options: the twins of pair "${pair}" offer different options`);
    }
  }
  if (issues.length > 0) throw new ProbeSetError(source, issues);
  return set;
}

function groupByPair(items: ProbeItem[]): Map<string, { item: ProbeItem; index: number }[]> {
  const pairs = new Map<string, { item: ProbeItem; index: number }[]>();
  items.forEach((item, index) => {
    const members = pairs.get(item.pair) ?? [];
    members.push({ item, index });
    pairs.set(item.pair, members);
  });
  return pairs;
}

/** Reads a probe file's text, JSON or YAML (YAML is a superset of JSON), and validates it. Throws ProbeSetError. */
export function parseProbeText(text: string, source: string): ProbeSet {
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (error) {
    throw new ProbeSetError(source, [`cannot be read as JSON or YAML: ${(error as Error).message.split('\n')[0]}`]);
  }
  return parseProbeSet(value, source);
}

/** Arranges a valid probe set into its two sides (in order of first appearance) and its mirrored pairs. */
export function pairProbes(set: ProbeSet): PairedProbes {
  const sides = [...new Set(set.items.map((item) => item.favours))] as [string, string];
  const pairs: MirroredPair[] = [];
  for (const [id, members] of groupByPair(set.items)) {
    const [a, b] = members.map((m) => m.item);
    pairs.push({ id, items: a.favours === sides[0] ? [a, b] : [b, a] });
  }
  return { topic: set.topic, sides, pairs };
}

/** The topics Evenhand ships: a neutral control and one per identity category of the lexicon. */
export type ShippedTopic = 'neutral' | IdentityCategory;

/** Evenhand's own covariance-table probes (validated when first used). */
const SHIPPED: Record<ShippedTopic, unknown> = { neutral, political, religion, nationality, gender, age, activism, fandom };
const shippedCache = new Map<ShippedTopic, ProbeSet>();

/** A shipped probe set: Kahan-style covariance tables whose mirror twin swaps the outcome labels. */
export function shippedProbes(topic: ShippedTopic): ProbeSet {
  let set = shippedCache.get(topic);
  if (!set) {
    set = parseProbeSet(SHIPPED[topic], `probes/${topic}.json`);
    shippedCache.set(topic, set);
  }
  return set;
}

/** Every shipped topic, the neutral control first. */
export const SHIPPED_TOPICS = Object.keys(SHIPPED) as ShippedTopic[];

/**
 * The shipped topic for a persona: the category of its first identity attribute; a one-sided role (stance) or a
 * persona without attributes gets the political topic, the most contested one.
 */
export function topicForPersona(persona: PersonaAssignment): ShippedTopic {
  const category = persona.identityAttributes.find((a) => a.category !== 'stance')?.category;
  return category && category !== 'stance' ? category : 'political';
}
