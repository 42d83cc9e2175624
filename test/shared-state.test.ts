// State several processes share: the workspace's kept results (results.json), written by every `evenhand check`
// and every editor window, and the machine's daily request count (usage.json), shared by every editor window.
// Processes run at once here for real: child processes against the local simulator, and the built language server.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { SHIPPED_TOPICS, shippedProbes } from '../server/out/core/checks/index.js';
import type { CheckRecord } from '../server/out/core/checks/record.js';
import { createOpenAISampler } from '../server/out/model/index.js';
import type { CheckStatus } from '../server/out/protocol.js';
import { lockFileOf, tryLock, withFileLock } from '../server/out/results/fileLock.js';
import { ResultStore } from '../server/out/results/store.js';
import { DailyUsage } from '../server/out/results/usage.js';
import { polled, startEditor, type Editor } from './support/lspEditor.js';
import { runCli, runProcess } from './support/runCli.js';
import { personaModel, startSimulator, type SimulatorBehaviour, type Simulator } from './support/simulator.js';

const TIMEOUT = { timeout: 120_000 };
const STORE_MODULE = path.join(__dirname, '..', 'server', 'out', 'results', 'store.js');
const USAGE_MODULE = path.join(__dirname, '..', 'server', 'out', 'results', 'usage.js');

const ITEMS = SHIPPED_TOPICS.flatMap((topic) => shippedProbes(topic).items);

/** A model with no persona effect: the one-sided check stays inconclusive and spends whatever budget it gets. */
function evenModel(): SimulatorBehaviour {
  return personaModel({
    baselineAccuracy: 0.9,
    relativeRisk: 1,
    sideOf: (text) => (/\bconservative\b/i.test(text) ? 'conservative' : /\bprogressive\b/i.test(text) ? 'progressive' : undefined),
    itemOf: (text) => ITEMS.find((item) => text.startsWith(`${item.text}\n\n`)),
    seed: 5,
  });
}

const chats = (sim: Simulator): number => sim.requests.filter((r) => r.path.endsWith('/chat/completions')).length;

/** A workspace (with .git) holding `count` prompt files, each with its own persona, and a user cache folder in it. */
function workspace(t: { after(fn: () => void): void }, count: number): { folder: string; home: string; files: string[] } {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'evenhand-shared-'));
  t.after(() => fs.rmSync(folder, { recursive: true, force: true }));
  fs.mkdirSync(path.join(folder, '.git'));
  const files = Array.from({ length: count }, (_, i) => {
    const file = path.join(folder, `judge-${i}.prompt.md`);
    fs.writeFileSync(file, `You are a proud small-government conservative, judge number ${i}. Rate how credible each claim is.\n`);
    return file;
  });
  return { folder, home: path.join(folder, '.user-cache'), files };
}

/** Runs a Node script in a child process; resolves with its exit code and output. */
function node(script: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return runProcess(process.execPath, ['-e', script], { env: { ...process.env, ...env } });
}

/** A record as `evenhand check` keeps it, for the given prompt file key. */
function recordFor(file: string, finishedAt: string): CheckRecord {
  const effect = { value: 0, interval: [-0.1, 0.1] };
  return {
    version: 1,
    check: 'one-sided',
    file,
    persona: { text: `You are judge ${file}.`, line: 1 },
    endpoint: { host: '127.0.0.1:1', model: 'sim-1' },
    verdict: 'inconclusive',
    result: { check: 'one-sided', effect, requests: 10, cached: 0, persona: { text: `You are judge ${file}.` } },
    rawSamples: [],
    rawSampleCount: 0,
    startedAt: finishedAt,
    finishedAt,
  } as unknown as CheckRecord;
}

// Each writer puts its records as fast as it can, all starting at the same instant.
const STORE_WRITER = `
const { ResultStore } = require(process.env.STORE_MODULE);
const job = JSON.parse(process.env.WRITER_JOB);
setTimeout(async () => {
  const store = new ResultStore(job.folder, job.workspace);
  for (const record of job.records) await store.put(record);
}, job.startAt - Date.now());
`;

async function status(editor: Editor): Promise<CheckStatus> {
  return (await editor.connection.sendRequest('workspace/executeCommand', { command: 'evenhand.server.status', arguments: [] })) as CheckStatus;
}

function settings(sim: Simulator, checks: Record<string, unknown>): Record<string, unknown> {
  return { endpoint: { baseUrl: sim.url, model: 'sim-1' }, checks: { concurrency: 4, ...checks } };
}

