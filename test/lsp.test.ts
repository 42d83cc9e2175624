// The language server as an editor sees it: `node dist/server.js --stdio` spoken to over LSP. Every wait is
// for a notification or a response, never a timer (the test timeout only turns a hang into a failure).
import assert from 'node:assert/strict';
import { fork, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  IPCMessageReader,
  IPCMessageWriter,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type {
  CodeAction,
  ConfigurationParams,
  Diagnostic,
  DocumentSymbol,
  Hover,
  InitializeResult,
  PublishDiagnosticsParams,
  Range,
  TextDocumentContentChangeEvent,
  TextDocumentEdit,
  TextEdit,
} from 'vscode-languageserver/node';

const root = path.join(__dirname, '..');
const serverBundle = path.join(root, 'dist', 'server.js');
const TIMEOUT = { timeout: 20_000 };

const PERSONA_PROMPT = [
  '---',
  'description: Claim review',
  '---',
  'You are a lifelong Democrat and union organizer.',
  '',
  'Rate the credibility of each claim below on a scale from 1 to 10.',
  '',
].join('\n');
const CLEAN_PROMPT = 'You are a careful analyst.\n\nSummarise each claim below in one sentence.\n';

/** A minimal LSP client: answers the server's requests and lets a test wait for the next publication. */
class Session {
  readonly connection: MessageConnection;
  /** What workspace/configuration answers for the `evenhand` section (tests change it). */
  settings: Record<string, unknown> = {};
  /** Every publishDiagnostics notification, in arrival order. */
  readonly published: PublishDiagnosticsParams[] = [];
  readonly logs: string[] = [];
  private waiters: { uri: string; accept: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  private readonly versions = new Map<string, number>();
  private readonly texts = new Map<string, string>();

  constructor(readonly server: ChildProcess) {
    this.connection = createMessageConnection(
      new StreamMessageReader(server.stdout!),
      new StreamMessageWriter(server.stdin!),
    );
    this.connection.onRequest('workspace/configuration', (params: ConfigurationParams) =>
      params.items.map((item) => (item.section === 'evenhand' ? this.settings : null)),
    );
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onNotification('window/logMessage', (m: { message: string }) => {
      this.logs.push(m.message);
    });
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.published.push(p);
      const waiting = this.waiters;
      this.waiters = [];
      for (const w of waiting) {
        if (w.uri === p.uri && w.accept(p)) w.resolve(p);
        else this.waiters.push(w);
      }
    });
    this.connection.listen();
  }

  /** Resolves with the first publication for `uri` arriving from now on that satisfies `accept`. */
  nextDiagnostics(uri: string, accept: (p: PublishDiagnosticsParams) => boolean = () => true) {
    return new Promise<PublishDiagnosticsParams>((resolve) => this.waiters.push({ uri, accept, resolve }));
  }

  async open(uri: string, text: string, version = 1): Promise<PublishDiagnosticsParams> {
    const published = this.nextDiagnostics(uri, (p) => p.version === version);
    this.versions.set(uri, version);
    this.texts.set(uri, text);
    await this.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'markdown', version, text },
    });
    return published;
  }

  /** Sends one didChange with explicit version; returns the publication for that version. */
  async change(uri: string, version: number, contentChanges: TextDocumentContentChangeEvent[]) {
    const published = this.nextDiagnostics(uri, (p) => p.version === version);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
    return published;
  }

  /** Applies a code action's edit to the document the way an editor does: one didChange, next version. */
  async apply(uri: string, action: CodeAction): Promise<PublishDiagnosticsParams> {
    const edit = action.edit?.documentChanges?.[0] as TextDocumentEdit | undefined;
    assert.ok(edit, `"${action.title}" carries a versioned document edit`);
    assert.equal(edit.textDocument.uri, uri);
    assert.equal(edit.textDocument.version, this.versions.get(uri), 'the edit is for the current version');
    // Later edits first, so each change's range is still valid in the text the previous one produced.
    const edits = [...(edit.edits as TextEdit[])].sort((a, b) => compare(b.range.start, a.range.start));
    let text = this.texts.get(uri)!;
    for (const e of edits) text = applyEdit(text, e);
    const version = this.versions.get(uri)! + 1;
    this.versions.set(uri, version);
    this.texts.set(uri, text);
    return this.change(uri, version, edits.map((e) => ({ range: e.range, text: e.newText })));
  }

  text(uri: string): string {
    return this.texts.get(uri)!;
  }

  codeActions(uri: string, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    const range: Range = { start: { line: 0, character: 0 }, end: { line: 10_000, character: 0 } };
    return this.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range,
      context: { diagnostics, only },
    });
  }
}

