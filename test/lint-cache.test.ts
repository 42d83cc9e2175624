// The CLI's results cache: a warm run prints exactly what a cold one does, and never serves a stale result.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { runCli, type Run } from './support/runCli.js';

const root = path.join(__dirname, '..');

const PARTISAN_JUDGE = 'You are a proud small-government conservative. Rate how credible each claim is.\n';
const TWO_PERSONAS = 'You are a devout Catholic priest.\n\nLater: you are a progressive activist. Judge the essays.\n';

/**
 * A workspace (it has an .evenhand.json, so the cache goes to its .evenhand/cache) holding the CLI fixtures (skipped,
 * excluded and clean files among them) and a few prompts with findings; removed after the test.
 */
function workspace(t: { after(fn: () => void): void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evenhand-lint-cache-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.cpSync(path.join(root, 'test', 'fixtures', 'cli'), path.join(dir, 'prompts'), { recursive: true });
  fs.writeFileSync(path.join(dir, '.evenhand.json'), '{}\n');
  for (let i = 0; i < 6; i++) {
    fs.mkdirSync(path.join(dir, 'team', String(i)), { recursive: true });
    fs.writeFileSync(path.join(dir, 'team', String(i), 'judge.prompt.md'), `# Judge ${i}\n\n${i % 2 ? TWO_PERSONAS : PARTISAN_JUDGE}`);
  }
  return dir;
}

function cacheFiles(dir: string): string[] {
  const folder = path.join(dir, '.evenhand', 'cache');
  return fs.existsSync(folder) ? fs.readdirSync(folder).filter((name) => /^lint-.*\.json$/.test(name)).map((name) => path.join(folder, name)) : [];
}

function onlyCacheFile(dir: string): string {
  const files = cacheFiles(dir);
  assert.equal(files.length, 1, `one lint cache file in ${dir}/.evenhand/cache`);
  return files[0];
}

interface CacheContents {
  shared: { message: string }[];
  entries: Record<string, { content: string; config: string; stamp?: number[]; findings: [number, unknown][] }>;
}

function readCache(dir: string): CacheContents {
  return JSON.parse(fs.readFileSync(onlyCacheFile(dir), 'utf8')) as CacheContents;
}

async function lint(dir: string, args: string[]): Promise<Run> {
  const run = await runCli(['lint', ...args], dir);
  assert.ok(run.code === 0 || run.code === 1, `exit ${run.code}: ${run.stderr}`);
  return run;
}

/** What a run printed, stdout and stderr, for byte-for-byte comparison. */
function printed(run: Run): string {
  return `${run.stdout}\n--- stderr ---\n${run.stderr}`;
}

/** A cache whose entries have the wrong types (findings not a list, hashes not strings). */
function brokenEntries(good: string): string {
  const cache = JSON.parse(good) as { entries: Record<string, Record<string, unknown>> };
  Object.values(cache.entries).forEach((entry, i) => (i % 2 ? (entry.findings = { a: [] }) : (entry.content = 42)));
  return JSON.stringify(cache);
}

describe('lint results cache', () => {
  for (const format of ['text', 'json', 'sarif']) {
    test(`--format ${format}: cold, warm (from the cache) and --no-cache runs print the same bytes`, async (t) => {
      const dir = workspace(t);
      const cold = await lint(dir, ['--format', format]);
      const entries = Object.keys(readCache(dir).entries);
      assert.ok(entries.length >= 9, `the cold run cached its files (${entries.length})`);
      const stamp = fs.statSync(onlyCacheFile(dir)).mtimeMs;
      const warm = await lint(dir, ['--format', format]);
      assert.equal(fs.statSync(onlyCacheFile(dir)).mtimeMs, stamp, 'a run with nothing new leaves the cache file alone');
      const uncached = await lint(dir, ['--format', format, '--no-cache']);
      assert.match(cold.stdout, /EH00\d/, 'the fixture has findings to cache');
      assert.equal(printed(warm), printed(cold));
      assert.equal(printed(uncached), printed(cold));
      assert.equal(warm.code, cold.code);
      assert.equal(uncached.code, cold.code);
    });
  }

  test('a warm run reads findings from the cache, and --no-cache does not', async (t) => {
    const dir = workspace(t);
    await lint(dir, ['--format', 'json']);
    // Doctor one cached message: only a run that reads the cache can print it.
    const file = onlyCacheFile(dir);
    const cache = readCache(dir);
    const judge = path.join(dir, 'team', '0', 'judge.prompt.md');
    cache.shared[cache.entries[judge].findings[0][0]].message = 'served from the cache';
    fs.writeFileSync(file, JSON.stringify(cache));
    assert.match((await lint(dir, ['--format', 'json'])).stdout, /served from the cache/);
    assert.doesNotMatch((await lint(dir, ['--format', 'json', '--no-cache'])).stdout, /served from the cache/);
  });

  test('an edited file is linted again (same size, same modification time), not served stale', async (t) => {
    const dir = workspace(t);
    const judge = path.join(dir, 'team', '0', 'judge.prompt.md');
    const before = await lint(dir, ['--format', 'json']);
    const { atime, mtime } = fs.statSync(judge);
    // Same length, a different persona, and the old timestamps put back: only the content tells.
    fs.writeFileSync(judge, fs.readFileSync(judge, 'utf8').replace('small-government conservative', 'big-government progressive'));
    fs.utimesSync(judge, atime, mtime);
    const after = await lint(dir, ['--format', 'json']);
    assert.notEqual(after.stdout, before.stdout);
    assert.match(after.stdout, /progressive/);
    assert.equal(after.stdout, (await lint(dir, ['--format', 'json', '--no-cache'])).stdout);
  });

  test('a file left alone is known by its stamp; rewritten with the same size and modification time, it is linted again', async (t) => {
    const dir = workspace(t);
    // Stamps are kept only for files untouched for a few seconds before they were read.
    await new Promise((resolve) => setTimeout(resolve, 3500));
    const before = await lint(dir, ['--format', 'json']);
    const judge = path.join(dir, 'team', '0', 'judge.prompt.md');
    const entry = readCache(dir).entries[judge];
    assert.equal(entry.stamp?.length, 4, 'the cold run kept the stamp');
    const { atime, mtime } = fs.statSync(judge);
    fs.writeFileSync(judge, fs.readFileSync(judge, 'utf8').replace('small-government conservative', 'big-government progressive'));
    fs.utimesSync(judge, atime, mtime);
    const after = await lint(dir, ['--format', 'json']);
    assert.notEqual(after.stdout, before.stdout);
    assert.equal(after.stdout, (await lint(dir, ['--format', 'json', '--no-cache'])).stdout);
  });

  test('a configuration change invalidates the cached results of the files it applies to (the team folder has no config of its own)', async (t) => {
    const dir = workspace(t);
    const before = await lint(dir, ['--format', 'json', 'team']);
    fs.writeFileSync(path.join(dir, '.evenhand.json'), '{ "rules": { "EH001": "off" } }\n');
    const after = await lint(dir, ['--format', 'json', 'team']);
    assert.match(before.stdout, /"EH001"/);
    assert.doesNotMatch(after.stdout, /"EH001"/);
    assert.equal(after.stdout, (await lint(dir, ['--format', 'json', 'team', '--no-cache'])).stdout);
    // --config names another configuration for every file: also a different key.
    fs.writeFileSync(path.join(dir, 'strict.json'), '{ "rules": { "EH001": "error" } }\n');
    const strict = await lint(dir, ['--format', 'json', 'team', '--config', 'strict.json']);
    assert.equal(strict.stdout, (await lint(dir, ['--format', 'json', 'team', '--config', 'strict.json', '--no-cache'])).stdout);
    assert.match(strict.stdout, /"severity": "error"/);
  });

  test('concurrent runs leave one valid cache holding the files of each', async (t) => {
    const dir = workspace(t);
    const runs = await Promise.all([
      lint(dir, ['--format', 'json', 'team']),
      lint(dir, ['--format', 'json', 'prompts']),
      lint(dir, ['--format', 'json', 'team/1', 'prompts/persona']),
      lint(dir, ['--format', 'json']),
    ]);
    assert.ok(runs.every((run) => run.stdout.startsWith('{')));
    const entries = Object.keys(readCache(dir).entries);
    for (let i = 0; i < 6; i++) assert.ok(entries.includes(path.join(dir, 'team', String(i), 'judge.prompt.md')), `team ${i} cached`);
    assert.ok(entries.includes(path.join(dir, 'prompts', 'persona', 'claims.prompt.md')));
    assert.equal(fs.readdirSync(path.join(dir, '.evenhand', 'cache')).filter((n) => /\.(lock|tmp)$/.test(n)).length, 0, 'no lock or temporary left');
    const warm = await lint(dir, ['--format', 'json']);
    assert.equal(warm.stdout, (await lint(dir, ['--format', 'json', '--no-cache'])).stdout);
  });

  for (const [damage, text] of [
    ['truncated', (good: string) => good.slice(0, good.length / 2)],
    ['not JSON', () => '\u0000\u0001garbage'],
    ['of another shape', (good: string) => JSON.stringify({ ...JSON.parse(good), entries: [1, null, 'x'] })],
    ['with broken entries', (good: string) => brokenEntries(good)],
  ] as const) {
    test(`a cache file ${damage} is ignored and rewritten, never a crash`, async (t) => {
      const dir = workspace(t);
      const cold = await lint(dir, ['--format', 'json']);
      const file = onlyCacheFile(dir);
      fs.writeFileSync(file, text(fs.readFileSync(file, 'utf8')));
      const damaged = await lint(dir, ['--format', 'json']);
      assert.equal(damaged.stdout, cold.stdout);
      assert.equal(damaged.stderr, cold.stderr);
      assert.ok(Object.keys(readCache(dir).entries).length >= 9, 'rebuilt');
    });
  }

  test('a file with kept check results is linted every time: its sampled findings follow the results, not the cache', async (t) => {
    const dir = workspace(t);
    const persona = 'You are a proud small-government conservative.';
    fs.writeFileSync(path.join(dir, 'judge.txt'), `${persona}\nRead the evidence and decide which conclusion it supports.\n`);
    const results = path.join(dir, '.evenhand', 'results', 'results.json');
    // A one-sided verdict as a check keeps it (only what the sampled rules and the store read).
    const record = {
      version: 1,
      check: 'one-sided',
      file: 'judge.txt',
      persona: { text: persona, line: 1 },
      endpoint: { host: '127.0.0.1:1', model: 'sim-1' },
      verdict: 'one-sided',
      result: { check: 'one-sided', effect: { value: 0.4, interval: [0.2, 0.6] }, requests: 90, cached: 10, persona: { text: persona }, sides: ['conservative', 'progressive'] },
      startedAt: '2026-12-01T10:00:00.000Z',
      finishedAt: '2026-12-01T10:05:00.000Z',
      durationMs: 300_000,
      rawSamples: [],
      rawSampleCount: 100,
    };
    const plain = await lint(dir, ['--format', 'json', 'judge.txt']);
    assert.doesNotMatch(plain.stdout, /EH102/);
    fs.mkdirSync(path.dirname(results), { recursive: true });
    fs.writeFileSync(results, JSON.stringify({ version: 1, records: [record] }));
    const withKept = await lint(dir, ['--format', 'json', 'judge.txt']);
    assert.match(withKept.stdout, /EH102/, 'not the cached result from before the check');
    assert.equal(withKept.stdout, (await lint(dir, ['--format', 'json', 'judge.txt', '--no-cache'])).stdout);
    fs.rmSync(results);
    assert.equal((await lint(dir, ['--format', 'json', 'judge.txt'])).stdout, plain.stdout, 'not a result with the removed check in it');
  });

  test('outside any workspace the cache is in the user cache folder ($XDG_CACHE_HOME/evenhand/cache)', async (t) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evenhand-lint-cache-'));
    t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
    fs.writeFileSync(path.join(dir, 'judge.prompt.md'), PARTISAN_JUDGE);
    const run = await lint(dir, ['judge.prompt.md']);
    const folder = path.join(dir, '.user-cache', 'evenhand', 'cache');
    assert.equal(fs.readdirSync(folder).filter((n) => n.startsWith('lint-')).length, 1);
    assert.match(fs.readFileSync(path.join(folder, '.gitignore'), 'utf8'), /^\*$/m, 'kept out of git');
    assert.equal((await lint(dir, ['judge.prompt.md'])).stdout, run.stdout);
  });
});
