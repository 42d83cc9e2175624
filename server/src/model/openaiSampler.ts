// The Sampler over any OpenAI-compatible endpoint (OpenAI, Azure OpenAI, Ollama, vLLM, LM Studio, llama.cpp).
import { setMaxListeners } from 'node:events';
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import type { AnswerSchema, ChatMessage, SampleOutcome, SampleRequest, Sampler, SamplerStats } from '../core/checks/types.js';
import { SamplerError } from '../core/checks/types.js';
import { jsonOnlyInstruction, outcomeOf, wireSchema } from './answers.js';
import type { AnswerMode, CachedCompletion } from './cache.js';
import { DiskCache, completionCacheKey, embeddingCacheKey } from './cache.js';
import { Semaphore, WaitCancelled, backoffMs, retryAfterMs, sleep } from './throttle.js';

/** Prices per 1,000 tokens, in whatever currency the caller reports. */
export interface PriceTable {
  promptPer1k: number;
  completionPer1k: number;
}

/** How to reach the model and how hard to try. Only baseURL and model are required. */
export interface OpenAISamplerOptions {
  /**
   * The endpoint's base URL including its version path, e.g. `http://127.0.0.1:11434/v1`; a query (Azure's
   * `?api-version=...`) is sent with every request. Never guessed.
   */
  baseURL: string;
  /** Defaults to OPENAI_API_KEY; endpoints that need none (Ollama, llama.cpp) may have neither. */
  apiKey?: string;
  model: string;
  /** Sampling temperature (default 0.7, as in the motivated-reasoning study). */
  temperature?: number;
  /** Sent as max_tokens when set. */
  maxTokens?: number;
  /** Per attempt, from sending the request to reading the whole reply (default 120 s). */
  timeoutMs?: number;
  /** Requests in flight at once (default 4). */
  concurrency?: number;
  /** Hard budget of HTTP requests, retries included (default 300). */
  maxRequests?: number;
  /** Retries of a transient failure before giving up (default 4). */
  retries?: number;
  /** First backoff wait; it doubles per retry, with jitter (default 500 ms). */
  retryBaseMs?: number;
  /** The longest backoff wait (default 30 s). */
  retryCapMs?: number;
  /** A Retry-After longer than this fails at once instead of stalling the check (default 120 s). */
  maxRetryAfterMs?: number;
  /** Model for /embeddings; without it `embed` fails with a configuration error. */
  embeddingModel?: string;
  /** Folder of the reply cache; undefined means no cache (`--no-cache`). */
  cacheDir?: string;
  priceTable?: PriceTable;
  /** Source of backoff jitter (default Math.random). */
  random?: () => number;
  /** The fetch the SDK uses (default the global fetch): for a proxy agent, or to observe requests in tests. */
  fetch?: typeof fetch;
}

/** The Sampler counters plus what this client knows beyond them. */
export interface OpenAISamplerStats extends SamplerStats {
  /** Attempts that were transient failures and were retried. */
  retries: number;
  /** Cache entries that could not be written (the sample itself still counts). */
  cacheWriteErrors: number;
  /** How structured answers are requested now: json_schema until the endpoint rejects response_format. */
  answerMode: 'json_schema' | 'json_instruction';
  /** promptTokens and completionTokens priced by the price table, when one is given. */
  estimatedCost?: number;
}

/** A Sampler bound to one endpoint and model; close() cancels whatever is still waiting or in flight. */
export interface OpenAISampler extends Sampler {
  readonly stats: OpenAISamplerStats;
  close(): void;
}

/** Why one attempt failed, and whether another attempt may succeed. */
interface Failure {
  retryable: boolean;
  /** Connection refused or name not resolved: reported as 'unreachable' once retries run out. */
  unreachable: boolean;
  description: string;
  retryAfterMs?: number;
  /** For a failure that is not transient: whether the configuration is at fault (default) or the endpoint. */
  fatal?: 'configuration' | 'failing';
}

class AttemptFailed extends Error {
  constructor(
    readonly failure: Failure,
    cause?: unknown,
  ) {
    super(failure.description, { cause });
  }
}

