import type { Finding, LintResult, PromptDocument } from '../../server/out/core/index.js';
import { targetLines } from '../../server/out/core/index.js';

/** One finding a fixture expects: a rule id and the lines its start may be on. */
export interface Expectation {
  ruleId: string;
  lines: number[];
  /** Zero-based line of the marker comment. */
  markerLine: number;
}

/** Reads `evenhand-expect EH001 EH002` markers; each id is one expected finding on the lines the marker covers. */
export function readExpectations(doc: PromptDocument): Expectation[] {
  const out: Expectation[] = [];
  const flags = doc.bodyComment.pattern.flags.includes('g') ? doc.bodyComment.pattern.flags : `${doc.bodyComment.pattern.flags}g`;
  for (const m of doc.source.matchAll(new RegExp(doc.bodyComment.pattern.source, flags))) {
    const directive = /^evenhand-expect\s+(.*)$/.exec((m[1] ?? '').trim());
    if (!directive) continue;
    const markerLine = doc.lines.positionAt(m.index + m[0].length).line;
    const lines = targetLines(doc, markerLine + 1);
    for (const ruleId of directive[1].split(/[\s,]+/).filter((id) => /^EH\d{3}$/.test(id))) {
      out.push({ ruleId, lines, markerLine });
    }
  }
  return out;
}

/** Pairs findings with expectations (same rule, start line in the marker's lines); the rest are FP and FN. */
export function matchExpectations(
  result: LintResult,
  expectations: Expectation[],
): { truePositives: Finding[]; falsePositives: Finding[]; falseNegatives: Expectation[] } {
  const open = [...expectations];
  const truePositives: Finding[] = [];
  const falsePositives: Finding[] = [];
  for (const finding of result.findings) {
    const i = open.findIndex((e) => e.ruleId === finding.ruleId && e.lines.includes(finding.range.start.line));
    if (i >= 0) {
      truePositives.push(finding);
      open.splice(i, 1);
    } else {
      falsePositives.push(finding);
    }
  }
  return { truePositives, falsePositives, falseNegatives: open };
}