function compare(a: Range['start'], b: Range['start']): number {
  return a.line - b.line || a.character - b.character;
}

function offsetAt(text: string, position: Range['start']): number {
  let offset = 0;
  for (let line = 0; line < position.line; line++) offset = text.indexOf('\n', offset) + 1;
  return offset + position.character;
}

function applyEdit(text: string, edit: TextEdit): string {
  return text.slice(0, offsetAt(text, edit.range.start)) + edit.newText + text.slice(offsetAt(text, edit.range.end));
}

function textAt(text: string, range: Range): string {
  return text.slice(offsetAt(text, range.start), offsetAt(text, range.end));
}

const codes = (p: PublishDiagnosticsParams) => p.diagnostics.map((d) => d.code);

let session: Session;
let workspace: string;
const uriOf = (name: string) => pathToFileURL(path.join(workspace, name)).href;

before(async () => {
  assert.ok(fs.existsSync(serverBundle), 'dist/server.js exists (run `npm run build` first)');
  workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'evenhand-lsp-'));
  const server = spawn(process.execPath, [serverBundle, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  session = new Session(server);
  const result: InitializeResult = await session.connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(workspace).href,
    workspaceFolders: [{ uri: pathToFileURL(workspace).href, name: 'workspace' }],
    capabilities: {
      workspace: {
        configuration: true,
        didChangeWatchedFiles: { dynamicRegistration: true },
        workspaceEdit: { documentChanges: true },
      },
      textDocument: {
        publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor.rewrite'] } } },
        hover: { contentFormat: ['markdown'] },
        documentSymbol: { hierarchicalDocumentSymbolSupport: true },
      },
    },
  });
  assert.equal(result.capabilities.textDocumentSync && typeof result.capabilities.textDocumentSync === 'object'
    ? result.capabilities.textDocumentSync.change
    : undefined, 2, 'incremental sync');
  await session.connection.sendNotification('initialized', {});
});

after(async () => {
  if (!session) return;
  const exited = new Promise((resolve) => session.server.once('exit', resolve));
  await session.connection.sendRequest('shutdown');
  await session.connection.sendNotification('exit');
  await exited;
  session.connection.dispose();
  fs.rmSync(workspace, { recursive: true, force: true });
});

test('diagnostics carry the rule id, source, docs link, exact range and the persona as related information', TIMEOUT, async () => {
  const uri = uriOf('review.prompt.md');
  const published = await session.open(uri, PERSONA_PROMPT);
  assert.equal(published.version, 1);
  assert.deepEqual(codes(published).sort(), ['EH001', 'EH002']);
  for (const d of published.diagnostics) {
    assert.equal(d.source, 'evenhand');
    assert.match(d.codeDescription!.href, new RegExp(`^file://.*/docs/rules/${String(d.code)}\\.md$`));
    // The fixes stay in the server; a diagnostic points back to its finding (code actions read the fixes there).
    assert.deepEqual(d.data && Object.keys(d.data).sort(), ['index', 'version']);
  }
  const identity = published.diagnostics.find((d) => d.code === 'EH001')!;
  assert.equal(identity.severity, 3, 'information');
  assert.match(textAt(PERSONA_PROMPT, identity.range), /^You are a lifelong Democrat and union organizer/);
  const evaluation = published.diagnostics.find((d) => d.code === 'EH002')!;
  assert.equal(evaluation.severity, 2, 'warning');
  assert.match(textAt(PERSONA_PROMPT, evaluation.range), /Rate the credibility/);
  const related = evaluation.relatedInformation ?? [];
  assert.equal(related.length, 1);
  assert.equal(related[0].location.uri, uri);
  assert.match(textAt(PERSONA_PROMPT, related[0].location.range), /Democrat/);
});

