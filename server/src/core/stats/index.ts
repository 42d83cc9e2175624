// Statistics for the sampled checks: seeded randomness, proportion intervals, an anytime-valid confidence
// sequence, verdict rules, and the persona's share of output variance. Pure TypeScript, no Node built-ins.
export { createRng, gaussian, chiSquare, shuffle } from './random.js';
export {
  logGamma,
  logBeta,
  regularizedGammaP,
  regularizedBeta,
  normalCdf,
  normalQuantile,
  fCdf,
  fQuantile,
} from './distributions.js';
export { wilsonInterval, newcombeDifference, relativeRisk } from './proportions.js';
export { ConfidenceSequence, type ConfidenceSequenceOptions } from './confidenceSequence.js';
export { decideInterval, alphaAtLook, type MarginDecision, type ThresholdDecision } from './decide.js';
export type { Estimate } from './types.js';
export { personaShare, vectorPersonaShare, vectorShareInterval, bootstrapShareInterval } from './personaShare.js';
