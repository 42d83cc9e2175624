import type { CST, Scalar } from 'yaml';
import { alignApproximately, MappedTextBuilder, type MappedText } from './mappedText.js';

// Decodes a YAML string scalar from its source, in each of the five styles, keeping for every character of the
// value the source offset it came from. The rules follow YAML 1.2 as the `yaml` package applies them; the
// result is checked against that package's own value, so any disagreement falls back to an approximate map
// instead of a wrong text.

/**
 * The scalar's string value with the source offset of every character: escapes map to their backslash, folded
 * line breaks to the line break they replace. Exact when the reconstruction matches the yaml package's value,
 * otherwise that value aligned approximately to the scalar's source.
 */
export function scalarText(source: string, node: Scalar): MappedText {
  const exact = decodeScalar(source, node);
  if (exact) return exact;
  const value = typeof node.value === 'string' ? node.value : String(node.value);
  const [start, end] = node.range ?? [0, 0];
  return alignApproximately(value, source, { start, end });
}

/** The exact reconstruction of a string scalar's value from its source token, or undefined when there is none. */
export function decodeScalar(source: string, node: Scalar): MappedText | undefined {
  const token = node.srcToken as CST.FlowScalar | CST.BlockScalar | undefined;
  if (typeof node.value !== 'string') return undefined;
  // An empty value with only a tag or an anchor (`content: !!str`) has no token of its own.
  if (!token) return node.value === '' ? { text: '', offsets: Int32Array.of(node.range?.[0] ?? 0) } : undefined;
  let decoded: MappedText | undefined;
  if (token.type === 'block-scalar') decoded = decodeBlock(source, token);
  else if (sourceHas(source, token.source, token.offset)) {
    // Each decoder reads the token's own text (as the yaml package does) and offsets by where it starts.
    if (token.type === 'scalar') decoded = unfold(token.source, 0, token.source.length, token.offset);
    else if (token.type === 'single-quoted-scalar') decoded = decodeSingleQuoted(token.source, token.offset);
    else if (token.type === 'double-quoted-scalar') decoded = decodeDoubleQuoted(token.source, token.offset);
  }
  return decoded && decoded.text === node.value ? decoded : undefined;
}

/** Whether the token text sits at `offset` in the source (slice-and-compare is much faster than startsWith). */
function sourceHas(source: string, text: string, offset: number): boolean {
  return source.slice(offset, offset + text.length) === text;
}

const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t';

/** Where the line break whose '\n' is at `nl` starts (its '\r' for CRLF). */
function breakStart(raw: string, nl: number, lineStart: number): number {
  return nl > lineStart && raw[nl - 1] === '\r' ? nl - 1 : nl;
}

/**
 * Line folding of plain and single-quoted scalars over raw[start, end): the first line loses trailing blanks,
 * inner lines both, the last leading ones; one line break becomes a space, n > 1 become n - 1 newlines.
 */
function unfold(raw: string, start: number, end: number, base: number): MappedText {
  const out = new MappedTextBuilder(end - start);
  let nl = raw.indexOf('\n', start);
  if (nl < 0 || nl >= end) {
    out.pushSource(raw, start, end, base);
    return out.finish(base + end);
  }
  let brk = breakStart(raw, nl, start);
  let right = brk;
  while (right > start && isBlank(raw[right - 1])) right--;
  out.pushSource(raw, start, right, base);
  let sep = ' ';
  let sepAt = brk;
  let lineStart = nl + 1;
  for (nl = raw.indexOf('\n', lineStart); nl >= 0 && nl < end; nl = raw.indexOf('\n', lineStart)) {
    brk = breakStart(raw, nl, lineStart);
    let left = lineStart;
    while (left < brk && isBlank(raw[left])) left++;
    right = brk;
    while (right > left && isBlank(raw[right - 1])) right--;
    if (left === right) {
      if (sep === '\n') out.push('\n', base + sepAt);
      else sep = '\n';
    } else {
      out.push(sep, base + sepAt);
      out.pushSource(raw, left, right, base);
      sep = ' ';
    }
    sepAt = brk;
    lineStart = nl + 1;
  }
  let left = lineStart;
  while (left < end && isBlank(raw[left])) left++;
  out.push(sep, base + sepAt);
  out.pushSource(raw, left, end, base);
  return out.finish(base + end);
}

