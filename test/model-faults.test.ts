// The model client under a faulty endpoint (issue 11, item 5): what the request budget counts, backoff floors and
// jitter, a request's patience, and one cache shared by several samplers without paying twice.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { SampleRequest } from '../server/out/core/checks/types.js';
import type { OpenAISamplerOptions } from '../server/out/model/index.js';
import { DiskCache, completionCacheKey, createOpenAISampler } from '../server/out/model/index.js';
import type { SimulatedReply, Simulator } from './support/simulator.js';
import { uniform, withFaults } from './support/simulator.js';
import { rejection } from './support/rejection.js';
import { testResources } from './support/testResources.js';
import { virtualClock } from './support/virtualClock.js';

delete process.env.OPENAI_API_KEY;
delete process.env.OPENAI_BASE_URL;

const { simulator, tempFolder } = testResources('evenhand-faults-');

/** Quick retries unless a test says otherwise. */
function options(sim: Simulator, extra: Partial<OpenAISamplerOptions> = {}): OpenAISamplerOptions {
  return { baseURL: sim.url, model: 'sim-model', retryBaseMs: 1, retryCapMs: 4, ...extra };
}

/** A free-text request (its cache key is easy to compute from outside: mode 'text', no schema). */
function question(sampleIndex = 0): SampleRequest<unknown> {
  return { messages: [{ role: 'user', content: 'Describe the cream.' }], sampleIndex };
}

/** Where the sampler caches `question(sampleIndex)` asked of `sim` with the default temperature. */
function cacheKeyOf(sim: Simulator, sampleIndex = 0): string {
  return completionCacheKey({
    endpoint: `${sim.url}/chat/completions`,
    model: 'sim-model',
    temperature: 0.7,
    maxTokens: undefined,
    mode: 'text',
    messages: question(sampleIndex).messages,
    schema: undefined,
    sampleIndex,
    attempt: 0,
  });
}

const reply = (text: string): SimulatedReply => ({ content: text });

describe('the request budget counts answers; maxAttempts caps what failures cost', () => {
  test('the measured mix of faults (20% 429, 10% 500, 5% truncated JSON, 3% drops) no longer spends the budget', async () => {
    let n = 0;
    const sim = await simulator({
      chat: () => {
        const draw = uniform(11, 'fault', n++);
        if (draw < 0.2) return { fault: 'rate-limit', retryAfter: '0' };
        if (draw < 0.3) return { fault: 'server-error' };
        if (draw < 0.35) return { fault: 'malformed-body' };
        if (draw < 0.38) return { fault: 'drop' };
        return reply('fine');
      },
    });
    const samples = 40;
    const sampler = createOpenAISampler(options(sim, { maxRequests: samples, retries: 8 }));
    const outcomes = await Promise.all(Array.from({ length: samples }, (_, i) => sampler.sample(question(i))));
    assert.ok(outcomes.every((o) => o.kind === 'text'));
    assert.ok(sim.requests.length > samples, `the faults cost ${sim.requests.length - samples} extra requests`);
    assert.equal(sampler.stats.requests, sim.requests.length, 'stats.requests still counts every request sent');
  });

  test('maxAttempts caps requests sent: an endpoint that always fails ends as budget, not after every retry', async () => {
    const sim = await simulator({ chat: () => ({ fault: 'server-error' }) });
    const sampler = createOpenAISampler(options(sim, { maxRequests: 100, maxAttempts: 3, retries: 10 }));
    const error = await rejection(sampler.sample(question()));
    assert.equal(error.reason, 'budget');
    assert.match(error.message, /attempt budget is spent: 3 requests sent to http:\/\/127\.0\.0\.1:\d+\/v1, 3 of them failed, for 0 answers/);
    assert.equal(sim.requests.length, 3);
  });

  test('by default the attempts may reach twice the request budget', async () => {
    const sim = await simulator({ chat: () => ({ fault: 'server-error' }) });
    const sampler = createOpenAISampler(options(sim, { maxRequests: 3, retries: 2, concurrency: 1 }));
    assert.equal((await rejection(sampler.sample(question(0)))).reason, 'failing');
    assert.equal((await rejection(sampler.sample(question(1)))).reason, 'failing');
    assert.equal((await rejection(sampler.sample(question(2)))).reason, 'budget');
    assert.equal(sim.requests.length, 6);
  });

  test('a full budget with requests in flight waits for them: a failure leaves its place to another sample', async () => {
    const sim = await simulator(withFaults([{ fault: 'server-error' }], { chat: () => new Promise((resolve) => setTimeout(() => resolve(reply('fine')), 20)) }));
    const sampler = createOpenAISampler(options(sim, { maxRequests: 3, concurrency: 4 }));
    const settled = await Promise.allSettled(Array.from({ length: 4 }, (_, i) => sampler.sample(question(i))));
    assert.equal(settled.filter((s) => s.status === 'fulfilled').length, 3, 'exactly the budget answered');
    assert.equal(sim.requests.length, 4, 'three answers and the one failure, nothing beyond');
  });
});

