import type { IdentityAttribute, PersonaAssignment } from '../persona/types.js';

const CATEGORY_LABELS: Record<IdentityAttribute['category'], string> = {
  political: 'politics',
  religion: 'religion',
  nationality: 'nationality/ethnicity',
  gender: 'gender/sexuality',
  age: 'age',
  activism: 'activism',
  fandom: 'fandom',
  stance: 'one-sided role',
};

/** "proud small-government conservative" (politics): the words that make a persona partial, for messages. */
export function attributeSummary(persona: PersonaAssignment): string {
  const parts = persona.identityAttributes.map((a) => `"${a.term}" (${CATEGORY_LABELS[a.category]})`);
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
