import { categoryLabel } from '../persona/categories.js';
import type { PersonaAssignment } from '../persona/types.js';

/** "proud small-government conservative" (politics): the words that make a persona partial, for messages. */
export function attributeSummary(persona: PersonaAssignment): string {
  const parts = persona.identityAttributes.map((a) => `"${a.term}" (${categoryLabel(a.category)})`);
  return parts.length > 0 ? parts.join(', ') : `"${persona.phrase}"`;
}

/** The attribute summaries of several personas, each said once ("spokesperson" for three sentences is one). */
export function personasSummary(personas: PersonaAssignment[]): string {
  return [...new Set(personas.map(attributeSummary))].join('; ');
}

/** A short quotation of a persona for related-information messages. */
export function personaLabel(persona: PersonaAssignment): string {
  const phrase = persona.phrase.length > 60 ? `${persona.phrase.slice(0, 57)}...` : persona.phrase;
  return `${persona.kind} persona "${phrase}"`;
}
