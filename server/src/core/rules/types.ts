import type { CheckName, CheckRecord } from '../checks/record.js';
import type { ResolvedConfig } from '../config.js';
import type { PromptDocument } from '../formats/types.js';
import type { PromptAnalysis } from '../persona/analysis.js';
import type { Fix, Severity } from '../types.js';
import type { Span } from '../text.js';

/** What a rule's check sees: the parsed document, its persona analysis and the configuration. */
export interface RuleContext {
  doc: PromptDocument;
  analysis: PromptAnalysis;
  config: ResolvedConfig;
  /** The kept results of sampled checks on this file, when the caller has any (sampled rules read only these). */
  kept?: KeptResults;
}

/** The kept results of one prompt file, as the caller's result store holds them. */
export interface KeptResults {
  /** Where they are kept (results.json), for a finding's related location. */
  file: string;
  /**
   * The newest result of `check` for the persona sentence `personaText` on 1-based `line` (debias: measured with
   * the sentences `targets`), and whether it was measured on older text.
   */
  latest(check: CheckName, personaText: string, line: number, targets?: string[]): { record: CheckRecord; stale: boolean } | undefined;
}

/** A finding as a rule reports it; the linter adds severity, range and suppression fixes. */
export interface RuleFinding {
  message: string;
  span: Span;
  /** Places that explain the finding: in the same document, or at the start of another `file`. */
  related?: { message: string; span: Span; file?: string }[];
  fixes?: RuleFix[];
  /** The data did not settle (an inconclusive sampled check): reported at information at most. */
  tentative?: boolean;
}

/** A fix as a rule proposes it, in source offsets; the linter adds ranges. */
export interface RuleFix extends Omit<Fix, 'edits'> {
  /**
   * The fix's edits in source offsets, or a function that works them out: a lint that only reports fix titles
   * (the CLI, the language server while typing) never calls it, and a rewrite is the costliest part of a finding.
   */
  edits: RuleEdit[] | (() => RuleEdit[]);
}

/** One edit of a rule's fix, in source offsets. */
export interface RuleEdit {
  span: Span;
  newText: string;
}

/**
 * One rule: its metadata and its check. Each lives in its own file under rules/. A sampled rule reports what kept
 * results of a sampled check measured (RuleContext.kept); a static rule reads the text alone.
 */
export interface Rule {
  id: string;
  name: string;
  defaultSeverity: Severity;
  /** One line, shown in the README, SARIF rule metadata and `evenhand rules`. */
  description: string;
  /** The sampled check whose kept results this rule reports; absent for static rules. */
  sampledBy?: CheckName;
  check(context: RuleContext): RuleFinding[];
}

/** Where a rule's documentation page lives, relative to the package root. */
export function ruleDocsPath(id: string): string {
  return `docs/rules/${id}.md`;
}

/** The documentation URL of a rule, given the URL of the docs/rules/ folder (ending in "/"). */
export function ruleDocsUrl(id: string, docsBase: string): string {
  return `${docsBase}${id}.md`;
}
