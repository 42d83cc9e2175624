import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test, type TestContext } from 'node:test';
import { decodeFile } from '../server/out/core/index.js';
import { runCli } from './support/runCli.js';

const LIMIT = 1_000_000;
const PROMPT = 'You are a Republican.\r\nRate how credible each claim is.\n';

/** UTF-16 bytes of a text with its byte-order mark, little- or big-endian. */
function utf16(text: string, endian: 'le' | 'be'): Uint8Array {
  const bytes = Buffer.from(`\uFEFF${text}`, 'utf16le');
  if (endian === 'be') bytes.swap16();
  return bytes;
}

function scratch(t: TestContext): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evenhand-decode-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('decodeFile', () => {
  test('UTF-16 LE and BE with a byte-order mark are text, without the mark', () => {
    const text = `${PROMPT}é 😀 “quotes”`;
    assert.deepEqual(decodeFile(utf16(text, 'le'), LIMIT), { text });
    assert.deepEqual(decodeFile(utf16(text, 'be'), LIMIT), { text });
  });

  test('UTF-8 with and without a byte-order mark is text, without the mark', () => {
    assert.deepEqual(decodeFile(Buffer.from(`\uFEFF${PROMPT}`, 'utf8'), LIMIT), { text: PROMPT });
    assert.deepEqual(decodeFile(Buffer.from(PROMPT, 'utf8'), LIMIT), { text: PROMPT });
  });

  test('binary stays binary, UTF-16 without a mark included, and UTF-32 or odd bytes after a UTF-16 mark are not text', () => {
    assert.deepEqual(decodeFile(Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d), LIMIT), { skipped: 'skipped: binary file' });
    assert.deepEqual(decodeFile(Buffer.from(PROMPT, 'utf16le'), LIMIT), { skipped: 'skipped: binary file' });
    const utf32 = Uint8Array.of(0xff, 0xfe, 0, 0, 0x59, 0, 0, 0, 0x6f, 0, 0, 0);
    assert.ok('skipped' in decodeFile(utf32, LIMIT));
    const lonelySurrogates = Buffer.alloc(2 + 2 * 200);
    lonelySurrogates.writeUInt16LE(0xfeff, 0);
    for (let i = 0; i < 200; i++) lonelySurrogates.writeUInt16LE(0xdc00, 2 + 2 * i);
    assert.deepEqual(decodeFile(lonelySurrogates, LIMIT), { skipped: 'skipped: not UTF-16 text' });
  });

  test('the size limit counts bytes, whatever the encoding', () => {
    const bytes = utf16(PROMPT, 'le');
    assert.match((decodeFile(bytes, bytes.length - 1) as { skipped: string }).skipped, /over the \d+-byte limit/);
  });
});

describe('evenhand lint on UTF-16 files', () => {
  test('a UTF-16 file with a BOM, LE or BE, is linted with the findings of its UTF-8 twin, at the same lines and columns', async (t) => {
    const dir = scratch(t);
    fs.writeFileSync(path.join(dir, 'utf8.prompt.md'), PROMPT);
    fs.writeFileSync(path.join(dir, 'le.prompt.md'), utf16(PROMPT, 'le'));
    fs.writeFileSync(path.join(dir, 'be.prompt.md'), utf16(PROMPT, 'be'));
    const run = await runCli(['lint', '--format', 'json', '.'], dir);
    const report = JSON.parse(run.stdout) as {
      files: { path: string; findings: { ruleId: string; line: number; column: number; endColumn: number }[] }[];
      skipped: unknown[];
    };
    assert.deepEqual(report.skipped, []);
    const byFile = new Map(report.files.map((f) => [f.path, f.findings.map(({ ruleId, line, column, endColumn }) => ({ ruleId, line, column, endColumn }))]));
    const utf8 = byFile.get('utf8.prompt.md');
    assert.ok(utf8 && utf8.length > 0, run.stdout);
    assert.deepEqual(byFile.get('le.prompt.md'), utf8);
    assert.deepEqual(byFile.get('be.prompt.md'), utf8);
  });
});
