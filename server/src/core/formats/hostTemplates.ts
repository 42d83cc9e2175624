// Template variables written in the syntax of the program that fills the prompt in: most prompts live in Python or
// JavaScript strings, so a plain-text or Markdown prompt carries `{persona}`, `%(persona)s`, `${who}`, `<persona>` or
// `[PERSONA]` rather than a prompt format's own syntax. Each syntax is told apart from markup that looks like it
// (JSON, Markdown links, HTML and XML tags, citations, checkboxes) by the shape of what is around it.
import type { Span } from '../text.js';
import markup from './hostTemplates.json';
import { CODE_FENCE, INLINE_CODE, isPromptFence, isTemplateLiteral } from './syntax.js';
import type { TemplateVariable } from './types.js';

/** The host-language syntaxes, one named group each; the scan is one pass and never backtracks past a line. */
const HOST_SYNTAX = new RegExp(
  [
    // Jinja statements and comments: template logic, not prose and not a variable.
    String.raw`(?<jinjaTag>\{%[^\n]{0,200}?%\}|\{#[^\n]{0,200}?#\})`,
    // Go templates' comments `{{/* ... */}}`: template logic, not prose.
    String.raw`(?<goComment>\{\{-?[ \t]*\/\*[^\n]{0,200}?\*\/[ \t]*-?\}\})`,
    // Jinja, Mustache and Handlebars `{{ name }}`, `{{ name.attr | filter }}`, `{{{name}}}`; Go's `{{.Field}}`.
    String.raw`\{\{\{?-?[ \t]*\.?(?<mustache>[A-Za-z_][\w.]*)(?:[ \t]*\|[^{}\n]{0,80})?[ \t]*-?\}\}\}?`,
    // A doubled brace that does not hold a name: a literal brace in a format string (`{{"answer": ...}}`).
    String.raw`(?<doubled>\{\{|\}\})`,
    // JavaScript template literals and shells `${who}`; VS Code-style `${input:name:placeholder}`.
    String.raw`\$\{(?:input:|env:)?(?<dollarBrace>[A-Za-z_$][\w$.]*)(?::[^}\n]{0,200})?\}`,
    // A template literal's expression `${p.gender === "F" ? "a voter" : "a voter"}`, `${names.join(", ")}`: one
    // slot, named by the value it starts from.
    String.raw`\$\{[ \t]*(?<dollarExpression>[A-Za-z_$][\w$.]*)[^{}\n]{1,200}\}`,
    // Python str.format / f-strings, C#, Rust: `{name}`, `{0}`, `{}`, `{cfg.role}`, `{cfg[role]}`, `{p['party']}`, `{name!r:>10}`.
    // Not after a word, a backslash or `^`/`_` (LaTeX `\textbf{x}`, `x^{2}`, regex `a{2}`).
    String.raw`(?<![\w\\^_}$%])\{(?<format>(?:[A-Za-z_]\w*(?:\.\w+|\[\w+\]|\['[\w ]{1,40}'\]|\["[\w ]{1,40}"\])*|\d{1,2})?)(?:![rsa])?(?::[^{}\s]{0,12})?\}`,
    // Python %-formatting: `%(persona)s`, and positional `%s`, `%d`, `%r` (not `100%s`).
    String.raw`(?<![\w%])%\((?<percentNamed>[A-Za-z_]\w*)\)[-#0 +]?\d*(?:\.\d+)?[sdifrx]`,
    String.raw`(?<![\w%])%(?<percent>[sdr])(?!\w)`,
    // `<persona>`, `<userRole>`, `<PERSONA>`: an angle-bracket placeholder (HTML and XML tags are sorted out below).
    String.raw`(?<![\w<])<(?<angle>[a-z][a-z0-9]*(?:_[a-z0-9]+|[A-Z][a-z0-9]*)*|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)>`,
    // `[PERSONA]`, `[USER ROLE]`: upper case in square brackets, not a Markdown link `[TEXT](url)` or `[TEXT][ref]`,
    // a reference definition `[ID]: url`, a GitHub alert `[!NOTE]`, a checkbox `[X]` or a citation `[1]`.
    String.raw`(?<![\w\]!])\[(?<bracket>[A-Z][A-Z0-9_]*[A-Z0-9](?: [A-Z][A-Z0-9_]*[A-Z0-9]){0,3})\](?![(\[:])`,
    // Placeholders replaced by sed or a build step: `__PERSONA__`, `__PARTY__` (upper case, so not Python's `__init__`).
    String.raw`(?<![\w])__(?<dunder>[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)__(?!\w)`,
    // Shell, Perl and PHP `$persona`; positional `$1` only beside named ones (alone it reads as money).
    String.raw`(?<![\w$\\])\$(?<dollar>[A-Za-z_]\w*|\d(?![\w$]|[.,]\d))`,
  ].join('|'),
  'g',
);

