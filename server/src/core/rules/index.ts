import { parseError } from './EH000-parse-error.js';
import { identityPersona } from './EH001-identity-persona.js';
import { evaluationUnderPersona } from './EH002-evaluation-under-persona.js';
import { promptDebiasing } from './EH003-prompt-debiasing.js';
import { simulatedRespondent } from './EH004-simulated-respondent.js';
import { multiplePersonas } from './EH005-multiple-personas.js';
import { templatedPersona } from './EH006-templated-persona.js';
import { personaUnstable } from './EH101-persona-unstable.js';
import { oneSidedEvaluation } from './EH102-one-sided-evaluation.js';
import { ineffectiveDebiasing } from './EH103-ineffective-debiasing.js';
import type { Rule } from './types.js';

export { ruleDocsPath, ruleDocsUrl, type KeptResults, type Rule, type RuleContext, type RuleFinding } from './types.js';

/** Every rule, static then sampled, in id order. Adding a rule means adding its file and one line here. */
export const RULES: readonly Rule[] = [
  parseError,
  identityPersona,
  evaluationUnderPersona,
  promptDebiasing,
  simulatedRespondent,
  multiplePersonas,
  templatedPersona,
  personaUnstable,
  oneSidedEvaluation,
  ineffectiveDebiasing,
];
