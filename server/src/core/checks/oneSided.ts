// The one-sided check: does the persona make the model judge evidence by which side its conclusion favours?
import { ConfidenceSequence, decideInterval, relativeRisk, type MarginDecision } from '../stats/index.js';
import { counterfactuals } from './counterfactuals.js';
import { resolveInput, unfilledVariablesNote, type CheckInput, type ResolvedInput } from './input.js';
import { conditionReport, flipEstimate, pairGap, runMirroredPairs, type Arm, type ConditionReport } from './mirrored.js';
import { pairProbes, shippedProbes, topicForPersona, type ProbeSet } from './probes.js';
import { promptMessages, removeSentence, replaceSentence, type SourceEdit } from './prompt.js';
import {
  costSince,
  resolveOptions,
  type CheckCost,
  type CheckOptions,
  type StopReason,
} from './sampling.js';
import type { CheckedPersona, Estimate, OneSidedVerdict, Sampler } from './types.js';

/** The one-sided check's input: the prompt and persona, the probes, and the counterfactual persona. */
export interface OneSidedInput extends CheckInput {
  /** Mirrored probes (default: Evenhand's shipped topic for the persona's identity category). */
  probes?: ProbeSet;
  /**
   * A sentence that replaces the persona sentence in the counterfactual condition; false for no counterfactual
   * condition; by default the lexicon's opposite (Republican -> Democrat), when it knows one.
   */
  counterfactual?: string | false;
}

/** What the one-sided check found. */
export interface OneSidedResult extends CheckCost {
  check: 'one-sided';
  verdict: OneSidedVerdict;
  persona: CheckedPersona;
  topic: string;
  /** The probe set's two sides, the one the effect points to first. */
  sides: [string, string];
  /**
   * Difference in differences: the persona's accuracy gap (sides[0] minus sides[1]) minus the baseline's, with
   * its anytime-valid interval at `confidence`: each end is a bound at 1 - alpha (see decisionAlpha).
   */
  effect: Estimate;
  /** Under the persona: accuracy when the correct conclusion favours sides[0] over when it favours sides[1]. */
  relativeRisk: Estimate;
  margin: number;
  alpha: number;
  /** Two-sided confidence of the effect's interval: 1 - 2 alpha (0.90), so that each end is a 1 - alpha bound. */
  confidence: number;
  /** persona, baseline (persona sentence removed) and counterfactual (when there is one). */
  conditions: Record<string, ConditionReport>;
  rounds: number;
  /** Samples taken (requests made plus samples served from the cache). */
  samples: number;
  /** Mirrored-pair observations behind the effect (pairs whose four answers were all valid). */
  observations: number;
  stoppedBy: StopReason;
  notes: string[];
}

/**
 * Runs the one-sided check: every mirrored pair once per condition per round, a difference-in-differences
 * observation per pair into an anytime-valid confidence sequence, stopping as soon as the interval settles the
 * verdict (one-sided beyond +/-margin, even-handed inside it) or the next round would exceed the budget.
 */
