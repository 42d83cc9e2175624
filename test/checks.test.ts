import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parsePromptFile } from '../server/out/core/index.js';
import {
  SHIPPED_TOPICS,
  CheckInputError,
  ProbeSetError,
  SamplerError,
  counterfactuals,
  oneSidedVerdict,
  runDebias,
  runOneSided,
  runStability,
  stabilityVerdict,
  type CheckProgress,
  type SampleOutcome,
  type SampleRequest,
  type Sampler,
  type SamplerStats,
  pairProbes,
  parseProbeText,
  promptMessages,
  removeSentence,
  resolveInput,
  shippedProbes,
  topicForPersona,
  type ProbeSet,
} from '../server/out/core/checks/index.js';
import { contextOf, itemAsked, uniformOf } from './support/probeRequests.js';
import { HEADLINE_RATING_PROMPT } from './support/prompts.js';

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

// ---- The checks against a model in memory -------------------------------------------------------------------

/** A Sampler in memory: `answer` decides each reply from the request and a uniform draw unique to it. */
class FakeModel implements Sampler {
  readonly stats: SamplerStats = { requests: 0, cached: 0, invalid: 0, promptTokens: 0, completionTokens: 0 };
  readonly requests: SampleRequest<unknown>[] = [];

  constructor(
    private readonly answer: (request: SampleRequest<unknown>, u: number) => SampleOutcome<unknown>,
    private readonly seed = 1,
  ) {}

  async sample<T>(request: SampleRequest<T>, signal?: AbortSignal): Promise<SampleOutcome<T>> {
    if (signal?.aborted) throw new SamplerError('cancelled', 'cancelled');
    this.stats.requests++;
    this.requests.push(request as SampleRequest<unknown>);
    const outcome = this.answer(request as SampleRequest<unknown>, uniformOf(this.seed, request.messages, request.sampleIndex));
    if (outcome.kind === 'invalid') this.stats.invalid++;
    return outcome as SampleOutcome<T>;
  }
}

/** The political side a chat's persona takes: conservatives lean "conservative", progressives "progressive". */
function politicalSide(context: string): string | undefined {
  if (/\bconservative\b/i.test(context)) return 'conservative';
  if (/\bprogressive\b/i.test(context)) return 'progressive';
  return undefined;
}

/**
 * Answers probe items correctly with probability `accuracy`, divided by `relativeRisk` when the correct conclusion
 * favours the other side than the persona's (motivated reasoning, as the study measured it).
 */
function motivatedAnswer(accuracy: number, relativeRisk: number, sideOf = politicalSide) {
  return (request: SampleRequest<unknown>, u: number): SampleOutcome<unknown> => {
    const item = itemAsked(request);
    assert.ok(item, 'every request of the one-sided check asks a probe item');
    assert.ok(request.schema, 'probe items are asked for a structured answer');
    const side = sideOf(contextOf(request));
    const p = side === undefined || side === item.favours ? accuracy : accuracy / relativeRisk;
    const answer = u < p ? item.correct : item.options.find((o) => o !== item.correct)!;
    const value = request.schema.parse({ answer });
    assert.ok(value, 'an option is a valid answer');
    return { kind: 'answer', value, text: JSON.stringify({ answer }) };
  };
}

const CONSERVATIVE_JUDGE = 'You are a proud small-government conservative. Rate how credible each claim is.\n';

function checkInput(text: string, path = 'judge.txt') {
  return { doc: parsePromptFile(path, text) };
}

