import { isPartial } from '../persona/analysis.js';
import type { Instruction } from '../persona/instructions.js';
import { personaLabel, personasSummary } from './describeCategories.js';
import { personasNear } from './nearestPersonas.js';
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
    const debiasingBySentence = new Map<number, Instruction[]>();
    for (const d of analysis.debiasing) {
      const inSentence = debiasingBySentence.get(d.sentence.start);
      if (inSentence) inSentence.push(d);
      else debiasingBySentence.set(d.sentence.start, [d]);
    }
    const evaluations = onePerSentence(analysis.evaluations, doc.source).filter(
      (e) => !(debiasingBySentence.get(e.sentence.start) ?? []).some((d) => !joinsSecondInstruction(doc.source, e.span.end, d.span.start)),
    );
    const near = personasNear(partial);
    return evaluations.map((evaluation) => {
      const personas = near(evaluation.span.start);
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
          edits: () => personas.flatMap((persona) => rewriteAsTaskRole(doc, persona, config)),
        },
      ],
      };
    });
  },
};

/**
 * Whether source[from, to) ends by joining a judgement to a later instruction (", and", "; then", ";") before
 * whitespace. Read backwards from `to`, so the cost is the length of that tail, not of the text in between.
 */
function joinsSecondInstruction(source: string, from: number, to: number): boolean {
  let k = to;
  while (k > from && /\s/.test(source[k - 1])) k--;
  if (k === to) return false;
  if (k > from && source[k - 1] === ';') return true;
  const word = ['and', 'then', 'but'].find((w) => k - w.length >= from && source.startsWith(w, k - w.length));
  if (!word) return false;
  k -= word.length;
  while (k > from && /\s/.test(source[k - 1])) k--;
  return k > from && (source[k - 1] === ',' || source[k - 1] === ';');
}
