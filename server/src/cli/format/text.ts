import type { LintResult, Severity } from '../../core/index.js';
import { summarize, type ReportedResult } from '../run.js';
import { relativePath, type ReportContext } from './context.js';
import { terminalText } from './terminal.js';

const SEVERITY_COLOR: Record<Severity, number> = { error: 31, warning: 33, information: 36, hint: 90 };

/** A readable per-file listing (`line:col  severity  message  EHnnn`) and a summary line. */
export function formatText(results: LintResult[], context: ReportContext): string {
  const paint = (code: number, text: string) => (context.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const out: string[] = [];
  for (const result of results) {
    if (result.findings.length === 0) continue;
    const rows = result.findings.map((f) => ({
      where: `${f.range.start.line + 1}:${f.range.start.character + 1}`,
      severity: f.severity,
      message: terminalText(f.message),
      ruleId: f.ruleId,
    }));
    const whereWidth = Math.max(...rows.map((r) => r.where.length));
    const severityWidth = Math.max(...rows.map((r) => r.severity.length));
    out.push(paint(4, terminalText(relativePath(context.cwd, result.path))));
    for (const row of rows) {
      const severity = paint(SEVERITY_COLOR[row.severity], row.severity.padEnd(severityWidth));
      out.push(`  ${row.where.padEnd(whereWidth)}  ${severity}  ${row.message}  ${paint(90, row.ruleId)}`);
    }
    out.push('');
  }
  out.push(summaryLine(results));
  return out.join('\n') + '\n';
}

function summaryLine(results: LintResult[]): string {
  const { filesLinted, filesSkipped, filesWithFindings, counts } = summarize(results);
  const total = counts.error + counts.warning + counts.information + counts.hint;
  const files = `${filesLinted} ${plural(filesLinted, 'file')} linted` + (filesSkipped > 0 ? `, ${filesSkipped} skipped` : '');
  if (total === 0) return `No problems found (${files}).`;
  const parts = [
    `${counts.error} ${plural(counts.error, 'error')}`,
    `${counts.warning} ${plural(counts.warning, 'warning')}`,
    `${counts.information} information`,
  ];
  if (counts.hint > 0) parts.push(`${counts.hint} ${plural(counts.hint, 'hint')}`);
  return `${total} ${plural(total, 'problem')} (${parts.join(', ')}) in ${filesWithFindings} ${plural(filesWithFindings, 'file')} (${files}).`;
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}

/**
 * One line per skipped file or folder, for stderr: a note, as skipping never fails the run; an error for a file or
 * folder named on the command line that could not be read (the run exits 2).
 */
export function formatSkippedNotes(results: ReportedResult[], context: ReportContext): string {
  return results
    .filter((r) => r.skipped !== undefined)
    .map((r) => `${r.unreadableTarget ? 'error' : 'note'}: ${terminalText(`${relativePath(context.cwd, r.path)}: ${r.skipped}`)}\n`)
    .join('');
}
