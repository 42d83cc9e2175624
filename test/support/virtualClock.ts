// A test clock for the model client's waits.

/**
 * A clock whose waits take no real time: sleeping moves its time forward. `sentAt` holds its time when each
 * request left (through the sampler's fetch), so tests assert on waits of seconds without waiting them.
 */
export function virtualClock(start = Date.parse('2026-07-01T12:00:00.500Z')) {
  const clock = {
    time: start,
    sentAt: [] as number[],
    now: () => clock.time,
    sleep: async (ms: number, signal?: AbortSignal) => {
      if (signal?.aborted) throw new Error('cancelled');
      clock.time += Math.max(0, ms);
    },
    fetch: ((input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
      clock.sentAt.push(clock.time);
      return fetch(input, init);
    }) as typeof fetch,
  };
  return clock;
}
