// The VS Code extension: starts the Evenhand language server, hands it the prompt files, and brings the sampled
// checks to the editor (commands, API keys, status, report). No lint or check logic here: the server has it.
import * as path from 'node:path';
import {
  Uri,
  commands,
  window,
  workspace,
  type ExtensionContext,
  type TextEditor,
} from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type DocumentFilter,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import {
  API_KEY_REQUEST,
  CONFIG_FILE_GLOB,
  PROMPT_FILE_GLOBS,
  RESULTS_FILE_GLOB,
  SERVER_COMMANDS,
  SETTINGS_SECTION,
  STATUS_NOTIFICATION,
  TRUST_NOTIFICATION,
  type CheckRefusal,
  type ChosenSentence,
  type InitializationOptions,
  type RunCheckArgs,
  type RunAllResult,
} from '../../server/src/protocol.js';
import type { CheckName, CheckRecord } from '../../server/src/core/checks/record.js';
import { recordSentence } from '../../server/src/core/checks/summary.js';
import { SESSION_KEY_ENV, newSessionKey, seal } from '../../server/src/sealing.js';
import { configureEndpoint, saveEndpoint, testConnection, type EndpointArgs } from './endpoint.js';
import { EXPORT_FORMATS, ReportPanel, exportInteractively, writeReport, type ExportFormat } from './report.js';
import { ApiKeys, originOf } from './secrets.js';
import { selectionTarget, trackPromptFile } from './selection.js';
import { runServerCommand } from './serverCommands.js';
import { StatusItem } from './status.js';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  // API keys go to the server sealed with this session's key, which travels in the server's environment (never
  // traced), so even a verbose protocol trace shows no key.
  const sessionKey = newSessionKey();
  const env = { ...process.env, [SESSION_KEY_ENV]: sessionKey.toString('base64') };
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { env } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { env, execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const documentSelector: DocumentFilter[] = [
    ...PROMPT_FILE_GLOBS.flatMap((pattern) => [
      { scheme: 'file', pattern },
      { scheme: 'untitled', pattern },
    ]),
    { scheme: 'file', pattern: CONFIG_FILE_GLOB },
    // A notebook's code cells: each is read as Python code (server: lintPathOf).
    { scheme: 'vscode-notebook-cell', language: 'python' },
  ];
  const configWatcher = workspace.createFileSystemWatcher(CONFIG_FILE_GLOB);
  // Results the CLI or another window writes show at once.
  const resultsWatcher = workspace.createFileSystemWatcher(RESULTS_FILE_GLOB);
  context.subscriptions.push(configWatcher, resultsWatcher);
  const keys = new ApiKeys(context.secrets);
  const output = window.createOutputChannel('Evenhand', { log: true });
  context.subscriptions.push(output);
  const initializationOptions: InitializationOptions = { trusted: workspace.isTrusted, secrets: true };
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    synchronize: { configurationSection: SETTINGS_SECTION, fileEvents: [configWatcher, resultsWatcher] },
    initializationOptions,
    outputChannel: output,
  };
  // The id makes the client read `evenhand.trace.server` for protocol tracing.
  client = new LanguageClient(SETTINGS_SECTION, 'Evenhand', serverOptions, clientOptions);
  const languageClient = client;

  const status = new StatusItem(documentSelector.map((f) => ({ ...f })) as import('vscode').DocumentFilter[]);
  const report = new ReportPanel();
  context.subscriptions.push(status, report);

  // The server asks for a key per endpoint origin; none is given out in an untrusted workspace.
  languageClient.onRequest(API_KEY_REQUEST, async (params) => {
    if (!workspace.isTrusted) return { sealed: null };
    const key = await keys.get(params.origin);
    return { sealed: key ? seal(key, sessionKey) : null };
  });
  let wasRunning = false;
  languageClient.onNotification(STATUS_NOTIFICATION, (params) => {
    status.show(params);
    // A check (background ones too) just finished: an open report shows it.
    if (wasRunning && !params.running) void results().then((records) => report.refresh(records), () => undefined);
    wasRunning = Boolean(params.running);
  });
  context.subscriptions.push(
    workspace.onDidGrantWorkspaceTrust(() => void languageClient.sendNotification(TRUST_NOTIFICATION, { trusted: true })),
  );

  const results = (uri?: string) => runServerCommand(languageClient, SERVER_COMMANDS.results, uri ? { uri } : {});

  /** Runs one check and tells the user its result (the details: the lens's short title is not enough here). */
  const runCheck = async (args: RunCheckArgs): Promise<CheckRecord | undefined> => {
    const outcome = await runServerCommand(languageClient, SERVER_COMMANDS.runCheck, args);
    if (!outcome.record) {
      explain(outcome.message ?? 'The check gave no result.', outcome.refused);
      return undefined;
    }
    void results().then((records) => report.refresh(records), () => undefined);
    const record = outcome.record;
    void window.showInformationMessage(`Evenhand: ${recordSentence(record)}`, 'Show Report').then(async (choice) => {
      if (choice === 'Show Report') report.show(await results());
    });
    return record;
  };

  /** Runs one check on the persona (or debiasing sentence) at `line`, or at the cursor. */
  const test = (check: CheckName) => async (uri?: string | Uri, line?: number): Promise<CheckRecord | undefined> => {
    const target = targetOf(window.activeTextEditor, uri, line);
    if (!target) {
      void window.showWarningMessage('Open a prompt file and put the cursor on a persona sentence first.');
      return undefined;
    }
    return runCheck({ uri: target.uri, check, line: target.line });
  };

  /** Runs one check on the selected sentence(s), detected as a persona or not (the record says chosen by hand). */
  const testSelection = (check: CheckName) => async (uri?: string | Uri, sentence?: ChosenSentence): Promise<CheckRecord | undefined> => {
    const target = selectionTarget(window.activeTextEditor, uri, sentence);
    if (!target) {
      void window.showWarningMessage('Open a prompt file and select the sentence to check first.');
      return undefined;
    }
    return runCheck({ check, ...target });
  };

  /** Shows why a check did not run, with the action that fixes it. */
  const explain = (message: string, refused?: CheckRefusal): void => {
    if (refused === 'no-endpoint') {
      void window.showWarningMessage(message, 'Configure Model Endpoint').then((c) => c && commands.executeCommand('evenhand.configureEndpoint'));
    } else if (refused === 'untrusted') {
      void window.showWarningMessage(message, 'Manage Workspace Trust').then((c) => c && commands.executeCommand('workbench.trust.manage'));
    } else {
      void window.showWarningMessage(message);
    }
  };

  context.subscriptions.push(
    commands.registerCommand('evenhand.testStability', test('stability')),
    commands.registerCommand('evenhand.testOneSided', test('one-sided')),
    commands.registerCommand('evenhand.testDebiasing', test('debias')),
    commands.registerCommand('evenhand.testStabilityOfSelection', testSelection('stability')),
    commands.registerCommand('evenhand.testOneSidedOfSelection', testSelection('one-sided')),
    trackPromptFile(PROMPT_FILE_GLOBS.flatMap((pattern) => [{ scheme: 'file', pattern }, { scheme: 'untitled', pattern }])),
    commands.registerCommand('evenhand.runAllChecks', async (options?: { confirm?: boolean }): Promise<RunAllResult | undefined> => {
      const plan = await runServerCommand(languageClient, SERVER_COMMANDS.planAll, {});
      if (plan.message) {
        explain(plan.message, plan.refused);
        return undefined;
      }
      if (plan.checks === 0) {
        void window.showInformationMessage('No persona to check in the workspace prompt files.');
        return undefined;
      }
      if (options?.confirm !== false) {
        const go = await window.showWarningMessage(
          `Run ${plan.checks} checks on ${plan.files} prompt file${plan.files === 1 ? '' : 's'}? They may send up to ${plan.maxRequests} requests ` +
            `to your model endpoint (${plan.requestsToday} of today's ${plan.dailyRequestBudget} used so far).`,
          { modal: true },
          'Run Checks',
        );
        if (go !== 'Run Checks') return undefined;
      }
      const outcome = await runServerCommand(languageClient, SERVER_COMMANDS.runAll, {});
      void results().then((records) => report.refresh(records), () => undefined);
      void window
        .showInformationMessage(
          `Evenhand: ${outcome.records.length} checks finished${outcome.skipped.length ? `, ${outcome.skipped.length} skipped` : ''}${outcome.cancelled ? ' (cancelled)' : ''}.`,
          'Show Report',
        )
        .then(async (c) => c && report.show(await results()));
      for (const skipped of outcome.skipped) output.appendLine(`skipped: ${skipped}`);
      return outcome;
    }),
    commands.registerCommand('evenhand.showReport', async () => {
      report.show(await results());
    }),
    commands.registerCommand('evenhand.exportReport', async (args?: { format: ExportFormat; path: string }): Promise<string | undefined> => {
      const records = await results();
      if (args) {
        if (!EXPORT_FORMATS.includes(args.format)) throw new Error(`format must be one of ${EXPORT_FORMATS.join(', ')}`);
        writeReport(args.path, args.format, records);
        return args.path;
      }
      const written = await exportInteractively(records);
      if (written) void window.showInformationMessage(`Evenhand report written to ${written}.`);
      return written;
    }),
    commands.registerCommand('evenhand.configureEndpoint', async (args?: EndpointArgs) => {
      if (args) {
        await saveEndpoint(keys, args);
        return args;
      }
      return configureEndpoint(keys);
    }),
    commands.registerCommand('evenhand.testConnection', async () => {
      const baseUrl = workspace.getConfiguration(SETTINGS_SECTION).get<string>('endpoint.baseUrl');
      if (!baseUrl) return explain('No model endpoint is configured.', 'no-endpoint');
      return testConnection(keys, baseUrl);
    }),
    commands.registerCommand('evenhand.setApiKey', async (args?: { key: string; origin?: string }) => {
      const origin = args?.origin ?? originOf(workspace.getConfiguration(SETTINGS_SECTION).get<string>('endpoint.baseUrl') ?? '');
      if (!origin) return explain('No model endpoint is configured.', 'no-endpoint');
      const key = args?.key ?? (await window.showInputBox({ title: `API key for ${origin}`, password: true, ignoreFocusOut: true, prompt: 'Kept in VS Code secret storage, sent only to this origin' }));
      if (!key) return undefined;
      await keys.set(origin, key);
      if (!args) void window.showInformationMessage(`Evenhand keeps the key for ${origin} in secret storage.`);
      return origin;
    }),
    commands.registerCommand('evenhand.clearApiKey', async (args?: { origin?: string }) => {
      const origin = args?.origin ?? originOf(workspace.getConfiguration(SETTINGS_SECTION).get<string>('endpoint.baseUrl') ?? '');
      if (!origin) return undefined;
      await keys.delete(origin);
      if (!args) void window.showInformationMessage(`Evenhand forgot the key for ${origin}.`);
      return origin;
    }),
    commands.registerCommand('evenhand.clearSampleCache', async () => {
      const { removed } = await runServerCommand(languageClient, SERVER_COMMANDS.clearCache);
      void window.showInformationMessage(`Evenhand cleared ${removed} cached repl${removed === 1 ? 'y' : 'ies'}.`);
      return removed;
    }),
    commands.registerCommand('evenhand.showLog', () => output.show(true)),
    commands.registerCommand('evenhand.openExample', async () => {
      const example = Uri.file(context.asAbsolutePath(path.join('examples', 'debate-judge.prompt.md')));
      await window.showTextDocument(example);
      return example.toString();
    }),
  );

  await languageClient.start();
  // The first status, so the item shows the endpoint before any check runs.
  void runServerCommand(languageClient, SERVER_COMMANDS.status).then((s) => status.show(s), () => undefined);
}

/** The file and 0-based line a command is about: its arguments, else the active editor's cursor. */
function targetOf(editor: TextEditor | undefined, uri: string | Uri | undefined, line: number | undefined): { uri: string; line: number } | undefined {
  if (uri !== undefined) {
    const text = typeof uri === 'string' ? uri : uri.toString();
    const cursorLine = editor && editor.document.uri.toString() === text ? editor.selection.active.line : 0;
    return { uri: text, line: line ?? cursorLine };
  }
  if (!editor) return undefined;
  return { uri: editor.document.uri.toString(), line: editor.selection.active.line };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
