import type { ResolvedConfig } from '../config.js';
import type { PromptDocument, TemplateVariable } from '../formats/types.js';
import type { Span } from '../text.js';
import { adoptsFirstPerson, findAddressedPersonas } from './addressed.js';
import { classify } from './classify.js';
import { findForeignPersonas } from './foreign.js';
import { firstStanceClause } from './stanceClauses.js';
import { messageLanguage, type Language } from './languages.js';
import { lexiconFor } from './lexicon.js';
import { addListedAttributes } from './listedAttributes.js';
import { sentenceBounds, sentenceIndex, type Prose } from './prose.js';
import { LABEL, NEGATION_AFTER, NEGATION_BEFORE, personaSites, REASSIGN, REQUESTED_BEFORE } from './triggers.js';
import type { PersonaAssignment } from './types.js';

/** How far after a trigger the persona's words are looked for (a persona phrase, its clauses and appositives). */
const MAX_PHRASE_CHARS = 600;

/** Finds the persona assignments in every message of a document. */
export function detectPersonas(doc: PromptDocument, proses: Prose[], config: ResolvedConfig): PersonaAssignment[] {
  const lexicon = lexiconFor(config);
  const out: PersonaAssignment[] = [];
  // A prompt that tells the model to take on a first-person bio makes that bio's "I am ..." the model's persona.
  const firstPerson = proses.some((p) => adoptsFirstPerson(p.text));
  doc.messages.forEach((message, messageIndex) => {
    const prose = proses[messageIndex];
    const text = prose.text;
    const language = messageLanguage(prose);
    if (language !== 'en') {
      out.push(...foreignAssignments(prose, language, doc.variables[messageIndex] ?? [], config, messageIndex, message.offsets));
      return;
    }
    const seen = new Set<number>();
    const firstOfMessage = out.length;
    // The first persona of this message whose sentence starts at a source offset, for the personas after it there.
    const bySentenceStart = new Map<number, PersonaAssignment>();
    // The same, by the sentence's start in the message text.
    const byTextSentence = new Map<number, PersonaAssignment>();
    for (const m of firstPerson ? withFirstPerson(text) : personaSites(text)) {
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
      // "# Act as [PERSONA]": a heading names what the prompt below is about; the prompt itself assigns the persona.
      if (isHeadingLine(text, triggerStart)) continue;
      // "the user is ..." style sentences describe the user, never the model.
      const found = classify(form, text, triggerEnd, Math.min(sentence.end, triggerEnd + MAX_PHRASE_CHARS), lexicon, doc.variables[messageIndex] ?? []);
      if (!found) continue;
      // "Adopt the following persona: {user}": after words that name a persona, a variable there is one, whatever its
      // name ({user} alone reads as a task role).
      const slot = found.kind === 'task' && /\b(?:persona|character|identity|profile)\b/i.test(m[0]) ? (doc.variables[messageIndex] ?? []).find((v) => v.start === found.phrase.start) : undefined;
      const classified = slot ? { ...found, kind: 'templated' as const, variable: slot.name } : found;
      const map = (s: number, e: number): Span => toSource(message.offsets, s, e);
      // A sentence that names the persona twice ("You grew up in Lyon, and you are a proud Frenchwoman") is one persona.
      const sameSentence = seen.has(sentence.start) ? bySentenceStart.get(map(sentence.start, sentence.end).start) : undefined;
      if (sameSentence && !REASSIGN.test(before)) {
        const added = classified.attributes.map((a) => ({ ...a, span: map(a.span.start, a.span.end) }));
        sameSentence.identityAttributes.push(...added);
        if (added.some((a) => a.category !== 'stance')) sameSentence.kind = 'identity';
        else if (added.length > 0 && sameSentence.kind === 'task') sameSentence.kind = 'stance';
        else if (classified.kind === 'templated' && sameSentence.kind === 'task') {
          // "You are roleplaying the following persona: {user}": the sentence's persona is the variable.
          sameSentence.kind = 'templated';
          sameSentence.variable = classified.variable;
        }
        sameSentence.span = { start: sameSentence.span.start, end: Math.max(sameSentence.span.end, ...added.map((a) => a.span.end)) };
        continue;
      }
      // "You talk like a Scouser" after "You're Macca, a die-hard Liverpool supporter": a manner of speaking that
      // describes the persona already given, not a second one.
      const earlier = out.length > firstOfMessage ? out[out.length - 1] : undefined;
      if (earlier && earlier.kind !== 'task' && form === 'actas' && /^(?:speak|talk|write)\s+like\b/i.test(m[0])) {
        earlier.identityAttributes.push(...classified.attributes.map((a) => ({ ...a, span: map(a.span.start, a.span.end) })));
        continue;
      }
      seen.add(sentence.start);
      const lastEnd = Math.max(classified.phrase.end, ...classified.attributes.map((a) => a.span.end));
      const persona: PersonaAssignment = {
        messageIndex,
        kind: classified.kind,
        form,
        sentence: map(sentence.start, sentence.end),
        span: map(triggerStart, lastEnd),
        phrase: text.slice(classified.phrase.start, classified.phrase.end).replace(/\s+/g, ' ').trim(),
        phraseSpan: map(classified.phrase.start, classified.phrase.end),
        identityAttributes: classified.attributes.map((a) => ({ ...a, span: map(a.span.start, a.span.end) })),
        variable: classified.variable,
        label: form === 'listed' ? classified.name : lineLabel(text, triggerStart),
        reassigns: REASSIGN.test(before) || /\bnow\b/i.test(m[0]) || /^\s*now\b/i.test(after) || /^[^,.;:]{0,40}\binstead\b/i.test(after),
      };
      out.push(persona);
      if (!bySentenceStart.has(persona.sentence.start)) bySentenceStart.set(persona.sentence.start, persona);
      if (!byTextSentence.has(sentence.start)) byTextSentence.set(sentence.start, persona);
    }
    // Sentences no trigger reached, or where one found only a task role ("As the assistant, you hold strong
    // evangelical beliefs"): the trigger-free pass reads them; an identity it finds replaces such a task role.
    const decided = new Set([...byTextSentence].filter(([, p]) => p.kind !== 'task').map(([start]) => start));
    // A heading or title line names what the prompt below is about ("Act as an Imam"): the prompt assigns it.
    const found = findAddressedPersonas(prose, lexicon, decided, doc.variables[messageIndex] ?? [], firstPerson).filter((f) => !isHeadingLine(text, f.start));
    const replaced = new Set(found.map((f) => byTextSentence.get(sentenceBounds(prose, f.start).start)));
    if (replaced.size > 0) out.splice(firstOfMessage, out.length - firstOfMessage, ...out.slice(firstOfMessage).filter((p) => !replaced.has(p)));
    const added = found.map((found): PersonaAssignment => {
      const map = (s: number, e: number): Span => toSource(message.offsets, s, e);
      const sentence = sentenceBounds(prose, found.start);
      const before = text.slice(Math.max(sentence.start, found.start - 200), found.start);
      const lastEnd = Math.max(found.phrase.end, ...found.attributes.map((a) => a.span.end));
      return {
        messageIndex,
        kind: found.variable !== undefined ? 'templated' : 'identity',
        form: found.form,
        sentence: map(sentence.start, sentence.end),
        span: map(found.start, lastEnd),
        phrase: text.slice(found.phrase.start, found.phrase.end).replace(/\s+/g, ' ').trim(),
        phraseSpan: map(found.phrase.start, found.phrase.end),
        identityAttributes: found.attributes.map((a) => ({ ...a, span: map(a.span.start, a.span.end) })),
        variable: found.variable,
        label: found.label ?? lineLabel(text, found.start),
        reassigns: REASSIGN.test(before),
      };
    });
    // A sentence still without a persona that puts the model on one side without a role noun ("representing the
    // plaintiff", "on the union's behalf"). A message takes one side: such a clause makes a task role named in the
    // sentence before or after it one-sided ("You are a paralegal. You work on the plaintiff's behalf"), adds
    // nothing where the message already takes a side, and is its own persona where the message has none. A
    // neutral judge told much later to ignore "whose side" a speaker is on stays neutral.
    const foundStarts = found.map((f) => sentenceBounds(prose, f.start).start);
    const withPersona = new Set([...[...byTextSentence].filter(([, p]) => p.kind !== 'task').map(([start]) => start), ...foundStarts]);
    const clause = firstStanceClause(prose, withPersona);
    if (clause) {
      const map = (s: number, e: number): Span => toSource(message.offsets, s, e);
      const sentence = sentenceBounds(prose, clause.start);
      const span = map(clause.phrase.start, clause.phrase.end);
      const phrase = text.slice(clause.phrase.start, clause.phrase.end).replace(/\s+/g, ' ').trim();
      const ofThisMessage = [...out.slice(firstOfMessage), ...added];
      if (ofThisMessage.length === 0) {
        added.push({
          messageIndex,
          kind: 'stance',
          form: 'sided',
          sentence: map(sentence.start, sentence.end),
          span: map(clause.start, clause.phrase.end),
          phrase,
          phraseSpan: span,
          identityAttributes: [{ category: 'stance', term: phrase, span }],
          label: lineLabel(text, clause.start),
          reassigns: false,
        });
      } else if (ofThisMessage.every((p) => p.kind === 'task')) {
        // Each task role's sentence, in text coordinates.
        const textSentence = new Map<PersonaAssignment, number>([...byTextSentence].map(([start, p]) => [p, start]));
        added.forEach((p, k) => textSentence.set(p, foundStarts[k]));
        const here = sentenceIndex(prose, sentence.start);
        for (const role of ofThisMessage) {
          const at = textSentence.get(role);
          if (at === undefined || Math.abs(sentenceIndex(prose, at) - here) > 1) continue;
          role.kind = 'stance';
          role.identityAttributes.push({ category: 'stance', term: phrase, span });
        }
      }
    }
    if (added.length > 0) {
      const ofMessage = [...out.splice(firstOfMessage), ...added].sort((a, b) => a.span.start - b.span.start);
      out.push(...ofMessage);
    }
    addListedAttributes(text, out.slice(firstOfMessage), (a, b) => toSource(message.offsets, a, b));
  });
  addFilledIdentities(doc, out, lexicon);
  return out;
}

