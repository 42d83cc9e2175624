import * as os from 'node:os';
import { Worker, parentPort, workerData } from 'node:worker_threads';
import type { LintResult } from '../core/index.js';
import { ConfigCache } from './configs.js';
import { lintFiles } from './run.js';

/** Below this many files per thread, starting a worker (loading the engine again) costs more than it saves. */
const MIN_FILES_PER_THREAD = 200;
const MAX_THREADS = 8;

/** What a lint worker is given: its share of the files and the `--config` file, if any. */
interface LintWorkerInput {
  files: string[];
  configPath?: string;
}

/**
 * Lints files on this thread and, for large runs, on worker threads that run `entryScript` (the CLI itself),
 * each taking a contiguous share so the results come back in the order of `files`.
 */
export async function lintFilesInParallel(
  files: string[],
  configs: ConfigCache,
  configPath: string | undefined,
  entryScript: string,
): Promise<LintResult[]> {
  const threads = Math.min(os.availableParallelism(), Math.floor(files.length / MIN_FILES_PER_THREAD), MAX_THREADS);
  if (threads <= 1) return lintFiles(files, configs);
  const share = Math.ceil(files.length / threads);
  const shares = Array.from({ length: threads }, (_, i) => files.slice(i * share, (i + 1) * share));
  const workers = shares.slice(1).map((workerFiles) => runLintWorker(entryScript, { files: workerFiles, configPath }));
  const own = lintFiles(shares[0], configs);
  return [own, ...(await Promise.all(workers))].flat();
}

function runLintWorker(entryScript: string, input: LintWorkerInput): Promise<LintResult[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(entryScript, { workerData: input });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`a lint worker exited with code ${code}`));
    });
  });
}

/** The body of a lint worker thread: lints its share and posts the results back. */
export function serveLintWorker(): void {
  const input = workerData as LintWorkerInput;
  parentPort?.postMessage(lintFiles(input.files, new ConfigCache(input.configPath)));
}
