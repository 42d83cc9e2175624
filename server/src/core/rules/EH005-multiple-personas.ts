import type { PersonaAssignment } from '../persona/types.js';
import { personaLabel } from './describeCategories.js';
import type { Rule } from './types.js';

/** The identity of a persona for comparison: its attributes, its variable, or its role words. */
function personaKey(persona: PersonaAssignment): string {
  if (persona.kind === 'templated') return `var:${persona.variable ?? ''}`;
  if (persona.identityAttributes.length > 0) {
    return persona.identityAttributes.map((a) => a.term.toLowerCase()).sort().join('|');
  }
  return `role:${persona.phrase.toLowerCase().replace(/^(?:a|an|the)\s+/, '')}`;
}

/** Two personas in one message conflict when they give different values of the same identity category. */
function conflicts(a: PersonaAssignment, b: PersonaAssignment): boolean {
  return a.identityAttributes.some((x) =>
    b.identityAttributes.some((y) => x.category === y.category && x.term.toLowerCase() !== y.term.toLowerCase()),
  );
}

/** EH005: the model is given two or more different personas, or a later message reassigns it. */
export const multiplePersonas: Rule = {
  id: 'EH005',
  name: 'multiple-personas',
  defaultSeverity: 'information',
  description: 'The model is assigned two or more different personas, or a later message reassigns it.',
  check({ analysis }) {
    const personas = [...analysis.personas].sort((a, b) => a.span.start - b.span.start);
    const findings = [];
    for (let i = 1; i < personas.length; i++) {
      const current = personas[i];
      const key = personaKey(current);
      const earlier = personas.slice(0, i).find((previous) => {
        if (personaKey(previous) === key) return false;
        if (current.reassigns) return true;
        const bothTask = previous.kind === 'task' && current.kind === 'task';
        if (previous.messageIndex !== current.messageIndex) return !bothTask;
        // "Panellist A: You are ..." / "Panellist B: You are ...": labelled characters are different personas.
        if (previous.label && current.label && previous.label !== current.label) return !bothTask;
        return previous.kind !== 'task' && current.kind !== 'task' && conflicts(previous, current);
      });
      if (!earlier || personas.slice(0, i).some((p) => personaKey(p) === key && p.messageIndex <= current.messageIndex && !current.reassigns)) continue;
      findings.push({
        message:
          `The model is given another persona, ${personaLabel(current)}, after ${personaLabel(earlier)}. ` +
          'Mixed or switched personas make answers harder to attribute and to reproduce; keep one.',
        span: current.span,
        related: [{ message: `Earlier ${personaLabel(earlier)}`, span: earlier.span }],
      });
    }
    return findings;
  },
};
