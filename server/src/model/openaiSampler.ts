// The Sampler over any OpenAI-compatible endpoint (OpenAI, Azure OpenAI, Ollama, vLLM, LM Studio, llama.cpp).
// It wires the parts together: the endpoint (endpoint.ts), the wire (transport.ts), the request gate with its
// budget and retries (retry.ts) and the reply cache (cache.ts).
import { setMaxListeners } from 'node:events';
import type { AnswerSchema, ChatMessage, SampleOutcome, SampleRequest, Sampler, SamplerStats } from '../core/checks/types.js';
import { SamplerError } from '../core/checks/types.js';
import { jsonOnlyInstruction, outcomeOf, wireSchema } from './answers.js';
import type { AnswerMode, CachedCompletion, CompletionKeyParts } from './cache.js';
import { ReplyCache, completionCacheKey, embeddingCacheKey } from './cache.js';
import { endpointOf, parseBaseURL } from './endpoint.js';
import { RequestGate, cancelledError, type SharedRequestBudget } from './retry.js';
import { SYSTEM_CLOCK, type Clock } from './throttle.js';
import { OPTIONAL_PARAMETERS, createClient, readCompletion, readEmbeddings, rejectedParameter, type OptionalParameter } from './transport.js';

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
  /**
   * The key sent with every request; absent or empty sends none (Ollama and llama.cpp need none). The sampler
   * never reads the environment: which key may go to this endpoint is the caller's decision (keyPolicy.ts).
   */
  apiKey?: string;
  model: string;
  /** Sampling temperature (default 0.7, as in the motivated-reasoning study). */
  temperature?: number;
  /** Sent as max_tokens when set (as max_completion_tokens once the endpoint rejects max_tokens). */
  maxTokens?: number;
  /** Per attempt, from sending the request to reading the whole reply (default 60 s). */
  timeoutMs?: number;
  /**
   * How long one request may take, its attempts and the waits between them together, counted from its first
   * attempt (default 3 minutes, about as long as a person waits for a check, or timeoutMs when that is longer, so
   * that a timeout set for a slow model gets one whole attempt): past it the request fails with
   * SamplerError 'failing', saying so. It also bounds how long another sampler waits on this one's cache lease.
   */
  patienceMs?: number;
  /** Requests in flight at once (default 4). */
  concurrency?: number;
  /**
   * Hard budget of requests that got a reply body, even one that is not a valid answer (default 300). Failed
   * attempts (HTTP errors, timeouts, dropped connections, unreadable bodies) do not spend it; maxAttempts caps them.
   */
  maxRequests?: number;
  /**
   * Hard cap on requests sent, answered or failed (default 2 x maxRequests, and at least maxRequests + retries so
   * that a small budget's last sample may still use its retries): room for a flaky endpoint (at 38% failed
   * attempts, 300 answers take about 480 requests), while one that mostly fails ends the check at a bounded cost
   * instead of retrying every sample to the end.
   */
  maxAttempts?: number;
  /** A budget shared with other checks and processes, asked before every request sent (retries included). */
  sharedBudget?: SharedRequestBudget;
  /** Retries of a transient failure before giving up (default 4). */
  retries?: number;
  /** The shortest backoff wait, whatever Retry-After says; the range above it doubles per retry (default 500 ms). */
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
  /** The clock Retry-After pauses and backoff waits run on (default the system's; tests pass their own). */
  clock?: Clock;
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

/** The endpoint refused a parameter it does not take: leave it out (or rename it) and ask again. */
class ParameterRejected extends Error {
  constructor(readonly parameter: OptionalParameter) {
    super(`the endpoint rejected ${parameter}`);
  }
}

/**
 * How requests are worded for this endpoint, learnt from the parameters it rejected. It only ever moves away from
 * the default, so each rejection is retried once and the sampler never goes back to what was refused.
 */
interface WireParameters {
  temperature: 'sent' | 'omitted';
  tokenLimit: 'max_tokens' | 'max_completion_tokens' | 'omitted';
}

