// A persona sentence the user points at rather than one detection found: a line, a text quoted from the prompt,
// or an editor selection. Detection misses personas (and users want to measure sentences it rightly ignores), so
// any sentence of the prompt's messages can be checked; the check then reads it as the persona sentence.
import type { ResolvedConfig } from '../config.js';
import type { PromptDocument, PromptMessage } from '../formats/types.js';
import type { PromptAnalysis } from '../persona/analysis.js';
import { findAttributes } from '../persona/attributes.js';
import { lexiconFor } from '../persona/lexicon.js';
import { tokenize } from '../persona/tokens.js';
import type { IdentityAttribute, PersonaAssignment } from '../persona/types.js';
import type { Span } from '../text.js';
import { selectPersona, textOffset } from './prompt.js';
import { CheckInputError } from './sampling.js';

/** A sentence named explicitly: a text that occurs in the prompt's messages, or a source span (a selection). */
export type SentenceChoice = { text: string } | { span: Span };

/** How a check's persona was found: by detection, or chosen by hand. */
export interface ChosenPersona {
  persona: PersonaAssignment;
  byHand: boolean;
}

/** How `choosePersona` is asked: an explicit sentence, a 1-based line, or neither (the default persona). */
export interface PersonaRequest {
  sentence?: SentenceChoice;
  personaLine?: number;
}

/**
 * The persona a check measures. An explicit sentence is always chosen by hand (a detected persona with exactly
 * that sentence lends its identity words). A line takes the detected persona there, as it always has, else the
 * one sentence on that line, chosen by hand. Neither: the prompt's first identity or one-sided persona.
 * Throws CheckInputError when the choice names nothing, or more than one sentence.
 */
export function choosePersona(doc: PromptDocument, analysis: PromptAnalysis, config: ResolvedConfig, request: PersonaRequest): ChosenPersona {
  const { sentence, personaLine } = request;
  if (personaLine !== undefined && !(personaLine >= 1 && personaLine <= doc.lines.lineCount)) {
    throw new CheckInputError(`No persona sentence on line ${personaLine}: ${doc.path} has ${doc.lines.lineCount} lines.`);
  }
  if (sentence) {
    const span = 'text' in sentence ? spanOfText(doc, sentence.text, personaLine) : spanOfSelection(doc, sentence.span);
    const detected = analysis.personas.find((p) => p.sentence.start === span.start && p.sentence.end === span.end);
    return { persona: detected ?? handPersona(doc, config, span), byHand: true };
  }
  const detected = selectPersona(doc, analysis.personas, personaLine);
  if (detected) return { persona: detected, byHand: false };
  if (personaLine === undefined) throw new CheckInputError(`${doc.path} assigns no persona: there is nothing to check.`);
  return { persona: handPersona(doc, config, sentenceOnLine(doc, analysis, personaLine)), byHand: true };
}

/** The one sentence of the prompt's messages on a 1-based line. */
function sentenceOnLine(doc: PromptDocument, analysis: PromptAnalysis, line: number): Span {
  const found: Span[] = [];
  doc.messages.forEach((message, index) => {
    const starts = analysis.prose[index].sentenceStarts;
    starts.forEach((start, i) => {
      const span = trimmed(message, start, i + 1 < starts.length ? starts[i + 1] : message.text.length);
      if (span && lineOf(doc, span.start) <= line && line <= lineOf(doc, span.end - 1)) found.push(span);
    });
  });
  if (found.length === 0) throw new CheckInputError(`No persona sentence on line ${line} of ${doc.path}: the line holds no text of the prompt's messages.`);
  if (found.length > 1) {
    throw new CheckInputError(
      `Line ${line} of ${doc.path} holds ${found.length} sentences and none is a detected persona: name the one to measure ` +
        `(--persona-text "...", or select it in the editor).`,
    );
  }
  return found[0];
}

