import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parsePromptFile } from '../server/out/core/index.js';
import {
  SHIPPED_TOPICS,
  ProbeSetError,
  counterfactuals,
  pairProbes,
  parseProbeText,
  promptMessages,
  removeSentence,
  resolveInput,
  shippedProbes,
  topicForPersona,
  type ProbeSet,
} from '../server/out/core/checks/index.js';

/** The four counts of a covariance table in a probe text, read from its Markdown rows. */
function tableOf(text: string): { columns: [string, string]; rows: [number, number][] } {
  const lines = text.split('\n').filter((line) => line.startsWith('|'));
  const header = lines[0].split('|').map((cell) => cell.trim());
  const rows = lines.slice(2).map((line) => {
    const cells = line.split('|').map((cell) => cell.trim());
    return [Number(cells[2]), Number(cells[3])] as [number, number];
  });
  return { columns: [header[2], header[3]], rows };
}

describe('shipped probes', () => {
  test('a neutral control and one topic per identity category, each with at least 8 mirrored pairs on two sides', () => {
    assert.deepEqual(SHIPPED_TOPICS, ['neutral', 'political', 'religion', 'nationality', 'gender', 'age', 'activism', 'fandom']);
    for (const topic of SHIPPED_TOPICS) {
      const paired = pairProbes(shippedProbes(topic));
      assert.ok(paired.pairs.length >= 8, `${topic}: ${paired.pairs.length} pairs`);
      assert.equal(new Set(paired.sides).size, 2, topic);
      for (const pair of paired.pairs) {
        assert.equal(pair.items[0].favours, paired.sides[0]);
        assert.equal(pair.items[1].favours, paired.sides[1]);
      }
    }
  });

  test('twins show the same numbers with the outcome labels swapped, and the correct answer follows the rates', () => {
    const numberSets = new Set<string>();
    for (const topic of SHIPPED_TOPICS) {
      for (const pair of pairProbes(shippedProbes(topic)).pairs) {
        const [a, b] = pair.items.map((item) => tableOf(item.text));
        assert.deepEqual(a.rows, b.rows, pair.id);
        assert.deepEqual(a.columns, [b.columns[1], b.columns[0]], pair.id);
        numberSets.add(JSON.stringify(a.rows));
        // Twin a labels the columns as the topic words them: the good outcome (the first option's) first.
        const twinA = pair.items.find((item) => item.id.endsWith('a'));
        assert.ok(twinA, pair.id);
        const goodLabel = tableOf(twinA.text).columns[0];
        for (const item of pair.items) {
          const { columns, rows } = tableOf(item.text);
          const good = columns.indexOf(goodLabel);
          const rate = (row: [number, number]) => row[good] / (row[0] + row[1]);
          assert.notEqual(rate(rows[0]), rate(rows[1]), item.id);
          assert.equal(item.correct, item.options[rate(rows[0]) > rate(rows[1]) ? 0 : 1], item.id);
          // Comparing raw counts would mislead: the first row is larger in both columns.
          assert.ok(rows[0][0] > rows[1][0] && rows[0][1] > rows[1][1], item.id);
        }
      }
    }
    assert.ok(numberSets.size >= 8 * SHIPPED_TOPICS.length, 'numbers vary across pairs and topics');
  });

  test('the topic follows the persona identity category; a one-sided role gets the political topic', () => {
    const topicOf = (text: string) => {
      const doc = parsePromptFile('p.txt', text);
      return topicForPersona(resolveInput({ doc }).persona);
    };
    assert.equal(topicOf('You are a devout Catholic. Rate each claim.'), 'religion');
    assert.equal(topicOf('You are a lifelong Republican. Rate each claim.'), 'political');
    assert.equal(topicOf('You are a proud environmentalist. Rate each claim.'), 'activism');
    assert.equal(topicOf('You are a retired baby boomer. Rate each claim.'), 'age');
    assert.equal(topicOf('You are the press secretary for the governor. Rate each claim.'), 'political');
  });
});

