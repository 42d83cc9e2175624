// The language server: wires LSP requests to the engine. Started over IPC by the VS Code client, or with
// `--stdio` by any other editor (Neovim, Helix, Zed, Emacs).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  CodeLensRefreshRequest,
  DidChangeWatchedFilesNotification,
  ProposedFeatures,
  TextDocumentSyncKind,
  TextDocuments,
  createConnection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CONFIG_FILE_NAME,
  decodeFile,
  findPersonas,
  lintText,
  parseConfigText,
  parsePromptFile,
  readsFile,
  readsWithCodeParser,
  notebookImportsModelLibrary,
  type EvenhandConfig,
  type ResolvedConfig,
} from './core/index.js';
import { loadCodeParsers } from './codeParsers.js';
import { promptFilesIn } from './workspace/promptFiles.js';
import { takeSessionKey, unseal } from './sealing.js';
import { environmentKeyFor } from './model/keyPolicy.js';
import { userFolder } from './results/paths.js';
import { CheckService } from './lsp/checkQueue.js';
import { commandHandlers, executeCommand } from './lsp/commands.js';
import { startProgress } from './lsp/progress.js';
import { checkSettings } from './lsp/checkSettings.js';
import { codeActionsFor, type EditSupport } from './lsp/codeActions.js';
import { configForDocument } from './lsp/documentConfig.js';
import { ServerLog } from './lsp/serverLog.js';
import { SettingsSource } from './lsp/settingsSource.js';
import { configProblemDiagnostics, findingToDiagnostic, type LintedFindings } from './lsp/diagnostics.js';
import { documentSymbols, personaHover } from './lsp/outline.js';
import { RequestGuard, type GuardedDocument } from './lsp/requestGuard.js';
import { LintScheduler } from './lsp/scheduler.js';
import { settingsLayer } from './lsp/settings.js';
import {
  API_KEY_REQUEST,
  CONFIG_FILE_GLOB,
  RESULTS_FILE_GLOB,
  SERVER_COMMANDS,
  SETTINGS_SECTION,
  STATUS_NOTIFICATION,
  TRUST_NOTIFICATION,
  type InitializationOptions,
  type TrustParams,
} from './protocol.js';
import { filePathOf, pathUri } from './lsp/uris.js';

const TRANSPORTS = ['--stdio', '--node-ipc', '--socket=', '--pipe=', '--clientProcessId='];
if (!process.argv.some((arg) => TRANSPORTS.some((t) => arg.startsWith(t)))) {
  process.stderr.write('Usage: node dist/server.js --stdio   (the Evenhand language server speaks LSP)\n');
  process.exit(2);
}

// dist/server.js is the bundle; the rule docs ship beside it in docs/rules/.
const docsBase = `${pathToFileURL(path.join(__dirname, '..', 'docs', 'rules')).href}/`;

/** The key API keys are sealed with on their way from the VS Code client (absent for other editors). */
const sessionKey = takeSessionKey();

/** Tests shorten the pause between background checks (EVENHAND_BACKGROUND_PAUSE_MS) instead of waiting a real second. */
const BACKGROUND_PAUSE_MS = /^\d+$/.test(process.env.EVENHAND_BACKGROUND_PAUSE_MS ?? '') ? Number(process.env.EVENHAND_BACKGROUND_PAUSE_MS) : undefined;

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments<TextDocument>({
  create: TextDocument.create,
  // A change for an older version than the text we hold arrived out of order: it never replaces newer text.
  update: (document, changes, version) =>
    version > document.version ? TextDocument.update(document, changes, version) : document,
});

/** What the client told us it supports (fixed after initialize). */
const client = {
  watchesFilesDynamically: false,
  workspaceFolderEvents: false,
  edits: { documentChanges: false, changeAnnotations: false } as EditSupport,
  workDoneProgress: false,
  refreshesCodeLenses: false,
  /** The client answers API_KEY_REQUEST and has its own commands for lenses (the Evenhand VS Code client). */
  isEvenhandClient: false,
};
/** Workspace trust as the client reports it; editors without trust run the server themselves: trusted. */
let trusted = true;
/** Bumped when kept results change, so diagnostics are published again with the sampled findings. */
let resultsGeneration = 0;
let workspaceFolders: string[] = [];
/** Bumped whenever settings or a config file change, so passes computed with the old configuration are dropped. */
let configGeneration = 0;
/** The document version, config generation and results generation of the diagnostics last published. */
const published = new Map<string, { version: number; generation: number; results: number }>();
/** The findings behind each open document's published diagnostics: their fixes answer code actions. */
const linted = new Map<string, LintedFindings>();
const log = new ServerLog(connection.console);
const { warnOnce, error: logError } = log;
const settingsSource = new SettingsSource(connection, warnOnce, () => workspaceFolders);
/** The raw settings of a document and its lint configuration. */
const configWithSettings = (uri: string) => settingsSource.forDocument(uri);
const guard = new RequestGuard({ document: (uri) => documents.get(uri), isConfigFile, configFor: configWithSettings, log });
const guarded = guard.request.bind(guard);

