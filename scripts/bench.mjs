// npm run bench: (a) didChange -> publishDiagnostics latency through the real language server (node dist/server.js
// --stdio) for 2 KB, 50 KB and 1 MB prompts; (b) `evenhand lint` throughput on 10,000 generated prompt files, side by
// side with ripgrep scanning the same files for the identity lexicon. Options: `lsp` or `cli` to run one part,
// `--files=N` for a smaller corpus. Run `npm run build` first.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promptFile, promptProse, seededRandom } from './bench-prompts.mjs';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const parts = args.filter((a) => !a.startsWith('--'));
const { IDENTITY_CATEGORY_TABLE } = createRequire(import.meta.url)(path.join(root, 'server', 'out', 'core', 'persona', 'categories.js'));
const fileCount = Number(args.find((a) => a.startsWith('--files='))?.slice(8) ?? 10_000);

for (const bundle of ['dist/server.js', 'dist/cli.js']) {
  if (!fs.existsSync(path.join(root, bundle))) {
    console.error(`${bundle} is missing: run "npm run build" first.`);
    process.exit(1);
  }
}

const ms = (x) => `${x < 10 ? x.toFixed(2) : x.toFixed(1)} ms`;
/** Nearest-rank percentile of an ascending array. */
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const median = (values) => percentile([...values].sort((a, b) => a - b), 50);


// ---------------------------------------------------------------------------------------------------------------
// (a) Language server latency

/** A minimal LSP client over stdio: Content-Length framing, requests, and waiting for notifications. */
class LspClient {
  constructor(child) {
    this.child = child;
    this.chunks = [];
    this.received = 0;
    this.bodyStart = undefined;
    this.bodyEnd = 0;
    this.nextId = 1;
    this.pending = new Map();
    this.waiters = [];
    child.stdout.on('data', (chunk) => this.receive(chunk));
  }

  // Chunks are joined only when a header or a whole message is there: diagnostics of a 1 MB prompt can be tens of
  // megabytes, and joining on every chunk would make reading them quadratic.
  receive(chunk) {
    this.chunks.push(chunk);
    this.received += chunk.length;
    for (;;) {
      if (this.bodyStart === undefined) {
        const joined = Buffer.concat(this.chunks);
        this.chunks = [joined];
        const headerEnd = joined.indexOf('\r\n\r\n');
        if (headerEnd < 0) return;
        const length = Number(/Content-Length: (\d+)/i.exec(joined.subarray(0, headerEnd).toString('ascii'))?.[1]);
        this.bodyStart = headerEnd + 4;
        this.bodyEnd = this.bodyStart + length;
      }
      if (this.received < this.bodyEnd) return;
      const joined = Buffer.concat(this.chunks);
      const message = JSON.parse(joined.subarray(this.bodyStart, this.bodyEnd).toString('utf8'));
      const rest = joined.subarray(this.bodyEnd);
      this.chunks = [rest];
      this.received = rest.length;
      this.bodyStart = undefined;
      this.dispatch(message);
    }
  }

  dispatch(message) {
    if (message.id !== undefined && message.method === undefined) {
      this.pending.get(message.id)?.(message);
      this.pending.delete(message.id);
    } else if (message.id !== undefined) {
      // A request from the server (registerCapability, configuration...): answer with defaults.
      const result = message.method === 'workspace/configuration' ? message.params.items.map(() => null) : null;
      this.send({ jsonrpc: '2.0', id: message.id, result });
    } else {
      this.waiters = this.waiters.filter((waiter) => !waiter(message));
    }
  }

  send(message) {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin.write(body);
  }

  request(method, params) {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method, params) {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** Resolves with the first notification `accept` returns true for. */
  waitFor(accept, what) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), 60_000);
      this.waiters.push((message) => {
        if (!accept(message)) return false;
        clearTimeout(timer);
        resolve(message);
        return true;
      });
    });
  }
}

