// What a prompt offers sampled checks on: its personas (identity, stance and templated; task roles are not worth a
// check) and its debiasing sentences, with the texts a kept result is matched by. Shared by the code lenses, the
// check queue and the sampled rules, so they always agree on which result belongs to which sentence.
import type { PromptDocument } from '../formats/types.js';
import type { PromptAnalysis } from '../persona/analysis.js';
import type { PersonaAssignment } from '../persona/types.js';
import type { Span } from '../text.js';
import { selectPersona } from './prompt.js';
import type { CheckName } from './record.js';

/** The personas and debiasing sentences of a prompt, as checks see them. */
export interface CheckTargets {
  doc: PromptDocument;
  personas: PersonaAssignment[];
  /** The debiasing sentences (none when the prompt has no persona to measure them with). */
  debiasing: Span[];
  /** The persona the debias check measures: the one the engine picks by default. */
  debiasPersona: Span | undefined;
  /** The debiasing sentences as a debias record names them, in order. */
  debiasTexts: string[];
}

/** The check targets of an analysed prompt. */
export function checkTargets(doc: PromptDocument, analysis: PromptAnalysis): CheckTargets {
  const personas = analysis.personas.filter((p) => p.kind !== 'task');
  const found = [...new Map(analysis.debiasing.map((i) => [i.sentence.start, i.sentence])).values()];
  const debiasPersona = selectPersona(doc, analysis.personas)?.sentence;
  const debiasing = personas.length > 0 && debiasPersona ? found : [];
  return { doc, personas, debiasing, debiasPersona, debiasTexts: debiasing.map((span) => sentenceText(doc, span)) };
}

/** A sentence as kept results name it: whitespace collapsed. */
export function sentenceText(doc: PromptDocument, span: Span): string {
  return doc.source.slice(span.start, span.end).replace(/\s+/g, ' ').trim();
}

/** The 0-based line a span starts on. */
export function lineOf(doc: PromptDocument, span: Span): number {
  return doc.lines.positionAt(span.start).line;
}

/** One check a prompt offers: the check and the 0-based line of its persona (debias: of its first sentence). */
export interface CheckSite {
  check: CheckName;
  line: number;
}

/** Every check a prompt offers: stability and one-sided per persona, debias once when it has a debiasing sentence. */
export function checkSites(targets: CheckTargets): CheckSite[] {
  const sites: CheckSite[] = [];
  for (const persona of targets.personas) {
    const line = lineOf(targets.doc, persona.sentence);
    sites.push({ check: 'stability', line }, { check: 'one-sided', line });
  }
  if (targets.debiasing.length > 0) sites.push({ check: 'debias', line: lineOf(targets.doc, targets.debiasing[0]) });
  return sites;
}

/** The persona sentence a check at a 0-based line measures (the first persona when no line is given). */
export function personaAtLine(targets: CheckTargets, line: number | undefined): Span | undefined {
  if (line === undefined) return targets.personas[0]?.sentence;
  return targets.personas.find((p) => lineOf(targets.doc, p.sentence) === line)?.sentence;
}
