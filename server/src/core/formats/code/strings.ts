// Reads the string literals of Python and JavaScript/TypeScript into message text whose every character maps back to
// the source: escapes decode to the characters they stand for (each mapped to its escape), interpolations stay as
// written (`{persona}`, `${role}`), so the host-language template scan reads them as variables.
import { MappedTextBuilder, type MappedText } from '../mappedText.js';
import { childrenOf, type CodeLanguage, type SyntaxNode } from './syntaxTree.js';

/** What a string expression reads as: its text so far, and the literals it was read from. */
export interface StringReading {
  builder: MappedTextBuilder;
  literals: SyntaxNode[];
}

/** Looks a name up to the expression it was bound to in the file (for `"You are " + PERSONA`), or nothing. */
export type NameLookup = (name: string) => SyntaxNode | undefined;

/**
 * Reads a string expression: a literal, an f-string or template literal, implicit or `+` concatenation (names and
 * calls between literals become `{name}` slots), parentheses, `textwrap.dedent`/`inspect.cleandoc`, `.strip()`,
 * `.format(...)` and `%` templates (read as the template). Undefined when the expression holds no literal.
 */
export function readStringExpression(node: SyntaxNode, source: string, language: CodeLanguage, lookup?: NameLookup): MappedText & { literals: SyntaxNode[] } | undefined {
  const reading: StringReading = { builder: new MappedTextBuilder(node.endIndex - node.startIndex), literals: [] };
  if (!read(node, source, language, reading, lookup, 0)) return undefined;
  const mapped = dedent(reading.builder.finish(node.endIndex));
  return { ...mapped, literals: reading.literals };
}

const TEMPLATE_METHODS = new Set(['strip', 'lstrip', 'rstrip', 'format', 'format_map', 'trim', 'trimStart', 'trimEnd', 'dedent', 'cleandoc', 'replace']);
const DEDENT_FUNCTIONS = new Set(['dedent', 'cleandoc']);

function read(node: SyntaxNode, source: string, language: CodeLanguage, reading: StringReading, lookup: NameLookup | undefined, depth: number): boolean {
  if (depth > 12) return false;
  switch (node.type) {
    case 'string':
      return language === 'python' ? readPythonString(node, source, reading) : readJsString(node, source, reading);
    case 'template_string':
      return readJsString(node, source, reading);
    case 'concatenated_string': {
      let any = false;
      for (const part of childrenOf(node)) if (part.type === 'string') any = readPythonString(part, source, reading) || any;
      return any;
    }
    case 'parenthesized_expression': {
      // The expression inside, past any comment (a directive line above the literal is one).
      const inner = childrenOf(node).find((c) => c.isNamed && c.type !== 'comment');
      return !!inner && read(inner, source, language, reading, lookup, depth + 1);
    }
    case 'binary_operator':
    case 'binary_expression': {
      const operator = node.childForFieldName('operator');
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (!operator || !left || !right) return false;
      const op = source.slice(operator.startIndex, operator.endIndex);
      // `"You are %s." % persona`: the template is the prompt.
      if (op === '%') return read(left, source, language, reading, lookup, depth + 1);
      if (op !== '+') return false;
      if (!holdsLiteral(left, source, lookup) && !holdsLiteral(right, source, lookup)) return false;
      readOperand(left, source, language, reading, lookup, depth);
      readOperand(right, source, language, reading, lookup, depth);
      return true;
    }
    case 'call':
    case 'call_expression': {
      const fn = node.childForFieldName('function');
      const args = node.childForFieldName('arguments');
      if (!fn || !args) return false;
      const name = lastName(fn, source);
      if (DEDENT_FUNCTIONS.has(name)) {
        const first = firstArgument(args);
        return !!first && read(first, source, language, reading, lookup, depth + 1);
      }
      const object = fn.childForFieldName('object');
      // `[...].join('\n')` and `"\n".join([...])`: the items, one after another with the separator between.
      if (name === 'join' && object) return readJoin(object, firstArgument(args), source, language, reading, lookup, depth);
      // `"...".strip()`, `TEMPLATE.format(persona=...)`, `` `...`.trim() ``: the object is the text.
      if (object && TEMPLATE_METHODS.has(name)) return read(object, source, language, reading, lookup, depth + 1);
      return false;
    }
    case 'identifier': {
      const bound = lookup?.(source.slice(node.startIndex, node.endIndex));
      return !!bound && bound.startIndex !== node.startIndex && read(bound, source, language, reading, lookup, depth + 1);
    }
    // `(PERSONA if use_persona else "")`, `cond ? PERSONA : ''`: the text when the condition holds.
    case 'conditional_expression':
    case 'ternary_expression': {
      const taken = node.type === 'ternary_expression' ? node.childForFieldName('consequence') : node.child(0);
      return !!taken && read(taken, source, language, reading, lookup, depth + 1);
    }
    case 'as_expression':
    case 'satisfies_expression':
    case 'non_null_expression': {
      const inner = node.child(0);
      return !!inner && read(inner, source, language, reading, lookup, depth + 1);
    }
    default:
      return false;
  }
}

