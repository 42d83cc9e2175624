// The sampled checks: probes, prompt variants and the three checks, over any Sampler.
export * from './types.js';
export {
  probeSetSchema,
  parseProbeSet,
  parseProbeText,
  pairProbes,
  shippedProbes,
  topicForPersona,
  ProbeSetError,
  SHIPPED_TOPICS,
  type ProbeItem,
  type ProbeSet,
  type MirroredPair,
  type PairedProbes,
  type ShippedTopic,
} from './probes.js';
export {
  selectPersona,
  checkedPersona,
  promptMessages,
  removeSentence,
  replaceSentence,
  probeAnswerSchema,
  probeQuestion,
  templateVariables,
  type SourceEdit,
  type ProbeAnswer,
} from './prompt.js';
export { counterfactuals, alternativesFor, type Counterfactual } from './counterfactuals.js';
export { lexicalVector, ratingScale, type RatingScale } from './outputs.js';
export { resolveInput, type CheckInput } from './input.js';
export { choosePersona, handPersona, type SentenceChoice, type ChosenPersona } from './chosenSentence.js';
export { CheckInputError, DEFAULT_ALPHA, DEFAULT_MARGIN, DEFAULT_MAX_REQUESTS, type CheckOptions, type CheckPlan, type CheckCost, type StopReason } from './sampling.js';
export type { ConditionReport, SideAccuracy } from './mirrored.js';
export { runOneSided, oneSidedVerdict, type OneSidedInput, type OneSidedResult } from './oneSided.js';
export { runStability, stabilityVerdict, STABILITY_THRESHOLD, type StabilityInput, type StabilityResult, type OutputMeasure, type PersonaConditionReport } from './stability.js';
export { runDebias, type DebiasResult, type DebiasingSentence } from './debias.js';
export { estimateCost, type Price, type CostEstimate } from './cost.js';