test('code actions cover every diagnostic in the request, and a rewrite removes the finding', TIMEOUT, async () => {
  const uri = uriOf('rewrite.prompt.md');
  const published = await session.open(uri, PERSONA_PROMPT);
  const actions = await session.codeActions(uri, published.diagnostics);
  for (const diagnostic of published.diagnostics) {
    const own = actions.filter((a) => a.diagnostics?.some((d) => d.code === diagnostic.code));
    const titles = own.map((a) => a.title);
    assert.ok(titles.includes(`Disable ${String(diagnostic.code)} for this line`), `${String(diagnostic.code)}: ${titles.join(', ')}`);
    assert.ok(titles.includes(`Disable ${String(diagnostic.code)} for this file`));
  }
  const rewrites = actions.filter((a) => a.title === 'Rewrite as a task role');
  assert.deepEqual(rewrites.map((a) => a.kind).sort(), ['quickfix', 'refactor.rewrite']);
  assert.ok(rewrites.every((a) => a.kind === 'quickfix' || a.diagnostics === undefined));
  // Both diagnostics offer the same rewrite: it is one action that names both.
  const quickRewrite = rewrites.find((a) => a.kind === 'quickfix')!;
  assert.deepEqual(quickRewrite.diagnostics!.map((d) => d.code).sort(), ['EH001', 'EH002']);

  const rewritten = await session.apply(uri, quickRewrite);
  assert.equal(rewritten.version, 2);
  assert.doesNotMatch(session.text(uri), /Democrat|union organizer/);
  assert.deepEqual(codes(rewritten), [], `after the rewrite:\n${session.text(uri)}`);
});

test('only=refactor returns just the rewrite, without diagnostics', TIMEOUT, async () => {
  const uri = uriOf('only.prompt.md');
  const published = await session.open(uri, PERSONA_PROMPT);
  const actions = await session.codeActions(uri, published.diagnostics, ['refactor']);
  assert.deepEqual(actions.map((a) => [a.title, a.kind]), [['Rewrite as a task role', 'refactor.rewrite']]);
});

test('a disable-next-line action silences that rule on that line only', TIMEOUT, async () => {
  const uri = uriOf('disable.prompt.md');
  const published = await session.open(uri, PERSONA_PROMPT);
  const identity = published.diagnostics.filter((d) => d.code === 'EH001');
  const actions = await session.codeActions(uri, identity);
  const disable = actions.find((a) => a.title === 'Disable EH001 for this line');
  assert.ok(disable, actions.map((a) => a.title).join(', '));
  const disabled = await session.apply(uri, disable);
  assert.match(session.text(uri), /<!-- evenhand-disable-next-line EH001 -->\nYou are a lifelong Democrat/);
  assert.deepEqual(codes(disabled), ['EH002']);
});

test('code actions for diagnostics of an older version are not offered', TIMEOUT, async () => {
  const uri = uriOf('stale-actions.prompt.md');
  const published = await session.open(uri, PERSONA_PROMPT);
  await session.change(uri, 2, [{ text: `\n${PERSONA_PROMPT}` }]);
  const actions = await session.codeActions(uri, published.diagnostics);
  assert.deepEqual(actions, []);
});

test("a diagnostic that does not match the finding it points to borrows no fixes", TIMEOUT, async () => {
  const uri = uriOf('forged-actions.prompt.md');
  const published = await session.open(uri, PERSONA_PROMPT);
  const identity = published.diagnostics.find((d) => d.code === 'EH001')!;
  const evaluation = published.diagnostics.find((d) => d.code === 'EH002')!;
  // The EH001 diagnostic pointing at EH002's finding, and one moved elsewhere: no actions from someone else's fixes.
  const pointedElsewhere = { ...identity, data: evaluation.data };
  const moved = { ...identity, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } };
  assert.deepEqual(await session.codeActions(uri, [pointedElsewhere]), []);
  assert.deepEqual(await session.codeActions(uri, [moved]), []);
  assert.ok((await session.codeActions(uri, [identity])).length > 0, 'the diagnostic as published has its actions');
});

test('a change for an older version never wins over a newer one', TIMEOUT, async () => {
  const uri = uriOf('order.prompt.md');
  await session.open(uri, PERSONA_PROMPT);
  await session.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri, version: 3 },
    contentChanges: [{ text: CLEAN_PROMPT }],
  });
  // Out of order: version 2 arrives after version 3 and must be ignored.
  await session.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri, version: 2 },
    contentChanges: [{ text: PERSONA_PROMPT }],
  });
  const end = { line: 3, character: 0 };
  const final = await session.change(uri, 4, [{ range: { start: end, end }, text: 'Be brief.\n' }]);
  assert.deepEqual(codes(final), []);
  const versions = session.published.filter((p) => p.uri === uri).map((p) => p.version!);
  assert.ok(!versions.includes(2), `published versions ${versions.join(', ')}`);
  assert.deepEqual(versions, [...versions].sort((a, b) => a - b), 'publications never go back in version');
});

