import {
  DiagnosticSeverity,
  type Diagnostic,
  type DiagnosticRelatedInformation,
} from 'vscode-languageserver/node';
import { pathToFileURL } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ConfigProblem } from '../core/config.js';
import { ruleDocsUrl } from '../core/index.js';
import type { Fix, Finding, Severity } from '../core/types.js';

const LSP_SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** What a diagnostic carries in `data`: its fixes and the document version their edits were computed for. */
export interface FindingData {
  version: number;
  fixes: Fix[];
}

/** The source of diagnostics from static rules, and of those the sampled rules give from kept results. */
export const LINT_SOURCE = 'evenhand';
export const SAMPLED_SOURCE = 'evenhand (sampled)';

/** Converts one finding of the document `uri` into an LSP diagnostic whose `data` holds its fixes. */
export function findingToDiagnostic(finding: Finding, uri: string, version: number, docsBase: string): Diagnostic {
  const related: DiagnosticRelatedInformation[] = finding.related.map((r) => ({
    location: { uri: r.file ? pathToFileURL(r.file).href : uri, range: r.range },
    message: r.message,
  }));
  const data: FindingData = { version, fixes: finding.fixes };
  return {
    range: finding.range,
    severity: LSP_SEVERITY[finding.severity],
    code: finding.ruleId,
    codeDescription: { href: ruleDocsUrl(finding.ruleId, docsBase) },
    source: finding.sampled ? SAMPLED_SOURCE : LINT_SOURCE,
    message: finding.message,
    relatedInformation: related.length > 0 ? related : undefined,
    data,
  };
}

/** Reads back the fixes a diagnostic of ours carries, if it is one and they are for `version`. */
export function fixesOf(diagnostic: Diagnostic, version: number): Fix[] {
  if (diagnostic.source !== LINT_SOURCE && diagnostic.source !== SAMPLED_SOURCE) return [];
  const data = diagnostic.data as Partial<FindingData> | undefined;
  if (!data || data.version !== version || !Array.isArray(data.fixes)) return [];
  return data.fixes;
}

/** The problems of an open `.evenhand.json`, as error diagnostics at their offsets in it. */
export function configProblemDiagnostics(problems: ConfigProblem[], document: TextDocument): Diagnostic[] {
  return problems.map((problem) => ({
    range: { start: document.positionAt(problem.start), end: document.positionAt(problem.end) },
    severity: DiagnosticSeverity.Error,
    code: 'config',
    source: LINT_SOURCE,
    message: problem.message,
  }));
}
