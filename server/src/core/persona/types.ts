import type { IdentityCategory } from '../config.js';
import type { Span } from '../text.js';

/** What a persona assignment makes the model: a group identity, a one-sided role, a neutral task role, or a template variable. */
export type PersonaKind = 'identity' | 'stance' | 'task' | 'templated';

/** One identity (or one-sided stance) word or phrase found in a persona, with its source span. */
export interface IdentityAttribute {
  category: IdentityCategory | 'stance';
  /** The words as written in the prompt. */
  term: string;
  span: Span;
}

/** A sentence that tells the model who it is ("You are a proud small-government conservative"). */
export interface PersonaAssignment {
  /** Index into PromptDocument.messages. */
  messageIndex: number;
  kind: PersonaKind;
  /** Source span of the whole assigning sentence. */
  sentence: Span;
  /** Source span of the words that assign the persona, from the trigger to the last persona word. */
  span: Span;
  /** The persona as written ("a proud small-government conservative"), whitespace-normalised. */
  phrase: string;
  /** Source span of `phrase`. */
  phraseSpan: Span;
  /** Identity attributes (and stance words) found in the persona. */
  identityAttributes: IdentityAttribute[];
  /** The template variable the persona comes from, when it is templated. */
  variable?: string;
  /** How the sentence addresses the persona: `direct` (You are), `actas`, `pretend`, `roleof`, `name`, `third`, `asa`, `aswould`, `bio`, `listed` (a character in a cast list); found without a trigger: `addressed` (a person noun phrase in a sentence addressed to the model), `frame` (a worldview or values sentence), `lens` (an identity perspective: "from a Muslim perspective"). */
  form: string;
  /** The label the line gives the character ("Panellist B: You are ..."), when it has one. */
  label?: string;
  /** True when the sentence explicitly replaces an earlier persona ("From now on, you are ..."). */
  reassigns: boolean;
  /** Code: where the file fills the templated persona in with literals that name an identity (source spans). */
  filledFrom?: Span[];
}
