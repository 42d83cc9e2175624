// HTML built so that only this module's own literal markup is markup: every interpolated value is escaped unless it
// is already Markup, so untrusted text (model output, persona sentences, file and model names) can never become a tag
// or an attribute, whichever context it lands in.

/** A piece of HTML known to be safe: made only by `html` from literal markup and escaped values. */
export class Markup {
  constructor(readonly value: string) {}

  toString(): string {
    return this.value;
  }
}

/** What `html` accepts in a placeholder: text to escape, markup to keep, lists of either, or nothing. */
export type Interpolation = Markup | string | number | undefined | null | false | readonly Interpolation[];

/**
 * Builds markup from a template: the literal parts are kept, every placeholder is escaped (Markup is kept as is,
 * arrays are joined, undefined, null and false vanish). Placeholders belong in text or in double-quoted attributes.
 */
export function html(literals: TemplateStringsArray, ...values: Interpolation[]): Markup {
  let out = literals[0];
  values.forEach((value, i) => (out += render(value) + literals[i + 1]));
  return new Markup(out);
}

function render(value: Interpolation): string {
  if (value instanceof Markup) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === undefined || value === null || value === false) return '';
  return escapeHtml(String(value));
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe in HTML text and in quoted attributes: & < > " ' as entities, invisible controls made visible. */
export function escapeHtml(text: string): string {
  return visibleText(text).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

// C0 and C1 controls other than tab and line breaks, and the bidirectional overrides and isolates that can make text
// read differently from what it is ("Trojan Source"): shown as U+FFFD so a reader sees that something was there.
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Untrusted text with line breaks as \n, and control and bidirectional-override characters replaced by U+FFFD. */
export function visibleText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(INVISIBLE, '\uFFFD');
}

/** Text cut to at most `max` characters (an ellipsis marks the cut), not splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
