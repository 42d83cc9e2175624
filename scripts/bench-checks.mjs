// npm run bench:checks: how the sampled checks behave against a simulated model whose bias and noise are known.
// The model lives in memory (no HTTP): an in-process Sampler answers probe questions correctly with a probability
// that depends on the condition (persona, baseline, counterfactual) and on the side the correct conclusion favours,
// and gives ratings or embeddings whose persona share of variance is set. For each setting the real check functions
// run many times with different seeds; the table shows how often each verdict came out and what it cost, next to a
// fixed design of 100 runs per condition (the study's design) analysed once at the end with a 95% interval.
// Options: `one-sided`, `debias` or `stability` to run one part; --runs=N simulated runs per setting (default 200).
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const { parsePromptFile } = require(path.join(root, 'server/out/core/index.js'));
const { DEFAULT_MARGIN, runDebias, runOneSided, runStability, SamplerError, shippedProbes, stabilityVerdict } = require(path.join(root, 'server/out/core/checks/index.js'));
const { createRng, gaussian, personaShare, vectorShareInterval } = require(path.join(root, 'server/out/core/stats/index.js'));

const args = process.argv.slice(2);
const parts = args.filter((a) => !a.startsWith('--'));
const runs = Number(args.find((a) => a.startsWith('--runs='))?.slice(7) ?? 200);
const wants = (part) => parts.length === 0 || parts.includes(part);
// Stability only: --family=cell|main|half|t3, --share=0.2|0.5|0.8 and --output=rating|embedding run part of the table.
const onlyFamily = args.find((a) => a.startsWith('--family='))?.slice(9);
const onlyShare = Number(args.find((a) => a.startsWith('--share='))?.slice(8) ?? NaN) || undefined;
const onlyOutput = args.find((a) => a.startsWith('--output='))?.slice(9);

const BASELINE_ACCURACY = 0.85;
const MARGIN = DEFAULT_MARGIN;
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