/** Where a quoted text occurs in the prompt's messages: it must occur once, or once covering `line`. */
function spanOfText(doc: PromptDocument, text: string, line: number | undefined): Span {
  const quoted = text.replace(/\s+/g, ' ').trim();
  if (quoted === '') throw new CheckInputError('The persona text is empty.');
  const found = occurrences(doc, quoted);
  const shown = quoted.length > 60 ? `${quoted.slice(0, 57)}...` : quoted;
  if (found.length === 0) throw new CheckInputError(`"${shown}" does not occur in the messages of ${doc.path}.`);
  const onLine = line === undefined ? found : found.filter((s) => lineOf(doc, s.start) <= line && line <= lineOf(doc, s.end - 1));
  if (onLine.length === 0) throw new CheckInputError(`"${shown}" does not occur on line ${line} of ${doc.path}.`);
  if (onLine.length > 1) {
    const lines = onLine.map((s) => lineOf(doc, s.start)).join(', ');
    throw new CheckInputError(`"${shown}" occurs ${onLine.length} times in ${doc.path} (lines ${lines}): add --persona-line N to say which.`);
  }
  return onLine[0];
}

/** Where a text occurs in the prompt's messages (source spans), whitespace-insensitively: a wrapped line still matches. */
export function occurrences(doc: PromptDocument, text: string): Span[] {
  const words = text.trim().split(/\s+/).filter((w) => w !== '');
  if (words.length === 0) return [];
  const pattern = new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s+'), 'g');
  const found: Span[] = [];
  for (const message of doc.messages) {
    for (const match of message.text.matchAll(pattern)) found.push(toSourceSpan(message, match.index, match.index + match[0].length));
  }
  return found;
}

/** A selection as a sentence: trimmed of blanks, and inside one message. */
function spanOfSelection(doc: PromptDocument, selection: Span): Span {
  const message = doc.messages.find((m) => m.span.start <= selection.start && selection.end <= m.span.end && selection.start < selection.end);
  const span = message && trimmed(message, textOffset(message, selection.start), textOffset(message, selection.end));
  if (!span) throw new CheckInputError(`The selection is not text inside one of the prompt's messages in ${doc.path}.`);
  return span;
}

/** Message text [start, end) as a source span, without the blanks and list markers around it; undefined if empty. */
function trimmed(message: PromptMessage, start: number, end: number): Span | undefined {
  const text = message.text;
  while (start < end && /[\s\-*+•>#|]/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return end > start ? toSourceSpan(message, start, end) : undefined;
}

function toSourceSpan(message: PromptMessage, start: number, end: number): Span {
  return { start: message.offsets[start], end: message.offsets[end - 1] + 1 };
}

function lineOf(doc: PromptDocument, offset: number): number {
  return doc.lines.positionAt(offset).line + 1;
}

/**
 * A sentence chosen by hand as a persona: its identity words from the lexicon (so the checks find counterfactuals
 * for it as for a detected persona), the whole sentence as its phrase, and form "hand".
 */
export function handPersona(doc: PromptDocument, config: ResolvedConfig, sentence: Span): PersonaAssignment {
  const messageIndex = Math.max(0, doc.messages.findIndex((m) => m.span.start <= sentence.start && sentence.end <= m.span.end));
  const message = doc.messages[messageIndex];
  const start = textOffset(message, sentence.start);
  const end = textOffset(message, sentence.end);
  const tokens = tokenize(message.text, start, end);
  const identityAttributes: IdentityAttribute[] = findAttributes(tokens, 0, tokens.length, lexiconFor(config), { bio: false }).map((a) => ({
    ...a,
    span: toSourceSpan(message, a.span.start, a.span.end),
  }));
  const identity = identityAttributes.some((a) => a.category !== 'stance');
  return {
    messageIndex,
    kind: identity ? 'identity' : identityAttributes.length > 0 ? 'stance' : 'task',
    sentence,
    span: sentence,
    phrase: message.text.slice(start, end).replace(/\s+/g, ' ').trim(),
    phraseSpan: sentence,
    identityAttributes,
    form: 'hand',
    reassigns: false,
  };
}
