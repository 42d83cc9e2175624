import type { PromptDocument } from './formats/types.js';
import type { PromptAnalysis } from './persona/analysis.js';
import type { Severity } from './severity.js';
import type { Range, Span } from './text.js';

export { SEVERITY_ORDER, type Severity, type SeveritySetting } from './severity.js';

/** A replacement of a source span (offsets and the matching range). */
export interface TextEdit {
  span: Span;
  range: Range;
  newText: string;
}

/** A fix carried as data on a finding; the LSP server turns it into a CodeAction. */
export interface Fix {
  title: string;
  /** `suppress` fixes insert directive comments; `rewrite` fixes change the prompt text. */
  kind: 'suppress' | 'rewrite';
  edits: TextEdit[];
  /** Preferred fixes are offered first (VS Code's auto-fix picks them). */
  preferred?: boolean;
  /** The editor should show the change for confirmation before applying it (rewrites of prompt text). */
  preview?: boolean;
}

/** A secondary location that explains a finding (e.g. the persona an evaluation runs under). */
export interface RelatedLocation {
  message: string;
  span: Span;
  range: Range;
  /** Set when the location is in another file (span and range then point at its start). */
  file?: string;
}

/** One rule violation at a span of the source file. */
export interface Finding {
  ruleId: string;
  ruleName: string;
  /** Set on findings of sampled rules: measured on a model, from kept results. */
  sampled?: true;
  severity: Severity;
  message: string;
  span: Span;
  range: Range;
  related: RelatedLocation[];
  fixes: Fix[];
}

/** The result of linting one file. */
export interface LintResult {
  path: string;
  /** Absent when the file was skipped. */
  document?: PromptDocument;
  /** The personas and instructions found (absent when skipped), for callers that show more than findings. */
  analysis?: PromptAnalysis;
  findings: Finding[];
  /** Why the file was not linted (too large, binary), when it was skipped. */
  skipped?: string;
  /**
   * Set for a code or data file that was not read for prompts (no model SDK import or prompt name, no prompt field,
   * or the `code` setting): it was not linted, and is neither counted as linted nor reported as skipped.
   */
  unread?: true;
}