/** The endpoint refused response_format: switch to the JSON-only instruction and ask again. */
class ResponseFormatRejected extends Error {}

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const EMBEDDING_BATCH = 64;

/** Creates a Sampler over an OpenAI-compatible endpoint; throws SamplerError 'configuration' on bad options. */
export function createOpenAISampler(options: OpenAISamplerOptions): OpenAISampler {
  const baseURL = parseBaseURL(options.baseURL);
  if (!options.model?.trim()) throw new SamplerError('No model is configured: pass a model name.', 'configuration');
  const apiKey = options.apiKey ?? process.env.OPENAI_API_KEY ?? '';
  const temperature = options.temperature ?? 0.7;
  const timeoutMs = positive(options.timeoutMs ?? 120_000, 'timeoutMs');
  const maxRequests = nonNegativeInteger(options.maxRequests ?? 300, 'maxRequests');
  const retries = nonNegativeInteger(options.retries ?? 4, 'retries');
  const retryBaseMs = options.retryBaseMs ?? 500;
  const retryCapMs = options.retryCapMs ?? 30_000;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 120_000;
  const random = options.random ?? Math.random;
  const concurrency = options.concurrency ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new SamplerError(`concurrency must be a positive whole number, not ${concurrency}`, 'configuration');
  }
  const slots = new Semaphore(concurrency);
  const cache = options.cacheDir === undefined ? undefined : new DiskCache(options.cacheDir);
  const closing = new AbortController();
  // Every waiting or running call listens to close(); a check may have hundreds queued.
  setMaxListeners(0, closing.signal);
  const endpoint = `${baseURL.origin}${baseURL.pathname.replace(/\/+$/, '')}`;

  const client = new OpenAI({
    baseURL: endpoint,
    // The SDK insists on a key; an endpoint without one gets no Authorization header at all (below).
    apiKey: apiKey || 'none',
    maxRetries: 0,
    timeout: timeoutMs,
    logLevel: 'off',
    defaultHeaders: authHeaders(baseURL, apiKey),
    // A query on the base URL (Azure's ?api-version=...) goes on every request; it stays out of messages and keys.
    ...(baseURL.search ? { defaultQuery: Object.fromEntries(baseURL.searchParams) } : {}),
    // A redirect could carry the key to another origin: the key goes only to the endpoint it was given for, so
    // any redirect is refused (it fails the request, and the check says it could not finish).
    fetch: noRedirects(options.fetch ?? globalThis.fetch),
  });

  const counters = {
    requests: 0,
    cached: 0,
    invalid: 0,
    promptTokens: 0,
    completionTokens: 0,
    retries: 0,
    cacheWriteErrors: 0,
    answerMode: 'json_schema' as OpenAISamplerStats['answerMode'],
  };
  const stats: OpenAISamplerStats = Object.defineProperties(counters, {
    estimatedCost: {
      enumerable: options.priceTable !== undefined,
      get: () =>
        options.priceTable === undefined
          ? undefined
          : (counters.promptTokens / 1000) * options.priceTable.promptPer1k +
            (counters.completionTokens / 1000) * options.priceTable.completionPer1k,
    },
  });
  /** Set from a Retry-After: no attempt starts before this time, so one rate limit pauses every worker. */
  let notBefore = 0;

  const redact = (text: string): string => (apiKey.length >= 4 ? text.split(apiKey).join('[redacted]') : text);

  /**
   * One HTTP attempt under the concurrency limit and the budget, with its own timeout. `scope` aborts when the
   * caller cancels or the sampler closes.
   */
  async function attempt<R>(send: (signal: AbortSignal) => Promise<R>, scope: AbortSignal): Promise<R> {
    const release = await slots.acquire(scope);
    try {
      // A rate limit pauses every worker: the wait is taken holding the slot, so queued samples wait behind it.
      for (let wait = notBefore - Date.now(); wait > 0; wait = notBefore - Date.now()) await sleep(wait, scope);
      // The slot may have been granted just as the caller cancelled: an aborted signal fires no more events, so
      // look before sending anything.
      if (scope.aborted) throw new WaitCancelled();
      if (counters.requests >= maxRequests) {
        throw new SamplerError(
          `The request budget is spent: ${maxRequests} request${maxRequests === 1 ? '' : 's'} to ${endpoint} already made (raise --max-requests to allow more).`,
          'budget',
        );
      }
      counters.requests++;
      const controller = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, timeoutMs);
      const cancel = (): void => controller.abort();
      scope.addEventListener('abort', cancel, { once: true });
      try {
        return await send(controller.signal);
      } catch (error) {
        if (scope.aborted) throw new WaitCancelled();
        const failure =
          timedOut || error instanceof APIConnectionTimeoutError
            ? { retryable: true, unreachable: false, description: `no reply within ${timeoutMs} ms` }
            : classify(error);
        if (failure.retryAfterMs !== undefined && failure.retryAfterMs <= maxRetryAfterMs) {
          // Set before the slot is released, so no queued attempt slips out ahead of the pause. The jitter keeps
          // the paused workers from returning in step.
          notBefore = Math.max(notBefore, Date.now() + failure.retryAfterMs + 50 * random());
        }
        throw new AttemptFailed(failure, error);
      } finally {
        clearTimeout(timer);
        scope.removeEventListener('abort', cancel);
      }
    } finally {
      release();
    }
  }

  /**
   * Attempts `send` until it succeeds, a failure is not transient, or the retries run out. `inspect` sees each
   * failed attempt's error first and may throw to end the attempts its own way.
   */
  async function withRetries<R>(
    what: string,
    send: (signal: AbortSignal) => Promise<R>,
    scope: AbortSignal,
    inspect?: (error: unknown) => void,
  ): Promise<R> {
    try {
      for (let failures = 0; ; failures++) {
        let failure: Failure;
        try {
          return await attempt(send, scope);
        } catch (error) {
          if (!(error instanceof AttemptFailed)) throw error;
          failure = error.failure;
          inspect?.(error.cause);
        }
        if (!failure.retryable) {
          throw new SamplerError(redact(`${what} failed: ${failure.description}.`), failure.fatal ?? 'configuration');
        }
        if (failures >= retries) {
          const tries = `${failures + 1} attempt${failures === 0 ? '' : 's'}`;
          throw failure.unreachable
            ? new SamplerError(redact(`Cannot reach ${endpoint}: ${failure.description} (${tries}).`), 'unreachable')
            : new SamplerError(redact(`${what} kept failing: ${failure.description} (${tries}).`), 'failing');
        }
        if (failure.retryAfterMs !== undefined && failure.retryAfterMs > maxRetryAfterMs) {
          throw new SamplerError(
            redact(`${what} failed: ${failure.description}, and the endpoint asks to wait ${Math.ceil(failure.retryAfterMs / 1000)} s before retrying.`),
            'failing',
          );
        }
        counters.retries++;
        // With a Retry-After the pause is already set (in attempt); without one, back off.
        if (failure.retryAfterMs === undefined) await sleep(backoffMs(failures, retryBaseMs, retryCapMs, random), scope);
      }
    } catch (error) {
      if (error instanceof WaitCancelled) throw new SamplerError('The check was cancelled.', 'cancelled');
      throw error;
    }
  }

  /** One signal for everything a call does: the caller's signal, if any, joined with close(). */
  function scopeOf(signal: AbortSignal | undefined): AbortSignal {
    if (signal?.aborted || closing.signal.aborted) throw new SamplerError('The check was cancelled.', 'cancelled');
    if (!signal) return closing.signal;
    const scope = AbortSignal.any([signal, closing.signal]);
    // A call's waits and attempts each listen to its scope; the count is bounded, not a leak.
    setMaxListeners(0, scope);
    return scope;
  }

  /** Fetches one completion in `mode`, reading the reply body under the attempt's timeout. */
  function sendCompletion(messages: ChatMessage[], mode: AnswerMode, schema: AnswerSchema<unknown> | undefined) {
    const body = {
      model: options.model,
      messages,
      temperature,
      ...(options.maxTokens === undefined ? {} : { max_tokens: options.maxTokens }),
      ...(mode === 'json_schema' && schema
        ? {
            response_format: {
              type: 'json_schema' as const,
              json_schema: { name: schemaName(schema.name), schema: wireSchema(schema.jsonSchema), strict: true },
            },
          }
        : {}),
    };
    return async (signal: AbortSignal): Promise<CachedCompletion> => {
      const response = await client.chat.completions.create(body, { signal }).asResponse();
      return readCompletion(await response.text());
    };
  }

  async function completion<T>(
    request: SampleRequest<T>,
    attemptIndex: number,
    scope: AbortSignal,
  ): Promise<{ completion: CachedCompletion; fromCache: boolean }> {
    const schema = request.schema as AnswerSchema<unknown> | undefined;
    const messagesFor = (mode: AnswerMode): ChatMessage[] =>
      mode === 'json_instruction' && schema
        ? [...request.messages, { role: 'system', content: jsonOnlyInstruction(wireSchema(schema.jsonSchema)) }]
        : request.messages;
    const keyFor = (mode: AnswerMode): string =>
      completionCacheKey({
        endpoint: `${endpoint}/chat/completions`,
        model: options.model,
        temperature,
        maxTokens: options.maxTokens,
        mode,
        messages: messagesFor(mode),
        schema: schema?.jsonSchema,
        sampleIndex: request.sampleIndex,
        attempt: attemptIndex,
      });
    // A structured answer cached in either mode serves a re-run: otherwise an endpoint that rejects
    // response_format would cost one rejected request per sample on every re-run.
    const lookups: AnswerMode[] = !schema ? ['text'] : counters.answerMode === 'json_schema' ? ['json_schema', 'json_instruction'] : ['json_instruction'];
    if (cache) {
      for (const mode of lookups) {
        const hit = await cache.get(keyFor(mode));
        if (hit?.kind === 'completion') return { completion: hit, fromCache: true };
      }
    }
    if (request.beforeSend) {
      try {
        await request.beforeSend();
      } catch {
        throw new SamplerError('The check was cancelled.', 'cancelled');
      }
      if (scope.aborted) throw new SamplerError('The check was cancelled.', 'cancelled');
    }
    for (;;) {
      const mode: AnswerMode = !schema ? 'text' : counters.answerMode;
      const inspect = (error: unknown): void => {
        if (mode === 'json_schema' && rejectsResponseFormat(error)) throw new ResponseFormatRejected();
      };
      let reply: CachedCompletion;
      try {
        reply = await withRetries('The chat completion request', sendCompletion(messagesFor(mode), mode, schema), scope, inspect);
      } catch (error) {
        if (error instanceof ResponseFormatRejected) {
          counters.answerMode = 'json_instruction';
          continue;
        }
        throw error;
      }
      counters.promptTokens += reply.promptTokens;
      counters.completionTokens += reply.completionTokens;
      if (cache) {
        await cache.put(keyFor(mode), reply).catch(() => {
          counters.cacheWriteErrors++;
        });
      }
      return { completion: reply, fromCache: false };
    }
  }

  const sampler: OpenAISampler = {
    stats,
    concurrency,

    async sample<T>(request: SampleRequest<T>, signal?: AbortSignal): Promise<SampleOutcome<T>> {
      const scope = scopeOf(signal);
      let allCached = true;
      let outcome: SampleOutcome<T> | undefined;
      // An invalid answer gets one fresh draw (its own cache key), then counts as invalid: never guessed.
      for (let attemptIndex = 0; attemptIndex < 2; attemptIndex++) {
        const { completion: reply, fromCache } = await completion(request, attemptIndex, scope);
        allCached &&= fromCache;
        outcome = outcomeOf(reply, request.schema);
        if (outcome.kind !== 'invalid') break;
      }
      if (allCached) counters.cached++;
      if (outcome!.kind === 'invalid') counters.invalid++;
      return outcome!;
    },

    async embed(texts: string[], signal?: AbortSignal): Promise<number[][]> {
      const model = options.embeddingModel;
      if (!model) throw new SamplerError('No embedding model is configured: pass --embedding-model.', 'configuration');
      const scope = scopeOf(signal);
      const keyOf = (text: string): string => embeddingCacheKey({ endpoint: `${endpoint}/embeddings`, model, text });
      const vectors: (number[] | undefined)[] = await Promise.all(
        texts.map(async (text) => {
          const hit = await cache?.get(keyOf(text));
          return hit?.kind === 'embedding' ? hit.vector : undefined;
        }),
      );
      const missing = texts.flatMap((_, i) => (vectors[i] === undefined ? [i] : []));
      const batches: number[][] = [];
      for (let i = 0; i < missing.length; i += EMBEDDING_BATCH) batches.push(missing.slice(i, i + EMBEDDING_BATCH));
      await Promise.all(
        batches.map(async (batch) => {
          const input = batch.map((i) => texts[i]);
          const reply = await withRetries(
            'The embeddings request',
            async (attemptSignal) => {
              const response = await client.embeddings
                .create({ model, input, encoding_format: 'float' }, { signal: attemptSignal })
                .asResponse();
              return readEmbeddings(await response.text(), input.length);
            },
            scope,
          );
          counters.promptTokens += reply.promptTokens;
          for (const [j, i] of batch.entries()) {
            vectors[i] = reply.vectors[j];
            if (cache) {
              await cache.put(keyOf(texts[i]), { kind: 'embedding', vector: reply.vectors[j] }).catch(() => {
                counters.cacheWriteErrors++;
              });
            }
          }
        }),
      );
      return vectors as number[][];
    },

    close(): void {
      closing.abort();
    },
  };
  return sampler;
}

