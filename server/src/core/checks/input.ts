// What a check runs on: a parsed prompt and the persona in it.
import { resolveConfig, type ResolvedConfig } from '../config.js';
import { conversationAt, conversationsOf } from '../formats/conversations.js';
import type { PromptDocument } from '../formats/types.js';
import { analyzePrompt, isPartial, type PromptAnalysis } from '../persona/analysis.js';
import type { PersonaAssignment } from '../persona/types.js';
import { choosePersona, type SentenceChoice } from './chosenSentence.js';
import { checkedPersona, templateVariables } from './prompt.js';
import type { CheckedPersona } from './types.js';

/** A prompt to check and, optionally, which persona in it. */
export interface CheckInput {
  doc: PromptDocument;
  /** The persona to measure; by default the one on `personaLine`, else the prompt's first identity or one-sided persona. */
  persona?: PersonaAssignment;
  /** 1-based line of the persona sentence to measure: the detected persona there, else the one sentence on it (chosen by hand). */
  personaLine?: number;
  /** A sentence chosen by hand, detected as a persona or not: a text quoted from the prompt (`personaLine` picks among repeats) or a source span. */
  sentence?: SentenceChoice;
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

/** Finds the persona to measure; throws CheckInputError when the prompt has none, or the choice names none. */
export function resolveInput(input: CheckInput): ResolvedInput {
  const config = input.config ?? resolveConfig();
  const doc = conversationOf(input, config);
  const analysis = analyzePrompt(doc, config);
  const { persona, byHand } = input.persona ? { persona: input.persona, byHand: false } : choosePersona(doc, analysis, config, input);
  return { doc, analysis, persona, checked: checkedPersona(doc, persona, byHand), inputs: input.inputs ?? doc.sampleInputs[0] };
}

/**
 * The prompt a check sends: in a code file with several conversations, the one holding the chosen persona, sentence
 * or line, else the first that assigns an identity or one-sided persona (else any persona); a prompt file is one
 * conversation.
 */
function conversationOf(input: CheckInput, config: ResolvedConfig): PromptDocument {
  const parts = conversationsOf(input.doc);
  if (parts.length <= 1) return input.doc;
  const offset = input.persona?.span.start ?? (input.sentence && 'span' in input.sentence ? input.sentence.span.start : undefined);
  const chosen =
    offset !== undefined
      ? conversationAt(input.doc, { offset })
      : input.personaLine !== undefined
        ? conversationAt(input.doc, { line: input.personaLine - 1 })
        : (() => {
            // As a prompt file's check takes its first identity or one-sided persona, else its first persona.
            const personas = parts.map((part) => analyzePrompt(part, config).personas);
            return parts[personas.findIndex((list) => list.some(isPartial))] ?? parts[personas.findIndex((list) => list.length > 0)];
          })();
  return chosen ?? input.doc;
}

/** A note for a prompt whose template variables go out unfilled (it has no sample input and none was given). */
export function unfilledVariablesNote(input: ResolvedInput): string[] {
  const names = templateVariables(input.doc).filter((name) => !input.inputs || !Object.prototype.hasOwnProperty.call(input.inputs, name));
  return names.length === 0 ? [] : [`No value for the template variable(s) ${names.join(', ')}: they were sent as written.`];
}