describe('results kept by several processes at once', () => {
  test('8 processes putting 20 records each at the same instant keep all 160, in a whole file', TIMEOUT, async (t) => {
    const { folder } = workspace(t, 0);
    const resultsFolder = path.join(folder, '.evenhand', 'results');
    const startAt = Date.now() + 500;
    const writers = Array.from({ length: 8 }, (_, writer) => {
      const records = Array.from({ length: 20 }, (_, i) => recordFor(`w${writer}-${i}.prompt.md`, new Date(Date.UTC(2026, 0, 1, writer, i)).toISOString()));
      return node(STORE_WRITER, { STORE_MODULE, WRITER_JOB: JSON.stringify({ folder: resultsFolder, workspace: folder, records, startAt }) });
    });
    for (const { code, output } of await Promise.all(writers)) assert.equal(code, 0, output);
    const store = new ResultStore(resultsFolder, folder);
    const kept = store.all();
    assert.equal(store.problem, undefined);
    assert.equal(kept.length, 160, `${kept.length} of 160 records kept`);
    const leftovers = fs.readdirSync(resultsFolder).filter((name) => !['results.json', '.gitignore'].includes(name));
    assert.deepEqual(leftovers, [], 'no temporary or lock file is left behind');
  });

  test('8 `evenhand check` processes and 2 language servers at once: all 10 records kept, the servers within their shared daily budget', TIMEOUT, async (t) => {
    const cliSim = await startSimulator(evenModel());
    const serverSim = await startSimulator(evenModel());
    t.after(() => Promise.all([cliSim.close(), serverSim.close()]).then(() => undefined));
    const { folder, home, files } = workspace(t, 10);
    const editors = await Promise.all([startEditor(folder, home), startEditor(folder, home)]);
    t.after(() => Promise.all(editors.map((e) => e.close())).then(() => undefined));
    const uris = files.slice(8).map((file) => pathToFileURL(file).href);
    for (const editor of editors) editor.settings = settings(serverSim, { maxRequests: 1200, dailyRequestBudget: 150 });
    await Promise.all(editors.map((editor, i) => editor.open(uris[i], fs.readFileSync(files[8 + i], 'utf8'))));

    const checks = files.slice(0, 8).map((file) =>
      runCli(['check', 'one-sided', file, '--base-url', cliSim.url, '--model', 'sim-1', '--max-requests', '24', '--no-cache', '--format', 'json'], folder, {
        XDG_CACHE_HOME: home,
      }),
    );
    const serverRuns = editors.map((editor, i) => editor.run(uris[i], 'one-sided', 0));
    for (const run of await Promise.all(checks)) assert.equal(run.code, 0, run.stderr);
    const outcomes = await Promise.all(serverRuns);
    for (const outcome of outcomes) assert.ok(outcome.record, outcome.message);

    const kept = ResultStore.forPrompt(files[0]).all();
    assert.deepEqual(kept.map((r) => r.file).sort(), files.map((f) => path.basename(f)).sort(), 'every check kept its record');
    const sent = chats(serverSim);
    assert.ok(sent <= 150, `the two servers sent ${sent} requests against a daily budget of 150`);
    const counted = await Promise.all(editors.map(status));
    for (const s of counted) {
      assert.ok(s.requestsToday >= sent && s.requestsToday <= 150, `requestsToday ${s.requestsToday}, ${sent} sent, budget 150`);
    }
    assert.equal(counted[0].requestsToday, counted[1].requestsToday, 'both windows see the same count');
    assert.equal(new DailyUsage(path.join(home, 'evenhand', 'usage.json')).used(), counted[0].requestsToday, 'the CLI counts nothing');
  });
});

