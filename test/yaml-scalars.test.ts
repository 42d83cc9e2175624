import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { Document, isScalar, parseDocument, Scalar } from 'yaml';
import { parsePromptFile } from '../server/out/core/index.js';
import { decodeScalar, scalarText } from '../server/out/core/formats/yamlScalar.js';

/** The scalar at `path` of a valid YAML text, parsed the way the GitHub Models reader parses it. */
function scalarAt(source: string, path: (string | number)[]): Scalar {
  const doc = parseDocument(source, { keepSourceTokens: true });
  assert.deepEqual(doc.errors, [], `the YAML under test must be valid:\n${source}`);
  const node = doc.getIn(path, true);
  assert.ok(isScalar(node), `no scalar at ${path.join('.')}`);
  return node;
}

/** Decodes `k: ...` and returns the text with, for each character, the source character its offset points at. */
function decodeK(source: string): { text: string; at: string[]; offsets: number[] } {
  const node = scalarAt(source, ['k']);
  const decoded = decodeScalar(source, node);
  assert.ok(decoded, 'the reconstruction must agree with the yaml package');
  assert.equal(decoded.text, node.value);
  const offsets = Array.from(decoded.offsets);
  return { text: decoded.text, at: offsets.slice(0, -1).map((o) => source[o]), offsets };
}

const LINE_BREAK = new Set(['\n', '\r']);

/**
 * Checks the offset map of a decoded scalar against its source: one offset per character plus a sentinel,
 * monotonic, inside the scalar's range, and each character either copied from its offset or made by an escape
 * (offset on a backslash) or by folding (a space or newline on a line break).
 */
function assertOffsetMap(source: string, node: Scalar, text: string, offsets: Int32Array): void {
  const [start, end] = node.range!;
  assert.equal(offsets.length, text.length + 1);
  for (let i = 0; i < text.length; i++) {
    const o = offsets[i];
    assert.ok(o >= start && o < Math.max(end, start + 1), `offset ${o} of char ${i} outside [${start}, ${end})`);
    if (i > 0) assert.ok(o >= offsets[i - 1], `offsets go backwards at ${i}`);
    const ch = text[i];
    const from = source[o];
    const copied = from === ch;
    const folded = (ch === ' ' || ch === '\n') && LINE_BREAK.has(from);
    const escaped = node.type === Scalar.QUOTE_DOUBLE && from === '\\';
    // A character chomping adds after a last line without a line break maps to the scalar's last character.
    const chomped = ch === '\n' && i === text.length - 1 && o === end - 1;
    assert.ok(copied || folded || escaped || chomped, `char ${JSON.stringify(ch)} at ${i} maps to ${JSON.stringify(from)}`);
  }
  assert.ok(offsets[text.length] >= start && offsets[text.length] <= end);
}

describe('plain scalars', () => {
  test('fold single line breaks into spaces and keep n - 1 of n breaks, trimming each line', () => {
    const source = 'k: one\n  two  \n\n\n  three\n';
    const { text, at, offsets } = decodeK(source);
    assert.equal(text, 'one two\n\nthree');
    assert.equal(offsets[0], source.indexOf('one'));
    // The space between "one" and "two" stands for the line break after "one".
    assert.equal(offsets[3], source.indexOf('\n'));
    assert.deepEqual(at.slice(7, 9), ['\n', '\n']);
    assert.equal(offsets[9], source.indexOf('three'));
  });

  test('CRLF line breaks fold onto their carriage return', () => {
    const source = 'k: one\r\n  two\r\n';
    const { text, offsets } = decodeK(source);
    assert.equal(text, 'one two');
    assert.equal(source[offsets[3]], '\r');
    assert.equal(offsets[4], source.indexOf('two'));
  });
});

describe('single-quoted scalars', () => {
  test("'' is one quote mapped to the first, and lines fold", () => {
    const source = "k: 'It''s\n  here'\n";
    const { text, offsets } = decodeK(source);
    assert.equal(text, "It's here");
    assert.equal(offsets[2], source.indexOf("''"));
    assert.equal(offsets[3], source.indexOf("''") + 2);
    assert.equal(source[offsets[4]], '\n');
    assert.equal(offsets[9], source.lastIndexOf("'"), 'the sentinel is the closing quote');
  });
});

