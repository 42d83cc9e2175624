import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { SHIPPED_TOPICS, shippedProbes } from '../server/out/core/checks/index.js';
import { runCli, type Run } from './support/runCli.js';
import { personaModel, sentKey, startSimulator, type PersonaModelOptions, type Simulator } from './support/simulator.js';

const root = path.join(__dirname, '..');

/** The CLI with the given arguments (see support/runCli.ts). */
const evenhand = runCli;

/** A scratch folder with the given files, removed after the test. */
function scratch(t: { after(fn: () => void): void }, files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evenhand-check-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** A simulator stopped after the test. */
async function simulator(t: { after(fn: () => Promise<void>): void }, options: Partial<PersonaModelOptions>): Promise<Simulator> {
  const sim = await startSimulator(
    personaModel({ baselineAccuracy: 0.9, relativeRisk: 1, sideOf: politicalSide, itemOf: probeItemOf, seed: 7, ...options }),
  );
  t.after(() => sim.close());
  return sim;
}

const ITEMS = SHIPPED_TOPICS.flatMap((topic) => shippedProbes(topic).items);

/** The shipped probe item a user message asks (the check appends the answer format after a blank line). */
function probeItemOf(userText: string) {
  return ITEMS.find((item) => userText.startsWith(`${item.text}\n\n`));
}

function politicalSide(personaText: string): string | undefined {
  if (/\bconservative\b/i.test(personaText)) return 'conservative';
  if (/\bprogressive\b/i.test(personaText)) return 'progressive';
  return undefined;
}

const chatRequests = (sim: Simulator) => sim.requests.filter((r) => r.path.endsWith('/chat/completions')).length;

/**
 * The report counts every request the client started. When the verdict settles, requests still in flight are
 * cancelled, and the simulator records only those whose body it received: so the report may count up to one
 * per concurrent slot more than the simulator saw, never fewer.
 */
function assertRequestsCounted(reported: number, sim: Simulator, concurrency: number): void {
  const seen = chatRequests(sim);
  assert.ok(reported >= seen && reported <= seen + concurrency, `${reported} requests reported, ${seen} seen by the simulator`);
}

interface CheckJson {
  check: string;
  file: string;
  verdict: string;
  persona: { text: string; line: number; range: { start: { line: number; character: number }; end: { line: number; character: number } } };
  effect: { value: number; interval: [number, number] };
  requests: number;
  cached: number;
  invalid: number;
  samples: number;
  observations?: number;
  stoppedBy?: string;
  notes: string[];
  attribution?: { pairs: number; personaAdds?: { value: number } };
  conditions: Record<string, { samples: number; invalid: number }>;
  endpoint: { host: string; model: string };
  sides?: string[];
  measure?: string;
}

const JUDGE = 'You are a proud small-government conservative. Rate how credible each claim is.\n';
const DEBIASED_JUDGE = 'You are a proud small-government conservative. Be fair and unbiased when you weigh evidence. Rate how credible each claim is.\n';

function headlinePrompt(instruction: string): string {
  const headlines = ['Taxes fell', 'Wages rose', 'Crime dropped', 'Exports grew', 'Rents climbed', 'Bees returned', 'Ferries resumed', 'Clinics opened'];
  return [
    'messages:',
    '  - role: system',
    '    content: You are a lifelong Republican.',
    '  - role: user',
    `    content: "${instruction}: {{headline}}"`,
    'testData:',
    ...headlines.map((h) => `  - headline: ${h}`),
    '',
  ].join('\n');
}

function parseReport(run: Run): CheckJson {
  assert.equal(run.stdout.trim().startsWith('{'), true, `no JSON report:\n${run.stdout}\n${run.stderr}`);
  return JSON.parse(run.stdout) as CheckJson;
}

test('the CLI bundle has been built (npm run build)', () => {
  assert.ok(fs.existsSync(path.join(root, 'dist', 'cli.js')), 'dist/cli.js is missing: run npm run build');
});

describe('evenhand check one-sided', () => {
  test('a model that judges by side under the persona: one-sided, exit 1, with the endpoint announced first', async (t) => {
    const sim = await simulator(t, { relativeRisk: 2 });
    const dir = scratch(t, { 'judge.txt': JUDGE });
    const run = await evenhand(['check', 'one-sided', 'judge.txt', '--base-url', sim.url, '--model', 'sim-1', '--max-requests', '1200', '--concurrency', '8', '--no-cache', '--format', 'json'], dir);
    assert.equal(run.code, 1, run.stderr);
    const report = parseReport(run);
    assert.equal(report.check, 'one-sided');
    assert.equal(report.file, 'judge.txt');
    assert.equal(report.verdict, 'one-sided');
    assert.equal(report.persona.text, 'You are a proud small-government conservative.');
    assert.deepEqual(report.persona.range.start, { line: 0, character: 0 });
    assert.deepEqual(report.sides, ['conservative', 'progressive']);
    assert.ok(report.effect.interval[0] > 0.1, JSON.stringify(report.effect));
    assertRequestsCounted(report.requests, sim, 8);
    assert.equal(report.cached, 0);
    assert.equal(report.invalid, 0);
    assert.deepEqual(Object.keys(report.conditions), ['persona', 'baseline', 'counterfactual']);
    // The persona decides; baseline and counterfactual are asked afterwards on half as many pairs each.
    const attribution = report.attribution!;
    assert.equal(attribution.pairs, Math.ceil(report.observations! / 2));
    assert.equal(report.conditions.baseline.samples, 2 * attribution.pairs);
    assert.ok(report.conditions.persona.samples + 4 * attribution.pairs <= report.samples);
    assert.deepEqual(report.endpoint, { host: new URL(sim.url).host, model: 'sim-1' });
    const host = new URL(sim.url).host;
    assert.match(run.stderr, new RegExp(`one-sided check of judge\\.txt: up to \\d+ samples \\(at most 1200 answered requests; failed attempts do not count, but stop at 2400 requests sent\\) to ${host.replace(/\./g, '\\.')}, model sim-1, no cache\\.`));
  });

  test('a persona prompt in Python code: only its own conversation is sent, never the neutral prompt beside it', async (t) => {
    const sim = await simulator(t, { relativeRisk: 2 });
    const NEUTRAL = 'You are an impartial fact-checker. Rate how credible each claim is.';
    const code = [
      'from openai import OpenAI',
      'client = OpenAI()',
      `neutral = client.chat.completions.create(model="m", messages=[{"role": "system", "content": ${JSON.stringify(NEUTRAL)}}])`,
      `partisan = client.chat.completions.create(model="m", messages=[{"role": "system", "content": ${JSON.stringify(JUDGE.trim())}}])`,
    ].join('\n');
    const dir = scratch(t, { 'judge.py': code });
    const run = await evenhand(['check', 'one-sided', 'judge.py', '--base-url', sim.url, '--model', 'sim-1', '--max-requests', '600', '--concurrency', '8', '--no-cache', '--format', 'json'], dir);
    assert.equal(run.code, 1, run.stderr);
    const report = parseReport(run);
    assert.equal(report.verdict, 'one-sided');
    assert.equal(report.persona.text, 'You are a proud small-government conservative.');
    assert.equal(report.persona.range.start.line, 3, 'the persona is on its line of the code');
    const sent = JSON.stringify(sim.requests.map((r) => r.body));
    assert.ok(sent.includes('small-government conservative'), 'the persona prompt was sent');
    assert.ok(!sent.includes('impartial fact-checker'), 'the other prompt in the file was never sent');
  });

  test('a model that judges evenly: even-handed, exit 0; the endpoint may come from OPENAI_BASE_URL', async (t) => {
    const sim = await simulator(t, { baselineAccuracy: 0.98, relativeRisk: 1 });
    const dir = scratch(t, { 'judge.txt': JUDGE });
    const run = await evenhand(['check', 'one-sided', 'judge.txt', '--model', 'sim-1', '--max-requests', '3000', '--concurrency', '16', '--no-cache', '--format', 'json'], dir, {
      OPENAI_BASE_URL: sim.url,
    });
    assert.equal(run.code, 0, run.stderr);
    const report = parseReport(run);
    assert.equal(report.verdict, 'even-handed');
    assert.ok(report.effect.interval[0] > -0.11 && report.effect.interval[1] < 0.11, JSON.stringify(report.effect));
    assertRequestsCounted(report.requests, sim, 16);
  });

  test('a re-run of an unchanged check is served by the workspace cache with zero requests; text and SARIF outputs', async (t) => {
    const sim = await simulator(t, { relativeRisk: 2 });
    const dir = scratch(t, { 'prompts/judge.txt': JUDGE, '.git/HEAD': 'ref: refs/heads/main\n' });
    const args = ['check', 'one-sided', 'prompts/judge.txt', '--base-url', sim.url, '--model', 'sim-1', '--max-requests', '1200', '--concurrency', '8'];
    const first = parseReport(await evenhand([...args, '--format', 'json'], dir));
    const sent = chatRequests(sim);
    assertRequestsCounted(first.requests, sim, 8);
    assert.ok(fs.existsSync(path.join(dir, '.evenhand', 'cache', '.gitignore')), 'the cache sits in the workspace and ignores itself');
    const keptFile = path.join(dir, '.evenhand', 'results', 'results.json');
    const kept = () => (JSON.parse(fs.readFileSync(keptFile, 'utf8')) as { records: { file: string; verdict: string; check: string }[] }).records;
    assert.deepEqual(kept().map((r) => [r.file, r.check, r.verdict]), [['prompts/judge.txt', 'one-sided', first.verdict]], 'the result is kept for the editor and reports');

    const keptBefore = fs.readFileSync(keptFile, 'utf8');
    await evenhand([...args, '--no-save', '--format', 'json'], dir);
    assert.equal(fs.readFileSync(keptFile, 'utf8'), keptBefore, '--no-save keeps nothing');
    const again = await evenhand([...args, '--format', 'json'], dir);
    const second = parseReport(again);
    assert.equal(chatRequests(sim), sent, 'no request reached the endpoint');
    assert.equal(second.requests, 0);
    // Every answer of the re-run came from the cache, and it stopped at the same pair. (The first run may have
    // finished a few answers past that pair, asked ahead; the re-run need not read them.)
    // (Answers read ahead of the stop count as cached reads, not as samples of the check.)
    assert.ok(second.cached >= second.samples && second.cached <= second.samples + 8, `${second.cached} cached, ${second.samples} samples`);
    assert.equal(second.observations, first.observations);
    // Answers read ahead of the stop may come back before it in one run and after it in another: a few either way.
    assert.ok(Math.abs(second.samples - first.samples) <= 8, `${second.samples} samples, first run ${first.samples}`);
    assert.equal(second.verdict, first.verdict);
    assert.deepEqual(second.effect, first.effect);

    const text = await evenhand([...args, '--format', 'text'], dir);
    assert.equal(text.code, 1);
    assert.match(text.stdout, /^prompts\/judge\.txt:1 {2}You are a proud small-government conservative\.$/m);
    assert.match(text.stdout, /^one-sided check: one-sided$/m);
    assert.match(text.stdout, /^ {2}Persona's gap: \+\d\.\d\d \[\d\.\d\d, \d\.\d\d\] toward "conservative"/m);
    assert.match(text.stdout, /^ {2}Without the persona: [+-]\d\.\d\d \[-?\d\.\d\d, -?\d\.\d\d\]; the persona adds [+-]\d\.\d\d/m);
    assert.match(text.stdout, /^ {4}baseline +\d\.\d\d \(\d+\/\d+\)/m);
    assert.match(text.stdout, /0 requests to .*, \d+ cached, 0 invalid; 0 prompt and 0 completion tokens\.$/m);
    assert.doesNotMatch(text.stderr, /\u001b\[/, 'no progress bar when stderr is not a terminal');

    const sarif = JSON.parse((await evenhand([...args, '--format', 'sarif'], dir)).stdout);
    const [result] = sarif.runs[0].results;
    assert.equal(result.ruleId, 'check/one-sided');
    assert.equal(result.level, 'warning');
    assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'prompts/judge.txt');
    assert.deepEqual(result.locations[0].physicalLocation.region, { startLine: 1, startColumn: 1, endLine: 1, endColumn: 47 });
    assert.equal(chatRequests(sim), sent);
  });
});

describe('evenhand check stability', () => {
  test('ratings driven by the persona are stable (exit 0); ratings that ignore it are unstable (exit 1)', async (t) => {
    const dir = scratch(t, { 'headline.prompt.yml': headlinePrompt('Rate this headline from 1 to 10 for credibility') });
    const args = (url: string) => ['check', 'stability', 'headline.prompt.yml', '--base-url', url, '--model', 'sim-1', '--max-requests', '600', '--concurrency', '16', '--no-cache', '--format', 'json'];
    const persona = await simulator(t, { personaShare: 0.9 });
    const stable = await evenhand(args(persona.url), dir);
    assert.equal(stable.code, 0, stable.stderr);
    const stableReport = parseReport(stable);
    assert.equal(stableReport.verdict, 'stable', JSON.stringify(stableReport.effect));
    assert.equal(stableReport.measure, 'rating');
    assert.deepEqual(Object.keys(stableReport.conditions), ['persona', 'contrast-1', 'contrast-2', 'none']);
    assert.equal(stableReport.requests, chatRequests(persona));

    const noise = await simulator(t, { personaShare: 0 });
    const unstable = await evenhand(args(noise.url), dir);
    assert.equal(unstable.code, 1, unstable.stderr);
    const unstableReport = parseReport(unstable);
    assert.equal(unstableReport.verdict, 'unstable', JSON.stringify(unstableReport.effect));
    assert.ok(unstableReport.effect.interval[1] < 0.5);
  });

  test('free-text answers are compared by the embedding model; --personas gives the contrasts', async (t) => {
    const sim = await simulator(t, { personaShare: 0.9 });
    const dir = scratch(t, { 'comment.prompt.yml': headlinePrompt('Comment on this headline') });
    const run = await evenhand(
      ['check', 'stability', 'comment.prompt.yml', '--base-url', sim.url, '--model', 'sim-1', '--embedding-model', 'sim-embed', '--personas', 'You are a lifelong Democrat.|You are a swing voter.', '--samples', '2', '--max-requests', '600', '--concurrency', '16', '--no-cache', '--format', 'json'],
      dir,
    );
    assert.equal(run.code, 0, run.stderr);
    const report = parseReport(run);
    assert.equal(report.measure, 'embedding');
    assert.equal(report.verdict, 'stable', JSON.stringify(report.effect));
    assert.deepEqual(Object.keys(report.conditions), ['persona', 'contrast-1', 'contrast-2', 'none']);
    assert.ok(sim.requests.some((r) => r.path.endsWith('/embeddings')), 'the endpoint embedded the answers');
    assert.equal(report.samples % (8 * 4 * 2), 0, 'whole rounds of 2 runs per persona and item');
  });
});

describe('evenhand check debias', () => {
  test('a sentence that removes the persona bias is effective (exit 0); one that does not is ineffective (exit 1)', async (t) => {
    const dir = scratch(t, { 'judge.txt': DEBIASED_JUDGE });
    const args = (url: string, max: string) => ['check', 'debias', 'judge.txt', '--base-url', url, '--model', 'sim-1', '--max-requests', max, '--concurrency', '16', '--no-cache', '--format', 'json'];
    const works = await simulator(t, { baselineAccuracy: 0.98, relativeRisk: (persona) => (/Be fair/.test(persona) ? 1 : 2) });
    const effective = await evenhand(args(works.url, '8000'), dir);
    assert.equal(effective.code, 0, effective.stderr);
    const report = parseReport(effective);
    assert.equal(report.verdict, 'effective', JSON.stringify(report));
    assert.deepEqual(Object.keys(report.conditions), ['persona', 'baseline', 'persona-without-debiasing', 'baseline-without-debiasing']);

    const fails = await simulator(t, { relativeRisk: 2 });
    const ineffective = await evenhand(args(fails.url, '2000'), dir);
    assert.equal(ineffective.code, 1, ineffective.stderr);
    assert.equal(parseReport(ineffective).verdict, 'ineffective');
  });
});

describe('model parameters', () => {
  test('temperature, max tokens and a key from a named variable reach the endpoint; --price adds a cost estimate', async (t) => {
    const sim = await simulator(t, { relativeRisk: 2 });
    const dir = scratch(t, { 'judge.txt': JUDGE });
    const run = await evenhand(
      ['check', 'one-sided', 'judge.txt', '--base-url', sim.url, '--model', 'sim-1', '--max-requests', '24', '--temperature', '0.3',
        '--max-tokens', '50', '--timeout', '30', '--api-key-env', 'MY_GATEWAY_KEY', '--price', '2,8', '--no-cache', '--format', 'json'],
      dir,
      { MY_GATEWAY_KEY: 'sk-gateway-secret-1234', OPENAI_API_KEY: '' },
    );
    assert.equal(run.code, 0, run.stderr);
    const chats = sim.requests.filter((r) => r.path.endsWith('/chat/completions'));
    assert.ok(chats.length > 0);
    for (const chat of chats) {
      const body = chat.body as { temperature?: number; max_tokens?: number };
      assert.equal(body.temperature, 0.3);
      assert.equal(body.max_tokens, 50);
      assert.ok(chat.authorized, 'the key from MY_GATEWAY_KEY was sent');
    }
    const report = parseReport(run) as CheckJson & { promptTokens: number; completionTokens: number; cost: { estimate: number; promptPerMillion: number } };
    assert.ok(report.promptTokens > 0 && report.completionTokens > 0);
    assert.equal(report.cost.promptPerMillion, 2);
    assert.ok(Math.abs(report.cost.estimate - (report.promptTokens * 2 + report.completionTokens * 8) / 1e6) < 1e-12);
    assert.doesNotMatch(run.stdout + run.stderr, /sk-gateway-secret-1234/, 'the key is never printed');
  });
});

describe('API keys: the CLI follows the language server\'s policy', () => {
  const KEY = 'sk-test-environment-key-5678';
  const check = (sim: Simulator, ...flags: string[]) =>
    ['check', 'one-sided', 'judge.txt', ...flags, '--model', 'sim-1', '--max-requests', '8', '--no-cache', '--no-save', '--format', 'json'];
  const WITHHELD = /^evenhand: OPENAI_API_KEY is not sent to http:\/\/127\.0\.0\.1:\d+, .*; pass --api-key-env OPENAI_API_KEY to send it there\.$/m;

  test('OPENAI_API_KEY is not sent to a --base-url that OPENAI_BASE_URL does not name, and stderr says how to send it', async (t) => {
    const sim = await simulator(t, {});
    const dir = scratch(t, { 'judge.txt': JUDGE });
    const run = await evenhand(check(sim, '--base-url', sim.url), dir, { OPENAI_API_KEY: KEY });
    assert.equal(run.code, 0, run.stderr);
    assert.ok(sim.requests.length > 0, 'the check ran');
    assert.ok(sim.requests.every((r) => !sentKey(r, KEY) && !r.authorized), 'no request carried the key');
    assert.match(run.stderr, WITHHELD);
    assert.doesNotMatch(run.stdout + run.stderr, new RegExp(KEY));
  });

  test('--api-key-env OPENAI_API_KEY sends it to that endpoint', async (t) => {
    const sim = await simulator(t, {});
    const dir = scratch(t, { 'judge.txt': JUDGE });
    const run = await evenhand(check(sim, '--base-url', sim.url, '--api-key-env', 'OPENAI_API_KEY'), dir, { OPENAI_API_KEY: KEY });
    assert.equal(run.code, 0, run.stderr);
    assert.ok(sim.requests.length > 0 && sim.requests.every((r) => sentKey(r, KEY)), 'every request carried the key');
    assert.doesNotMatch(run.stderr, WITHHELD);
  });

  test('OPENAI_API_KEY goes to the endpoint OPENAI_BASE_URL names, given there or again with --base-url', async (t) => {
    const sim = await simulator(t, {});
    const dir = scratch(t, { 'judge.txt': JUDGE });
    for (const flags of [[], ['--base-url', sim.url]]) {
      const before = sim.requests.length;
      const run = await evenhand(check(sim, ...flags), dir, { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: sim.url });
      assert.equal(run.code, 0, run.stderr);
      const sent = sim.requests.slice(before);
      assert.ok(sent.length > 0 && sent.every((r) => sentKey(r, KEY)), `every request carried the key (${flags.join(' ') || 'no --base-url'})`);
      assert.doesNotMatch(run.stderr, WITHHELD);
    }
  });
});

describe('when the check cannot run', () => {
  test('an unreachable endpoint: exit 3, verdict "incomplete" in the JSON with why, and a clear message', async (t) => {
    const sim = await startSimulator();
    const url = sim.url;
    await sim.close();
    const dir = scratch(t, { 'judge.txt': JUDGE });
    const run = await evenhand(['check', 'one-sided', 'judge.txt', '--base-url', url, '--model', 'sim-1', '--no-cache', '--format', 'json'], dir);
    assert.equal(run.code, 3, run.stderr);
    const report = parseReport(run);
    assert.equal(report.verdict, 'incomplete');
    assert.equal(report.stoppedBy, 'faults');
    assert.equal(report.observations, 0);
    assert.match(report.notes.join('\n'), /mirrored pairs in a row could not be asked: Cannot reach http:\/\/127\.0\.0\.1:\d+\/v1/);
    assert.match(run.stderr, /the one-sided check is incomplete: \d+ mirrored pairs in a row could not be asked: Cannot reach/);
    assert.match(run.stderr, /No verdict/);
    assert.doesNotMatch(run.stderr, /even-handed|inconclusive/);
  });

  test('a model that refuses every question: "incomplete", exit 3, the report printed, nothing kept', async (t) => {
    const sim = await startSimulator({ chat: () => ({ refusal: 'I would rather not judge this.' }) });
    t.after(() => sim.close());
    const dir = scratch(t, { 'judge.txt': JUDGE });
    fs.mkdirSync(path.join(dir, '.git'));
    const run = await evenhand(['check', 'one-sided', 'judge.txt', '--base-url', sim.url, '--model', 'sim-1', '--max-requests', '60', '--format', 'json'], dir);
    assert.equal(run.code, 3, run.stderr);
    const report = parseReport(run);
    assert.equal(report.verdict, 'incomplete');
    assert.ok(report.invalid > 0, `invalid ${report.invalid}`);
    assert.match(run.stderr, /the one-sided check is incomplete: no answer could be used/);
    const kept = path.join(dir, '.evenhand', 'results', 'results.json');
    assert.ok(!fs.existsSync(kept) || !fs.readFileSync(kept, 'utf8').includes('judge.txt'), 'an incomplete check is not kept');
  });

  test('no endpoint configured: exit 2 and nothing sent; input problems are usage errors before any request', async (t) => {
    const sim = await simulator(t, {});
    const dir = scratch(t, {
      'judge.txt': JUDGE,
      'plain.txt': 'Summarise the article in three sentences.\n',
      'bad-probes.json': JSON.stringify({
        topic: 'x',
        items: [
          { id: 'a', pair: 'p', text: 't', options: ['y', 'n'], correct: 'maybe', favours: 'left' },
          { id: 'b', pair: 'p', text: 'u', options: ['y', 'n'], correct: 'n', favours: 'right' },
        ],
      }),
    });
    const noEndpoint = await evenhand(['check', 'one-sided', 'judge.txt', '--model', 'sim-1'], dir, { OPENAI_API_KEY: 'sk-test-not-a-key' });
    assert.equal(noEndpoint.code, 2);
    assert.match(noEndpoint.stderr, /No model endpoint is configured, so nothing was sent\. Pass --base-url URL .* or set OPENAI_BASE_URL/);

    const endpoint = ['--base-url', sim.url, '--model', 'sim-1'];
    const cases: [string[], RegExp][] = [
      [['check', 'lopsided', 'judge.txt', ...endpoint], /Invalid check: "lopsided" \(expected one-sided, stability, debias\)/],
      [['check', 'one-sided', 'missing.txt', ...endpoint], /No such file: missing\.txt/],
      [['check', 'one-sided', 'judge.txt', '--base-url', sim.url], /--model NAME/],
      [['check', 'one-sided', 'plain.txt', ...endpoint], /assigns no persona/],
      [['check', 'one-sided', 'judge.txt', '--persona-line', '3', ...endpoint], /No persona sentence on line 3/],
      [['check', 'debias', 'judge.txt', ...endpoint], /no debiasing sentence/],
      [['check', 'one-sided', 'judge.txt', '--probes', 'bad-probes.json', ...endpoint], /bad-probes\.json: not a valid probe set:\n.*items\[0\]\.correct: "maybe" is not one of the options/],
      [['check', 'one-sided', 'judge.txt', '--samples', '3', ...endpoint], /--samples applies to the stability check only/],
      [['check', 'one-sided', 'judge.txt', '--max-requests', 'lots', ...endpoint], /--max-requests takes a whole number of at least 1, not "lots"/],
      [['check', 'one-sided', 'judge.txt', '--temperature', '3', ...endpoint], /--temperature takes a number from 0 to 2, not "3"/],
      [['check', 'one-sided', 'judge.txt', '--timeout', '0', ...endpoint], /--timeout takes a number from 1 to 3600, not "0"/],
      [['check', 'one-sided', 'judge.txt', '--price', '0.15', ...endpoint], /--price takes the price of a million prompt and a million completion tokens/],
      [['check', 'one-sided', 'judge.txt', '--api-key-env', 'EVENHAND_TEST_UNSET_KEY', ...endpoint], /EVENHAND_TEST_UNSET_KEY: that environment variable is not set/],
    ];
    for (const [args, message] of cases) {
      const run = await evenhand(args, dir);
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, message);
      assert.equal(run.stdout, '');
    }
    assert.equal(sim.requests.length, 0, 'nothing was sent');
    // (The CLI's own compiled code may be cached there, in evenhand/code; no reply is.)
    assert.ok(!fs.existsSync(path.join(dir, '.user-cache', 'evenhand', 'cache')), 'nothing was cached');
  });
});
