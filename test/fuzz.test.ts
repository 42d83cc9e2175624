// The fuzz suite of issue 9's bars: >= 100,000 generated prompt files across every format (frontmatter, YAML
// scalars of every style, Handlebars, role lines, random unicode, control characters, CRLF and lone CR, deep but
// short nesting). None may throw or hang the engine the CLI runs; a share goes through the language server
// (open, change), which must still answer a request afterwards.
import assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import { FUZZ_FILES, fuzzDocument } from './support/fuzzDocs.js';
import type { FuzzReport, FuzzShare } from './support/fuzzWorker.js';
import { LspClient } from './support/lspClient.js';

const IN_PROCESS = 100_000;
const THROUGH_SERVER = 3_000;
// A hang detector, not a benchmark: a document of a few hundred characters lints in about a millisecond.
const PER_LINT_MS = 2_000;

function runShare(share: FuzzShare): Promise<FuzzReport> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(path.join(__dirname, 'support', 'fuzzWorker.js'), { workerData: share });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

describe('fuzz: no generated prompt file throws or hangs the linter', () => {
  test(`${IN_PROCESS} documents in-process, on every core`, { timeout: 300_000 }, async (t) => {
    const workers = Math.max(1, Math.min(4, os.availableParallelism()));
    const shares = Array.from({ length: workers }, (_, k) => ({
      count: Math.ceil(IN_PROCESS / workers),
      seed: 9_1000 + k,
      perLintMs: PER_LINT_MS,
    }));
    const reports = await Promise.all(shares.map(runShare));
    for (const report of reports) assert.equal(report.failure, undefined, report.failure);
    const linted = reports.reduce((sum, r) => sum + r.linted, 0);
    t.diagnostic(`${linted} documents on ${workers} threads; slowest lint ${Math.max(...reports.map((r) => r.slowestMs)).toFixed(0)} ms`);
    assert.ok(linted >= IN_PROCESS);
  });

  test(`${THROUGH_SERVER} documents through the language server, which still answers afterwards`, { timeout: 300_000 }, async (t) => {
    const client = new LspClient();
    try {
      await client.initialize();
      const uris = new Map(FUZZ_FILES.map((file) => [file, client.uri(file)]));
      const versions = new Map<string, number>();
      const documents = fc.sample(fuzzDocument, { numRuns: THROUGH_SERVER, seed: 9_2000 });
      for (const [i, { file, text }] of documents.entries()) {
        const uri = uris.get(file)!;
        const version = (versions.get(uri) ?? 0) + 1;
        versions.set(uri, version);
        const published = version === 1 ? await client.open(uri, text, version) : await client.change(uri, version, text);
        assert.ok(Array.isArray(published.diagnostics), `${file} #${i}: diagnostics published`);
        if (i % 25 === 0) {
          const symbols = await client.request<unknown[] | null>('textDocument/documentSymbol', { textDocument: { uri } });
          assert.ok(symbols === null || Array.isArray(symbols), `${file} #${i}: document symbols answered`);
        }
      }
      for (const uri of uris.values()) {
        if (!versions.has(uri)) continue;
        const hover = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
        assert.ok(hover === null || typeof hover === 'object');
        const symbols = await client.request<unknown[] | null>('textDocument/documentSymbol', { textDocument: { uri } });
        assert.ok(symbols === null || Array.isArray(symbols));
      }
      assert.ok(client.alive, 'the server is still running');
      t.diagnostic(`${documents.length} documents opened or changed in ${uris.size} files`);
    } finally {
      await client.shutdown();
    }
  });
});
