import type { Span } from '../text.js';

// Comment syntaxes for directive comments (`evenhand-disable-next-line EH001`, `evenhand-disable-file`, ...) and
// template-variable patterns, one per format. The patterns are written so that no input makes them backtrack
// more than linearly.

/** How a format writes a comment, used for suppression comments and fixes. */
export interface CommentSyntax {
  /** Wraps a directive such as `evenhand-disable-next-line EH001` as a whole-line comment. */
  wrap(directive: string): string;
  /** Finds directive comments in the source: each match's group 1 is the directive text. */
  pattern: RegExp;
  /** Set for formats without comments (JSON): no directive can be written, so no suppression fix is offered. */
  none?: true;
}

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

/** `// evenhand-...` on a line of its own: JavaScript and TypeScript. */
export const SLASH_COMMENT = syntax((d) => `// ${d}`, String.raw`^[ \t]*\/\/[ \t]*(${DIRECTIVE})[ \t]*(?=\r?$)`);

/** JSON has no comments: nothing is a directive and no directive can be written. */
export const NO_COMMENT: CommentSyntax = { wrap: () => '', pattern: /(?!)()/gm, none: true };

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

const PROSE_FENCE_INFO = /^[ \t]*(?:`{3,}|~{3,})[ \t]*(?:text|txt|plain|plaintext|prompt|md|markdown)?[ \t]*\n/i;

/**
 * Whether a fenced block holds a prompt written out in prose (community collections put the prompt to copy in a
 * fence): no language or a prose one in its info string, and most of its lines are sentences of five or more
 * words without code punctuation.
 */
function isProseFence(fence: string): boolean {
  if (!PROSE_FENCE_INFO.test(fence)) return false;
  const lines = fence.split('\n').slice(1, -1).filter((l) => l.trim() !== '' && !/^[ \t]*(?:`{3,}|~{3,})/.test(l));
  if (lines.length === 0) return false;
  const prose = lines.filter((l) => !/[{};=<>|\\]|^\s*[$#>]|\(\)/.test(l) && l.trim().split(/\s+/).length >= 5);
  return prose.length >= Math.max(1, lines.length * 0.7);
}

// Its own copy of the fence pattern: isPromptFence moves its lastIndex.
const ONE_FENCE = new RegExp(CODE_FENCE.source, CODE_FENCE.flags);

/**
 * Whether the fence `fence`, found in `text`, is the prompt itself written out in a fence, as prompt collections
 * do ("Copy the prompt below"): the text's only fence, in prose, and it holds most of the text. A fence among
 * other prose is an example the text talks about, and stays code.
 */
export function isPromptFence(fence: string, text: string): boolean {
  if (!isProseFence(fence)) return false;
  // The only fence: read up to a second one, not the whole text (a text of many fences asks for each of them).
  ONE_FENCE.lastIndex = 0;
  const only = ONE_FENCE.exec(text);
  if (!only || ONE_FENCE.exec(text)) return false;
  const solid = (s: string): number => s.replace(/\s+/g, '').length;
  if (solid(fence) * 2 < solid(text) || fence.split(/\s+/).length < 14) return false;
  // "Example:", "for instance" right before the fence: what follows is shown, not the prompt.
  const at = only.index;
  return !/\b(?:examples?|for instance|e\.g\.|such as|like this)\b[^\n]{0,40}\n?\s*$/i.test(text.slice(Math.max(0, at - 80), at));
}

/** Inline code in Markdown backticks, on one line. */
export const INLINE_CODE = /`[^`\n]+`/g;

/**
 * Whether a backtick span is a JavaScript template literal holding prose (`You are ${role}. Stay in character.`):
 * it fills in a `${...}` and has words around it. Such a span is a prompt, not inline code.
 */
export function isTemplateLiteral(code: string): boolean {
  return code.includes('${') && /\S\s+\S+\s+\S/.test(code);
}

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
