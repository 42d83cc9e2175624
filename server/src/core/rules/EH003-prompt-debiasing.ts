import { isPartial } from '../persona/analysis.js';
import { personaLabel, personasSummary } from './describeCategories.js';
import { personasNear } from './nearestPersonas.js';
import { onePerSentence } from './onePerSentence.js';
import { structuralInstruction } from './rewrite.js';
import type { Rule } from './types.js';

/** EH003: a "be neutral" instruction is relied on to neutralise an identity or one-sided persona. */
export const promptDebiasing: Rule = {
  id: 'EH003',
  name: 'prompt-debiasing',
  defaultSeverity: 'information',
  description: 'A "be neutral / unbiased" instruction is relied on to neutralise an identity or one-sided persona; such instructions did not remove the bias.',
  check({ doc, analysis }) {
    const partial = analysis.personas.filter(isPartial);
    if (partial.length === 0) return [];
    const near = personasNear(partial);
    return onePerSentence(analysis.debiasing, doc.source).map((instruction) => {
      const personas = near(instruction.span.start);
      const personaWords = personasSummary(personas);
      return {
      message:
        `"${instruction.words}" is meant to neutralise the persona ${personaWords}, but such instructions were shown ` +
        'not to remove identity-congruent bias. Measure it on your model or restructure the task.',
      span: instruction.span,
      related: personas.map((persona) => ({ message: `Meant to neutralise this ${personaLabel(persona)}`, span: persona.span })),
      fixes: [
        {
          title: 'Replace with a structural instruction',
          kind: 'rewrite' as const,
          preview: true,
          edits: structuralInstruction(doc, instruction),
        },
      ],
      };
    });
  },
};