const scheduler = new LintScheduler(lintDocument, (uri, error) => logError(`linting ${uri}`, error));

const checks = new CheckService(
  {
    textOf: (uri) => {
      const open = documents.get(uri);
      if (open) return open.getText();
      const file = filePathOf(uri);
      try {
        // Decoded as the CLI decodes (UTF-8 or UTF-16 with a byte-order mark); the size limit is the checks' to apply.
        const decoded = file ? decodeFile(fs.readFileSync(file), Number.MAX_SAFE_INTEGER) : undefined;
        return decoded && 'text' in decoded ? decoded.text : undefined;
      } catch {
        return undefined;
      }
    },
    settingsFor: async (uri) => {
      const { raw, documentConfig } = await configWithSettings(uri);
      return { checks: checkSettings(raw, warnOnce), lint: documentConfig.config, excluded: documentConfig.excluded };
    },
    trusted: () => trusted,
    apiKey: async (origin) => {
      if (client.isEvenhandClient) {
        const answer = await connection.sendRequest(API_KEY_REQUEST, { origin });
        const key = answer?.sealed && sessionKey ? unseal(answer.sealed, sessionKey) : (answer?.key ?? undefined);
        if (key) return key;
      }
      return environmentKeyFor(origin);
    },
    startProgress: (title) => startProgress(connection, client.workDoneProgress, title),
    status: (status) => void connection.sendNotification(STATUS_NOTIFICATION, status),
    resultsChanged: (uri) => {
      resultsGeneration++;
      scheduler.request(uri);
      if (client.refreshesCodeLenses) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
    },
    workspaceFolders: () => workspaceFolders,
    promptFiles: async (folder) => {
      // What `evenhand lint FOLDER` would lint: the format table, .gitignore, include and exclude.
      const { raw } = await configWithSettings(pathUri(path.join(folder, CONFIG_FILE_NAME)));
      const settings = settingsLayer(raw, warnOnce);
      const config = (file: string) => configForDocument(file, settings, folder, settingsSource.configFiles.load).config;
      const onUnreadable = (unreadable: string, reason: string) => warnOnce(`Run All Checks passes over ${unreadable}: ${reason}`);
      return promptFilesIn(folder, config, folder, { opened: true, onUnreadable });
    },
    ...(BACKGROUND_PAUSE_MS !== undefined ? { pause: () => new Promise<void>((resolve) => setTimeout(resolve, BACKGROUND_PAUSE_MS)) } : {}),
    log: (message) => connection.console.info(message),
    get lensCommands() {
      return client.isEvenhandClient ? ('client' as const) : ('server' as const);
    },
  },
  path.join(userFolder(), 'usage.json'),
);

connection.onInitialize((params: InitializeParams): InitializeResult => {
  const caps = params.capabilities;
  settingsSource.pulls = caps.workspace?.configuration === true;
  client.watchesFilesDynamically = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  client.workspaceFolderEvents = caps.workspace?.workspaceFolders === true;
  client.edits = {
    documentChanges: caps.workspace?.workspaceEdit?.documentChanges === true,
    changeAnnotations: caps.workspace?.workspaceEdit?.changeAnnotationSupport !== undefined,
  };
  client.workDoneProgress = caps.window?.workDoneProgress === true;
  client.refreshesCodeLenses = caps.workspace?.codeLens?.refreshSupport === true;
  const options = (params.initializationOptions ?? {}) as InitializationOptions;
  settingsSource.pushed = options.settings;
  trusted = options.trusted !== false;
  client.isEvenhandClient = options.secrets === true;
  workspaceFolders = (params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: '' }] : []))
    .map((f) => filePathOf(f.uri))
    .filter((p): p is string => p !== undefined);
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite] },
      hoverProvider: true,
      documentSymbolProvider: true,
      codeLensProvider: { resolveProvider: false },
      executeCommandProvider: { commands: Object.values(SERVER_COMMANDS).map((c) => c.command) },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'evenhand' },
  };
});

connection.onInitialized(
  guarded('initialized', undefined, async () => {
    // Loaded ahead of the first code file, so checks and hovers on one find its prompts.
    void codeParsersLoaded();
    if (client.watchesFilesDynamically) {
      await connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: CONFIG_FILE_GLOB }, { globPattern: RESULTS_FILE_GLOB }],
      });
    }
    if (client.workspaceFolderEvents) {
      connection.workspace.onDidChangeWorkspaceFolders(
        guarded('workspace folders', undefined, (event) => {
          const removed = new Set(event.removed.map((f) => filePathOf(f.uri)));
          workspaceFolders = [
            ...workspaceFolders.filter((f) => !removed.has(f)),
            ...event.added.map((f) => filePathOf(f.uri)).filter((p): p is string => p !== undefined),
          ];
          configChanged();
        }),
      );
    }
  }),
);