/** The failure an SDK or network error stands for. */
function classify(error: unknown): Failure {
  if (error instanceof APIConnectionError) {
    const code = networkCode(error);
    const unreachable = code !== undefined && UNREACHABLE_CODES.has(code);
    const description = unreachable
      ? code === 'ECONNREFUSED'
        ? 'connection refused'
        : `host not found (${code})`
      : `connection lost${code ? ` (${code})` : ''}`;
    return { retryable: true, unreachable, description };
  }
  if (error instanceof APIError && typeof error.status === 'number') {
    const status = error.status;
    const detail = errorDetail(error);
    const description = `HTTP ${status}${detail ? `: ${detail}` : ''}`;
    const retryable = status === 408 || status === 409 || status === 429 || status >= 500;
    return {
      retryable,
      unreachable: false,
      description:
        status === 401 || status === 403
          ? `${description} (check the API key)`
          : status === 404
            ? `${description} (check the base URL and the model name)`
            : description,
      retryAfterMs: status === 429 || status === 503 ? retryAfterMs(error.headers ?? undefined) : undefined,
    };
  }
  if (error instanceof MalformedReply) return { retryable: true, unreachable: false, description: error.message };
  // Reading the body can fail after the headers arrived (a dropped connection mid-reply): transient too.
  if (error instanceof TypeError || (error instanceof Error && 'code' in error)) {
    return { retryable: true, unreachable: false, description: `connection lost (${error.message})` };
  }
  return { retryable: false, unreachable: false, description: error instanceof Error ? error.message : String(error), fatal: 'failing' };
}

