// Turning a completion into a sample outcome: a validated structured answer, free text, or an invalid answer.
import type { AnswerSchema, SampleOutcome } from '../core/checks/types.js';
import type { CachedCompletion } from './cache.js';

/** The first sentence of the JSON-only instruction used where an endpoint rejects response_format. */
export const JSON_INSTRUCTION_LEAD = 'Reply with one JSON object and nothing else: no prose, no code fences.';

/** The system message that asks for JSON when response_format cannot: it carries the schema itself. */
export function jsonOnlyInstruction(schema: Record<string, unknown>): string {
  return `${JSON_INSTRUCTION_LEAD} The object must match this JSON Schema:\n${JSON.stringify(schema)}`;
}

/** The schema as response_format wants it: `$schema` is dropped because strict mode does not accept every keyword. */
export function wireSchema(schema: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = schema;
  return rest;
}

/**
 * The JSON value in a reply: the whole text, the inside of a ```json fence, or the span from the first `{` to the
 * last `}` when a model wraps the object in a sentence. Undefined when none of these parses.
 */
export function readJsonReply(text: string): unknown {
  const trimmed = text.trim();
  const fenced = /^```[A-Za-z0-9_-]*[ \t]*\r?\n([\s\S]*?)\r?\n?```$/.exec(trimmed);
  const candidates = [fenced ? fenced[1] : trimmed];
  const open = trimmed.indexOf('{');
  const close = trimmed.lastIndexOf('}');
  if (open >= 0 && close > open) candidates.push(trimmed.slice(open, close + 1));
  for (const candidate of candidates) {
    try {
      return JSON.parse(candidate);
    } catch {
      // try the next reading
    }
  }
  return undefined;
}

/** The outcome of one completion for a request with `schema` (or free text when absent); never guesses. */
export function outcomeOf<T>(completion: CachedCompletion, schema: AnswerSchema<T> | undefined): SampleOutcome<T> {
  const text = completion.content ?? '';
  if (completion.refusal !== null && completion.refusal !== '') {
    return { kind: 'invalid', text: completion.refusal, reason: `the model refused: ${clip(completion.refusal)}`, refused: true };
  }
  if (completion.finishReason === 'content_filter') {
    return { kind: 'invalid', text, reason: 'the endpoint filtered the reply (finish_reason content_filter)', refused: true };
  }
  if (!schema) {
    if (completion.content === null) return { kind: 'invalid', text, reason: 'the reply had no content', refused: true };
    return { kind: 'text', text };
  }
  if (completion.finishReason === 'length') {
    return { kind: 'invalid', text, reason: 'the reply was cut off at the token limit (finish_reason length)' };
  }
  if (text.trim() === '') return { kind: 'invalid', text, reason: 'the reply was empty', refused: true };
  const json = readJsonReply(text);
  if (json === undefined) return { kind: 'invalid', text, reason: `the reply is not JSON: ${clip(text)}` };
  const value = schema.parse(json);
  if (value === undefined) return { kind: 'invalid', text, reason: `the reply does not match the ${schema.name} schema: ${clip(text)}` };
  return { kind: 'answer', value, text };
}

function clip(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}