describe('backoff: a floor and jitter whatever Retry-After says', () => {
  test('every retry waits at least retryBaseMs, even after "Retry-After: 0"', async () => {
    const limited: SimulatedReply = { fault: 'rate-limit', retryAfter: '0' };
    const sim = await simulator(withFaults([limited, limited, limited], { chat: () => reply('fine') }));
    const clock = virtualClock();
    const sampler = createOpenAISampler(options(sim, { retryBaseMs: 200, retryCapMs: 10_000, random: () => 0, clock, fetch: clock.fetch }));
    assert.equal((await sampler.sample(question())).kind, 'text');
    assert.equal(clock.sentAt.length, 4);
    for (let i = 1; i < clock.sentAt.length; i++) {
      const waited = clock.sentAt[i] - clock.sentAt[i - 1];
      assert.ok(waited >= 200, `retry ${i} left after ${waited} ms`);
    }
  });

  test('a long Retry-After is waited out in full, and jitter still spreads the clients it paused', async () => {
    const waits: number[] = [];
    for (const r of [0, 0.999]) {
      const sim = await simulator(withFaults([{ fault: 'rate-limit', retryAfter: '5' }], { chat: () => reply('fine') }));
      const clock = virtualClock();
      const sampler = createOpenAISampler(options(sim, { retryBaseMs: 400, retryCapMs: 10_000, random: () => r, clock, fetch: clock.fetch }));
      assert.equal((await sampler.sample(question())).kind, 'text');
      waits.push(clock.sentAt[1] - clock.sentAt[0]);
    }
    for (const wait of waits) assert.ok(wait >= 5000, `retried after ${wait} ms, asked for 5000`);
    assert.ok(waits[1] - waits[0] >= 200, `jitter spread the retries by only ${waits[1] - waits[0]} ms`);
  });
});

describe('patience: a request gives up in a time a person waits', () => {
  test('by default a request that gets no answer fails after 3 minutes, saying so', async () => {
    const sim = await simulator({ chat: () => ({ fault: 'rate-limit', retryAfter: '100' }) });
    const clock = virtualClock();
    const sampler = createOpenAISampler(options(sim, { retryBaseMs: 500, retryCapMs: 30_000, clock, fetch: clock.fetch }));
    const started = clock.now();
    const error = await rejection(sampler.sample(question()));
    assert.equal(error.reason, 'failing');
    assert.match(error.message, /got no answer in 3 minutes from http:\/\/127\.0\.0\.1:\d+\/v1: HTTP 429/);
    assert.ok(clock.now() - started <= 180_000, `gave up after ${clock.now() - started} ms`);
    assert.equal(sim.requests.length, 2, 'the third attempt would have left after the patience ran out');
  });

  test('a hanging endpoint: the last attempt is cut to what is left of the patience', { timeout: 10_000 }, async () => {
    const sim = await simulator({ chat: () => ({ fault: 'hang' }) });
    const sampler = createOpenAISampler(options(sim, { patienceMs: 300 }));
    const started = Date.now();
    const error = await rejection(sampler.sample(question()));
    assert.equal(error.reason, 'failing');
    assert.match(error.message, /got no answer in 0\.3 s from http:\/\/127\.0\.0\.1:\d+\/v1: no reply within \d+ ms/);
    assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
  });

  test('an endpoint found unreachable before it ever answered fails later requests at once', async () => {
    const port = await closedPort();
    const sampler = createOpenAISampler({ baseURL: `http://127.0.0.1:${port}/v1`, model: 'm', retryBaseMs: 1, retryCapMs: 2, concurrency: 1 });
    assert.equal((await rejection(sampler.sample(question(0)))).reason, 'unreachable');
    assert.equal(sampler.stats.requests, 5);
    const again = await rejection(sampler.sample(question(1)));
    assert.equal(again.reason, 'unreachable');
    assert.match(again.message, /Cannot reach http:\/\/127\.0\.0\.1:\d+\/v1: connection refused/);
    assert.equal(sampler.stats.requests, 5, 'nothing more was sent');
  });
});