/** A list of strings joined by a separator (either side may be the list: JavaScript's `.join`, Python's `str.join`). */
function readJoin(object: SyntaxNode, argument: SyntaxNode | undefined, source: string, language: CodeLanguage, reading: StringReading, lookup: NameLookup | undefined, depth: number): boolean {
  const [list, separator] = object.type === 'list' || object.type === 'array' ? [object, argument] : [argument, object];
  if (!list || (list.type !== 'list' && list.type !== 'array')) return false;
  const items = childrenOf(list).filter((c) => c.isNamed && c.type !== 'comment');
  if (!items.some((item) => holdsLiteral(item, source, lookup))) return false;
  items.forEach((item, i) => {
    if (i > 0 && separator) {
      const sep = new MappedTextBuilder(4);
      if (read(separator, source, language, { builder: sep, literals: [] }, lookup, depth + 1)) reading.builder.pushMapped(sep.finish(separator.endIndex), 0, sep.length);
      else reading.builder.push(' ', separator.startIndex);
    } else if (i > 0) reading.builder.push(',', item.startIndex);
    readOperand(item, source, language, reading, lookup, depth);
  });
  return true;
}

/** One side of a `+`: a string expression read into the text, or anything else as a `{name}` slot. */
function readOperand(node: SyntaxNode, source: string, language: CodeLanguage, reading: StringReading, lookup: NameLookup | undefined, depth: number): void {
  if (holdsLiteral(node, source, lookup) && read(node, source, language, reading, lookup, depth + 1)) return;
  const name = slotName(source.slice(node.startIndex, node.endIndex));
  reading.builder.push(language === 'python' ? `{${name}}` : `\${${name}}`, node.startIndex);
}

/** Whether an expression is or holds a string literal, directly or through a name bound to one (not `a + b` of numbers). */
function holdsLiteral(node: SyntaxNode, source: string, lookup: NameLookup | undefined, depth = 0): boolean {
  if (depth > 8) return false;
  switch (node.type) {
    case 'string':
    case 'template_string':
    case 'concatenated_string':
      return true;
    case 'identifier': {
      const bound = lookup?.(source.slice(node.startIndex, node.endIndex));
      return !!bound && bound.startIndex !== node.startIndex && holdsLiteral(bound, source, lookup, depth + 1);
    }
    case 'binary_operator':
    case 'binary_expression':
    case 'parenthesized_expression':
    case 'conditional_expression':
    case 'ternary_expression':
      for (let i = 0; i < node.childCount; i++) if (holdsLiteral(node.child(i)!, source, lookup, depth + 1)) return true;
      return false;
    case 'call':
    case 'call_expression': {
      const fn = node.childForFieldName('function');
      const args = node.childForFieldName('arguments');
      if (!fn || !args) return false;
      const name = lastName(fn, source);
      const first = firstArgument(args);
      if (DEDENT_FUNCTIONS.has(name)) return !!first && holdsLiteral(first, source, lookup, depth + 1);
      const object = fn.childForFieldName('object');
      if (name === 'join') return (!!object && holdsLiteral(object, source, lookup, depth + 1)) || (!!first && holdsLiteral(first, source, lookup, depth + 1));
      return !!object && TEMPLATE_METHODS.has(name) && holdsLiteral(object, source, lookup, depth + 1);
    }
    default:
      return false;
  }
}

/** A name for the value an expression gives: `persona`, `p.party` -> `p.party`, a call -> its function's name. */
function slotName(expression: string): string {
  const match = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*/.exec(expression.trim());
  return match ? match[0] : 'value';
}

/** The last name of a callee: `textwrap.dedent` -> `dedent`, `client.chat.create` -> `create`. */
export function lastName(node: SyntaxNode, source: string): string {
  const text = source.slice(node.startIndex, node.endIndex);
  const match = /([A-Za-z_$][\w$]*)\s*$/.exec(text);
  return match ? match[1] : '';
}

/** The first positional argument of an argument list. */
export function firstArgument(args: SyntaxNode): SyntaxNode | undefined {
  for (const child of childrenOf(args)) {
    if (child.type === '(' || child.type === ')' || child.type === ',' || child.type === 'comment') continue;
    if (child.type === 'keyword_argument') return undefined;
    return child;
  }
  return undefined;
}

