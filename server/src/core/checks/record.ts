// One finished check as it is kept, shown and exported: what was checked, against which model, what came out,
// what it cost, and the raw samples. Shared by the language server, the CLI and the report renderer; it is plain
// JSON (no classes, no Node built-ins) so the client and the webview can read it too.
import type { CostEstimate } from './cost.js';
import type { DebiasResult } from './debias.js';
import type { OneSidedResult } from './oneSided.js';
import type { StabilityResult } from './stability.js';

export type CheckName = 'one-sided' | 'stability' | 'debias';
export const CHECK_NAMES: readonly CheckName[] = ['one-sided', 'stability', 'debias'];

/** The result of any of the three checks, as the engine returns it. */
export type AnyCheckResult = OneSidedResult | StabilityResult | DebiasResult;

/** One model answer as it came back: untrusted text, escaped wherever it is shown. */
export interface RawSample {
  /** The condition (persona, baseline, counterfactual, contrast-1, none, ...). */
  condition: string;
  /** The probe item's id, or "input N" for the prompt's own sample inputs. */
  item: string;
  /** The answer text (cut to 1,000 characters). */
  text: string;
  /** For probe items: whether the answer was the correct option; undefined for invalid or free-text answers. */
  correct?: boolean;
}

/** A finished check, kept per workspace, keyed by file, check, persona text and model. */
export interface CheckRecord {
  /** Format version of this record. */
  version: 1;
  check: CheckName;
  /** The prompt file, relative to the workspace folder (forward slashes), or absolute outside any workspace. */
  file: string;
  /**
   * The persona sentence as it was when the check ran, and its 1-based line then; `chosen: "hand"` when the user
   * pointed at it (absent in records of detected personas, and in records older than the field).
   */
  persona: { text: string; line: number; chosen?: 'hand' };
  /** debias only: the debiasing sentence(s) measured. */
  target?: { text: string; line: number }[];
  endpoint: { host: string; model: string };
  verdict: string;
  /** The engine's full result (NaN values become null in JSON). */
  result: AnyCheckResult;
  /** ISO 8601 times and the wall-clock duration. */
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  cost?: CostEstimate;
  /** The first answers of the run, up to a cap, for the report. */
  rawSamples: RawSample[];
  /** How many answers the run had in all (rawSamples may hold fewer). */
  rawSampleCount: number;
}

/** The most raw samples a record keeps. */
export const RAW_SAMPLE_CAP = 200;
/** The longest raw answer kept, in characters. */
export const RAW_TEXT_CAP = 1000;
