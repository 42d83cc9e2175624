import type { Estimate } from '../stats/types.js';
import type { Span } from '../text.js';

// Estimates are the statistics' own type; re-exported because every check result carries them.
export type { Estimate };

/** One chat message sent to a model. */
export interface ChatMessage {
  role: 'system' | 'developer' | 'user' | 'assistant';
  content: string;
}

/**
 * A structured answer the model must give: a JSON object validated by `parse` (built from a zod schema).
 * For a probe item: `{ answer: <one of the item's options> }`.
 */
export interface AnswerSchema<T> {
  /** A short identifier for response_format's json_schema name. */
  name: string;
  /** JSON Schema of the answer object (sent as response_format json_schema, or described in a JSON-only instruction). */
  jsonSchema: Record<string, unknown>;
  /** Validates a parsed JSON value; returns undefined when it does not fit. */
  parse(value: unknown): T | undefined;
}

/** One request for one sample. Repeated samples of the same messages differ only in `sampleIndex`. */
export interface SampleRequest<T> {
  messages: ChatMessage[];
  /** Structured answer expected; absent for free text. */
  schema?: AnswerSchema<T>;
  /** Which draw this is (0, 1, 2, ...): part of the cache key so repeated samples stay independent. */
  sampleIndex: number;
  /**
   * Awaited by a sampler with a cache after a cache miss, before the request goes to the endpoint; a rejection
   * means the sample is no longer wanted (the sampler then fails it as cancelled). Checks that ask ahead use it
   * so that a re-run served from the cache sends nothing for answers it turns out not to need.
   */
  beforeSend?: () => Promise<void>;
}

/** The outcome of one sample: a valid answer, free text, or an answer that stayed invalid after one retry. */
export type SampleOutcome<T> =
  | { kind: 'answer'; value: T; text: string }
  | { kind: 'text'; text: string }
  | {
      kind: 'invalid';
      text: string;
      reason: string;
      /**
       * The model declined rather than answered badly: an explicit refusal (`message.refusal`), a reply the
       * endpoint filtered (finish_reason content_filter), or empty content. Refusals are reported apart from
       * malformed answers, and both count as not correct in the one-sided measure.
       */
      refused?: boolean;
    };

/** Counters a sampler keeps for a check's report. */
export interface SamplerStats {
  /** Requests sent to the endpoint (not served from cache). */
  requests: number;
  /** Samples served from the cache. */
  cached: number;
  /** Samples that stayed invalid after a retry. */
  invalid: number;
  promptTokens: number;
  completionTokens: number;
}

/**
 * What the checks need from a model: samples and, optionally, embeddings. Implemented over HTTP by the model
 * client (server/src/model), and in memory by tests and the checks benchmark.
 */
export interface Sampler {
  sample<T>(request: SampleRequest<T>, signal?: AbortSignal): Promise<SampleOutcome<T>>;
  /** Embeddings for texts, when an embedding model is configured. */
  embed?(texts: string[], signal?: AbortSignal): Promise<number[][]>;
  readonly stats: SamplerStats;
  /**
   * How many requests the sampler keeps in flight at once, when it limits them. Checks that can stop mid-round
   * queue only a little more than this, so that stopping leaves few requests already sent.
   */
  readonly concurrency?: number;
  /**
   * What the sampler changed to talk to this endpoint, in words for a report (a parameter dropped after the
   * endpoint rejected it, JSON asked for in an instruction instead of response_format). Checks copy the notices
   * that appear while they run into their notes.
   */
  readonly notices?: readonly string[];
}

/** Raised by a sampler when the endpoint cannot be used (unreachable, failing past retries, budget spent). */
export class SamplerError extends Error {
  constructor(
    message: string,
    readonly reason: 'unreachable' | 'failing' | 'budget' | 'cancelled' | 'configuration',
  ) {
    super(message);
    this.name = 'SamplerError';
  }
}

/** Verdict words are a contract: scripts read them. */
// "incomplete": the check ended without one usable observation (every answer invalid, refused or missing), so
// there is nothing to estimate; unlike "inconclusive", no data was weighed. Exit 3 from `evenhand check`, not kept.
export type OneSidedVerdict = 'one-sided' | 'even-handed' | 'inconclusive' | 'incomplete';
export type StabilityVerdict = 'unstable' | 'stable' | 'inconclusive' | 'incomplete';
export type DebiasVerdict = 'effective' | 'ineffective' | 'inconclusive' | 'incomplete';

/** The persona a check measured: its sentence as written and where it is. */
export interface CheckedPersona {
  text: string;
  span: Span;
  /** 1-based lines, as the CLI's --persona-line uses. */
  startLine: number;
  endLine: number;
  /** "hand": the user pointed at this sentence (a line, a text or a selection); absent: found by persona detection. */
  chosen?: 'hand';
}

/** One answer as a check saw it, for reports that show raw samples. The text is the model's: untrusted. */
export interface SampleSeen {
  /** The condition it was asked under (persona, baseline, counterfactual, contrast-1, none, ...). */
  condition: string;
  /** The probe item's id, or "input N" (1-based) for the prompt's own sample inputs. */
  item: string;
  text: string;
  /** Probe items only: whether the answer was the correct option (undefined when invalid). */
  correct?: boolean;
}

/** Progress of a running check, for progress bars and streamed partial results. */
export interface CheckProgress {
  round: number;
  samplesDone: number;
  /** The most samples the check may still take (the budget). */
  samplesMax: number;
  /** The current estimate, when there is one. */
  estimate?: Estimate;
}
