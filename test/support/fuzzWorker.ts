// Runs one share of the fuzz suite in a worker thread (so the suite uses every core): lints `count` documents
// generated from `seed` and reports how many, the slowest lint, or the first failure fast-check shrank to.
import { parentPort, workerData } from 'node:worker_threads';
import fc from 'fast-check';
import { lintText, resolveConfig } from '../../server/out/core/index.js';
import { fuzzDocument } from './fuzzDocs.js';

/** What a worker is asked: how many documents, from which seed, and how long one lint may take. */
export interface FuzzShare {
  count: number;
  seed: number;
  perLintMs: number;
}

/** What it answers. */
export interface FuzzReport {
  linted: number;
  slowestMs: number;
  failure?: string;
}

const share = workerData as FuzzShare;
const config = resolveConfig();
let linted = 0;
let slowestMs = 0;
const report: FuzzReport = { linted: 0, slowestMs: 0 };
// YAML errors are part of the inputs; their stack traces are not, and capturing one per document doubles the cost.
Error.stackTraceLimit = 0;
try {
  fc.assert(
    fc.property(fuzzDocument, ({ file, text }) => {
      const start = performance.now();
      const result = lintText(file, text, config);
      const took = performance.now() - start;
      linted++;
      slowestMs = Math.max(slowestMs, took);
      if (!Array.isArray(result.findings)) throw new Error('no findings array');
      if (took > share.perLintMs) throw new Error(`one lint took ${took.toFixed(0)} ms (bound ${share.perLintMs} ms)`);
    }),
    { numRuns: share.count, seed: share.seed, endOnFailure: false },
  );
} catch (error) {
  Error.stackTraceLimit = 10;
  report.failure = String((error as Error).message ?? error);
}
report.linted = linted;
report.slowestMs = slowestMs;
parentPort!.postMessage(report);