/** A Python string literal: prefix and quotes dropped, escapes decoded (not in raw strings), f-string slots kept. */
function readPythonString(node: SyntaxNode, source: string, reading: StringReading): boolean {
  const start = node.child(0);
  if (!start || start.type !== 'string_start') return false;
  const prefix = source.slice(start.startIndex, start.endIndex).replace(/["']+$/, '').toLowerCase();
  if (prefix.includes('b')) return false; // bytes are not prompt text
  const raw = prefix.includes('r');
  reading.literals.push(node);
  for (const part of childrenOf(node)) {
    if (part.type === 'string_content') readContent(part, source, reading, raw ? undefined : decodePythonEscape);
    else if (part.type === 'interpolation') reading.builder.pushSource(source, part.startIndex, part.endIndex);
  }
  return true;
}

/** A JavaScript string or template literal: quotes dropped, escapes decoded, `${...}` slots kept as written. */
function readJsString(node: SyntaxNode, source: string, reading: StringReading): boolean {
  reading.literals.push(node);
  let last = node.startIndex + 1;
  const end = node.endIndex - 1;
  for (const part of childrenOf(node)) {
    if (part.type === 'escape_sequence') {
      reading.builder.pushSource(source, last, part.startIndex);
      reading.builder.push(decodeJsEscape(source.slice(part.startIndex, part.endIndex)), part.startIndex);
      last = part.endIndex;
    } else if (part.type === 'template_substitution') {
      reading.builder.pushSource(source, last, part.endIndex);
      last = part.endIndex;
    }
  }
  reading.builder.pushSource(source, last, Math.max(last, end));
  return true;
}

/** A string_content node's text, with its escape children decoded by `decode` (verbatim when undefined). */
function readContent(content: SyntaxNode, source: string, reading: StringReading, decode: ((escape: string) => string) | undefined): void {
  let last = content.startIndex;
  if (decode) {
    for (const part of childrenOf(content)) {
      if (part.type !== 'escape_sequence' && part.type !== 'escape_interpolation') continue;
      reading.builder.pushSource(source, last, part.startIndex);
      const escape = source.slice(part.startIndex, part.endIndex);
      reading.builder.push(part.type === 'escape_interpolation' ? escape[0] : decode(escape), part.startIndex);
      last = part.endIndex;
    }
  } else {
    for (const part of childrenOf(content)) {
      if (part.type !== 'escape_interpolation') continue;
      reading.builder.pushSource(source, last, part.startIndex);
      reading.builder.push(source[part.startIndex], part.startIndex);
      last = part.endIndex;
    }
  }
  reading.builder.pushSource(source, last, content.endIndex);
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '`': '`', b: '\b', f: '\f', v: '\v', a: '\u0007', '0': '\0', $: '$' };

function decodePythonEscape(escape: string): string {
  const c = escape[1];
  if (c === '\n' || c === '\r') return ''; // a line continuation
  if (c === 'x' || c === 'u' || c === 'U') return codePoint(escape.slice(2));
  if (c === 'N') return '?';
  if (/[0-7]/.test(c)) return String.fromCharCode(parseInt(escape.slice(1), 8) || 0);
  return SIMPLE_ESCAPES[c] ?? escape;
}

function decodeJsEscape(escape: string): string {
  const c = escape[1];
  if (c === '\n' || c === '\r' || c === '\u2028' || c === '\u2029') return '';
  if (c === 'x') return codePoint(escape.slice(2));
  if (c === 'u') return codePoint(escape.slice(2).replace(/[{}]/g, ''));
  return SIMPLE_ESCAPES[c] ?? escape.slice(1);
}

function codePoint(hex: string): string {
  const value = parseInt(hex, 16);
  return Number.isFinite(value) && value <= 0x10ffff ? String.fromCodePoint(value) : '?';
}

/**
 * Drops the indentation every line after the first shares (as `textwrap.dedent` and `inspect.cleandoc` do), keeping
 * each remaining character's source offset: a triple-quoted prompt indented with the code reads as prose.
 */
function dedent(mapped: MappedText): MappedText {
  const lines = mapped.text.split('\n');
  if (lines.length < 2) return mapped;
  let common = Infinity;
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    common = Math.min(common, /^[ \t]*/.exec(lines[i])![0].length);
  }
  if (!Number.isFinite(common) || common === 0) return mapped;
  const builder = new MappedTextBuilder(mapped.text.length);
  let at = 0;
  lines.forEach((line, i) => {
    const skip = i === 0 ? 0 : Math.min(common, /^[ \t]*/.exec(line)![0].length);
    builder.pushMapped(mapped, at + skip, at + line.length + (i < lines.length - 1 ? 1 : 0));
    at += line.length + 1;
  });
  return builder.finish(mapped.offsets[mapped.text.length]);
}
