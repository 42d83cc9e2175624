import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compileGrammar } from '../server/out/core/persona/instructionGrammar.js';
import { chunksOf, clearKeywordScanMemo, KeywordRegex, leadingWords, textChange, wordsOf } from '../server/out/core/persona/keywordScan.js';

describe('keyword-anchored scanning', () => {
  test('leading words are read from a pattern, or left unknown when the source does not fix them', () => {
    assert.deepEqual(leadingWords(String.raw`\b(?:take\s+on|play)\s+the\s+role`), ['take', 'play']);
    assert.deepEqual(leadingWords(String.raw`(?<third>(?:^|(?<=[.!?]\s*))(?:the\s+(?:assistant|ai)|bot)\s+is)`), ['the', 'bot']);
    assert.deepEqual(leadingWords(String.raw`(?<!\b(?:the|a)\s)\b(?:evaluate|fact-check)\b`), ['evaluate', 'fact']);
    assert.equal(leadingWords(String.raw`\blabell?er\b`), undefined);
    assert.equal(leadingWords(String.raw`\b(?:the\s+)?assistant`), undefined);
    assert.equal(leadingWords(String.raw`\b\w+ly\b`), undefined);
  });

  test('finds exactly what a global scan of the joined alternatives finds', () => {
    const alternatives = [
      String.raw`\b(?:rate|score)\s+(?:the|each)\b`,
      String.raw`\bremain\s+neutral\b`,
      String.raw`(?:^|(?<=[.!?]\s*))as\s+(?:a|an)\s+\w+`,
      String.raw`\blabell?er\s+\d+`,
      String.raw`\byou\s+are\s+(?:a|an)\s+\w+`,
    ];
    const scan = new KeywordRegex(alternatives, 'imu', ['labeler', 'labeller']);
    const global = new RegExp(alternatives.join('|'), 'gimu');
    const words = ['rate', 'score', 'the', 'each', 'remain', 'neutral', 'as', 'a', 'an', 'you', 'are', 'labeler', 'labeller', '7', 'Judge', '.', '!', ' ', '\n', 'x'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...words), { maxLength: 40 }), (parts) => {
        const text = parts.join(' ');
        const expected = [...text.matchAll(global)].map((m) => [m.index, m[0]]);
        const actual = [...scan.matches(text)].map((m) => [m.index, m[0]]);
        assert.deepEqual(actual, expected);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('sentence-by-sentence scanning', () => {
  // The instruction grammars' scans, read whole and sentence by sentence (with the sentences of the last text kept).
  const grammarDir = path.join(__dirname, '..', 'server', 'src', 'core', 'persona', 'grammar');
  const shared = JSON.parse(fs.readFileSync(path.join(grammarDir, 'shared.json'), 'utf8'));
  const scans = ['evaluation', 'neutralising', 'respondent'].map((name) => {
    const data = JSON.parse(fs.readFileSync(path.join(grammarDir, `${name}.json`), 'utf8'));
    const frames = compileGrammar({ ...data, classes: { ...shared.classes, ...data.classes } }, shared.context);
    return { name, scan: new KeywordRegex(frames.map((f) => f.source), 'imu', [...new Set(frames.flatMap((f) => f.leadingWords))]) };
  });
  const spans = (ms: { index: number; 0: string }[]) => ms.map((m) => [m.index, m[0]]);
  const agree = (text: string, label: string) => {
    for (const { name, scan } of scans) assert.deepEqual(spans(scan.sentenceMatches(text)), spans(scan.matches(text)), `${name} ${label}`);
  };
  test('finds what the whole-text scan finds on every corpus file, read fresh and read again after an edit', () => {
    const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
    for (const file of walk(path.join(__dirname, '..', 'test', 'corpus'))) {
      const text = fs.readFileSync(file, 'utf8');
      agree(text, file);
      // Kept sentences are reused at their new offsets after text is inserted before them.
      agree(`Rate the essay. ${text}`, `${file} (edited)`);
    }
  });
  test('finds what the whole-text scan finds on generated instruction text', () => {
    const words = ['answer', 'rate', 'the', 'survey', 'as', 'a', 'typical', 'voter', 'would', 'you', 'be', 'objective', 'and', 'fair', 'which', 'is', 'better', 'or', 'worse', 'how', 'convincing', 'find', 'it', 'e.g.', '1.5', '.', ';', '?', '!', '\n', '"'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...words), { maxLength: 60 }), (list) => agree(list.join(' '), list.join(' '))),
      { numRuns: 300 },
    );
  });

  test('the shared word list finds what each scan\'s own word pattern finds, whatever touches the words', () => {
    // The shared list stands in for `\b(?:words)(?![A-Za-z])` (flags gi): digits, `_`, non-ASCII letters that fold
    // to ASCII ones (ſ, the Kelvin sign) and case must start or end a word exactly as that pattern has them.
    const byPattern = (scan: KeywordRegex, text: string) => (scan as unknown as { matchesByWordPattern(t: string): RegExpExecArray[] }).matchesByWordPattern(text);
    const pieces = ['Rate', 'rate', 'RATE', 'the', 'answer', 'survey', 'as', 'a', 'voter', 'you', 'objective', 'fair', '_', '2', 'é', 'ſ', '\u212a', '-', "'", '.', ';', ' ', '\n', 'x'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 60 }), fc.boolean(), (list, spaced) => {
        const text = list.join(spaced ? ' ' : '');
        for (const { name, scan } of scans) assert.deepEqual(spans(scan.matches(text)), spans(byPattern(scan, text)), `${name}: ${JSON.stringify(text)}`);
      }),
      { numRuns: 1000 },
    );
  });

  test('after edits, the word lists and sentences worked out from the last text find what a fresh scan finds', () => {
    // Typing: each text is worked out from the one before it (only the stretch around the change is read again).
    const byPattern = (scan: KeywordRegex, text: string) => (scan as unknown as { matchesByWordPattern(t: string): RegExpExecArray[] }).matchesByWordPattern(text);
    const pieces = ['rate', 'Rate', 'the', 'answer', 'survey', 'as', 'a', 'typical', 'voter', 'would', 'you', 'be', 'objective', 'fair', 'which', 'is', 'better', '_', '2', 'é', '.', ';', '?', ' ', '\n', 'x', 'e.g.'];
    // Single characters too: a letter, digit or mark typed against a word joins, splits or ends it.
    const typed = fc.constantFrom(...pieces, 'e', 'r', '9', '_', '.', ' ');
    const edit = fc.record({ at: fc.nat(), remove: fc.nat({ max: 12 }), insert: fc.array(typed, { maxLength: 6 }) });
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 80 }), fc.boolean(), fc.array(edit, { minLength: 1, maxLength: 12 }), (start, spaced, edits) => {
        let text = start.join(spaced ? ' ' : '');
        for (const { at, remove, insert } of edits) {
          const from = at % (text.length + 1);
          text = text.slice(0, from) + insert.join('') + text.slice(from + remove);
          // The word list and stretches worked out from the text before equal those read from scratch.
          const kept = { words: wordsOf(text), chunks: chunksOf(text) };
          clearKeywordScanMemo();
          assert.deepEqual(kept, { words: wordsOf(text), chunks: chunksOf(text) }, JSON.stringify(text));
          for (const { name, scan } of scans) {
            const expected = spans(byPattern(scan, text));
            assert.deepEqual(spans(scan.matches(text)), expected, `${name} words: ${JSON.stringify(text)}`);
            assert.deepEqual(spans(scan.sentenceMatches(text)), expected, `${name} sentences: ${JSON.stringify(text)}`);
          }
        }
      }),
      { numRuns: 1500 },
    );
  });

  test('textChange names the shared start and end of two texts, never overlapping', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), fc.string({ maxLength: 30 }), (before, after) => {
        const { start, beforeEnd, afterEnd } = textChange(before, after);
        assert.equal(before.slice(0, start), after.slice(0, start));
        assert.equal(before.slice(beforeEnd), after.slice(afterEnd));
        assert.ok(start <= beforeEnd && start <= afterEnd);
        assert.equal(before.length - beforeEnd, after.length - afterEnd);
        // Neither can be widened: the characters at the change's edges differ (or a text ends there).
        if (start < beforeEnd && start < afterEnd) assert.notEqual(before[start], after[start]);
      }),
      { numRuns: 500 },
    );
  });
});
