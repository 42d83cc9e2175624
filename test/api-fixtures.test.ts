// Each provider's recorded replies and errors (test/fixtures/api/), served by a replay server that checks
// requests as that provider does: the one-sided check runs to a verdict through createOpenAISampler and the real
// openai client, and where the provider refuses a parameter, the sampler leaves it out, once, and says so.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parsePromptFile } from '../server/out/core/index.js';
import { SHIPPED_TOPICS, SamplerError, runOneSided, shippedProbes, type AnswerSchema, type SampleRequest } from '../server/out/core/checks/index.js';
import { createOpenAISampler, type OpenAISamplerOptions } from '../server/out/model/index.js';
import { AZURE_API_VERSION, AZURE_DEPLOYMENT, startApiReplay, type ApiReplay, type Provider, type ReplayedRequest } from './support/apiReplay.js';
import { personaModel, type SimulatedChatRequest, type SimulatedReply } from './support/simulator.js';

// Tests must not pick up a developer's real key or endpoint.
delete process.env.OPENAI_API_KEY;
delete process.env.OPENAI_BASE_URL;

const ITEMS = SHIPPED_TOPICS.flatMap((topic) => shippedProbes(topic).items);

/** A model that judges by side under a conservative persona, answering the shipped probe items. */
const judgeBySide = () =>
  personaModel({
    baselineAccuracy: 0.9,
    relativeRisk: 2,
    seed: 11,
    sideOf: (persona) => (/\bconservative\b/i.test(persona) ? 'conservative' : /\bprogressive\b/i.test(persona) ? 'progressive' : undefined),
    itemOf: (user) => ITEMS.find((item) => user.startsWith(`${item.text}\n\n`)),
  });

const JUDGE = 'You are a proud small-government conservative. Rate how credible each claim is.\n';

async function replay(t: { after(fn: () => Promise<void>): void }, provider: Provider, answer?: (request: SimulatedChatRequest) => SimulatedReply): Promise<ApiReplay> {
  const model = judgeBySide();
  const server = await startApiReplay(provider, answer ?? ((request) => model.chat(request)));
  t.after(() => server.close());
  return server;
}

function sampler(server: ApiReplay, extra: Partial<OpenAISamplerOptions> = {}) {
  return createOpenAISampler({ baseURL: server.baseURL, model: 'm', concurrency: 8, maxRequests: 1500, retryBaseMs: 1, retryCapMs: 4, ...extra });
}

/** The one-sided check of JUDGE to whatever verdict the budget allows (its statistics are not under test here). */
async function checkReachesVerdict(server: ApiReplay, model: ReturnType<typeof sampler>) {
  const result = await runOneSided({ doc: parsePromptFile('judge.txt', JUDGE) }, model, { maxRequests: 1500 });
  assert.notEqual(result.verdict, 'incomplete', `notes: ${result.notes.join(' | ')}`);
  assert.ok(result.observations > 0);
  assert.ok(server.requests.some((r) => r.status === 200));
  return result;
}

const answered = (server: ApiReplay): ReplayedRequest[] => server.requests.filter((r) => r.status === 200);
const refused = (server: ApiReplay): ReplayedRequest[] => server.requests.filter((r) => r.status !== 200);

