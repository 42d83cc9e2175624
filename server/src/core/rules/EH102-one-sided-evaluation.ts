import { sampledFindings } from './sampledFindings.js';
import type { Rule } from './types.js';

/** EH102: the one-sided check measured the persona judging evidence by the side its conclusion favours. */
export const oneSidedEvaluation: Rule = {
  id: 'EH102',
  name: 'one-sided-evaluation',
  defaultSeverity: 'warning',
  description: 'Measured on your model: under the persona it judged evidence by which side the conclusion favours (sampled one-sided check).',
  sampledBy: 'one-sided',
  check: (context) => sampledFindings(context, 'one-sided'),
};
