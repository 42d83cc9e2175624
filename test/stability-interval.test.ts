import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parsePromptFile } from '../server/out/core/index.js';
import {
  runStability,
  stabilityVerdict,
  type SampleOutcome,
  type SampleRequest,
  type Sampler,
  type SamplerStats,
} from '../server/out/core/checks/index.js';
import { createRng, gaussian, personaShare, vectorShareInterval } from '../server/out/core/stats/index.js';
import { HEADLINE_RATING_PROMPT } from './support/prompts.js';

// The stability check's interval for the persona's share of variance, under the layouts a model can produce: a persona
// that shifts every item alike (a main effect, personas - 1 degrees of freedom), one that moves each item its own way
// (item x persona effects), or both. At a true share of 0.5, the threshold, any settled verdict is wrong.

/**
 * Outputs data[item][persona][run] = persona main effect + item x persona effect + run noise, the persona effects
 * together having variance `share` and the noise 1 - share; `main` is the main effect's part of the persona variance.
 */
function simulate(rng: () => number, items: number, personas: number, runs: number, share: number, main: number): number[][][] {
  const mains = Array.from({ length: personas }, () => Math.sqrt(share * main) * gaussian(rng));
  return Array.from({ length: items }, () =>
    mains.map((effect) => {
      const cell = effect + Math.sqrt(share * (1 - main)) * gaussian(rng);
      return Array.from({ length: runs }, () => cell + Math.sqrt(1 - share) * gaussian(rng));
    }),
  );
}

const settled = (interval: [number, number]) => stabilityVerdict(interval) !== 'inconclusive';
const contains = (interval: [number, number], x: number) => interval[0] <= x && x <= interval[1];

describe('persona share interval under persona main effects', () => {
  for (const main of [1, 0.5]) {
    test(`at a true share of 0.5 with ${main * 100}% of the persona variance a main effect, few verdicts settle`, () => {
      // One look of the check's first round: 6 items x 4 personas x 3 runs. Items x (personas - 1) degrees of
      // freedom settled about a quarter of these.
      const rng = createRng(2024 + main * 10);
      const datasets = 300;
      let wrong = 0;
      for (let d = 0; d < datasets; d++) if (settled(personaShare(simulate(rng, 6, 4, 3, 0.5, main), 0.05).interval)) wrong++;
      assert.ok(wrong / datasets <= 0.08, `settled ${wrong} of ${datasets}`);
    });
  }

  for (const share of [0.2, 0.5, 0.8]) {
    test(`the interval covers a true share of ${share} made of persona main effects`, () => {
      const rng = createRng(77 + share * 10);
      const datasets = 300;
      let covered = 0;
      for (let d = 0; d < datasets; d++) if (contains(personaShare(simulate(rng, 6, 4, 3, share, 1), 0.05).interval, share)) covered++;
      assert.ok(covered / datasets >= 0.92, `covered ${covered} of ${datasets}`);
    });
  }

  test('vectors whose persona effect is shared by every item: the interval covers a share of 0.5', () => {
    // One direction: the persona moves every item's answer along the same axis (variance 0.8, noise 0.2), the noise
    // spreads over three more (0.2 each): persona 0.8 of a total 1.6.
    const rng = createRng(99);
    const datasets = 200;
    let covered = 0;
    for (let d = 0; d < datasets; d++) {
      const axis = simulate(rng, 6, 4, 3, 0.8, 1);
      const data = axis.map((item) => item.map((runs) => runs.map((x) => [x, ...[0, 0, 0].map(() => Math.sqrt(0.2) * gaussian(rng))])));
      if (contains(vectorShareInterval(data, 0.05).interval, 0.5)) covered++;
    }
    assert.ok(covered / datasets >= 0.92, `covered ${covered} of ${datasets}`);
  });
});

describe('persona share interval when runs never differ', () => {
  test('three identical runs per cell do not give the interval [1, 1]', () => {
    // Ratings whole numbers, each persona a fixed offset, every run of a cell the same rating.
    const offsets = [2, -1, 0, 1];
    const data = [5, 6, 4, 7, 5, 6].map((base) => offsets.map((offset) => [0, 0, 0].map(() => base + offset)));
    const { value, interval } = personaShare(data, 0.05);
    assert.ok(value < 1 && interval[0] < value && interval[1] > interval[0] + 0.05, `value ${value}, interval ${interval}`);
    assert.notDeepEqual(interval, [1, 1]);
  });

  test('identical one-hot labels per cell do not give the interval [1, 1]', () => {
    const label = (k: number) => [0, 1, 2].map((j) => (j === k ? 1 : 0));
    const data = [0, 1, 2, 0, 1].map((first) => [0, 1, 2, 1].map((p) => [0, 0, 0].map(() => label((first + p) % 3))));
    const { interval } = vectorShareInterval(data, 0.05);
    assert.ok(interval[0] < 1 && interval[1] > interval[0], `interval ${interval}`);
  });
});

/** A rating model: 5.5 + a persona main effect (one per system message) + run noise, persona share 0.5. */
class MainEffectModel implements Sampler {
  readonly stats: SamplerStats = { requests: 0, cached: 0, invalid: 0, promptTokens: 0, completionTokens: 0 };
  private readonly rng: () => number;
  private readonly effects = new Map<string, number>();

  constructor(seed: number) {
    this.rng = createRng(seed);
  }

  async sample<T>(request: SampleRequest<T>): Promise<SampleOutcome<T>> {
    this.stats.requests++;
    const persona = request.messages[0]!.content;
    if (!this.effects.has(persona)) this.effects.set(persona, Math.sqrt(0.5) * gaussian(this.rng));
    const rating = Math.min(10, Math.max(1, 5.5 + this.effects.get(persona)! + Math.sqrt(0.5) * gaussian(this.rng)));
    assert.ok(request.schema);
    return { kind: 'answer', value: request.schema.parse({ rating }) as T, text: JSON.stringify({ rating }) };
  }
}

describe('the stability check at the threshold', () => {
  test('a persona that shifts every rating alike, at share 0.5 and 300 requests, rarely settles a verdict', async () => {
    const doc = parsePromptFile('headline.prompt.yml', HEADLINE_RATING_PROMPT);
    const runs = 100;
    let wrong = 0;
    for (let r = 0; r < runs; r++) {
      const result = await runStability({ doc }, new MainEffectModel(1000 + r), { maxRequests: 300, seed: r });
      assert.equal(result.measure, 'rating');
      if (result.verdict === 'stable' || result.verdict === 'unstable') wrong++;
    }
    assert.ok(wrong / runs <= 0.08, `settled ${wrong} of ${runs}`);
  });
});
