// What a check runs on: a parsed prompt and the persona in it.
import { resolveConfig, type ResolvedConfig } from '../config.js';
import type { PromptDocument } from '../formats/types.js';
import { analyzePrompt, type PromptAnalysis } from '../persona/analysis.js';
import type { PersonaAssignment } from '../persona/types.js';
import { checkedPersona, selectPersona, templateVariables } from './prompt.js';
import { CheckInputError } from './sampling.js';
import type { CheckedPersona } from './types.js';

/** A prompt to check and, optionally, which persona in it. */
export interface CheckInput {
  doc: PromptDocument;
  /** The persona to measure; by default the one on `personaLine`, else the prompt's first identity or one-sided persona. */
  persona?: PersonaAssignment;
  /** 1-based line of the persona sentence to measure. */
  personaLine?: number;
  /** The configuration the persona lexicon comes from (default: the built-in lexicon). */
  config?: ResolvedConfig;
  /** Values for the prompt's template variables (default: its first sample input, if it has one). */
  inputs?: Record<string, unknown>;
}

/** A check input with its persona found and the prompt analysed. */
export interface ResolvedInput {
  doc: PromptDocument;
  analysis: PromptAnalysis;
  persona: PersonaAssignment;
  checked: CheckedPersona;
  inputs: Record<string, unknown> | undefined;
}

/** Finds the persona to measure; throws CheckInputError when the prompt has none (on that line). */
export function resolveInput(input: CheckInput): ResolvedInput {
  const { doc } = input;
  const analysis = analyzePrompt(doc, input.config ?? resolveConfig());
  const persona = input.persona ?? selectPersona(doc, analysis.personas, input.personaLine);
  if (!persona) {
    throw new CheckInputError(
      input.personaLine !== undefined
        ? `No persona sentence on line ${input.personaLine} of ${doc.path}.`
        : `${doc.path} assigns no persona: there is nothing to check.`,
    );
  }
  return { doc, analysis, persona, checked: checkedPersona(doc, persona), inputs: input.inputs ?? doc.sampleInputs[0] };
}

/** A note for a prompt whose template variables go out unfilled (it has no sample input and none was given). */
export function unfilledVariablesNote(input: ResolvedInput): string[] {
  const names = templateVariables(input.doc).filter((name) => !input.inputs || !Object.prototype.hasOwnProperty.call(input.inputs, name));
  return names.length === 0 ? [] : [`No value for the template variable(s) ${names.join(', ')}: they were sent as written.`];
}