test('a burst of edits is coalesced: versions only go forward and the last text is what is reported', TIMEOUT, async () => {
  const uri = uriOf('burst.prompt.md');
  await session.open(uri, CLEAN_PROMPT);
  const last = 40;
  const final = session.nextDiagnostics(uri, (p) => p.version === last);
  for (let version = 2; version <= last; version++) {
    const text = version % 2 === 0 ? CLEAN_PROMPT : PERSONA_PROMPT;
    void session.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ text: version === last ? PERSONA_PROMPT : text }],
    });
  }
  assert.deepEqual(codes(await final).sort(), ['EH001', 'EH002']);
  const versions = session.published.filter((p) => p.uri === uri).map((p) => p.version!);
  assert.deepEqual(versions, [...new Set(versions)].sort((a, b) => a - b), 'strictly increasing versions');
});

test('settings come from workspace/configuration and a configuration change re-lints', TIMEOUT, async () => {
  const uri = uriOf('settings.prompt.md');
  const initial = await session.open(uri, PERSONA_PROMPT);
  assert.ok(codes(initial).includes('EH001'));
  session.settings = { rules: { EH001: 'off', EH002: 'error' }, trace: { server: 'off' } };
  const relinted = session.nextDiagnostics(uri);
  await session.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  const withSettings = await relinted;
  assert.deepEqual(codes(withSettings), ['EH002']);
  assert.equal(withSettings.diagnostics[0].severity, 1, 'EH002 raised to error');

  session.settings = { exclude: ['drafts/**'] };
  const excludedUri = uriOf('drafts/excluded.prompt.md');
  const excluded = await session.open(excludedUri, PERSONA_PROMPT);
  assert.deepEqual(excluded.diagnostics, []);
  session.settings = {};
  const restored = session.nextDiagnostics(uri);
  await session.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  assert.deepEqual(codes(await restored).sort(), ['EH001', 'EH002']);
});

test('a .evenhand.json on disk wins over settings, and changing it re-lints open documents', TIMEOUT, async () => {
  const project = path.join(workspace, 'project');
  fs.mkdirSync(project, { recursive: true });
  const configPath = path.join(project, '.evenhand.json');
  fs.writeFileSync(configPath, JSON.stringify({ rules: { EH002: 'off' } }));
  const uri = pathToFileURL(path.join(project, 'a.prompt.md')).href;
  session.settings = { rules: { EH002: 'error' } };
  assert.deepEqual(codes(await session.open(uri, PERSONA_PROMPT)), ['EH001']);

  fs.writeFileSync(configPath, JSON.stringify({ rules: { EH001: 'hint' } }));
  const relinted = session.nextDiagnostics(uri);
  await session.connection.sendNotification('workspace/didChangeWatchedFiles', {
    changes: [{ uri: pathToFileURL(configPath).href, type: 2 }],
  });
  const merged = await relinted;
  assert.deepEqual(codes(merged).sort(), ['EH001', 'EH002']);
  assert.equal(merged.diagnostics.find((d) => d.code === 'EH001')!.severity, 4, 'hint from the file');
  assert.equal(merged.diagnostics.find((d) => d.code === 'EH002')!.severity, 1, 'error from the settings');
  session.settings = {};
});

test('an open .evenhand.json with a bad key gets a config diagnostic on the key', TIMEOUT, async () => {
  const uri = uriOf('configs/.evenhand.json');
  const text = '{\n  "rules": { "EH001": "off" },\n  "colour": "blue"\n}\n';
  const published = await session.open(uri, text);
  assert.equal(published.diagnostics.length, 1);
  const [problem] = published.diagnostics;
  assert.equal(problem.code, 'config');
  assert.equal(problem.source, 'evenhand');
  assert.equal(textAt(text, problem.range), '"colour"');
  assert.match(typeof problem.message === 'string' ? problem.message : problem.message.value, /colour/);

  const broken = await session.change(uri, 2, [{ text: '{ "rules": { "EH001": "loud" } ' }]);
  assert.ok(broken.diagnostics.length > 0 && broken.diagnostics.every((d) => d.code === 'config'));
  const fixed = await session.change(uri, 3, [{ text: '{ "rules": { "EH001": "off" } }' }]);
  assert.deepEqual(fixed.diagnostics, []);
});

