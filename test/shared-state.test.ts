// State several processes share: the workspace's kept results (results.json), written by every `evenhand check`
// and every editor window, and the machine's daily request count (usage.json), shared by every editor window.
// Processes run at once here for real: child processes against the local simulator, and the built language server.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { CheckRecord } from '../server/out/core/checks/record.js';
import { lockFileOf, withFileLock } from '../server/out/results/fileLock.js';
import { ResultStore } from '../server/out/results/store.js';

const TIMEOUT = { timeout: 120_000 };
const STORE_MODULE = path.join(__dirname, '..', 'server', 'out', 'results', 'store.js');

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
  const child = spawn(process.execPath, ['-e', script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
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
