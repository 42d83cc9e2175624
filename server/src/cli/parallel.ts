import * as os from 'node:os';
import { Worker, parentPort, workerData } from 'node:worker_threads';
import type { LintResult } from '../core/index.js';
import { ResultStores } from '../results/stores.js';
import { ConfigCache } from './configs.js';
import type { LintCache } from './lintCache.js';
import { keptResultsOf, lintFiles, type LintedFile } from './run.js';

/**
 * Below this many files per thread, starting a worker costs more than it saves: each pays 1.4-1.9 s of CPU to load
 * and warm up the engine. Measured on 2 idle cores (bench corpus): a second thread took the same wall time for 30-40%
 * more CPU on 3,000 and 6,000 files, and 14% less wall time for 33% more CPU on 10,000.
 */
const MIN_FILES_PER_THREAD = 3500;
const MAX_THREADS = 8;

/**
 * MIN_FILES_PER_THREAD, or EVENHAND_LINT_FILES_PER_THREAD when it is a positive whole number: for machines whose
 * cores or prompts differ from the ones measured, and for tests of the worker path on a few hundred files.
 */
function filesPerThread(): number {
  const wanted = Number(process.env.EVENHAND_LINT_FILES_PER_THREAD);
  return Number.isInteger(wanted) && wanted > 0 ? wanted : MIN_FILES_PER_THREAD;
}
/** Files claimed at a time: small enough to balance threads that start late, large enough to claim rarely. */
const BATCH = 25;

/** What a lint worker is given: all files, the shared counter of the next unclaimed one, the `--config` file. */
interface LintWorkerInput {
  files: string[];
  next: Int32Array;
  configPath?: string;
}

/** Results of one claimed batch: `results[i]` belongs to `files[start + i]`. */
interface BatchResults {
  start: number;
  results: LintedFile[];
}

/**
 * Lints files on this thread and, for large runs, on worker threads that run `entryScript` (the CLI itself).
 * Threads claim batches from a shared counter, so a worker that starts late simply takes fewer; the results are
 * put back in the order of `files`. With a `cache`, files it holds unchanged are read from it, not linted, and the
 * rest are remembered in it (cache.save() writes them). Files with kept check results are always linted.
 */
export async function lintFilesInParallel(
  files: string[],
  configs: ConfigCache,
  configPath: string | undefined,
  entryScript: string,
  cache?: LintCache,
): Promise<LintResult[]> {
  const results: LintResult[] = new Array(files.length);
  const toLint: number[] = [];
  const stores = new ResultStores({ snapshot: true });
  files.forEach((file, i) => {
    const cached = cache && !keptResultsOf(stores, file).kept ? cache.lookup(file, configs.forFile(file)) : undefined;
    if (cached) results[i] = cached;
    else toLint.push(i);
  });
  const linted = await lintOnThreads(toLint.map((i) => files[i]), configs, configPath, entryScript);
  linted.forEach(({ result, cacheKey }, j) => {
    results[toLint[j]] = result;
    if (cache && cacheKey) cache.rememberResult(result, cacheKey);
  });
  return results;
}

async function lintOnThreads(files: string[], configs: ConfigCache, configPath: string | undefined, entryScript: string): Promise<LintedFile[]> {
  const threads = Math.min(os.availableParallelism(), Math.floor(files.length / filesPerThread()), MAX_THREADS);
  if (threads <= 1) return lintFiles(files, configs);
  const next = new Int32Array(new SharedArrayBuffer(4));
  const workers = Array.from({ length: threads - 1 }, () => runLintWorker(entryScript, { files, next, configPath }));
  const batches = [lintClaimedBatches(files, next, configs), ...(await Promise.all(workers))].flat();
  const linted: LintedFile[] = new Array(files.length);
  for (const batch of batches) batch.results.forEach((file, i) => (linted[batch.start + i] = file));
  return linted;
}

function lintClaimedBatches(files: string[], next: Int32Array, configs: ConfigCache): BatchResults[] {
  const batches: BatchResults[] = [];
  for (let start = Atomics.add(next, 0, BATCH); start < files.length; start = Atomics.add(next, 0, BATCH)) {
    batches.push({ start, results: lintFiles(files.slice(start, start + BATCH), configs) });
  }
  return batches;
}

function runLintWorker(entryScript: string, input: LintWorkerInput): Promise<BatchResults[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(entryScript, { workerData: input });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`a lint worker exited with code ${code}`));
    });
  });
}

/** The body of a lint worker thread: lints batches until none are left and posts their results back. */
export function serveLintWorker(): void {
  const input = workerData as LintWorkerInput;
  parentPort?.postMessage(lintClaimedBatches(input.files, input.next, new ConfigCache(input.configPath)));
}
