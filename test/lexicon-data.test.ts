// The word lists persona detection reads from persona/lexicon: data a contributor edits, checked so that an
// entry that could never match, or is listed twice, fails here rather than being silently ignored.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { normalizeToken } from '../server/out/core/persona/lexicon.js';

const lexiconDir = path.join(__dirname, '..', 'server', 'src', 'core', 'persona', 'lexicon');
const readLists = (file: string): [string, string[]][] =>
  Object.entries(JSON.parse(fs.readFileSync(path.join(lexiconDir, file), 'utf8'))).filter(
    (entry): entry is [string, string[]] => Array.isArray(entry[1]),
  );

describe('persona word lists', () => {
  test('phrase.json lists are single normalised tokens (lower case, no possessive), as tokens are compared', () => {
    // belongingVerbs is matched against the joined tokens of a clause, so it may hold two words.
    for (const [name, words] of readLists('phrase.json')) {
      for (const word of words) {
        const tokens = word.split(' ');
        assert.ok(name === 'belongingVerbs' || tokens.length === 1, `${name}: "${word}" is one token`);
        for (const token of tokens) assert.equal(normalizeToken(token), token, `${name}: "${word}" is normalised`);
      }
    }
  });

  for (const file of ['phrase.json', 'cues.json']) {
    test(`${file}: no list is empty or names a word twice`, () => {
      for (const [name, words] of readLists(file)) {
        assert.ok(words.length > 0, `${name} is not empty`);
        const seen = new Set<string>();
        for (const word of words) {
          const key = word.toLowerCase();
          assert.ok(!seen.has(key), `${name}: "${word}" is listed twice`);
          seen.add(key);
        }
      }
    });
  }
});