/** Kept results for one prompt file: a one-sided, a stability and a debias record with 200 raw answers each. */
function writeKeptResults(workspace, file) {
  const folder = path.join(workspace, '.evenhand', 'results');
  fs.mkdirSync(folder, { recursive: true });
  const record = (check, verdict) => ({
    version: 1,
    check,
    file,
    persona: { text: 'You are a proud small-government conservative.', line: 5 },
    endpoint: { host: 'localhost:11434', model: 'llama3.1' },
    verdict,
    result: { check, verdict, effect: { value: 0.3, interval: [0.12, 0.5] }, requests: 120, cached: 0, persona: { text: 'p' }, sides: ['conservative', 'progressive'] },
    startedAt: '2026-11-27T10:00:00.000Z',
    finishedAt: '2026-11-27T10:02:00.000Z',
    durationMs: 120000,
    rawSamples: Array.from({ length: 200 }, (_, i) => ({ condition: 'persona', item: `item-${i}`, text: 'an answer of a few hundred characters '.repeat(8) })),
    rawSampleCount: 200,
  });
  const records = [record('one-sided', 'one-sided'), record('stability', 'unstable'), record('debias', 'ineffective')];
  fs.writeFileSync(path.join(folder, 'results.json'), JSON.stringify({ version: 1, records }));
}

async function benchLanguageServer() {
  console.log('(a) Diagnostics latency: didChange -> publishDiagnostics of that version, node dist/server.js --stdio');
  const child = spawn(process.execPath, [...(process.env.BENCH_SERVER_PROF ? ["--cpu-prof", "--cpu-prof-dir=" + process.env.BENCH_SERVER_PROF] : []), path.join(root, "dist", "server.js"), "--stdio"], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const client = new LspClient(child);
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'evenhand-bench-lsp-'));
  await client.request('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(workspace).href,
    capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } } },
  });
  client.notify('initialized', {});

  const sizes = [
    { label: '2 KB', bytes: 2 * 1024, edits: 200 },
    { label: '50 KB', bytes: 50 * 1024, edits: 200 },
    // The same size with kept check results for the file: sampled diagnostics are looked up on every pass.
    { label: '50 KB+r', bytes: 50 * 1024, edits: 200, results: true },
    { label: '1 MB', bytes: 1_000_000, edits: 30 },
  ];
  // A workspace (.git) whose results file holds three checks of the 50 KB prompt with full raw samples.
  fs.mkdirSync(path.join(workspace, '.git'));
  writeKeptResults(workspace, 'bench-51200-results.prompt.md');
  console.log(`  ${'size'.padEnd(7)}${'edits'.padStart(6)}${'findings'.padStart(10)}${'p50'.padStart(11)}${'p99'.padStart(11)}`);
  for (const size of sizes) {
    const random = seededRandom(size.bytes);
    const text = `---\nmode: agent\ndescription: Benchmark prompt\n---\n${promptProse(random, size.bytes - 60)}\n`;
    const uri = pathToFileURL(path.join(workspace, `bench-${size.bytes}${size.results ? '-results' : ''}.prompt.md`)).href;
    const published = (version) =>
      client.waitFor(
        (m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri && m.params.version === version,
        `diagnostics for version ${version} of ${size.label}`,
      );
    let version = 1;
    const opened = published(version);
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'prompt', version, text } });
    const findings = (await opened).params.diagnostics.length;

    // Typing on line 6: insert a character, then delete it, so the text stays the same size.
    const edit = (i) =>
      i % 2 === 0
        ? { range: { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } }, text: 'x' }
        : { range: { start: { line: 5, character: 0 }, end: { line: 5, character: 1 } }, text: '' };
    const warmup = 10;
    const latencies = [];
    for (let i = 0; i < warmup + size.edits; i++) {
      version++;
      const done = published(version);
      const start = performance.now();
      client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [edit(i)] });
      await done;
      if (i >= warmup) latencies.push(performance.now() - start);
    }
    client.notify('textDocument/didClose', { textDocument: { uri } });
    latencies.sort((a, b) => a - b);
    const p99 = percentile(latencies, 99);
    const target = size.bytes === 50 * 1024 ? `   target p99 < 10 ms: ${p99 < 10 ? 'met' : 'MISSED'}` : '';
    console.log(
      `  ${size.label.padEnd(7)}${String(size.edits).padStart(6)}${String(findings).padStart(10)}` +
        `${ms(percentile(latencies, 50)).padStart(11)}${ms(p99).padStart(11)}${target}`,
    );
  }
  await client.request('shutdown', null);
  client.notify('exit', null);
  await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)));
  fs.rmSync(workspace, { recursive: true, force: true });
  console.log("  (the first 10 edits of each size warm up the server and are not counted)\n");
}

// ---------------------------------------------------------------------------------------------------------------
// (b) CLI throughput against ripgrep

/**
 * Writes the corpus into the temp folder (outside the repository, so no .gitignore applies), reusing it while the
 * file count and the generator are unchanged.
 */