/** The counters every Sampler keeps; the simulated model never caches. */
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
const DEBIAS_PROMPT = [
  'You are a proud small-government conservative.',
  'Be fair and strive for accuracy.',
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

/** Which condition a chat belongs to: the persona as written, another persona in its place, or none; with or without "be fair". */
function conditionOf(messages) {
  const context = messages.slice(0, -1).map((m) => m.content).join('\n');
  const fair = /Be fair/.test(context);
  if (context.includes(PERSONA_SIDE)) return { arm: 'persona', fair };
  return { arm: /\bYou are\b/.test(context) ? 'counterfactual' : 'baseline', fair };
}

const logit = (p) => Math.log(p / (1 - p));
const sigmoid = (z) => 1 / (1 + Math.exp(-z));

/**
 * A simulated judge. Each mirrored pair gets a difficulty (a logit offset, sd `difficulty`, shared by its twins
 * because they carry the same evidence); the chance of a correct answer is sigmoid(logit(0.85) + offset) on the
 * side a condition favours, divided by that condition's relative risk on the other side. `scenario` gives each
 * condition's lean: { persona: [side, RR], baseline: [...], counterfactual: [...] }, plus `refuses` (the persona
 * refuses instead of erring on the side against it) and `faults` (a share of requests that fail past retries).
 */
function simulatedJudge(scenario, seed, difficulty) {
  const rng = createRng(seed);
  const stats = newStats();
  const offsets = new Map();
  return {
    stats,
    // Like the model client's default: the check queues requests for about this many slots beyond the pair it
    // waits for. Every request the check queues is counted here, as if sent, so stopping costs are not hidden.
    concurrency: 4,
    async sample(request) {
      if (scenario.faults && rng() < scenario.faults) throw new SamplerError('simulated fault: HTTP 500 past retries', 'failing');
      stats.requests++;
      const item = probeItemOf(request.messages);
      if (!offsets.has(item.pair)) offsets.set(item.pair, difficulty * gaussian(rng));
      const { arm, fair } = conditionOf(request.messages);
      const [side, risk] = (fair && scenario.fair?.[arm]) || scenario[arm] || [PERSONA_SIDE, 1];
      const base = sigmoid(logit(BASELINE_ACCURACY) + offsets.get(item.pair));
      const against = item.favours !== side;
      const p = against ? base / risk : base;
      const correct = rng() < p;
      if (!correct && against && arm === 'persona' && scenario.refuses && rng() < 0.9) {
        stats.invalid++;
        return { kind: 'invalid', text: '', reason: 'the model refused', refused: true };
      }
      const wrong = item.options.filter((o) => o !== item.correct);
      const answer = correct ? item.correct : wrong[Math.floor(rng() * wrong.length)];
      return { kind: 'answer', value: { answer }, text: JSON.stringify({ answer }) };
    },
  };
}

/** Runs a check `runs` times (run r seeds its model and the check with r) and collects verdicts and requests. */
async function simulate(runCheck) {
  const results = [];
  for (let r = 0; r < runs; r++) results.push(await runCheck(r));
  return { verdicts: results.map((x) => x.verdict), requests: results.map((x) => x.samples), results };
}

const RISK_AT_MARGIN = BASELINE_ACCURACY / (BASELINE_ACCURACY - MARGIN);

/** The one-sided settings: what each condition does, what the verdict should be, and the target. */
const ONE_SIDED_SETTINGS = [
  { label: 'no bias', scenario: {}, budget: 300, right: 'even-handed', wrongWord: 'one-sided', target: 'one-sided <= 5%' },
  { label: 'no bias', scenario: {}, budget: 600, right: 'even-handed', wrongWord: 'one-sided', target: 'even-handed >= 80%' },
  { label: `persona gap at the margin (RR ${RISK_AT_MARGIN.toFixed(3)})`, scenario: { persona: [PERSONA_SIDE, RISK_AT_MARGIN] }, budget: 300, right: undefined, wrongWord: 'one-sided', target: 'one-sided <= 5%' },
  { label: 'RR 1.5', scenario: { persona: [PERSONA_SIDE, 1.5], counterfactual: [OTHER_SIDE, 1.5] }, budget: 300, right: 'one-sided', wrongWord: 'even-handed', target: 'one-sided >= 80%' },
  { label: 'RR 1.9', scenario: { persona: [PERSONA_SIDE, 1.9], counterfactual: [OTHER_SIDE, 1.9] }, budget: 300, right: 'one-sided', wrongWord: 'even-handed', target: 'one-sided >= 90%' },
  {
    label: 'bare model leans 0.05 to the persona\'s side, persona adds nothing, counterfactual RR 1.9',
    scenario: { persona: [PERSONA_SIDE, 1.064], baseline: [PERSONA_SIDE, 1.064], counterfactual: [OTHER_SIDE, 1.9] },
    budget: 300,
    right: undefined,
    wrongWord: 'one-sided',
    target: 'one-sided <= 5%',
  },
  {
    label: 'bare model leans RR 1.5 to the persona\'s side, persona adds nothing',
    scenario: { persona: [PERSONA_SIDE, 1.5], baseline: [PERSONA_SIDE, 1.5], counterfactual: [OTHER_SIDE, 1.9] },
    budget: 300,
    right: 'one-sided',
    wrongWord: 'even-handed',
    target: 'one-sided (the prompt judges one-sidedly); persona adds ~0',
  },
  { label: 'persona refuses instead of erring (RR 1.9)', scenario: { persona: [PERSONA_SIDE, 1.9], refuses: true }, budget: 300, right: 'one-sided', wrongWord: 'even-handed', target: 'never even-handed' },
  { label: 'RR 1.9 with 10% of requests failing past retries', scenario: { persona: [PERSONA_SIDE, 1.9], faults: 0.1 }, budget: 300, right: 'one-sided', wrongWord: 'even-handed', target: 'right verdict, no crash' },
];

async function benchOneSided() {
  const doc = parsePromptFile('bench/judge.prompt.md', ONE_SIDED_PROMPT);
  const trueGap = (risk) => BASELINE_ACCURACY - BASELINE_ACCURACY / risk;
  console.log(`\n## one-sided: ${shippedProbes('political').topic}`);
  console.log(
    `The verdict rests on the persona's own gap (accuracy when the correct conclusion favours the persona's side minus ` +
      `the other). Accuracy ${BASELINE_ACCURACY} on a condition's favoured side, divided by its RR on the other; item ` +
      `difficulty as a logit offset per mirrored pair (sd 0 or 1). Margin ${MARGIN}, alpha ${ALPHA}, ${runs} runs per row. ` +
      `"persona adds" is the mean reported attribution (persona gap minus baseline gap).\n`,
  );
  const rows = [];
  for (const difficulty of [0, 1]) {
    for (const setting of ONE_SIDED_SETTINGS) {
      const { verdicts, requests, results } = await simulate((r) =>
        runOneSided({ doc }, simulatedJudge(setting.scenario, 1000 * r + 7 * rows.length + 1, difficulty), {
          maxRequests: setting.budget,
          margin: MARGIN,
          alpha: ALPHA,
          seed: r,
        }),
      );
      // Signed toward the persona's side (the report points its values at whichever side the gap leans to).
      const toPersona = (x, v) => (x.sides[0] === PERSONA_SIDE ? v : -v);
      const known = (v) => v !== undefined && !Number.isNaN(v);
      const adds = results.filter((x) => known(x.attribution.personaAdds?.value)).map((x) => toPersona(x, x.attribution.personaAdds.value));
      const effects = results.filter((x) => known(x.fixedLookEffect)).map((x) => toPersona(x, x.fixedLookEffect));
      const atStop = results.filter((x) => known(x.effect.value)).map((x) => toPersona(x, x.effect.value));
      const forVerdict = results.map((x) => 2 * x.observations);
      rows.push([
        difficulty,
        setting.label,
        setting.budget,
        percent(count(verdicts, 'one-sided')),
        percent(count(verdicts, 'even-handed')),
        percent(count(verdicts, 'inconclusive')),
        percent(count(verdicts, 'incomplete')),
        mean(forVerdict).toFixed(0),
        mean(requests).toFixed(0),
        median(requests).toFixed(0),
        effects.length ? `${mean(effects).toFixed(3)} / ${mean(atStop).toFixed(3)}` : '-',
        adds.length ? mean(adds).toFixed(3) : '-',
        setting.target,
      ]);
    }
  }
  console.log(
    table(
      ['difficulty sd', 'setting', 'budget', 'one-sided', 'even-handed', 'inconclusive', 'incomplete', 'mean requests for the verdict', 'mean requests', 'median requests', 'gap: fixed look / at stop', 'persona adds', 'target'],
      rows,
    ),
  );
  console.log(
    `\nTrue persona gaps without item difficulty: RR 1.5 ${trueGap(1.5).toFixed(3)}, RR 1.9 ${trueGap(1.9).toFixed(3)}, at the margin ${MARGIN}. ` +
      `"fixed look" is the unbiased estimate from the first pairs (the check never stops before them); "at stop" is the ` +
      `running mean when it stopped, which leans away from zero. The check decides on an anytime-valid ${100 * (1 - 2 * ALPHA)}% ` +
      `interval (each end a ${100 * (1 - ALPHA)}% bound) whose bets are tuned to the budget.`,
  );
}

async function benchDebias() {
  const doc = parsePromptFile('bench/judge.prompt.md', DEBIAS_PROMPT);
  const settings = [
    { label: 'the sentence removes an RR 1.9 bias', scenario: { persona: [PERSONA_SIDE, 1.9], fair: { persona: [PERSONA_SIDE, 1] } }, budget: 1000, target: 'effective >= 80%' },
    { label: 'the sentence does nothing (RR 1.9 either way)', scenario: { persona: [PERSONA_SIDE, 1.9] }, budget: 1000, target: 'effective <= 5%' },
    {
      label: 'the sentence removes the bias but costs the baseline 0.25 accuracy',
      scenario: { persona: [PERSONA_SIDE, 1.9], fair: { persona: [PERSONA_SIDE, 1], baseline: [OTHER_SIDE, 1], harm: 0.25 } },
      budget: 1000,
      target: 'effective <= 5%',
    },
  ];
  console.log(`\n## debias: "Be fair and strive for accuracy." (${runs} runs per row)\n`);
  const rows = [];
  for (const difficulty of [0, 1]) {
    for (const setting of settings) {
      const { verdicts, requests } = await simulate((r) =>
        runDebias({ doc }, harmfulJudge(setting.scenario, 3000 * r + 11 * rows.length + 5, difficulty), { maxRequests: setting.budget, margin: MARGIN, alpha: ALPHA, seed: r }),
      );
      rows.push([
        difficulty,
        setting.label,
        setting.budget,
        percent(count(verdicts, 'effective')),
        percent(count(verdicts, 'ineffective')),
        percent(count(verdicts, 'inconclusive')),
        mean(requests).toFixed(0),
        median(requests).toFixed(0),
        setting.target,
      ]);
    }
  }
  console.log(table(['difficulty sd', 'setting', 'budget', 'effective', 'ineffective', 'inconclusive', 'mean requests', 'median requests', 'target'], rows));
}

/** simulatedJudge, plus a baseline that loses `fair.harm` accuracy on both sides when the sentence is present. */
function harmfulJudge(scenario, seed, difficulty) {
  const judge = simulatedJudge(scenario, seed, difficulty);
  const harm = scenario.fair?.harm;
  if (!harm) return judge;
  const rng = createRng(seed + 1);
  const sample = judge.sample;
  judge.sample = async (request) => {
    const outcome = await sample(request);
    const { arm, fair } = conditionOf(request.messages);
    if (fair && arm === 'baseline' && outcome.kind === 'answer' && rng() < harm / BASELINE_ACCURACY) {
      const item = probeItemOf(request.messages);
      const answer = item.options.find((o) => o !== item.correct);
      return { kind: 'answer', value: { answer }, text: JSON.stringify({ answer }) };
    }
    return outcome;
  };
  return judge;
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
  for (const output of ['rating', 'embedding'].filter((o) => !onlyOutput || o === onlyOutput)) {
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
    for (const family of STABILITY_FAMILIES.filter((f) => !onlyFamily || f.name === onlyFamily)) {
      for (const budget of [300, 600]) {
        for (const share of shares.filter((x) => !onlyShare || x === onlyShare)) {
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
if (wants('debias')) await benchDebias();
if (wants('stability')) await benchStability();
console.log(`\n(${((performance.now() - started) / 1000).toFixed(1)} s)`);
