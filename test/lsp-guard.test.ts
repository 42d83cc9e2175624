// The language server under hostile input: every request passes one guard, so a document over maxFileSize is
// refused alike everywhere, nesting deep enough to overflow a recursive parser is a problem and not a crash, and
// `.evenhand.json` is read once per change. One server over stdio; a request that kills it fails the test at once.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { ConfigurationParams, Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver/node';

const serverBundle = path.join(__dirname, '..', 'dist', 'server.js');
const TIMEOUT = { timeout: 30_000 };
const PERSONA_PROMPT = 'You are a lifelong Democrat.\n\nRate the credibility of each claim below from 1 to 10.\n';
/** The 6 KB prompt from the reliability issue: frontmatter nested 3,000 brackets deep. */
const DEEP_FRONTMATTER = `---\na: ${'['.repeat(3000)}${']'.repeat(3000)}\n---\nYou are a Democrat. Rate this.\n`;

let server: ChildProcess;
let connection: MessageConnection;
let workspace: string;
let died: Promise<never>;
const logs: string[] = [];
let waiters: { uri: string; version: number; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
let version = 0;

const uriOf = (name: string) => pathToFileURL(path.join(workspace, name)).href;
const codes = (p: PublishDiagnosticsParams) => p.diagnostics.map((d) => String(d.code)).sort();
const messageOf = (d: Diagnostic) => (typeof d.message === 'string' ? d.message : d.message.value);

/** A request that fails the test if the server dies before it answers. */
function request<R>(method: string, params: unknown): Promise<R> {
  return Promise.race([connection.sendRequest<R>(method, params), died]);
}

function published(uri: string, atVersion: number): Promise<PublishDiagnosticsParams> {
  return Promise.race([new Promise<PublishDiagnosticsParams>((resolve) => waiters.push({ uri, version: atVersion, resolve })), died]);
}

async function open(uri: string, text: string): Promise<PublishDiagnosticsParams> {
  const v = ++version;
  const diagnostics = published(uri, v);
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: v, text } });
  return diagnostics;
}

/** Appends a line to an open document (one keystroke's worth of change) and waits for its diagnostics. */
async function type(uri: string, line: number): Promise<PublishDiagnosticsParams> {
  const v = ++version;
  const diagnostics = published(uri, v);
  const at = { line, character: 0 };
  await connection.sendNotification('textDocument/didChange', {
    textDocument: { uri, version: v },
    contentChanges: [{ range: { start: at, end: at }, text: '\n' }],
  });
  return diagnostics;
}

/** The server answers a request about an ordinary document correctly. */
async function stillAnswers(): Promise<void> {
  const uri = uriOf(`alive-${version}.prompt.md`);
  assert.deepEqual(codes(await open(uri, PERSONA_PROMPT)), ['EH001', 'EH002']);
  const hover = await request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 12 } });
  assert.match(hover?.contents.value ?? '', /identity/i);
}

before(async () => {
  assert.ok(fs.existsSync(serverBundle), 'dist/server.js exists (run `npm run build` first)');
  workspace = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'evenhand-guard-')));
  server = spawn(process.execPath, [serverBundle, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  died = new Promise<never>((_, reject) => server.once('exit', (code, signal) => reject(new Error(`the server died (${signal ?? code})`))));
  died.catch(() => undefined);
  connection = createMessageConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
  connection.onRequest('workspace/configuration', (params: ConfigurationParams) => params.items.map(() => ({})));
  connection.onRequest('client/registerCapability', () => null);
  connection.onNotification('window/logMessage', (m: { message: string }) => void logs.push(m.message));
  connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    const ready = waiters.filter((w) => w.uri === p.uri && w.version === p.version);
    waiters = waiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.resolve(p);
  });
  connection.listen();
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(workspace).href,
    workspaceFolders: [{ uri: pathToFileURL(workspace).href, name: 'workspace' }],
    capabilities: { workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } } },
  });
  await connection.sendNotification('initialized', {});
});

after(async () => {
  if (server.exitCode === null && server.signalCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    await connection.sendRequest('shutdown');
    await connection.sendNotification('exit');
    await exited;
  }
  connection.dispose();
  fs.rmSync(workspace, { recursive: true, force: true });
});

test('frontmatter nested 3,000 brackets deep is EH000 everywhere, and hover, outline and lenses answer', TIMEOUT, async () => {
  const uri = uriOf('deep.prompt.md');
  const diagnostics = await open(uri, DEEP_FRONTMATTER);
  assert.ok(codes(diagnostics).includes('EH000'));
  assert.match(messageOf(diagnostics.diagnostics.find((d) => d.code === 'EH000')!), /nested more than 100 levels/);
  // Each of these aborted the process before ("RegExpCompiler Allocation failed"); ask twice, as an editor does.
  for (let round = 0; round < 2; round++) {
    assert.ok(await request('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 12 } }));
    assert.equal((await request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri } })).length, 1);
    assert.ok((await request<unknown[]>('textDocument/codeLens', { textDocument: { uri } })).length > 0);
  }
  await stillAnswers();
});

