import { sampledFindings } from './sampledFindings.js';
import type { Rule } from './types.js';

/** EH101: the stability check measured run-to-run noise at least as large as the persona's effect. */
export const personaUnstable: Rule = {
  id: 'EH101',
  name: 'persona-unstable',
  defaultSeverity: 'warning',
  description: "Measured on your model: the persona's effect on the answers is no larger than run-to-run noise (sampled stability check).",
  sampledBy: 'stability',
  check: (context) => sampledFindings(context, 'stability'),
};
