// The wire: the openai SDK client for one endpoint, reading its replies, and what a failed attempt means.
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import type { CachedCompletion } from './cache.js';
import { authHeaders, endpointOf } from './endpoint.js';
import { retryAfterMs } from './throttle.js';

/** Why one attempt failed, and whether another attempt may succeed. */
export interface Failure {
  retryable: boolean;
  /** Connection refused or name not resolved: reported as 'unreachable' once retries run out. */
  unreachable: boolean;
  description: string;
  retryAfterMs?: number;
  /** For a failure that is not transient: whether the configuration is at fault (default) or the endpoint. */
  fatal?: 'configuration' | 'failing';
}

/** How the client reaches the endpoint. */
export interface TransportOptions {
  /** The checked base URL (endpoint.ts). */
  baseURL: URL;
  /** Sent as the endpoint wants it; empty sends no key at all. */
  apiKey: string;
  timeoutMs: number;
  /** The fetch the SDK uses (default the global fetch). */
  fetch?: typeof fetch;
}

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** An SDK client that makes exactly one HTTP request per call (retries are ours) and follows no redirect. */
export function createClient({ baseURL, apiKey, timeoutMs, fetch }: TransportOptions): OpenAI {
  return new OpenAI({
    baseURL: endpointOf(baseURL),
    // The SDK insists on a key; an endpoint without one gets no Authorization header at all (authHeaders).
    apiKey: apiKey || 'none',
    maxRetries: 0,
    timeout: timeoutMs,
    logLevel: 'off',
    defaultHeaders: authHeaders(baseURL, apiKey),
    // A query on the base URL (Azure's ?api-version=...) goes on every request; it stays out of messages and keys.
    ...(baseURL.search ? { defaultQuery: Object.fromEntries(baseURL.searchParams) } : {}),
    // A redirect could carry the key to another origin: the key goes only to the endpoint it was given for, so
    // any redirect is refused (it fails the request at once, and the check says why it could not finish).
    fetch: noRedirects(fetch ?? globalThis.fetch),
  });
}

function noRedirects(send: typeof fetch): typeof fetch {
  return async (input, init) => {
    const response = await send(input, { ...init, redirect: 'manual' });
    if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
      throw new RedirectRefused(response.status, response.headers.get('location'));
    }
    return response;
  };
}

/** The endpoint answered with a redirect, which is never followed (the key stays with the endpoint it was given for). */
export class RedirectRefused extends Error {
  constructor(status: number, location: string | null) {
    // Where it points, without its query: a query may carry tokens.
    let target = 'another address';
    try {
      if (location) {
        const url = new URL(location);
        target = `${url.origin}${url.pathname}`;
      }
    } catch {
      // A relative or malformed Location: say only that there was one.
    }
    super(
      `the endpoint answered HTTP ${status}, redirecting to ${target}; redirects are not followed, so the API key goes only to the endpoint it was given for: give --base-url (or evenhand.checks.baseUrl) the final address`,
    );
  }
}

/** The refused redirect in an error's cause chain (the SDK wraps what fetch throws). */
function refusedRedirect(error: unknown): RedirectRefused | undefined {
  for (let e = error, depth = 0; e !== undefined && e !== null && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof RedirectRefused) return e;
  }
  return undefined;
}

/** Whether the SDK gave up waiting for the reply (the attempt's own timer is checked separately). */
export function isTimeout(error: unknown): boolean {
  return error instanceof APIConnectionTimeoutError;
}

/** The failure an SDK or network error stands for. */
export function classify(error: unknown, now = Date.now()): Failure {
  const redirect = refusedRedirect(error);
  if (redirect) return { retryable: false, unreachable: false, description: redirect.message, fatal: 'failing' };
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
      retryAfterMs: status === 429 || status === 503 ? retryAfterMs(error.headers ?? undefined, now) : undefined,
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

/** The request parameters a chat completion can do without when an endpoint or model refuses them. */
export const OPTIONAL_PARAMETERS = ['temperature', 'max_tokens', 'max_completion_tokens', 'response_format'] as const;
export type OptionalParameter = (typeof OPTIONAL_PARAMETERS)[number];

/** Codes (OpenAI, Azure) and wordings (vLLM, LM Studio, llama.cpp, Ollama) of "this endpoint takes no such parameter". */
const UNSUPPORTED_CODES = new Set(['unsupported_parameter', 'unsupported_value', 'unknown_parameter']);
const UNSUPPORTED_WORDING = /unsupported|not supported|unknown (?:parameter|field|argument)|unrecognized|not permitted|not allowed|extra (?:inputs|fields)|must be one of|only the default/i;

/**
 * The optional parameter, among those `sent`, that a 400 says this endpoint or model does not take; undefined for
 * any other 400 (a value out of range, a prompt too long), which no retry without a parameter would cure.
 * OpenAI and Azure name it in `param`; other servers only in the message, where a mention of json_schema means
 * response_format.
 */
export function rejectedParameter(error: unknown, sent: readonly OptionalParameter[]): OptionalParameter | undefined {
  if (!(error instanceof APIError) || error.status !== 400) return undefined;
  const text = `${error.message} ${typeof error.error === 'string' ? '' : JSON.stringify(error.error ?? '')}`;
  const code = typeof error.code === 'string' ? error.code : '';
  if (!UNSUPPORTED_CODES.has(code) && !UNSUPPORTED_WORDING.test(text)) return undefined;
  const named = typeof error.param === 'string' ? /^[A-Za-z_]+/.exec(error.param)?.[0] : undefined;
  if (named !== undefined) return sent.find((parameter) => parameter === named);
  let first: { parameter: OptionalParameter; at: number } | undefined;
  for (const parameter of sent) {
    const pattern = parameter === 'response_format' ? /\bresponse_format\b|\bjson_schema\b/ : new RegExp(`\\b${parameter}\\b`);
    const at = text.search(pattern);
    if (at >= 0 && (first === undefined || at < first.at)) first = { parameter, at };
  }
  return first?.parameter;
}

/** A 2xx reply whose body is not the chat completion or embeddings JSON it should be. */
export class MalformedReply extends Error {}

/** A chat completion reply body as the cache keeps it; throws MalformedReply when it is not one. */
export function readCompletion(text: string): CachedCompletion {
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

/** The vectors of an embeddings reply body, in input order; throws MalformedReply unless there is one per text. */
export function readEmbeddings(text: string, expected: number): { vectors: number[][]; promptTokens: number } {
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