documents.onDidChangeContent(
  guarded('document change', undefined, ({ document }) => {
    if (isConfigFile(document.uri)) {
      forgetConfigFile(document.uri);
      publishConfigProblems(document);
    } else scheduler.request(document.uri);
  }),
);

documents.onDidClose(
  guarded('document close', undefined, ({ document }) => {
    published.delete(document.uri);
    linted.delete(document.uri);
    void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  }),
);

// Editors without file watchers still see a config file saved from the editor.
documents.onDidSave(
  guarded('document save', undefined, async ({ document }) => {
    if (isConfigFile(document.uri)) {
      forgetConfigFile(document.uri);
      configChanged();
    } else await checks.saved(document.uri);
  }),
);

connection.onNotification(
  TRUST_NOTIFICATION,
  guarded('workspace trust', undefined, async (params: TrustParams) => {
    trusted = params.trusted === true;
    await checks.announce();
    // Lenses said the checks were off: they change now, without waiting for an edit.
    if (client.refreshesCodeLenses) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  }),
);

connection.onCodeLens(guard.document('code lenses', [], ({ document }) => checks.codeLenses(document.uri, document.getText())));

const commands = commandHandlers(checks, () => checks.announce(documents.all()[0]?.uri));

connection.onExecuteCommand(guard.command((params, token) => executeCommand(commands, params.command, params.arguments?.[0], token)));

connection.onDidChangeConfiguration(
  guarded('configuration change', undefined, async (params) => {
    settingsSource.pushed = (params.settings as Record<string, unknown> | undefined)?.[SETTINGS_SECTION] ?? settingsSource.pushed;
    log.forgetWarnings();
    configChanged();
    await checks.announce(documents.all()[0]?.uri);
  }),
);

connection.onDidChangeWatchedFiles(
  guarded('watched files', undefined, (params) => {
    const configFiles = params.changes.filter((change) => isConfigFile(change.uri));
    for (const change of configFiles) forgetConfigFile(change.uri);
    if (configFiles.length > 0) configChanged();
    if (params.changes.some((change) => change.uri.endsWith('/.evenhand/results/results.json'))) {
      checks.stores.reload();
      resultsGeneration++;
      for (const document of documents.all()) if (!isConfigFile(document.uri)) scheduler.request(document.uri);
      if (client.refreshesCodeLenses) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
    }
  }),
);

connection.onCodeAction(
  guard.document('code actions', [], ({ document }, params) => codeActionsFor(params, document.version, client.edits, linted.get(document.uri))),
);

connection.onHover(
  guard.document('hover', null, (target, params) => {
    const { doc, personas } = analyse(target);
    return personaHover(doc, personas, doc.lines.offsetAt(params.position));
  }),
);

connection.onDocumentSymbol(
  guard.document('document symbols', [], (target) => {
    const { doc, personas } = analyse(target);
    return documentSymbols(doc, personas);
  }),
);

/** One lint pass: fetch the configuration, lint the newest text, publish unless something newer arrived. */
async function lintDocument(uri: string): Promise<void> {
  const generation = configGeneration;
  const results = resultsGeneration;
  const target = await guard.open(uri);
  // Closed meanwhile, or the configuration changed while it was fetched (the scheduler runs again then).
  if (!target || generation !== configGeneration) return;
  const { document, raw, documentConfig } = target;
  const last = published.get(uri);
  if (last && last.version === document.version && last.generation === generation && last.results === results) return;
  let diagnostics: Diagnostic[] = [];
  if (!target.refused) {
    const text = document.getText();
    if (readsWithCodeParser(lintPathOf(uri))) await codeParsersLoaded();
    const options = {
      ...keptResultsOf(uri, raw),
      // Kept results are data from disk: whatever is wrong with them must not take the static lint down.
      onSampledRuleError: (ruleId: string, error: unknown) => logError(`showing kept results (${ruleId}) for ${uri}`, error),
    };
    // Typing needs the findings, not their fixes' edits: those are worked out when code actions are asked for, by
    // the same lint with edits (the same findings in the same order; only the edits differ).
    const config = configForCell(uri, documentConfig.config);
    const result = lintText(lintPathOf(uri), text, config, { ...options, fixEdits: false });
    if (result.skipped) warnOnce(`${uri}: ${result.skipped}`);
    diagnostics = result.findings.map((f, index) => findingToDiagnostic(f, uri, document.version, docsBase, index));
    linted.set(uri, {
      version: document.version,
      findings: result.findings,
      withEdits: () => lintText(lintPathOf(uri), text, config, options).findings,
    });
  } else {
    linted.delete(uri);
  }
  published.set(uri, { version: document.version, generation, results });
  await connection.sendDiagnostics({ uri, version: document.version, diagnostics });
}

