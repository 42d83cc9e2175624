// Every request to the endpoint passes one gate: a limit on requests in flight, the request budget, a pause that
// a Retry-After imposes on every worker, a timeout per attempt, and retries of transient failures.
import { SamplerError } from '../core/checks/types.js';
import { classify, isTimeout, type Failure } from './transport.js';
import { Semaphore, WaitCancelled, backoffMs, type Clock } from './throttle.js';

/** How hard to try; the defaults live with the sampler's options. */
export interface RetryPolicy {
  concurrency: number;
  maxRequests: number;
  timeoutMs: number;
  retries: number;
  retryBaseMs: number;
  retryCapMs: number;
  maxRetryAfterMs: number;
  random: () => number;
  /** Retry-After pauses and backoff waits are measured and taken on this clock. */
  clock: Clock;
}

/**
 * A budget shared beyond one check and one process (the editor's daily request budget). The gate asks it before
 * every request, so the request is counted before it is sent and never sent beyond it.
 */
export interface SharedRequestBudget {
  /** Counts one request; false when the budget is spent. Throws when the count cannot be kept. */
  take(): Promise<boolean>;
  /** How the budget is named in the message that ends a check at it. */
  name: string;
}

/** The counters the gate adds to (the sampler's stats). */
export interface RequestCounters {
  requests: number;
  retries: number;
}

/** The error for a call that its caller, or close(), ended. */
export function cancelledError(): SamplerError {
  return new SamplerError('The check was cancelled.', 'cancelled');
}

class AttemptFailed extends Error {
  constructor(
    readonly failure: Failure,
    cause?: unknown,
  ) {
    super(failure.description, { cause });
  }
}

/** Sends requests to one endpoint under a retry policy; a failure ends as a SamplerError with its reason. */
export class RequestGate {
  private readonly slots: Semaphore;
  /** Set from a Retry-After: no attempt starts before this time, so one rate limit pauses every worker. */
  private notBefore = 0;

  constructor(
    private readonly policy: RetryPolicy,
    /** The endpoint as messages name it. */
    private readonly endpoint: string,
    private readonly counters: RequestCounters,
    /** Removes the API key from any text that leaves the gate. */
    private readonly redact: (text: string) => string,
    private readonly shared?: SharedRequestBudget,
  ) {
    this.slots = new Semaphore(policy.concurrency);
  }

  /**
   * Attempts `send` until it succeeds, a failure is not transient, or the retries run out. `inspect` sees each
   * failed attempt's error first and may throw to end the attempts its own way.
   */
  async send<R>(what: string, send: (signal: AbortSignal) => Promise<R>, scope: AbortSignal, inspect?: (error: unknown) => void): Promise<R> {
    const { retries, maxRetryAfterMs, retryBaseMs, retryCapMs, random, clock } = this.policy;
    const redact = this.redact;
    try {
      for (let failures = 0; ; failures++) {
        let failure: Failure;
        try {
          return await this.attempt(send, scope);
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
            ? new SamplerError(redact(`Cannot reach ${this.endpoint}: ${failure.description} (${tries}).`), 'unreachable')
            : new SamplerError(redact(`${what} kept failing: ${failure.description} (${tries}).`), 'failing');
        }
        if (failure.retryAfterMs !== undefined && failure.retryAfterMs > maxRetryAfterMs) {
          throw new SamplerError(
            redact(`${what} failed: ${failure.description}, and the endpoint asks to wait ${Math.ceil(failure.retryAfterMs / 1000)} s before retrying.`),
            'failing',
          );
        }
        this.counters.retries++;
        // Back off, with jitter. A Retry-After already paused every worker (in attempt); it counts toward the
        // backoff but never shortens it: "Retry-After: 0" on every 429 must not turn retries into a tight loop.
        const backoff = backoffMs(failures, retryBaseMs, retryCapMs, random) - (failure.retryAfterMs ?? 0);
        if (backoff > 0) await clock.sleep(backoff, scope);
      }
    } catch (error) {
      if (error instanceof WaitCancelled) throw cancelledError();
      throw error;
    }
  }

  /**
   * One HTTP attempt under the concurrency limit and the budget, with its own timeout. `scope` aborts when the
   * caller cancels or the sampler closes.
   */
  private async attempt<R>(send: (signal: AbortSignal) => Promise<R>, scope: AbortSignal): Promise<R> {
    const { maxRequests, timeoutMs, maxRetryAfterMs, random, clock } = this.policy;
    const release = await this.slots.acquire(scope);
    try {
      // A rate limit pauses every worker: the wait is taken holding the slot, so queued samples wait behind it.
      for (let wait = this.notBefore - clock.now(); wait > 0; wait = this.notBefore - clock.now()) await clock.sleep(wait, scope);
      // The slot may have been granted just as the caller cancelled: an aborted signal fires no more events, so
      // look before sending anything.
      if (scope.aborted) throw new WaitCancelled();
      if (this.counters.requests >= maxRequests) {
        throw new SamplerError(
          `The request budget is spent: ${maxRequests} request${maxRequests === 1 ? '' : 's'} to ${this.endpoint} already made (raise --max-requests to allow more).`,
          'budget',
        );
      }
      if (this.shared) await this.takeShared(scope);
      this.counters.requests++;
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
        const failure: Failure =
          timedOut || isTimeout(error) ? { retryable: true, unreachable: false, description: `no reply within ${timeoutMs} ms` } : classify(error, clock.now());
        if (failure.retryAfterMs !== undefined && failure.retryAfterMs <= maxRetryAfterMs) {
          // Set before the slot is released, so no queued attempt slips out ahead of the pause. The jitter keeps
          // the paused workers from returning in step.
          this.notBefore = Math.max(this.notBefore, clock.now() + failure.retryAfterMs + 50 * random());
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

  /** One request from the shared budget; a spent budget ends the check as the per-check budget does. */
  private async takeShared(scope: AbortSignal): Promise<void> {
    let granted: boolean;
    try {
      granted = await this.shared!.take();
    } catch (error) {
      throw new SamplerError(`The request could not be counted against ${this.shared!.name}, so it was not sent: ${(error as Error).message}`, 'failing');
    }
    if (!granted) throw new SamplerError(`${this.shared!.name} is spent.`, 'budget');
    // Counted but not sent: the count may run one over what reached the endpoint, never under.
    if (scope.aborted) throw new WaitCancelled();
  }
}
