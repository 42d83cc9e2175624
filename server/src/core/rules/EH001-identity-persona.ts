import { isIdentityPersona } from '../persona/analysis.js';
import { attributeSummary } from './describeCategories.js';
import { rewriteAsTaskRole } from './rewrite.js';
import type { Rule } from './types.js';

/** EH001: the model is assigned a social or group identity. */
export const identityPersona: Rule = {
  id: 'EH001',
  name: 'identity-persona',
  defaultSeverity: 'information',
  description: 'The model is assigned a social or group identity persona (party, religion, nationality, gender, age, activism, fandom).',
  check({ doc, analysis, config }) {
    return analysis.personas
      .filter(isIdentityPersona)
      .map((persona) => ({
        message:
          `The model is given an identity persona: ${attributeSummary(persona)}. Identity personas make models ` +
          'judge evidence in favour of their side; keep the role, drop the identity unless the identity is the point.',
        span: persona.span,
        // A template filled in elsewhere in the file: where the identity is written.
        ...(persona.filledFrom ? { related: persona.filledFrom.map((span) => ({ message: 'The persona is filled in with an identity here', span })) } : {}),
        fixes: [{ title: 'Rewrite as a task role', kind: 'rewrite' as const, preview: true, edits: () => rewriteAsTaskRole(doc, persona, config) }],
      }));
  },
};
