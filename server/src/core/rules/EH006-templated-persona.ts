import type { Rule } from './types.js';

/** EH006: the persona comes from a template variable, so the set of personas is open. */
export const templatedPersona: Rule = {
  id: 'EH006',
  name: 'templated-persona',
  defaultSeverity: 'information',
  description: 'The persona comes from a template variable: the set of personas is open, so check stability across its values.',
  check({ analysis }) {
    return analysis.personas
      .filter((p) => p.kind === 'templated')
      .map((persona) => ({
        message:
          `The persona comes from the template variable "${persona.variable}", so any persona can be filled in. ` +
          'Check that answers differ more between its values than between runs.',
        span: persona.span,
      }));
  },
};
