import type { PersonaAssignment } from '../persona/types.js';
import { personaLabel } from './describeCategories.js';
import type { Rule } from './types.js';

/** The identity of a persona for comparison: its attributes, its variable, or its role words. */
function personaKey(persona: PersonaAssignment): string {
  if (persona.kind === 'templated') return `var:${persona.variable ?? ''}`;
  if (persona.identityAttributes.length > 0) {
    return persona.identityAttributes.map((a) => a.term.toLowerCase()).sort().join('|');
  }
  return `role:${persona.phrase.toLowerCase().replace(/^(?:a|an|the)\s+/, '')}`;
}


/** EH005: the model is given two or more different personas, or a later message reassigns it. */
export const multiplePersonas: Rule = {
  id: 'EH005',
  name: 'multiple-personas',
  defaultSeverity: 'information',
  description: 'The model is assigned two or more different personas, or a later message reassigns it.',
  check({ analysis }) {
    const personas = [...analysis.personas].sort((a, b) => a.span.start - b.span.start);
    const keys = personas.map(personaKey);
    const firstWithKey = new Map<string, number>();
    keys.forEach((key, i) => firstWithKey.has(key) || firstWithKey.set(key, i));
    const earlierPersonas = new EarlierPersonas(personas, keys);
    const findings = [];
    for (let i = 1; i < personas.length; i++) {
      earlierPersonas.add(i - 1);
      const current = personas[i];
      // Repeating a persona already given is not a new one (unless the sentence reassigns).
      if (firstWithKey.get(keys[i])! < i && !current.reassigns) continue;
      // A character listed in a cast by a definite role only ("- Dr. Rao: the family physician", "Mrs. Doyle: the
      // housekeeper") is a part in the story, not another persona the model takes on.
      // A frame without a person noun ("You have voted Republican all your life", "Your worldview is ...") goes on
      // describing the persona of its message; only a reassignment or a new label makes it another.
      if ((current.form === 'frame' || current.form === 'lens') && !current.reassigns && current.label === undefined) continue;
      if (current.form === 'listed' && current.kind === 'task' && !current.reassigns && /^[^,:—–]*[,:—–]\s*the\s/i.test(current.phrase)) continue;
      const found = earlierPersonas.firstDifferentFrom(i);
      const earlier = found === undefined ? undefined : personas[found];
      if (!earlier) continue;
      findings.push({
        message:
          `The model is given another persona, ${personaLabel(current)}, after ${personaLabel(earlier)}. ` +
          'Mixed or switched personas make answers harder to attribute and to reproduce; keep one.',
        span: current.span,
        related: [{ message: `Earlier ${personaLabel(earlier)}`, span: earlier.span }],
      });
    }
    return findings;
  },
};

/**
 * The earliest persona before persona i that differs from it:
 * - when i reassigns, any persona with another key;
 * - otherwise (i is the first with its key, so every earlier key differs) one in another message, or in the same
 *   message under another label ("Panellist A:" / "Panellist B:"), unless both are task roles; or, when neither is
 *   a task role, one in the same message that gives another value of an identity category i names (a conflict).
 * Each kind is indexed by the earliest persona and the earliest one that differs from it, so a look-up costs
 * O(attributes of i) instead of a walk over every earlier persona.
 */
class EarlierPersonas {
  private readonly byKey = new EarliestDiffering<string>();
  private readonly byMessage = new EarliestDiffering<number>();
  private readonly byMessageNotTask = new EarliestDiffering<number>();
  private readonly byLabel = new Map<number, EarliestDiffering<string>>();
  private readonly byLabelNotTask = new Map<number, EarliestDiffering<string>>();
  private readonly byCategoryTerm = new Map<string, EarliestDiffering<string>>();

  constructor(
    private readonly personas: PersonaAssignment[],
    private readonly keys: string[],
  ) {}

  /** Adds persona j (in increasing order). */
  add(j: number): void {
    const persona = this.personas[j];
    const task = persona.kind === 'task';
    this.byKey.add(j, [this.keys[j]]);
    this.byMessage.add(j, [persona.messageIndex]);
    if (!task) this.byMessageNotTask.add(j, [persona.messageIndex]);
    if (persona.label) {
      entry(this.byLabel, persona.messageIndex).add(j, [persona.label]);
      if (!task) entry(this.byLabelNotTask, persona.messageIndex).add(j, [persona.label]);
    }
    if (task) return;
    const termsByCategory = new Map<string, string[]>();
    for (const a of valuedAttributes(persona)) entry(termsByCategory, a.category, () => []).push(a.term.toLowerCase());
    for (const [category, terms] of termsByCategory) entry(this.byCategoryTerm, `${persona.messageIndex}\n${category}`).add(j, terms);
  }

  /** The earliest added persona that differs from persona i, or undefined. */
  firstDifferentFrom(i: number): number | undefined {
    const current = this.personas[i];
    if (current.reassigns) return this.byKey.differingFrom(this.keys[i]);
    const task = current.kind === 'task';
    const found: (number | undefined)[] = [(task ? this.byMessageNotTask : this.byMessage).differingFrom(current.messageIndex)];
    if (current.label) found.push((task ? this.byLabelNotTask : this.byLabel).get(current.messageIndex)?.differingFrom(current.label));
    if (!task) {
      for (const a of valuedAttributes(current)) {
        found.push(this.byCategoryTerm.get(`${current.messageIndex}\n${a.category}`)?.differingFrom(a.term.toLowerCase()));
      }
    }
    return found.reduce<number | undefined>((min, j) => (j !== undefined && (min === undefined || j < min) ? j : min), undefined);
  }
}

/**
 * The attributes that give a category a value: a template variable (`{ideology}`, `{party_id}`) leaves it open, so
 * two variables of one category in a backstory template are not two conflicting personas.
 */
function valuedAttributes(persona: PersonaAssignment): PersonaAssignment['identityAttributes'] {
  // Two wordings of one side ("the spokesperson for Acme", "you speak on behalf of the company") are not two
  // conflicting values: a side is compared by label and message, not word for word.
  const variable = persona.variable;
  return persona.identityAttributes.filter((a) => a.category !== 'stance' && (variable === undefined || !a.term.includes(variable)));
}

function entry<K, V>(map: Map<K, V>, key: K, create: () => V = () => new EarliestDiffering() as V): V {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = create()));
  return value;
}

/** Over indexes added in increasing order, each with one or more values: the earliest with a value other than v. */
class EarliestDiffering<V> {
  private first: number | undefined;
  private firstValues = new Set<V>();
  private second: number | undefined;

  add(index: number, values: readonly V[]): void {
    if (this.first === undefined) {
      this.first = index;
      this.firstValues = new Set(values);
    } else if (this.second === undefined && this.firstValues.size === 1 && values.some((v) => !this.firstValues.has(v))) {
      this.second = index;
    }
  }

  differingFrom(value: V): number | undefined {
    if (this.first === undefined) return undefined;
    return this.firstValues.size > 1 || !this.firstValues.has(value) ? this.first : this.second;
  }
}
