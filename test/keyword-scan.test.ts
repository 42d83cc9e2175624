import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { KeywordRegex, leadingWords } from '../server/out/core/persona/keywordScan.js';

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