describe('double-quoted scalars', () => {
  test('every escape maps to its backslash', () => {
    const source = String.raw`k: "a\tb\n\x41\u00e9\U0001F600\"\\\/\ \_\0c"` + '\n';
    const { text, offsets } = decodeK(source);
    assert.equal(text, 'a\tb\nAé😀"\\/ \u00a0\0c');
    const backslashes = [...source.matchAll(/\\(?:[tn"\\/ _0]|x..|u....|U........)/g)].map((m) => m.index);
    const escaped = [1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];
    const expected = [backslashes[0], backslashes[1], backslashes[2], backslashes[3], backslashes[4], backslashes[4], ...backslashes.slice(5)];
    assert.deepEqual(escaped.map((i) => offsets[i]), expected);
    assert.equal(offsets[0], source.indexOf('a'));
    assert.equal(offsets[text.length - 1], source.lastIndexOf('c'));
  });

  test('escaped line breaks vanish with the next line’s indentation; folds map to the line break', () => {
    const source = 'k: "one \\\n    two\n    three\n\n    four  \n    five"\n';
    const { text, at, offsets } = decodeK(source);
    assert.equal(text, 'one two three\nfour five');
    assert.equal(offsets[4], source.indexOf('two'));
    assert.deepEqual([at[7], at[13], at[18]], ['\n', '\n', '\n']);
    // "four  " loses its trailing blanks before the fold.
    assert.equal(offsets[19], source.indexOf('five'));
  });

  test('invalid escapes stay as written', () => {
    const source = 'k: "a\\qb"\n';
    const node = parseDocument(source, { keepSourceTokens: true }).get('k', true) as Scalar;
    const decoded = decodeScalar(source, node);
    assert.ok(decoded);
    assert.equal(decoded.text, 'a\\qb');
    assert.deepEqual(Array.from(decoded.offsets.slice(0, 4)), [4, 5, 6, 7]);
  });
});

describe('block scalars', () => {
  test('literal: indentation beyond the content is kept, line breaks map to themselves', () => {
    const source = 'k: |\n  first\n    indented\n  last\n\n';
    const { text, at } = decodeK(source);
    assert.equal(text, 'first\n  indented\nlast\n');
    assert.equal(at.join(''), 'first\n  indented\nlast\n');
  });

  test('literal with an indentation indicator and keep chomping', () => {
    const source = 'k: |2+\n     lead\n    x\n\n';
    const { text, offsets } = decodeK(source);
    assert.equal(text, '   lead\n  x\n\n');
    assert.equal(offsets[0], source.indexOf('   lead'));
    assert.equal(source[offsets[text.length - 1]], '\n');
  });

  test('folded: lines join with spaces, more-indented lines and empty lines keep breaks', () => {
    const source = 'k: >-\n  a\n  b\n\n    code\n  c\n';
    const { text, at, offsets } = decodeK(source);
    assert.equal(text, 'a b\n\n  code\nc');
    assert.equal(at[1], '\n');
    assert.equal(offsets[2], source.indexOf('b\n'));
    assert.equal(offsets[5], source.indexOf('  code'));
  });

  test('CRLF block scalars map breaks to the carriage return', () => {
    const source = 'k: |\r\n  one\r\n  two\r\n';
    const { text, offsets } = decodeK(source);
    assert.equal(text, 'one\ntwo\n');
    assert.equal(source[offsets[3]], '\r');
    assert.equal(source[offsets[7]], '\r');
  });

  test('nested in a messages list, the parent indentation counts for the indicator', () => {
    const source = 'messages:\n  - role: user\n    content: |1\n      six spaces\n';
    const node = scalarAt(source, ['messages', 0, 'content']);
    const decoded = decodeScalar(source, node);
    assert.ok(decoded);
    assert.equal(decoded.text, ' six spaces\n');
  });
});

describe('fallback', () => {
  test('without a source token the value is aligned approximately but never wrong', () => {
    const source = 'k: "x\\ty z"\n';
    const node = parseDocument(source).get('k', true) as Scalar;
    assert.equal(decodeScalar(source, node), undefined);
    const mapped = scalarText(source, node);
    assert.equal(mapped.text, 'x\ty z');
    assertOffsetMap(source, node, mapped.text, mapped.offsets);
  });
});

const STYLES = [Scalar.PLAIN, Scalar.QUOTE_SINGLE, Scalar.QUOTE_DOUBLE, Scalar.BLOCK_LITERAL, Scalar.BLOCK_FOLDED] as const;

/** Strings with the characters that make YAML scalars hard: blanks, breaks, quotes, escapes, indicators, non-ASCII. */
const trickyString = fc.string({
  unit: fc.oneof(
    fc.constantFrom(' ', '  ', '\t', '\n', '\n\n', ' \n', "'", '"', '\\', '#', ': ', ' #', '- ', '|', '>', '---', '{{x}}', '\r', '\u2028', '\u0085', 'é', '😀', '\0', '\x7f'),
    fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 12 }),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 2 }),
  ),
  maxLength: 30,
});