/** A single-quoted scalar: folded like a plain one, then each '' is one quote (mapped to the first). */
function decodeSingleQuoted(raw: string, base: number): MappedText {
  const closing = Math.max(1, raw.length - 1);
  const folded = unfold(raw, 1, closing, base);
  if (!folded.text.includes("''")) return folded;
  const out = new MappedTextBuilder(folded.text.length);
  let from = 0;
  for (let pair = folded.text.indexOf("''"); pair >= 0; pair = folded.text.indexOf("''", from)) {
    out.pushMapped(folded, from, pair + 1);
    from = pair + 2;
  }
  out.pushMapped(folded, from, folded.text.length);
  return out.finish(base + closing);
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  '\t': '\t',
};

const HEX_DIGITS: Record<string, number> = { x: 2, u: 4, U: 8 };

/** A double-quoted scalar: escapes, escaped line breaks, and folding with trailing blanks dropped. */
function decodeDoubleQuoted(raw: string, base: number): MappedText {
  const out = new MappedTextBuilder(raw.length);
  const last = raw.length - 1;
  for (let i = 1; i < last; i++) {
    const ch = raw[i];
    if (ch === '\r' && raw[i + 1] === '\n') continue;
    if (ch === '\n') {
      // Leading blanks of the following lines go; each further empty line keeps one newline.
      let newlines = 0;
      let j = i;
      for (let c = raw[j + 1]; c === ' ' || c === '\t' || c === '\n' || c === '\r'; c = raw[j + 1]) {
        if (c === '\r' && raw[j + 2] !== '\n') break;
        if (c === '\n') {
          out.push('\n', base + breakStart(raw, j + 1, 0));
          newlines++;
        }
        j++;
      }
      if (newlines === 0) out.push(' ', base + breakStart(raw, i, 0));
      i = j;
    } else if (ch === '\\') {
      const escapeAt = i;
      const next = raw[++i];
      const simple = next === undefined ? undefined : SIMPLE_ESCAPES[next];
      if (simple !== undefined) out.push(simple, base + escapeAt);
      else if (next === '\n' || (next === '\r' && raw[i + 1] === '\n')) {
        if (next === '\r') i++;
        while (isBlank(raw[i + 1])) i++;
      } else if (next !== undefined && next in HEX_DIGITS) {
        const digits = HEX_DIGITS[next];
        const hex = raw.substr(i + 1, digits);
        const code = hex.length === digits && /^[0-9a-fA-F]+$/.test(hex) ? parseInt(hex, 16) : NaN;
        if (code >= 0 && code <= 0x10ffff) out.push(String.fromCodePoint(code), base + escapeAt);
        else out.pushSource(raw, escapeAt, Math.min(raw.length, escapeAt + digits + 2), base);
        i += digits;
      } else {
        // An invalid escape stays as written.
        out.pushSource(raw, escapeAt, Math.min(raw.length, escapeAt + 2), base);
      }
    } else if (ch === ' ' || ch === '\t') {
      const blankStart = i;
      while (isBlank(raw[i + 1])) i++;
      const next = raw[i + 1];
      if (next !== '\n' && !(next === '\r' && raw[i + 2] === '\n')) out.pushSource(raw, blankStart, i + 1, base);
    } else {
      // Copy a run of ordinary characters at once, blanks included unless a line break follows them.
      let j = i + 1;
      while (j < last) {
        const c = raw[j];
        if (c === '\\' || c === '\n' || (c === '\r' && raw[j + 1] === '\n')) break;
        if (c === ' ' || c === '\t') {
          let k = j + 1;
          while (isBlank(raw[k])) k++;
          if (raw[k] === '\n' || (raw[k] === '\r' && raw[k + 1] === '\n')) break;
          j = k;
        } else j++;
      }
      out.pushSource(raw, i, j, base);
      i = j - 1;
    }
  }
  return out.finish(base + Math.max(1, last));
}

interface BlockHeader {
  folded: boolean;
  indent: number;
  chomp: '' | '-' | '+';
}

function readBlockHeader(token: CST.BlockScalar): BlockHeader | undefined {
  const header = token.props[0];
  if (!header || header.type !== 'block-scalar-header') return undefined;
  let indent = 0;
  let chomp: BlockHeader['chomp'] = '';
  for (const ch of header.source.slice(1)) {
    if (!chomp && (ch === '-' || ch === '+')) chomp = ch;
    else if (!indent && Number(ch)) indent = Number(ch);
  }
  return { folded: header.source[0] === '>', indent, chomp };
}

/** One line of a block scalar's content: where it starts, its space indentation, its content end and line break. */
interface BlockLine {
  start: number;
  indent: number;
  /** Content end, before the '\r' of a CRLF. */
  end: number;
  /** Where the line break that ends the line starts, or -1 on the last line. */
  brk: number;
}

