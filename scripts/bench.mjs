// npm run bench: (a) didChange -> publishDiagnostics latency through the real language server (node dist/server.js
// --stdio, settings pulled with workspace/configuration as VS Code does) for 2 KB, 50 KB (sparse, with kept results,
// and dense with personas) and 1 MB prompts, under typing-like edits at random places; (b) `evenhand lint` wall and
// CPU on 10,000 files of a generated corpus (every file with a persona) and a mixed one (one in five), cold and with
// the results cache, beside a plain read of every file and `rg -i -c -f LEXICON`, as ratios. Options: `lsp` or `cli`
// to run one part, `--files=N` for a smaller corpus, `--size=dense` for the sizes whose label holds that text. Run
// `npm run build` first.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { densePersonaProse, plainSourceFile, promptFile, promptProse, pythonPromptModule, seededRandom } from './bench-prompts.mjs';

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
      // VS Code answers workspace/configuration with the section's settings object (here: every default).
      const result = message.method === 'workspace/configuration' ? message.params.items.map(() => ({})) : null;
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
    // As VS Code does: the server pulls settings with workspace/configuration.
    capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: { versionSupport: true } } },
  });
  client.notify('initialized', {});

  const sizes = [
    { label: '2 KB', bytes: 2 * 1024, edits: 200 },
    { label: '50 KB', bytes: 50 * 1024, edits: 200, target: 5 },
    // The same size with kept check results for the file: sampled diagnostics are looked up on every pass.
    { label: '50 KB+r', bytes: 50 * 1024, edits: 200, results: true },
    // A persona library or large focus-group prompt: about 400 persona findings in 50 KB.
    { label: '50 KB dense', bytes: 50 * 1024, edits: 200, dense: true, target: 10 },
    // A Python module that sends prompts (code typed as code is typed: words typed and taken back where they go).
    { label: '50 KB .py', bytes: 50 * 1024, edits: 200, python: true, target: 10 },
    { label: '1 MB', bytes: 1_000_000, edits: 30 },
  ];
  // A workspace (.git) whose results file holds three checks of the 50 KB prompt with full raw samples.
  fs.mkdirSync(path.join(workspace, '.git'));
  writeKeptResults(workspace, 'bench-51200-results.prompt.md');
  console.log(`  ${'size'.padEnd(12)}${'edits'.padStart(6)}${'findings'.padStart(10)}${'p50'.padStart(11)}${'p99'.padStart(11)}`);
  // `--size=dense` (a label's part) runs only the matching sizes, e.g. to profile one of them.
  const only = args.find((a) => a.startsWith('--size='))?.slice(7);
  for (const size of sizes.filter((s) => !only || s.label.includes(only))) {
    const random = seededRandom(size.bytes + (size.dense ? 1 : 0));
    const prose = size.python ? '' : size.dense ? densePersonaProse(random, size.bytes - 60) : promptProse(random, size.bytes - 60);
    let text = size.python ? pythonPromptModule(random, size.bytes) : `---\nmode: agent\ndescription: Benchmark prompt\n---\n${prose}\n`;
    const name = size.python ? `bench_${size.bytes}.py` : `bench-${size.bytes}${size.results ? '-results' : ''}${size.dense ? '-dense' : ''}.prompt.md`;
    const uri = pathToFileURL(path.join(workspace, name)).href;
    const published = (version) =>
      client.waitFor(
        (m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri && m.params.version === version,
        `diagnostics for version ${version} of ${size.label}`,
      );
    let version = 1;
    const opened = published(version);
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'prompt', version, text } });
    const findings = (await opened).params.diagnostics.length;

    // Typing-like edits at random places in the body: mostly one character typed or deleted, now and then a
    // sentence pasted. The bench keeps its own copy of the text to turn offsets into positions.
    const typing = seededRandom(size.bytes + 7);
    const bodyStart = size.python ? 0 : text.indexOf('---\n', 4) + 4;
    const positionAt = (offset) => {
      const before = text.slice(0, offset);
      const line = before.split('\n').length - 1;
      return { line, character: offset - (before.lastIndexOf('\n') + 1) };
    };
    // Code: a word typed one key at a time where people type in code (the end of a line, inside a string) and then
    // deleted again, so the file stays what it was between words, as it mostly does while someone types.
    let pending = [];
    const codeEdit = () => {
      if (pending.length === 0) {
        const word = ' # review';
        const lineEnd = text.indexOf('\n', Math.floor(typing() * (text.length - 1)));
        const inString = typing() < 0.3 ? text.indexOf('Rate how', Math.floor(typing() * text.length)) : -1;
        const at = inString >= 0 ? inString + 4 : lineEnd >= 0 ? lineEnd : text.length;
        const chars = inString >= 0 ? 'quickly ' : word;
        for (let i = 0; i < chars.length; i++) pending.push({ at: at + i, insert: chars[i] });
        for (let i = chars.length - 1; i >= 0; i--) pending.push({ at: at + i, remove: 1 });
      }
      const { at, insert, remove } = pending.shift();
      const [end, inserted] = insert !== undefined ? [at, insert] : [at + remove, ''];
      const change = { range: { start: positionAt(at), end: positionAt(end) }, text: inserted };
      text = text.slice(0, at) + inserted + text.slice(end);
      return change;
    };
    const nextEdit = () => {
      if (size.python) return codeEdit();
      const offset = bodyStart + Math.floor(typing() * (text.length - bodyStart - 1));
      const r = typing();
      const [end, inserted] = r < 0.45 ? [offset, 'e'] : r < 0.9 ? [offset + 1, ''] : [offset, ' Keep the answer short and cite your sources.'];
      const change = { range: { start: positionAt(offset), end: positionAt(end) }, text: inserted };
      text = text.slice(0, offset) + inserted + text.slice(end);
      return change;
    };
    const warmup = 10;
    const latencies = [];
    for (let i = 0; i < warmup + size.edits; i++) {
      version++;
      const change = nextEdit();
      const done = published(version);
      const start = performance.now();
      client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
      await done;
      if (i >= warmup) latencies.push(performance.now() - start);
    }
    client.notify('textDocument/didClose', { textDocument: { uri } });
    latencies.sort((a, b) => a - b);
    const p99 = percentile(latencies, 99);
    const target = size.target ? `   target p99 < ${size.target} ms: ${p99 < size.target ? 'met' : 'MISSED'}` : '';
    console.log(
      `  ${size.label.padEnd(12)}${String(size.edits).padStart(6)}${String(findings).padStart(10)}` +
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
 * Writes a corpus into the temp folder (outside the repository, so no .gitignore applies), reusing it while the
 * file count, the kind and the generator are unchanged. "generated": every file has a persona; "mixed": one file in
 * five has one, the rest are plain task prompts, as in most repositories.
 */
function generateCorpus(count, kind) {
  const dir = path.join(os.tmpdir(), `evenhand-bench-corpus-${kind}-${count}`);
  const stamp = path.join(dir, '.generator');
  const generator = createHash('sha256').update(fs.readFileSync(new URL('./bench-prompts.mjs', import.meta.url))).digest('hex');
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === generator) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  const random = seededRandom(kind === 'mixed' ? 20_240_602 : 20_240_601);
  for (let i = 0; i < count; i++) {
    const folder = path.join(dir, `team-${String(Math.floor(i / 100)).padStart(3, '0')}`);
    if (i % 100 === 0) fs.mkdirSync(folder, { recursive: true });
    const persona = kind !== 'mixed' || random() < 0.2;
    // A repository's code without any model SDK: what reading code files costs where there is nothing to find.
    const { suffix, text } = kind === 'code' ? plainSourceFile(random, 800 + Math.floor(random() * 4000)) : promptFile(random, 900 + Math.floor(random() * 1900), { persona });
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

/**
 * Median wall and CPU (user + system, children included) seconds of `runs` runs of a command after one warm-up run,
 * measured by bash's `time`; output goes to /dev/null. `prepare` runs before each timed run (untimed).
 */
function timeCommand(command, commandArgs, runs, acceptExit, { env = {}, prepare } = {}) {
  const quoted = [command, ...commandArgs].map((a) => `'${String(a).replace(/'/g, "'\\''")}'`).join(' ');
  const once = () => {
    prepare?.();
    const run = spawnSync('bash', ['-c', `TIMEFORMAT='%R %U %S'; time ( ${quoted} > /dev/null 2>/tmp/evenhand-bench-stderr; echo "exit $?" >&2 )`], {
      cwd: root,
      env: { ...process.env, ...env },
      encoding: 'utf8',
    });
    const exit = Number(/exit (\d+)/.exec(run.stderr)?.[1]);
    if (!acceptExit(exit)) throw new Error(`${command} exited ${exit}: ${fs.readFileSync('/tmp/evenhand-bench-stderr', 'utf8').slice(0, 500)}`);
    const [wall, user, system] = run.stderr.trim().split('\n').at(-1).split(' ').map(Number);
    return { wall: wall * 1000, cpu: (user + system) * 1000 };
  };
  once();
  const times = Array.from({ length: runs }, once);
  return { wall: median(times.map((t) => t.wall)), cpu: median(times.map((t) => t.cpu)) };
}

function benchCli() {
  console.log(
    `(b) CLI on ${fileCount.toLocaleString('en')} prompt files: median wall and CPU of 5 runs ` +
      `(${os.availableParallelism()} CPUs, Node ${process.version})`,
  );
  const bin = path.join(root, 'bin', 'evenhand.js');
  const hasRg = !spawnSync('rg', ['--version']).error;
  const lexicon = identityLexiconRegex();
  const patterns = path.join(os.tmpdir(), 'evenhand-bench-lexicon.txt');
  fs.writeFileSync(patterns, lexicon.regex + '\n');
  const ok = (s) => s === 0 || s === 1;
  for (const kind of ['generated', 'mixed']) {
    const dir = generateCorpus(fileCount, kind);
    const report = spawnSync(process.execPath, [bin, 'lint', dir, '--format', 'json', '--no-cache'], { maxBuffer: 1 << 30 });
    const summary = JSON.parse(report.stdout.toString()).summary;
    console.log(
      `  ${kind} corpus (${kind === 'mixed' ? 'one file in five with a persona' : 'every file with a persona'}): ` +
        `${summary.filesLinted} files, ${summary.error + summary.warning + summary.information + summary.hint} findings`,
    );
    // The results cache lives in the user cache folder: a folder of the bench's own keeps runs apart.
    const cacheHome = fs.mkdtempSync(path.join(os.tmpdir(), 'evenhand-bench-cache-'));
    const env = { XDG_CACHE_HOME: cacheHome };
    const cold = timeCommand(process.execPath, [bin, 'lint', dir, '--format', 'json', '--no-cache'], 5, ok, { env });
    timeCommand(process.execPath, [bin, 'lint', dir, '--format', 'json'], 0, ok, { env });
    const warm = timeCommand(process.execPath, [bin, 'lint', dir, '--format', 'json'], 5, ok, { env });
    fs.rmSync(cacheHome, { recursive: true, force: true });
    // A plain read of every file: the floor any linter stands on.
    const read = timeCommand(
      process.execPath,
      ['-e', `const fs=require('fs'),p=require('path');(function walk(d){for(const e of fs.readdirSync(d,{withFileTypes:true})){const f=p.join(d,e.name);if(e.isDirectory())walk(f);else fs.readFileSync(f)}})(${JSON.stringify(dir)})`],
      5,
      (s) => s === 0,
    );
    const rows = [
      ['evenhand lint, cold (--no-cache)', cold],
      ['evenhand lint, results cache', warm],
      ['node: read every file', read],
    ];
    let rg;
    if (hasRg) {
      rg = timeCommand('rg', ['-i', '-c', '-f', patterns, dir], 5, ok);
      rows.push([`rg -i -c -f LEXICON (${lexicon.terms} terms)`, rg]);
    }
    for (const [label, t] of rows) {
      const ratio = rg ? `${(t.wall / rg.wall).toFixed(1)}x rg` : '';
      console.log(`    ${label.padEnd(40)}${ms(t.wall).padStart(10)} wall${ms(t.cpu).padStart(11)} CPU   ${ratio}`);
    }
    if (rg && kind === 'mixed') {
      console.log(
        `    targets on the mixed corpus: cold within 10x rg: ${cold.wall / rg.wall <= 10 ? 'met' : 'MISSED'}; ` +
          `with the results cache within 3x: ${warm.wall / rg.wall <= 3 ? 'met' : 'MISSED'}`,
      );
    }
  }
  if (!hasRg) console.log('  ripgrep (rg) is not installed, so there is no comparison: apt-get install ripgrep');

  // Code files: a repository of Python and TypeScript without a model SDK costs its walk, reads and import checks.
  const codeFiles = Math.round(fileCount / 2);
  const codeDir = generateCorpus(codeFiles, 'code');
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'evenhand-bench-empty-'));
  const codeRun = timeCommand(process.execPath, [bin, 'lint', codeDir, '--format', 'json', '--no-cache'], 5, ok);
  const emptyRun = timeCommand(process.execPath, [bin, 'lint', empty, '--format', 'json', '--no-cache'], 5, (s) => s === 0 || s === 1 || s === 2);
  fs.rmSync(empty, { recursive: true, force: true });
  const extra = codeRun.wall - emptyRun.wall;
  console.log(`  ${codeFiles.toLocaleString('en')} code files (.py, .ts) without a model SDK, cold (--no-cache):`);
  console.log(`    evenhand lint${ms(codeRun.wall).padStart(37)} wall${ms(codeRun.cpu).padStart(11)} CPU`);
  console.log(`    evenhand lint of an empty folder${ms(emptyRun.wall).padStart(18)} wall${ms(emptyRun.cpu).padStart(11)} CPU`);
  console.log(`    extra time for the code files: ${ms(extra)} (target under 1 s${codeFiles < 5000 ? ' for 5,000 files' : ''}: ${extra < 1000 * (codeFiles / 5000) ? 'met' : 'MISSED'})`);
}

// Classes are not hoisted, so the runs start here, after every definition.
if (parts.length === 0 || parts.includes('lsp')) await benchLanguageServer();
if (parts.length === 0 || parts.includes('cli')) benchCli();
