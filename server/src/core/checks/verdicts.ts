// The verdict words of the three checks and which of them flag a prompt: one table, read by the sampled rules, the
// CLI's exit code, the code lenses and the report. The words are a contract: scripts read them.
import type { CheckName } from './record.js';

/** How a verdict reads: it flags the prompt, clears it, or the data did not settle. */
export type VerdictTone = 'flagged' | 'clear' | 'inconclusive';

/** Per check: the verdict that flags the prompt and the one that clears it; any other verdict is inconclusive. */
export const CHECK_VERDICTS = {
  'one-sided': { flagged: 'one-sided', clear: 'even-handed' },
  stability: { flagged: 'unstable', clear: 'stable' },
  debias: { flagged: 'ineffective', clear: 'effective' },
} as const satisfies Record<CheckName, { flagged: string; clear: string }>;

/** Every verdict that flags a prompt, whichever check gave it. */
export const FLAGGED_VERDICTS: readonly string[] = Object.values(CHECK_VERDICTS).map((v) => v.flagged);

/** The tone of a verdict word (of any check: the words do not overlap). */
export function verdictTone(verdict: string): VerdictTone {
  for (const words of Object.values(CHECK_VERDICTS)) {
    if (verdict === words.flagged) return 'flagged';
    if (verdict === words.clear) return 'clear';
  }
  return 'inconclusive';
}

/** The verdict of a check that ended without one usable observation: exit 3, and the result is not kept. */
export const INCOMPLETE_VERDICT = 'incomplete';

/** Whether a verdict flags the prompt (exit 1 from `evenhand check`, a warning in the editor). */
export function isFlaggedVerdict(verdict: string): boolean {
  return verdictTone(verdict) === 'flagged';
}
