import { Composer, Parser, YAMLParseError, type CST, type Document } from 'yaml';
import type { ParseProblem } from './types.js';

/** What the YAML frontmatter of a markdown-like prompt file holds, and where the body starts. */
export interface Frontmatter {
  /** The frontmatter's value, when there is frontmatter and it parsed without errors. */
  value?: unknown;
  /** Source offset where the body (the prompt itself) starts. */
  bodyStart: number;
  problems: ParseProblem[];
}

/** Offset just past a leading byte-order mark. */
export function afterBom(text: string): number {
  return text.charCodeAt(0) === 0xfeff ? 1 : 0;
}

/** End of the line starting at `start` (before its line break) and the start of the next line. */
export function lineAt(text: string, start: number): { end: number; next: number } {
  const nl = text.indexOf('\n', start);
  if (nl < 0) return { end: text.length, next: text.length };
  return { end: nl > start && text[nl - 1] === '\r' ? nl - 1 : nl, next: nl + 1 };
}

const isFence = (text: string, start: number, end: number): boolean => /^---[ \t]*$/.test(text.slice(start, end));

/**
 * Reads optional YAML frontmatter: a `---` line at the very start of the file, closed by the next `---` line.
 * Unclosed frontmatter is a problem and the body starts after the opening line; invalid YAML is a problem at the
 * error's position and the body is still read.
 */
export function readFrontmatter(text: string, options: { loose?: boolean } = {}): Frontmatter {
  const start = afterBom(text);
  const opening = lineAt(text, start);
  if (!isFence(text, start, opening.end)) return { bodyStart: start, problems: [] };
  for (let lineStart = opening.next; lineStart < text.length; ) {
    const line = lineAt(text, lineStart);
    if (isFence(text, lineStart, line.end)) {
      const yamlText = text.slice(opening.next, lineStart);
      const plain = plainKeyValues(yamlText);
      if (plain) return { value: plain, bodyStart: line.next, problems: [] };
      const yaml = readYaml(yamlText, opening.next, 'Invalid YAML frontmatter');
      // Loose frontmatter (Cursor's `globs: **/*.ts` is no YAML) is read line by line as `key: text`, no problem.
      if (options.loose && yaml.problems.length > 0) return { value: looseKeyValues(yamlText), bodyStart: line.next, problems: [] };
      return { value: yaml.problems.length === 0 ? yaml.value : undefined, bodyStart: line.next, problems: yaml.problems };
    }
    lineStart = line.next;
  }
  const problem = { message: "Frontmatter is never closed: add a '---' line after it", start, end: opening.end };
  return { bodyStart: opening.next, problems: [problem] };
}

