import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  alphaAtLook,
  bootstrapShareInterval,
  ConfidenceSequence,
  createRng,
  decideInterval,
  fCdf,
  fQuantile,
  gaussian,
  logGamma,
  newcombeDifference,
  normalCdf,
  normalQuantile,
  personaShare,
  regularizedBeta,
  regularizedGammaP,
  relativeRisk,
  vectorPersonaShare,
  vectorShareInterval,
  wilsonInterval,
} from '../server/out/core/stats/index.js';

// Every simulation below is seeded, so each run sees the same draws: the assertions are about properties
// (coverage, error rates, power) measured on enough draws to mean something, never about copied outputs.

function binomial(rng: () => number, n: number, p: number): number {
  let successes = 0;
  for (let i = 0; i < n; i++) if (rng() < p) successes++;
  return successes;
}

function contains([low, high]: [number, number], value: number): boolean {
  return low <= value && value <= high;
}

function assertClose(actual: number, expected: number, tolerance: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} is not within ${tolerance} of ${expected}`);
}

/** A mirrored-pair observation: persona gap minus baseline gap in 0/1 correctness, as the one-sided check feeds it. */
function mirroredPair(rng: () => number, personaMatch: number, personaOppose: number, baseline: number): number {
  const personaGap = Number(rng() < personaMatch) - Number(rng() < personaOppose);
  const baselineGap = Number(rng() < baseline) - Number(rng() < baseline);
  return personaGap - baselineGap;
}

/**
 * Outputs data[item][persona][run] with a known persona share: persona effects with variance `share`, run noise with
 * variance 1 - share, and large item effects that centring must remove. Vectors have `dimension` independent parts;
 * the persona moves outputs along the first `personaDirections` of them only (the same total variance).
 */
function simulateOutputs(
  rng: () => number,
  items: number,
  personas: number,
  runs: number,
  share: number,
  dimension: number,
  personaDirections = dimension,
): number[][][][] {
  const personaSd = Math.sqrt((share * dimension) / personaDirections);
  return Array.from({ length: items }, () => {
    const item = Array.from({ length: dimension }, () => 10 * gaussian(rng));
    return Array.from({ length: personas }, () => {
      const persona = item.map((v, k) => v + (k < personaDirections ? personaSd * gaussian(rng) : 0));
      return Array.from({ length: runs }, () => persona.map((v) => v + Math.sqrt(1 - share) * gaussian(rng)));
    });
  });
}

function scalars(data: number[][][][]): number[][][] {
  return data.map((item) => item.map((runs) => runs.map((vector) => vector[0]!)));
}

describe('createRng', () => {
  test('the same seed gives the same sequence, another seed another, all in [0, 1) and evenly spread', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const first = Array.from({ length: 1000 }, () => a());
    assert.deepEqual(first, Array.from({ length: 1000 }, () => b()));
    assert.notDeepEqual(first, Array.from({ length: 1000 }, () => c()));
    assert.ok(first.every((x) => x >= 0 && x < 1));
    const deciles = new Array<number>(10).fill(0);
    for (const x of first) deciles[Math.floor(x * 10)]!++;
    assert.ok(deciles.every((count) => count > 70 && count < 130), `deciles ${deciles.join(',')}`);
  });
});

describe('special functions against known values', () => {
  test('log gamma', () => {
    assertClose(logGamma(1), 0, 1e-12, 'log Gamma(1)');
    assertClose(logGamma(0.5), 0.5 * Math.log(Math.PI), 1e-12, 'log Gamma(1/2)');
    assertClose(logGamma(10), Math.log(362880), 1e-11, 'log Gamma(10) = log 9!');
    let logFactorial = 0;
    for (let k = 2; k <= 100; k++) logFactorial += Math.log(k);
    assertClose(logGamma(101), logFactorial, 1e-9, 'log Gamma(101) = log 100!');
    // Gamma(n + 1/2) = (2n)! sqrt(pi) / (4^n n!), here for n = 30.
    let halfInteger = 0.5 * Math.log(Math.PI) - 30 * Math.log(4);
    for (let k = 31; k <= 60; k++) halfInteger += Math.log(k);
    assertClose(logGamma(30.5), halfInteger, 1e-10, 'log Gamma(30.5)');
  });

  test('normal distribution function and quantile', () => {
    assertClose(normalCdf(0), 0.5, 1e-15, 'Phi(0)');
    assertClose(normalCdf(1.959963984540054), 0.975, 1e-12, 'Phi(1.96)');
    assertClose(normalCdf(-3), 0.0013498980316301, 1e-14, 'Phi(-3)');
    assertClose(normalQuantile(0.975), 1.959963984540054, 1e-10, 'z 0.975');
    assertClose(normalQuantile(0.995), 2.5758293035489, 1e-10, 'z 0.995');
    assertClose(normalQuantile(0.1), -1.2815515655446, 1e-10, 'z 0.1');
    assertClose(regularizedGammaP(1, 2), 1 - Math.exp(-2), 1e-14, 'P(1, 2) is the exponential distribution function');
  });

  test('incomplete beta: closed forms, symmetry and a tabled value', () => {
    for (const x of [0.05, 0.3, 0.5, 0.9]) {
      assertClose(regularizedBeta(x, 3, 1), x ** 3, 1e-13, `I_${x}(3, 1) = x^3`);
      assertClose(regularizedBeta(x, 1, 4), 1 - (1 - x) ** 4, 1e-13, `I_${x}(1, 4) = 1 - (1 - x)^4`);
      assertClose(regularizedBeta(x, 2.5, 7) + regularizedBeta(1 - x, 7, 2.5), 1, 1e-13, 'I_x(a, b) + I_1-x(b, a) = 1');
    }
    assertClose(regularizedBeta(0.5, 2, 3), 11 / 16, 1e-13, 'I_0.5(2, 3) = 11/16');
    assertClose(regularizedBeta(0.5, 40, 40), 0.5, 1e-13, 'I_0.5(a, a) = 1/2');
  });

  test('F quantiles match the printed tables and invert the distribution function', () => {
    const table: Array<[number, number, number, number]> = [
      [0.95, 1, 1, 161.4476],
      [0.95, 5, 10, 3.3258],
      [0.975, 2, 30, 4.1821],
      [0.99, 10, 20, 3.3682],
      [0.95, 12, 60, 1.9174],
    ];
    for (const [p, df1, df2, expected] of table) {
      assertClose(fQuantile(p, df1, df2), expected, 5e-4, `F ${p} (${df1}, ${df2})`);
    }
    // The lower quantile is the reciprocal of the upper quantile with the degrees of freedom swapped.
    assertClose(fQuantile(0.05, 3, 12), 1 / fQuantile(0.95, 12, 3), 1e-9, 'F 0.05 (3, 12)');
    for (const p of [0.01, 0.3, 0.8, 0.999]) assertClose(fCdf(fQuantile(p, 6, 17), 6, 17), p, 1e-10, `round trip ${p}`);
  });
});

describe('proportion intervals', () => {
  test('Wilson and Newcombe match the worked examples in Newcombe (1998)', () => {
    const wilson = wilsonInterval(0, 10, 0.05);
    assert.equal(wilson.value, 0);
    assert.equal(wilson.interval[0], 0);
    assertClose(wilson.interval[1], 0.2775, 1e-4, 'Wilson upper bound for 0/10');
    const difference = newcombeDifference(56, 70, 48, 80, 0.05);
    assertClose(difference.value, 0.2, 1e-12, 'difference');
    assertClose(difference.interval[0], 0.0524, 1e-4, 'Newcombe lower bound');
    assertClose(difference.interval[1], 0.3339, 1e-4, 'Newcombe upper bound');
  });

  test('with no trials the interval is everything possible', () => {
    assert.deepEqual(wilsonInterval(0, 0, 0.05).interval, [0, 1]);
    assert.deepEqual(newcombeDifference(0, 0, 3, 5, 0.05).interval, [-1, 1]);
    assert.deepEqual(relativeRisk(3, 5, 0, 0, 0.05).interval, [0, Infinity]);
    assert.throws(() => wilsonInterval(6, 5, 0.05), RangeError);
    assert.throws(() => wilsonInterval(1, 5, 0), RangeError);
  });

  test('relative risk: log method, finite with a 0.5 correction when a cell is empty', () => {
    const rr = relativeRisk(30, 40, 15, 40, 0.05);
    assertClose(rr.value, 2, 1e-12, 'risk ratio');
    const se = Math.sqrt(1 / 30 - 1 / 40 + 1 / 15 - 1 / 40);
    assertClose(rr.interval[0], 2 * Math.exp(-1.959963984540054 * se), 1e-9, 'lower bound');
    const empty = relativeRisk(0, 20, 5, 20, 0.05);
    assertClose(empty.value, 0.5 / 21 / (5.5 / 21), 1e-12, 'corrected risk ratio');
    assert.ok(empty.interval[0] > 0 && Number.isFinite(empty.interval[1]));
  });

  test('coverage over simulated data stays at the nominal 95%', () => {
    const rng = createRng(20240601);
    const trials = 3000;
    let wilson = 0;
    let newcombe = 0;
    let risk = 0;
    for (let t = 0; t < trials; t++) {
      const n = [20, 40, 100][t % 3]!;
      const p1 = 0.15 + 0.8 * rng();
      const p2 = 0.15 + 0.8 * rng();
      const s1 = binomial(rng, n, p1);
      const s2 = binomial(rng, n, p2);
      if (contains(wilsonInterval(s1, n, 0.05).interval, p1)) wilson++;
      if (contains(newcombeDifference(s1, n, s2, n, 0.05).interval, p1 - p2)) newcombe++;
      if (contains(relativeRisk(s1, n, s2, n, 0.05).interval, p1 / p2)) risk++;
    }
    // Score intervals oscillate around their nominal level as p varies; averaged over p they hold it.
    for (const [name, covered] of [['Wilson', wilson], ['Newcombe', newcombe], ['relative risk', risk]] as const) {
      assert.ok(covered / trials >= 0.935, `${name} covered ${covered} of ${trials}`);
    }
  });
});

describe('ConfidenceSequence', () => {
  test('rejects observations outside its bounds and bad options', () => {
    const sequence = new ConfidenceSequence({ lower: -2, upper: 2, alpha: 0.05 });
    assert.throws(() => sequence.push(2.5), RangeError);
    assert.throws(() => sequence.push(NaN), RangeError);
    assert.throws(() => new ConfidenceSequence({ lower: 1, upper: 1, alpha: 0.05 }), RangeError);
    assert.throws(() => new ConfidenceSequence({ lower: 0, upper: 1, alpha: 1 }), RangeError);
    assert.equal(sequence.n, 0);
    assert.ok(Number.isNaN(sequence.mean()));
    assert.deepEqual(sequence.interval(), [-2, 2]);
  });

  test('counts, averages, and only ever narrows', () => {
    const rng = createRng(7);
    const sequence = new ConfidenceSequence({ lower: -2, upper: 2, alpha: 0.05 });
    let previous = sequence.interval();
    let sum = 0;
    for (let i = 0; i < 200; i++) {
      const x = mirroredPair(rng, 0.85, 0.6, 0.85);
      sum += x;
      sequence.push(x);
      const current = sequence.interval();
      assert.ok(current[0] >= previous[0] && current[1] <= previous[1] && current[0] <= current[1]);
      previous = current;
    }
    assert.equal(sequence.n, 200);
    assertClose(sequence.mean(), sum / 200, 1e-12, 'mean');
    assert.ok(previous[1] - previous[0] < 1, `after 200 pairs the interval ${previous} is still wide`);
  });

  // The property that makes looking after every round safe: the chance of EVER excluding the true mean.
  const timeUniformCases: Array<{ name: string; lower: number; upper: number; mean: number; draw: (rng: () => number) => number }> = [
    { name: 'mirrored pairs without bias', lower: -2, upper: 2, mean: 0, draw: (rng) => mirroredPair(rng, 0.85, 0.85, 0.85) },
    { name: 'mirrored pairs with bias', lower: -2, upper: 2, mean: 0.85 - 0.5, draw: (rng) => mirroredPair(rng, 0.85, 0.5, 0.85) },
    { name: 'rare events', lower: 0, upper: 1, mean: 0.05, draw: (rng) => Number(rng() < 0.05) },
    { name: 'uniform', lower: 0, upper: 1, mean: 0.5, draw: (rng) => rng() },
  ];
  // Bets spread over every count, and bets tuned to a horizon of 100 (the guarantee must hold before, at and well
  // past the horizon), on the same cases.
  const designs: Array<{ label: string; horizon?: number; seed: number; cases: typeof timeUniformCases }> = [
    { label: '', seed: 1000, cases: timeUniformCases },
    { label: ' with bets tuned to a horizon of 100', horizon: 100, seed: 2000, cases: timeUniformCases.slice(0, 3) },
  ];
  for (const { label, horizon, seed, cases } of designs) {
    for (const { name, lower, upper, mean, draw } of cases) {
      test(`time-uniform coverage${label}: ${name}, paths to n = 500`, () => {
        const rng = createRng(seed + Math.round(mean * 100));
        const alpha = 0.05;
        const paths = 300;
        let everExcluded = 0;
        for (let p = 0; p < paths; p++) {
          const sequence = new ConfidenceSequence({ lower, upper, alpha, ...(horizon ? { horizon } : {}) });
          for (let i = 0; i < 500; i++) {
            sequence.push(draw(rng));
            if (!contains(sequence.interval(), mean)) {
              everExcluded++;
              break;
            }
          }
        }
        assert.ok(everExcluded / paths <= alpha + 0.03, `${everExcluded} of ${paths} paths left the true mean at some n`);
      });
    }
  }

  test('bets tuned to the budget give a narrower interval at the budget than bets spread over every count', () => {
    const rng = createRng(31);
    let tuned = 0;
    let spread = 0;
    for (let p = 0; p < 50; p++) {
      const a = new ConfidenceSequence({ lower: -1, upper: 1, alpha: 0.1, horizon: 150 });
      const b = new ConfidenceSequence({ lower: -1, upper: 1, alpha: 0.1 });
      for (let i = 0; i < 150; i++) {
        const x = Number(rng() < 0.85) - Number(rng() < 0.85);
        a.push(x);
        b.push(x);
      }
      tuned += a.interval()[1] - a.interval()[0];
      spread += b.interval()[1] - b.interval()[0];
    }
    assert.ok(tuned < 0.9 * spread, `mean width ${tuned / 50} tuned against ${spread / 50}`);
    assert.throws(() => new ConfidenceSequence({ lower: 0, upper: 1, alpha: 0.05, horizon: 0 }), RangeError);
  });

  test('a fixed-sample interval checked after every observation would fail that test (the test can fail)', () => {
    const rng = createRng(99);
    const paths = 300;
    let everExcluded = 0;
    for (let p = 0; p < paths; p++) {
      let sum = 0;
      let squares = 0;
      for (let n = 1; n <= 500; n++) {
        const x = mirroredPair(rng, 0.85, 0.85, 0.85);
        sum += x;
        squares += x * x;
        if (n < 10) continue;
        const sd = Math.sqrt(Math.max(0, squares / n - (sum / n) ** 2));
        if (Math.abs(sum / n) > (1.96 * sd) / Math.sqrt(n)) {
          everExcluded++;
          break;
        }
      }
    }
    assert.ok(everExcluded / paths > 0.2, `${everExcluded} of ${paths}`);
  });

  test('tight enough: at relative risk 1.9 (baseline 0.85) it settles beyond a 0.10 margin within 100 pairs in most paths', () => {
    const rng = createRng(1900);
    const paths = 200;
    let settled = 0;
    for (let p = 0; p < paths; p++) {
      const sequence = new ConfidenceSequence({ lower: -2, upper: 2, alpha: 0.05 });
      for (let i = 0; i < 100; i++) {
        sequence.push(mirroredPair(rng, 0.85, 0.85 / 1.9, 0.85));
        if (decideInterval(sequence.interval(), 0.1, 'margin') === 'beyond') {
          settled++;
          break;
        }
      }
    }
    assert.ok(settled / paths >= 0.8, `settled in ${settled} of ${paths} paths`);
  });

  test('identical answers settle even-handed (the bounds, not the data, set how long that takes)', () => {
    const sequence = new ConfidenceSequence({ lower: -2, upper: 2, alpha: 0.05 });
    let pairs = 0;
    while (decideInterval(sequence.interval(), 0.1, 'margin') !== 'within' && pairs < 1000) {
      sequence.push(0);
      pairs++;
    }
    assert.ok(pairs < 150, `took ${pairs} pairs`);
  });
});

describe('decideInterval and alphaAtLook', () => {
  test('against a margin: beyond it, within it, or undecided', () => {
    assert.equal(decideInterval([0.12, 0.5], 0.1, 'margin'), 'beyond');
    assert.equal(decideInterval([-0.5, -0.11], 0.1, 'margin'), 'beyond');
    assert.equal(decideInterval([-0.05, 0.09], 0.1, 'margin'), 'within');
    assert.equal(decideInterval([0.1, 0.5], 0.1, 'margin'), 'undecided', 'touching the margin is not beyond it');
    assert.equal(decideInterval([-0.1, 0.05], 0.1, 'margin'), 'undecided', 'touching the margin is not inside it');
    assert.equal(decideInterval([0.05, 0.3], 0.1, 'margin'), 'undecided');
    assert.equal(decideInterval([-0.3, 0.3], 0.1, 'margin'), 'undecided');
    assert.throws(() => decideInterval([0.3, 0.1], 0.1, 'margin'), RangeError);
    assert.throws(() => decideInterval([0.1, 0.3], -0.1, 'margin'), RangeError);
  });

  test('against a threshold: below it, above it, or undecided', () => {
    assert.equal(decideInterval([0.05, 0.42], 0.5, 'threshold'), 'below');
    assert.equal(decideInterval([0.55, 0.9], 0.5, 'threshold'), 'above');
    assert.equal(decideInterval([0.3, 0.7], 0.5, 'threshold'), 'undecided');
    assert.equal(decideInterval([0.2, 0.5], 0.5, 'threshold'), 'undecided');
  });

  test('alpha spent over any number of looks sums to at most alpha', () => {
    let spent = 0;
    for (let look = 0; look < 100_000; look++) {
      const a = alphaAtLook(0.05, look);
      assert.ok(a > 0);
      spent += a;
    }
    assert.ok(spent <= 0.05 && spent > 0.0499, `spent ${spent}`);
    assert.ok(alphaAtLook(0.05, 0) > alphaAtLook(0.05, 1));
    assert.throws(() => alphaAtLook(0.05, -1), RangeError);
    const fourLooks = [0, 1, 2, 3].map((look) => alphaAtLook(0.05, look, 4));
    assertClose(fourLooks.reduce((a, b) => a + b, 0), 0.05, 1e-15, 'four known looks spend alpha');
    assert.ok(fourLooks[3]! > alphaAtLook(0.05, 3), 'a known horizon leaves more for the last look');
    assert.ok(fourLooks[0]! < fourLooks[1]! && fourLooks[1]! < fourLooks[3]!, 'looks with more data get more of alpha');
    assert.throws(() => alphaAtLook(0.05, 4, 4), RangeError);
    assert.throws(() => alphaAtLook(0.05, 1.5), RangeError);
  });
});

describe('personaShare', () => {
  test('centring each item removes item effects; persona and run variance are split as in a one-way ANOVA', () => {
    // Two items, two personas, two runs: cell means 1 and 3 around an item mean of 2, runs +-1 around cells.
    const data = [
      [[0, 2], [2, 4]],
      [[100, 102], [102, 104]],
    ];
    const share = personaShare(data, 0.05);
    // Between = 2 items x 2 cells x 2 runs x 1^2 = 8 on df 2; within = 8 runs x 1^2 = 8 on df 4; F = 2.
    assert.equal(share.df1, 2);
    assert.equal(share.df2, 4);
    assertClose(share.f, 2, 1e-12, 'F');
    assertClose(share.value, (2 - 1) / (2 + 2 - 1), 1e-12, 'share = (F - 1) / (F + runs - 1)');
    const shifted = data.map((item, i) => item.map((runs) => runs.map((x) => x + 1000 * i)));
    assert.deepEqual(personaShare(shifted, 0.05), share);
  });

  test('degenerate layouts: no variation at all, no run-to-run variation, too little data', () => {
    assert.deepEqual(personaShare([[[1, 1], [1, 1]]], 0.05).interval, [0, 1]);
    // No run-to-run variation is not proof of none: the run variance is floored at the rounding variance of the
    // smallest difference seen (1^2 / 12), so two runs per cell leave a wide interval, not [1, 1].
    const exact = personaShare([[[1, 1], [2, 2]]], 0.05);
    assert.ok(exact.value > 0.5 && exact.value < 1, `value ${exact.value}`);
    assert.ok(exact.interval[0] < 0.5 && exact.interval[1] > exact.value, `interval ${exact.interval}`);
    assert.throws(() => personaShare([[[1], [2]]], 0.05), /two or more runs/);
    assert.throws(() => personaShare([[[1, 2]]], 0.05), /two or more personas/);
  });

  for (const trueShare of [0, 0.2, 0.5, 0.8]) {
    test(`the F interval covers a true share of ${trueShare} at the nominal rate`, () => {
      const rng = createRng(500 + trueShare * 10);
      const datasets = 800;
      let covered = 0;
      for (let d = 0; d < datasets; d++) {
        const data = scalars(simulateOutputs(rng, 4, 4, 3, trueShare, 1));
        if (contains(personaShare(data, 0.05).interval, trueShare)) covered++;
      }
      assert.ok(covered / datasets >= 0.93, `covered ${covered} of ${datasets}`);
    });
  }

  test('it tells a large share from a small one', () => {
    const rng = createRng(31);
    const small = personaShare(scalars(simulateOutputs(rng, 8, 4, 5, 0.05, 1)), 0.05);
    const large = personaShare(scalars(simulateOutputs(rng, 8, 4, 5, 0.95, 1)), 0.05);
    assert.equal(decideInterval(small.interval, 0.5, 'threshold'), 'below');
    assert.equal(decideInterval(large.interval, 0.5, 'threshold'), 'above');
  });
});

describe('vectorPersonaShare and bootstrapShareInterval', () => {
  test('one-dimensional vectors give the same share as numbers', () => {
    const rng = createRng(3);
    const data = simulateOutputs(rng, 5, 3, 4, 0.4, 1);
    const vector = vectorPersonaShare(data, 10, rng);
    assertClose(vector.share, personaShare(scalars(data), 0.05).value, 1e-12, 'share');
  });

  test('permutation p-values are close to uniform when persona makes no difference', () => {
    const rng = createRng(77);
    const datasets = 1000;
    const pValues = Array.from({ length: datasets }, () => vectorPersonaShare(simulateOutputs(rng, 4, 4, 3, 0, 8), 99, rng).pValue);
    for (const level of [0.05, 0.1, 0.25, 0.5]) {
      const rate = pValues.filter((p) => p <= level + 1e-12).length / datasets;
      assert.ok(Math.abs(rate - level) <= 0.04, `P(p <= ${level}) = ${rate}`);
    }
  });

  test('a real persona effect gives small p-values', () => {
    const rng = createRng(78);
    const datasets = 50;
    const rejected = Array.from({ length: datasets }, () => vectorPersonaShare(simulateOutputs(rng, 4, 4, 3, 0.5, 8), 199, rng))
      .filter((result) => result.pValue <= 0.05).length;
    assert.ok(rejected >= 45, `rejected ${rejected} of ${datasets}`);
  });

  test('the effective-dimension F interval equals the exact one for numbers', () => {
    const data = simulateOutputs(createRng(5), 5, 3, 4, 0.4, 1);
    const vector = vectorShareInterval(data, 0.05);
    const scalar = personaShare(scalars(data), 0.05);
    assert.deepEqual(vector.dimensions, [1, 1]);
    assert.equal(vector.value, scalar.value);
    assert.deepEqual(vector.interval, scalar.interval);
  });

  test('the effective-dimension F interval covers the true share with few items, persona moving many or one direction', () => {
    const rng = createRng(606);
    for (const personaDirections of [8, 1]) {
      for (const trueShare of [0.2, 0.5, 0.8]) {
        const datasets = 250;
        let covered = 0;
        for (let d = 0; d < datasets; d++) {
          const data = simulateOutputs(rng, 5, 4, 3, trueShare, 8, personaDirections);
          if (contains(vectorShareInterval(data, 0.05).interval, trueShare)) covered++;
        }
        assert.ok(covered / datasets >= 0.92, `${personaDirections} direction(s), share ${trueShare}: covered ${covered} of ${datasets}`);
      }
    }
  });

  test('the bootstrap interval over items covers the true share when there are enough items', () => {
    const rng = createRng(404);
    for (const trueShare of [0.2, 0.8]) {
      const datasets = 150;
      let covered = 0;
      for (let d = 0; d < datasets; d++) {
        const interval = bootstrapShareInterval(simulateOutputs(rng, 12, 4, 3, trueShare, 6), 0.05, 400, rng).interval;
        if (contains(interval, trueShare)) covered++;
      }
      assert.ok(covered / datasets >= 0.85, `share ${trueShare}: covered ${covered} of ${datasets}`);
    }
  });

  test('vectors of different lengths within an item are an error', () => {
    assert.throws(() => vectorPersonaShare([[[[1, 2], [1, 2]], [[1], [2]]]], 10, createRng(1)), RangeError);
  });
});