describe('OpenAI', () => {
  test('chat model: the check reaches a verdict with temperature, max_tokens and response_format json_schema as sent', async (t) => {
    const server = await replay(t, 'openai');
    const model = sampler(server, { model: 'gpt-4o-mini', maxTokens: 50 });
    await checkReachesVerdict(server, model);
    assert.deepEqual(refused(server), []);
    for (const { body } of server.requests) {
      assert.equal(body.temperature, 0.7);
      assert.equal(body.max_tokens, 50);
      assert.equal((body.response_format as { type: string }).type, 'json_schema');
    }
    assert.deepEqual(model.notices, []);
  });

  test('reasoning model: temperature and max_tokens are refused once each, then left out (max_completion_tokens instead), with notices', async (t) => {
    const server = await replay(t, 'openai-reasoning');
    const model = sampler(server, { model: 'o3-mini', maxTokens: 2000 });
    const result = await checkReachesVerdict(server, model);
    // The result notes what was changed to reach the endpoint, so a report says the temperature was not 0.7.
    assert.ok(result.notes.some((n) => /rejected temperature 0\.7; it was left out/.test(n)), result.notes.join('\n'));
    assert.ok(result.notes.some((n) => /sent as max_completion_tokens/.test(n)), result.notes.join('\n'));
    const rejections = refused(server);
    assert.ok(rejections.length >= 2, 'both parameters were refused');
    // Requests sent together may all be refused before the first refusal is read; never more than that.
    assert.ok(rejections.length <= 2 * 8, `${rejections.length} refused requests`);
    assert.ok(rejections.every((r) => 'max_tokens' in r.body || 'temperature' in r.body), 'refused only for what the endpoint does not take');
    for (const { body } of answered(server)) {
      assert.equal('temperature' in body, false);
      assert.equal('max_tokens' in body, false);
      assert.equal(body.max_completion_tokens, 2000);
    }
    assert.equal(model.notices?.length, 2);
    assert.ok(model.notices.some((n) => /rejected temperature 0\.7; it was left out, so the model's default temperature was used/.test(n)), model.notices.join('\n'));
    assert.ok(model.notices.some((n) => /rejected max_tokens; the limit of 2000 tokens was sent as max_completion_tokens/.test(n)), model.notices.join('\n'));
  });

  test('a structured-output refusal (content null, message.refusal) is an invalid outcome marked refused', async (t) => {
    const server = await replay(t, 'openai', () => ({ refusal: "I'm sorry, but I can't assist with that request." }));
    const outcome = await sampler(server).sample(probe());
    assert.equal(outcome.kind, 'invalid');
    assert.equal(outcome.kind === 'invalid' && outcome.refused, true);
    assert.match(outcome.kind === 'invalid' ? outcome.reason : '', /the model refused: I'm sorry/);
    assert.equal(server.requests.length, 1, 'a refusal stands: it is not asked again');
  });
});

describe('Azure OpenAI', () => {
  test('a deployment path with api-version and the key in api-key: the check reaches a verdict', async (t) => {
    const server = await replay(t, 'azure');
    const model = sampler(server, { apiKey: 'azure-test-key-0123456789' });
    // The replay server listens on 127.0.0.1, not *.openai.azure.com, so the key goes as a bearer token here.
    await checkReachesVerdict(server, model);
    assert.deepEqual(refused(server), []);
    for (const request of server.requests) {
      assert.equal(request.path, `/openai/deployments/${AZURE_DEPLOYMENT}/chat/completions`);
      assert.deepEqual(request.query, { 'api-version': AZURE_API_VERSION });
      assert.equal(request.keyed, true);
    }
  });

  test('without api-version Azure answers 404 Resource not found: a configuration error naming what to check, not retried', async (t) => {
    const server = await replay(t, 'azure');
    const error = await sampler(server, { baseURL: `${server.origin}/openai/deployments/${AZURE_DEPLOYMENT}`, apiKey: 'k-0123456789' })
      .sample(probe())
      .then(() => assert.fail('expected a rejection'), (e: unknown) => e);
    assert.ok(error instanceof SamplerError);
    assert.equal(error.reason, 'configuration');
    assert.match(error.message, /HTTP 404: Resource not found \(check the base URL and the model name\)/);
    assert.equal(server.requests.length, 1);
  });
});

describe('Ollama', () => {
  test('structured outputs through response_format json_schema (its `format`): the check reaches a verdict', async (t) => {
    const server = await replay(t, 'ollama');
    const model = sampler(server, { model: 'llama3.1:8b' });
    await checkReachesVerdict(server, model);
    assert.deepEqual(refused(server), []);
    const format = server.requests[0].body.response_format as { json_schema: { schema: { properties: Record<string, unknown> } } };
    assert.ok(format.json_schema.schema.properties.answer, 'the schema itself went with the request');
    assert.deepEqual(model.notices, []);
  });
});

describe('vLLM', () => {
  test('guided decoding of response_format json_schema: the check reaches a verdict', async (t) => {
    const server = await replay(t, 'vllm');
    const model = sampler(server, { model: 'Qwen/Qwen2.5-7B-Instruct' });
    await checkReachesVerdict(server, model);
    assert.deepEqual(refused(server), []);
    assert.ok(server.requests.every((r) => (r.body.response_format as { type: string }).type === 'json_schema'));
  });

  test('a 400 that names max_tokens without refusing the parameter (too large for the context) is not retried', async (t) => {
    const server = await replay(t, 'vllm');
    const model = sampler(server, { maxTokens: 100_000 });
    const error = await model.sample(probe()).then(() => assert.fail('expected a rejection'), (e: unknown) => e);
    assert.ok(error instanceof SamplerError);
    assert.equal(error.reason, 'configuration');
    assert.match(error.message, /HTTP 400: 'max_tokens' or 'max_completion_tokens' is too large/);
    assert.equal(server.requests.length, 1);
    assert.deepEqual(model.notices, []);
  });
});

describe('LM Studio', () => {
  test('an engine that refuses json_schema (error as a bare string): JSON asked for in an instruction, with a notice', async (t) => {
    const server = await replay(t, 'lmstudio');
    const model = sampler(server, { model: 'qwen2.5-7b-instruct' });
    await checkReachesVerdict(server, model);
    assertFellBackToInstruction(server, model.notices);
  });
});

describe('llama.cpp server', () => {
  test('a build whose response_format takes text or json_object only: JSON asked for in an instruction, with a notice', async (t) => {
    const server = await replay(t, 'llamacpp');
    const model = sampler(server);
    await checkReachesVerdict(server, model);
    assertFellBackToInstruction(server, model.notices);
  });
});

/** Refused only while response_format was sent; every answered request carried the schema in its instruction instead. */
function assertFellBackToInstruction(server: ApiReplay, notices: readonly string[] | undefined): void {
  const rejections = refused(server);
  assert.ok(rejections.length >= 1 && rejections.length <= 8, `${rejections.length} refused requests`);
  assert.ok(rejections.every((r) => r.status === 400 && r.body.response_format !== undefined));
  for (const { body } of answered(server)) {
    assert.equal(body.response_format, undefined);
    assert.equal(body.temperature, 0.7, 'only response_format was left out');
    const messages = body.messages as { role: string; content: string }[];
    assert.match(messages.at(-1)!.content, /must match this JSON Schema/);
  }
  assert.deepEqual(notices, [
    'The endpoint rejected response_format json_schema; structured answers were asked for in a system instruction carrying the schema instead, and read from the reply text.',
  ]);
}

/** One probe question with the checks' `{answer}` schema. */
function probe(): SampleRequest<{ answer: string }> {
  const schema: AnswerSchema<{ answer: string }> = {
    name: 'probe_answer',
    jsonSchema: { type: 'object', properties: { answer: { type: 'string', enum: ['yes', 'no'] } }, required: ['answer'], additionalProperties: false },
    parse: (value) => (typeof (value as { answer?: unknown })?.answer === 'string' ? (value as { answer: string }) : undefined),
  };
  return { messages: [{ role: 'user', content: 'Did the cream help?' }], schema, sampleIndex: 0 };
}
