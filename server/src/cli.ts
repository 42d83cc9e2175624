// The `evenhand` command: wires argv to the engine. The walking, linting and output formats live in cli/.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { isMainThread, workerData } from 'node:worker_threads';
import { readsWithCodeParser, type Severity } from './core/index.js';
import { check } from './cli/check.js';
import { ConfigCache, type LocatedConfigProblem } from './cli/configs.js';
import { collectFiles, UsageError } from './cli/files.js';
import type { ReportContext } from './cli/format/context.js';
import { formatJson } from './cli/format/json.js';
import { formatSarif } from './cli/format/sarif.js';
import { terminalText } from './cli/format/terminal.js';
import { formatSkippedNotes, formatText } from './cli/format/text.js';
import { LintCache } from './cli/lintCache.js';
import { packageInfo } from './cli/packageInfo.js';
import { lintFilesInParallel, serveLintWorker } from './cli/parallel.js';
import { loadCodeParsers } from './codeParsers.js';
import { report } from './cli/report.js';
import { hasFailingFindings, unreadableResults } from './cli/run.js';
import { LINT_HELP, MAIN_HELP, formatRules } from './cli/usage.js';

const FORMATS = ['text', 'json', 'sarif'] as const;
const FAIL_ON_LEVELS = ['error', 'warning', 'information'] as const;

/**
 * Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or configuration error, or a file or folder named
 * on the command line could not be read (as a missing one is a usage error, an unreadable one cannot pass as clean).
 */
const EXIT_FINDINGS = 1;
const EXIT_USAGE = 2;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
      process.stderr.write(MAIN_HELP);
      return EXIT_USAGE;
    case '-h':
    case '--help':
    case 'help':
      process.stdout.write(MAIN_HELP);
      return 0;
    case '-v':
    case '--version':
      process.stdout.write(`${packageInfo().version}\n`);
      return 0;
    case 'rules':
      if (parseArgs({ args: rest, options: { help: { type: 'boolean', short: 'h' } } }).values.help) {
        process.stdout.write('Usage: evenhand rules\n\nLists every rule: id, name, default severity, description.\n');
      } else {
        process.stdout.write(formatRules());
      }
      return 0;
    case 'lint':
      return lint(rest);
    case 'check':
      return check(rest);
    case 'report':
      return report(rest);
    default:
      throw new UsageError(`Unknown command "${command}". Run "evenhand --help".`);
  }
}

async function lint(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      'fail-on': { type: 'string', default: 'warning' },
      config: { type: 'string' },
      'no-cache': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(LINT_HELP);
    return 0;
  }
  const format = oneOf('--format', values.format, FORMATS);
  const failOn: Severity = oneOf('--fail-on', values['fail-on'], FAIL_ON_LEVELS);
  const cwd = process.cwd();

  let configPath: string | undefined;
  if (values.config !== undefined) {
    configPath = path.resolve(cwd, values.config);
    if (!fs.statSync(configPath, { throwIfNoEntry: false })?.isFile()) {
      throw new UsageError(`Configuration file not found: ${values.config}`);
    }
  }
  const configs = new ConfigCache(configPath);
  configs.loadExplicit();
  if (configs.problems.length > 0) return reportConfigProblems(configs.problems, cwd);

  const { files, unreadable, notes } = collectFiles(positionals.length > 0 ? positionals : ['.'], cwd, configs);
  for (const note of notes) process.stderr.write(`note: ${terminalText(note)}\n`);
  // Every file's configuration is read before any output, so a broken config stops the run cleanly.
  for (const file of files) configs.forFile(file);
  if (configs.problems.length > 0) return reportConfigProblems(configs.problems, cwd);

  if (files.some(readsWithCodeParser)) {
    await loadCodeParsers().catch((error: unknown) => {
      process.stderr.write(`note: ${terminalText(`code files are not read: their parser did not load (${(error as Error).message})`)}\n`);
    });
  }
  // Worker threads run this same script (see the end of this file); the cache is keyed by it too.
  const cache = values['no-cache'] ? undefined : LintCache.open(__filename);
  const linted = await lintFilesInParallel(files, configs, configPath, __filename, cache);
  await cache?.save();
  // Code and data files without prompts to read are not reported at all (not linted, not skipped).
  const results = [...linted.filter((r) => !r.unread), ...unreadableResults(unreadable)];
  const context: ReportContext = {
    cwd,
    info: packageInfo(),
    color: format === 'text' && process.stdout.isTTY === true && !process.env.NO_COLOR,
  };
  if (format === 'json') process.stdout.write(formatJson(results, context));
  else if (format === 'sarif') process.stdout.write(formatSarif(results, context));
  else {
    process.stderr.write(formatSkippedNotes(results, context));
    process.stdout.write(formatText(results, context));
  }
  if (unreadable.some((u) => u.named)) return EXIT_USAGE;
  return hasFailingFindings(results, failOn) ? EXIT_FINDINGS : 0;
}

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T {
  if (allowed.includes(value as T)) return value as T;
  throw new UsageError(`Invalid value for ${flag}: "${value}" (expected ${allowed.join(', ')}).`);
}

function reportConfigProblems(problems: LocatedConfigProblem[], cwd: string): number {
  for (const p of problems) {
    process.stderr.write(`${terminalText(`${path.relative(cwd, p.file) || p.file}:${p.line}:${p.column}: error: ${p.message}`)}\n`);
  }
  return EXIT_USAGE;
}

function isParseArgsError(error: unknown): error is Error {
  return error instanceof Error && String((error as NodeJS.ErrnoException).code).startsWith('ERR_PARSE_ARGS');
}

if (isMainThread) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      if (error instanceof UsageError || isParseArgsError(error)) {
        process.stderr.write(`evenhand: ${terminalText(error.message)}\n`);
      } else {
        process.stderr.write(`evenhand: internal error: ${terminalText((error as Error).stack ?? String(error))}\n`);
      }
      process.exitCode = EXIT_USAGE;
    },
  );
} else {
  // A worker given code files loads the code parsers first (a failure leaves code files unread, as in the main
  // thread).
  const files = (workerData as { files?: string[] } | undefined)?.files ?? [];
  void (files.some(readsWithCodeParser) ? loadCodeParsers() : Promise.resolve())
    .catch(() => undefined)
    .then(() => serveLintWorker());
}
