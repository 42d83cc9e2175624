// Which identity category a template variable's name names: `{party}`, `{user_faith}`, `{ageGroup}` leave the value
// open but not its kind, so the persona they fill in is an identity persona. The words are the `variableNames` of
// each category's lexicon file.
import { IDENTITY_CATEGORY_TABLE, type IdentityCategory } from './categories.js';

const CATEGORY_BY_WORD = new Map<string, IdentityCategory>(
  IDENTITY_CATEGORY_TABLE.flatMap((row) => (row.lexicon.variableNames ?? []).map((word): [string, IdentityCategory] => [word, row.id])),
);

/**
 * The words of a variable name: snake_case, kebab-case, dotted paths and camelCase split, lower-cased, accents
 * dropped (`religião` -> religiao).
 */
export function variableNameWords(name: string): string[] {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((word) => word !== '');
}

/** The identity category a template variable's name names, if any (`cfg.party` -> political). */
export function variableCategory(name: string): IdentityCategory | undefined {
  const words = variableNameWords(name);
  // A category word may be written as two (`age_group` -> agegroup).
  for (const word of [...words, ...words.slice(1).map((w, k) => words[k] + w)]) {
    const category = CATEGORY_BY_WORD.get(word);
    if (category) return category;
  }
  return undefined;
}

/** Words of a variable name that say it holds the persona itself (`{persona_text}`, `{{char}}`, `{npc_description}`). */
const PERSONA_WORDS = new Set(['persona', 'personas', 'role', 'character', 'char', 'identity', 'npc', 'backstory', 'bio', 'biography', 'demographics', 'demographic', 'profile']);

/** Whether a variable's name says it holds the persona, whatever detail word it also has (`persona_text`). */
export function namesPersona(name: string): boolean {
  return variableNameWords(name).some((word) => PERSONA_WORDS.has(word));
}
