// The tokens persona detection reads a message's prose as: words, template variables and punctuation.
import { normalizeToken } from './lexicon.js';
import type { IdentityAttribute } from './types.js';

/** A word, template variable or punctuation mark of a message's prose, in text coordinates. */
export interface Token {
  text: string;
  norm: string;
  start: number;
  end: number;
  type: 'word' | 'var' | 'punct';
}

const TOKEN = /[\p{L}\p{N}](?:[\p{L}\p{N}'’+/]|-(?=[\p{L}\p{N}]))*\+?|\{\{[^{}\n]{1,80}\}\}|\$\{[^{}\n]{1,80}\}|\{[A-Za-z_][\w.]{0,60}\}|[,;:()—–]/gu;

/** The tokens of text[start, end). */
export function tokenize(text: string, start: number, end: number): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = start;
  for (let m = TOKEN.exec(text); m && m.index < end; m = TOKEN.exec(text)) {
    const t = m[0];
    const type = t.startsWith('{') || t.startsWith('${') ? 'var' : /^[,;:()—–]$/.test(t) ? 'punct' : 'word';
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