function generateCorpus(count) {
  const dir = path.join(os.tmpdir(), `evenhand-bench-corpus-${count}`);
  const stamp = path.join(dir, '.generator');
  const generator = createHash('sha256').update(fs.readFileSync(new URL('./bench-prompts.mjs', import.meta.url))).digest('hex');
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === generator) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  const random = seededRandom(20_240_601);
  for (let i = 0; i < count; i++) {
    const folder = path.join(dir, `team-${String(Math.floor(i / 100)).padStart(3, '0')}`);
    if (i % 100 === 0) fs.mkdirSync(folder, { recursive: true });
    const { suffix, text } = promptFile(random, 900 + Math.floor(random() * 1900));
    fs.writeFileSync(path.join(folder, `prompt-${i}${suffix}`), text);
  }
  fs.writeFileSync(stamp, generator);
  return dir;
}

/** The identity lexicon as one case-insensitive alternation: every word of the identity category files. */
function identityLexiconRegex() {
  const terms = new Set();
  const collect = (value, key) => {
    if (typeof value === 'string' && key !== 'description') terms.add(value);
    else if (Array.isArray(value)) value.forEach((v) => collect(v));
    else if (value && typeof value === 'object') Object.entries(value).forEach(([k, v]) => collect(v, k));
  };
  // A category's words; its "Key:" line names are not words a prompt's persona is written in.
  for (const { lexicon } of IDENTITY_CATEGORY_TABLE) collect({ ...lexicon, attributeKeys: [] });
  const escaped = [...terms].sort((a, b) => b.length - a.length).map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return { terms: terms.size, regex: `(?:${escaped.join('|')})` };
}

/** Median wall time of `runs` runs of a command (after one warm-up run), its output sent to /dev/null. */
function timeCommand(command, commandArgs, runs, acceptExit) {
  const devNull = fs.openSync(os.devNull, 'w');
  const once = () => {
    const start = performance.now();
    const run = spawnSync(command, commandArgs, { stdio: ['ignore', devNull, 'pipe'], cwd: root });
    const elapsed = performance.now() - start;
    if (run.error) throw run.error;
    if (!acceptExit(run.status)) throw new Error(`${command} exited ${run.status}: ${run.stderr.toString().slice(0, 500)}`);
    return elapsed;
  };
  once();
  const times = Array.from({ length: runs }, once);
  fs.closeSync(devNull);
  return median(times);
}

function benchCli() {
  console.log(
    `(b) CLI throughput on ${fileCount.toLocaleString('en')} generated prompt files (median of 5 runs; ` +
      `${os.availableParallelism()} CPUs, Node ${process.version})`,
  );
  const dir = generateCorpus(fileCount);
  const bin = path.join(root, 'bin', 'evenhand.js');
  const report = spawnSync(process.execPath, [bin, 'lint', dir, '--format', 'json'], { maxBuffer: 1 << 30 });
  const summary = JSON.parse(report.stdout.toString()).summary;
  const megabytes = Number(
    spawnSync('du', ['-sm', '--apparent-size', dir]).stdout?.toString().split('\t')[0] ?? NaN,
  );
  console.log(
    `  corpus: ${dir} (${megabytes} MB); evenhand linted ${summary.filesLinted} files, ` +
      `${summary.error + summary.warning + summary.information + summary.hint} findings`,
  );
  const evenhandMs = timeCommand(process.execPath, [bin, 'lint', dir, '--format', 'json'], 5, (s) => s === 0 || s === 1);
  console.log(`  evenhand lint --format json   ${ms(evenhandMs).padStart(10)}   (${Math.round(fileCount / (evenhandMs / 1000))} files/s)`);

  if (spawnSync('rg', ['--version']).error) {
    console.log('  ripgrep (rg) is not installed, so there is no comparison: apt-get install ripgrep');
    return;
  }
  const lexicon = identityLexiconRegex();
  const rgArgs = ['--ignore-case', '--word-regexp', '--count-matches', '--no-messages', '-e', lexicon.regex, dir];
  const rgMs = timeCommand('rg', rgArgs, 5, (s) => s === 0 || s === 1);
  const ratio = evenhandMs / rgMs;
  console.log(`  rg, identity lexicon (${lexicon.terms} terms) ${ms(rgMs).padStart(10)}`);
  console.log(`  ratio evenhand / rg: ${ratio.toFixed(1)}x   target within 10x: ${ratio <= 10 ? 'met' : 'MISSED'}`);
}

// Classes are not hoisted, so the runs start here, after every definition.
if (parts.length === 0 || parts.includes('lsp')) await benchLanguageServer();
if (parts.length === 0 || parts.includes('cli')) benchCli();
