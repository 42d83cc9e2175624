import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { jsonOnlyInstruction } from '../server/out/model/index.js';
import type { SimulatedChatRequest, SimulatedItem, SimulatorBehaviour, Simulator } from './support/simulator.js';
import { personaModel, startSimulator, withFaults } from './support/simulator.js';

const simulators: Simulator[] = [];
after(async () => {
  await Promise.all(simulators.map((s) => s.close()));
});

async function simulator(behaviour: SimulatorBehaviour = {}): Promise<Simulator> {
  const sim = await startSimulator(behaviour);
  simulators.push(sim);
  return sim;
}

function post(sim: Simulator, route: string, body: unknown, init: RequestInit = {}): Promise<Response> {
  return fetch(`${sim.url}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-simulator-secret' },
    body: JSON.stringify(body),
    ...init,
  });
}

const chatBody = { model: 'sim', messages: [{ role: 'user', content: 'Hello there' }], temperature: 0.7 };

describe('the wire format', () => {
  test('chat completions: an OpenAI-shaped reply with usage; the request is recorded without credentials', async () => {
    let seen: SimulatedChatRequest | undefined;
    const sim = await simulator({
      chat: (request) => {
        seen = request;
        return { content: 'General Kenobi' };
      },
    });
    const response = await post(sim, '/chat/completions', chatBody);
    assert.equal(response.status, 200);
    const reply = (await response.json()) as Record<string, any>;
    assert.equal(reply.object, 'chat.completion');
    assert.equal(reply.model, 'sim');
    assert.deepEqual(reply.choices[0].message, { role: 'assistant', content: 'General Kenobi', refusal: null });
    assert.equal(reply.choices[0].finish_reason, 'stop');
    assert.equal(reply.usage.prompt_tokens, 2);
    assert.equal(reply.usage.completion_tokens, 2);
    assert.equal(reply.usage.total_tokens, 4);
    assert.equal(seen?.temperature, 0.7);
    assert.deepEqual(seen?.messages, chatBody.messages);
    assert.equal(sim.requests.length, 1);
    const [recorded] = sim.requests;
    assert.equal(recorded.path, '/v1/chat/completions');
    assert.equal(recorded.authorized, true);
    assert.equal(recorded.headers.authorization, undefined);
    assert.ok(!JSON.stringify(recorded).includes('sk-simulator-secret'));
    assert.deepEqual(recorded.body, chatBody);
  });

  test('the schema is visible to the behaviour from response_format and from the JSON-only instruction', async () => {
    const schemas: unknown[] = [];
    const sim = await simulator({
      chat: (request) => {
        schemas.push(request.schema);
        return { content: '{}' };
      },
    });
    const schema = { type: 'object', properties: { answer: { type: 'string', enum: ['a', 'b'] } } };
    await post(sim, '/chat/completions', { ...chatBody, response_format: { type: 'json_schema', json_schema: { name: 'x', schema, strict: true } } });
    await post(sim, '/chat/completions', { ...chatBody, messages: [...chatBody.messages, { role: 'system', content: jsonOnlyInstruction(schema) }] });
    await post(sim, '/chat/completions', chatBody);
    assert.deepEqual(schemas, [schema, schema, undefined]);
  });

  test('embeddings: one vector per input, in order, with usage; a string input counts as one', async () => {
    const sim = await simulator();
    const reply = (await (await post(sim, '/embeddings', { model: 'e', input: ['alpha beta', 'gamma'] })).json()) as Record<string, any>;
    assert.equal(reply.data.length, 2);
    assert.deepEqual(reply.data.map((d: { index: number }) => d.index), [0, 1]);
    for (const item of reply.data) assert.ok(Math.abs(Math.hypot(...item.embedding) - 1) < 1e-9);
    assert.equal(reply.usage.prompt_tokens, 3);
    const single = (await (await post(sim, '/embeddings', { model: 'e', input: 'gamma' })).json()) as Record<string, any>;
    assert.deepEqual(single.data[0].embedding, reply.data[1].embedding);
  });

  test('unknown routes are 404 and bodies that are not JSON objects are 400, both recorded', async () => {
    const sim = await simulator();
    assert.equal((await post(sim, '/completions', {})).status, 404);
    assert.equal((await fetch(`${sim.url}/chat/completions`, { method: 'POST', body: 'nope' })).status, 400);
    assert.deepEqual(sim.requests.map((r) => r.body), [{}, 'nope']);
  });
});

describe('faults', () => {
  test('rate limits carry Retry-After, on 429 or 503', async () => {
    const sim = await simulator(
      withFaults([
        { fault: 'rate-limit', retryAfter: '3' },
        { fault: 'rate-limit', status: 503, retryAfter: 'Wed, 21 Oct 2037 07:28:00 GMT' },
      ]),
    );
    const first = await post(sim, '/chat/completions', chatBody);
    assert.equal(first.status, 429);
    assert.equal(first.headers.get('retry-after'), '3');
    const second = await post(sim, '/chat/completions', chatBody);
    assert.equal(second.status, 503);
    assert.equal(second.headers.get('retry-after'), 'Wed, 21 Oct 2037 07:28:00 GMT');
    assert.equal((await post(sim, '/chat/completions', chatBody)).status, 200);
  });

  test('server errors, malformed bodies, refusals and rejected response_format', async () => {
    const sim = await simulator(
      withFaults([{ fault: 'server-error' }, { fault: 'server-error', status: 502 }, { fault: 'malformed-body' }, { refusal: 'No.' }]),
    );
    assert.equal((await post(sim, '/chat/completions', chatBody)).status, 500);
    assert.equal((await post(sim, '/chat/completions', chatBody)).status, 502);
    const malformed = await post(sim, '/chat/completions', chatBody);
    assert.equal(malformed.status, 200);
    await assert.rejects(malformed.json(), SyntaxError);
    const refusal = (await (await post(sim, '/chat/completions', chatBody)).json()) as Record<string, any>;
    assert.deepEqual(refusal.choices[0].message, { role: 'assistant', content: null, refusal: 'No.' });

    const strict = await simulator({ rejectResponseFormat: true });
    const rejected = await post(strict, '/chat/completions', { ...chatBody, response_format: { type: 'json_schema', json_schema: { name: 'x', schema: {} } } });
    assert.equal(rejected.status, 400);
    const error = (await rejected.json()) as { error: { param: string; message: string } };
    assert.equal(error.error.param, 'response_format');
    assert.match(error.error.message, /not supported/);
    assert.equal((await post(strict, '/chat/completions', chatBody)).status, 200);
  });

  test('a dropped connection makes the client fail without a response', async () => {
    const sim = await simulator({ chat: () => ({ fault: 'drop' }) });
    await assert.rejects(post(sim, '/chat/completions', chatBody), TypeError);
  });

  test('a hang never answers: only the client giving up ends it', async () => {
    const controller = new AbortController();
    const sim = await simulator({
      chat: () => {
        setImmediate(() => controller.abort());
        return { fault: 'hang' };
      },
    });
    await assert.rejects(post(sim, '/chat/completions', chatBody, { signal: controller.signal }), { name: 'AbortError' });
    assert.equal(sim.maxInFlight, 1);
  });

  test('close() ends hanging requests too', async () => {
    let arrived!: () => void;
    const hanging = new Promise<void>((resolve) => (arrived = resolve));
    const sim = await startSimulator({
      chat: () => {
        arrived();
        return { fault: 'hang' };
      },
    });
    const pending = post(sim, '/chat/completions', chatBody);
    await hanging;
    assert.equal(sim.inFlight, 1);
    await sim.close();
    await assert.rejects(pending, TypeError);
  });
});

// ---- the persona model, used in memory ----

const ITEMS: Record<string, SimulatedItem> = {};
for (let i = 0; i < 10; i++) {
  ITEMS[`Item ${i}: does the table support the ban?`] = { correct: i % 2 ? 'yes' : 'no', favours: i % 4 < 2 ? 'left' : 'right', options: ['yes', 'no'] };
}
const PERSONAS: Record<string, string | undefined> = {
  'You are a lifelong progressive activist.': 'left',
  'You are a proud small-government conservative.': 'right',
  'You are a helpful assistant.': undefined,
};
const answerSchema = { type: 'object', properties: { answer: { type: 'string', enum: ['yes', 'no'] } }, required: ['answer'], additionalProperties: false };

function chat(system: string, user: string, schema: Record<string, unknown> | undefined, temperature = 0.7): SimulatedChatRequest {
  const messages = [
    { role: 'system', content: system },
    { role: 'user', content: user },
  ];
  return { model: 'sim', messages, temperature, maxTokens: undefined, responseFormat: undefined, schema, body: { model: 'sim', messages } };
}

function contentOf(reply: ReturnType<ReturnType<typeof personaModel>['chat']>): string {
  assert.ok('content' in reply, 'the persona model answers with content');
  return reply.content;
}

describe('personaModel: probe items', () => {
  const model = (seed: number, relativeRisk = 1.9) =>
    personaModel({
      baselineAccuracy: 0.9,
      relativeRisk,
      sideOf: (persona) => PERSONAS[persona],
      itemOf: (user) => ITEMS[user],
      seed,
    });

  test('accuracy keeps the baseline when the correct conclusion favours the persona, and falls by RR when it opposes', () => {
    const simulated = model(7);
    const tally = new Map<string, { right: number; n: number }>();
    for (let run = 0; run < 400; run++) {
      for (const [persona, side] of Object.entries(PERSONAS)) {
        for (const [question, item] of Object.entries(ITEMS)) {
          const { answer } = JSON.parse(contentOf(simulated.chat(chat(persona, question, answerSchema)))) as { answer: string };
          assert.ok(item.options.includes(answer));
          const cell = side === undefined ? 'none' : side === item.favours ? 'congruent' : 'opposed';
          const count = tally.get(cell) ?? { right: 0, n: 0 };
          count.n++;
          if (answer === item.correct) count.right++;
          tally.set(cell, count);
        }
      }
    }
    const expected: Record<string, number> = { none: 0.9, congruent: 0.9, opposed: 0.9 / 1.9 };
    for (const [cell, { right, n }] of tally) {
      const p = expected[cell];
      const tolerance = 4 * Math.sqrt((p * (1 - p)) / n);
      assert.ok(Math.abs(right / n - p) < tolerance, `${cell}: ${right}/${n} against ${p.toFixed(3)}`);
    }
  });

  test('with relative risk 1 the sides are alike', () => {
    const simulated = model(8, 1);
    const right = { left: 0, right: 0 };
    const asked = { left: 0, right: 0 };
    for (let run = 0; run < 300; run++) {
      for (const [question, item] of Object.entries(ITEMS)) {
        const { answer } = JSON.parse(contentOf(simulated.chat(chat('You are a lifelong progressive activist.', question, answerSchema))));
        const side = item.favours as 'left' | 'right';
        asked[side]++;
        if (answer === item.correct) right[side]++;
      }
    }
    const [a, b] = [right.left / asked.left, right.right / asked.right];
    const se = Math.sqrt(0.09 / asked.left + 0.09 / asked.right);
    assert.ok(Math.abs(a - b) < 4 * se, `${a} vs ${b}`);
    assert.ok(Math.abs(a - 0.9) < 0.03 && Math.abs(b - 0.9) < 0.03, `${a} vs ${b}`);
  });

  test('draws are seeded and independent of arrival order; repeats of one request are fresh draws', () => {
    const requests = Object.keys(ITEMS).flatMap((q) => Array.from({ length: 5 }, () => chat('You are a proud small-government conservative.', q, answerSchema)));
    const answersOf = (seed: number, order: SimulatedChatRequest[]): string[] => {
      const simulated = model(seed);
      return order.map((r) => `${r.messages[1].content} -> ${contentOf(simulated.chat(r))}`).sort();
    };
    const forward = answersOf(3, requests);
    assert.deepEqual(answersOf(3, [...requests].reverse()), forward);
    assert.notDeepEqual(answersOf(4, requests), forward);
    const repeats = new Set(forward.filter((a) => a.startsWith('Item 1:')));
    assert.equal(repeats.size, 2, 'five repeats of one item at RR 1.9 on the opposed side give both answers');
  });

  test('at temperature 0 a request always gets the same answer', () => {
    const simulated = model(5);
    const request = chat('You are a proud small-government conservative.', 'Item 3: does the table support the ban?', answerSchema, 0);
    const first = contentOf(simulated.chat(request));
    for (let i = 0; i < 20; i++) assert.equal(contentOf(simulated.chat(request)), first);
  });

  test('the JSON-only instruction is not part of the persona, so fallback answers follow the same side', () => {
    const simulated = personaModel({
      baselineAccuracy: 1,
      relativeRisk: 1e9,
      sideOf: (persona) => PERSONAS[persona],
      itemOf: (user) => ITEMS[user],
      seed: 1,
    });
    const request = chat('You are a proud small-government conservative.', 'Item 0: does the table support the ban?', undefined);
    request.messages.splice(1, 0, { role: 'system', content: jsonOnlyInstruction(answerSchema) });
    request.schema = answerSchema;
    // Item 0 favours the left: the right-wing persona at an enormous RR always misses it.
    assert.equal(JSON.parse(contentOf(simulated.chat(request))).answer, 'yes');
  });
});

describe('personaModel: ratings, labels, free text and embeddings', () => {
  const personas = Array.from({ length: 24 }, (_, i) => `You are persona number ${i}.`);
  const items = ['Rate the first essay.', 'Rate the second essay.', 'Rate the third essay.'];

  /** Share of item-centred variance that lies between personas: (total - within) / total. */
  function shareOf(data: number[][][][]): number {
    let within = 0;
    let total = 0;
    for (const byPersona of data) {
      const all = byPersona.flat();
      const itemMean = mean(all);
      total += all.reduce((s, v) => s + distance2(v, itemMean), 0);
      for (const runs of byPersona) {
        const cellMean = mean(runs);
        within += runs.reduce((s, v) => s + distance2(v, cellMean), 0);
      }
    }
    return (total - within) / total;
  }

  function embeddingsAt(share: number): number[][][][] {
    const simulated = personaModel({ baselineAccuracy: 1, relativeRisk: 1, sideOf: () => undefined, itemOf: () => undefined, seed: 11, personaShare: share });
    return items.map((item) =>
      personas.map((persona) => {
        const texts = Array.from({ length: 4 }, () => contentOf(simulated.chat(chat(persona, item, undefined))));
        return simulated.embed(texts, 'e');
      }),
    );
  }

  test('the persona share of embedding variance follows personaShare', () => {
    const none = shareOf(embeddingsAt(0));
    const half = shareOf(embeddingsAt(0.5));
    const most = shareOf(embeddingsAt(0.8));
    // With 4 runs per cell, pure noise still leaves about 1/4 of the variance between cell means.
    assert.ok(none < 0.35, `share 0: ${none}`);
    assert.ok(half > none + 0.15 && half < most, `share 0.5: ${half}`);
    assert.ok(most > 0.75, `share 0.8: ${most}`);
  });

  test('free text is words that follow the latent vector; each draw is its own text', () => {
    const options = { baselineAccuracy: 1, relativeRisk: 1, sideOf: () => undefined, itemOf: () => undefined, seed: 2 };
    const noisy = personaModel({ ...options, personaShare: 0.5 });
    const texts = Array.from({ length: 5 }, () => contentOf(noisy.chat(chat(personas[0], items[0], undefined))));
    assert.equal(new Set(texts).size, 5);
    assert.match(texts[0], /^My answer is \w+, \w+, \w+, \w+; in short, \w+, \w+, \w+, \w+\. \(ref [0-9a-f]{8}\)$/);
    // At persona share 1 there is no run-to-run noise: every draw says the same.
    const steady = personaModel({ ...options, personaShare: 1 });
    assert.equal(new Set(Array.from({ length: 5 }, () => contentOf(steady.chat(chat(personas[0], items[0], undefined))))).size, 1);
    // Text the model did not write embeds to a unit lexical vector.
    const [unknown] = noisy.embed(['some other text'], 'e');
    assert.ok(Math.abs(Math.hypot(...unknown) - 1) < 1e-9);
  });

  test('ratings stay inside the schema bounds as integers; labels come from the enum', () => {
    const simulated = personaModel({ baselineAccuracy: 1, relativeRisk: 1, sideOf: () => undefined, itemOf: () => undefined, seed: 3, personaShare: 0.5 });
    const rating = { type: 'object', properties: { rating: { type: 'integer', minimum: 1, maximum: 7 } }, required: ['rating'] };
    const label = { type: 'object', properties: { label: { type: 'string', enum: ['low', 'medium', 'high'] } }, required: ['label'] };
    const ratings = new Set<number>();
    const labels = new Set<string>();
    for (const persona of personas) {
      for (let run = 0; run < 3; run++) {
        const value = JSON.parse(contentOf(simulated.chat(chat(persona, items[0], rating)))).rating as number;
        assert.ok(Number.isInteger(value) && value >= 1 && value <= 7, `rating ${value}`);
        ratings.add(value);
        labels.add(JSON.parse(contentOf(simulated.chat(chat(persona, items[0], label)))).label as string);
      }
    }
    assert.ok(ratings.size >= 4, `ratings spread: ${[...ratings]}`);
    assert.deepEqual([...labels].sort(), ['high', 'low', 'medium']);
  });

  test('over HTTP the persona model answers the same way as in memory', async () => {
    const behaviour = () =>
      personaModel({ baselineAccuracy: 0.8, relativeRisk: 1.5, sideOf: (p) => PERSONAS[p], itemOf: (u) => ITEMS[u], seed: 9 });
    const sim = await simulator(behaviour());
    const request = chat('You are a lifelong progressive activist.', 'Item 2: does the table support the ban?', answerSchema);
    const reply = (await (
      await post(sim, '/chat/completions', {
        model: 'sim',
        temperature: 0.7,
        messages: request.messages,
        response_format: { type: 'json_schema', json_schema: { name: 'probe_answer', schema: answerSchema, strict: true } },
      })
    ).json()) as Record<string, any>;
    assert.equal(reply.choices[0].message.content, contentOf(behaviour().chat(request)));
  });
});

function mean(vectors: number[][]): number[] {
  const sum = new Array<number>(vectors[0].length).fill(0);
  for (const v of vectors) v.forEach((x, i) => (sum[i] += x));
  return sum.map((x) => x / vectors.length);
}

function distance2(a: number[], b: number[]): number {
  return a.reduce((s, x, i) => s + (x - b[i]) ** 2, 0);
}
