import { LineIndex, type Span } from '../text.js';
import { afterBom } from './frontmatter.js';
import { directiveLines, mergeSpans } from './syntax.js';
import type { CommentSyntax, FormatId, PromptDocument } from './types.js';

/** A format's comment syntax, variable pattern and the non-prose parts of its message texts. */
export interface FormatSyntax {
  bodyComment: CommentSyntax;
  variablePattern: RegExp;
  /** Spans of a message text that are comments or template tags (text coordinates). */
  nonProse(text: string): Span[];
}

/** An empty document of a format, ready for its parser to add messages and problems. */
export function newDocument(filePath: string, format: FormatId, source: string, syntax: FormatSyntax): PromptDocument {
  // Each document gets its own RegExp objects: global patterns carry lastIndex state.
  const pattern = syntax.bodyComment.pattern;
  return {
    path: filePath,
    format,
    source,
    lines: new LineIndex(source),
    messages: [],
    bodyStart: afterBom(source),
    sampleInputs: [],
    problems: [],
    bodyComment: { wrap: syntax.bodyComment.wrap, pattern: new RegExp(pattern.source, pattern.flags) },
    variablePattern: new RegExp(syntax.variablePattern.source, syntax.variablePattern.flags),
    nonProse: [],
    directiveScopes: [],
  };
}

/** Fills in the non-prose spans of every message: the format's comments and tags, and directive-comment lines. */
export function withNonProse(doc: PromptDocument, syntax: FormatSyntax): PromptDocument {
  doc.nonProse = doc.messages.map((m) => mergeSpans([...syntax.nonProse(m.text), ...directiveLines(m.text, doc.bodyComment)]));
  return doc;
}

/** Keeps the plain-object entries of a list (or a single plain object) as sample inputs. */
export function sampleMaps(value: unknown): Record<string, unknown>[] {
  const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Map);
  if (isMap(value)) return [value];
  return Array.isArray(value) ? value.filter(isMap) : [];
}
