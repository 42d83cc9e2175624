// Every request to the endpoint passes one gate: a limit on requests in flight, the request budget, a pause that
// a Retry-After imposes on every worker, a timeout per attempt, and retries of transient failures.
import { SamplerError } from '../core/checks/types.js';
import { classify, isTimeout, type Failure } from './transport.js';
import { Semaphore, WaitCancelled, backoffMs, type Clock } from './throttle.js';

/** How hard to try; the defaults live with the sampler's options. */
export interface RetryPolicy {
  concurrency: number;
  /** Requests that got a reply body (even one that is not a valid answer). */
  maxRequests: number;
  /** Requests sent, answered or failed: bounds what a failing endpoint can cost. */
  maxAttempts: number;
  timeoutMs: number;
  /** One request's attempts and waits together, from its first attempt: past it the request fails. */
  patienceMs: number;
  retries: number;
  retryBaseMs: number;
  retryCapMs: number;
  maxRetryAfterMs: number;
  random: () => number;
  /** Retry-After pauses, backoff waits and the patience are measured and taken on this clock. */
  clock: Clock;
}

/**
 * A budget shared beyond one check and one process (the editor's daily request budget). The gate asks it before
 * every request it sends, retries included, so it counts requests sent (answered or failed), each before it is
 * sent, and none is sent beyond it.
 */
export interface SharedRequestBudget {
  /** Counts one request; false when the budget is spent. Throws when the count cannot be kept. */
  take(): Promise<boolean>;
  /** How the budget is named in the message that ends a check at it. */
  name: string;
}

/** The counters the gate adds to (the sampler's stats). */
export interface RequestCounters {
  /** Requests sent, answered or failed. */
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

/** One call's attempts so far: when its patience ends (set when the first attempt gets a slot) and its last failure. */
interface CallState {
  deadline?: number;
  failures: number;
  last?: Failure;
}

/** Sends requests to one endpoint under a retry policy; a failure ends as a SamplerError with its reason. */
export class RequestGate {
  private readonly slots: Semaphore;
  /** Set from a Retry-After: no attempt starts before this time, so one rate limit pauses every worker. */
  private notBefore = 0;
  /** Requests that got a reply body: what maxRequests counts. */
  private answered = 0;
  private inFlight = 0;
  /** Attempts waiting for an attempt in flight to end, to learn whether the request budget has room. */
  private readonly budgetWaiters = new Set<() => void>();
  /** Set when a call found the endpoint unreachable before it ever answered: later calls fail at once. */
  private unreachable?: string;

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
   * Attempts `send` until it succeeds, a failure is not transient, the retries run out or the patience does.
   * `inspect` sees each failed attempt's error first and may throw to end the attempts its own way.
   */
  async send<R>(what: string, send: (signal: AbortSignal) => Promise<R>, scope: AbortSignal, inspect?: (error: unknown) => void): Promise<R> {
    const { retries, maxRetryAfterMs, retryBaseMs, retryCapMs, random, clock } = this.policy;
    const redact = this.redact;
    const call: CallState = { failures: 0 };
    try {
      for (; ; call.failures++) {
        let failure: Failure;
        try {
          return await this.attempt(what, send, scope, call);
        } catch (error) {
          if (!(error instanceof AttemptFailed)) throw error;
          failure = error.failure;
          call.last = failure;
          inspect?.(error.cause);
        }
        const failures = call.failures;
        if (!failure.retryable) {
          throw new SamplerError(redact(`${what} failed: ${failure.description}.`), failure.fatal ?? 'configuration');
        }
        if (failures >= retries) {
          const tries = `${failures + 1} attempt${failures === 0 ? '' : 's'}`;
          if (failure.unreachable && this.answered === 0) this.unreachable = `Cannot reach ${this.endpoint}: ${failure.description} (${tries}).`;
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
        // Back off, with a floor and jitter whatever the endpoint says: "Retry-After: 0" on every 429 must not turn
        // retries into a tight loop, and a longer Retry-After is waited out in full, plus jitter so that the
        // clients it paused do not all return at the same instant.
        const backoff = backoffMs(failures, retryBaseMs, retryCapMs, random);
        const wait = failure.retryAfterMs === undefined ? backoff : Math.max(backoff, failure.retryAfterMs + retryBaseMs * random());
        if (clock.now() + wait >= call.deadline!) throw this.outOfPatience(what, call);
        this.counters.retries++;
        await clock.sleep(wait, scope);
      }
    } catch (error) {
      if (error instanceof WaitCancelled) throw cancelledError();
      throw error;
    }
  }

  /** The error for a call whose attempts and waits would outlast the patience. */
  private outOfPatience(what: string, call: CallState): SamplerError {
    const attempts = call.failures + 1;
    const last = call.last ? `: ${call.last.description} (${attempts} attempt${attempts === 1 ? '' : 's'})` : '';
    return new SamplerError(this.redact(`${what} got no answer in ${duration(this.policy.patienceMs)} from ${this.endpoint}${last}.`), 'failing');
  }

  /**
   * One HTTP attempt under the concurrency limit and the budgets, with its own timeout. `scope` aborts when the
   * caller cancels or the sampler closes.
   */
  private async attempt<R>(what: string, send: (signal: AbortSignal) => Promise<R>, scope: AbortSignal, call: CallState): Promise<R> {
    const { timeoutMs, patienceMs, maxRetryAfterMs, retryBaseMs, random, clock } = this.policy;
    const release = await this.slots.acquire(scope);
    try {
      // The patience starts with the first attempt, not in the queue: a check queues hundreds of samples.
      const deadline = (call.deadline ??= clock.now() + patienceMs);
      // A rate limit pauses every worker: the wait is taken holding the slot, so queued samples wait behind it.
      // Each waiter adds its own jitter, so the paused workers do not return in step.
      for (let wait = this.notBefore - clock.now(); wait > 0; wait = this.notBefore - clock.now()) {
        if (this.notBefore >= deadline) throw this.outOfPatience(what, call);
        await clock.sleep(wait + retryBaseMs * random(), scope);
      }
      // The slot may have been granted just as the caller cancelled: an aborted signal fires no more events, so
      // look before sending anything.
      if (scope.aborted) throw new WaitCancelled();
      if (this.unreachable !== undefined && this.answered === 0) throw new SamplerError(this.redact(this.unreachable), 'unreachable');
      await this.reserve(scope);
      const remaining = deadline - clock.now();
      if (remaining <= 0) throw this.outOfPatience(what, call);
      if (this.shared) await this.takeShared(scope);
      this.counters.requests++;
      this.inFlight++;
      const limit = Math.min(timeoutMs, remaining);
      const controller = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, limit);
      const cancel = (): void => controller.abort();
      scope.addEventListener('abort', cancel, { once: true });
      try {
        const reply = await send(controller.signal);
        this.answered++;
        return reply;
      } catch (error) {
        if (scope.aborted) throw new WaitCancelled();
        const failure: Failure =
          timedOut || isTimeout(error) ? { retryable: true, unreachable: false, description: `no reply within ${Math.round(limit)} ms` } : classify(error, clock.now());
        if (failure.retryAfterMs !== undefined && failure.retryAfterMs <= maxRetryAfterMs) {
          // Set before the slot is released, so no queued attempt slips out ahead of the pause.
          this.notBefore = Math.max(this.notBefore, clock.now() + failure.retryAfterMs);
        }
        throw new AttemptFailed(failure, error);
      } finally {
        clearTimeout(timer);
        scope.removeEventListener('abort', cancel);
        this.inFlight--;
        const waiters = [...this.budgetWaiters];
        this.budgetWaiters.clear();
        for (const wake of waiters) wake();
      }
    } finally {
      release();
    }
  }

