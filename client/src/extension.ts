// The VS Code extension: starts the Evenhand language server and hands it the prompt files. No lint logic here.
import * as path from 'node:path';
import { workspace, type ExtensionContext } from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type DocumentFilter,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { CONFIG_FILE_GLOB, PROMPT_FILE_GLOBS, SETTINGS_SECTION } from '../../server/src/protocol.js';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const documentSelector: DocumentFilter[] = [
    ...PROMPT_FILE_GLOBS.flatMap((pattern) => [
      { scheme: 'file', pattern },
      { scheme: 'untitled', pattern },
    ]),
    { scheme: 'file', pattern: CONFIG_FILE_GLOB },
  ];
  const configWatcher = workspace.createFileSystemWatcher(CONFIG_FILE_GLOB);
  context.subscriptions.push(configWatcher);
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    synchronize: { configurationSection: SETTINGS_SECTION, fileEvents: configWatcher },
  };
  // The id makes the client read `evenhand.trace.server` for protocol tracing.
  client = new LanguageClient(SETTINGS_SECTION, 'Evenhand', serverOptions, clientOptions);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
