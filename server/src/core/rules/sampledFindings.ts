import { checkTargets, lineOf, sentenceText } from '../checks/targets.js';
import type { CheckName, CheckRecord } from '../checks/record.js';
import { recordSentence } from '../checks/summary.js';
import { verdictTone } from '../checks/verdicts.js';
import type { Span } from '../text.js';
import type { RuleContext, RuleFinding } from './types.js';

/**
 * The findings a sampled check's kept results give for the document's current text: one per persona (debias: per
 * debiasing sentence) whose newest result for unchanged text flags it, and a tentative one when it is inconclusive.
 * Results measured on older text say nothing about the current one and give nothing.
 */
export function sampledFindings({ doc, analysis, kept }: RuleContext, check: CheckName): RuleFinding[] {
  if (!kept) return [];
  const targets = checkTargets(doc, analysis);
  const findings: RuleFinding[] = [];
  if (check === 'debias') {
    const persona = targets.debiasPersona;
    if (!persona || targets.debiasing.length === 0) return [];
    const latest = kept.latest(check, sentenceText(doc, persona), lineOf(doc, persona) + 1, targets.debiasTexts);
    if (!latest || latest.stale) return [];
    for (const sentence of targets.debiasing) {
      const finding = findingOf(latest.record, sentence, kept.file, persona);
      if (finding) findings.push(finding);
    }
    return findings;
  }
  for (const persona of targets.personas) {
    const latest = kept.latest(check, sentenceText(doc, persona.sentence), lineOf(doc, persona.sentence) + 1);
    if (!latest || latest.stale) continue;
    const finding = findingOf(latest.record, persona.sentence, kept.file);
    if (finding) findings.push(finding);
  }
  return findings;
}

function findingOf(record: CheckRecord, span: Span, keptFile: string, persona?: Span): RuleFinding | undefined {
  const tone = verdictTone(record.verdict);
  if (tone === 'clear') return undefined;
  const related: RuleFinding['related'] = [];
  if (persona) related.push({ message: 'The persona it was measured with', span: persona });
  related.push({
    message: `The kept result, with ${record.rawSampleCount} raw answers (${record.endpoint.model} at ${record.endpoint.host})`,
    span: { start: 0, end: 0 },
    file: keptFile,
  });
  return { message: recordSentence(record), span, related, ...(tone === 'inconclusive' ? { tentative: true } : {}) };
}