describe('one cache shared by samplers in this process and others', () => {
  test('two samplers asking the same samples at once: the endpoint sees each request once', async () => {
    let draws = 0;
    const sim = await simulator({ chat: () => new Promise((resolve) => setTimeout(() => resolve(reply(`draw ${++draws}`)), 30)) });
    const cacheDir = tempFolder();
    const first = createOpenAISampler(options(sim, { cacheDir }));
    const second = createOpenAISampler(options(sim, { cacheDir }));
    const samples = Array.from({ length: 6 }, (_, i) => question(i));
    const [a, b] = await Promise.all([Promise.all(samples.map((s) => first.sample(s))), Promise.all(samples.map((s) => second.sample(s)))]);
    assert.equal(sim.requests.length, samples.length);
    assert.deepEqual(a, b, 'both got the same draw for each sample');
    assert.equal(first.stats.cached + second.stats.cached, samples.length);
    assert.deepEqual(lockFiles(cacheDir), [], 'every lease was released');
  });

  test('a sampler in another process and one here, asking the same samples: the endpoint sees each once', { timeout: 20_000 }, async () => {
    let draws = 0;
    const sim = await simulator({ chat: () => new Promise((resolve) => setTimeout(() => resolve(reply(`draw ${++draws}`)), 200)) });
    const cacheDir = tempFolder();
    const samples = 6;
    const script = `
      const { createOpenAISampler } = require(${JSON.stringify(path.join(__dirname, '..', 'server', 'out', 'model', 'index.js'))});
      const sampler = createOpenAISampler({ baseURL: process.argv[1], model: 'sim-model', cacheDir: process.argv[2], retryBaseMs: 1, retryCapMs: 4 });
      const asks = Array.from({ length: ${samples} }, (_, i) => sampler.sample({ messages: [{ role: 'user', content: 'Describe the cream.' }], sampleIndex: i }));
      Promise.all(asks).then((outcomes) => process.stdout.write(JSON.stringify(outcomes)));
    `;
    const child = spawn(process.execPath, ['-e', script, sim.url, cacheDir], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    // Start once the other process has its first requests out, so that the two overlap.
    while (sim.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    const here = createOpenAISampler(options(sim, { cacheDir }));
    const ours = await Promise.all(Array.from({ length: samples }, (_, i) => here.sample(question(i))));
    assert.equal(await exited, 0);
    assert.deepEqual(JSON.parse(output), ours, 'both processes got the same draw for each sample');
    assert.equal(sim.requests.length, samples);
    assert.ok(here.stats.cached > 0, 'this process waited for some of the other\'s replies');
    assert.deepEqual(lockFiles(cacheDir), [], 'every lease was released');
  });

  test("a live holder's lease is waited for and its entry served", { timeout: 10_000 }, async () => {
    const sim = await simulator({ chat: () => reply('paid twice') });
    const cache = new DiskCache(tempFolder());
    const key = cacheKeyOf(sim);
    holdLease(cache, key, process.pid);
    const sampler = createOpenAISampler(options(sim, { cacheDir: cache.dir }));
    const waiting = sampler.sample(question());
    await new Promise((resolve) => setTimeout(resolve, 100));
    const entry = { kind: 'completion' as const, content: 'fetched by the holder', refusal: null, finishReason: 'stop', promptTokens: 3, completionTokens: 4 };
    await cache.put(key, entry);
    fs.rmSync(`${cache.pathOf(key)}.lock`);
    assert.deepEqual(await waiting, { kind: 'text', text: 'fetched by the holder' });
    assert.equal(sim.requests.length, 0);
    assert.equal(sampler.stats.cached, 1);
  });

  test('a lease whose holder died is taken over at once', { timeout: 10_000 }, async () => {
    const sim = await simulator({ chat: () => reply('fine') });
    const cache = new DiskCache(tempFolder());
    const key = cacheKeyOf(sim);
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    holdLease(cache, key, dead);
    const sampler = createOpenAISampler(options(sim, { cacheDir: cache.dir }));
    assert.deepEqual(await sampler.sample(question()), { kind: 'text', text: 'fine' });
    assert.equal(sim.requests.length, 1);
    assert.deepEqual(lockFiles(cache.dir), [], 'the dead holder\'s lease is gone, and ours released');
  });

  test('cancelling a sample that waits on a lease ends it as cancelled, sending nothing', { timeout: 10_000 }, async () => {
    const sim = await simulator({ chat: () => reply('fine') });
    const cache = new DiskCache(tempFolder());
    holdLease(cache, cacheKeyOf(sim), process.pid);
    const sampler = createOpenAISampler(options(sim, { cacheDir: cache.dir }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await rejection(sampler.sample(question(), controller.signal));
    assert.equal(error.reason, 'cancelled');
    assert.equal(sim.requests.length, 0);
  });
});

/** Writes a lease on `key` as another sampler (in process `pid` on this machine) would hold it. */
function holdLease(cache: DiskCache, key: string, pid: number): void {
  const file = cache.pathOf(key);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(`${file}.lock`, JSON.stringify({ pid, host: os.hostname(), token: 'another-sampler' }));
}

function lockFiles(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((name) => name.endsWith('.lock'));
}

/** A port nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
