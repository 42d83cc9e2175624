import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { z } from 'zod';
import type { AnswerSchema, SampleRequest } from '../server/out/core/checks/types.js';
import { SamplerError } from '../server/out/core/checks/types.js';
import type { OpenAISamplerOptions } from '../server/out/model/index.js';
import {
  DiskCache,
  Semaphore,
  backoffMs,
  completionCacheKey,
  createOpenAISampler,
  environmentKeyFor,
  keyForEndpoint,
  readJsonReply,
  retryAfterMs,
} from '../server/out/model/index.js';
import type { SimulatedReply, Simulator } from './support/simulator.js';
import { sentKey, withFaults } from './support/simulator.js';
import { rejection } from './support/rejection.js';
import { testResources } from './support/testResources.js';
import { virtualClock } from './support/virtualClock.js';

// Tests must not pick up a developer's real key or endpoint.
delete process.env.OPENAI_API_KEY;
delete process.env.OPENAI_BASE_URL;

const API_KEY = 'sk-test-Evenhand-5ecret-0123456789abcdef';

/** The probe answer schema the checks use: `{answer: one of the options}`. */
function answerSchema(options: string[]): AnswerSchema<{ answer: string }> {
  const schema = z.object({ answer: z.enum(options as [string, ...string[]]) });
  return {
    name: 'probe_answer',
    jsonSchema: z.toJSONSchema(schema) as Record<string, unknown>,
    parse: (value) => {
      const result = schema.safeParse(value);
      return result.success ? result.data : undefined;
    },
  };
}

const yesNo = answerSchema(['yes', 'no']);

function probe(sampleIndex = 0, question = 'Did the cream help?'): SampleRequest<{ answer: string }> {
  return {
    messages: [
      { role: 'system', content: 'You are a careful analyst.' },
      { role: 'user', content: question },
    ],
    schema: yesNo,
    sampleIndex,
  };
}

const answer = (value: string): SimulatedReply => ({ content: JSON.stringify({ answer: value }) });

const { simulator, tempFolder } = testResources('evenhand-model-');

/** Fast retries for tests: waits of a millisecond or two, so the suite stays quick. */
function options(sim: Simulator, extra: Partial<OpenAISamplerOptions> = {}): OpenAISamplerOptions {
  return { baseURL: sim.url, model: 'sim-model', apiKey: API_KEY, retryBaseMs: 1, retryCapMs: 4, ...extra };
}

