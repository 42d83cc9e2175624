import type { ResolvedConfig } from '../config.js';
import type { PromptDocument } from '../formats/types.js';
import { answerSlotQuestion } from './addressed.js';
import { detectPersonas, toSource } from './detect.js';
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
  const personas = detectPersonas(doc, prose, config);
  return {
    prose,
    personas,
    get evaluations() {
      return (evaluations ??= findEvaluations(doc, prose));
    },
    get debiasing() {
      return (debiasing ??= findDebiasing(doc, prose));
    },
    respondents: [...findRespondentSimulation(doc, prose), ...backstoryRespondents(doc, prose, personas)].sort((a, b) => a.span.start - b.span.start),
  };
}

/**
 * A first-person backstory that ends in a survey question's answer slot (silicon sampling): the model answers as
 * that respondent. The question is where the prompt asks for the respondent's answer.
 */
function backstoryRespondents(doc: PromptDocument, proses: Prose[], personas: PersonaAssignment[]): Instruction[] {
  const out: Instruction[] = [];
  proses.forEach((prose, messageIndex) => {
    const question = answerSlotQuestion(prose.text);
    // A respondent with an identity: a teacher asked a sum is no survey panel.
    if (!question || !personas.some((p) => p.messageIndex === messageIndex && isIdentityPersona(p))) return;
    const span = toSource(doc.messages[messageIndex].offsets, question.start, question.end);
    out.push({ messageIndex, words: prose.text.slice(question.start, question.end).trim(), span, sentence: span });
  });
  return out;
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