/** The first network error code in an error's cause chain (undici nests them, AggregateError lists them). */
function networkCode(error: unknown, depth = 0): string | undefined {
  if (depth > 5 || typeof error !== 'object' || error === null) return undefined;
  const record = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof record.code === 'string' && /^E[A-Z_]+$/.test(record.code)) return record.code;
  if (Array.isArray(record.errors)) {
    for (const inner of record.errors) {
      const code = networkCode(inner, depth + 1);
      if (code) return code;
    }
  }
  return networkCode(record.cause, depth + 1);
}

function errorDetail(error: APIError): string {
  const body = error.error as { message?: unknown } | undefined;
  const message = typeof body?.message === 'string' ? body.message : error.message.replace(/^\d{3}\s*/, '');
  const line = message.replace(/\s+/g, ' ').trim();
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}

/** A 400 that says response_format (or json_schema) is not supported by this endpoint or model. */
function rejectsResponseFormat(error: unknown): boolean {
  if (!(error instanceof APIError) || error.status !== 400) return false;
  const text = `${error.message} ${error.param ?? ''} ${JSON.stringify(error.error ?? '')}`;
  return /response_format|json_schema|unsupported|not supported/i.test(text);
}

/** A 2xx reply whose body is not the chat completion or embeddings JSON it should be. */
class MalformedReply extends Error {}

