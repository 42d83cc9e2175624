// Waiting well: a limit on requests in flight, cancellable sleeps, backoff with jitter and Retry-After.

/** Raised when an AbortSignal ends a wait; the sampler turns it into SamplerError 'cancelled'. */
export class WaitCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'WaitCancelled';
  }
}

/** The time and the waits of the retry logic: the system's, or a test's own so nothing waits for real. */
export interface Clock {
  now(): number;
  /** Resolves after `ms`, or rejects with WaitCancelled as soon as the signal aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The real clock. */
export const SYSTEM_CLOCK: Clock = { now: () => Date.now(), sleep: (ms, signal) => sleep(ms, signal) };

/** Resolves after `ms`, or rejects with WaitCancelled as soon as any of the signals aborts. */
export function sleep(ms: number, ...signals: (AbortSignal | undefined)[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const live = signals.filter((s): s is AbortSignal => s !== undefined);
    if (live.some((s) => s.aborted)) {
      reject(new WaitCancelled());
      return;
    }
    const done = (): void => {
      clearTimeout(timer);
      for (const s of live) s.removeEventListener('abort', cancel);
    };
    const cancel = (): void => {
      done();
      reject(new WaitCancelled());
    };
    const timer = setTimeout(() => {
      done();
      resolve();
    }, Math.max(0, ms));
    for (const s of live) s.addEventListener('abort', cancel, { once: true });
  });
}

/**
 * A counting semaphore: at most `limit` holders at once, served first come, first served. A waiter whose signal
 * aborts leaves the queue without taking a slot.
 */
export class Semaphore {
  private held = 0;
  private readonly waiters: { grant: () => void; abandon: () => void }[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`concurrency must be a positive integer, not ${limit}`);
  }

  /** Slots currently held (requests in flight). */
  get inUse(): number {
    return this.held;
  }

  /** Waits for a slot; the returned function releases it (calling it twice releases once). */
  acquire(...signals: (AbortSignal | undefined)[]): Promise<() => void> {
    const live = signals.filter((s): s is AbortSignal => s !== undefined);
    if (live.some((s) => s.aborted)) return Promise.reject(new WaitCancelled());
    if (this.held < this.limit) {
      this.held++;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve, reject) => {
      const waiter = {
        grant: (): void => {
          for (const s of live) s.removeEventListener('abort', waiter.abandon);
          resolve(this.releaser());
        },
        abandon: (): void => {
          const at = this.waiters.indexOf(waiter);
          if (at >= 0) this.waiters.splice(at, 1);
          for (const s of live) s.removeEventListener('abort', waiter.abandon);
          reject(new WaitCancelled());
        },
      };
      this.waiters.push(waiter);
      for (const s of live) s.addEventListener('abort', waiter.abandon, { once: true });
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      // The slot passes straight to the next waiter, so `held` never dips and no newcomer can jump the queue.
      if (next) next.grant();
      else this.held--;
    };
  }
}

/**
 * The wait a `Retry-After` header asks for, in milliseconds: delay-seconds or an HTTP date (RFC 9110 10.2.3);
 * `retry-after-ms` (sent by OpenAI and Azure) wins when present. Undefined when absent or unreadable.
 */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && /^\s*\d+(\.\d+)?\s*$/.test(ms)) return Number(ms);
  const value = headers.get('retry-after');
  if (value === null) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/**
 * Exponential backoff with full jitter above a floor: attempt n (0-based) waits anywhere between `baseMs` and
 * min(capMs, baseMs * 2^(n+1)). The floor keeps retries from turning into a tight loop whatever the endpoint says;
 * the jitter spans the whole range from the first retry on, so clients that failed together do not retry together.
 */
export function backoffMs(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const ceiling = Math.max(baseMs, Math.min(capMs, baseMs * 2 ** (attempt + 1)));
  return baseMs + (ceiling - baseMs) * random();
}
