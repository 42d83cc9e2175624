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
    const keys = personas.map(personaKey);
    const firstWithKey = new Map<string, number>();
    keys.forEach((key, i) => firstWithKey.has(key) || firstWithKey.set(key, i));
    const findings = [];
    for (let i = 1; i < personas.length; i++) {
      const current = personas[i];
      const key = keys[i];
      // Repeating a persona already given is not a new one (unless the sentence reassigns).
      if (firstWithKey.get(key)! < i && !current.reassigns) continue;
      let earlier: PersonaAssignment | undefined;
      for (let j = 0; j < i && !earlier; j++) {
        const previous = personas[j];
        if (keys[j] === key) continue;
        const bothTask = previous.kind === 'task' && current.kind === 'task';
        let different: boolean;
        if (current.reassigns) different = true;
        else if (previous.messageIndex !== current.messageIndex) different = !bothTask;
        // "Panellist A: You are ..." / "Panellist B: You are ...": labelled characters are different personas.
        else if (previous.label && current.label && previous.label !== current.label) different = !bothTask;
        else different = previous.kind !== 'task' && current.kind !== 'task' && conflicts(previous, current);
        if (different) earlier = previous;
      }
      if (!earlier) continue;
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