/**
 * A templated persona the file fills in with literals (code: `TEMPLATE.format(persona="a Democrat")`, a loop over a
 * list of personas): the identity words of those values are the persona's, found where the values are written.
 */
function addFilledIdentities(doc: PromptDocument, personas: PersonaAssignment[], lexicon: ReturnType<typeof lexiconFor>): void {
  for (const persona of personas) {
    if (persona.kind !== 'templated' || persona.variable === undefined) continue;
    const fills = doc.messages[persona.messageIndex]?.fills?.[persona.variable];
    for (const fill of fills ?? []) {
      const found = classify('direct', fill.text, 0, fill.text.length, lexicon, []);
      const attributes = (found?.attributes ?? []).map((a) => ({ ...a, span: toSource(fill.offsets, a.span.start, a.span.end) }));
      if (attributes.length === 0) continue;
      persona.identityAttributes.push(...attributes);
      (persona.filledFrom ??= []).push(fill.span);
    }
  }
}

/** The personas of a message in another language, one per sentence (a second frame there adds its identity words). */
function foreignAssignments(
  prose: Prose,
  language: Exclude<Language, 'en'>,
  variables: readonly TemplateVariable[],
  config: ResolvedConfig,
  messageIndex: number,
  offsets: Int32Array,
): PersonaAssignment[] {
  const map = (s: number, e: number): Span => toSource(offsets, s, e);
  const bySentence = new Map<number, PersonaAssignment>();
  for (const found of findForeignPersonas(prose, language, variables, config)) {
    const sentence = sentenceBounds(prose, found.start);
    const attributes = found.attributes.map((a) => ({ ...a, span: map(a.span.start, a.span.end) }));
    const first = bySentence.get(sentence.start);
    if (first) {
      first.identityAttributes.push(...attributes);
      if (first.kind === 'task' || first.kind === 'stance') {
        if (attributes.some((a) => a.category !== 'stance')) first.kind = 'identity';
        else if (attributes.length > 0) first.kind = 'stance';
      }
      first.span = { start: first.span.start, end: Math.max(first.span.end, ...attributes.map((a) => a.span.end)) };
      continue;
    }
    bySentence.set(sentence.start, {
      messageIndex,
      kind: found.kind,
      form: found.form,
      sentence: map(sentence.start, sentence.end),
      span: map(found.start, found.phrase.end),
      phrase: prose.text.slice(found.phrase.start, found.phrase.end).replace(/\s+/g, ' ').trim(),
      phraseSpan: map(found.phrase.start, found.phrase.end),
      identityAttributes: attributes,
      variable: found.variable,
      label: found.label ?? lineLabel(prose.text, found.start),
      reassigns: false,
    });
  }
  return [...bySentence.values()];
}

