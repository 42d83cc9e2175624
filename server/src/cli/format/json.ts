import type { Range } from '../../core/index.js';
import type { LintResult } from '../../core/index.js';
import { summarize } from '../run.js';
import { relativePath, type ReportContext } from './context.js';

/** A location both ways: 1-based line/column (end column exclusive) for people, the 0-based range for tools. */
function location(range: Range) {
  return {
    line: range.start.line + 1,
    column: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
    range,
  };
}

/** Machine-readable results: the files with findings, the skipped files and a summary. */
export function formatJson(results: LintResult[], context: ReportContext): string {
  const { filesLinted, filesSkipped, counts } = summarize(results);
  const report = {
    tool: 'evenhand',
    version: context.info.version,
    files: results
      .filter((r) => r.findings.length > 0)
      .map((r) => ({
        path: relativePath(context.cwd, r.path),
        findings: r.findings.map((f) => ({
          ruleId: f.ruleId,
          ruleName: f.ruleName,
          severity: f.severity,
          message: f.message,
          ...location(f.range),
          ...(f.sampled ? { sampled: true } : {}),
          related: f.related.map((rel) => ({
            message: rel.message,
            ...(rel.file ? { path: relativePath(context.cwd, rel.file) } : {}),
            ...location(rel.range),
          })),
          fixes: f.fixes.map((fix) => fix.title),
        })),
      })),
    skipped: results
      .filter((r) => r.skipped !== undefined)
      .map((r) => ({ path: relativePath(context.cwd, r.path), reason: r.skipped })),
    summary: { filesLinted, filesSkipped, ...counts },
  };
  return JSON.stringify(report, null, 2) + '\n';
}