/** `key: value` lines read as written (what tools with loose frontmatter do); other lines are skipped. */
function looseKeyValues(text: string): Record<string, string> {
  const value: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Za-z][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*\r?$/.exec(line);
    if (m && m[1] !== '__proto__') value[m[1]] = m[2].replace(/^(["'])(.*)\1$/, '$2');
  }
  return value;
}

// One `key: value` line whose value YAML reads as that very string: a plain scalar starting with a letter, with no
// `:` or `#` (which could start a mapping or a comment) and none of the characters that flow or block syntax uses;
// a single-quoted scalar; or a double-quoted one without escapes.
const PLAIN_LINE = /^([A-Za-z][\w-]*): +(?:([\p{L}][\p{L}\p{N} .,;()\/'"_+\-!?&%$=]*?)|'((?:[^'\0-\x08\n-\x1f\x7f\x85\u2028\u2029\ufeff]|'')*)'|"([^"\\\0-\x08\n-\x1f\x7f\x85\u2028\u2029\ufeff]*)")[ \t]*\r?$/u;
// Plain scalars that YAML's core schema reads as null or a boolean, not a string.
const NOT_STRINGS = new Set(['null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE']);

/**
 * The value of frontmatter made only of `key: value` lines with string values (and blank lines), read without the
 * YAML library, which costs far more than such lines need; undefined for anything else, which the library reads.
 */
export function plainKeyValues(yamlText: string): Record<string, string> | undefined {
  const value: Record<string, string> = {};
  let keys = 0;
  for (const line of yamlText.split('\n')) {
    if (/^[ \t]*\r?$/.test(line)) continue;
    const m = PLAIN_LINE.exec(line);
    if (!m || m[1] === '__proto__' || NOT_STRINGS.has(m[1]) || Object.hasOwn(value, m[1])) return undefined;
    if (m[2] !== undefined && NOT_STRINGS.has(m[2])) return undefined;
    value[m[1]] = m[2] ?? m[3]?.replace(/''/g, "'") ?? m[4];
    keys++;
  }
  return keys > 0 ? value : undefined;
}

/**
 * How deeply YAML collections may nest. The yaml package composes nodes recursively, and a stack overflow deep in
 * it can strike while V8 compiles a regular expression, which aborts the process instead of throwing; no prompt
 * file's metadata comes near this depth.
 */
export const MAX_YAML_DEPTH = 100;

/**
 * A parsed YAML text with its errors as problems in file offsets (`base` is where the text starts in the file).
 * `keepSourceTokens` keeps each node's source token, which the scalar decoder needs. Collections nested deeper
 * than MAX_YAML_DEPTH are a problem and nothing is composed.
 */
export function readYaml(
  yamlText: string,
  base: number,
  context: string,
  keepSourceTokens = false,
): { document: Document.Parsed; value?: unknown; problems: ParseProblem[] } {
  // The CST parser keeps its own stack, so it reads any depth; only composing recurses.
  const tokens = Array.from(new Parser().parse(yamlText));
  const tooDeep = firstTooDeep(tokens, MAX_YAML_DEPTH);
  const document = compose(tooDeep === undefined ? tokens : [], yamlText.length, keepSourceTokens);
  if (tooDeep !== undefined) {
    const message = `collections are nested more than ${MAX_YAML_DEPTH} levels deep`;
    return { document, problems: [yamlProblem(message, [tooDeep, tooDeep + 1], base, yamlText.length, context)] };
  }
  const problems = document.errors.map((error) => yamlProblem(error.message, error.pos, base, yamlText.length, context));
  let value: unknown;
  if (problems.length === 0) {
    try {
      value = document.toJS({ maxAliasCount: 100 });
    } catch (error) {
      problems.push(yamlProblem(error instanceof Error ? error.message : String(error), [0, 0], base, yamlText.length, context));
    }
  }
  return { document, value, problems };
}

/** The first document composed from CST tokens (an empty one when there are none), as parseDocument does. */
function compose(tokens: CST.Token[], length: number, keepSourceTokens: boolean): Document.Parsed {
  let first: Document.Parsed | undefined;
  for (const document of new Composer({ keepSourceTokens }).compose(tokens, true, length)) {
    if (!first) first = document;
    else {
      first.errors.push(new YAMLParseError(document.range.slice(0, 2) as [number, number], 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'));
      break;
    }
  }
  return first!;
}

/** The offset of a collection nested deeper than `limit` (found without recursion), or undefined when none is. */
function firstTooDeep(tokens: CST.Token[], limit: number): number | undefined {
  const pending: { token: CST.Token; depth: number }[] = tokens.map((token) => ({ token, depth: 0 }));
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { token, depth } = next;
    if (token.type === 'document') {
      if (token.value) pending.push({ token: token.value, depth });
    } else if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      if (depth + 1 > limit) return token.offset;
      for (const item of token.items) {
        if ('key' in item && item.key) pending.push({ token: item.key, depth: depth + 1 });
        if (item.value) pending.push({ token: item.value, depth: depth + 1 });
      }
    }
  }
  return undefined;
}

function yamlProblem(message: string, pos: [number, number], base: number, length: number, context: string): ParseProblem {
  const start = Math.max(0, Math.min(pos[0], length));
  // Keep a one-character span where the parser reports a point, so the diagnostic is visible.
  const end = Math.max(start + (start < length ? 1 : 0), Math.min(pos[1], length));
  return { message: `${context}: ${message}`, start: base + start, end: base + end };
}