/** A port nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('structured answers and free text', () => {
  test('sends response_format json_schema (strict) and returns the validated answer with token counts', async () => {
    const sim = await simulator({ chat: () => answer('yes') });
    const sampler = createOpenAISampler(options(sim, { temperature: 0.7, maxTokens: 50, priceTable: { promptPer1k: 2, completionPer1k: 4 } }));
    const outcome = await sampler.sample(probe());
    assert.deepEqual(outcome, { kind: 'answer', value: { answer: 'yes' }, text: '{"answer":"yes"}' });
    const body = sim.requests[0].body as Record<string, any>;
    assert.equal(sim.requests[0].path, '/v1/chat/completions');
    assert.equal(body.model, 'sim-model');
    assert.equal(body.temperature, 0.7);
    assert.equal(body.max_tokens, 50);
    assert.equal(body.response_format.type, 'json_schema');
    assert.equal(body.response_format.json_schema.strict, true);
    assert.equal(body.response_format.json_schema.name, 'probe_answer');
    assert.deepEqual(body.response_format.json_schema.schema.properties.answer.enum, ['yes', 'no']);
    assert.equal(body.response_format.json_schema.schema.$schema, undefined);
    assert.ok(sampler.stats.promptTokens > 0 && sampler.stats.completionTokens > 0);
    const cost = (sampler.stats.promptTokens / 1000) * 2 + (sampler.stats.completionTokens / 1000) * 4;
    assert.equal(sampler.stats.estimatedCost, cost);
    assert.equal(sampler.stats.requests, 1);
    assert.equal(sampler.stats.cached, 0);
  });

  test('free text comes back as text, and no response_format is sent for it', async () => {
    const sim = await simulator({ chat: () => ({ content: 'A calm, balanced reply.' }) });
    const sampler = createOpenAISampler(options(sim));
    const outcome = await sampler.sample({ messages: [{ role: 'user', content: 'Describe it.' }], sampleIndex: 0 });
    assert.deepEqual(outcome, { kind: 'text', text: 'A calm, balanced reply.' });
    assert.equal((sim.requests[0].body as Record<string, unknown>).response_format, undefined);
  });

  test('the default temperature is 0.7 and no max_tokens is sent unless set', async () => {
    const sim = await simulator({ chat: () => answer('no') });
    await createOpenAISampler(options(sim)).sample(probe());
    const body = sim.requests[0].body as Record<string, unknown>;
    assert.equal(body.temperature, 0.7);
    assert.equal('max_tokens' in body, false);
  });

  test('a reply in a ```json fence is read like a bare one', () => {
    assert.deepEqual(readJsonReply('```json\n{"answer": "no"}\n```'), { answer: 'no' });
    assert.deepEqual(readJsonReply('Sure. {"answer": "yes"}'), { answer: 'yes' });
    assert.equal(readJsonReply('yes'), undefined);
  });
});

describe('invalid answers are retried once, then counted, never guessed', () => {
  const cases: [string, SimulatedReply][] = [
    ['not JSON', { content: 'I think the answer is yes.' }],
    ['outside the schema', answer('maybe')],
    ['cut off at the token limit', { content: '{"answer": "ye', finishReason: 'length' }],
  ];
  for (const [name, bad] of cases) {
    test(`${name}: one fresh draw replaces it`, async () => {
      const sim = await simulator(withFaults([bad], { chat: () => answer('no') }));
      const sampler = createOpenAISampler(options(sim));
      assert.deepEqual(await sampler.sample(probe()), { kind: 'answer', value: { answer: 'no' }, text: '{"answer":"no"}' });
      assert.equal(sim.requests.length, 2);
      assert.equal(sampler.stats.invalid, 0);
    });

    test(`${name} twice: returned as invalid and counted`, async () => {
      const sim = await simulator({ chat: () => bad });
      const sampler = createOpenAISampler(options(sim));
      const outcome = await sampler.sample(probe());
      assert.equal(outcome.kind, 'invalid');
      assert.ok(outcome.kind === 'invalid' && outcome.reason.length > 0);
      assert.equal(sim.requests.length, 2, 'exactly one retry');
      assert.equal(sampler.stats.invalid, 1);
    });
  }
});

describe('refusals stand: the model declined, which is its answer, so it is not asked again', () => {
  const refusals: [string, SimulatedReply][] = [
    ['an explicit refusal', { refusal: "I can't help with that." }],
    ['an empty reply', { content: '' }],
  ];
  for (const [name, reply] of refusals) {
    test(`${name}: returned as refused after one request, and counted invalid`, async () => {
      const sim = await simulator(withFaults([reply], { chat: () => answer('no') }));
      const sampler = createOpenAISampler(options(sim));
      const outcome = await sampler.sample(probe());
      assert.equal(outcome.kind, 'invalid');
      assert.equal(outcome.kind === 'invalid' && outcome.refused, true);
      assert.equal(sim.requests.length, 1, 'no second draw that could replace the refusal');
      assert.equal(sampler.stats.invalid, 1);
    });
  }
});

describe('faults: retried to a correct answer, or a SamplerError that says why', () => {
  const faults: [string, SimulatedReply][] = [
    ['429 with Retry-After 0', { fault: 'rate-limit', retryAfter: '0' }],
    ['429 without Retry-After', { fault: 'rate-limit' }],
    ['503 with Retry-After 0', { fault: 'rate-limit', status: 503, retryAfter: '0' }],
    ['500', { fault: 'server-error' }],
    ['502', { fault: 'server-error', status: 502 }],
    ['a malformed JSON body', { fault: 'malformed-body' }],
    ['a dropped connection', { fault: 'drop' }],
    ['a hang past the timeout', { fault: 'hang' }],
  ];
  for (const [name, fault] of faults) {
    test(`${name}, twice, then an answer`, async () => {
      const sim = await simulator(withFaults([fault, fault], { chat: () => answer('yes') }));
      // Only a hang needs a short timeout; a generous one elsewhere keeps a loaded machine from adding timeouts.
      const sampler = createOpenAISampler(options(sim, { timeoutMs: 'fault' in fault && fault.fault === 'hang' ? 1000 : 60_000 }));
      assert.deepEqual((await sampler.sample(probe())).kind, 'answer');
      assert.equal(sim.requests.length, 3);
      assert.equal(sampler.stats.requests, 3);
      assert.equal(sampler.stats.retries, 2);
      assert.equal(sampler.stats.invalid, 0);
    });
  }

  const persistent: [string, SimulatedReply, RegExp][] = [
    ['500', { fault: 'server-error' }, /kept failing: HTTP 500: The server had an error\. \(5 attempts\)/],
    ['a malformed JSON body', { fault: 'malformed-body' }, /kept failing: the reply body is not valid JSON \(5 attempts\)/],
    ['a dropped connection', { fault: 'drop' }, /kept failing: connection lost.*\(5 attempts\)/],
    ['a hang', { fault: 'hang' }, /kept failing: no reply within 200 ms \(5 attempts\)/],
  ];
  for (const [name, fault, message] of persistent) {
    test(`${name} every time: 'failing' after the default 4 retries`, async () => {
      const sim = await simulator({ chat: () => fault });
      const sampler = createOpenAISampler(options(sim, { timeoutMs: 200 }));
      const error = await rejection(sampler.sample(probe()));
      assert.equal(error.reason, 'failing');
      assert.match(error.message, message);
      assert.equal(sim.requests.length, 5);
      assert.equal(sampler.stats.requests, 5);
    });
  }

  test('retries is an option: retries 1 gives up after two attempts', async () => {
    const sim = await simulator({ chat: () => ({ fault: 'server-error' }) });
    const error = await rejection(createOpenAISampler(options(sim, { retries: 1 })).sample(probe()));
    assert.equal(error.reason, 'failing');
    assert.equal(sim.requests.length, 2);
  });

  test('connection refused: unreachable, naming the endpoint', async () => {
    const port = await closedPort();
    const sampler = createOpenAISampler({ baseURL: `http://127.0.0.1:${port}/v1`, model: 'm', retryBaseMs: 1, retryCapMs: 2 });
    const error = await rejection(sampler.sample(probe()));
    assert.equal(error.reason, 'unreachable');
    assert.match(error.message, new RegExp(`Cannot reach http://127\\.0\\.0\\.1:${port}/v1: connection refused \\(5 attempts\\)`));
    assert.equal(sampler.stats.requests, 5);
  });

  test('a host name that does not resolve: unreachable', async () => {
    const sampler = createOpenAISampler({ baseURL: 'http://evenhand-no-such-host.invalid/v1', model: 'm', retries: 0, timeoutMs: 10_000 });
    const error = await rejection(sampler.sample(probe()));
    assert.equal(error.reason, 'unreachable');
    assert.match(error.message, /host not found \(E[A-Z_]+\)/);
  });

  test('401 is a configuration error at once, not retried', async () => {
    const sim = await simulator({ chat: () => ({ status: 401, body: { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error' } } }) });
    const error = await rejection(createOpenAISampler(options(sim)).sample(probe()));
    assert.equal(error.reason, 'configuration');
    assert.match(error.message, /HTTP 401: Incorrect API key provided\. \(check the API key\)/);
    assert.equal(sim.requests.length, 1);
  });

  test('a redirect is refused, so the key never follows it to another origin', async () => {
    const elsewhere = await simulator({ chat: () => answer('yes') });
    const sim = await simulator({
      chat: () => ({ status: 307, body: {}, headers: { location: `${elsewhere.url}/chat/completions` } }),
    });
    const error = await rejection(createOpenAISampler(options(sim, { retries: 1 })).sample(probe()));
    assert.notEqual(error.reason, 'cancelled');
    assert.equal(elsewhere.requests.length, 0, 'nothing reached the other origin');
    assert.ok(sim.requests.length >= 1);
    assert.ok(!error.message.includes(API_KEY));
    // Said as what it is, at once: not a lost connection retried until the attempts run out.
    assert.match(error.message, /HTTP 307, redirecting to http:\/\/127\.0\.0\.1:\d+\/v1\/chat\/completions; redirects are not followed/);
    assert.equal(error.reason, 'failing');
    assert.equal(sim.requests.length, 1);
  });

  test('404 (unknown model) is a configuration error naming what to check', async () => {
    const sim = await simulator({ chat: () => ({ status: 404, body: { error: { message: 'model "nope" not found' } } }) });
    const error = await rejection(createOpenAISampler(options(sim)).sample(probe()));
    assert.equal(error.reason, 'configuration');
    assert.match(error.message, /HTTP 404: model "nope" not found \(check the base URL and the model name\)/);
  });

  test('a Retry-After longer than the most the sampler will wait fails at once instead of stalling', async () => {
    const sim = await simulator({ chat: () => ({ fault: 'rate-limit', retryAfter: '3600' }) });
    const error = await rejection(createOpenAISampler(options(sim)).sample(probe()));
    assert.equal(error.reason, 'failing');
    assert.match(error.message, /HTTP 429.*asks to wait 3600 s/);
    assert.equal(sim.requests.length, 1);
  });
});

describe('Retry-After', () => {
  test('delay-seconds: the retry leaves no sooner than the endpoint asked', async () => {
    const sim = await simulator(withFaults([{ fault: 'rate-limit', retryAfter: '1' }], { chat: () => answer('yes') }));
    const clock = virtualClock();
    const sampler = createOpenAISampler(options(sim, { retryBaseMs: 1, clock, fetch: clock.fetch }));
    assert.equal((await sampler.sample(probe())).kind, 'answer');
    assert.equal(sim.requests.length, 2);
    const waited = clock.sentAt[1] - clock.sentAt[0];
    assert.ok(waited >= 1000 && waited < 1100, `waited ${waited} ms, asked for 1000`);
  });

  test('an HTTP date on a 503: the retry leaves no sooner than that date', async () => {
    const clock = virtualClock();
    const notBefore = new Date(Math.ceil((clock.time + 1000) / 1000) * 1000);
    const sim = await simulator(
      withFaults([{ fault: 'rate-limit', status: 503, retryAfter: notBefore.toUTCString() }], { chat: () => answer('yes') }),
    );
    const sampler = createOpenAISampler(options(sim, { clock, fetch: clock.fetch }));
    assert.equal((await sampler.sample(probe())).kind, 'answer');
    assert.ok(clock.sentAt[1] >= notBefore.getTime(), `retried at ${clock.sentAt[1]}, asked for ${notBefore.getTime()}`);
    assert.ok(clock.sentAt[1] < notBefore.getTime() + 100, 'and not much later');
  });

  test('one rate limit pauses every worker, not only the one that hit it', async () => {
    let first = true;
    const sim = await simulator({
      chat: () => {
        if (first) {
          first = false;
          return { fault: 'rate-limit', retryAfter: '1' };
        }
        return answer('yes');
      },
    });
    const clock = virtualClock();
    const sampler = createOpenAISampler(options(sim, { concurrency: 1, clock, fetch: clock.fetch }));
    const limited = sampler.sample(probe(0));
    const queued = sampler.sample(probe(1));
    await Promise.all([limited, queued]);
    assert.equal(sim.requests.length, 3);
    assert.equal(clock.sentAt.length, 3);
    for (const later of clock.sentAt.slice(1)) assert.ok(later - clock.sentAt[0] >= 1000, `sent ${later - clock.sentAt[0]} ms after the rate limit`);
  });

  test('"Retry-After: 0" does not shorten the backoff: retries keep their floor and grow', async () => {
    const sim = await simulator(
      withFaults([{ fault: 'rate-limit', retryAfter: '0' }, { fault: 'rate-limit', retryAfter: '0' }], { chat: () => answer('yes') }),
    );
    const clock = virtualClock();
    const sampler = createOpenAISampler(options(sim, { retryBaseMs: 200, retryCapMs: 10_000, clock, fetch: clock.fetch }));
    assert.equal((await sampler.sample(probe())).kind, 'answer');
    assert.equal(sim.requests.length, 3);
    const [first, second] = [clock.sentAt[1] - clock.sentAt[0], clock.sentAt[2] - clock.sentAt[1]];
    // Backoff after the n-th failure is between half and all of 200 * 2^n ms.
    assert.ok(first >= 100, `first retry after ${first} ms`);
    assert.ok(second >= 200, `second retry after ${second} ms`);
  });

  test('parsing: seconds, HTTP dates, retry-after-ms, and nonsense', () => {
    const now = Date.parse('Tue, 01 Jul 2025 12:00:00 GMT');
    assert.equal(retryAfterMs(new Headers({ 'retry-after': '7' }), now), 7000);
    assert.equal(retryAfterMs(new Headers({ 'retry-after': '1.5' }), now), 1500);
    assert.equal(retryAfterMs(new Headers({ 'retry-after': 'Tue, 01 Jul 2025 12:00:05 GMT' }), now), 5000);
    assert.equal(retryAfterMs(new Headers({ 'retry-after': 'Tue, 01 Jul 2025 11:00:00 GMT' }), now), 0);
    assert.equal(retryAfterMs(new Headers({ 'retry-after': '9', 'retry-after-ms': '250' }), now), 250);
    assert.equal(retryAfterMs(new Headers({ 'retry-after': 'soon' }), now), undefined);
    assert.equal(retryAfterMs(new Headers(), now), undefined);
  });

  test('backoff never waits less than its base, its range doubles per attempt, and it is capped', () => {
    for (const r of [0, 0.5, 0.999]) {
      for (let attempt = 0; attempt < 8; attempt++) {
        const ceiling = Math.min(1000, 100 * 2 ** (attempt + 1));
        const wait = backoffMs(attempt, 100, 1000, () => r);
        assert.ok(wait >= 100 && wait <= ceiling, `attempt ${attempt}: ${wait}`);
      }
    }
    assert.ok(backoffMs(3, 100, 1000, () => 0.999) > backoffMs(1, 100, 1000, () => 0.999));
    // Full jitter from the first retry on: two clients that failed together spread over the whole range.
    assert.ok(backoffMs(0, 100, 1000, () => 0.999) - backoffMs(0, 100, 1000, () => 0) > 90);
  });
});

describe('concurrency and budget', () => {
  test('requests in flight never exceed the limit, and reach it', async () => {
    const limit = 3;
    const total = 20;
    const held: (() => void)[] = [];
    let answered = 0;
    // Replies are held until `limit` requests (or all that remain) are waiting, then released together: a client
    // without a real limit would have all 20 requests out before the first reply.
    const sim = await simulator({
      chat: () =>
        new Promise<SimulatedReply>((resolve) => {
          held.push(() => resolve(answer('yes')));
          if (held.length >= Math.min(limit, total - answered)) {
            answered += held.length;
            for (const release of held.splice(0)) release();
          }
        }),
    });
    let clientInFlight = 0;
    let clientMax = 0;
    const counting: typeof fetch = async (input, init) => {
      clientInFlight++;
      clientMax = Math.max(clientMax, clientInFlight);
      try {
        const response = await fetch(input, init);
        const text = await response.text();
        return new Response(text, { status: response.status, headers: response.headers });
      } finally {
        clientInFlight--;
      }
    };
    const sampler = createOpenAISampler(options(sim, { concurrency: limit, fetch: counting }));
    const outcomes = await Promise.all(Array.from({ length: total }, (_, i) => sampler.sample(probe(i))));
    assert.ok(outcomes.every((o) => o.kind === 'answer'));
    assert.equal(clientMax, limit);
    assert.equal(sim.maxInFlight, limit);
    assert.equal(sim.requests.length, total);
  });

  test('the semaphore serves waiters in order and never hands out more than its limit', async () => {
    const slots = new Semaphore(2);
    const order: number[] = [];
    const a = await slots.acquire();
    const b = await slots.acquire();
    const c = slots.acquire().then((release) => (order.push(3), release));
    const d = slots.acquire().then((release) => (order.push(4), release));
    assert.equal(slots.inUse, 2);
    a();
    a();
    const releaseC = await c;
    assert.deepEqual(order, [3]);
    assert.equal(slots.inUse, 2);
    b();
    (await d)();
    releaseC();
    assert.deepEqual(order, [3, 4]);
    assert.equal(slots.inUse, 0);
  });

  test('the budget is exact: past maxRequests no request is sent and SamplerError budget is thrown', async () => {
    const sim = await simulator({ chat: () => answer('yes') });
    const sampler = createOpenAISampler(options(sim, { maxRequests: 5, concurrency: 4 }));
    const settled = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => sampler.sample(probe(i))));
    assert.equal(settled.filter((s) => s.status === 'fulfilled').length, 5);
    const errors = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as SamplerError] : []));
    assert.equal(errors.length, 3);
    for (const error of errors) {
      assert.equal(error.reason, 'budget');
      assert.match(error.message, /request budget is spent: 5 requests/);
    }
    assert.equal(sim.requests.length, 5);
    assert.equal(sampler.stats.requests, 5);
  });

  test('failed attempts do not spend the request budget (maxAttempts caps them)', async () => {
    const sim = await simulator(withFaults([{ fault: 'server-error' }, { fault: 'server-error' }], { chat: () => answer('yes') }));
    const sampler = createOpenAISampler(options(sim, { maxRequests: 1 }));
    assert.equal((await sampler.sample(probe())).kind, 'answer');
    assert.equal(sim.requests.length, 3);
    assert.equal(sampler.stats.requests, 3);
  });
});

describe('endpoints that reject response_format', () => {
  test('falls back to a JSON-only system instruction carrying the schema, once for the sampler', async () => {
    const sim = await simulator({ rejectResponseFormat: true, chat: () => ({ content: '```json\n{"answer": "no"}\n```' }) });
    const sampler = createOpenAISampler(options(sim));
    assert.deepEqual(await sampler.sample(probe(0)), { kind: 'answer', value: { answer: 'no' }, text: '```json\n{"answer": "no"}\n```' });
    assert.deepEqual((await sampler.sample(probe(1))).kind, 'answer');
    assert.equal(sampler.stats.answerMode, 'json_instruction');
    // One rejected request, then two answered without response_format.
    assert.equal(sim.requests.length, 3);
    const [rejected, ...fallback] = sim.requests.map((r) => r.body as Record<string, any>);
    assert.ok(rejected.response_format);
    for (const body of fallback) {
      assert.equal(body.response_format, undefined);
      const instruction = body.messages.at(-1);
      assert.equal(instruction.role, 'system');
      assert.match(instruction.content, /one JSON object/);
      assert.match(instruction.content, /"enum":\["yes","no"\]/);
    }
  });

  test('a 400 about something else is a configuration error, not a fallback', async () => {
    const sim = await simulator({ chat: () => ({ status: 400, body: { error: { message: "temperature: must be at most 1", param: 'temperature' } } }) });
    const sampler = createOpenAISampler(options(sim));
    const error = await rejection(sampler.sample(probe()));
    assert.equal(error.reason, 'configuration');
    assert.match(error.message, /HTTP 400: temperature: must be at most 1/);
    assert.equal(sampler.stats.answerMode, 'json_schema');
  });
});

describe('endpoints that reject a parameter', () => {
  const unsupportedTemperature = {
    status: 400,
    body: { error: { message: "Unsupported parameter: 'temperature' is not supported with this model.", type: 'invalid_request_error', param: 'temperature', code: 'unsupported_parameter' } },
  };

  test('temperature refused: asked again once without it, remembered, noted; not mistaken for response_format', async () => {
    const sim = await simulator({ chat: (request) => ('temperature' in request.body ? unsupportedTemperature : answer('yes')) });
    const sampler = createOpenAISampler(options(sim));
    assert.equal((await sampler.sample(probe(0))).kind, 'answer');
    assert.equal((await sampler.sample(probe(1))).kind, 'answer');
    const bodies = sim.requests.map((r) => r.body as Record<string, any>);
    assert.equal(bodies.length, 3, 'one refused request, then two without temperature');
    assert.equal(bodies[0].temperature, 0.7);
    for (const body of bodies.slice(1)) {
      assert.equal('temperature' in body, false);
      assert.equal(body.response_format.type, 'json_schema');
    }
    assert.equal(sampler.stats.answerMode, 'json_schema');
    assert.deepEqual(sampler.notices, ["The endpoint rejected temperature 0.7; it was left out, so the model's default temperature was used."]);
  });

  test('the cache key names what was sent: an answer drawn at the default temperature never serves a request at 0.7', async () => {
    const cacheDir = tempFolder();
    const refusing = await simulator({ chat: (request) => ('temperature' in request.body ? unsupportedTemperature : answer('no')) });
    await createOpenAISampler(options(refusing, { cacheDir })).sample(probe());
    assert.equal(listEntries(cacheDir).length, 1);
    // A fresh sampler asks with temperature first: a miss, refused once; worded without it, the entry serves.
    const rerun = createOpenAISampler(options(refusing, { cacheDir }));
    assert.equal((await rerun.sample(probe())).kind, 'answer');
    assert.equal(rerun.stats.requests, 1, 'the refused request only');
    assert.equal(rerun.stats.cached, 1);
    assert.equal(rerun.notices?.length, 1);
    const parts = {
      endpoint: `${refusing.url}/chat/completions`,
      model: 'sim-model',
      temperature: 0.7,
      maxTokens: undefined,
      mode: 'json_schema' as const,
      messages: probe().messages,
      schema: yesNo.jsonSchema,
      sampleIndex: 0,
      attempt: 0,
    };
    const entries = listEntries(cacheDir).map((file) => path.basename(file, '.json'));
    assert.equal(entries.includes(completionCacheKey(parts)), false, 'not kept under the key of a request with temperature 0.7');
  });

  test('a re-run served by answers cached through the JSON-only fallback says so in its notices', async () => {
    const cacheDir = tempFolder();
    const sim = await simulator({ rejectResponseFormat: true, chat: () => answer('no') });
    await createOpenAISampler(options(sim, { cacheDir })).sample(probe());
    const rerun = createOpenAISampler(options(sim, { cacheDir }));
    assert.equal((await rerun.sample(probe())).kind, 'answer');
    assert.equal(rerun.stats.requests, 0);
    assert.equal(rerun.stats.answerMode, 'json_instruction');
    assert.equal(rerun.notices?.length, 1);
    assert.match(rerun.notices![0], /^On an earlier run the endpoint rejected response_format json_schema; structured answers were asked for in a system instruction/);
  });
});

describe('cancellation', () => {
  // The timeouts below are hang guards: a wait that ignored cancellation would last minutes.
  test('aborting ends an in-flight request with SamplerError cancelled', { timeout: 20_000 }, async () => {
    const controller = new AbortController();
    const sim = await simulator({
      chat: () => {
        controller.abort();
        return { fault: 'hang' };
      },
    });
    const error = await rejection(createOpenAISampler(options(sim)).sample(probe(), controller.signal));
    assert.equal(error.reason, 'cancelled');
  });

  test('aborting ends a backoff wait', { timeout: 20_000 }, async () => {
    const controller = new AbortController();
    const sim = await simulator({ chat: () => ({ fault: 'server-error' }) });
    // The jitter source is asked for a number just before the backoff wait starts: abort right then.
    const random = (): number => {
      queueMicrotask(() => controller.abort());
      return 0.5;
    };
    const sampler = createOpenAISampler(options(sim, { retryBaseMs: 600_000, retryCapMs: 600_000, patienceMs: 3_600_000, random }));
    const error = await rejection(sampler.sample(probe(), controller.signal));
    assert.equal(error.reason, 'cancelled');
    assert.equal(sim.requests.length, 1);
  });

  test('close() cancels what is waiting and refuses new samples', { timeout: 20_000 }, async () => {
    let limited!: () => void;
    const rateLimited = new Promise<void>((resolve) => (limited = resolve));
    const sim = await simulator({
      chat: () => {
        setImmediate(limited);
        return { fault: 'rate-limit', retryAfter: '100' };
      },
    });
    const sampler = createOpenAISampler(options(sim));
    const waiting = sampler.sample(probe());
    await rateLimited;
    sampler.close();
    assert.equal((await rejection(waiting)).reason, 'cancelled');
    assert.equal((await rejection(sampler.sample(probe(1)))).reason, 'cancelled');
  });

  test('an already aborted signal sends nothing', async () => {
    const sim = await simulator({ chat: () => answer('yes') });
    const error = await rejection(createOpenAISampler(options(sim)).sample(probe(), AbortSignal.abort()));
    assert.equal(error.reason, 'cancelled');
    assert.equal(sim.requests.length, 0);
  });
});

describe('configuration', () => {
  test('no endpoint, a bad URL, credentials in the URL or no model: configuration errors before anything is sent', () => {
    const cases: [Partial<OpenAISamplerOptions>, RegExp][] = [
      [{ baseURL: '' }, /No endpoint is configured/],
      [{ baseURL: 'not a url' }, /not a URL/],
      [{ baseURL: 'ftp://example.test/v1' }, /http or https/],
      [{ baseURL: 'http://user:pw@127.0.0.1/v1' }, /must not carry credentials/],
      [{ model: '' }, /No model is configured/],
      [{ concurrency: 0 }, /concurrency must be a positive whole number/],
    ];
    for (const [override, message] of cases) {
      assert.throws(
        () => createOpenAISampler({ baseURL: 'http://127.0.0.1:9/v1', model: 'm', ...override }),
        (error: unknown) => error instanceof SamplerError && error.reason === 'configuration' && message.test(error.message),
      );
    }
  });

  test('embed without an embedding model is a configuration error', async () => {
    const sampler = createOpenAISampler({ baseURL: 'http://127.0.0.1:9/v1', model: 'm' });
    assert.equal((await rejection(sampler.embed!(['a']))).reason, 'configuration');
  });

  test('without a key no Authorization header is sent; with one it is sent and never recorded', async () => {
    const sim = await simulator({ chat: () => answer('yes') });
    await createOpenAISampler({ ...options(sim), apiKey: undefined }).sample(probe());
    await createOpenAISampler(options(sim)).sample(probe());
    assert.deepEqual(sim.requests.map((r) => r.authorized), [false, true]);
    assert.ok(!('authorization' in sim.requests[1].headers));
  });

  test('a query on the base URL (Azure api-version) goes with every request', async () => {
    const sim = await simulator({ chat: () => answer('yes'), embed: (texts) => texts.map(() => [1]) });
    const sampler = createOpenAISampler(options(sim, { baseURL: `${sim.url}?api-version=2024-10-21`, embeddingModel: 'e' }));
    await sampler.sample(probe());
    await sampler.embed!(['x']);
    assert.deepEqual(sim.requests.map((r) => [r.path, r.query]), [
      ['/v1/chat/completions', { 'api-version': '2024-10-21' }],
      ['/v1/embeddings', { 'api-version': '2024-10-21' }],
    ]);
  });

  test('the sampler never takes a key from the environment: without apiKey, OPENAI_API_KEY stays at home', async () => {
    const sim = await simulator({ chat: () => answer('yes') });
    process.env.OPENAI_API_KEY = API_KEY;
    try {
      await createOpenAISampler({ ...options(sim), apiKey: undefined }).sample(probe());
      await createOpenAISampler(options(sim)).sample(probe());
    } finally {
      delete process.env.OPENAI_API_KEY;
    }
    assert.deepEqual(sim.requests.map((r) => sentKey(r, API_KEY)), [false, true]);
    assert.equal(sim.requests[0].authorized, false);
  });
});

describe('the API key policy (language server and CLI alike)', () => {
  const local = 'http://127.0.0.1:11434';
  const openai = 'https://api.openai.com';

  test('OPENAI_API_KEY goes to OpenAI when OPENAI_BASE_URL is unset, and to no other origin', () => {
    const env = { OPENAI_API_KEY: API_KEY };
    assert.deepEqual(keyForEndpoint(openai, env), { key: API_KEY, reason: 'openai' });
    assert.deepEqual(keyForEndpoint(local, env), { reason: 'withheld', allowedOrigin: openai });
    assert.deepEqual(keyForEndpoint('http://api.openai.com', env), { reason: 'withheld', allowedOrigin: openai }, 'plain http is another origin');
    assert.equal(environmentKeyFor(openai, env), API_KEY);
    assert.equal(environmentKeyFor(local, env), undefined);
  });

  test('with OPENAI_BASE_URL set, the key goes to its origin only (OpenAI included)', () => {
    const env = { OPENAI_API_KEY: API_KEY, OPENAI_BASE_URL: `${local}/v1` };
    assert.deepEqual(keyForEndpoint(local, env), { key: API_KEY, reason: 'base-url' });
    assert.deepEqual(keyForEndpoint(openai, env), { reason: 'withheld', allowedOrigin: local });
    assert.deepEqual(keyForEndpoint('http://127.0.0.1:8000', env), { reason: 'withheld', allowedOrigin: local }, 'same host, other port');
    assert.equal(environmentKeyFor(local, env), API_KEY);
    assert.equal(environmentKeyFor(openai, env), undefined);
  });

  test('an OPENAI_BASE_URL that is not a URL allows nothing beyond OpenAI', () => {
    const env = { OPENAI_API_KEY: API_KEY, OPENAI_BASE_URL: 'localhost 11434' };
    assert.deepEqual(keyForEndpoint(openai, env), { key: API_KEY, reason: 'openai' });
    assert.deepEqual(keyForEndpoint(local, env), { reason: 'withheld', allowedOrigin: openai });
  });

  test('no key in the environment is no key, whatever the origin', () => {
    for (const env of [{}, { OPENAI_API_KEY: '' }, { OPENAI_BASE_URL: `${local}/v1` }]) {
      assert.deepEqual(keyForEndpoint(openai, env), { reason: 'none' });
      assert.deepEqual(keyForEndpoint(local, env), { reason: 'none' });
    }
  });

  test('a variable the user names sends its key to any origin', () => {
    const env = { OPENAI_API_KEY: API_KEY, MY_GATEWAY_KEY: 'sk-gateway' };
    assert.deepEqual(keyForEndpoint(local, env, 'OPENAI_API_KEY'), { key: API_KEY, reason: 'named-variable' });
    assert.deepEqual(keyForEndpoint(local, env, 'MY_GATEWAY_KEY'), { key: 'sk-gateway', reason: 'named-variable' });
    assert.deepEqual(keyForEndpoint(local, env, 'UNSET_KEY'), { reason: 'none' });
  });
});

describe('embeddings', () => {
  test('embed sends the texts to /v1/embeddings as floats and returns one vector per text, in order', async () => {
    const sim = await simulator({ embed: (texts) => texts.map((t) => [t.length, 1]) });
    const sampler = createOpenAISampler(options(sim, { embeddingModel: 'sim-embed' }));
    assert.deepEqual(await sampler.embed!(['a', 'bbb', 'cc']), [[1, 1], [3, 1], [2, 1]]);
    const body = sim.requests[0].body as Record<string, unknown>;
    assert.equal(sim.requests[0].path, '/v1/embeddings');
    assert.deepEqual(body, { model: 'sim-embed', input: ['a', 'bbb', 'cc'], encoding_format: 'float' });
    assert.ok(sampler.stats.promptTokens > 0);
  });

  test('embedding faults are retried like completions', async () => {
    let calls = 0;
    const sim = await simulator({ embed: (texts) => (++calls === 1 ? { fault: 'server-error' } : texts.map(() => [0.5])) });
    const sampler = createOpenAISampler(options(sim, { embeddingModel: 'sim-embed' }));
    assert.deepEqual(await sampler.embed!(['x']), [[0.5]]);
    assert.equal(sampler.stats.requests, 2);
  });
});

describe('the disk cache', () => {
  test('an unchanged re-run is served from the cache with zero requests; another sample index is a new draw', async () => {
    const cacheDir = tempFolder();
    let draws = 0;
    const sim = await simulator({ chat: () => answer(++draws % 2 ? 'yes' : 'no'), embed: (texts) => texts.map((t) => [t.length]) });
    const first = createOpenAISampler(options(sim, { cacheDir, embeddingModel: 'e' }));
    const requests = [probe(0), probe(1), probe(2), { messages: [{ role: 'user' as const, content: 'Say something.' }], sampleIndex: 0 }];
    const before = await Promise.all(requests.map((r) => first.sample(r)));
    const vectors = await first.embed!(['one', 'three']);
    assert.equal(sim.requests.length, 5);
    assert.equal(first.stats.cached, 0);

    const rerun = createOpenAISampler(options(sim, { cacheDir, embeddingModel: 'e' }));
    assert.deepEqual(await Promise.all(requests.map((r) => rerun.sample(r))), before);
    assert.deepEqual(await rerun.embed!(['one', 'three']), vectors);
    assert.equal(sim.requests.length, 5, 'no request on the re-run');
    assert.equal(rerun.stats.requests, 0);
    assert.equal(rerun.stats.cached, 4);

    await rerun.sample(probe(3));
    const otherModel = createOpenAISampler(options(sim, { cacheDir, model: 'other-model' }));
    await otherModel.sample(probe(0));
    const otherTemperature = createOpenAISampler(options(sim, { cacheDir, temperature: 0.2 }));
    await otherTemperature.sample(probe(0));
    assert.equal(sim.requests.length, 8, 'a new sample index, model or temperature is a new request');
  });

  test('an invalid answer and its replacement are both cached, so the re-run makes no request either', async () => {
    const cacheDir = tempFolder();
    const sim = await simulator(withFaults([{ content: 'no idea' }], { chat: () => answer('yes') }));
    await createOpenAISampler(options(sim, { cacheDir })).sample(probe());
    const rerun = createOpenAISampler(options(sim, { cacheDir }));
    assert.equal((await rerun.sample(probe())).kind, 'answer');
    assert.equal(sim.requests.length, 2);
    assert.equal(rerun.stats.cached, 1);
  });

  test('answers cached through the JSON-only fallback serve a re-run without the rejected request', async () => {
    const cacheDir = tempFolder();
    const sim = await simulator({ rejectResponseFormat: true, chat: () => answer('no') });
    await createOpenAISampler(options(sim, { cacheDir })).sample(probe());
    assert.equal(sim.requests.length, 2);
    const rerun = createOpenAISampler(options(sim, { cacheDir }));
    assert.equal((await rerun.sample(probe())).kind, 'answer');
    assert.equal(sim.requests.length, 2);
  });

  test('a corrupt or truncated entry is a miss, and the next write replaces it', async () => {
    const cacheDir = tempFolder();
    const sim = await simulator({ chat: () => answer('yes') });
    await createOpenAISampler(options(sim, { cacheDir })).sample(probe());
    const entries = listEntries(cacheDir);
    assert.equal(entries.length, 1);
    const whole = fs.readFileSync(entries[0], 'utf8');
    for (const damaged of [whole.slice(0, whole.length / 2), '', '\u0000\u0000', '{"format":"evenhand-cache/1","key":"x","entry":{}}']) {
      fs.writeFileSync(entries[0], damaged);
      const sampler = createOpenAISampler(options(sim, { cacheDir }));
      assert.equal((await sampler.sample(probe())).kind, 'answer');
      assert.equal(sampler.stats.requests, 1, `a miss for ${JSON.stringify(damaged.slice(0, 20))}`);
      assert.equal(fs.readFileSync(entries[0], 'utf8'), whole, 'rewritten whole');
    }
  });

  test('the key covers every part of a request and never the API key', () => {
    const parts = {
      endpoint: 'http://127.0.0.1:1/v1/chat/completions',
      model: 'm',
      temperature: 0.7,
      maxTokens: undefined,
      mode: 'json_schema' as const,
      messages: [{ role: 'user' as const, content: 'q' }],
      schema: { type: 'object' },
      sampleIndex: 0,
      attempt: 0,
    };
    const key = completionCacheKey(parts);
    assert.match(key, /^[0-9a-f]{64}$/);
    const variants = [
      { endpoint: 'http://127.0.0.1:2/v1/chat/completions' },
      { model: 'n' },
      { temperature: 0.2 },
      { maxTokens: 10 },
      { mode: 'json_instruction' as const },
      { messages: [{ role: 'user' as const, content: 'q2' }] },
      { schema: { type: 'array' } },
      { sampleIndex: 1 },
      { attempt: 1 },
    ];
    const keys = new Set([key, ...variants.map((v) => completionCacheKey({ ...parts, ...v }))]);
    assert.equal(keys.size, variants.length + 1);
    assert.equal(completionCacheKey({ ...parts, schema: { type: 'object' } }), key, 'equal parts, equal key');
  });

  test('survives a process killed mid-write: every entry reads whole or is a miss', async () => {
    const cacheDir = tempFolder();
    const cacheModule = path.join(__dirname, '..', 'server', 'out', 'model', 'cache.js');
    // The writer rewrites 16 large entries over and over, 16 writes at a time, so a SIGKILL lands inside some of
    // them (a writer that wrote entries in place would leave truncated files behind).
    const writer = `
      const { createHash } = require('node:crypto');
      const { DiskCache } = require(${JSON.stringify(cacheModule)});
      const cache = new DiskCache(${JSON.stringify(cacheDir)});
      const key = (i) => createHash('sha256').update('entry ' + i).digest('hex');
      (async () => {
        for (let round = 0; ; round++) {
          await Promise.all(Array.from({ length: 16 }, async (_, i) => {
            const content = JSON.stringify({ i, round, pad: 'x'.repeat(2000000) });
            await cache.put(key(i), { kind: 'completion', content, refusal: null, finishReason: 'stop', promptTokens: i, completionTokens: round });
            process.stdout.write('w\\n');
          }));
        }
      })();`;
    const child = spawn(process.execPath, ['-e', writer], { stdio: ['ignore', 'pipe', 'inherit'] });
    let written = 0;
    await new Promise<void>((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', (code) => reject(new Error(`the writer exited early (${code})`)));
      child.stdout.on('data', (chunk: Buffer) => {
        written += chunk.toString().split('\n').length - 1;
        if (written >= 20 && !child.killed) {
          child.removeAllListeners('exit');
          child.kill('SIGKILL');
          child.on('exit', () => resolve());
        }
      });
    });
    const cache = new DiskCache(cacheDir);
    let whole = 0;
    for (let i = 0; i < 16; i++) {
      const entry = await cache.get(createHash('sha256').update(`entry ${i}`).digest('hex'));
      if (entry === undefined) continue;
      assert.equal(entry.kind, 'completion');
      assert.ok(entry.kind === 'completion' && entry.content !== null);
      assert.equal(JSON.parse(entry.content!).i, i);
      assert.equal(entry.promptTokens, i);
      whole++;
    }
    // Twenty finished writes cover all sixteen keys, and no kill can take back a finished one.
    assert.equal(whole, 16);
    // Leftover temporary files are not entries and do not get in the way of the next write.
    const key = createHash('sha256').update('entry 0').digest('hex');
    await cache.put(key, { kind: 'embedding', vector: [1, 2] });
    assert.deepEqual(await cache.get(key), { kind: 'embedding', vector: [1, 2] });
  });
});

describe('the API key stays secret', () => {
  test('never in cache files, error messages or recorded requests', async () => {
    const cacheDir = tempFolder();
    let calls = 0;
    const sim = await simulator({
      chat: () => {
        calls++;
        if (calls === 1) return answer('yes');
        // An endpoint that echoes the key back in its error message.
        return { status: 401, body: { error: { message: `Incorrect API key provided: ${API_KEY}.` } } };
      },
    });
    const sampler = createOpenAISampler(options(sim, { cacheDir }));
    await sampler.sample(probe(0));
    const error = await rejection(sampler.sample(probe(1)));
    assert.match(error.message, /Incorrect API key provided: \[redacted\]/);
    assert.ok(!error.message.includes(API_KEY));
    assert.ok(!String(error.stack).includes(API_KEY));
    for (const file of listAllFiles(cacheDir)) assert.ok(!fs.readFileSync(file, 'utf8').includes(API_KEY), file);
    assert.ok(listEntries(cacheDir).length > 0);
    assert.ok(sim.requests.every((r) => r.authorized));
    assert.ok(!JSON.stringify(sim.requests).includes(API_KEY));
    assert.ok(!JSON.stringify(sampler.stats).includes(API_KEY));
  });
});

function listAllFiles(folder: string): string[] {
  return fs.readdirSync(folder, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

function listEntries(folder: string): string[] {
  return listAllFiles(folder).filter((file) => file.endsWith('.json'));
}
