// The tokens persona detection reads a message's prose as: words, template variables and punctuation.
import type { TemplateVariable } from '../formats/types.js';
import { normalizeToken } from './lexicon.js';
import type { IdentityAttribute } from './types.js';

/** A word, template variable or punctuation mark of a message's prose, in text coordinates. */
export interface Token {
  text: string;
  norm: string;
  start: number;
  end: number;
  type: 'word' | 'var' | 'punct';
  /** A variable token's name as its syntax gives it (`persona` for `%(persona)s`). */
  variable?: string;
  /** A variable token's identity category, when its name or its sentence names one (set by the reader that needs it). */
  category?: IdentityAttribute['category'];
}

const TOKEN = /[\p{L}\p{N}](?:[\p{L}\p{N}'’+/]|-(?=[\p{L}\p{N}]))*\+?|[,;:()—–]/gu;

/**
 * The tokens of text[start, end). `variables` are the message's template variables (sorted by start, as the
 * document records them): each is one `var` token whatever its syntax.
 */
export function tokenize(text: string, start: number, end: number, variables: readonly TemplateVariable[] = []): Token[] {
  const tokens: Token[] = [];
  let v = 0;
  while (v < variables.length && variables[v].end <= start) v++;
  TOKEN.lastIndex = start;
  for (let m = TOKEN.exec(text); ; m = TOKEN.exec(text)) {
    const at = m && m.index < end ? m.index : end;
    // Variables that start before this word (or before the end) come first; words inside one are skipped.
    while (v < variables.length && variables[v].start < at) {
      const variable = variables[v++];
      if (variable.start < start) continue;
      tokens.push({ text: text.slice(variable.start, variable.end), norm: text.slice(variable.start, variable.end), start: variable.start, end: variable.end, type: 'var', variable: variable.name });
      TOKEN.lastIndex = variable.end;
    }
    if (!m || m.index >= end) break;
    if (m.index < (tokens[tokens.length - 1]?.end ?? 0)) continue;
    const t = m[0];
    TOKEN.lastIndex = m.index + t.length;
    const type = /^[,;:()—–]$/.test(t) ? 'punct' : 'word';
    tokens.push({ text: t, norm: type === 'word' ? normalizeToken(t) : t, start: m.index, end: m.index + t.length, type });
  }
  return tokens;
}

/** An attribute of `category` covering tokens [from, to). */
export function attribute(category: IdentityAttribute['category'], tokens: Token[], from: number, to: number): IdentityAttribute {
  return { category, term: tokens.slice(from, to).map((t) => t.text).join(' '), span: { start: tokens[from].start, end: tokens[to - 1].end } };
}

/** Where the clause starting at `from` ends: at a punctuation mark, or after 16 tokens. */
export function clauseLimit(tokens: Token[], from: number): number {
  let k = from;
  while (k < tokens.length && tokens[k].type !== 'punct' && k - from < 16) k++;
  return k;
}
