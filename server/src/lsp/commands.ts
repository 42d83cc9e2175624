// The server's commands (workspace/executeCommand): one typed handler per entry of SERVER_COMMANDS, so the compiler
// checks arguments and results against the protocol the client reads, and malformed arguments are answered with
// InvalidParams instead of reaching the checks.
import { ResponseError, type CancellationToken, type Position, type Range } from 'vscode-languageserver/node';
import { CHECK_NAMES, type CheckName, type CheckRecord } from '../core/checks/record.js';
import { SERVER_COMMANDS, type ChosenSentence, type CommandResult, type ResultsArgs, type RunAllArgs, type RunCheckArgs } from '../protocol.js';
import type { CheckService } from './checkQueue.js';
import { filePathOf } from './uris.js';

type Commands = typeof SERVER_COMMANDS;
type Handlers = { [K in keyof Commands]: (argument: unknown, token: CancellationToken) => Promise<CommandResult<Commands[K]>> };

/** The handlers of the server's commands, over the check service. `status` first refreshes the settings it shows. */
export function commandHandlers(checks: CheckService, announce: () => Promise<void>): Handlers {
  return {
    runCheck: (argument, token) => checks.run(runCheckArgs(argument), token),
    runAll: (argument, token) => checks.runAll(checkList((argument as RunAllArgs | undefined)?.checks), token),
    planAll: (argument) => checks.planAll(checkList((argument as RunAllArgs | undefined)?.checks)),
    results: async (argument) => resultsFor(checks, (argument as ResultsArgs | undefined)?.uri),
    clearCache: async () => ({ removed: checks.clearCache() }),
    status: async () => {
      await announce();
      return checks.status();
    },
  };
}

/** Runs the command named `command`, or answers MethodNotFound. */
export function executeCommand(handlers: Handlers, command: string, argument: unknown, token: CancellationToken): Promise<unknown> {
  const name = (Object.keys(SERVER_COMMANDS) as (keyof Commands)[]).find((key) => SERVER_COMMANDS[key].command === command);
  if (!name) throw new ResponseError(-32601, `Unknown command: ${command}`);
  return handlers[name](argument, token);
}

function runCheckArgs(value: unknown): RunCheckArgs {
  const args = value as Partial<RunCheckArgs> | undefined;
  if (!args || typeof args.uri !== 'string' || !CHECK_NAMES.includes(args.check as CheckName)) {
    throw new ResponseError(-32602, `${SERVER_COMMANDS.runCheck.command} takes { uri, check: ${CHECK_NAMES.join(' | ')}, line?, sentence? }`);
  }
  if (args.line !== undefined && !(Number.isInteger(args.line) && args.line >= 0)) {
    throw new ResponseError(-32602, 'line must be a 0-based line number');
  }
  const sentence = args.sentence === undefined ? undefined : chosenSentence(args.sentence);
  return { uri: args.uri, check: args.check as CheckName, ...(args.line !== undefined ? { line: args.line } : {}), ...(sentence ? { sentence } : {}) };
}

function chosenSentence(value: unknown): ChosenSentence {
  const sentence = value as { range?: Range; text?: unknown };
  if (typeof sentence?.text === 'string' && sentence.text.trim() !== '') return { text: sentence.text };
  const at = (p: Position | undefined): boolean => p !== undefined && [p.line, p.character].every((n) => Number.isInteger(n) && n >= 0);
  if (sentence?.range && at(sentence.range.start) && at(sentence.range.end)) {
    const { start, end } = sentence.range;
    return { range: { start: { line: start.line, character: start.character }, end: { line: end.line, character: end.character } } };
  }
  throw new ResponseError(-32602, 'sentence must be { range: { start, end } } (0-based positions) or { text } (not empty)');
}

function checkList(value: unknown): CheckName[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((v) => !CHECK_NAMES.includes(v as CheckName))) {
    throw new ResponseError(-32602, `checks must be a list of ${CHECK_NAMES.join(', ')}`);
  }
  return value as CheckName[];
}

/** Kept results of one file, or of every workspace folder, newest first. */
function resultsFor(checks: CheckService, uri: string | undefined): CheckRecord[] {
  if (uri) {
    const file = filePathOf(uri);
    return file ? checks.stores.storeFor(file).forFile(file) : [];
  }
  return checks.allResults();
}
