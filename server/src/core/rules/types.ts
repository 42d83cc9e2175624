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
}

/** A finding as a rule reports it; the linter adds severity, range and suppression fixes. */
export interface RuleFinding {
  message: string;
  span: Span;
  related?: { message: string; span: Span }[];
  fixes?: RuleFix[];
}

/** A fix as a rule proposes it, in source offsets; the linter adds ranges. */
export interface RuleFix extends Omit<Fix, 'edits'> {
  edits: { span: Span; newText: string }[];
}

/** One static rule: its metadata and its check. Each lives in its own file under rules/. */
export interface Rule {
  id: string;
  name: string;
  defaultSeverity: Severity;
  /** One line, shown in the README, SARIF rule metadata and `evenhand rules`. */
  description: string;
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
