// While a prompt is edited, persona phrases the edit did not touch are not classified again (a memo keyed by
// everything classify reads). The property that makes this safe: a lint after any sequence of edits finds exactly
// what a cold lint of the same text finds.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { lintText, resolveConfig } from '../server/out/core/index.js';
import { clearClassifyMemo } from '../server/out/core/persona/classify.js';

const config = resolveConfig();
const corpus = path.join(__dirname, '..', 'test', 'corpus');

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** A lint with whatever the memo holds, and one from a cold memo, of the same text: the same findings. */
function assertWarmEqualsCold(file: string, text: string, what: string): void {
  const warm = lintText(file, text, config, { fixEdits: false }).findings;
  clearClassifyMemo();
  const cold = lintText(file, text, config, { fixEdits: false }).findings;
  assert.deepEqual(warm, cold, what);
}

// Pieces typed or pasted into a prompt: persona words, variables, punctuation and word characters that can join a
// phrase to the text beside it (a letter typed at a phrase's end makes the last word longer).
const PIECES = ['e', 's', '-', "'", '/', '+', '.', ',', ' ', '\n', ' conservative', ' Catholic ', '{{group}}', ' a proud ', 'You are ', ' who votes Labour.', '2'];

test('after random edits, a lint that reuses remembered phrases finds what a cold lint finds (every corpus file)', () => {
  const files = filesUnder(corpus);
  assert.ok(files.length > 1000);
  fc.assert(
    fc.property(
      fc.constantFrom(...files),
      fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(...PIECES), fc.integer({ min: 0, max: 3 })), { minLength: 1, maxLength: 6 }),
      (file, edits) => {
        let text = fs.readFileSync(file, 'utf8');
        lintText(file, text, config, { fixEdits: false });
        for (const [where, piece, deleted] of edits) {
          const at = Math.floor(where * text.length);
          text = text.slice(0, at) + piece + text.slice(at + deleted);
          assertWarmEqualsCold(file, text, `${path.relative(corpus, file)} after an edit at ${at}`);
        }
      },
    ),
    { numRuns: 300, seed: 1206 },
  );
});

test('a phrase remembered in one place is found with the right offsets when it moves, in a dense persona prompt', () => {
  const panel = Array.from({ length: 60 }, (_, i) => `Panelist ${i}: You are a ${20 + i}-year-old devout Catholic retired teacher from Ohio.`).join('\n');
  const file = 'panel.prompt.md';
  lintText(file, panel, config, { fixEdits: false });
  // Text inserted at the top moves every remembered phrase; text appended to a phrase's last word changes it.
  for (const text of [`Simulate the panel.\n${panel}`, panel.replace('Ohio.', 'Ohioans.'), panel.replace('devout', 'devout, lapsed')]) {
    assertWarmEqualsCold(file, text, text.slice(0, 40));
  }
});
