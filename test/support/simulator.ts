// A local OpenAI-compatible endpoint for tests: chat completions and embeddings on 127.0.0.1, with scripted
// replies, fault injection and a seeded "persona model" whose bias and noise are known.
import { createHash } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { JSON_INSTRUCTION_LEAD } from '../../server/out/model/answers.js';

/** A chat completion request as the behaviour sees it. */
export interface SimulatedChatRequest {
  model: string;
  messages: { role: string; content: string }[];
  temperature: number | undefined;
  maxTokens: number | undefined;
  /** The response_format sent, if any. */
  responseFormat: { type: string; json_schema?: { name?: string; schema?: Record<string, unknown>; strict?: boolean } } | undefined;
  /** The answer schema asked for: from response_format, or read from the JSON-only instruction in fallback mode. */
  schema: Record<string, unknown> | undefined;
  /** The whole request body. */
  body: Record<string, unknown>;
}

/** What the simulator sends back: content, a refusal, or a fault. */
export type SimulatedReply =
  | { content: string; finishReason?: string }
  | { refusal: string }
  /** 429 (or 503) with a Retry-After header when given: seconds or an HTTP date. */
  | { fault: 'rate-limit'; status?: 429 | 503; retryAfter?: string }
  | { fault: 'server-error'; status?: number }
  /** Never answers: the client's timeout (or abort) must end it. */
  | { fault: 'hang' }
  /** 200 with a body that is not valid JSON. */
  | { fault: 'malformed-body' }
  /** The socket is destroyed without a response. */
  | { fault: 'drop' }
  /** 400 saying response_format is not supported. */
  | { fault: 'reject-response-format' }
  | { status: number; body: unknown; headers?: Record<string, string> };

/** Decides every reply. Absent parts answer with plain defaults. */
export interface SimulatorBehaviour {
  chat?(request: SimulatedChatRequest): SimulatedReply | Promise<SimulatedReply>;
  /** Vectors for texts, or a fault; default: a hashed bag-of-words vector per text. */
  embed?(texts: string[], model: string): number[][] | SimulatedReply | Promise<number[][] | SimulatedReply>;
  /** An endpoint that answers every request carrying response_format with a 400. */
  rejectResponseFormat?: boolean;
}

/** One request as the simulator received it. Of Authorization and api-key headers only a hash of the value is kept. */
export interface RecordedRequest {
  method: string;
  path: string;
  /** The query string's parameters. */
  query: Record<string, string>;
  /** Lower-case header names, without credentials. */
  headers: Record<string, string>;
  /** Whether the request carried an Authorization or api-key header (its value is not kept). */
  authorized: boolean;
  /** sha256 (hex) of the Authorization or api-key header's value, so a test can tell which key came (see sentKey). */
  credential: string | undefined;
  /** The parsed JSON body (or the raw text when it did not parse). */
  body: unknown;
  /** Date.now() when the request arrived. */
  at: number;
}

/** A running simulator. `url` is the base URL a client uses (`http://127.0.0.1:PORT/v1`). */
export interface Simulator {
  url: string;
  requests: RecordedRequest[];
  /** Requests being handled now, and the most there ever were at once. */
  readonly inFlight: number;
  readonly maxInFlight: number;
  close(): Promise<void>;
}

const CREDENTIAL_HEADERS = new Set(['authorization', 'api-key', 'proxy-authorization', 'cookie']);