function readCompletion(text: string): CachedCompletion {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new MalformedReply('the reply body is not valid JSON');
  }
  const choice = (body as { choices?: { message?: { content?: unknown; refusal?: unknown }; finish_reason?: unknown }[] })?.choices?.[0];
  if (!choice || typeof choice.message !== 'object' || choice.message === null) {
    throw new MalformedReply('the reply has no choices[0].message');
  }
  const { content, refusal } = choice.message;
  const usage = (body as { usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } }).usage;
  return {
    kind: 'completion',
    content: typeof content === 'string' ? content : null,
    refusal: typeof refusal === 'string' ? refusal : null,
    finishReason: typeof choice.finish_reason === 'string' ? choice.finish_reason : null,
    promptTokens: count(usage?.prompt_tokens),
    completionTokens: count(usage?.completion_tokens),
  };
}

function readEmbeddings(text: string, expected: number): { vectors: number[][]; promptTokens: number } {
  let body: { data?: { index?: unknown; embedding?: unknown }[]; usage?: { prompt_tokens?: unknown } };
  try {
    body = JSON.parse(text);
  } catch {
    throw new MalformedReply('the embeddings reply body is not valid JSON');
  }
  const vectors: number[][] = [];
  for (const [position, item] of (body?.data ?? []).entries()) {
    const index = typeof item.index === 'number' ? item.index : position;
    if (!Array.isArray(item.embedding) || !item.embedding.every((x) => typeof x === 'number')) {
      throw new MalformedReply('the embeddings reply holds a vector that is not a list of numbers');
    }
    vectors[index] = item.embedding as number[];
  }
  if (vectors.length !== expected || vectors.some((v) => v === undefined)) {
    throw new MalformedReply(`the embeddings reply has ${vectors.length} vectors for ${expected} texts`);
  }
  return { vectors, promptTokens: count(body.usage?.prompt_tokens) };
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0;
}

