import type { ResolvedConfig } from '../config.js';
import type { PromptDocument } from '../formats/types.js';
import { detectPersonas } from './detect.js';
import { findDebiasing, findEvaluations, findRespondentSimulation, type Instruction } from './instructions.js';
import { proseOf, type Prose } from './prose.js';
import type { PersonaAssignment } from './types.js';

/** Everything the rules need to know about a prompt's personas and instructions, computed once per lint. */
export interface PromptAnalysis {
  prose: Prose[];
  personas: PersonaAssignment[];
  evaluations: Instruction[];
  debiasing: Instruction[];
  respondents: Instruction[];
}

/** Analyses a parsed prompt: its personas, and its evaluative, debiasing and respondent-simulation instructions. */
export function analyzePrompt(doc: PromptDocument, config: ResolvedConfig): PromptAnalysis {
  const prose = doc.messages.map((_, index) => proseOf(doc, index));
  let evaluations: Instruction[] | undefined;
  let debiasing: Instruction[] | undefined;
  // Evaluative and debiasing instructions only matter under a partial persona: found on first use.
  return {
    prose,
    personas: detectPersonas(doc, prose, config),
    get evaluations() {
      return (evaluations ??= findEvaluations(doc, prose));
    },
    get debiasing() {
      return (debiasing ??= findDebiasing(doc, prose));
    },
    respondents: findRespondentSimulation(doc, prose),
  };
}

/**
 * True for personas that give the model a group identity: identity personas, and templated ones whose frame or
 * variable names an identity category (`a {nationality} {faith} voter`), whatever value fills them in.
 */
export function isIdentityPersona(persona: PersonaAssignment): boolean {
  return persona.kind === 'identity' || (persona.kind === 'templated' && persona.identityAttributes.some((a) => a.category !== 'stance'));
}

/** True for personas that commit the model to a group or a side (the ones EH002 and EH003 care about). */
export function isPartial(persona: PersonaAssignment): boolean {
  return isIdentityPersona(persona) || persona.kind === 'stance';
}
