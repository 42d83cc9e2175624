// A code file can hold several prompts that never meet (a persona prompt and, further down, an impartial judge's):
// each conversation is linted and checked as a prompt of its own, over the same source and positions.
import type { PromptDocument } from './types.js';

/** The document's conversations as documents of their own (the same source, lines and positions); a prompt file is one. */
export function conversationsOf(doc: PromptDocument): PromptDocument[] {
  const ids = [...new Set(doc.messages.map((m) => m.conversation ?? 0))];
  if (ids.length <= 1) return [doc];
  return ids.map((id) => {
    const keep = doc.messages.map((m) => (m.conversation ?? 0) === id);
    return {
      ...doc,
      messages: doc.messages.filter((_, i) => keep[i]),
      variables: doc.variables.filter((_, i) => keep[i]),
      nonProse: doc.nonProse.filter((_, i) => keep[i]),
    };
  });
}

/** The conversation holding a source offset or a (zero-based) line, else undefined. */
export function conversationAt(doc: PromptDocument, where: { offset?: number; line?: number }): PromptDocument | undefined {
  return conversationsOf(doc).find((part) =>
    part.messages.some((m) => {
      if (where.offset !== undefined) return m.span.start <= where.offset && where.offset < m.span.end;
      if (where.line !== undefined) return doc.lines.positionAt(m.span.start).line <= where.line && where.line <= doc.lines.positionAt(m.span.end).line;
      return false;
    }),
  );
}