test('a 10 MB document gets no diagnostics, lenses, hover, outline or actions, quickly, and one warning', TIMEOUT, async () => {
  const uri = uriOf('huge.prompt.md');
  const line = 'You are a Republican number 7. Rate it.\n';
  const text = line.repeat(Math.ceil((10 * 1024 * 1024) / line.length));
  assert.deepEqual((await open(uri, text)).diagnostics, []);
  const started = Date.now();
  const whole = { start: { line: 0, character: 0 }, end: { line: 5, character: 0 } };
  for (let round = 0; round < 3; round++) {
    assert.deepEqual(await request('textDocument/codeLens', { textDocument: { uri } }), []);
    assert.equal(await request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 12 } }), null);
    assert.deepEqual(await request('textDocument/documentSymbol', { textDocument: { uri } }), []);
    assert.deepEqual(await request('textDocument/codeAction', { textDocument: { uri }, range: whole, context: { diagnostics: [] } }), []);
  }
  // Linting or parsing 10 MB took seconds and hundreds of megabytes; twelve refusals take milliseconds each.
  assert.ok(Date.now() - started < 3000, `${Date.now() - started} ms for twelve refused requests`);
  assert.deepEqual(codes(await type(uri, 0)), []);
  const warnings = logs.filter((l) => l.includes('huge.prompt.md'));
  assert.deepEqual(warnings, [`${uri}: skipped: over the 1048576-byte limit (maxFileSize)`]);
  await stillAnswers();
});

test('a handler that throws on malformed parameters answers with its empty fallback; the server lives on', TIMEOUT, async () => {
  const uri = uriOf('malformed.prompt.md');
  await open(uri, PERSONA_PROMPT);
  assert.equal(await request('textDocument/hover', { textDocument: { uri } }), null);
  await assert.rejects(request('workspace/executeCommand', { command: 'evenhand.server.runCheck', arguments: [{}] }), /takes \{ uri, check/);
  assert.ok(logs.some((l) => /failed while hover/.test(l)));
  await stillAnswers();
});

test('a .evenhand.json nested 3,000 levels deep: a diagnostic on it, and prompts under it linted with defaults', TIMEOUT, async () => {
  const folder = path.join(workspace, 'deep-config');
  fs.mkdirSync(folder);
  const configText = `{\n  "rules": ${'['.repeat(3000)}${']'.repeat(3000)}\n}\n`;
  const configPath = path.join(folder, '.evenhand.json');
  fs.writeFileSync(configPath, configText);
  const prompt = await open(pathToFileURL(path.join(folder, 'a.prompt.md')).href, PERSONA_PROMPT);
  assert.deepEqual(codes(prompt), ['EH001', 'EH002']);
  assert.ok(logs.includes(`${configPath}: The configuration is nested more than 64 levels deep. (the file is ignored until this is fixed)`), logs.join('\n'));
  const config = await open(pathToFileURL(configPath).href, configText);
  assert.equal(config.diagnostics.length, 1);
  assert.equal(config.diagnostics[0].code, 'config');
  assert.match(messageOf(config.diagnostics[0]), /nested more than 64 levels/);
  assert.deepEqual(config.diagnostics[0].range.start, { line: 1, character: 74 });
  await stillAnswers();
});

test('.evenhand.json is read once per change: not on every keystroke, again after a watcher event or a new mtime', TIMEOUT, async () => {
  const folder = path.join(workspace, 'cached');
  fs.mkdirSync(folder);
  const configPath = path.join(folder, '.evenhand.json');
  // Whole seconds, so setting the same time again restores it exactly.
  const mtime = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
  fs.writeFileSync(configPath, '{ "rules": { "EH002": "off" } }');
  fs.utimesSync(configPath, mtime, mtime);
  const uri = pathToFileURL(path.join(folder, 'a.prompt.md')).href;
  assert.deepEqual(codes(await open(uri, PERSONA_PROMPT)), ['EH001']);

  // Rewritten behind the server's back with the same size and modification time: the keystroke uses what was read.
  fs.writeFileSync(configPath, '{ "rules": { "EH001": "off" } }');
  fs.utimesSync(configPath, mtime, mtime);
  assert.deepEqual(codes(await type(uri, 0)), ['EH001'], 'the configuration was read again on a keystroke');

  // The client's watcher reports the change: the file is read again.
  const relinted = published(uri, version);
  await connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(configPath).href, type: 2 }] });
  await relinted;
  assert.deepEqual(codes(await type(uri, 0)), ['EH002']);

  // Without a watcher event, a new modification time is enough.
  fs.writeFileSync(configPath, '{ "rules": { "EH003": "off" } }');
  fs.utimesSync(configPath, mtime, new Date(mtime.getTime() + 5000));
  assert.deepEqual(codes(await type(uri, 0)), ['EH001', 'EH002']);
});