describe('probe files', () => {
  const valid: ProbeSet = {
    topic: 'Test',
    items: [
      { id: 'p1a', pair: 'p1', text: 'Q1', options: ['yes', 'no'], correct: 'yes', favours: 'left' },
      { id: 'p1b', pair: 'p1', text: 'Q1 mirrored', options: ['yes', 'no'], correct: 'no', favours: 'right' },
    ],
  };

  test('JSON and YAML files read into the same probe set', () => {
    const fromJson = parseProbeText(JSON.stringify(valid), 'probes.json');
    const yaml = `topic: Test\nitems:\n${valid.items
      .map((i) => `  - id: ${i.id}\n    pair: ${i.pair}\n    text: ${i.text}\n    options: [${i.options.join(', ')}]\n    correct: ${i.correct}\n    favours: ${i.favours}\n`)
      .join('')}`;
    assert.deepEqual(parseProbeText(yaml, 'probes.yaml'), fromJson);
    assert.deepEqual(pairProbes(fromJson).sides, ['left', 'right']);
  });

  /** The issues a broken probe set is rejected with. */
  function issuesOf(value: unknown): string[] {
    try {
      parseProbeText(JSON.stringify(value), 'bad.json');
    } catch (error) {
      assert.ok(error instanceof ProbeSetError);
      assert.match(error.message, /^bad\.json: not a valid probe set/);
      return error.issues;
    }
    assert.fail('the probe set was accepted');
  }

  test('errors name the place and the problem', () => {
    const item = (changes: object, index = 0) => ({ ...valid, items: valid.items.map((it, i) => (i === index ? { ...it, ...changes } : it)) });
    assert.deepEqual(issuesOf({ items: valid.items }), ['topic: Invalid input: expected string, received undefined']);
    assert.match(issuesOf(item({ correct: 'maybe' }))[0], /^items\[0\]\.correct: "maybe" is not one of the options \("yes", "no"\)/);
    assert.match(issuesOf(item({ options: ['yes'] }))[0], /^items\[0\]\.options: needs at least two options/);
    assert.match(issuesOf(item({ favours: 'left' }, 1)).join('\n'), /favours: takes 1 value\(s\) \("left"\); a probe set has exactly two sides/);
    assert.match(issuesOf(item({ correct: 'yes' }, 1)).join('\n'), /items\[0, 1\]\.correct: both twins of pair "p1"/);
    assert.match(issuesOf(item({ pair: 'p2' }, 1)).join('\n'), /items\[0\]\.pair: "p1" has 1 item\(s\); a mirrored pair has exactly two/);
    assert.match(issuesOf(item({ id: 'p1a' }, 1)).join('\n'), /items\[1\]\.id: "p1a" is already used by items\[0\]/);
    assert.match(issuesOf(item({ text: ' ' }, 1)).join('\n'), /items\[1\]\.text: must not be empty/);
    assert.throws(() => parseProbeText('{ not: [closed', 'broken.yaml'), /broken\.yaml: not a valid probe set:\n {2}cannot be read as JSON or YAML/);
  });
});

describe('prompt variants', () => {
  test('the baseline removes the persona sentence; template variables are filled from the inputs', () => {
    const doc = parsePromptFile(
      'judge.prompt.yml',
      'messages:\n  - role: system\n    content: You are a lifelong Republican. Stay neutral.\n  - role: user\n    content: "Rate this: {{claim}}"\ntestData:\n  - claim: Taxes fell\n',
    );
    const input = resolveInput({ doc });
    assert.deepEqual(input.inputs, { claim: 'Taxes fell' });
    assert.deepEqual(promptMessages(doc, [], input.inputs), [
      { role: 'system', content: 'You are a lifelong Republican. Stay neutral.' },
      { role: 'user', content: 'Rate this: Taxes fell' },
    ]);
    assert.deepEqual(promptMessages(doc, [removeSentence(doc, input.persona.sentence)]), [
      { role: 'system', content: 'Stay neutral.' },
      { role: 'user', content: 'Rate this: {{claim}}' },
    ]);
  });

  test('counterfactual personas swap the identity within its category, the opposite side first, articles agreeing', () => {
    const swaps = (text: string) => {
      const doc = parsePromptFile('p.txt', text);
      return counterfactuals(doc, resolveInput({ doc }).persona).map((c) => c.sentence);
    };
    assert.deepEqual(swaps('You are a lifelong Republican. Rate each claim.'), ['You are a lifelong Democrat.', 'You are a lifelong independent.']);
    assert.deepEqual(swaps('You are an evangelical Christian. Rate each claim.'), ['You are an atheist.', 'You are a Muslim.']);
    assert.deepEqual(swaps('You are a proud small-government conservative. Judge it.'), ['You are a proud progressive.', 'You are a proud centrist.']);
    assert.deepEqual(swaps('You are a seasoned accountant. Rate each claim.'), []);
  });
});