const HTML_TAGS = new Set(markup.htmlTags);
const BRACKET_MARKERS = new Set(markup.bracketMarkers);
const TAG_WORDS = new RegExp(String.raw`\b(?:${markup.tagWords.join('|')})\b`, 'i');
const EMPTY_VALUE_WORDS = new RegExp(String.raw`\b(?:${markup.emptyValueWords.join('|')})\b[^\n]{0,24}$`, 'i');

/** The variables and template tags a host-language scan finds in a message text (text coordinates). */
export interface HostTemplateScan {
  variables: TemplateVariable[];
  /** Jinja `{% ... %}` statements and `{# ... #}` comments: not prose. */
  tags: Span[];
}

/**
 * The template variables written in a host language's syntax in `text`, outside code (fences and inline code) and
 * outside `skip` (the format's comments and its own variables); a JavaScript template literal in backticks is prose. Positional variables (`{}`, `%s`) are named by
 * their place among the positional ones ("0", "1", ...), as str.format and %-formatting number them.
 */
export function hostTemplateVariables(text: string, skip: readonly Span[] = []): HostTemplateScan {
  const fences = matchSpans(text, CODE_FENCE).filter((s) => !isPromptFence(text.slice(s.start, s.end), text));
  const inlineCode = matchSpans(text, INLINE_CODE).filter((s) => !isTemplateLiteral(text.slice(s.start, s.end)));
  const masked = [...skip, ...fences, ...inlineCode].sort((a, b) => a.start - b.start);
  const found: { syntax: string; name: string; start: number; end: number }[] = [];
  const tags: Span[] = [];
  let m = 0;
  for (const match of text.matchAll(HOST_SYNTAX)) {
    const start = match.index;
    const end = start + match[0].length;
    while (m < masked.length && masked[m].end <= start) m++;
    if (m < masked.length && masked[m].start < end) continue;
    const [syntax, name] = Object.entries(match.groups ?? {}).find(([, v]) => v !== undefined) ?? ['', ''];
    if (syntax === 'jinjaTag' || syntax === 'goComment') tags.push({ start, end });
    else found.push({ syntax, name, start, end });
  }
  // A format string writes a literal brace doubled, so beside single-brace fields `{{name}}` is text, not a variable.
  const formatString = found.some((f) => f.syntax === 'format') && found.some((f) => f.syntax === 'doubled');
  const namedDollars = found.some((f) => f.syntax === 'dollar' && !/^\d$/.test(f.name));
  const variables: TemplateVariable[] = [];
  let positional = 0;
  for (const f of found) {
    if (f.syntax === 'doubled' || (f.syntax === 'mustache' && formatString)) continue;
    if (!isVariable(text, f.syntax, f.name, f.start, f.end, namedDollars)) continue;
    const name = f.name === '' || f.syntax === 'percent' ? String(positional++) : f.name;
    variables.push({ name, start: f.start, end: f.end });
  }
  return { variables, tags };
}

/** Whether a match of a syntax that markup shares is a variable, judged by what is around it. */
function isVariable(text: string, syntax: string, name: string, start: number, end: number, namedDollars: boolean): boolean {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const lineEndAt = text.indexOf('\n', end);
  const lineEnd = lineEndAt < 0 ? text.length : lineEndAt;
  switch (syntax) {
    case 'format':
      // `{}` in prose is an empty JSON object or set ("return {} when nothing is found").
      return name !== '' || !EMPTY_VALUE_WORDS.test(text.slice(lineStart, start));
    case 'angle':
      // An HTML tag, a tag closed later (`<context>...</context>`), or a tag the line talks about as one.
      if (HTML_TAGS.has(name.toLowerCase()) || text.includes(`</${name}>`)) return false;
      return !TAG_WORDS.test(text.slice(lineStart, lineEnd));
    case 'bracket':
      return !BRACKET_MARKERS.has(name);
    case 'dollar':
      if (/^\d$/.test(name)) return namedDollars;
      // TeX math `$x$`: a later dollar on the line that starts no variable closes it.
      return !/\$(?![A-Za-z_{\d])/.test(text.slice(end, lineEnd));
    default:
      return true;
  }
}

function matchSpans(text: string, pattern: RegExp): Span[] {
  return [...text.matchAll(pattern)].map((match) => ({ start: match.index, end: match.index + match[0].length }));
}
