// How a report writes numbers: two decimals, signed effects, intervals, counts, times and durations. A value that is
// missing or not a number (NaN is stored as null) is written "n/a", never 0.

/** The placeholder for a number that is missing or not a number. */
export const NOT_AVAILABLE = 'n/a';

/** A stored value as a number: NaN unless it is one (records are JSON, so NaN arrived as null). */
export function numberOf(value: unknown): number {
  return typeof value === 'number' ? value : NaN;
}

/** 0.1234 -> "0.12"; infinite values as "∞" and "-∞". */
export function fixed(value: unknown, digits = 2): string {
  const n = numberOf(value);
  if (Number.isNaN(n)) return NOT_AVAILABLE;
  if (!Number.isFinite(n)) return n > 0 ? '∞' : '-∞';
  return n.toFixed(digits);
}

/** 0.1234 -> "+0.12", -0.1 -> "-0.10". */
export function signed(value: unknown): string {
  const n = numberOf(value);
  return Number.isFinite(n) && n >= 0 ? `+${fixed(n)}` : fixed(n);
}

/** [low, high] -> "[0.12, 0.34]", each end "n/a" when missing. */
export function interval(range: unknown): string {
  const [low, high] = Array.isArray(range) ? range : [];
  return `[${fixed(low)}, ${fixed(high)}]`;
}

/** 0.9 -> "90%". */
export function percent(share: unknown): string {
  const n = numberOf(share);
  return Number.isFinite(n) ? `${Math.round(n * 1000) / 10}%` : NOT_AVAILABLE;
}

/** A whole count as written, else "n/a". */
export function count(value: unknown): string {
  const n = numberOf(value);
  return Number.isFinite(n) ? String(n) : NOT_AVAILABLE;
}

/** A wall-clock duration for people: "850 ms", "12.3 s", "4 min 05 s", "1 h 02 min". */
export function duration(ms: unknown): string {
  const n = numberOf(ms);
  if (!(Number.isFinite(n) && n >= 0)) return NOT_AVAILABLE;
  if (n < 1000) return `${Math.round(n)} ms`;
  const seconds = n / 1000;
  if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
  const wholeSeconds = Math.round(seconds);
  if (wholeSeconds < 3600) return `${Math.floor(wholeSeconds / 60)} min ${String(wholeSeconds % 60).padStart(2, '0')} s`;
  const minutes = Math.round(wholeSeconds / 60);
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** An ISO 8601 time as "2025-01-31 14:05:09 UTC" (the same for every reader, whatever their zone); else as given. */
export function timestamp(iso: unknown): string {
  if (typeof iso !== 'string') return NOT_AVAILABLE;
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  return `${new Date(time).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
