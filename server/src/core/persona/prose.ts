import { CODE_FENCE as FENCE, INLINE_CODE, isPromptFence, isTemplateLiteral } from '../formats/syntax.js';
import type { PromptDocument } from '../formats/types.js';
import { firstStartingFrom } from '../text.js';

/**
 * A message's text with everything that is not prose addressed to the model blanked out (comments, template
 * tags, code, quoted examples, emphasis markers), so offsets stay those of the message text.
 */
export interface Prose {
  text: string;
  /** Sorted offsets where sentences start (text coordinates); a sentence runs to the next start. */
  sentenceStarts: number[];
  /** The trimmed bounds of each sentence once asked for (by index into sentenceStarts), so each is trimmed once. */
  trimmedSentences: ({ start: number; end: number } | undefined)[];
}

// Quoted words are mentioned, not used: examples, quotations, labels. A quote may wrap onto one more line.
const QUOTED = /"[^"\n]{0,300}(?:\n[^"\n]{0,300})?"|“[^”\n]{0,300}(?:\n[^”\n]{0,300})?”/g;
const EMPHASIS = /\*+|(?<![\p{L}\p{N}])_+|_+(?![\p{L}\p{N}])/gu;

/** The same length of spaces, keeping line breaks (so lines and offsets stay put). */
const blankOut = (matched: string): string =>
  matched.includes('\n') || matched.includes('\r') ? matched.replace(/[^\r\n]/g, ' ') : ' '.repeat(matched.length);

const CODE_STRING_LEAD = /^[ \t]*(?:(?:return|[\w$.]+\s*(?::|\+?=)|["'][\w$.-]+["']\s*:|[\w$.]+\()[ \t]*)?$/;

/**
 * Whether a quoted span is a string literal of code on its own line (a prompt built from Python or JavaScript
 * strings): only indentation (and a key, assignment or call) before it, and after it a `,`, `+`, `)` or `;`, or an escaped line break inside it.
 */
function codeStringLine(text: string, start: number, end: number): boolean {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  // Before the string: indentation, and at most a key, an assignment, a call's opening or a `return`.
  const lead = text.slice(lineStart, start);
  if (!CODE_STRING_LEAD.test(lead)) return false;
  const lineEndAt = text.indexOf('\n', end);
  const after = text.slice(end, lineEndAt < 0 ? text.length : lineEndAt).trim();
  if (/^[,+);]/.test(after) || (after === '' && /\\n["”]$/.test(text.slice(start, end)))) return true;
  // A string assigned to a name or a key, alone after it: `SYSTEM = "You are ..."`, `"content": "You are ..."`.
  if (after === '' && lead.trim() !== '') return true;
  // Python's implicit concatenation: lone strings on consecutive lines, inside `(`...`)` or after `=`.
  if (after !== '') return false;
  const previous = nearLine(text, lineStart - 1, -1);
  const next = nearLine(text, lineEndAt < 0 ? text.length : lineEndAt + 1, 1);
  return /[([=]$|^["“].*["”]$/.test(previous) || /^\)|^["“].*["”]$/.test(next);
}

/** The nearest non-blank line before (`step` -1, from the line ending at `at`) or after `at`, trimmed; at most 5 lines away. */
function nearLine(text: string, at: number, step: 1 | -1): string {
  let edge = at;
  for (let k = 0; k < 5 && edge >= 0 && edge <= text.length; k++) {
    const start = step < 0 ? text.lastIndexOf('\n', edge - 1) + 1 : edge;
    const endAt = step < 0 ? edge : text.indexOf('\n', edge);
    const end = endAt < 0 ? text.length : endAt;
    const line = text.slice(start, end).trim();
    if (line !== '') return line.length > 400 ? '' : line;
    edge = step < 0 ? start - 1 : end + 1;
  }
  return '';
}

// "My first request is "rate each of our signings"": the quoted text is what the model is asked.
const QUOTED_REQUEST = /\b(?:request|question|command|prompt|sentence|task|instruction|message)\s+(?:is|will be)\s*:?\s*$/i;

/** A prose fence with its opening and closing fence lines blanked. */
function fenceLinesBlanked(fence: string): string {
  return fence.replace(/^[ \t]*(?:`{3,}|~{3,})[^\n]*/gm, blankOut);
}

/** Blanks the non-prose parts of message `index` of `doc`. */
export function proseOf(doc: PromptDocument, index: number): Prose {
  const source = doc.messages[index].text;
  // Pieces joined once: a document of many comments would otherwise build its text by thousands of concatenations.
  const pieces: string[] = [];
  let cursor = 0;
  for (const span of [...(doc.nonProse[index] ?? [])].sort((a, b) => a.start - b.start)) {
    if (span.start < cursor) continue;
    pieces.push(source.slice(cursor, span.start), blankOut(source.slice(span.start, span.end)));
    cursor = span.end;
  }
  pieces.push(source.slice(cursor));
  let text = pieces.join('');
  // A quoted string holding a template variable is a template string lifted from code (`"You are a %(age)s-year-old
  // ..."`), not a quotation: it is prose.
  const variables = doc.variables?.[index] ?? [];
  const template = (start: number, end: number): boolean => {
    const v = variables[firstStartingFrom(variables, start)];
    return v !== undefined && v.end <= end;
  };
  // Each pass runs only when the text holds its delimiter: most prompts have no fences, code or quotes, and a
  // pass that cannot match would still cost a scan of the whole text.
  const unblanked = text;
  // A fence holding a prompt written out in prose is read (its fence lines are blanked); code is blanked whole.
  if (text.includes('```') || text.includes('~~~')) {
    text = text.replace(FENCE, (fence: string) => (isPromptFence(fence, unblanked) ? fenceLinesBlanked(fence) : blankOut(fence)));
  }
  // A JavaScript template literal, or a backtick string on a code line, is prose.
  if (text.includes('`')) {
    text = text.replace(INLINE_CODE, (code: string, at: number, whole: string) =>
      isTemplateLiteral(code) || codeStringLine(whole, at, at + code.length) ? code : blankOut(code),
    );
  }
  if (text.includes('"') || text.includes('“')) {
    text = text.replace(QUOTED, (quoted: string, at: number, whole: string) =>
      template(at, at + quoted.length) || codeStringLine(whole, at, at + quoted.length) || QUOTED_REQUEST.test(whole.slice(Math.max(0, at - 40), at))
        ? quoted
        : blankOut(quoted),
    );
  }
  if (text.includes('*') || text.includes('_')) text = text.replace(EMPHASIS, blankOut);
  // A variable holding an expression (`${p.gender === "F" ? "her" : "him"}`) ends no sentence with its `?`.
  const expressions = variables.filter((v) => /\s/.test(text.slice(v.start, v.end)));
  if (expressions.length > 0) {
    const parts: string[] = [];
    let at = 0;
    for (const v of expressions) {
      parts.push(text.slice(at, v.start), text.slice(v.start, v.end).replace(/[.!?;]/g, ' '));
      at = v.end;
    }
    parts.push(text.slice(at));
    text = parts.join('');
  }
  const starts = sentenceStarts(text);
  // A hard-wrapped line break inside a sentence reads as a space, so instructions match across wrapped lines.
  const boundaries = new Set(starts);
  if (text.includes('\n')) text = text.replace(/\r?\n/g, (nl: string, at: number) => (boundaries.has(at + nl.length) ? nl : ' '.repeat(nl.length)));
  return { text, sentenceStarts: starts, trimmedSentences: [] };
}

const ABBREVIATIONS = new Set([
  'e.g', 'i.e', 'etc', 'vs', 'dr', 'mr', 'mrs', 'ms', 'st', 'no', 'u.s', 'u.k', 'approx', 'incl', 'fig', 'jr', 'sr',
  'inc', 'ltd', 'co', 'corp', 'prof', 'rev', 'gen', 'sen', 'rep', 'gov', 'lt', 'col', 'sgt', 'cf', 'al', 'viz',
]);
// A hard-wrapped line that ends with one of these words goes on in the next line, whatever its first letter.
const CONTINUES = new Set([
  'a', 'an', 'the', 'of', 'for', 'to', 'and', 'or', 'with', 'as', 'in', 'on', 'by', 'from', 'who', 'that', 'is',
  'are', 'be', 'lifelong', 'proud', 'devout', 'staunch', 'die-hard', 'diehard', 'committed', 'your', 'my', 'our',
  'their', 'his', 'her', 'its', 'this', 'these', 'those', 'very', 'most', 'more', 'than', 'at', 'into', 'about',
]);
const LIST_MARKER = /^[ \t]*(?:[-*+•>|#]|\d+[.)]|[a-z][.)]\s)/;

function sentenceStarts(text: string): number[] {
  const starts = [0];
  const n = text.length;
  const candidates = /[.!?;\n]/g;
  for (let m = candidates.exec(text); m; m = candidates.exec(text)) {
    const i = m.index;
    const c = text[i];
    if (c === '.' || c === '!' || c === '?') {
      const next = text[i + 1];
      if (next !== undefined && !/[\s"'”’)\]]/.test(next)) continue;
      if (c === '.' && isAbbreviation(text, i)) continue;
      let j = i + 1;
      while (j < n && /["'”’)\]]/.test(text[j])) j++;
      starts.push(j);
    } else if (c === ';') {
      starts.push(i + 1);
    } else if (newlineEndsSentence(text, i)) {
      starts.push(i + 1);
    }
  }
  starts.push(n);
  // Deduplicate while keeping order (several rules can mark one place).
  return starts.filter((s, k) => k === 0 || s !== starts[k - 1]);
}

const LETTER_OR_DOT = /[\p{L}.]/u;

function isAbbreviation(text: string, dot: number): boolean {
  // Abbreviations are short: look back at most 8 letters or dots.
  let k = dot - 1;
  while (k >= 0 && dot - k <= 8 && LETTER_OR_DOT.test(text[k])) k--;
  if (dot - k > 8) return false;
  const word = text.slice(k + 1, dot).toLowerCase();
  if (ABBREVIATIONS.has(word)) return true;
  // A single capital (initials: J. R. R. Tolkien) or a number (1.5) does not end a sentence.
  return /^[a-z]$/i.test(word) || /\d/.test(text[dot - 1] ?? '') && /\d/.test(text[dot + 1] ?? '');
}

function newlineEndsSentence(text: string, nl: number): boolean {
  const lineStart = text.lastIndexOf('\n', nl - 1) + 1;
  const prevLine = text.slice(lineStart, nl).trim();
  let nextEnd = text.indexOf('\n', nl + 1);
  if (nextEnd < 0) nextEnd = text.length;
  const nextLine = text.slice(nl + 1, nextEnd);
  if (prevLine === '' || nextLine.trim() === '') return true;
  if (/[:.!?;]$/.test(prevLine)) return true;
  if (LIST_MARKER.test(nextLine)) return true;
  // A list item wrapped onto an indented line goes on: "- You are a proud\n  Democrat."
  if (LIST_MARKER.test(text.slice(lineStart, nl))) return !/^[ \t]+\S/.test(nextLine) || /[.!?:;]$/.test(prevLine);
  const first = nextLine.trimStart()[0] ?? '';
  if (first === first.toLowerCase()) return false;
  const lastWord = /([\p{L}'’-]+)\W*$/u.exec(prevLine)?.[1]?.toLowerCase() ?? '';
  return !CONTINUES.has(lastWord);
}

/** The index (into `sentenceStarts`) of the sentence containing offset `at`. */
export function sentenceIndex(prose: Prose, at: number): number {
  const starts = prose.sentenceStarts;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The [start, end) bounds of the sentence containing offset `at`. */
export function sentenceBounds(prose: Prose, at: number): { start: number; end: number } {
  const starts = prose.sentenceStarts;
  const lo = sentenceIndex(prose, at);
  const cached = prose.trimmedSentences[lo];
  if (cached) return { ...cached };
  const end = lo + 1 < starts.length ? starts[lo + 1] : prose.text.length;
  let start = starts[lo];
  // Skip leading whitespace and list markers so a sentence's span starts at its first word.
  while (start < end && /[\s\-*+•>#|]/.test(prose.text[start])) start++;
  let stop = end;
  while (stop > start && /\s/.test(prose.text[stop - 1])) stop--;
  prose.trimmedSentences[lo] = { start, end: stop };
  return { start, end: stop };
}
