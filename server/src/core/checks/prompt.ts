// The chats a check sends: the prompt's own messages, with the persona sentence kept, removed or replaced.
import { z } from 'zod';
import type { PromptDocument, PromptMessage, TemplateVariable } from '../formats/types.js';
import type { PersonaAssignment } from '../persona/types.js';
import type { Span } from '../text.js';
import type { ProbeItem } from './probes.js';
import type { AnswerSchema, ChatMessage, CheckedPersona } from './types.js';

/** A replacement of source text: the span (source offsets) and the text that goes there ('' removes it). */
export interface SourceEdit {
  span: Span;
  text: string;
}

/**
 * The persona a check measures: the one whose sentence covers `line` (1-based), else the first identity or
 * one-sided persona, else the first persona. Undefined when the prompt assigns none (or none on that line).
 */
export function selectPersona(doc: PromptDocument, personas: PersonaAssignment[], line?: number): PersonaAssignment | undefined {
  if (line !== undefined) {
    return personas.find((p) => {
      const start = doc.lines.positionAt(p.sentence.start).line + 1;
      const end = doc.lines.positionAt(Math.max(p.sentence.start, p.sentence.end - 1)).line + 1;
      return start <= line && line <= end;
    });
  }
  return personas.find((p) => p.kind === 'identity' || p.kind === 'stance') ?? personas[0];
}

/** The persona sentence as written and where it is, for reports; `byHand` when the user pointed at it. */
export function checkedPersona(doc: PromptDocument, persona: PersonaAssignment, byHand = false): CheckedPersona {
  const { start, end } = persona.sentence;
  return {
    text: doc.source.slice(start, end).replace(/\s+/g, ' ').trim(),
    span: { start, end },
    startLine: doc.lines.positionAt(start).line + 1,
    endLine: doc.lines.positionAt(Math.max(start, end - 1)).line + 1,
    ...(byHand ? { chosen: 'hand' as const } : {}),
  };
}

/** An edit that removes a sentence and the blanks after it on its line. */
export function removeSentence(doc: PromptDocument, sentence: Span): SourceEdit {
  let end = sentence.end;
  while (end < doc.source.length && (doc.source[end] === ' ' || doc.source[end] === '\t')) end++;
  return { span: { start: sentence.start, end }, text: '' };
}

/** An edit that puts `replacement` where the sentence was. */
export function replaceSentence(sentence: Span, replacement: string): SourceEdit {
  return { span: sentence, text: replacement };
}

/**
 * The chat the prompt sends, with source edits applied and template variables filled from `inputs` (a variable
 * without a value stays as written). Tool messages are left out, and so are messages that the edits empty.
 */
export function promptMessages(doc: PromptDocument, edits: readonly SourceEdit[] = [], inputs?: Record<string, unknown>): ChatMessage[] {
  const messages: ChatMessage[] = [];
  doc.messages.forEach((message, index) => {
    if (message.role === 'tool') return;
    // Filling a variable is one more edit, unless an edit already rewrites the text around it.
    const fills = inputs ? variableFills(message, doc.variables[index] ?? [], inputs) : [];
    const text = applyEdits(message, [...edits, ...fills.filter((f) => !edits.some((e) => e.span.start < f.span.end && f.span.start < e.span.end))]);
    if (text.trim() === '') return;
    messages.push({ role: message.role, content: text.trim() });
  });
  return messages;
}

/** The variables of a prompt's messages, in order of first use. */
export function templateVariables(doc: PromptDocument): string[] {
  const names = new Set<string>();
  for (const variables of doc.variables) {
    for (const variable of variables) names.add(variable.name);
  }
  return [...names];
}

/** Edits that put each input's value where its variable is written in a message (a variable without one stays). */
function variableFills(message: PromptMessage, variables: readonly TemplateVariable[], inputs: Record<string, unknown>): SourceEdit[] {
  return variables
    .filter((v) => Object.prototype.hasOwnProperty.call(inputs, v.name))
    .map((v) => {
      const value = inputs[v.name];
      return { span: { start: message.offsets[v.start], end: message.offsets[v.end - 1] + 1 }, text: typeof value === 'string' ? value : JSON.stringify(value) };
    });
}

function applyEdits(message: PromptMessage, edits: readonly SourceEdit[]): string {
  const inside = edits
    .filter((e) => e.span.start >= message.span.start && e.span.end <= message.span.end)
    .map((e) => ({ start: textOffset(message, e.span.start), end: textOffset(message, e.span.end), text: e.text }))
    .sort((a, b) => b.start - a.start);
  let text = message.text;
  for (const edit of inside) text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
  return text;
}

/** The first text index whose source offset is at or after `offset` (offsets never decrease). */
export function textOffset(message: PromptMessage, offset: number): number {
  let lo = 0;
  let hi = message.text.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (message.offsets[mid] < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The structured answer a probe item asks for: `{ answer }`, one of the item's options. */
export interface ProbeAnswer {
  answer: string;
}

/** The answer schema of a probe item: an object whose `answer` is an enum of the item's options. */
export function probeAnswerSchema(item: ProbeItem): AnswerSchema<ProbeAnswer> {
  return zodAnswerSchema('probe_answer', z.strictObject({ answer: z.enum(item.options as [string, ...string[]]) }));
}

/** An AnswerSchema from a zod object schema. */
export function zodAnswerSchema<T>(name: string, schema: z.ZodType<T>): AnswerSchema<T> {
  return {
    name,
    jsonSchema: z.toJSONSchema(schema) as Record<string, unknown>,
    parse: (value) => {
      const parsed = schema.safeParse(value);
      return parsed.success ? parsed.data : undefined;
    },
  };
}

/** The user message that asks a probe item: the evidence and question, then the options to choose from. */
export function probeQuestion(item: ProbeItem): ChatMessage {
  const options = item.options.map((o) => `"${o}"`).join(' or ');
  return { role: 'user', content: `${item.text}\n\nAnswer with JSON: {"answer": ${options}}.` };
}
