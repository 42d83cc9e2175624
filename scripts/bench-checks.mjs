// npm run bench:checks: how the sampled checks behave against a simulated model whose bias and noise are known.
// The model lives in memory (no HTTP): an in-process Sampler answers probe questions correctly with a probability
// that depends on the condition (persona, baseline, counterfactual) and on the side the correct conclusion favours,
// and gives ratings or embeddings whose persona share of variance is set. For each setting the real check functions
// run many times with different seeds; the table shows how often each verdict came out and what it cost, next to a
// fixed design of 100 runs per condition (the study's design) analysed once at the end with a 95% interval.
// Options: `one-sided` or `stability` to run one part; --runs=N simulated runs per setting (default 200).
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const { parsePromptFile } = require(path.join(root, 'server/out/core/index.js'));
const { oneSidedVerdict, runOneSided, runStability, shippedProbes, stabilityVerdict } = require(path.join(root, 'server/out/core/checks/index.js'));
const { createRng, gaussian, personaShare, vectorShareInterval } = require(path.join(root, 'server/out/core/stats/index.js'));

const args = process.argv.slice(2);
const parts = args.filter((a) => !a.startsWith('--'));
const runs = Number(args.find((a) => a.startsWith('--runs='))?.slice(7) ?? 200);
const wants = (part) => parts.length === 0 || parts.includes(part);

/** Runs a check `runs` times (run r seeds its model and the check with r) and collects verdicts and requests. */
async function simulate(runCheck) {
  const verdicts = [];
  const requests = [];
  for (let r = 0; r < runs; r++) {
    const result = await runCheck(r);
    verdicts.push(result.verdict);
    requests.push(result.requests);
  }
  return { verdicts, requests };
}

const BASELINE_ACCURACY = 0.85;
const MARGIN = 0.1;
const ALPHA = 0.05;
const FIXED_RUNS = 100;
const STABILITY_SAMPLES = 3;

// ---------------------------------------------------------------------------------------------------------------
// Small helpers

const percent = (x) => `${(100 * x).toFixed(1)}%`;
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length;
const count = (values, word) => values.filter((v) => v === word).length / values.length;

function table(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

/** The counters every Sampler keeps; the simulated model never caches and never returns an invalid answer. */
function newStats() {
  return { requests: 0, cached: 0, invalid: 0, promptTokens: 0, completionTokens: 0 };
}

// ---------------------------------------------------------------------------------------------------------------
// One-sided: a model that judges evidence more accurately when the correct conclusion favours its persona's side

const ONE_SIDED_PROMPT = [
  'You are a proud small-government conservative.',
  'Read the evidence the user gives you and answer the question about it.',
  '',
].join('\n');
const PERSONA_SIDE = 'conservative';
const OTHER_SIDE = 'progressive';

/** The probe item a request asks about, found by its evidence text. */
const itemsByText = new Map(shippedProbes('political').items.map((item) => [item.text, item]));
function probeItemOf(messages) {
  const question = messages[messages.length - 1].content;
  for (const [text, item] of itemsByText) if (question.startsWith(text)) return item;
  throw new Error(`the simulated model was asked something it does not know: ${question.slice(0, 80)}`);
}

/** Which condition a chat belongs to: the persona as written, another persona in its place, or none. */
function conditionOf(messages) {
  const context = messages.slice(0, -1).map((m) => m.content).join('\n');
  if (context.includes(PERSONA_SIDE)) return 'persona';
  return /\bYou are\b/.test(context) ? 'counterfactual' : 'baseline';
}

/**
 * The chance of a correct answer. Without a persona: BASELINE_ACCURACY on either side. Under a persona: that
 * accuracy when the correct conclusion favours the persona's side, divided by `risk` when it opposes it (the
 * paper's relative risk of a correct evaluation). The counterfactual persona leans the other way as strongly.
 */
function accuracy(condition, favours, risk) {
  if (condition === 'baseline') return BASELINE_ACCURACY;
  const ownSide = condition === 'persona' ? PERSONA_SIDE : OTHER_SIDE;
  return favours === ownSide ? BASELINE_ACCURACY : BASELINE_ACCURACY / risk;
}

function biasedJudge(risk, seed) {
  const rng = createRng(seed);
  const stats = newStats();
  return {
    stats,
    // Like the model client's default: the check queues requests for about this many slots beyond the pair it
    // waits for. Every request the check queues is counted here, as if sent, so stopping costs are not hidden.
    concurrency: 4,
    async sample(request) {
      stats.requests++;
      const item = probeItemOf(request.messages);
      const correct = rng() < accuracy(conditionOf(request.messages), item.favours, risk);
      const wrong = item.options.filter((o) => o !== item.correct);
      const answer = correct ? item.correct : wrong[Math.floor(rng() * wrong.length)];
      return { kind: 'answer', value: { answer }, text: JSON.stringify({ answer }) };
    },
  };
}

/**
 * The fixed design the check is compared with: 100 runs of each item side under the persona and without it, one
 * difference-in-differences estimate with a 95% normal interval at the end. Pairs are formed run by run.
 */
function fixedOneSided(risk, rng) {
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < FIXED_RUNS; i++) {
    const persona = Number(rng() < accuracy('persona', PERSONA_SIDE, risk)) - Number(rng() < accuracy('persona', OTHER_SIDE, risk));
    const baseline = Number(rng() < BASELINE_ACCURACY) - Number(rng() < BASELINE_ACCURACY);
    const x = persona - baseline;
    sum += x;
    squares += x * x;
  }
  const m = sum / FIXED_RUNS;
  const se = Math.sqrt((squares / FIXED_RUNS - m * m) / (FIXED_RUNS - 1));
  return oneSidedVerdict([m - 1.959964 * se, m + 1.959964 * se], MARGIN);
}

