import { isPartial } from '../persona/analysis.js';
import { personaLabel, personasSummary } from './describeCategories.js';
import { onePerSentence } from './onePerSentence.js';
import { rewriteAsTaskRole } from './rewrite.js';
import type { Rule } from './types.js';

/** EH002: the prompt asks a model with an identity or one-sided persona to evaluate. */
export const evaluationUnderPersona: Rule = {
  id: 'EH002',
  name: 'evaluation-under-persona',
  defaultSeverity: 'warning',
  description: 'An identity or one-sided persona is asked to evaluate (rate, grade, rank, judge, fact-check, pick the stronger side).',
  check({ doc, analysis, config }) {
    const partial = analysis.personas.filter(isPartial);
    if (partial.length === 0) return [];
    // A sentence that both asks for a judgement and tries to neutralise the persona ("Judge without prejudice")
    // is reported once, by EH003, unless the neutralising comes as a second instruction after the judgement
    // ("score it out of 10, and keep the score fair"): then each is reported.
    const evaluations = onePerSentence(analysis.evaluations, doc.source).filter(
      (e) => !analysis.debiasing.some((d) => d.sentence.start === e.sentence.start && !SECOND_INSTRUCTION.test(doc.source.slice(e.span.end, d.span.start))),
    );
    return evaluations.map((evaluation) => {
      const personas = nearest(partial, evaluation.span.start);
      const personaWords = personasSummary(personas);
      return {
      message:
        `"${evaluation.words}" asks the model to evaluate under the persona ${personaWords}. Persona-assigned models ` +
        'judge one-sidedly (up to 90% more likely to be right when the answer suits their identity).',
      span: evaluation.span,
      related: personas.map((persona) => ({ message: `Evaluates as this ${personaLabel(persona)}`, span: persona.span })),
      fixes: [
        {
          title: 'Rewrite as a task role',
          kind: 'rewrite' as const,
          preview: true,
          edits: personas.flatMap((persona) => rewriteAsTaskRole(doc, persona, config)),
        },
      ],
      };
    });
  },
};

/** The text between a judgement and a later instruction that joins them as two instructions (", and", "; then"). */
const SECOND_INSTRUCTION = /(?:[,;]\s*(?:and|then|but)|;)\s+$/;

/** The personas an evaluation runs under, nearest first in source order; a prompt has few, a huge file is capped. */
export function nearest<T extends { span: { start: number } }>(personas: T[], at: number, limit = 8): T[] {
  if (personas.length <= limit) return personas;
  return [...personas]
    .sort((a, b) => Math.abs(a.span.start - at) - Math.abs(b.span.start - at))
    .slice(0, limit)
    .sort((a, b) => a.span.start - b.span.start);
}