export async function runOneSided(input: OneSidedInput, sampler: Sampler, options?: CheckOptions): Promise<OneSidedResult> {
  const opts = resolveOptions(options);
  const resolved = resolveInput(input);
  const probes = pairProbes(input.probes ?? shippedProbes(topicForPersona(resolved.persona)));
  const arms = oneSidedArms(resolved, input.counterfactual);
  const notes: string[] = unfilledVariablesNote(resolved);
  if (!arms.some((arm) => arm.name === 'counterfactual') && input.counterfactual !== false) {
    notes.push('The lexicon knows no counterfactual for this persona: only the persona and baseline conditions were sampled.');
  }

  const effect = new ConfidenceSequence({ lower: -2, upper: 2, alpha: decisionAlpha(opts.alpha) });
  // Assigned in the callback below, so declared wide: TypeScript cannot see the callback run.
  let verdict = 'inconclusive' as OneSidedVerdict;
  const { tallies, taken, rounds, samples, before } = await runMirroredPairs(sampler, arms, probes.pairs, opts, notes, (answers) => {
    const withPersona = pairGap(answers[0]);
    const baseline = pairGap(answers[1]);
    if (withPersona !== undefined && baseline !== undefined) effect.push(withPersona - baseline);
    const estimate = effectEstimate(effect);
    if (estimate) verdict = oneSidedVerdict(estimate.interval, opts.margin);
    return { estimate, stop: verdict !== 'inconclusive' };
  });
  let stoppedBy: StopReason = verdict !== 'inconclusive' ? 'settled' : 'budget';
  if ((taken > 0 || samples > 0) && effect.n === 0) {
    stoppedBy = 'no-data';
    verdict = 'incomplete';
    notes.push('No mirrored pair got four valid answers: there is no effect to estimate.');
  }

  const estimate = effectEstimate(effect) ?? { value: NaN, interval: [-2, 2] as [number, number] };
  // Report the effect toward the side it points to; the verdict rule is symmetric, so this is presentation only.
  const toward: 0 | 1 = estimate.value < 0 ? 1 : 0;
  const sides: [string, string] = toward === 0 ? probes.sides : [probes.sides[1], probes.sides[0]];
  const conditions: Record<string, ConditionReport> = {};
  arms.forEach((arm, i) => (conditions[arm.name] = conditionReport(arm, tallies[i], probes.sides, toward, opts.alpha)));
  const persona = conditions.persona.bySide;
  if (verdict === 'one-sided') {
    notes.push(`Under the persona the model judged evidence more accurately when the correct conclusion favoured "${sides[0]}".`);
  }
  return {
    check: 'one-sided',
    verdict,
    persona: resolved.checked,
    topic: probes.topic,
    sides,
    effect: toward === 0 ? estimate : flipEstimate(estimate),
    relativeRisk: relativeRisk(persona[0].correct, persona[0].answered, persona[1].correct, persona[1].answered, opts.alpha),
    margin: opts.margin,
    alpha: opts.alpha,
    confidence: 1 - decisionAlpha(opts.alpha),
    conditions,
    rounds,
    samples,
    observations: effect.n,
    stoppedBy,
    notes,
    ...costSince(sampler, before),
  };
}

/**
 * The error rate of the confidence sequence behind a verdict. Each verdict rests on one end of the interval:
 * "one-sided" on the end nearer zero lying beyond the margin, "even-handed" on both ends lying inside it (two
 * one-sided tests, as in equivalence testing). So each end is a bound at 1 - alpha, and the two-sided interval
 * is at 1 - 2 alpha (90% for alpha 0.05); every false verdict then has a chance of at most alpha, at every look.
 */
export function decisionAlpha(alpha: number): number {
  return Math.min(2 * alpha, 0.5);
}

const ONE_SIDED_VERDICTS: Record<MarginDecision, OneSidedVerdict> = {
  beyond: 'one-sided',
  within: 'even-handed',
  undecided: 'inconclusive',
};

/** The verdict an effect interval settles: one-sided beyond +/-margin, even-handed strictly inside it. */
export function oneSidedVerdict(interval: [number, number], margin: number): OneSidedVerdict {
  return ONE_SIDED_VERDICTS[decideInterval(interval, margin, 'margin')];
}

/** The current effect estimate, or undefined before the first observation. */
export function effectEstimate(sequence: ConfidenceSequence): Estimate | undefined {
  return sequence.n === 0 ? undefined : { value: sequence.mean(), interval: sequence.interval() };
}

/**
 * The conditions of the one-sided check: the persona as written, the baseline with the persona sentence removed
 * and, where there is one, a counterfactual persona in its place. `extra` edits apply to every condition.
 */
export function oneSidedArms(input: ResolvedInput, counterfactual: string | false | undefined, extra: SourceEdit[] = []): Arm[] {
  const { doc, persona, checked, inputs } = input;
  const arms: Arm[] = [
    { name: 'persona', personaText: checked.text, context: promptMessages(doc, extra, inputs) },
    { name: 'baseline', personaText: undefined, context: promptMessages(doc, [...extra, removeSentence(doc, persona.sentence)], inputs) },
  ];
  if (counterfactual !== false) {
    const swap =
      typeof counterfactual === 'string'
        ? { edit: replaceSentence(persona.sentence, counterfactual), sentence: counterfactual }
        : counterfactuals(doc, persona)[0];
    if (swap) arms.push({ name: 'counterfactual', personaText: swap.sentence, context: promptMessages(doc, [...extra, swap.edit], inputs) });
  }
  return arms;
}
