// An editor driving the built language server (dist/server.js) over stdio: it answers the server's requests
// (configuration, progress, API keys) and records what the server sends, so tests wait for a message instead of a
// timer. Used by the sampled-check tests and the shared-state tests.
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { CodeLens, ConfigurationParams, Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver/node';
import type { ApiKeyResult, CheckStatus, RunCheckResult } from '../../server/out/protocol.js';

const serverBundle = path.join(__dirname, '..', '..', 'dist', 'server.js');

interface ProgressEvent {
  token: string | number;
  value: { kind: 'begin' | 'report' | 'end'; title?: string; message?: string; cancellable?: boolean; percentage?: number };
}

/** An editor talking to the server: answers its requests, records what it sends. */
export class Editor {
  readonly connection: MessageConnection;
  settings: Record<string, unknown> = {};
  readonly diagnostics = new Map<string, Diagnostic[]>();
  readonly progress: ProgressEvent[] = [];
  readonly statuses: CheckStatus[] = [];
  readonly keyRequests: string[] = [];
  lensRefreshes = 0;
  private waiters: { test: () => boolean; resolve: () => void }[] = [];

  constructor(
    readonly server: ChildProcess,
    answerKey: (origin: string) => ApiKeyResult = () => ({ key: 'sk-test-editor-key' }),
  ) {
    this.connection = createMessageConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
    this.connection.onRequest('workspace/configuration', (params: ConfigurationParams) =>
      params.items.map((item) => (item.section === 'evenhand' ? this.settings : null)),
    );
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onRequest('workspace/codeLens/refresh', () => {
      this.lensRefreshes++;
      this.changed();
      return null;
    });
    this.connection.onRequest('evenhand/apiKey', (params: { origin: string }) => {
      this.keyRequests.push(params.origin);
      return answerKey(params.origin);
    });
    this.connection.onNotification('$/progress', (event: ProgressEvent) => {
      this.progress.push(event);
      this.changed();
    });
    this.connection.onNotification('evenhand/status', (status: CheckStatus) => {
      this.statuses.push(status);
      this.changed();
    });
    this.connection.onNotification('window/logMessage', () => undefined);
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.diagnostics.set(p.uri, p.diagnostics);
      this.changed();
    });
    this.connection.listen();
  }

  /** Resolves once `condition` holds (checked after every message). */
  until(condition: () => boolean): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ test: condition, resolve }));
  }

  private changed(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const w of waiting) {
      if (w.test()) w.resolve();
      else this.waiters.push(w);
    }
  }

  sampled(uri: string): Diagnostic[] {
    return (this.diagnostics.get(uri) ?? []).filter((d) => d.source === 'evenhand (sampled)');
  }

  lenses(uri: string): Promise<CodeLens[]> {
    return this.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } });
  }

  /** Runs a check from a lens's line, or on a sentence chosen by hand (`sentence`, as RunCheckArgs has it). */
  run(uri: string, check: string, line?: number, sentence?: unknown): Promise<RunCheckResult> {
    return this.connection.sendRequest('workspace/executeCommand', {
      command: 'evenhand.server.runCheck',
      arguments: [{ uri, check, ...(line !== undefined ? { line } : {}), ...(sentence !== undefined ? { sentence } : {}) }],
    });
  }

  async open(uri: string, text: string, version = 1): Promise<void> {
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version, text } });
    await this.until(() => this.diagnostics.has(uri));
  }

  close(): Promise<void> {
    return stopServer(this.server, this.connection);
  }
}

export async function startEditor(
  folder: string,
  home: string,
  options: { trusted?: boolean; secrets?: boolean; env?: Record<string, string>; answerKey?: (origin: string) => ApiKeyResult } = {},
): Promise<Editor> {
  const server = spawn(process.execPath, [serverBundle, '--stdio'], {
    stdio: ['pipe', 'pipe', 'inherit'],
    // Background checks follow each other at once here: the pause between them is a timer the test need not wait for.
    env: { ...process.env, XDG_CACHE_HOME: home, OPENAI_API_KEY: '', OPENAI_BASE_URL: '', EVENHAND_BACKGROUND_PAUSE_MS: '0', ...options.env },
  });
  const editor = new Editor(server, options.answerKey);
  await editor.connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(folder).href,
    workspaceFolders: [{ uri: pathToFileURL(folder).href, name: 'workspace' }],
    initializationOptions: { trusted: options.trusted ?? true, secrets: options.secrets ?? false },
    capabilities: {
      window: { workDoneProgress: true },
      workspace: { configuration: true, codeLens: { refreshSupport: true } },
      textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true } },
    },
  });
  await editor.connection.sendNotification('initialized', {});
  return editor;
}

/**
 * Ends a language server the way an editor does (shutdown, then exit), within bounds: a server that already exited
 * is left alone, and one that does not answer or exit within `graceMs` is killed. The connection is disposed, so
 * nothing of the server keeps the test process alive.
 */
export async function stopServer(server: ChildProcess, connection: MessageConnection, graceMs = 5000): Promise<void> {
  const gone = () => server.exitCode !== null || server.signalCode !== null;
  const exited = new Promise<void>((resolve) => (gone() ? resolve() : server.once('exit', () => resolve())));
  const within = <T>(promise: Promise<T>): Promise<T | 'late'> => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), graceMs)));
    return Promise.race([promise, late]).finally(() => clearTimeout(timer));
  };
  try {
    if (!gone()) {
      await within(connection.sendRequest('shutdown').catch(() => undefined));
      await connection.sendNotification('exit').catch(() => undefined);
    }
    if ((await within(exited)) === 'late') {
      server.kill('SIGKILL');
      await exited;
    }
  } finally {
    connection.dispose();
  }
}

/** Waits for a condition outside the LSP conversation (the simulator's state), looking every 10 ms; fails after `timeoutMs`. */
export function polled(condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (condition()) {
        clearInterval(timer);
        resolve();
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(timer);
        reject(new Error(`the condition did not hold within ${timeoutMs / 1000} s: ${condition.toString()}`));
      }
    }, 10);
  });
}