const EMBEDDING_BATCH = 64;

/** Creates a Sampler over an OpenAI-compatible endpoint; throws SamplerError 'configuration' on bad options. */
export function createOpenAISampler(options: OpenAISamplerOptions): OpenAISampler {
  const baseURL = parseBaseURL(options.baseURL);
  if (!options.model?.trim()) throw new SamplerError('No model is configured: pass a model name.', 'configuration');
  const apiKey = options.apiKey ?? '';
  const temperature = options.temperature ?? 0.7;
  const timeoutMs = positive(options.timeoutMs ?? 60_000, 'timeoutMs');
  const patienceMs = positive(options.patienceMs ?? Math.max(180_000, timeoutMs), 'patienceMs');
  const maxRequests = nonNegativeInteger(options.maxRequests ?? 300, 'maxRequests');
  const retries = nonNegativeInteger(options.retries ?? 4, 'retries');
  const maxAttempts = nonNegativeInteger(options.maxAttempts ?? Math.max(2 * maxRequests, maxRequests + retries), 'maxAttempts');
  const concurrency = options.concurrency ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new SamplerError(`concurrency must be a positive whole number, not ${concurrency}`, 'configuration');
  }
  const closing = new AbortController();
  // Every waiting or running call listens to close(); a check may have hundreds queued.
  setMaxListeners(0, closing.signal);
  const endpoint = endpointOf(baseURL);
  const client = createClient({ baseURL, apiKey, timeoutMs, fetch: options.fetch });

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
  const wire: WireParameters = { temperature: 'sent', tokenLimit: 'max_tokens' };
  const notices: string[] = [];
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
  const cache =
    options.cacheDir === undefined
      ? undefined
      : new ReplyCache(options.cacheDir, () => {
          counters.cacheWriteErrors++;
        });
  const redact = (text: string): string => (apiKey.length >= 4 ? text.split(apiKey).join('[redacted]') : text);
  const gate = new RequestGate(
    {
      concurrency,
      maxRequests,
      maxAttempts,
      timeoutMs,
      patienceMs,
      retries,
      retryBaseMs: options.retryBaseMs ?? 500,
      retryCapMs: options.retryCapMs ?? 30_000,
      maxRetryAfterMs: options.maxRetryAfterMs ?? 120_000,
      random: options.random ?? Math.random,
      clock: options.clock ?? SYSTEM_CLOCK,
    },
    endpoint,
    counters,
    redact,
    options.sharedBudget,
  );

  /** One signal for everything a call does: the caller's signal, if any, joined with close(). */
  function scopeOf(signal: AbortSignal | undefined): AbortSignal {
    if (signal?.aborted || closing.signal.aborted) throw cancelledError();
    if (!signal) return closing.signal;
    const scope = AbortSignal.any([signal, closing.signal]);
    // A call's waits and attempts each listen to its scope; the count is bounded, not a leak.
    setMaxListeners(0, scope);
    return scope;
  }

  /** The chat completion body for `messages` in `mode`, worded as `parameters` say. */
  function requestBody(messages: ChatMessage[], mode: AnswerMode, schema: AnswerSchema<unknown> | undefined, parameters: WireParameters) {
    const tokenLimit = options.maxTokens === undefined || parameters.tokenLimit === 'omitted' ? undefined : parameters.tokenLimit;
    return {
      model: options.model,
      messages,
      ...(parameters.temperature === 'sent' ? { temperature } : {}),
      ...(tokenLimit === undefined ? {} : { [tokenLimit]: options.maxTokens }),
      ...(mode === 'json_schema' && schema
        ? {
            response_format: {
              type: 'json_schema' as const,
              json_schema: { name: schemaName(schema.name), schema: wireSchema(schema.jsonSchema), strict: true },
            },
          }
        : {}),
    };
  }

  /** Fetches one completion for `body`, reading the reply body under the attempt's timeout. */
  async function sendCompletion(body: ReturnType<typeof requestBody>, signal: AbortSignal): Promise<CachedCompletion> {
    const response = await client.chat.completions.create(body, { signal }).asResponse();
    return readCompletion(await response.text());
  }

  /**
   * Words requests without `parameter` from now on, and says so once in the notices; nothing when an earlier
   * rejection already did (requests in flight at once may all be refused for the same parameter).
   */
  function adapt(parameter: OptionalParameter): void {
    if (parameter === 'temperature' && wire.temperature === 'sent') {
      wire.temperature = 'omitted';
      notices.push(`The endpoint rejected temperature ${temperature}; it was left out, so the model's default temperature was used.`);
    } else if (parameter === 'max_tokens' && wire.tokenLimit === 'max_tokens') {
      wire.tokenLimit = 'max_completion_tokens';
      notices.push(`The endpoint rejected max_tokens; the limit of ${options.maxTokens} tokens was sent as max_completion_tokens instead.`);
    } else if (parameter === 'max_completion_tokens' && wire.tokenLimit === 'max_completion_tokens') {
      wire.tokenLimit = 'omitted';
      notices.push(`The endpoint rejected max_tokens and max_completion_tokens; no token limit was sent, so the model's default applied.`);
    } else if (parameter === 'response_format' && counters.answerMode === 'json_schema') {
      useJsonInstruction('The endpoint rejected response_format json_schema');
    }
  }

  function useJsonInstruction(why: string): void {
    counters.answerMode = 'json_instruction';
    notices.push(`${why}; structured answers were asked for in a system instruction carrying the schema instead, and read from the reply text.`);
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
    const keyFor = (mode: AnswerMode, parameters: WireParameters): string => {
      const parts: CompletionKeyParts & { wire?: WireParameters } = {
        endpoint: `${endpoint}/chat/completions`,
        model: options.model,
        temperature,
        maxTokens: options.maxTokens,
        mode,
        messages: messagesFor(mode),
        schema: schema?.jsonSchema,
        sampleIndex: request.sampleIndex,
        attempt: attemptIndex,
        // Only a request worded apart from the default carries this part (completionCacheKey hashes every part it
        // is given; a test in model.test.ts pins that), so the keys of every other request stay as they were, and
        // an answer drawn at the model's default temperature never serves one asked at 0.7.
        ...(parameters.temperature === 'sent' && parameters.tokenLimit === 'max_tokens' ? {} : { wire: { ...parameters } }),
      };
      return completionCacheKey(parts);
    };
    // A structured answer cached in either mode serves a re-run: otherwise an endpoint that rejects
    // response_format would cost one rejected request per sample on every re-run.
    const lookups = (): AnswerMode[] =>
      !schema ? ['text'] : counters.answerMode === 'json_schema' ? ['json_schema', 'json_instruction'] : ['json_instruction'];
    const cached = async (): Promise<CachedCompletion | undefined> => {
      if (!cache) return undefined;
      for (const mode of lookups()) {
        const hit = await cache.completion(keyFor(mode, wire));
        if (!hit) continue;
        // The entry proves the endpoint rejected response_format on an earlier run: this run asks the same way.
        if (mode === 'json_instruction' && counters.answerMode === 'json_schema') useJsonInstruction('On an earlier run the endpoint rejected response_format json_schema');
        return hit;
      }
      return undefined;
    };
    const hit = await cached();
    if (hit) return { completion: hit, fromCache: true };
    if (request.beforeSend) {
      try {
        await request.beforeSend();
      } catch {
        throw cancelledError();
      }
      if (scope.aborted) throw cancelledError();
    }
    // Another sampler sharing the cache may be fetching this very sample: wait for its entry rather than pay twice.
    const claim = cache && (await cache.claim(keyFor(lookups()[0], wire), cached, scope, patienceMs));
    if (claim?.entry) return { completion: claim.entry, fromCache: true };
    for (;;) {
      // Each attempt is worded as the sampler knows the endpoint when it leaves (a request queued behind a
      // rejection goes without the rejected parameter), and remembers how, for inspect and the cache key.
      let sent: OptionalParameter[] = [];
      const attempt = async (signal: AbortSignal) => {
        const mode: AnswerMode = !schema ? 'text' : counters.answerMode;
        const parameters = { ...wire };
        const body = requestBody(messagesFor(mode), mode, schema, parameters);
        sent = OPTIONAL_PARAMETERS.filter((parameter) => parameter in body);
        try {
          return { reply: await sendCompletion(body, signal), mode, parameters };
        } catch (error) {
          // Adapted before the attempt gives up its slot, so that the requests queued behind it go without it.
          const parameter = rejectedParameter(error, sent);
          if (parameter !== undefined) adapt(parameter);
          throw error;
        }
      };
      const inspect = (error: unknown): void => {
        const parameter = rejectedParameter(error, sent);
        if (parameter !== undefined) throw new ParameterRejected(parameter);
      };
      let answered: Awaited<ReturnType<typeof attempt>>;
      try {
        answered = await gate.send('The chat completion request', attempt, scope, inspect);
      } catch (error) {
        if (error instanceof ParameterRejected) {
          // Asked again, without the parameter: this rejection changed the wording, or one in flight alongside
          // did. An earlier run may have kept the answer to the request as now worded.
          const hit = await cached();
          if (hit) {
            claim?.release();
            return { completion: hit, fromCache: true };
          }
          continue;
        }
        claim?.release();
        throw error;
      }
      const { reply, mode, parameters } = answered;
      counters.promptTokens += reply.promptTokens;
      counters.completionTokens += reply.completionTokens;
      await cache?.keep(keyFor(mode, parameters), reply);
      claim?.release();
      return { completion: reply, fromCache: false };
    }
  }

  const sampler: OpenAISampler = {
    stats,
    concurrency,
    notices,

    async sample<T>(request: SampleRequest<T>, signal?: AbortSignal): Promise<SampleOutcome<T>> {
      const scope = scopeOf(signal);
      let allCached = true;
      let outcome: SampleOutcome<T> | undefined;
      // A malformed answer gets one fresh draw (its own cache key), then counts as invalid: never guessed. A refusal
      // is the model's answer, not a slip: asking again would let a persona that declines to concede be measured on
      // its second thoughts (a refusing persona's gap fell from 0.43 to 0.17 that way), so it stands.
      for (let attemptIndex = 0; attemptIndex < 2; attemptIndex++) {
        const { completion: reply, fromCache } = await completion(request, attemptIndex, scope);
        allCached &&= fromCache;
        outcome = outcomeOf(reply, request.schema);
        if (outcome.kind !== 'invalid' || outcome.refused) break;
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
      const vectors: (number[] | undefined)[] = await Promise.all(texts.map((text) => cache?.embedding(keyOf(text))));
      const missing = texts.flatMap((_, i) => (vectors[i] === undefined ? [i] : []));
      const batches: number[][] = [];
      for (let i = 0; i < missing.length; i += EMBEDDING_BATCH) batches.push(missing.slice(i, i + EMBEDDING_BATCH));
      await Promise.all(
        batches.map(async (batch) => {
          const input = batch.map((i) => texts[i]);
          const reply = await gate.send(
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
            await cache?.keep(keyOf(texts[i]), { kind: 'embedding', vector: reply.vectors[j] });
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

/** response_format names allow letters, digits, underscores and dashes, up to 64 characters. */
function schemaName(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64) || 'answer';
}

function positive(value: number, name: string): number {
  if (!(value > 0) || !Number.isFinite(value)) throw new SamplerError(`${name} must be a positive number, not ${value}`, 'configuration');
  return value;
}

function nonNegativeInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 0) throw new SamplerError(`${name} must be a whole number, not ${value}`, 'configuration');
  return value;
}
