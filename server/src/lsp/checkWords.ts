// Small pieces of the check queue's wording and bookkeeping: refusals, names of jobs, progress messages.
import * as path from 'node:path';
import type { CheckProgress } from '../core/checks/index.js';
import type { CheckName } from '../core/checks/record.js';
import { checkTargets, type CheckTargets } from '../core/checks/targets.js';
import type { ResolvedConfig } from '../core/config.js';
import { parsePromptFile } from '../core/index.js';
import { analyzePrompt } from '../core/persona/analysis.js';
import type { CheckRefusal, RunCheckArgs, RunCheckResult } from '../protocol.js';
import { filePathOf } from './uris.js';

/** What a cancelled check answers. */
export const CANCELLED = 'Cancelled: no verdict.';

/** A check that gave no record, and why. */
export function refused(reason: CheckRefusal, message: string): RunCheckResult {
  return { refused: reason, message };
}

/** "one-sided check of judge.prompt.md:4". */
export function describe(args: RunCheckArgs, file?: string): string {
  const name = file ?? path.basename(filePathOf(args.uri) ?? args.uri);
  return `${args.check} check of ${name}${args.line !== undefined ? `:${args.line + 1}` : ''}`;
}

/** How far a check is, in percent of its most samples. */
export function percentOf(progress: CheckProgress): number {
  return progress.samplesMax === 0 ? 0 : Math.min(100, Math.round((100 * progress.samplesDone) / progress.samplesMax));
}

/** "96/300 samples · share 0.18 [0.09, 0.31]": the partial result streamed with the progress. */
export function progressMessage(check: CheckName, progress: CheckProgress): string {
  const base = `${progress.samplesDone}/${progress.samplesMax} samples`;
  const estimate = progress.estimate;
  if (!estimate) return base;
  const [low, high] = estimate.interval;
  const what = check === 'stability' ? 'persona share' : 'effect';
  return `${base} · ${what} ${estimate.value.toFixed(2)} [${low.toFixed(2)}, ${high.toFixed(2)}]`;
}

/** The check targets of a prompt file's text. */
export function targetsOf(filePath: string, text: string, lint: ResolvedConfig): CheckTargets {
  const doc = parsePromptFile(filePath, text);
  return checkTargets(doc, analyzePrompt(doc, lint));
}

/** The host of an endpoint URL (the URL itself when it is not one). */
export function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl;
  }
}
