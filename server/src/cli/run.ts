import { SEVERITY_ORDER, decodeFile, lintText, type KeptResults, type LintResult, type Severity } from '../core/index.js';
import { ResultStores } from '../results/stores.js';
import type { ConfigCache } from './configs.js';
import type { UnreadablePath } from './files.js';
import { configHash, contentHash, readWithStamp, type LintCacheKey } from './lintCache.js';

/** A result as the CLI reports it: `unreadableTarget` marks a file or folder the command line named but could not read. */
export interface ReportedResult extends LintResult {
  unreadableTarget?: true;
}

/**
 * A file's lint result and, when the result may be cached, what it was computed from (the bytes read and the
 * configuration used). Results a file's kept check results went into are not cached: those change without the file.
 */
export interface LintedFile {
  result: LintResult;
  cacheKey?: LintCacheKey;
}

/**
 * Reads, decodes and lints each file with its configuration and its kept check results (the sampled rules report
 * those); unreadable, binary or oversize files are skipped.
 */
export function lintFiles(files: string[], configs: ConfigCache): LintedFile[] {
  const linted: LintedFile[] = [];
  const stores = new ResultStores({ snapshot: true });
  for (const file of files) {
    const config = configs.forFile(file);
    let read: ReturnType<typeof readWithStamp>;
    try {
      read = readWithStamp(file);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      linted.push({ result: { path: file, findings: [], skipped: cannotBeRead(reason, false) } });
      continue;
    }
    const kept = keptResultsOf(stores, file);
    const cacheKey = kept.kept ? undefined : { content: contentHash(read.bytes), config: configHash(config), stamp: read.stamp };
    const decoded = decodeFile(read.bytes, config.maxFileSize);
    if ('skipped' in decoded) {
      linted.push({ result: { path: file, findings: [], skipped: decoded.skipped }, cacheKey });
      continue;
    }
    // The parsed document and the fixes' edits are not needed for reporting (only fix titles are); leaving them out
    // keeps memory flat over many files and makes results cheap to pass back from worker threads.
    const { findings, unread } = lintText(file, decoded.text, config, { ...kept, fixEdits: false });
    linted.push({ result: { path: file, findings, ...(unread ? { unread } : {}) }, cacheKey });
  }
  return linted;
}

/** The skipped results of the files and folders that could not be read; those the command line named fail the run. */
export function unreadableResults(unreadable: readonly UnreadablePath[]): ReportedResult[] {
  return unreadable.map((u) => ({
    path: u.path,
    findings: [],
    skipped: cannotBeRead(u.reason, u.folder),
    ...(u.named ? { unreadableTarget: true as const } : {}),
  }));
}

function cannotBeRead(reason: string, folder: boolean): string {
  return `skipped: ${folder ? 'folder ' : ''}cannot be read (${reason})`;
}

/** Finding counts per severity, and how many files were linted or skipped. */
export interface LintSummary {
  filesLinted: number;
  filesSkipped: number;
  filesWithFindings: number;
  counts: Record<Severity, number>;
}

export function summarize(results: LintResult[]): LintSummary {
  const counts: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  let filesSkipped = 0;
  let filesWithFindings = 0;
  for (const result of results) {
    if (result.skipped !== undefined) filesSkipped++;
    if (result.findings.length > 0) filesWithFindings++;
    for (const finding of result.findings) counts[finding.severity]++;
  }
  return { filesLinted: results.length - filesSkipped, filesSkipped, filesWithFindings, counts };
}

/** Whether any finding is at least as severe as `failOn` (the `--fail-on` threshold). */
export function hasFailingFindings(results: LintResult[], failOn: Severity): boolean {
  const threshold = SEVERITY_ORDER.indexOf(failOn);
  return results.some((r) => r.findings.some((f) => SEVERITY_ORDER.indexOf(f.severity) <= threshold));
}

/** A file's kept results, if any; a results file that cannot be read costs the sampled findings, never the lint. */
export function keptResultsOf(stores: ResultStores, file: string): { kept?: KeptResults } {
  try {
    const kept = stores.keptFor(file);
    return kept ? { kept } : {};
  } catch {
    return {};
  }
}