/** Starts the simulator on 127.0.0.1 on a free port. */
export async function startSimulator(behaviour: SimulatorBehaviour = {}): Promise<Simulator> {
  const requests: RecordedRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let completionId = 0;

  const server = http.createServer((req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let counted = true;
    const done = (): void => {
      if (counted) inFlight--;
      counted = false;
    };
    res.on('close', done);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown = raw;
      try {
        body = raw === '' ? undefined : JSON.parse(raw);
      } catch {
        // recorded as text
      }
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (!CREDENTIAL_HEADERS.has(name) && value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const path = url.pathname;
      requests.push({
        method: req.method ?? 'GET',
        path,
        query: Object.fromEntries(url.searchParams),
        headers,
        authorized: req.headers.authorization !== undefined || req.headers['api-key'] !== undefined,
        credential: credentialOf(req.headers),
        body,
        at: Date.now(),
      });
      handle(req, res, path, body).catch((error: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { error: { message: `simulator error: ${String(error)}`, type: 'server_error' } });
        else res.destroy();
      });
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, path: string, body: unknown): Promise<void> {
    if (req.method !== 'POST') return sendJson(res, 405, { error: { message: 'method not allowed', type: 'invalid_request_error' } });
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return sendJson(res, 400, { error: { message: 'the body must be a JSON object', type: 'invalid_request_error' } });
    }
    const record = body as Record<string, unknown>;
    if (path === '/v1/chat/completions') {
      if (behaviour.rejectResponseFormat && record.response_format !== undefined) return send(res, req, { fault: 'reject-response-format' }, record);
      const request = chatView(record);
      const reply = behaviour.chat ? await behaviour.chat(request) : { content: 'ok' };
      return send(res, req, reply, record);
    }
    if (path === '/v1/embeddings') {
      const input = record.input;
      const texts = typeof input === 'string' ? [input] : Array.isArray(input) ? input.map(String) : [];
      const model = String(record.model ?? '');
      const result = behaviour.embed ? await behaviour.embed(texts, model) : texts.map((t) => lexicalVector(t));
      if (!Array.isArray(result)) return send(res, req, result, record);
      return sendJson(res, 200, {
        object: 'list',
        model,
        data: result.map((embedding, index) => ({ object: 'embedding', index, embedding })),
        usage: { prompt_tokens: tokens(texts.join(' ')), total_tokens: tokens(texts.join(' ')) },
      });
    }
    return sendJson(res, 404, { error: { message: `no route ${path}`, type: 'invalid_request_error' } });
  }

  function send(res: http.ServerResponse, req: http.IncomingMessage, reply: SimulatedReply, body: Record<string, unknown>): void {
    if ('status' in reply && !('fault' in reply)) {
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      res.end(JSON.stringify(reply.body));
      return;
    }
    if ('fault' in reply) {
      switch (reply.fault) {
        case 'rate-limit':
          res.writeHead(reply.status ?? 429, {
            'content-type': 'application/json',
            ...(reply.retryAfter === undefined ? {} : { 'retry-after': reply.retryAfter }),
          });
          res.end(JSON.stringify({ error: { message: 'Rate limit reached, slow down.', type: 'rate_limit_error' } }));
          return;
        case 'server-error':
          return sendJson(res, reply.status ?? 500, { error: { message: 'The server had an error.', type: 'server_error' } });
        case 'hang':
          // Nothing is sent; the connection ends when the client gives up or the simulator closes.
          return;
        case 'malformed-body':
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{"id": "chatcmpl-broken", "object": "chat.completion", "choices": [{"index": 0, "mess');
          return;
        case 'drop':
          req.socket.destroy();
          return;
        case 'reject-response-format':
          return sendJson(res, 400, {
            error: {
              message: "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.",
              type: 'invalid_request_error',
              param: 'response_format',
              code: null,
            },
          });
      }
    }
    const promptText = Array.isArray(body.messages) ? body.messages.map((m) => String((m as { content?: unknown }).content ?? '')).join(' ') : '';
    const content = 'content' in reply ? reply.content : null;
    const refusal = 'refusal' in reply ? reply.refusal : null;
    const completionTokens = tokens(content ?? refusal ?? '');
    sendJson(res, 200, {
      id: `chatcmpl-sim-${++completionId}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: String(body.model ?? ''),
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content, refusal },
          finish_reason: 'content' in reply ? (reply.finishReason ?? 'stop') : 'stop',
        },
      ],
      usage: { prompt_tokens: tokens(promptText), completion_tokens: completionTokens, total_tokens: tokens(promptText) + completionTokens },
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function credentialOf(headers: http.IncomingHttpHeaders): string | undefined {
  const value = headers.authorization ?? headers['api-key'];
  return value === undefined ? undefined : sha256(Array.isArray(value) ? value.join(', ') : value);
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Whether `request` carried `key`, as a bearer token or in Azure's api-key header. */
export function sentKey(request: RecordedRequest, key: string): boolean {
  return request.credential !== undefined && (request.credential === sha256(`Bearer ${key}`) || request.credential === sha256(key));
}

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

/** A rough token count: words and punctuation marks. */
function tokens(text: string): number {
  return (text.match(/\w+|[^\s\w]/g) ?? []).length;
}

/** A chat completion request body as a behaviour sees it (the schema read from response_format or the JSON-only instruction). */
export function chatView(body: Record<string, unknown>): SimulatedChatRequest {
  const messages = Array.isArray(body.messages)
    ? body.messages.map((m) => {
        const message = m as { role?: unknown; content?: unknown };
        return { role: String(message.role ?? ''), content: typeof message.content === 'string' ? message.content : JSON.stringify(message.content ?? '') };
      })
    : [];
  const responseFormat = body.response_format as SimulatedChatRequest['responseFormat'];
  let schema = responseFormat?.json_schema?.schema;
  if (!schema) {
    const instruction = messages.find((m) => m.role === 'system' && m.content.startsWith(JSON_INSTRUCTION_LEAD));
    const braces = instruction ? instruction.content.indexOf('{') : -1;
    if (instruction && braces >= 0) {
      try {
        schema = JSON.parse(instruction.content.slice(braces)) as Record<string, unknown>;
      } catch {
        schema = undefined;
      }
    }
  }
  return {
    model: String(body.model ?? ''),
    messages,
    temperature: typeof body.temperature === 'number' ? body.temperature : undefined,
    maxTokens: typeof body.max_tokens === 'number' ? body.max_tokens : undefined,
    responseFormat,
    schema,
    body,
  };
}

/** The first `faults.length` chat requests get these faults in order; the rest go to `then`. */
export function withFaults(faults: SimulatedReply[], then: SimulatorBehaviour = {}): SimulatorBehaviour {
  const queue = [...faults];
  return {
    ...then,
    chat: (request) => queue.shift() ?? (then.chat ? then.chat(request) : { content: 'ok' }),
  };
}

// ---- the persona model ----

/** A probe item as the persona model needs to know it. */
export interface SimulatedItem {
  correct: string;
  favours: string;
  options: string[];
}

/** The bias and noise of a simulated model. Numbers may depend on the persona text through functions. */
export interface PersonaModelOptions {
  /** Accuracy on probe items with no side (no persona, or a persona sideOf does not place). */
  baselineAccuracy: number | ((personaText: string) => number);
  /**
   * How many times more likely a sided persona answers correctly when the correct conclusion favours its side
   * than when it opposes it: congruent items keep the baseline accuracy, opposed ones get baseline / RR.
   */
  relativeRisk: number | ((personaText: string) => number);
  /** The side a persona takes (compared with an item's `favours`), or undefined for none. */
  sideOf(personaText: string): string | undefined;
  /** The probe item a user message asks, or undefined when it is not a probe. */
  itemOf(userText: string): SimulatedItem | undefined;
  seed: number;
  /** Share of output variance due to the persona, for ratings, labels, free text and embeddings (default 0). */
  personaShare?: number;
  /** Standard deviation of one output around its item's mean, persona and run-to-run parts together (default 1). */
  noise?: number;
}

/** The persona model's behaviour, plus the pure decision it makes, for in-memory use without HTTP. */
export interface PersonaModel extends SimulatorBehaviour {
  chat(request: SimulatedChatRequest): SimulatedReply;
  embed(texts: string[], model: string): number[][];
}

const DIMENSIONS = 8;
const WORDS: string[][] = [
  ['guarded', 'careful', 'measured', 'confident', 'emphatic'],
  ['bleak', 'wary', 'balanced', 'hopeful', 'buoyant'],
  ['terse', 'brief', 'moderate', 'detailed', 'expansive'],
  ['skeptical', 'doubtful', 'open', 'trusting', 'credulous'],
  ['formal', 'polite', 'plain', 'casual', 'chatty'],
  ['local', 'regional', 'national', 'global', 'universal'],
  ['cautious', 'prudent', 'pragmatic', 'bold', 'daring'],
  ['past', 'recent', 'current', 'coming', 'future'],
];
const BUCKETS = [-0.84, -0.25, 0.25, 0.84];

/**
 * A seeded simulated model with known persona effects. The persona text is every message before the last user
 * message (the JSON-only instruction aside); the item is the last user message.
 * - Probe items (itemOf recognises the last user message): answers JSON {answer} correctly with the baseline
 *   accuracy when the correct conclusion favours the persona's side or the persona has none, and with
 *   baseline / relativeRisk when it opposes it; a wrong answer is another option.
 * - Other requests draw a latent value per output: item mean + persona effect + run-to-run noise, with the persona
 *   effect's variance a share `personaShare` of noise^2 (random effects, fixed per persona text and seed). A
 *   numeric schema property gets a rating, an enum property a label, anything else free text whose words
 *   follow the latent vector; embeddings of that text return the latent vector itself.
 * Draws are deterministic: the k-th identical request gets draw k, whatever order concurrent requests arrive in.
 */
export function personaModel(options: PersonaModelOptions): PersonaModel {
  const share = options.personaShare ?? 0;
  const noise = options.noise ?? 1;
  if (share < 0 || share > 1) throw new RangeError(`personaShare must lie in [0, 1], not ${share}`);
  const personaSd = noise * Math.sqrt(share);
  const runSd = noise * Math.sqrt(1 - share);
  const occurrences = new Map<string, number>();
  const latentOfText = new Map<string, number[]>();
  const valueOf = (value: number | ((personaText: string) => number), personaText: string): number =>
    typeof value === 'function' ? value(personaText) : value;

  function latent(personaText: string, itemText: string, draw: number, dimension: number): number {
    const itemMean = gaussian(options.seed, 'item', itemText, dimension);
    const persona = gaussian(options.seed, 'persona', personaText, dimension);
    const run = gaussian(options.seed, 'run', personaText, itemText, draw, dimension);
    return itemMean * 0.5 * noise + personaSd * persona + runSd * run;
  }

  return {
    chat(request) {
      const lastUser = request.messages.map((m) => m.role).lastIndexOf('user');
      const itemText = lastUser >= 0 ? request.messages[lastUser].content : '';
      const personaText = request.messages
        .slice(0, Math.max(0, lastUser))
        .filter((m) => !(m.role === 'system' && m.content.startsWith(JSON_INSTRUCTION_LEAD)))
        .map((m) => m.content)
        .join('\n\n');
      const identity = JSON.stringify([request.model, request.temperature, request.messages, request.schema ?? null]);
      const seen = occurrences.get(identity) ?? 0;
      occurrences.set(identity, seen + 1);
      const draw = request.temperature === 0 ? 0 : seen;

      const item = options.itemOf(itemText);
      const property = firstProperty(request.schema);
      if (item && request.schema) {
        const side = options.sideOf(personaText);
        const baseline = valueOf(options.baselineAccuracy, personaText);
        const accuracy = side === undefined || side === item.favours ? baseline : baseline / valueOf(options.relativeRisk, personaText);
        const wrong = item.options.filter((o) => o !== item.correct);
        const correct = uniform(options.seed, 'correct', personaText, itemText, draw) < Math.min(1, accuracy);
        const answer = correct || wrong.length === 0 ? item.correct : wrong[Math.floor(uniform(options.seed, 'wrong', personaText, itemText, draw) * wrong.length)];
        return { content: JSON.stringify({ [property?.name ?? 'answer']: answer }) };
      }
      const vector = Array.from({ length: DIMENSIONS }, (_, d) => latent(personaText, itemText, draw, d));
      if (property && request.schema) {
        const z = vector[0] / noise;
        let value: unknown;
        if (Array.isArray(property.schema.enum) && property.schema.enum.length > 0) {
          const labels = property.schema.enum;
          value = labels[Math.min(labels.length - 1, Math.floor(normalCdf(z) * labels.length))];
        } else if (property.schema.type === 'number' || property.schema.type === 'integer') {
          const low = typeof property.schema.minimum === 'number' ? property.schema.minimum : 1;
          const high = typeof property.schema.maximum === 'number' ? property.schema.maximum : 10;
          const raw = (low + high) / 2 + z * ((high - low) / 6);
          const clamped = Math.min(high, Math.max(low, raw));
          value = property.schema.type === 'integer' ? Math.round(clamped) : Number(clamped.toFixed(3));
        } else {
          value = textOf(vector, noise);
        }
        return { content: JSON.stringify({ [property.name]: value }) };
      }
      const text = textOf(vector, noise);
      latentOfText.set(text, vector);
      return { content: text };
    },
    embed(texts) {
      return texts.map((text) => latentOfText.get(text) ?? lexicalVector(text));
    },
  };
}

/** Words that follow a latent vector: each dimension picks one of five words by where its value falls (quintiles). */
function textOf(vector: number[], noise: number): string {
  const words = vector.map((value, d) => {
    const z = value / noise;
    const bucket = BUCKETS.filter((edge) => z > edge).length;
    return WORDS[d][bucket];
  });
  // The reference keeps two draws that share their words apart, so each text embeds to its own latent vector.
  const reference = createHash('sha256').update(JSON.stringify(vector)).digest('hex').slice(0, 8);
  return `My answer is ${words.slice(0, 4).join(', ')}; in short, ${words.slice(4).join(', ')}. (ref ${reference})`;
}

function firstProperty(schema: Record<string, unknown> | undefined): { name: string; schema: Record<string, unknown> } | undefined {
  const properties = schema?.properties;
  if (typeof properties !== 'object' || properties === null) return undefined;
  const [entry] = Object.entries(properties as Record<string, Record<string, unknown>>);
  return entry ? { name: entry[0], schema: entry[1] } : undefined;
}

/** A deterministic uniform draw in [0, 1) from the seed and any labels. */
export function uniform(seed: number, ...labels: unknown[]): number {
  const digest = createHash('sha256').update(JSON.stringify([seed, ...labels])).digest();
  return digest.readUIntBE(0, 6) / 2 ** 48;
}

/** A deterministic standard normal draw (Box-Muller over two uniform draws). */
export function gaussian(seed: number, ...labels: unknown[]): number {
  const u1 = uniform(seed, ...labels, 'u1');
  const u2 = uniform(seed, ...labels, 'u2');
  return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
}

function normalCdf(z: number): number {
  // Abramowitz and Stegun 7.1.26 through erf; ample for picking a label.
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** A hashed bag-of-words vector (unit length), the simulator's stand-in embedding for unknown text. */
export function lexicalVector(text: string, dimensions = DIMENSIONS): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  for (const word of text.toLowerCase().match(/[a-z0-9']+/g) ?? []) {
    const digest = createHash('sha256').update(word).digest();
    vector[digest[0] % dimensions] += digest[1] & 1 ? 1 : -1;
  }
  const length = Math.hypot(...vector) || 1;
  return vector.map((x) => x / length);
}