function splitBlockLines(raw: string): BlockLine[] {
  const lines: BlockLine[] = [];
  let lineStart = 0;
  for (;;) {
    let content = lineStart;
    while (raw[content] === ' ') content++;
    const nl = raw.indexOf('\n', content);
    if (nl < 0) {
      const end = raw.length > content && raw[raw.length - 1] === '\r' ? raw.length - 1 : raw.length;
      lines.push({ start: lineStart, indent: content - lineStart, end, brk: -1 });
      return lines;
    }
    const brk = breakStart(raw, nl, content);
    lines.push({ start: lineStart, indent: content - lineStart, end: brk, brk });
    lineStart = nl + 1;
  }
}

/** A literal `|` or folded `>` block scalar, with its indentation indicator and chomping. */
function decodeBlock(source: string, token: CST.BlockScalar): MappedText | undefined {
  const header = readBlockHeader(token);
  if (!header) return undefined;
  const raw = token.source;
  let base = token.offset;
  for (const prop of token.props) base += 'source' in prop && typeof prop.source === 'string' ? prop.source.length : 0;
  if (!sourceHas(source, raw, base)) return undefined;
  // Characters made up by chomping on a last line without a line break map to the scalar's last character.
  const lastInside = Math.max(token.offset, base + raw.length - 1);
  const at = (brk: number): number => (brk < 0 ? lastInside : base + brk);
  const out = new MappedTextBuilder(raw.length + 1);
  const lines = raw ? splitBlockLines(raw) : [];
  const isEmpty = (l: BlockLine): boolean => l.end === l.start + l.indent;

  let chompStart = lines.length;
  while (chompStart > 0 && isEmpty(lines[chompStart - 1])) chompStart--;
  if (chompStart === 0) {
    if (header.chomp === '+' && lines.length > 0) {
      const count = Math.max(1, lines.length - 1);
      for (let i = 0; i < count; i++) out.push('\n', at(lines[i].brk));
    }
    return out.finish(base + raw.length);
  }

  // The content indentation: the indicator's, or the first non-empty line's (grown by longer leading empty lines).
  let trimIndent = token.indent + header.indent;
  let contentLine = 0;
  for (let i = 0; i < chompStart; i++) {
    if (isEmpty(lines[i])) {
      if (header.indent === 0 && lines[i].indent > trimIndent) trimIndent = lines[i].indent;
    } else {
      if (header.indent === 0) trimIndent = lines[i].indent;
      contentLine = i;
      break;
    }
  }
  // Trailing empty lines indented past the content belong to the content, not to chomping.
  for (let i = lines.length - 1; i >= chompStart; i--) if (lines[i].indent > trimIndent) chompStart = i + 1;

  const pushIndent = (line: BlockLine, indent: number): void => {
    const from = trimIndent < 0 ? Math.max(0, indent + trimIndent) : Math.min(trimIndent, indent);
    out.pushSource(raw, line.start + from, line.start + indent, base);
  };

  for (let i = 0; i < contentLine; i++) {
    pushIndent(lines[i], lines[i].indent);
    out.push('\n', at(lines[i].brk));
  }
  let sep = '';
  let sepAt = 0;
  let prevMoreIndented = false;
  for (let i = contentLine; i < chompStart; i++) {
    const line = lines[i];
    const contentAt = line.start + line.indent;
    const empty = line.end === contentAt;
    // A content line indented less than the content is an error the yaml package reports; it keeps no indentation.
    const indent = !empty && line.indent < trimIndent ? 0 : line.indent;
    if (!header.folded) {
      out.push(sep, sepAt);
      pushIndent(line, indent);
      out.pushSource(raw, contentAt, line.end, base);
      sep = '\n';
    } else if (indent > trimIndent || raw[contentAt] === '\t') {
      // More-indented lines keep their line breaks.
      if (sep === ' ') sep = '\n';
      else if (!prevMoreIndented && sep === '\n') sep = '\n\n';
      out.push(sep, sepAt);
      pushIndent(line, indent);
      out.pushSource(raw, contentAt, line.end, base);
      sep = '\n';
      prevMoreIndented = true;
    } else if (empty) {
      if (sep === '\n') out.push('\n', sepAt);
      else sep = '\n';
    } else {
      out.push(sep, sepAt);
      out.pushSource(raw, contentAt, line.end, base);
      sep = ' ';
      prevMoreIndented = false;
    }
    sepAt = at(line.brk);
  }
  if (header.chomp === '+') {
    for (let i = chompStart; i < lines.length; i++) {
      out.push('\n', at(lines[i - 1].brk));
      pushIndent(lines[i], lines[i].indent);
    }
    if (out.lastChar !== '\n') out.push('\n', at(lines[lines.length - 1].brk));
  } else if (header.chomp === '') {
    out.push('\n', at(lines[chompStart - 1].brk));
  }
  return out.finish(base + raw.length);
}
