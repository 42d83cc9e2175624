import { onePerSentence } from './onePerSentence.js';
import type { Rule } from './types.js';

/** EH004: personas stand in for human respondents, annotators or demographic groups. */
export const simulatedRespondent: Rule = {
  id: 'EH004',
  name: 'simulated-respondent',
  defaultSeverity: 'warning',
  description: 'Personas stand in for human respondents, annotators or demographic groups; run-to-run variance can match persona-to-persona variance.',
  check({ doc, analysis }) {
    return onePerSentence(analysis.respondents, doc.source).map((instruction) => ({
      message:
        `"${instruction.words}" uses personas as stand-ins for human respondents. Run-to-run variance of persona ` +
        'answers can match or exceed the differences between personas: measure stability before reading the answers as opinions.',
      span: instruction.span,
    }));
  },
};
