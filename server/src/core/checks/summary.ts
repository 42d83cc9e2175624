// The one rendering of a check result in a few words and numbers, shared by code lenses, sampled diagnostics, the
// CLI's text output and the report: the verdict word, what it means for the prompt, and the effect with its interval.
import type { CheckName, CheckRecord } from './record.js';
import { INCOMPLETE_VERDICT, verdictTone, type VerdictTone } from './verdicts.js';

/** The part of a result (as the engine returns it, or as kept in JSON where NaN became null) the summary reads. */
export interface SummarisedResult {
  check: CheckName;
  effect: { value: number | null; interval: [number | null, number | null] | number[] };
  sides?: readonly string[];
  /** One-sided: the baseline's gap and what the persona adds, when they were measured. */
  attribution?: { baselineGap?: { value: number | null }; personaAdds?: { value: number | null } };
}

/** "Unstable", "One-sided", "Even-handed", ...: the verdict word with a capital. */
export function verdictTitle(verdict: string): string {
  return verdict.charAt(0).toUpperCase() + verdict.slice(1);
}

const HEADLINES: Record<CheckName, Record<VerdictTone, string>> = {
  stability: {
    flagged: "Persona unstable: run-to-run noise at least matches the persona's effect",
    clear: "Persona stable: its effect on the answers exceeds run-to-run noise",
    inconclusive: 'Persona stability inconclusive',
  },
  'one-sided': {
    flagged: 'One-sided evaluation: under this persona the model judged evidence by the side its conclusion favours',
    clear: 'Even-handed evaluation: under this persona the model judged evidence alike for either side',
    inconclusive: 'One-sided evaluation inconclusive',
  },
  debias: {
    flagged: 'Ineffective debiasing: with this sentence the persona still judged one-sidedly',
    clear: 'Effective debiasing: with this sentence the persona judged evidence alike for either side',
    inconclusive: 'Debiasing sentence inconclusive',
  },
};

/** What a check's verdict means for the prompt, as one phrase ("Persona unstable: run-to-run noise ..."). */
export function verdictHeadline(check: CheckName, verdict: string): string {
  if (verdict === INCOMPLETE_VERDICT) return `${CHECK_TITLES[check]} incomplete: no answer could be used, so no data was weighed`;
  return HEADLINES[check][verdictTone(verdict)];
}

const CHECK_TITLES: Record<CheckName, string> = { stability: 'Persona stability', 'one-sided': 'One-sided evaluation', debias: 'Debiasing sentence' };

/** The effect with its interval: "persona explains 18% (9-31%)" or "gap +0.40 (+0.12 to +0.66) toward "x"". */
export function effectSummary(result: SummarisedResult): string {
  const effect = result.effect;
  const [low, high] = [effect.interval[0], effect.interval[1]].map((v) => (typeof v === 'number' ? v : NaN));
  if (result.check === 'stability') {
    return `persona explains ${percent(effect.value)} (${percent(low, false)}–${percent(high)})`;
  }
  const toward = result.sides?.[0];
  const what = result.check === 'debias' ? "persona's gap with the sentence" : "persona's gap";
  const gap = `${what} ${signed(effect.value)} (${signed(low)} to ${signed(high)})${toward ? ` toward "${toward}"` : ''}`;
  const adds = result.attribution?.personaAdds?.value;
  if (result.check !== 'one-sided' || typeof adds !== 'number' || !Number.isFinite(adds)) return gap;
  return `${gap}; without the persona ${signed(result.attribution?.baselineGap?.value)}, so the persona adds ${signed(adds)}`;
}

/**
 * "Unstable · 18% · 2 min ago", "One-sided · +0.40 · just now": a kept result on a code lens, short enough to sit
 * beside the run lenses in an editor of ordinary width. The interval, calls and model are in `recordSentence`.
 */
export function lensSummary(record: CheckRecord, now = Date.now()): string {
  const value = record.result.effect.value;
  const effect = record.check === 'stability' ? percent(value) : signed(value);
  return `${verdictTitle(record.verdict)} · ${effect} · ${ago(record.finishedAt, now)}`;
}

/**
 * A kept result as a diagnostic's message: "Persona unstable: ...: persona explains 18% (9–31%) (Unstable; 96 calls
 * to llama3, 2026-12-06)."
 */
export function recordSentence(record: CheckRecord): string {
  const calls = record.result.requests + record.result.cached;
  const when = record.finishedAt.slice(0, 10);
  return (
    `${verdictHeadline(record.check, record.verdict)}: ${effectSummary(record.result)} ` +
    `(${verdictTitle(record.verdict)}; ${calls} calls to ${record.endpoint.model}, ${when}).`
  );
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
