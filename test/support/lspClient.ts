// A minimal language client for tests that drive `node dist/server.js --stdio` with many documents: open and
// change documents, wait for the publication of a version, ask a request, read the server's CPU time.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { stopServer } from './lspEditor.js';

const serverBundle = path.join(__dirname, '..', '..', 'dist', 'server.js');

/** A running server with one workspace folder; publications are matched to waiters by uri and version. */
export class LspClient {
  readonly workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'evenhand-lsp-client-'));
  private readonly connection: MessageConnection;
  private readonly server: ChildProcess;
  private waiters: { uri: string; version: number; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  private exited = false;

  constructor() {
    assert.ok(fs.existsSync(serverBundle), 'dist/server.js exists (run `npm run build` first)');
    this.server = spawn(process.execPath, [serverBundle, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.server.once('exit', () => (this.exited = true));
    this.connection = createMessageConnection(new StreamMessageReader(this.server.stdout!), new StreamMessageWriter(this.server.stdin!));
    this.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => ({})));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onNotification('window/logMessage', () => undefined);
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      const waiting = this.waiters;
      this.waiters = [];
      for (const w of waiting) {
        if (w.uri === p.uri && w.version === p.version) w.resolve(p);
        else this.waiters.push(w);
      }
    });
    this.connection.listen();
  }

  /** Whether the server process is still running. */
  get alive(): boolean {
    return !this.exited;
  }

  async initialize(): Promise<void> {
    const rootUri = pathToFileURL(this.workspace).href;
    await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'workspace' }],
      capabilities: {
        workspace: { configuration: true },
        textDocument: { publishDiagnostics: { versionSupport: true }, documentSymbol: { hierarchicalDocumentSymbolSupport: true } },
      },
    });
    await this.connection.sendNotification('initialized', {});
  }

  uri(name: string): string {
    return pathToFileURL(path.join(this.workspace, name)).href;
  }

  private published(uri: string, version: number): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve) => this.waiters.push({ uri, version, resolve }));
  }

  /** Opens a document; resolves with the diagnostics published for it. */
  async open(uri: string, text: string, version = 1): Promise<PublishDiagnosticsParams> {
    const published = this.published(uri, version);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version, text } });
    return published;
  }

  /** Replaces a document's whole text; resolves with the diagnostics published for that version. */
  async change(uri: string, version: number, text: string): Promise<PublishDiagnosticsParams> {
    const published = this.published(uri, version);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return published;
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params);
  }

  /** The server's CPU time so far in ms (Linux: /proc), or undefined where it cannot be read. */
  cpuMs(): number | undefined {
    try {
      const fields = fs.readFileSync(`/proc/${this.server.pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
      // utime and stime are fields 14 and 15 of stat, 12 and 13 after the name; in clock ticks (100 a second).
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
    } catch {
      return undefined;
    }
  }

  async shutdown(): Promise<void> {
    await stopServer(this.server, this.connection);
    fs.rmSync(this.workspace, { recursive: true, force: true });
  }
}
