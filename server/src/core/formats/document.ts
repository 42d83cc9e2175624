import { LineIndex, type Span } from '../text.js';
import { afterBom } from './frontmatter.js';
import { hostTemplateVariables } from './hostTemplates.js';
import { directiveLines, mergeSpans } from './syntax.js';
import { promptFormat } from './table.js';
import type { CommentSyntax, FormatId, PromptDocument, TemplateVariable } from './types.js';

/** A format's comment syntax, variable pattern and the non-prose parts of its message texts. */
export interface FormatSyntax {
  bodyComment: CommentSyntax;
  /** The format's own variable syntax (a global RegExp; group 1 is the name); none for plain text. */
  variablePattern?: RegExp;
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
    variables: [],
    nonProse: [],
    directiveScopes: [],
  };
}

/**
 * Fills in the non-prose spans of every message (the format's comments and tags, directive-comment lines, and in an
 * open format host-language template tags) and its template variables.
 */
export function withNonProse(doc: PromptDocument, syntax: FormatSyntax): PromptDocument {
  const open = promptFormat(doc.format).hostTemplates;
  doc.nonProse = [];
  doc.variables = [];
  for (const message of doc.messages) {
    const formatSpans = [...syntax.nonProse(message.text), ...directiveLines(message.text, doc.bodyComment)];
    const own = syntax.variablePattern ? ownVariables(message.text, syntax.variablePattern, formatSpans) : [];
    const host = open ? hostTemplateVariables(message.text, [...formatSpans, ...own]) : { variables: [], tags: [] };
    doc.nonProse.push(mergeSpans([...formatSpans, ...host.tags]));
    doc.variables.push([...own, ...host.variables].sort((a, b) => a.start - b.start));
  }
  return doc;
}

/** The matches of a format's own variable pattern that lie outside its comments and tags. */
function ownVariables(text: string, pattern: RegExp, nonProse: Span[]): TemplateVariable[] {
  const variables: TemplateVariable[] = [];
  for (const match of text.matchAll(new RegExp(pattern.source, pattern.flags))) {
    const start = match.index;
    const end = start + match[0].length;
    if (match[1] && !nonProse.some((s) => s.start < end && start < s.end)) variables.push({ name: match[1].trim(), start, end });
  }
  return variables;
}

/** Keeps the plain-object entries of a list (or a single plain object) as sample inputs. */
export function sampleMaps(value: unknown): Record<string, unknown>[] {
  const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Map);
  if (isMap(value)) return [value];
  return Array.isArray(value) ? value.filter(isMap) : [];
}