/** The most non-space UTF-16 units a LABEL match can hold: a list marker, 41 letters (astral ones are two), a colon. */
const LABEL_MAX_VISIBLE = 1 + 41 * 2 + 1;

/**
 * The label before a character's line ("Panellist B: You are ..."). Reads back from the trigger no further than a
 * label can reach, so many personas on one long line cost no more than the line.
 */
function lineLabel(text: string, triggerStart: number): string | undefined {
  let lineStart = triggerStart;
  for (let visible = 0; lineStart > 0 && text[lineStart - 1] !== '\n'; lineStart--) {
    if (!/\s/.test(text[lineStart - 1]) && ++visible > LABEL_MAX_VISIBLE) return undefined;
  }
  return LABEL.exec(text.slice(lineStart, triggerStart))?.[1];
}

const MAX_HEADING_CHARS = 200;

/** Whether `at` is on a Markdown heading line ("# Act as a ...", "## Simulated focus group"). */
export function isHeadingLine(text: string, at: number): boolean {
  // Read back a bounded distance, so many triggers on one huge line stay linear: a heading is short.
  let lineStart = at;
  while (lineStart > 0 && text[lineStart - 1] !== '\n') if (at - --lineStart > MAX_HEADING_CHARS) return false;
  if (/^[ \t]{0,3}#{1,6}[ \t]/.test(text.slice(lineStart, Math.min(at, lineStart + 12)))) return true;
  return isTitleLine(text, lineStart);
}

/**
 * Whether the line at `lineStart` is a plain-text title ("Act as an Imam" above the prompt of a collection): a
 * short line in title case without closing punctuation, alone between blank lines (or the start of the text).
 */
function isTitleLine(text: string, lineStart: number): boolean {
  const endAt = text.indexOf('\n', lineStart);
  const lineEnd = endAt < 0 ? text.length : endAt;
  if (lineEnd - lineStart > 80 || endAt < 0) return false;
  const line = text.slice(lineStart, lineEnd).trim();
  const words = line.split(/\s+/);
  if (words.length < 2 || words.length > 8 || /[.!?:;,]$/.test(line)) return false;
  // Every word of four letters or more is capitalised, and so are at least two words.
  if (words.some((w) => w.length >= 4 && !/^\p{Lu}/u.test(w)) || words.filter((w) => /^\p{Lu}/u.test(w)).length < 2) return false;
  const before = lineStart === 0 || /\n[ \t]*\r?\n$/.test(text.slice(Math.max(0, lineStart - 4), lineStart)) || text.slice(0, lineStart).trim() === '';
  const after = /^\r?\n[ \t]*\r?\n/.test(text.slice(lineEnd, lineEnd + 4)) || /^\r?\n[ \t]*(?:[=-]{3,})/.test(text.slice(lineEnd, lineEnd + 6));
  return before && after;
}

// "I am ..." in a first-person bio the model is told to take on ("I am a {age}-year-old {race} {gender} ...").
const FIRST_PERSON = /\b(?<direct>I\s+am|I['’]m)\b/g;

/** The trigger sites of `text` and its first-person assignments, in order. */
function withFirstPerson(text: string): RegExpExecArray[] {
  return [...personaSites(text), ...text.matchAll(FIRST_PERSON)].sort((a, b) => a.index - b.index) as RegExpExecArray[];
}

/** Maps a text span of a message to its source span. */
export function toSource(offsets: Int32Array, start: number, end: number): Span {
  if (end <= start) return { start: offsets[start], end: offsets[start] };
  return { start: offsets[start], end: offsets[end - 1] + 1 };
}