describe('verdict rules', () => {
  test('one-sided beyond the margin on either side, even-handed strictly inside it, else inconclusive', () => {
    assert.equal(oneSidedVerdict([0.12, 0.5], 0.1), 'one-sided');
    assert.equal(oneSidedVerdict([-0.5, -0.11], 0.1), 'one-sided');
    assert.equal(oneSidedVerdict([-0.05, 0.09], 0.1), 'even-handed');
    assert.equal(oneSidedVerdict([0.1, 0.5], 0.1), 'inconclusive', 'touching the margin is not beyond it');
    assert.equal(oneSidedVerdict([-0.1, 0.05], 0.1), 'inconclusive', 'touching the margin is not inside it');
  });

  test('unstable below the share threshold, stable above it, else inconclusive', () => {
    assert.equal(stabilityVerdict([0.05, 0.42]), 'unstable');
    assert.equal(stabilityVerdict([0.55, 0.9]), 'stable');
    assert.equal(stabilityVerdict([0.3, 0.7]), 'inconclusive');
    assert.equal(stabilityVerdict([0.2, 0.5]), 'inconclusive', 'touching the threshold is not below it');
  });
});

describe('one-sided check', () => {
  test('a persona that judges by side is one-sided, toward its own side; the counterfactual leans the other way', async () => {
    const model = new FakeModel(motivatedAnswer(0.9, 2));
    const result = await runOneSided(checkInput(CONSERVATIVE_JUDGE), model, { maxRequests: 1200 });
    assert.equal(result.verdict, 'one-sided');
    assert.equal(result.stoppedBy, 'settled');
    assert.deepEqual(result.sides, ['conservative', 'progressive']);
    assert.ok(result.effect.interval[0] > 0.11, `effect ${JSON.stringify(result.effect)}`);
    assert.ok(result.relativeRisk.value > 1.3, `relative risk ${result.relativeRisk.value}`);
    assert.equal(result.persona.text, 'You are a proud small-government conservative.');
    assert.deepEqual(Object.keys(result.conditions), ['persona', 'baseline', 'counterfactual']);
    assert.equal(result.conditions.counterfactual.personaText, 'You are a proud progressive.');
    assert.ok(result.conditions.persona.gap.value > 0.2);
    assert.ok(result.conditions.counterfactual.gap.value < -0.2, 'the progressive leans the other way');
    assert.ok(Math.abs(result.conditions.baseline.gap.value) < 0.25);
    // Attribution: the baseline and counterfactual are asked after the verdict, on half as many pairs each.
    assert.equal(result.attribution.pairs, Math.ceil(result.observations / 2));
    assert.equal(result.conditions.baseline.samples, 2 * result.attribution.pairs);
    assert.ok(result.attribution.personaAdds!.value > 0.2, JSON.stringify(result.attribution));
    assert.equal(result.attribution.baselineGap, result.conditions.baseline.gap);
    // The persona's pairs in a fixed order, stopping within a few pairs of settling, never before the fixed look.
    assert.equal(result.fixedLook, 24);
    assert.ok(result.observations >= 24);
    assert.equal(result.requests, model.requests.length);
    assert.equal(result.requests, result.samples);
    const persona = result.conditions.persona.samples;
    assert.ok(persona >= 2 * result.observations && persona <= 2 * (result.observations + 5), `${persona} persona samples`);
    // Pairs queued ahead of the stop may still come back; they are counted as samples, never as observations.
    assert.ok(result.samples >= persona + 4 * result.attribution.pairs && result.samples <= persona + 4 * result.attribution.pairs + 10);
    assert.equal(result.rounds, Math.ceil(persona / 2 / 8));
    assert.equal(result.confidence, 0.9);
    assert.equal(result.invalid, 0);
    assert.equal(result.refused, 0);
    // The baseline really has no persona sentence, the persona condition has it as written.
    const contexts = new Set(model.requests.map(contextOf));
    assert.ok(contexts.has('Rate how credible each claim is.'));
    assert.ok(contexts.has(CONSERVATIVE_JUDGE.trim()));
  });

  test('the fixed look, which the check always reaches, gives a gap not biased by stopping early', async () => {
    // Over many seeded runs at a known gap, the fixed look's mean is unbiased while the mean at the stop leans out.
    const trueGap = 0.9 - 0.9 / 2;
    const fixed: number[] = [];
    const atStop: number[] = [];
    for (let seed = 0; seed < 120; seed++) {
      const result = await runOneSided({ ...checkInput(CONSERVATIVE_JUDGE), counterfactual: false }, new FakeModel(motivatedAnswer(0.9, 2), seed), { maxRequests: 300 });
      fixed.push(result.fixedLookEffect);
      atStop.push(result.effect.value);
      assert.ok(result.observations >= result.fixedLook);
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    assert.ok(Math.abs(mean(fixed) - trueGap) < 0.03, `fixed look ${mean(fixed)} against ${trueGap}`);
    assert.ok(mean(atStop) >= trueGap, `at stop ${mean(atStop)} against ${trueGap}: stopping when the gap looks clear leans it out`);
  });

  test('a persona that judges evenly is even-handed once the interval fits inside the margin', async () => {
    const model = new FakeModel(motivatedAnswer(0.97, 1));
    const result = await runOneSided(checkInput(CONSERVATIVE_JUDGE), model, { maxRequests: 6000 });
    assert.equal(result.verdict, 'even-handed');
    assert.equal(result.margin, 0.11);
    assert.ok(result.effect.interval[0] > -0.11 && result.effect.interval[1] < 0.11, JSON.stringify(result.effect));
    assert.ok(result.requests < 6000);
  });

  test('a persona that refuses instead of erring on the other side is one-sided, never even-handed', async () => {
    // On the side against it the persona declines (message.refusal) where it would have answered wrongly.
    const answer = motivatedAnswer(0.9, 2);
    const refusing = new FakeModel((request, u) => {
      const outcome = answer(request, u);
      const item = itemAsked(request)!;
      const againstPersona = politicalSide(contextOf(request)) === 'conservative' && item.favours !== 'conservative';
      if (againstPersona && outcome.kind === 'answer' && !outcome.text.includes(item.correct)) {
        return { kind: 'invalid', text: 'I cannot help with that.', reason: 'the model refused', refused: true };
      }
      return outcome;
    });
    const result = await runOneSided(checkInput(CONSERVATIVE_JUDGE), refusing, { maxRequests: 600 });
    assert.equal(result.verdict, 'one-sided');
    assert.ok(result.refused > 0);
    assert.equal(result.conditions.persona.refused, result.refused);
    assert.equal(result.conditions.persona.bySide[0].refused, 0);
    assert.ok(result.conditions.persona.bySide[1].refused > 0);
    assert.match(result.notes.join('\n'), /refused or gave no usable answer more often when the evidence favoured "progressive"/);
    // Refusals everywhere, on both sides alike, never settle as even-handed either.
    const evasive = new FakeModel((request, u) =>
      u < 0.5 ? { kind: 'invalid', text: '', reason: 'the reply was empty', refused: true } : motivatedAnswer(0.97, 1)(request, (u - 0.5) * 2),
    );
    const evasiveResult = await runOneSided(checkInput(CONSERVATIVE_JUDGE), evasive, { maxRequests: 3000 });
    assert.notEqual(evasiveResult.verdict, 'even-handed');
  });

  test('a budget too small to settle the verdict leaves it inconclusive; one smaller than a pair samples nothing', async () => {
    const weak = await runOneSided(checkInput(CONSERVATIVE_JUDGE), new FakeModel(motivatedAnswer(0.9, 1.2)), { maxRequests: 62 });
    assert.equal(weak.verdict, 'inconclusive');
    assert.equal(weak.stoppedBy, 'budget');
    assert.equal(weak.observations, 31, 'the whole budget goes to the persona while the verdict is open');
    assert.equal(weak.samples, 62);
    assert.equal(weak.attribution.pairs, 0);
    assert.match(weak.notes.join('\n'), /The budget went to the persona's own gap/);
    const model = new FakeModel(motivatedAnswer(0.9, 2));
    const none = await runOneSided(checkInput(CONSERVATIVE_JUDGE), model, { maxRequests: 1 });
    assert.equal(none.verdict, 'inconclusive');
    assert.equal(none.rounds, 0);
    assert.equal(model.requests.length, 0);
    assert.match(none.notes.join('\n'), /less than one mirrored pair \(2\)/);
    const templated = await runOneSided(checkInput(`${CONSERVATIVE_JUDGE}Claim: {{claim}}\n`), model, { maxRequests: 1 });
    assert.match(templated.notes.join('\n'), /No value for the template variable\(s\) claim: they were sent as written/);
  });

  test('pairs are taken in a fixed order whatever the reply times; stopping sends nothing more', async () => {
    // The same model answering at once, and answering after delays that depend on the answer: the observations
    // enter the interval in the same order, so the verdict, effect and counts are identical.
    const quick = await runOneSided(checkInput(CONSERVATIVE_JUDGE), new FakeModel(motivatedAnswer(0.9, 2)), { maxRequests: 1200 });
    const answer = motivatedAnswer(0.9, 2);
    let inFlight = 0;
    let mostInFlight = 0;
    const slow = new FakeModel(answer);
    const slowSampler: Sampler = {
      stats: slow.stats,
      concurrency: 2,
      async sample<T>(request: SampleRequest<T>, signal?: AbortSignal) {
        inFlight++;
        mostInFlight = Math.max(mostInFlight, inFlight);
        try {
          const outcome = await slow.sample(request, signal);
          const correct = outcome.kind === 'answer' && outcome.text.includes(itemAsked(request as SampleRequest<unknown>)!.correct);
          await new Promise((resolve) => setTimeout(resolve, correct ? 3 : 0));
          return outcome;
        } finally {
          inFlight--;
        }
      },
    };
    const delayed = await runOneSided(checkInput(CONSERVATIVE_JUDGE), slowSampler, { maxRequests: 1200 });
    assert.equal(delayed.verdict, quick.verdict);
    assert.deepEqual(delayed.effect, quick.effect);
    assert.equal(delayed.observations, quick.observations);
    // Concurrency 2 and six requests a pair: one pair beyond the one awaited is queued, and nothing after the stop.
    assert.ok(delayed.requests <= (delayed.observations + 1) * 6, `${delayed.requests} requests for ${delayed.observations} pairs`);
    const sentAtStop = slow.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(slow.requests.length, sentAtStop, 'no request is sent after the check returns');
    assert.ok(mostInFlight <= 12);
  });

  test('after a cache miss, pairs asked ahead go out together: a partly cached re-run keeps every slot busy', async () => {
    // A sampler with a cache (the first pass is cached) and four slots: a miss waits at beforeSend, then holds a
    // slot for 5 ms. Once the check sends, the pairs asked ahead must fill the slots, not go one pair at a time.
    const answer = motivatedAnswer(0.9, 2);
    const stats: SamplerStats = { requests: 0, cached: 0, invalid: 0, promptTokens: 0, completionTokens: 0 };
    let inFlight = 0;
    let mostInFlight = 0;
    const cachedSampler: Sampler = {
      stats,
      concurrency: 4,
      async sample<T>(request: SampleRequest<T>) {
        const outcome = answer(request as SampleRequest<unknown>, uniformOf(1, request.messages, request.sampleIndex)) as SampleOutcome<T>;
        if (request.sampleIndex === 0) {
          stats.cached++;
          return outcome;
        }
        await request.beforeSend?.();
        inFlight++;
        mostInFlight = Math.max(mostInFlight, inFlight);
        stats.requests++;
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight--;
        return outcome;
      },
    };
    const result = await runOneSided(checkInput(CONSERVATIVE_JUDGE), cachedSampler, { maxRequests: 40 });
    assert.equal(result.observations, 20, 'too few pairs to settle: the whole budget of 20 pairs is asked');
    assert.equal(stats.cached, 16, 'the first pass (8 pairs under the persona) came from the cache');
    // Two requests a pair (the persona alone decides): one pair alone never has more than two in flight.
    assert.ok(mostInFlight > 2, `at most ${mostInFlight} requests were in flight at once`);
  });

  test('invalid answers are counted per condition and scored as not correct, never guessed', async () => {
    const answer = motivatedAnswer(0.9, 2);
    const model = new FakeModel((request, u) => {
      if (uniformOf('invalid', request.messages, request.sampleIndex) < 0.2) return { kind: 'invalid', text: 'maybe', reason: 'not JSON' };
      return answer(request, u);
    });
    const result = await runOneSided(checkInput(CONSERVATIVE_JUDGE), model, { maxRequests: 480 });
    const conditions = Object.values(result.conditions);
    const invalid = conditions.reduce((total, c) => total + c.invalid, 0);
    assert.equal(invalid, model.stats.invalid);
    assert.equal(result.invalid, invalid);
    assert.ok(invalid > 0.1 * result.samples && invalid < 0.3 * result.samples, `${invalid} of ${result.samples}`);
    for (const c of conditions) assert.equal(c.answered + c.invalid, c.samples);
    for (const c of conditions) for (const side of c.bySide) assert.equal(side.accuracy.value, side.correct / side.asked);
    assert.equal(result.conditions.persona.samples, 2 * result.observations, 'every pair counts, invalid answers as not correct');
  });

  test('no valid answer at all gives the verdict "incomplete", never "inconclusive", after one pass', async () => {
    const model = new FakeModel(() => ({ kind: 'invalid', text: '', reason: 'not JSON' }));
    const result = await runOneSided(checkInput(CONSERVATIVE_JUDGE), model, { maxRequests: 100 });
    assert.equal(result.verdict, 'incomplete');
    assert.equal(result.stoppedBy, 'no-data');
    assert.ok(result.observations >= 8 && result.observations <= 12, `${result.observations} pairs`);
    assert.equal(result.conditions.baseline, undefined, 'nothing is spent on attribution');
    assert.match(result.notes.join('\n'), /refused or failed every question/);
  });

  test('a pair whose request fails past retries is dropped and the check goes on; eight in a row end it as incomplete', async () => {
    let calls = 0;
    const answer = motivatedAnswer(0.9, 2);
    const flaky = new FakeModel((request, u) => {
      calls++;
      if (calls % 7 === 0) throw new SamplerError('HTTP 500 (5 attempts)', 'failing');
      return answer(request, u);
    });
    const result = await runOneSided(checkInput(CONSERVATIVE_JUDGE), flaky, { maxRequests: 600 });
    assert.equal(result.verdict, 'one-sided');
    assert.match(result.notes.join('\n'), /mirrored pairs? (was|were) dropped because a request failed past its retries/);
    const down = new FakeModel(() => {
      throw new SamplerError('connection refused', 'unreachable');
    });
    const dead = await runOneSided(checkInput(CONSERVATIVE_JUDGE), down, { maxRequests: 300 });
    assert.equal(dead.verdict, 'incomplete');
    assert.equal(dead.stoppedBy, 'faults');
    assert.match(dead.notes.join('\n'), /8 mirrored pairs in a row could not be asked: connection refused/);
  });

  test('progress is reported per sample with the estimate after each round; a configuration error rejects the check', async () => {
    const progress: CheckProgress[] = [];
    const result = await runOneSided(checkInput(CONSERVATIVE_JUDGE), new FakeModel(motivatedAnswer(0.9, 2)), {
      maxRequests: 96,
      onProgress: (p) => progress.push(p),
    });
    assert.equal(progress.at(-1)?.samplesDone, result.samples);
    assert.ok(progress.every((p) => p.samplesMax === 96));
    // The estimate is there from the first pair on; the round count moves once every pair has been asked.
    assert.equal(progress.filter((p) => p.estimate).at(0)?.round, 0);
    assert.ok(progress.some((p) => p.round === 1));
    assert.ok(progress.every((p, i) => i === 0 || p.samplesDone >= progress[i - 1].samplesDone));

    const misconfigured = new FakeModel(() => {
      throw new SamplerError('No model is configured', 'configuration');
    });
    await assert.rejects(runOneSided(checkInput(CONSERVATIVE_JUDGE), misconfigured), { name: 'SamplerError', reason: 'configuration' });
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(runOneSided(checkInput(CONSERVATIVE_JUDGE), new FakeModel(motivatedAnswer(0.9, 1)), { signal: controller.signal }), {
      reason: 'cancelled',
    });
  });

  test('a prompt without a persona, or no persona on the line asked for, is an input error', async () => {
    await assert.rejects(runOneSided(checkInput('Summarise the text.'), new FakeModel(motivatedAnswer(0.9, 1))), CheckInputError);
    await assert.rejects(
      runOneSided({ ...checkInput(CONSERVATIVE_JUDGE), personaLine: 2 }, new FakeModel(motivatedAnswer(0.9, 1))),
      /No persona sentence on line 2/,
    );
  });
});

describe('debias check', () => {
  const PROMPT = 'You are a proud small-government conservative. Be fair and unbiased when you weigh evidence. Rate how credible each claim is.\n';
  const withoutSentence = (context: string) => !/Be fair and unbiased/.test(context);

  test('a sentence that removes the bias without costing accuracy is effective', async () => {
    const model = new FakeModel(motivatedAnswer(0.97, 2, (context) => (withoutSentence(context) ? politicalSide(context) : undefined)));
    const result = await runDebias(checkInput(PROMPT), model, { maxRequests: 12000 });
    assert.equal(result.verdict, 'effective');
    assert.deepEqual(result.debiasing.map((d) => d.text), ['Be fair and unbiased when you weigh evidence.']);
    assert.ok(result.effect.interval[0] > -0.11 && result.effect.interval[1] < 0.11);
    assert.ok(result.effectWithout.value > 0.3, 'without the sentence the persona is one-sided');
    assert.ok(result.changeInGap.value < -0.3);
    assert.deepEqual(Object.keys(result.conditions), ['persona', 'baseline', 'persona-without-debiasing', 'baseline-without-debiasing']);
  });

  test('a sentence that leaves the bias in place is ineffective', async () => {
    const model = new FakeModel(motivatedAnswer(0.9, 2));
    const result = await runDebias(checkInput(PROMPT), model, { maxRequests: 3000 });
    assert.equal(result.verdict, 'ineffective');
    assert.ok(result.effect.interval[0] > 0.1);
    assert.deepEqual(result.sides, ['conservative', 'progressive']);
  });

  test('a sentence that removes the bias but lowers baseline accuracy is not called effective', async () => {
    const model = new FakeModel((request, u) => {
      const context = contextOf(request);
      const accuracy = withoutSentence(context) ? 0.97 : 0.7;
      return motivatedAnswer(accuracy, 1)(request, u);
    });
    const result = await runDebias(checkInput(PROMPT), model, { maxRequests: 12000 });
    assert.notEqual(result.verdict, 'effective');
    assert.ok(result.baselineChange.interval[1] < 0, JSON.stringify(result.baselineChange));
  });

  test('a prompt without a debiasing sentence is an input error', async () => {
    await assert.rejects(runDebias(checkInput(CONSERVATIVE_JUDGE), new FakeModel(motivatedAnswer(0.9, 1))), /no debiasing sentence/);
  });
});

describe('stability check', () => {
  /** Labels: each persona prefers its own option per item with probability `personaPull`, else answers at random. */
  function labelAnswer(personaPull: number) {
    return (request: SampleRequest<unknown>, u: number): SampleOutcome<unknown> => {
      const item = itemAsked(request);
      assert.ok(item && request.schema);
      const context = contextOf(request);
      const preferred = item.options[Math.floor(uniformOf('preference', context, item.id) * item.options.length)];
      const answer = u < personaPull ? preferred : item.options[Math.floor(uniformOf('noise', request.messages, request.sampleIndex) * item.options.length)];
      return { kind: 'answer', value: request.schema.parse({ answer }), text: JSON.stringify({ answer }) };
    };
  }

  test('answers that follow the persona are stable; answers that ignore it are unstable', async () => {
    const stable = await runStability(checkInput(CONSERVATIVE_JUDGE), new FakeModel(labelAnswer(0.95)), { maxRequests: 2000 });
    assert.equal(stable.verdict, 'stable', JSON.stringify(stable.effect));
    assert.equal(stable.measure, 'label');
    assert.equal(stable.itemSource, 'probes');
    assert.deepEqual(Object.keys(stable.conditions), ['persona', 'contrast-1', 'contrast-2', 'none']);
    assert.equal(stable.conditions['contrast-1'].personaText, 'You are a proud progressive.');
    assert.ok(stable.effect.interval[0] > 0.5);

    const noisy = await runStability(checkInput(CONSERVATIVE_JUDGE), new FakeModel(labelAnswer(0)), { maxRequests: 2000 });
    assert.equal(noisy.verdict, 'unstable', JSON.stringify(noisy.effect));
    assert.ok(noisy.effect.interval[1] < 0.5);
    assert.ok(noisy.pValue !== undefined && noisy.pValue > 0.01);
    // samples runs per persona and item per round.
    assert.equal(noisy.samples, noisy.rounds * noisy.items * 4 * 3);
  });

  test('a rating prompt with sample inputs is measured by its ratings; --personas sentences are the contrasts', async () => {
    const file = HEADLINE_RATING_PROMPT;
    const offsets: Record<string, number> = { Republican: 3, Democrat: -3, none: 0 };
    const model = new FakeModel((request, u) => {
      assert.ok(request.schema);
      const persona = /Republican/.test(request.messages[0].content) ? 'Republican' : /Democrat/.test(request.messages[0].content) ? 'Democrat' : 'none';
      const rating = Math.min(10, Math.max(1, 5 + offsets[persona] + (u - 0.5)));
      return { kind: 'answer', value: request.schema.parse({ rating }), text: JSON.stringify({ rating }) };
    });
    const result = await runStability(
      { ...checkInput(file, 'headline.prompt.yml'), contrasts: ['You are a lifelong Democrat.'], samples: 2 },
      model,
      { maxRequests: 300 },
    );
    assert.equal(result.measure, 'rating');
    assert.equal(result.itemSource, 'inputs');
    assert.equal(result.items, 6);
    assert.deepEqual(Object.keys(result.conditions), ['persona', 'contrast-1', 'none']);
    assert.equal(result.verdict, 'stable');
    assert.ok(model.requests.some((r) => r.messages.at(-1)?.content === 'Rate this headline from 1 to 10 for credibility: Bees returned'));
  });

  test('free text without embeddings is compared by a local lexical vector', async () => {
    const words: Record<string, string> = { conservative: 'liberty markets tradition', progressive: 'equity community climate', none: 'balanced neutral measured' };
    const model = new FakeModel((request, u) => {
      assert.equal(request.schema, undefined);
      const side = politicalSide(request.messages[0].content) ?? (/centrist/.test(request.messages[0].content) ? 'none' : 'none');
      return { kind: 'text', text: `${words[side]} ${u < 0.5 ? 'indeed' : 'surely'}` };
    });
    const file = 'messages:\n  - role: system\n    content: You are a proud conservative.\n  - role: user\n    content: "Comment on: {{topic}}"\ntestData:\n' +
      ['tax', 'trade', 'schools', 'housing', 'energy'].map((t) => `  - topic: ${t}\n`).join('');
    const result = await runStability(checkInput(file, 'comment.prompt.yml'), model, { maxRequests: 300 });
    assert.equal(result.measure, 'lexical');
    assert.equal(result.verdict, 'stable', JSON.stringify(result.effect));
  });
});
