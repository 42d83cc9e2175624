import type { ResolvedConfig } from '../config.js';
import type { PromptDocument } from '../formats/types.js';
import { analyzePrompt } from './analysis.js';
import type { PersonaAssignment } from './types.js';

export { analyzePrompt, isPartial, type PromptAnalysis } from './analysis.js';
export { describePersona } from './describe.js';
export type { Instruction } from './instructions.js';
export { identityTerms } from './lexicon.js';

/** The persona assignments of a parsed prompt. */
export function findPersonas(doc: PromptDocument, config: ResolvedConfig): PersonaAssignment[] {
  return analyzePrompt(doc, config).personas;
}
