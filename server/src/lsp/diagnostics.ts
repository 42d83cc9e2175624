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

/**
 * What a diagnostic carries in `data`: the document version it was computed for and its place among that lint's
 * findings. The fixes stay in the server (lastFindings): a prompt dense with personas has hundreds of findings, and
 * sending every fix's edits with every keystroke's diagnostics doubled the message (450 of 790 KB for 50 KB).
 */
export interface FindingData {
  version: number;
  index: number;
}

/** The source of diagnostics from static rules, and of those the sampled rules give from kept results. */
export const LINT_SOURCE = 'evenhand';
export const SAMPLED_SOURCE = 'evenhand (sampled)';

/** Converts finding number `index` of a lint of the document `uri` into an LSP diagnostic that points back to it. */
export function findingToDiagnostic(finding: Finding, uri: string, version: number, docsBase: string, index: number): Diagnostic {
  const related: DiagnosticRelatedInformation[] = finding.related.map((r) => ({
    location: { uri: r.file ? pathToFileURL(r.file).href : uri, range: r.range },
    message: r.message,
  }));
  const data: FindingData = { version, index };
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

/**
 * The findings of a document's last lint, kept for its code actions. Linted while typing without their fixes'
 * edits; `withEdits` lints the same text again with them, once, when a code action first needs them.
 */
export interface LintedFindings {
  version: number;
  findings: readonly Finding[];
  withEdits?: () => readonly Finding[];
}

/**
 * The fixes of a diagnostic of ours, from the findings of the lint it came from, when that lint is of `version`
 * (the text now open) and the diagnostic still matches its finding; none otherwise.
 */
export function fixesOf(diagnostic: Diagnostic, version: number, linted: LintedFindings | undefined): Fix[] {
  if (diagnostic.source !== LINT_SOURCE && diagnostic.source !== SAMPLED_SOURCE) return [];
  const data = diagnostic.data as Partial<FindingData> | undefined;
  if (!data || data.version !== version || !linted || linted.version !== version || typeof data.index !== 'number') return [];
  if (linted.withEdits) {
    linted.findings = linted.withEdits();
    linted.withEdits = undefined;
  }
  const finding = linted.findings[data.index];
  // A diagnostic the client kept from elsewhere (or edited) must not borrow another finding's fixes.
  if (!finding || finding.ruleId !== diagnostic.code || !sameRange(finding.range, diagnostic.range)) return [];
  return finding.fixes;
}

function sameRange(a: Diagnostic['range'], b: Diagnostic['range']): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
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
