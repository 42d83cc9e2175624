import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node';
import type { ServerCommand } from '../../server/src/protocol.js';

/** Runs one of the server's commands (workspace/executeCommand) with the argument and result types of the protocol. */
export async function runServerCommand<Args extends unknown[], Result>(
  client: LanguageClient,
  command: ServerCommand<Args, Result>,
  ...args: Args
): Promise<Result> {
  return (await client.sendRequest(ExecuteCommandRequest.type, { command: command.command, arguments: args })) as Result;
}
