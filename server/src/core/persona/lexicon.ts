import fandom from './lexicon/fandom.json';
import senses from './lexicon/senses.json';
import stance from './lexicon/stance.json';
import task from './lexicon/task.json';
import type { ResolvedConfig } from '../config.js';
import { IDENTITY_CATEGORY_TABLE, type IdentityCategory } from './categories.js';

/** How a lexicon entry counts as an identity. */
export type EntryUse =
  /** An identity wherever it names the persona. */
  | 'term'
  /** An identity only as a person noun, beside a person noun, or after an identity intensifier. */
  | 'ambiguous'
  /** An identity when it directly modifies a noun (female engineer). */
  | 'modifier'
  /** A one-sided role. */
  | 'stance'
  /** A functional role noun. */
  | 'task'
  /** Another sense of an identity word (a conservative dose): never an identity. */
  | 'sense';

/** One lexicon phrase, as lower-case word tokens. */
export interface LexiconEntry {
  tokens: string[];
  category: IdentityCategory | 'stance' | 'task' | 'sense';
  use: EntryUse;
}

/** The compiled lexicon: entries indexed by their first token, longest first. */
export interface Lexicon {
  byFirstToken: Map<string, LexiconEntry[]>;
  loyaltyNouns: Set<string>;
}

/** Word tokens: letters/digits with inner hyphens, apostrophes and plus signs (gun-rights, Jehovah's, LGBTQ+). */
export const WORD = /[\p{L}\p{N}](?:[\p{L}\p{N}'’+]|-(?=[\p{L}\p{N}]))*\+?/gu;

// Fandom names that are also common words count only in their own spelling: "ARMY" stays "ARMY", "army" is a word.
const CASE_SENSITIVE = new Set(fandom.caseSensitiveTerms);

/**
 * Lower-cases a word token, normalises curly apostrophes and drops a possessive 's (plaintiff's -> plaintiff).
 * A case-sensitive lexicon word in its own spelling keeps it, so it never meets the common word.
 */
export function normalizeToken(token: string): string {
  if (CASE_SENSITIVE.has(token)) return token;
  return token.toLowerCase().replace(/’/g, "'").replace(/'s$/, '');
}

function tokenize(phrase: string): string[] {
  return (phrase.match(WORD) ?? []).map(normalizeToken);
}

const cache = new WeakMap<ResolvedConfig, Lexicon>();
let defaultLexicon: Lexicon | undefined;

/** The lexicon with the configuration's extra terms; compiled once per configuration object. */
export function lexiconFor(config?: ResolvedConfig): Lexicon {
  const extrasEmpty =
    !config ||
    (config.taskRoles.length === 0 &&
      config.lexicon.stance.length === 0 &&
      Object.values(config.lexicon.identity).every((terms) => !terms || terms.length === 0));
  if (extrasEmpty) return (defaultLexicon ??= compile(undefined));
  let lexicon = cache.get(config);
  if (!lexicon) {
    lexicon = compile(config);
    cache.set(config, lexicon);
  }
  return lexicon;
}

function compile(config: ResolvedConfig | undefined): Lexicon {
  const entries: LexiconEntry[] = [];
  const add = (phrases: readonly string[], category: LexiconEntry['category'], use: EntryUse) => {
    for (const phrase of phrases) {
      const tokens = tokenize(phrase);
      if (tokens.length > 0) entries.push({ tokens, category, use });
    }
  };
  add(senses.phrases, 'sense', 'sense');
  add(task.terms, 'task', 'task');
  add(config?.taskRoles ?? [], 'task', 'task');
  add(stance.terms, 'stance', 'stance');
  add(config?.lexicon.stance ?? [], 'stance', 'stance');
  for (const { id, lexicon } of IDENTITY_CATEGORY_TABLE) {
    add(lexicon.terms, id, 'term');
    add(lexicon.ambiguous ?? [], id, 'ambiguous');
    add(lexicon.modifiers ?? [], id, 'modifier');
    add(config?.lexicon.identity[id] ?? [], id, 'term');
  }
  const byFirstToken = new Map<string, LexiconEntry[]>();
  for (const entry of entries) {
    const list = byFirstToken.get(entry.tokens[0]) ?? [];
    list.push(entry);
    byFirstToken.set(entry.tokens[0], list);
  }
  // Longest phrases first; at equal length a sense beats an identity, a configured term beats a task word.
  const rank: Record<EntryUse, number> = { sense: 0, stance: 1, term: 2, modifier: 3, ambiguous: 4, task: 5 };
  for (const list of byFirstToken.values()) {
    list.sort((a, b) => b.tokens.length - a.tokens.length || rank[a.use] - rank[b.use]);
  }
  return { byFirstToken, loyaltyNouns: new Set(fandom.loyaltyNouns.map(normalizeToken)) };
}

/** Every identity term of the default lexicon (for benchmarks and docs). */
export function identityTerms(): string[] {
  return IDENTITY_CATEGORY_TABLE.flatMap(({ lexicon }) => [...lexicon.terms, ...(lexicon.ambiguous ?? [])]);
}
