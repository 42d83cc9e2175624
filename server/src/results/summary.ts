// A kept result in a few words and numbers, for code lenses, diagnostics and the status line.
import type { CheckRecord } from './record.js';

/** "Unstable", "One-sided", "Even-handed", ...: the verdict word with a capital. */
export function verdictTitle(verdict: string): string {
  return verdict.charAt(0).toUpperCase() + verdict.slice(1);
}

/** The effect with its interval: "persona explains 18% (9-31%)" or "gap +0.40 (+0.12 to +0.66) toward "x"". */
export function effectSummary(record: CheckRecord): string {
  const result = record.result;
  const effect = result.effect;
  const [low, high] = effect.interval.map((v) => (typeof v === 'number' ? v : NaN));
  if (result.check === 'stability') {
    return `persona explains ${percent(effect.value)} (${percent(low, false)}–${percent(high)})`;
  }
  const toward = result.sides?.[0];
  const what = result.check === 'debias' ? 'gap with the sentence' : 'gap';
  return `${what} ${signed(effect.value)} (${signed(low)} to ${signed(high)})${toward ? ` toward "${toward}"` : ''}`;
}

/** "Unstable: persona explains 18% (9–31%), 96 calls, 2 min ago". */
export function lensSummary(record: CheckRecord, now = Date.now()): string {
  const calls = record.result.requests + record.result.cached;
  return `${verdictTitle(record.verdict)}: ${effectSummary(record)}, ${calls} call${calls === 1 ? '' : 's'}, ${ago(record.finishedAt, now)}`;
}

/** "just now", "2 min ago", "3 h ago", "4 days ago". */
export function ago(iso: string, now = Date.now()): string {
  const seconds = Math.max(0, (now - Date.parse(iso)) / 1000);
  if (!Number.isFinite(seconds) || seconds < 45) return 'just now';
  if (seconds < 3600) return `${Math.max(1, Math.round(seconds / 60))} min ago`;
  if (seconds < 86_400) return `${Math.round(seconds / 3600)} h ago`;
  const days = Math.round(seconds / 86_400);
  return `${days} day${days === 1 ? '' : 's'} ago`;
}

function percent(value: number | null | undefined, sign = true): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'n/a';
  return `${Math.round(value * 100)}${sign ? '%' : ''}`;
}

function signed(value: number | null | undefined): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'n/a';
  return `${value >= 0 ? '+' : ''}${value.toFixed(2)}`;
}
