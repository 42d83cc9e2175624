// What every sampled check shares: its options, the request budget, cancellation and the sampler's counters.
import {
  SamplerError,
  type CheckProgress,
  type Estimate,
  type SampleOutcome,
  type SampleRequest,
  type SampleSeen,
  type Sampler,
  type SamplerStats,
} from './types.js';

/** Options every check takes. */
export interface CheckOptions {
  /** The smallest gap that matters, in accuracy between the sides (default 0.11). */
  margin?: number;
  /** Error rate of the verdict over all looks (default 0.05: 95% intervals). */
  alpha?: number;
  /** The most samples the check may take (default 300); it stops as inconclusive rather than exceed it. */
  maxRequests?: number;
  /**
   * Seeds the check's random choices; also offsets the sample indices, so a different seed draws fresh samples
   * instead of reusing cached ones (default 0).
   */
  seed?: number;
  /** Called once the input is understood, just before the first sample (not at all for an input error). */
  onStart?: (plan: CheckPlan) => void;
  onProgress?: (progress: CheckProgress) => void;
  /** Called with every answer as it arrives (for raw samples in reports). */
  onSample?: (sample: SampleSeen) => void;
  signal?: AbortSignal;
}

/** How a check means to sample: whole rounds of a fixed size, as many as the budget allows. */
export interface CheckPlan {
  samplesPerRound: number;
  maxRounds: number;
  /** samplesPerRound * maxRounds: the most samples the check will take. */
  samplesMax: number;
}

/** The options with their defaults filled in. */
export interface ResolvedCheckOptions extends Required<Omit<CheckOptions, 'onStart' | 'onProgress' | 'onSample' | 'signal'>> {
  onStart?: (plan: CheckPlan) => void;
  onProgress?: (progress: CheckProgress) => void;
  onSample?: (sample: SampleSeen) => void;
  signal?: AbortSignal;
}

// On the persona's own accuracy gap: 0.11 is a relative risk of about 1.15 at the accuracy the study saw (0.85),
// the smallest gap a fair persona can be shown to stay inside within 600 requests (see docs/rules/EH101.md).
export const DEFAULT_MARGIN = 0.11;
export const DEFAULT_ALPHA = 0.05;
export const DEFAULT_MAX_REQUESTS = 300;

/** Fills in defaults and rejects values no check can work with. */
export function resolveOptions(options: CheckOptions = {}): ResolvedCheckOptions {
  const resolved: ResolvedCheckOptions = {
    margin: options.margin ?? DEFAULT_MARGIN,
    alpha: options.alpha ?? DEFAULT_ALPHA,
    maxRequests: options.maxRequests ?? DEFAULT_MAX_REQUESTS,
    seed: options.seed ?? 0,
    onStart: options.onStart,
    onProgress: options.onProgress,
    onSample: options.onSample,
    signal: options.signal,
  };
  if (!(resolved.margin > 0 && resolved.margin < 1)) throw new RangeError(`margin must lie in (0, 1), got ${resolved.margin}`);
  if (!(resolved.alpha > 0 && resolved.alpha < 1)) throw new RangeError(`alpha must lie in (0, 1), got ${resolved.alpha}`);
  if (!(Number.isInteger(resolved.maxRequests) && resolved.maxRequests >= 0)) {
    throw new RangeError(`maxRequests must be a whole number >= 0, got ${resolved.maxRequests}`);
  }
  if (!Number.isInteger(resolved.seed)) throw new RangeError(`seed must be a whole number, got ${resolved.seed}`);
  return resolved;
}

/** Sample indices of different seeds never meet, so each seed's draws are cached apart. */
export function sampleIndexBase(seed: number): number {
  return seed * 1_000_000;
}

/** Why a check stopped: its verdict settled, the budget would be exceeded, nothing usable came back, or request after request failed. */
export type StopReason = 'settled' | 'budget' | 'no-data' | 'faults';

/** Counters of what a check cost: requests made, samples served from the cache, answers invalid after a retry. */
export interface CheckCost {
  requests: number;
  cached: number;
  invalid: number;
  promptTokens: number;
  completionTokens: number;
}

/** The sampler's counters now, to subtract later (a sampler may serve several checks). */
export function snapshotStats(sampler: Sampler): SamplerStats {
  return { ...sampler.stats };
}

/** What the sampler counted since `before`. */
export function costSince(sampler: Sampler, before: SamplerStats): CheckCost {
  const now = sampler.stats;
  return {
    requests: now.requests - before.requests,
    cached: now.cached - before.cached,
    invalid: now.invalid - before.invalid,
    promptTokens: now.promptTokens - before.promptTokens,
    completionTokens: now.completionTokens - before.completionTokens,
  };
}

/** Counts samples against the budget and reports progress after each one. */
export class Progress {
  samplesDone = 0;
  round = 0;
  estimate: Estimate | undefined;

  constructor(
    readonly samplesMax: number,
    private readonly onProgress: ((progress: CheckProgress) => void) | undefined,
  ) {}

  /** Reports a finished sample. */
  sampled(): void {
    this.samplesDone++;
    this.report();
  }

  /** Reports the end of a round with the current estimate. */
  roundDone(estimate: Estimate | undefined): void {
    this.round++;
    this.estimate = estimate;
    this.report();
  }

  private report(): void {
    this.onProgress?.({
      round: this.round,
      samplesDone: this.samplesDone,
      samplesMax: this.samplesMax,
      ...(this.estimate ? { estimate: this.estimate } : {}),
    });
  }
}

/**
 * Sends a round of requests at once (the sampler limits how many are in flight) and returns their outcomes in
 * order. The first failure cancels the rest and is rethrown; a cancelled `signal` surfaces as SamplerError
 * 'cancelled'.
 */
export async function sampleAll<T>(
  sampler: Sampler,
  requests: SampleRequest<T>[],
  signal: AbortSignal | undefined,
  progress: Progress,
): Promise<SampleOutcome<T>[]> {
  if (signal?.aborted) throw new SamplerError('The check was cancelled.', 'cancelled');
  const controller = new AbortController();
  const forward = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', forward, { once: true });
  try {
    return await Promise.all(
      requests.map(async (request) => {
        const outcome = await sampler.sample(request, controller.signal);
        progress.sampled();
        return outcome;
      }),
    );
  } catch (error) {
    controller.abort(error);
    if (signal?.aborted && !(error instanceof SamplerError)) throw new SamplerError('The check was cancelled.', 'cancelled');
    throw error;
  } finally {
    signal?.removeEventListener('abort', forward);
  }
}

/** True for the sampler's own "budget spent" error, which ends a check as inconclusive rather than failing it. */
export function isBudgetError(error: unknown): boolean {
  return error instanceof SamplerError && error.reason === 'budget';
}

/** An input a check cannot run on (no persona, no debiasing sentence, too few items): a usage problem. */
export class CheckInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckInputError';
  }
}