/** Pieces of YAML source that stress scalars: indicators, escapes, breaks, indentation, props, document markers. */
const YAML_PIECES = [
  ' ', '  ', '\t', '\n', '\r\n', '\r', "'", "''", '"', '\\', '\\n', '\\x4', '\\u00e9', '\\U0001F600', '\\\n', '#', ': ', '- ',
  '|', '>', '|2', '>-', '|+', '>1+', 'a', 'word', 'é', '😀', '\n  ', '\n    ', '\n ', '\n\t', '---', '...', '{', '[', ',',
  '&x ', '*x', '!!str ', '%',
];

describe('property: random (often malformed) YAML', () => {
  test('every string scalar the yaml package reads is reconstructed exactly', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...YAML_PIECES), { maxLength: 25 }).map((pieces) => pieces.join('')),
        fc.boolean(),
        (body, nested) => {
          const source = nested ? `messages:\n  - role: user\n    content: ${body}` : `k: ${body}`;
          const node = parseDocument(source, { keepSourceTokens: true }).getIn(nested ? ['messages', 0, 'content'] : ['k'], true);
          fc.pre(isScalar(node) && typeof node.value === 'string');
          const decoded = decodeScalar(source, node);
          assert.ok(decoded, `no exact reconstruction of ${node.type} in:\n${JSON.stringify(source)}`);
          assert.equal(decoded.text, node.value);
          assertOffsetMap(source, node, decoded.text, decoded.offsets);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('property: every style round-trips exactly with a monotonic offset map inside the scalar', () => {
  test('strings stringified by the yaml package in each style, indent and line width', () => {
    fc.assert(
      fc.property(
        trickyString,
        fc.constantFrom(...STYLES),
        fc.integer({ min: 1, max: 6 }),
        fc.constantFrom(12, 20, 40, 80, 0),
        fc.boolean(),
        fc.boolean(),
        (value, style, indent, lineWidth, nested, crlf) => {
          const doc = new Document(nested ? { messages: [{ role: 'user', content: value }] } : { content: value });
          const path = nested ? ['messages', 0, 'content'] : ['content'];
          (doc.getIn(path, true) as Scalar).type = style;
          let source = doc.toString({ indent, lineWidth, minContentWidth: 0 });
          if (crlf) source = source.replace(/\n/g, '\r\n');
          const node = parseDocument(source, { keepSourceTokens: true }).getIn(path, true);
          // The stringifier occasionally writes a plain scalar its own parser reads as something else: not ours to map.
          fc.pre(isScalar(node) && typeof node.value === 'string');
          const decoded = decodeScalar(source, node);
          // The stringifier's output is not always valid YAML (it can pick an indentation indicator its own parser
          // rejects); the reconstruction must agree with whatever value the parser gives even then.
          assert.ok(decoded, `no exact reconstruction of ${node.type} in:\n${JSON.stringify(source)}`);
          assert.equal(decoded.text, node.value);
          assertOffsetMap(source, node, decoded.text, decoded.offsets);
          if (nested) {
            const message = parsePromptFile('p.prompt.yml', source).messages[0];
            assert.equal(message.text, node.value);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });
});
