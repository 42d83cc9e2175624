import type { Span } from '../text.js';
import type { CommentSyntax } from './types.js';

// Comment syntaxes for directive comments (`evenhand-disable-next-line EH001`, `evenhand-disable-file`, ...) and
// template-variable patterns, one per format. The patterns are written so that no input makes them backtrack
// more than linearly.

/** One word of a directive: letters, digits and `_.,:`, joined by single hyphens. */
const WORD = String.raw`[\w.,:]+(?:-[\w.,:]+)*`;
/** The directive text: `evenhand-...` and its space-separated arguments. */
const DIRECTIVE = String.raw`evenhand-${WORD}(?:[ \t]+${WORD})*`;

function syntax(wrap: (directive: string) => string, pattern: string): CommentSyntax {
  return { wrap, pattern: new RegExp(pattern, 'gm') };
}

/** `<!-- evenhand-... -->`: markdown prompt files (and plain text). */
export const HTML_COMMENT = syntax((d) => `<!-- ${d} -->`, String.raw`<!--[ \t]*(${DIRECTIVE})[ \t]*-->`);

/** `{# evenhand-... #}`: Jinja comments in Prompty bodies. */
export const JINJA_COMMENT = syntax((d) => `{# ${d} #}`, String.raw`\{#-?[ \t]*(${DIRECTIVE})[ \t]*-?#\}`);

/** `{{! evenhand-... }}` (or `{{!-- ... --}}`): Handlebars comments in Dotprompt bodies. */
export const HANDLEBARS_COMMENT = syntax(
  (d) => `{{! ${d} }}`,
  String.raw`\{\{~?!(?:--)?[ \t]*(${DIRECTIVE})[ \t]*(?:--)?~?\}\}`,
);

/** `# evenhand-...` on a line of its own: YAML comments. */
export const YAML_COMMENT = syntax((d) => `# ${d}`, String.raw`^[ \t]*#[ \t]*(${DIRECTIVE})[ \t]*(?=\r?$)`);

/** Plain text takes either an HTML comment or a `#` line. */
export const PLAIN_COMMENT = syntax(
  (d) => `<!-- ${d} -->`,
  String.raw`(?:<!--[ \t]*(?=${DIRECTIVE}[ \t]*-->)|^[ \t]*#[ \t]*(?=${DIRECTIVE}[ \t]*\r?$))(${DIRECTIVE})[ \t]*(?:-->)?`,
);

/** `${input:name}`, `${input:name:placeholder}`, `${selection}`, `${file}`, `${workspaceFolder}`, `${env:NAME}`... */
export const VSCODE_VARIABLE = /\$\{(?:input:|env:|config:|command:)?([A-Za-z_][\w.-]*)(?::[^}\r\n]*)?\}/g;

/** Jinja / Mustache `{{ name }}`, `{{ name.attr }}`, `{{- name | filter -}}`. */
export const JINJA_VARIABLE = /\{\{-?[ \t]*([A-Za-z_][\w.]*)(?:[ \t]*\|[^{}\r\n]*)?[ \t]*-?\}\}/g;

/** Handlebars `{{name}}`, `{{ name.path }}`, `{{{name}}}`, `{{@key}}`; `{{else}}` and `{{history}}` are not variables. */
export const HANDLEBARS_VARIABLE = /\{\{\{?~?[ \t]*(?!(?:else|history)[ \t]*~?\}\})([A-Za-z_@][\w.@-]*)[ \t]*~?\}\}\}?/g;

/** Mustache `{{name}}` as GitHub Models writes it. */
export const MUSTACHE_VARIABLE = /\{\{[ \t]*([A-Za-z_][\w.-]*)[ \t]*\}\}/g;

/** A fenced code block (``` or ~~~), up to its closing fence or the end of the text. */
export const CODE_FENCE = /^[ \t]*(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:^[ \t]*\1[ \t]*$|(?![\s\S]))/gm;

/** Inline code in Markdown backticks, on one line. */
export const INLINE_CODE = /`[^`\n]+`/g;

/**
 * Spans of `text` from each `open` to the next `close` (inclusive). An unclosed opener runs to the end of the text,
 * as an unclosed HTML or template comment swallows the rest of the file.
 */
export function delimitedSpans(text: string, open: string, close: string): Span[] {
  const spans: Span[] = [];
  for (let at = text.indexOf(open); at >= 0; ) {
    const closeAt = text.indexOf(close, at + open.length);
    if (closeAt < 0) {
      spans.push({ start: at, end: text.length });
      break;
    }
    spans.push({ start: at, end: closeAt + close.length });
    at = text.indexOf(open, closeAt + close.length);
  }
  return spans;
}

/** Whole lines of `text` (with their line break) that hold nothing but a directive comment of `comment`. */
export function directiveLines(text: string, comment: CommentSyntax): Span[] {
  if (!text.includes('evenhand-')) return [];
  const spans: Span[] = [];
  const pattern = new RegExp(comment.pattern.source, comment.pattern.flags);
  for (const match of text.matchAll(pattern)) {
    const start = text.lastIndexOf('\n', match.index - 1) + 1;
    const nl = text.indexOf('\n', match.index + match[0].length);
    const end = nl < 0 ? text.length : nl + 1;
    if (text.slice(start, end).replace(match[0], '').trim() === '') spans.push({ start, end });
  }
  return spans;
}

/** Sorts spans and merges those that overlap or touch. */
export function mergeSpans(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const merged: Span[] = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}
