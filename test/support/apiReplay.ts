// A local stand-in for one real provider's chat completion API: it checks each request the way that provider
// does, answering with the provider's recorded reply and error bodies (test/fixtures/api/<provider>/) and
// filling the answer in from a behaviour (the persona model, usually).
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { chatView, type SimulatedChatRequest, type SimulatedReply } from './simulator.js';

const FIXTURES = path.join(__dirname, '..', '..', 'test', 'fixtures', 'api');

/** The providers with fixtures. */
export type Provider = 'openai' | 'openai-reasoning' | 'azure' | 'ollama' | 'vllm' | 'lmstudio' | 'llamacpp';

/** One request as the replay server received it. */
export interface ReplayedRequest {
  path: string;
  query: Record<string, string>;
  /** Whether an api-key or Authorization header came (its value is not kept). */
  keyed: boolean;
  body: Record<string, unknown>;
  /** The status the server answered with. */
  status: number;
}

/** A running replay server; `baseURL` is what a client is given (with Azure's deployment path and api-version). */
export interface ApiReplay {
  baseURL: string;
  /** The server's origin, for building other base URLs (a missing api-version, say). */
  origin: string;
  requests: ReplayedRequest[];
  close(): Promise<void>;
}

export const AZURE_DEPLOYMENT = 'gpt-4o-evenhand';
export const AZURE_API_VERSION = '2024-10-21';

interface Recorded {
  status: number;
  body: unknown;
}

/** A fixture file of one provider, parsed afresh (callers may change it). */
export function fixture(provider: string, name: string): any {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, provider, `${name}.json`), 'utf8'));
}

/** What the provider refuses in a request, as its recorded error; undefined when it would answer. */
type Validation = (request: { path: string; query: Record<string, string>; keyed: boolean; body: Record<string, unknown> }) => Recorded | undefined;

const CHAT_PATH = '/v1/chat/completions';

function notFound(): Recorded {
  return { status: 404, body: { error: { message: 'not found', type: 'invalid_request_error' } } };
}

const PROVIDERS: Record<Provider, { folder: string; reply: string; validate: Validation }> = {
  openai: { folder: 'openai', reply: 'chat-completion', validate: ({ path }) => (path === CHAT_PATH ? undefined : notFound()) },
  // o-series: only the default temperature, and the token limit only as max_completion_tokens.
  'openai-reasoning': {
    folder: 'openai',
    reply: 'reasoning-completion',
    validate: ({ path, body }) => {
      if (path !== CHAT_PATH) return notFound();
      if ('max_tokens' in body) return fixture('openai', 'error-unsupported-max-tokens');
      if ('temperature' in body && body.temperature !== 1) {
        const error = fixture('openai', 'error-unsupported-temperature');
        error.body.error.message = error.body.error.message.replace('0.7', String(body.temperature));
        return error;
      }
      return undefined;
    },
  },
  // The deployment in the path picks the model; api-version is required in the query, the key in api-key.
  azure: {
    folder: 'azure',
    reply: 'chat-completion',
    validate: ({ path, query, keyed }) => {
      if (path !== `/openai/deployments/${AZURE_DEPLOYMENT}/chat/completions` || !query['api-version']) return fixture('azure', 'error-resource-not-found');
      if (!keyed) return { status: 401, body: { error: { code: '401', message: 'Access denied due to invalid subscription key or wrong API endpoint.' } } };
      return undefined;
    },
  },
  // Ollama turns response_format json_schema into its `format`, which needs the schema itself.
  ollama: {
    folder: 'ollama',
    reply: 'chat-completion',
    validate: ({ path, body }) => {
      if (path !== CHAT_PATH) return notFound();
      const format = body.response_format as { type?: string; json_schema?: { schema?: unknown } } | undefined;
      if (format?.type === 'json_schema' && typeof format.json_schema?.schema !== 'object') return fixture('ollama', 'error-missing-schema');
      return undefined;
    },
  },
  // vLLM decodes response_format json_schema by guided decoding; a token limit past the context is refused.
  vllm: {
    folder: 'vllm',
    reply: 'chat-completion',
    validate: ({ path, body }) => {
      if (path !== CHAT_PATH) return notFound();
      const limit = (body.max_completion_tokens ?? body.max_tokens) as number | undefined;
      if (limit !== undefined && limit > 32768 - 226) {
        const error = fixture('vllm', 'error-context-length');
        error.body.error.message = error.body.error.message.replaceAll('100000', String(limit));
        return error;
      }
      return undefined;
    },
  },
  // An LM Studio engine without structured output: json_schema refused, with the error as a bare string.
  lmstudio: {
    folder: 'lmstudio',
    reply: 'chat-completion',
    validate: ({ path, body }) => {
      if (path !== CHAT_PATH) return notFound();
      return (body.response_format as { type?: string } | undefined)?.type === 'json_schema' ? fixture('lmstudio', 'error-json-schema-unsupported') : undefined;
    },
  },
  // A llama-server build whose response_format takes text or json_object only (constraints go in `grammar`).
  llamacpp: {
    folder: 'llamacpp',
    reply: 'chat-completion',
    validate: ({ path, body }) => {
      if (path !== CHAT_PATH) return notFound();
      const type = (body.response_format as { type?: string } | undefined)?.type;
      return type !== undefined && type !== 'text' && type !== 'json_object' ? fixture('llamacpp', 'error-json-schema-unsupported') : undefined;
    },
  },
};

/**
 * Starts a replay server for `provider` on 127.0.0.1. A request the provider would refuse gets its recorded
 * error; any other gets the recorded reply with `answer`'s content (or refusal, for the structured-output
 * refusal fixture) in choices[0].message.
 */
export async function startApiReplay(provider: Provider, answer: (request: SimulatedChatRequest) => SimulatedReply): Promise<ApiReplay> {
  const profile = PROVIDERS[provider];
  const requests: ReplayedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      const seen = { path: url.pathname, query: Object.fromEntries(url.searchParams), keyed: req.headers['api-key'] !== undefined || req.headers.authorization !== undefined, body };
      const recorded = profile.validate(seen) ?? replyTo(profile.folder, profile.reply, body, answer(chatView(body)));
      requests.push({ ...seen, status: recorded.status });
      res.writeHead(recorded.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(recorded.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseURL: provider === 'azure' ? `${origin}/openai/deployments/${AZURE_DEPLOYMENT}?api-version=${AZURE_API_VERSION}` : `${origin}/v1`,
    origin,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function replyTo(folder: string, name: string, body: Record<string, unknown>, reply: SimulatedReply): Recorded {
  if ('refusal' in reply) {
    const refusal = fixture('openai', 'structured-refusal');
    refusal.choices[0].message.refusal = reply.refusal;
    return { status: 200, body: refusal };
  }
  if (!('content' in reply)) throw new Error(`the replay server answers with content or a refusal, not ${JSON.stringify(reply)}`);
  const recorded = fixture(folder, name);
  recorded.choices[0].message.content = reply.content;
  if (reply.finishReason) recorded.choices[0].finish_reason = reply.finishReason;
  // Ollama, LM Studio and llama.cpp name the model as asked; OpenAI, Azure and vLLM name the snapshot served.
  if (folder === 'ollama' || folder === 'lmstudio') recorded.model = String(body.model ?? recorded.model);
  return { status: 200, body: recorded };
}
