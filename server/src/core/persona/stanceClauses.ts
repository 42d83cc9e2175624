// One-sided roles given without a role noun: a sentence addressed to the model that puts it on one side of a
// contest ("You are assisting the legal team representing the plaintiff", "You write on the union's behalf",
// "You are drafting communications on behalf of a climate advocacy group pushing for the bill"). The side-taking
// marker alone is not enough ("You work for Acme's help desk"): the sentence must name a contest, unless the marker
// takes a side by itself ("You side with the tenant", "your client"). Negated and even-handed sentences do not count.
import stance from './lexicon/stance.json';
import { KeywordRegex } from './keywordScan.js';
import { sentenceBounds, type Prose } from './prose.js';
import { wordAlternation } from './words.js';

/** A stance clause, in text coordinates: the marker and the words of the side it names. */
export interface StanceClause {
  /** Where the sentence's address to the model starts ("You"). */
  start: number;
  phrase: { start: number; end: number };
}

const data = stance.clauses;
const OWNER = String.raw`(?:the\s+|our\s+|your\s+|their\s+|its\s+)?[\p{L}\p{N}'’-]+(?:'s|’s|s'|s’)`;
// Tried only where one of their first words starts (KeywordRegex): a many-branched pattern at every character of a
// long prompt costs more than the rest of the clause pass.
const MARKER = new KeywordRegex(
  [
    String.raw`\b(?<sided>${wordAlternation(data.alwaysSided)})\b`,
    String.raw`\b(?<owned>on\s+${OWNER}\s+(?:${wordAlternation(data.possessiveSides)}))\b`,
    String.raw`\b(?<marker>${wordAlternation(data.markers)})\b`,
  ],
  'iu',
  ['on'],
);
const CONTEST = new RegExp(String.raw`\b(?:${wordAlternation(data.contest)})\b`, 'i');
const EVEN_HANDED = new RegExp(String.raw`\b(?:${wordAlternation(data.evenHanded)})\b`, 'i');
const NEGATION = new RegExp(String.raw`(?:\b(?:${wordAlternation(data.negations.filter((w) => w !== "n't"))})\b|n['’]t\b)`, 'i');
const ADDRESSEE = /\byou(?:['’](?:re|ll|ve|d))?\b|\byour\b/i;

/** How far into a sentence the clause is read: its marker and what it names are near its start. */
const MAX_CHARS = 400;

/**
 * The first stance clause of `prose` in a sentence that starts at none of `decided` (sentences that already carry a
 * persona): a message takes one side, so the first is all its reader needs.
 */
export function firstStanceClause(prose: Prose, decided: ReadonlySet<number>): StanceClause | undefined {
  const text = prose.text;
  let readUntil = 0;
  for (const m of MARKER.matches(text)) {
    if (m.index < readUntil) continue;
    const sentence = sentenceBounds(prose, m.index);
    if (decided.has(sentence.start)) {
      readUntil = sentence.end;
      continue;
    }
    const head = text.slice(sentence.start, Math.min(sentence.end, sentence.start + MAX_CHARS));
    const at = m.index - sentence.start;
    if (at >= head.length) continue;
    const you = ADDRESSEE.exec(head);
    // The model is addressed before the marker ("you ... representing"), or the marker is "your client".
    if (!you || (you.index > at && !m.groups?.sided)) continue;
    const clause = head.slice(you.index, at);
    if (NEGATION.test(clause) || /[;:]/.test(clause) || EVEN_HANDED.test(head)) continue;
    if (!m.groups?.sided && !m.groups?.owned && !CONTEST.test(head)) continue;
    const start = sentence.start + Math.min(you.index, at);
    const end = Math.min(sentence.end, m.index + m[0].length + (/[,.;:]/.exec(text.slice(m.index + m[0].length, m.index + m[0].length + 80))?.index ?? 80));
    return { start, phrase: { start: m.index, end: Math.max(end, m.index + m[0].length) } };
  }
  return undefined;
}