  /**
   * Waits until the budgets have room for one more request, or throws SamplerError 'budget'. A request in flight
   * may yet fail and leave its place in the request budget to another, so a full budget with requests in flight
   * waits for them to end rather than refusing early; the request budget is never overrun.
   */
  private async reserve(scope: AbortSignal): Promise<void> {
    const { maxRequests, maxAttempts } = this.policy;
    for (;;) {
      if (this.counters.requests >= maxAttempts) {
        const failed = this.counters.requests - this.answered - this.inFlight;
        throw new SamplerError(
          `The attempt budget is spent: ${maxAttempts} request${maxAttempts === 1 ? '' : 's'} sent to ${this.endpoint}, ${failed} of them failed, ` +
            `for ${this.answered} answer${this.answered === 1 ? '' : 's'}; the endpoint fails too often (raise --max-requests to allow more).`,
          'budget',
        );
      }
      if (this.answered + this.inFlight < maxRequests) return;
      if (this.inFlight === 0) {
        throw new SamplerError(
          `The request budget is spent: ${maxRequests} request${maxRequests === 1 ? '' : 's'} to ${this.endpoint} already answered (raise --max-requests to allow more).`,
          'budget',
        );
      }
      await new Promise<void>((resolve, reject) => {
        const cancel = (): void => {
          this.budgetWaiters.delete(wake);
          reject(new WaitCancelled());
        };
        const wake = (): void => {
          scope.removeEventListener('abort', cancel);
          resolve();
        };
        this.budgetWaiters.add(wake);
        scope.addEventListener('abort', cancel, { once: true });
      });
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

/** A patience as a person would say it: "3 minutes", "90 s", "0.3 s". */
function duration(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000} minute${ms === 60_000 ? '' : 's'}`;
  return `${Number((ms / 1000).toPrecision(3))} s`;
}