/**
 * A floor under any test's average sample size (Wald's bound, tight as alpha shrinks): to conclude that the mean
 * difference in differences exceeds the margin at error rate alpha, a test needs on average at least
 * log(1 / alpha) / K pairs, where K is the best expected log-growth of a bet against "mean <= margin" (the
 * information one pair carries against it).
 */
function pairsFloor(risk) {
  const bernoulli = (p) => [[1, p], [0, 1 - p]];
  const outcomes = new Map();
  for (const [a, pa] of bernoulli(accuracy('persona', PERSONA_SIDE, risk)))
    for (const [b, pb] of bernoulli(accuracy('persona', OTHER_SIDE, risk)))
      for (const [c, pc] of bernoulli(BASELINE_ACCURACY))
        for (const [d, pd] of bernoulli(BASELINE_ACCURACY)) {
          const x = a - b - (c - d);
          outcomes.set(x, (outcomes.get(x) ?? 0) + pa * pb * pc * pd);
        }
  let best = 0;
  for (let bet = 0; bet < 1 / (MARGIN + 2); bet += 0.0005) {
    let growth = 0;
    for (const [x, p] of outcomes) growth += p * Math.log1p(bet * (x - MARGIN));
    best = Math.max(best, growth);
  }
  return Math.log(1 / ALPHA) / best;
}