describe('the daily request count shared by editor windows', () => {
  test('requests a server sent before it was killed mid-check stay counted, and the next server keeps to what is left', TIMEOUT, async (t) => {
    // The model answers the first 40 requests, then hangs until the test lets it answer again.
    let answering = 40;
    const model = evenModel();
    const sim = await startSimulator({ chat: (request) => (answering-- > 0 ? model.chat!(request) : { fault: 'hang' }) });
    t.after(() => sim.close());
    const { folder, home, files } = workspace(t, 1);
    const uri = pathToFileURL(files[0]).href;

    const killed = await startEditor(folder, home);
    killed.settings = settings(sim, { maxRequests: 1200, dailyRequestBudget: 100 });
    await killed.open(uri, fs.readFileSync(files[0], 'utf8'));
    void killed.run(uri, 'one-sided', 0).catch(() => undefined);
    await polled(() => chats(sim) >= 40 && sim.inFlight > 0);
    const exited = new Promise((resolve) => killed.server.once('exit', resolve));
    killed.server.kill('SIGKILL');
    await exited;
    killed.connection.dispose();
    const sentBeforeKill = chats(sim);

    answering = Infinity;
    const next = await startEditor(folder, home);
    t.after(() => next.close());
    next.settings = settings(sim, { maxRequests: 1200, dailyRequestBudget: 100 });
    await next.open(uri, fs.readFileSync(files[0], 'utf8'));
    const before = await status(next);
    assert.ok(before.requestsToday >= sentBeforeKill, `${before.requestsToday} counted after the kill, ${sentBeforeKill} were sent`);
    const outcome = await next.run(uri, 'one-sided', 0);
    assert.ok(outcome.record, outcome.message);
    assert.ok(chats(sim) <= 100, `${chats(sim)} requests sent in all against a daily budget of 100`);
    assert.ok((await status(next)).requestsToday <= 100);
  });

  test('the sampler asks the shared budget before every request: spent or uncountable, nothing is sent', async (t) => {
    const sim = await startSimulator();
    t.after(() => sim.close());
    const ask = { messages: [{ role: 'user' as const, content: 'Describe it.' }], sampleIndex: 0 };
    let left = 2;
    const budgeted = createOpenAISampler({ baseURL: sim.url, model: 'sim-1', sharedBudget: { name: 'The test budget', take: async () => left-- > 0 } });
    await budgeted.sample(ask);
    await budgeted.sample({ ...ask, sampleIndex: 1 });
    await assert.rejects(budgeted.sample({ ...ask, sampleIndex: 2 }), { reason: 'budget', message: 'The test budget is spent.' });
    assert.equal(chats(sim), 2);
    const failing = createOpenAISampler({ baseURL: sim.url, model: 'sim-1', sharedBudget: { name: 'the test budget', take: () => Promise.reject(new Error('disk full')) } });
    await assert.rejects(failing.sample(ask), { reason: 'failing', message: /could not be counted against the test budget, so it was not sent: disk full/ });
    assert.equal(chats(sim), 2, 'an uncountable request is not sent');
  });

  test('8 processes taking requests from one budget of 150 get exactly 150 between them', TIMEOUT, async (t) => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'evenhand-usage-'));
    t.after(() => fs.rmSync(folder, { recursive: true, force: true }));
    const file = path.join(folder, 'usage.json');
    const startAt = Date.now() + 500;
    const taker = `
const { DailyUsage } = require(process.env.USAGE_MODULE);
setTimeout(async () => {
  const usage = new DailyUsage(process.env.USAGE_FILE);
  let granted = 0;
  while (await usage.take(150)) granted++;
  process.stdout.write(String(granted));
}, ${startAt} - Date.now());
`;
    const runs = await Promise.all(Array.from({ length: 8 }, () => node(taker, { USAGE_MODULE, USAGE_FILE: file })));
    const granted = runs.map((run) => Number(run.output));
    assert.equal(granted.reduce((a, b) => a + b, 0), 150, `granted ${granted.join(' + ')}`);
    assert.equal(new DailyUsage(file).used(), 150);
  });
});

describe('the lock file', () => {
  function lockedBy(t: { after(fn: () => void): void }, pid: number, ageMs = 0): string {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'evenhand-lock-'));
    t.after(() => fs.rmSync(folder, { recursive: true, force: true }));
    const file = path.join(folder, 'results.json');
    fs.writeFileSync(lockFileOf(file), JSON.stringify({ pid, host: os.hostname(), token: 'held-elsewhere' }));
    const then = (Date.now() - ageMs) / 1000;
    fs.utimesSync(lockFileOf(file), then, then);
    return file;
  }

  test('a lock file names its holder from the instant it exists, and leaves nothing else behind', async (t) => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'evenhand-lock-'));
    t.after(() => fs.rmSync(folder, { recursive: true, force: true }));
    const file = path.join(folder, 'usage.json');
    const lock = tryLock(file);
    assert.ok(lock, 'a free lock is taken');
    assert.deepEqual(fs.readdirSync(folder), ['usage.json.lock'], 'only the lock file is there');
    const holder = JSON.parse(fs.readFileSync(lockFileOf(file), 'utf8'));
    assert.equal(holder.pid, process.pid);
    assert.equal(tryLock(file), undefined, 'a held lock is not taken twice');
    assert.deepEqual(fs.readdirSync(folder), ['usage.json.lock'], 'a failed attempt leaves nothing behind');
    lock.release();
    assert.deepEqual(fs.readdirSync(folder), []);
  });

  test('a lock left by a process that died is broken at once', async (t) => {
    const gone = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => gone.once('exit', resolve));
    const file = lockedBy(t, gone.pid!);
    const started = Date.now();
    assert.equal(await withFileLock(file, () => 'changed', { timeoutMs: 5000 }), 'changed');
    assert.ok(Date.now() - started < 1000, 'no waiting for a dead holder');
    assert.deepEqual(fs.readdirSync(path.dirname(file)), [], 'the lock is gone after the change');
  });

  test('a live holder is waited for, and its lock is broken only once it is older than the stale age', async (t) => {
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    t.after(() => holder.kill());
    const fresh = lockedBy(t, holder.pid!);
    await assert.rejects(withFileLock(fresh, () => 'changed', { timeoutMs: 200 }), /stayed locked by process \d+ on .* for 0 s/);
    assert.ok(fs.existsSync(lockFileOf(fresh)), 'a live holder keeps its lock');
    const old = lockedBy(t, holder.pid!, 60_000);
    assert.equal(await withFileLock(old, () => 'changed', { timeoutMs: 1000, staleMs: 30_000 }), 'changed');
  });
});
