// Running a sampled check on a prompt file the way the CLI and the language server both do: a sampler for the
// user's endpoint with the workspace's reply cache, the check itself, and its record kept in the workspace's result
// store. Which key goes to the endpoint is the caller's (model/keyPolicy.ts); budgets beyond one check are too.
import type { CheckOptions, Price } from '../core/checks/index.js';
import type { AnyCheckResult, CheckName, CheckRecord } from '../core/checks/record.js';
import { INCOMPLETE_VERDICT } from '../core/checks/verdicts.js';
import { createOpenAISampler, type OpenAISamplerOptions } from '../model/openaiSampler.js';
import { cacheFolder, keepOutOfGit } from '../results/paths.js';
import { runAndRecord, type AnyCheckInput } from '../results/run.js';
import { ResultStore } from '../results/store.js';

/** One check to run on a prompt file. */
export interface WorkspaceCheck {
  check: CheckName;
  input: AnyCheckInput;
  /** The prompt file (absolute path). */
  filePath: string;
  /** Where requests go and how (the per-check budget and the cache folder are set here). */
  endpoint: Omit<OpenAISamplerOptions, 'maxRequests' | 'cacheDir'>;
  /** The most requests the check may send. */
  maxRequests: number;
  /** The check's options: its stopping rule, seed, progress, cancel signal. */
  options?: Omit<CheckOptions, 'maxRequests'>;
  /** Read and write the workspace's reply cache (default true). */
  cache?: boolean;
  /** Keep the record in the workspace's result store (default true). */
  keep?: boolean;
  /** The store to keep it in (default the file's workspace store). */
  store?: ResultStore;
  /** Prices, for the record's cost estimate. */
  price?: Price;
}

/** What a finished check left: its result, its record, and where that was kept (or why it could not be). A run with no answer is not kept. */
export interface WorkspaceCheckOutcome {
  result: AnyCheckResult;
  record: CheckRecord;
  store: ResultStore;
  /** Set when the record could not be written (the result still stands). */
  keepError?: Error;
}

/**
 * Runs one check and keeps its record. A budget beyond the check (the editor's daily one) is the endpoint's
 * `sharedBudget`, asked before every request. Errors of the input (CheckInputError) and of the endpoint
 * (SamplerError, also for a bad endpoint configuration) are thrown for the caller to word.
 */
export async function runWorkspaceCheck(run: WorkspaceCheck): Promise<WorkspaceCheckOutcome> {
  const cacheDir = run.cache === false ? undefined : cacheFolder(run.filePath);
  const sampler = createOpenAISampler({ ...run.endpoint, maxRequests: run.maxRequests, ...(cacheDir ? { cacheDir } : {}) });
  const store = run.store ?? ResultStore.forPrompt(run.filePath);
  const host = new URL(run.endpoint.baseURL).host;
  let outcome: WorkspaceCheckOutcome;
  try {
    const options: CheckOptions = {
      ...run.options,
      maxRequests: run.maxRequests,
      // The cache folder appears (ignoring itself in git) once the input is understood, before the first request.
      onStart: (plan) => {
        if (cacheDir) keepOutOfGit(cacheDir);
        run.options?.onStart?.(plan);
      },
    };
    const context = { file: store.keyOf(run.filePath), host, model: run.endpoint.model, ...(run.price ? { price: run.price } : {}) };
    const { result, record } = await runAndRecord(run.check, run.input, sampler, options, context);
    outcome = { result, record, store };
  } finally {
    sampler.close();
  }
  // A run that got no answer at all (its budget could not buy one round), or no usable one ("incomplete"),
  // measured nothing: nothing to keep, so it never replaces an earlier result.
  if (run.keep !== false && outcome.result.samples > 0 && outcome.result.verdict !== INCOMPLETE_VERDICT) {
    try {
      await store.put(outcome.record);
    } catch (error) {
      outcome.keepError = error as Error;
    }
  }
  return outcome;
}