test('hover on a persona explains it; the outline lists messages with their personas', TIMEOUT, async () => {
  const uri = uriOf('hover.prompt.md');
  await session.open(uri, PERSONA_PROMPT);
  const hover: Hover | null = await session.connection.sendRequest('textDocument/hover', {
    textDocument: { uri },
    position: { line: 3, character: 20 },
  });
  assert.ok(hover, 'a hover on the persona');
  const contents = hover.contents as { kind: string; value: string };
  assert.equal(contents.kind, 'markdown');
  assert.match(contents.value, /identity/i);
  assert.match(textAt(PERSONA_PROMPT, hover.range!), /^You are a lifelong Democrat/);
  const none = await session.connection.sendRequest('textDocument/hover', {
    textDocument: { uri },
    position: { line: 5, character: 3 },
  });
  assert.equal(none, null);

  const prompty = uriOf('review.prompty');
  const promptyText = '---\nname: review\n---\nsystem:\nYou are a lifelong Democrat.\n\nuser:\nRate this claim: {{claim}}\n';
  await session.open(prompty, promptyText);
  const symbols: DocumentSymbol[] = await session.connection.sendRequest('textDocument/documentSymbol', {
    textDocument: { uri: prompty },
  });
  assert.deepEqual(symbols.map((s) => [s.name, s.children?.length]), [['system', 1], ['user', 0]]);
  const persona = symbols[0].children![0];
  assert.equal(persona.detail, 'identity');
  assert.match(persona.name, /Democrat/);
  assert.match(textAt(promptyText, persona.selectionRange), /^You are a lifelong Democrat/);
});

test('closing a document clears its diagnostics; nothing the server did was logged as an error', TIMEOUT, async () => {
  const uri = uriOf('close.prompt.md');
  await session.open(uri, PERSONA_PROMPT);
  const cleared = session.nextDiagnostics(uri);
  await session.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  assert.deepEqual((await cleared).diagnostics, []);
  assert.deepEqual(session.logs.filter((l) => /failed while/.test(l)), []);
});

test('the server also speaks over Node IPC, the way the VS Code client starts it', TIMEOUT, async () => {
  const server = fork(serverBundle, ['--node-ipc', `--clientProcessId=${process.pid}`], { stdio: ['pipe', 'pipe', 'inherit', 'ipc'] });
  const connection = createMessageConnection(new IPCMessageReader(server), new IPCMessageWriter(server));
  const uri = uriOf('ipc.prompt.md');
  const published = new Promise<PublishDiagnosticsParams>((resolve) =>
    connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      if (p.uri === uri) resolve(p);
    }),
  );
  connection.listen();
  await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
  await connection.sendNotification('initialized', {});
  await connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'markdown', version: 1, text: PERSONA_PROMPT },
  });
  assert.deepEqual(codes(await published).sort(), ['EH001', 'EH002']);
  const exited = new Promise((resolve) => server.once('exit', resolve));
  await connection.sendRequest('shutdown');
  await connection.sendNotification('exit');
  await exited;
  connection.dispose();
});

test('a notebook cell is read as Python when its notebook imports a model SDK, even from another cell', TIMEOUT, async () => {
  // Neither an import nor a prompt-like name or opening in the cell itself: only its notebook says it sends prompts.
  const cellCode = 'messages = [{"role": "system", "content": "Politically, you are a lifelong Democrat and union organizer. Rate the credibility of each claim."}]\n';
  const notebook = (imports: boolean) =>
    JSON.stringify({ cells: [{ cell_type: 'code', source: imports ? ['from openai import OpenAI\n'] : ['import math\n'] }, { cell_type: 'code', source: [cellCode] }], nbformat: 4 });
  const cellUri = (file: string) => `vscode-notebook-cell:${pathToFileURL(file).pathname}#W1sZmlsZQ%3D%3D`;
  const withSdk = path.join(workspace, 'study.ipynb');
  fs.writeFileSync(withSdk, notebook(true));
  assert.deepEqual(codes(await session.open(cellUri(withSdk), cellCode)).sort(), ['EH001', 'EH002']);
  const withoutSdk = path.join(workspace, 'notes.ipynb');
  fs.writeFileSync(withoutSdk, notebook(false));
  assert.deepEqual(codes(await session.open(cellUri(withoutSdk), cellCode)), []);
});
