import type { Rule } from './types.js';

/** EH006: the persona comes from a template variable, so the set of personas is open. */
/** How close a repeated variable must follow to describe the same persona. */
const SAME_PERSONA_CHARS = 200;

export const templatedPersona: Rule = {
  id: 'EH006',
  name: 'templated-persona',
  defaultSeverity: 'information',
  description: 'The persona comes from a template variable: the set of personas is open, so check stability across its values.',
  check({ analysis }) {
    // The same variable again soon after ("act as [PERSONA]. ... answer them the way [PERSONA] would") goes on
    // describing one persona; further away (a second template in the same file) it is another.
    const lastEnd = new Map<string, number>();
    return analysis.personas
      .filter((p) => {
        if (p.kind !== 'templated') return false;
        const key = `${p.messageIndex}\n${p.variable}`;
        const previous = lastEnd.get(key);
        lastEnd.set(key, p.span.end);
        return previous === undefined || p.span.start - previous > SAME_PERSONA_CHARS;
      })
      .map((persona) => ({
        message:
          `The persona comes from the template variable "${persona.variable}", so any persona can be filled in. ` +
          'Check that answers differ more between its values than between runs.',
        span: persona.span,
      }));
  },
};
