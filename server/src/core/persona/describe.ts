import { categoryName } from './categories.js';
import type { PersonaAssignment } from './types.js';

const RESEARCH: Record<PersonaAssignment['kind'], string> = {
  identity:
    'Models given a group identity reason like motivated humans: political personas were up to 90% more likely to ' +
    'judge evidence correctly when the correct answer matched their identity, and telling the model to be fair did ' +
    'not remove it (Dash et al., Findings of ACL 2026).',
  stance:
    'A role committed to one side is asked to argue, not to weigh: expect its judgements to lean that way. ' +
    'Measure it with the one-sided check before using it to evaluate anything.',
  task: 'A functional role with no identity or side. Task roles are not known to skew judgements.',
  templated:
    'The persona comes from a template variable, so the set of personas is open. Persona effects depend on the ' +
    'prompt and the model, and run-to-run noise can match persona-to-persona differences: check stability across ' +
    'the values the variable takes.',
};

/** A Markdown description of a persona for hovers: its kind, attributes and what the research says. */
export function describePersona(persona: PersonaAssignment): string {
  const lines = [`**Evenhand persona** (${persona.kind}): ${persona.phrase}`];
  if (persona.variable) lines.push('', `Template variable: \`${persona.variable}\``);
  if (persona.identityAttributes.length > 0) {
    lines.push('', 'Attributes:');
    for (const a of persona.identityAttributes) lines.push(`- ${a.term} (${categoryName(a.category)})`);
  }
  lines.push('', RESEARCH[persona.kind]);
  return lines.join('\n');
}