/** response_format names allow letters, digits, underscores and dashes, up to 64 characters. */
function schemaName(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64) || 'answer';
}

function parseBaseURL(value: string | undefined): URL {
  if (!value?.trim()) {
    throw new SamplerError('No endpoint is configured: pass a base URL (nothing is sent anywhere without one).', 'configuration');
  }
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new SamplerError(`The base URL is not a URL: ${value}`, 'configuration');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new SamplerError(`The base URL must use http or https: ${url.origin}`, 'configuration');
  }
  if (url.username || url.password) {
    throw new SamplerError('The base URL must not carry credentials; pass the API key instead.', 'configuration');
  }
  return url;
}

/**
 * Azure OpenAI takes a key in an `api-key` header; everything else takes a bearer token. With no key, no
 * Authorization header is sent at all (local servers need none).
 */
function noRedirects(send: typeof fetch): typeof fetch {
  return (input, init) => send(input, { ...init, redirect: 'error' });
}

function authHeaders(url: URL, apiKey: string): Record<string, string | null> {
  if (!apiKey) return { Authorization: null };
  if (/\.(openai\.azure\.com|cognitiveservices\.azure\.com|services\.ai\.azure\.com)$/i.test(url.hostname)) {
    return { Authorization: null, 'api-key': apiKey };
  }
  return {};
}

function positive(value: number, name: string): number {
  if (!(value > 0) || !Number.isFinite(value)) throw new SamplerError(`${name} must be a positive number, not ${value}`, 'configuration');
  return value;
}

function nonNegativeInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 0) throw new SamplerError(`${name} must be a whole number, not ${value}`, 'configuration');
  return value;
}
