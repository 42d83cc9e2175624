// `evenhand report [FILE...]`: the check results kept in a workspace, as one Markdown, HTML or JSON report.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { renderReportHtml, renderReportJson, renderReportMarkdown } from '../report/index.js';
import type { CheckRecord } from '../core/checks/record.js';
import { ResultStore } from '../results/store.js';
import { UsageError } from './files.js';
import { terminalText } from './format/terminal.js';
import { REPORT_HELP } from './usage.js';

const FORMATS = ['md', 'html', 'json'] as const;
type ReportFormat = (typeof FORMATS)[number];
const FORMAT_OF_EXTENSION: Record<string, ReportFormat> = { '.md': 'md', '.markdown': 'md', '.html': 'html', '.htm': 'html', '.json': 'json' };

/** Runs `evenhand report ...` with the arguments after `report`; returns the exit code (0, or 2 through UsageError). */
export async function report(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      output: { type: 'string', short: 'o' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(REPORT_HELP);
    return 0;
  }
  if (values.output !== undefined && values.output.trim() === '') throw new UsageError('--output needs a file path.');
  const format = values.format !== undefined ? formatNamed(values.format) : formatOfOutput(values.output);
  const cwd = process.cwd();
  const { records, empty } = collectRecords(positionals, cwd);
  for (const message of empty) process.stderr.write(`evenhand: ${terminalText(message)}\n`);
  const generatedAt = new Date().toISOString();
  const text = format === 'html' ? renderReportHtml(records, { generatedAt }) : format === 'json' ? renderReportJson(records) : renderReportMarkdown(records, { generatedAt });
  if (values.output === undefined) process.stdout.write(text);
  else writeAtomically(path.resolve(cwd, values.output), text, values.output);
  return 0;
}

function formatNamed(value: string): ReportFormat {
  if ((FORMATS as readonly string[]).includes(value)) return value as ReportFormat;
  throw new UsageError(`Invalid value for --format: "${value}" (expected ${FORMATS.join(', ')}).`);
}

/** The format an --output file's extension names; Markdown when there is none or it names none. */
function formatOfOutput(output: string | undefined): ReportFormat {
  return (output !== undefined && FORMAT_OF_EXTENSION[path.extname(output).toLowerCase()]) || 'md';
}

/** What to report, and a sentence for every store or target that had nothing. */
interface Collected {
  records: CheckRecord[];
  empty: string[];
}

/**
 * The records of the current folder's workspace, or, when targets are given, of each target's workspace whose
 * prompt file is a target or lies in a target folder. Records from more than one workspace are named relative to
 * the current folder, so that two workspaces' "judge.txt" stay apart.
 */
function collectRecords(targets: string[], cwd: string): Collected {
  if (targets.length === 0) {
    // A store is found from a file's folder upwards; any name in the current folder finds its workspace's.
    const store = ResultStore.forPrompt(path.join(cwd, 'report'));
    const records = store.all();
    return { records, empty: [...problemOf(store), ...(records.length === 0 ? [noResults(store, cwd)] : [])] };
  }
  const stores = new Map<string, { store: ResultStore; targets: string[] }>();
  for (const target of targets) {
    const absolute = path.resolve(cwd, target);
    const isFolder = fs.statSync(absolute, { throwIfNoEntry: false })?.isDirectory() === true;
    const store = ResultStore.forPrompt(isFolder ? path.join(absolute, 'report') : absolute);
    const entry = stores.get(store.file) ?? { store, targets: [] };
    stores.set(store.file, entry);
    entry.targets.push(absolute);
  }
  const records: CheckRecord[] = [];
  const empty: string[] = [];
  for (const { store, targets: inStore } of stores.values()) {
    const all = store.all();
    empty.push(...problemOf(store));
    const fileOf = (record: CheckRecord) => path.resolve(store.workspace ?? path.parse(cwd).root, record.file);
    for (const target of inStore) {
      if (!all.some((record) => covers(target, fileOf(record)))) empty.push(noResults(store, cwd, path.relative(cwd, target) || '.'));
    }
    const chosen = all.filter((record) => inStore.some((target) => covers(target, fileOf(record))));
    records.push(...(stores.size > 1 ? chosen.map((r) => ({ ...r, file: path.relative(cwd, fileOf(r)).split(path.sep).join('/') })) : chosen));
  }
  return { records, empty };
}

/** Whether `file` is `target` or lies inside it. */
function covers(target: string, file: string): boolean {
  return file === target || file.startsWith(target.endsWith(path.sep) ? target : target + path.sep);
}

function noResults(store: ResultStore, cwd: string, target?: string): string {
  const relative = path.relative(cwd, store.folder);
  const where = relative === '' ? '.' : relative.startsWith('..') || path.isAbsolute(relative) ? store.folder : relative;
  return `No check results${target === undefined ? '' : ` for ${target}`} in ${where}: run "evenhand check one-sided|stability|debias FILE" first.`;
}

/** The store's own complaint about its file (it sets an unreadable file aside and starts empty). */
function problemOf(store: ResultStore): string[] {
  return store.problem ? [store.problem] : [];
}

/** Writes beside the target and renames over it, so a reader never sees half a report. */
function writeAtomically(file: string, text: string, shown: string): void {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(temporary, text);
    fs.renameSync(temporary, file);
  } catch (error) {
    try {
      fs.rmSync(temporary, { force: true });
    } catch {
      // The folder itself could not be made: there is no temporary file to remove.
    }
    throw new UsageError(`Cannot write the report to ${shown}: ${(error as Error).message}`);
  }
}