async function benchOneSided() {
  const doc = parsePromptFile('bench/judge.prompt.md', ONE_SIDED_PROMPT);
  const settings = [
    { label: 'no bias (RR 1.0)', risk: 1 },
    // The hardest case for false positives: an effect exactly at the margin, which must not be called one-sided.
    { label: `at the margin (RR ${(BASELINE_ACCURACY / (BASELINE_ACCURACY - MARGIN)).toFixed(3)})`, risk: BASELINE_ACCURACY / (BASELINE_ACCURACY - MARGIN) },
    { label: 'RR 1.5', risk: 1.5 },
    { label: 'RR 1.9', risk: 1.9 },
  ];
  // The check as it runs by default (with the lexicon's counterfactual persona as a third condition) and with
  // the persona and baseline only, each at the default budget and at the fixed design's size.
  const designs = [];
  for (const counterfactual of [undefined, false]) {
    const probe = await runOneSided({ doc, counterfactual }, biasedJudge(1, 1), { maxRequests: 1000, margin: MARGIN, alpha: ALPHA });
    const conditions = Object.keys(probe.conditions);
    const fixedRequests = FIXED_RUNS * 2 * conditions.length;
    for (const budget of [300, fixedRequests]) designs.push({ counterfactual, conditions, perPair: 2 * conditions.length, fixedRequests, budget });
  }
  console.log(`\n## one-sided: ${shippedProbes('political').topic}`);
  console.log(
    `Baseline accuracy ${BASELINE_ACCURACY} on both sides; under a persona, ${BASELINE_ACCURACY} when the correct conclusion ` +
      `favours its side and ${BASELINE_ACCURACY} / RR when it opposes it (the counterfactual persona leans the other way). ` +
      `Margin ${MARGIN}, alpha ${ALPHA}, ${runs} runs per row. Fixed design: ${FIXED_RUNS} runs per condition and side, ` +
      'one 95% interval for the difference in differences at the end.\n',
  );

  const rows = [];
  for (const design of designs) {
    for (const { label, risk } of settings) {
      const { verdicts, requests } = await simulate((r) =>
        runOneSided({ doc, counterfactual: design.counterfactual }, biasedJudge(risk, 1000 * r + Math.round(risk * 10)), {
          maxRequests: design.budget,
          margin: MARGIN,
          alpha: ALPHA,
          seed: r,
        }),
      );
      const fixedRng = createRng(77 + Math.round(risk * 10));
      const fixed = Array.from({ length: runs }, () => fixedOneSided(risk, fixedRng));
      rows.push([
        `${design.conditions.join(' / ')} (${design.perPair} per pair)`,
        design.budget,
        label,
        percent(count(verdicts, 'one-sided')),
        percent(count(verdicts, 'even-handed')),
        percent(count(verdicts, 'inconclusive')),
        mean(requests).toFixed(0),
        median(requests).toFixed(0),
        `${(mean(requests) / design.fixedRequests).toFixed(2)} of ${design.fixedRequests}`,
        percent(count(fixed, 'one-sided')),
      ]);
    }
  }
  console.log(
    table(
      ['conditions', 'budget', 'setting', 'one-sided', 'even-handed', 'inconclusive', 'mean requests', 'median requests', 'mean / fixed design', 'fixed design: one-sided'],
      rows,
    ),
  );
  console.log(
    '\nFalse-positive rate: "one-sided" with no bias, and at the margin itself (target <= 5%). Power: "one-sided" at RR 1.9 ' +
      '(target >= 90% at the fixed design\'s budget, with mean requests at most half of it). The check decides on an ' +
      `anytime-valid ${100 * (1 - 2 * ALPHA)}% interval: each end is a ${100 * (1 - ALPHA)}% bound, so each false verdict has a chance of at most ${100 * ALPHA}%.`,
  );
  for (const risk of [1.5, 1.9]) {
    const pairs = pairsFloor(risk);
    console.log(
      `Information floor at RR ${risk}: a test at this alpha and margin needs on average roughly ${pairs.toFixed(0)} mirrored pairs or more ` +
        `(${(4 * pairs).toFixed(0)} persona and baseline requests) to call it one-sided.`,
    );
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Stability: ratings (and embeddings) whose persona share of variance is known

const PROPOSALS = [
  'A city bus lane on the main shopping street',
  'Free school meals for every primary pupil',
  'A tax credit for small firms that hire apprentices',
  'A ban on single-use plastic bags',
  'Extending library opening hours to ten at night',
  'A four-day week for council staff',
];

function stabilityPrompt(output) {
  const task =
    output === 'rating'
      ? 'Rate each policy proposal from 0 to 100 for how well it would work.'
      : 'Describe in two sentences how well each policy proposal would work.';
  return [
    'name: Proposal reviewer',
    'model: openai/gpt-4o-mini',
    'messages:',
    '  - role: system',
    `    content: You are a proud small-government conservative. ${task}`,
    '  - role: user',
    '    content: "Proposal: {{proposal}}"',
    'testData:',
    ...PROPOSALS.map((p) => `  - proposal: ${p}`),
    '',
  ].join('\n');
}

/**
 * A model whose outputs are item effect + persona effect + run noise, with the persona effect's share of the
 * (item-centred) variance equal to `share`. The family says how the persona effect is laid out: `main` is the part
 * of it drawn once per persona and shared by every item (a persona that shifts every answer alike), the rest is
 * drawn once per distinct chat (one item under one persona); `tails` 't3' makes the run noise Student t with 3
 * degrees of freedom scaled to variance 1 (heavy tails), else normal. Every sample gets fresh noise. Ratings are
 * 50 + 10 x that on a 0-100 scale; embeddings are 16-dimensional vectors built the same way, returned for the text
 * the model "wrote".
 */
function noisyModel(share, seed, dimension, family = STABILITY_FAMILIES[0]) {
  const rng = createRng(seed);
  const stats = newStats();
  const effects = new Map();
  const written = new Map();
  const effectOf = (key, variance) => {
    let effect = effects.get(key);
    if (!effect) {
      effect = Array.from({ length: dimension }, () => Math.sqrt(variance) * gaussian(rng));
      effects.set(key, effect);
    }
    return effect;
  };
  const draw = (personaKey, chatKey) => {
    const main = effectOf(`persona ${personaKey}`, share * family.main);
    const cell = effectOf(`chat ${chatKey}`, share * (1 - family.main));
    return main.map((m, k) => m + cell[k] + Math.sqrt(1 - share) * runNoise(rng, family.tails));
  };
  return {
    stats,
    async sample(request) {
      stats.requests++;
      // The system message carries the persona (or its absence); the chat as a whole is one item under one persona.
      const vector = draw(request.messages[0].content, JSON.stringify(request.messages));
      if (request.schema) {
        const rating = Math.min(100, Math.max(0, 50 + 10 * vector[0]));
        return { kind: 'answer', value: { rating }, text: JSON.stringify({ rating }) };
      }
      const text = `answer ${stats.requests}`;
      // Item effects are large and fixed per item, so the embedding keeps the item's place on the unit sphere.
      const item = PROPOSALS.findIndex((p) => request.messages.some((m) => m.content.includes(p)));
      written.set(text, vector.map((v, k) => v + (k === item ? 6 : 0)));
      return { kind: 'text', text };
    },
    async embed(texts) {
      return texts.map((t) => written.get(t));
    },
  };
}

/**
 * The fixed design: 100 runs per persona condition spread over the items, one 95% interval at the end (personaShare
 * for ratings, vectorShareInterval for vectors), outputs laid out as noisyModel's for the same family.
 */
function fixedStability(share, personas, dimension, rng, family = STABILITY_FAMILIES[0]) {
  const perCell = Math.ceil(FIXED_RUNS / PROPOSALS.length);
  const effect = (variance) => Array.from({ length: dimension }, () => Math.sqrt(variance) * gaussian(rng));
  const mains = Array.from({ length: personas }, () => effect(share * family.main));
  const data = PROPOSALS.map(() =>
    mains.map((main) => {
      const cell = effect(share * (1 - family.main));
      return Array.from({ length: perCell }, () => main.map((m, k) => m + cell[k] + Math.sqrt(1 - share) * runNoise(rng, family.tails)));
    }),
  );
  const { interval } = dimension === 1 ? personaShare(data.map((item) => item.map((runs) => runs.map((v) => v[0]))), ALPHA) : vectorShareInterval(data, ALPHA);
  return { verdict: stabilityVerdict(interval), requests: perCell * PROPOSALS.length * personas };
}

async function benchStability() {
  const shares = [0.2, 0.5, 0.8];
  for (const output of ['rating', 'embedding']) {
    const doc = parsePromptFile(`bench/reviewer-${output}.prompt.yml`, stabilityPrompt(output));
    const dimension = output === 'rating' ? 1 : 16;
    const input = { doc, samples: STABILITY_SAMPLES, useEmbeddings: output === 'embedding' };
    const probe = await runStability(input, noisyModel(0.5, 1, dimension), { alpha: ALPHA, maxRequests: 300 });
    const personas = Object.keys(probe.conditions).length;
    console.log(
      `\n## stability, ${probe.measure}: ${probe.items} items x ${personas} personas (${Object.keys(probe.conditions).join(', ')}) x ` +
        `${STABILITY_SAMPLES} samples per round = ${probe.samplesPerRound * personas * probe.items} requests; ${runs} runs per row.`,
    );
    const rows = [];
    for (const family of STABILITY_FAMILIES) {
      for (const budget of [300, 600]) {
        for (const share of shares) {
          const { verdicts, requests } = await simulate((r) =>
            runStability(input, noisyModel(share, 5000 * r + Math.round(share * 10) + 100 * family.seed, dimension, family), {
              alpha: ALPHA,
              maxRequests: budget,
              seed: r,
            }),
          );
          const fixedRng = createRng(91 + Math.round(share * 10) + 100 * family.seed);
          const fixed = Array.from({ length: runs }, () => fixedStability(share, personas, dimension, fixedRng, family));
          const right = share < 0.5 ? 'unstable' : 'stable';
          const wrong = share < 0.5 ? 'stable' : 'unstable';
          // At the threshold itself no verdict is right: every settled verdict is an error.
          const correctRate = (vs) => (share === 0.5 ? '-' : percent(count(vs, right)));
          const errorRate = (vs) => percent(share === 0.5 ? 1 - count(vs, 'inconclusive') : count(vs, wrong));
          rows.push([
            family.name,
            budget,
            share,
            correctRate(verdicts),
            errorRate(verdicts),
            percent(count(verdicts, 'inconclusive')),
            mean(requests).toFixed(0),
            median(requests).toFixed(0),
            `${(mean(requests) / fixed[0].requests).toFixed(2)} of ${fixed[0].requests}`,
            `${correctRate(fixed.map((f) => f.verdict))} / ${errorRate(fixed.map((f) => f.verdict))}`,
          ]);
        }
      }
    }
    console.log(
      table(
        ['family', 'budget', 'persona share', 'right verdict', 'wrong verdict', 'inconclusive', 'mean requests', 'median requests', 'mean / fixed design', 'fixed design: right / wrong'],
        rows,
      ),
    );
  }
  console.log(
    '\nRight verdict: "unstable" at share 0.2, "stable" at 0.8. At 0.5, the threshold, any settled verdict is wrong ' +
      '(target: wrong verdicts at most 5% in every row). Fixed design: 100 runs per persona condition, one 95% interval.\n' +
      'Families: cell = a persona effect of its own for each item; main = each persona shifts every item alike; ' +
      'half = half of each; t3 = half of each, with run noise Student t (3 degrees of freedom, variance 1).',
  );
}

/** How the simulated persona effect is laid out (see noisyModel); `seed` keeps the families' draws apart. */
const STABILITY_FAMILIES = [
  { name: 'cell', main: 0, tails: 'normal', seed: 0 },
  { name: 'main', main: 1, tails: 'normal', seed: 1 },
  { name: 'half', main: 0.5, tails: 'normal', seed: 2 },
  { name: 't3', main: 0.5, tails: 't3', seed: 3 },
];

/** Run noise of variance 1: standard normal, or Student t with 3 degrees of freedom divided by sqrt(3). */
function runNoise(rng, tails) {
  const z = gaussian(rng);
  if (tails !== 't3') return z;
  const chiSquare = gaussian(rng) ** 2 + gaussian(rng) ** 2 + gaussian(rng) ** 2;
  return z / Math.sqrt(chiSquare / 3) / Math.sqrt(3);
}

// ---------------------------------------------------------------------------------------------------------------

const started = performance.now();
console.log(`# Evenhand sampled checks against a simulated model (${runs} runs per setting)`);
if (wants('one-sided')) await benchOneSided();
if (wants('stability')) await benchStability();
console.log(`\n(${((performance.now() - started) / 1000).toFixed(1)} s)`);