/** The kept results of a file on disk for the sampled rules (the configured model's first), when it has any. */
function keptResultsOf(uri: string, raw: unknown) {
  const filePath = filePathOf(uri);
  try {
    const kept = filePath ? checks.stores.keptFor(filePath, () => checkSettings(raw, warnOnce).model) : undefined;
    return kept ? { kept } : {};
  } catch (error) {
    logError(`reading kept results for ${uri}`, error);
    return {};
  }
}

/** The parsed document and its personas, for hover and the outline (none in a code file that is not read). */
function analyse({ document, documentConfig }: GuardedDocument) {
  const filePath = lintPathOf(document.uri);
  const text = document.getText();
  const doc = parsePromptFile(filePath, readsFile(filePath, text, configForCell(document.uri, documentConfig.config)) ? text : '');
  return { doc, personas: findPersonas(doc, documentConfig.config) };
}

/** The notebook file a code cell's URI (`vscode-notebook-cell:/path/nb.ipynb#cell`) belongs to. */
function notebookOfCell(uri: string): string | undefined {
  return uri.startsWith('vscode-notebook-cell:') ? decodeURIComponent(uri.slice(uri.indexOf(':') + 1).replace(/#.*$/, '')) : undefined;
}

// Whether each notebook on disk imports a model SDK, by path, with the modification time it was read at.
const notebookImports = new Map<string, { mtimeMs: number; imports: boolean }>();
const codeOnConfigs = new WeakMap<ResolvedConfig, ResolvedConfig>();

/**
 * A notebook's code cell is read when its notebook imports a model SDK (the import usually sits in the first
 * cell, not the one holding the prompt): under `code: auto` its configuration says `on` then.
 */
function configForCell(uri: string, config: ResolvedConfig): ResolvedConfig {
  const notebook = notebookOfCell(uri);
  if (!notebook || config.code !== 'auto') return config;
  try {
    const { mtimeMs } = fs.statSync(notebook);
    let known = notebookImports.get(notebook);
    if (!known || known.mtimeMs !== mtimeMs) {
      known = { mtimeMs, imports: notebookImportsModelLibrary(fs.readFileSync(notebook, 'utf8')) };
      notebookImports.set(notebook, known);
    }
    if (!known.imports) return config;
    // One derived configuration per configuration: the engine keeps its lexicon by configuration object.
    let on = codeOnConfigs.get(config);
    if (!on) codeOnConfigs.set(config, (on = { ...config, code: 'on' }));
    return on;
  } catch {
    return config; // an unsaved notebook: its cells are read by their own imports
  }
}

/** Waits for the code parsers (loaded once); if they cannot load, code files read as holding no prompt. */
function codeParsersLoaded(): Promise<void> {
  return loadCodeParsers().catch((error: unknown) => warnOnce(`Code files are not read: their parser did not load (${(error as Error).message})`));
}

function publishConfigProblems(document: TextDocument): void {
  const { problems } = parseConfigText(document.getText());
  const diagnostics = configProblemDiagnostics(problems, document);
  void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics });
}

/** Settings or a config file changed: every open prompt document is linted again. */
function configChanged(): void {
  configGeneration++;
  for (const document of documents.all()) {
    if (!isConfigFile(document.uri)) scheduler.request(document.uri);
  }
}

/** A config file changed or was edited: its next use reads it again. */
function forgetConfigFile(uri: string): void {
  const file = filePathOf(uri);
  if (file) settingsSource.configFiles.forget(file);
}

function isConfigFile(uri: string): boolean {
  return uri.endsWith(`/${CONFIG_FILE_NAME}`);
}

/** The path the engine sees: the file path, or the URI's path part for in-memory documents (for its format). */
function lintPathOf(uri: string): string {
  // A notebook's code cell is Python code of its own.
  const notebook = notebookOfCell(uri);
  if (notebook) return `${notebook}.cell.py`;
  return filePathOf(uri) ?? decodeURIComponent(uri.slice(uri.indexOf(':') + 1));
}

// Result lenses say how long ago a check ran ("2 min ago"): refresh them once a minute while any are shown.
setInterval(() => {
  if (client.refreshesCodeLenses && documents.all().some((d) => hasKeptResults(d.uri))) {
    void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  }
}, 60_000).unref();

function hasKeptResults(uri: string): boolean {
  const filePath = filePathOf(uri);
  return filePath !== undefined && checks.stores.keptFor(filePath) !== undefined;
}

process.on('unhandledRejection', (error) => logError('running', error));
// A throw outside any handler (a timer, a stream callback) is logged; the editor keeps its server.
process.on('uncaughtException', (error) => logError('running', error));

documents.listen(connection);
connection.listen();
