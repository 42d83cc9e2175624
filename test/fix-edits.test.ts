// The CLI and the language server (while typing) lint without working out fix edits; code actions then lint the
// same text again with them. Both rely on one property: leaving the edits out changes nothing else, and the
// findings come in the same order. Checked on every corpus file and example, against the full lint.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { lintText, resolveConfig } from '../server/out/core/index.js';

const root = path.join(__dirname, '..');

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

test('a lint without fix edits gives the same findings, in the same order, with the same fix titles and no edits', () => {
  const config = resolveConfig();
  const files = [...filesUnder(path.join(root, 'test', 'corpus')), ...filesUnder(path.join(root, 'examples'))];
  let findings = 0;
  let fixesWithEdits = 0;
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const full = lintText(file, text, config);
    const lean = lintText(file, text, config, { fixEdits: false });
    assert.equal(lean.findings.length, full.findings.length, file);
    full.findings.forEach((finding, i) => {
      const other = lean.findings[i];
      const { fixes, ...rest } = finding;
      const { fixes: leanFixes, ...leanRest } = other;
      assert.deepEqual(leanRest, rest, `${file}: finding ${i}`);
      assert.deepEqual(
        leanFixes.map((f) => ({ ...f, edits: [] })),
        fixes.map((f) => ({ ...f, edits: [] })),
        `${file}: fixes of finding ${i}`,
      );
      assert.ok(leanFixes.every((f) => f.edits.length === 0), `${file}: finding ${i} has no edits`);
      fixesWithEdits += fixes.filter((f) => f.edits.length > 0).length;
    });
    findings += full.findings.length;
  }
  assert.ok(findings > 1000 && fixesWithEdits > 1000, `${findings} findings, ${fixesWithEdits} fixes with edits: the comparison covered real fixes`);
});
