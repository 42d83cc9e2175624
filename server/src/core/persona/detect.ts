import type { ResolvedConfig } from '../config.js';
import type { PromptDocument } from '../formats/types.js';
import type { Span } from '../text.js';
import { IDENTITY_CATEGORY_TABLE, type IdentityCategory } from './categories.js';
import { classify } from './classify.js';
import { lexiconFor } from './lexicon.js';
import { sentenceBounds, type Prose } from './prose.js';
import { LABEL, NEGATION_AFTER, NEGATION_BEFORE, personaSites, REASSIGN, REQUESTED_BEFORE } from './triggers.js';
import type { PersonaAssignment } from './types.js';
import { wordAlternation } from './words.js';

/** How far after a trigger the persona's words are looked for (a persona phrase, its clauses and appositives). */
const MAX_PHRASE_CHARS = 600;

/** Finds the persona assignments in every message of a document. */
export function detectPersonas(doc: PromptDocument, proses: Prose[], config: ResolvedConfig): PersonaAssignment[] {
  const lexicon = lexiconFor(config);
  const out: PersonaAssignment[] = [];
  doc.messages.forEach((message, messageIndex) => {
    const prose = proses[messageIndex];
    const text = prose.text;
    const seen = new Set<number>();
    for (const m of personaSites(text)) {
      const form = Object.entries(m.groups ?? {}).find(([, v]) => v !== undefined)?.[0] ?? 'direct';
      // "The assistant is ...": the scan starts at "assistant" (a rarer word than "the"); the span takes "The" in.
      const article = form === 'third' ? /\bthe\s+$/i.exec(text.slice(Math.max(0, m.index - 8), m.index)) : null;
      const triggerStart = article ? m.index - article[0].length : m.index;
      const triggerEnd = m.index + m[0].length;
      const sentence = sentenceBounds(prose, triggerStart);
      // Look a bounded distance around the trigger, so a huge one-line "sentence" stays linear.
      const before = text.slice(Math.max(sentence.start, triggerStart - 200), triggerStart);
      const after = text.slice(triggerEnd, Math.min(sentence.end, triggerEnd + MAX_PHRASE_CHARS));
      if (NEGATION_BEFORE.test(before) || REQUESTED_BEFORE.test(before) || (form !== 'bio' && NEGATION_AFTER.test(after))) continue;
      // "the user is ..." style sentences describe the user, never the model.
      const classified = classify(form, text, triggerEnd, Math.min(sentence.end, triggerEnd + MAX_PHRASE_CHARS), lexicon, doc.variablePattern);
      if (!classified) continue;
      const map = (s: number, e: number): Span => toSource(message.offsets, s, e);
      // A sentence that names the persona twice ("You grew up in Lyon, and you are a proud Frenchwoman") is one persona.
      const sameSentence = seen.has(sentence.start) ? out.find((p) => p.messageIndex === messageIndex && p.sentence.start === map(sentence.start, sentence.end).start) : undefined;
      if (sameSentence && !REASSIGN.test(before)) {
        const added = classified.attributes.map((a) => ({ ...a, span: map(a.span.start, a.span.end) }));
        sameSentence.identityAttributes.push(...added);
        if (added.some((a) => a.category !== 'stance')) sameSentence.kind = 'identity';
        else if (added.length > 0 && sameSentence.kind === 'task') sameSentence.kind = 'stance';
        sameSentence.span = { start: sameSentence.span.start, end: Math.max(sameSentence.span.end, ...added.map((a) => a.span.end)) };
        continue;
      }
      seen.add(sentence.start);
      const lastEnd = Math.max(classified.phrase.end, ...classified.attributes.map((a) => a.span.end));
      out.push({
        messageIndex,
        kind: classified.kind,
        form,
        sentence: map(sentence.start, sentence.end),
        span: map(triggerStart, lastEnd),
        phrase: text.slice(classified.phrase.start, classified.phrase.end).replace(/\s+/g, ' ').trim(),
        phraseSpan: map(classified.phrase.start, classified.phrase.end),
        identityAttributes: classified.attributes.map((a) => ({ ...a, span: map(a.span.start, a.span.end) })),
        variable: classified.variable,
        label: form === 'listed' ? classified.name : LABEL.exec(text.slice(text.lastIndexOf('\n', triggerStart - 1) + 1, triggerStart))?.[1],
        reassigns: REASSIGN.test(before) || /\bnow\b/i.test(m[0]) || /^\s*now\b/i.test(after) || /^[^,.;:]{0,40}\binstead\b/i.test(after),
      });
    }
    addListedAttributes(text, messageIndex, out, (a, b) => toSource(message.offsets, a, b));
  });
  return out;
}

// "- Nationality: Armenian", "Religion: devout Catholic": a persona given as a list of attributes. The keys of
// each category are in its lexicon file; a key is found case-insensitively, with any spaces or tabs inside.
const ATTRIBUTE_KEYS = new Map<string, IdentityCategory>(
  IDENTITY_CATEGORY_TABLE.flatMap(({ id, lexicon }) => lexicon.attributeKeys.map((key) => [attributeKey(key), id] as const)),
);
const ATTRIBUTE_LINE = new RegExp(
  String.raw`^[ \t]*(?:[-*+•][ \t]+)?(${wordAlternation(IDENTITY_CATEGORY_TABLE.flatMap((c) => c.lexicon.attributeKeys), String.raw`[ \t]+`)})[ \t]*:[ \t]*(\S[^\n]*)$`,
  'gim',
);

/** A key as the map holds it: upper case (as the `i` flag compares), one space between words. */
function attributeKey(key: string): string {
  return key.toUpperCase().replace(/[ \t]+/g, ' ');
}

/** Adds "Key: value" identity lines to the persona they describe (the nearest one before them in the message). */
function addListedAttributes(text: string, messageIndex: number, personas: PersonaAssignment[], map: (a: number, b: number) => Span): void {
  for (const m of text.matchAll(ATTRIBUTE_LINE)) {
    const at = map(m.index, m.index + m[0].length);
    const owner = [...personas].reverse().find((p) => p.messageIndex === messageIndex && p.span.start < at.start && at.start - p.span.end < 1500);
    if (!owner) continue;
    const valueStart = m.index + m[0].length - m[2].length;
    const value = m[2].replace(/\s+$/, '');
    const category = ATTRIBUTE_KEYS.get(attributeKey(m[1]))!;
    owner.identityAttributes.push({ category, term: `${m[1]}: ${value}`, span: map(valueStart, valueStart + value.length) });
    if (owner.kind !== 'templated') owner.kind = 'identity';
  }
}

/** Maps a text span of a message to its source span. */
export function toSource(offsets: Int32Array, start: number, end: number): Span {
  if (end <= start) return { start: offsets[start], end: offsets[start] };
  return { start: offsets[start], end: offsets[end - 1] + 1 };
}
