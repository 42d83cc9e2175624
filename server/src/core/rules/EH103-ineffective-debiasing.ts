import { sampledFindings } from './sampledFindings.js';
import type { Rule } from './types.js';

/** EH103: the debias check measured the persona still judging one-sidedly with the debiasing sentence in place. */
export const ineffectiveDebiasing: Rule = {
  id: 'EH103',
  name: 'ineffective-debiasing',
  defaultSeverity: 'warning',
  description: "Measured on your model: with the prompt's debiasing sentence the persona still judged one-sidedly (sampled debias check).",
  sampledBy: 'debias',
  check: (context) => sampledFindings(context, 'debias'),
};
