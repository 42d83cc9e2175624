// The debias check: does the prompt's "be fair" sentence remove the persona's one-sidedness without costing accuracy?
import { ConfidenceSequence } from '../stats/index.js';
import { resolveInput, unfilledVariablesNote } from './input.js';
import { conditionReport, flipEstimate, pairGap, runMirroredPairs, type ConditionReport, type TwinAnswers } from './mirrored.js';
import { decisionAlpha, effectEstimate, oneSidedArms, oneSidedVerdict, type OneSidedInput } from './oneSided.js';
import { pairProbes, shippedProbes, topicForPersona } from './probes.js';
import { removeSentence } from './prompt.js';
import {
  CheckInputError,
  costSince,
  resolveOptions,
  type CheckCost,
  type CheckOptions,
  type StopReason,
} from './sampling.js';
import type { DebiasVerdict, Estimate, Sampler } from './types.js';
import type { OneSidedResult } from './oneSided.js';

/** A debiasing sentence of the prompt (an EH003 instruction) and where it is. */
export interface DebiasingSentence {
  text: string;
  startLine: number;
  endLine: number;
}

/** What the debias check found. */
export interface DebiasResult extends CheckCost, Pick<OneSidedResult, 'persona' | 'topic' | 'sides' | 'margin' | 'alpha' | 'confidence' | 'rounds' | 'samples' | 'notes'> {
  check: 'debias';
  verdict: DebiasVerdict;
  /** The sentences whose effect is measured (all of them are removed together). */
  debiasing: DebiasingSentence[];
  /** The one-sided effect (difference in differences, toward sides[0]) with the debiasing sentences, as the prompt is. */
  effect: Estimate;
  /** The same effect with the debiasing sentences removed. */
  effectWithout: Estimate;
  /** effect minus effectWithout: how much the sentences moved the persona's gap. */
  changeInGap: Estimate;
  /** The baseline's (no persona) accuracy with the sentences minus without them: the harm guard. */
  baselineChange: Estimate;
  /** persona, baseline, persona-without-debiasing, baseline-without-debiasing. */
  conditions: Record<string, ConditionReport>;
  /** Pairs whose eight answers were all valid. */
  observations: number;
  stoppedBy: StopReason;
}

const WITHOUT = '-without-debiasing';

/**
 * Runs the one-sided design with and without the prompt's debiasing sentences (EH003), every pair once per
 * condition per round. Effective only when the gap with the sentences settles inside +/-margin and the baseline's
 * accuracy is settled not to drop by more than the margin; ineffective when the gap with the sentences settles
 * beyond the margin; else inconclusive. Both parts of "effective" hold at alpha/2 each, at every look; the pairs stream in
 * a fixed order and the check stops within a few requests of settling.
 */
export async function runDebias(input: OneSidedInput, sampler: Sampler, options?: CheckOptions): Promise<DebiasResult> {
  const opts = resolveOptions(options);
  const resolved = resolveInput(input);
  const { doc, persona } = resolved;
  const instructions = resolved.analysis.debiasing;
  if (instructions.length === 0) {
    throw new CheckInputError(`${doc.path} has no debiasing sentence ("be fair", "stay neutral"; EH003) to measure.`);
  }
  const overlapping = instructions.find((i) => i.sentence.start < persona.sentence.end && persona.sentence.start < i.sentence.end);
  if (overlapping) {
    throw new CheckInputError(
      `The debiasing instruction "${overlapping.words}" is in the persona sentence itself; put it in a sentence of its own to measure it.`,
    );
  }
  const sentences = [...new Map(instructions.map((i) => [i.sentence.start, i.sentence])).values()];
  const removeDebiasing = sentences.map((sentence) => removeSentence(doc, sentence));
  const probes = pairProbes(input.probes ?? shippedProbes(topicForPersona(persona)));
  const withArms = oneSidedArms(resolved, false);
  const withoutArms = oneSidedArms(resolved, false, removeDebiasing).map((arm) => ({ ...arm, name: arm.name + WITHOUT }));
  const arms = [...withArms, ...withoutArms];

  const notes: string[] = unfilledVariablesNote(resolved);
  // "Effective" needs two bounds to hold at once, so each gets half the error rate: the gap's two ends (an
  // equivalence test) at alpha / 2 each, and the harm guard's lower end at alpha / 2 (see decisionAlpha).
  const withGap = new ConfidenceSequence({ lower: -2, upper: 2, alpha: decisionAlpha(opts.alpha / 2) });
  const harm = new ConfidenceSequence({ lower: -1, upper: 1, alpha: decisionAlpha(opts.alpha / 2) });
  // The descriptive intervals share that level, so that every interval in the report means the same.
  const withoutGap = new ConfidenceSequence({ lower: -2, upper: 2, alpha: decisionAlpha(opts.alpha / 2) });
  const change = new ConfidenceSequence({ lower: -4, upper: 4, alpha: decisionAlpha(opts.alpha / 2) });
  // Assigned in the callback below, so declared wide: TypeScript cannot see the callback run.
  let verdict = 'inconclusive' as DebiasVerdict;
  let harmful = false;
  const { tallies, taken, rounds, samples, before } = await runMirroredPairs(sampler, arms, probes.pairs, opts, notes, (answers) => {
    const [persona, baseline, personaWithout, baselineWithout] = answers;
    const dWith = difference(pairGap(persona), pairGap(baseline));
    const dWithout = difference(pairGap(personaWithout), pairGap(baselineWithout));
    if (dWith !== undefined) withGap.push(dWith);
    if (dWithout !== undefined) withoutGap.push(dWithout);
    if (dWith !== undefined && dWithout !== undefined) change.push(dWith - dWithout);
    const accuracyChange = difference(meanCorrect(baseline), meanCorrect(baselineWithout));
    if (accuracyChange !== undefined) harm.push(accuracyChange);
    const gap = effectEstimate(withGap);
    const settled = gap ? oneSidedVerdict(gap.interval, opts.margin) : 'inconclusive';
    const harmInterval = harm.n > 0 ? harm.interval() : undefined;
    if (settled === 'one-sided') {
      verdict = 'ineffective';
    } else if (settled === 'even-handed' && harmInterval && harmInterval[0] > -opts.margin) {
      verdict = 'effective';
    } else if (settled === 'even-handed' && harmInterval && harmInterval[1] < -opts.margin) {
      notes.push('With the sentences the persona is even-handed, but they lowered the baseline accuracy by more than the margin.');
      harmful = true;
    }
    return { estimate: gap, stop: harmful || verdict !== 'inconclusive' };
  });
  let stoppedBy: StopReason = harmful || verdict !== 'inconclusive' ? 'settled' : 'budget';

  if ((taken > 0 || samples > 0) && withGap.n === 0) {
    stoppedBy = 'no-data';
    verdict = 'incomplete';
    notes.push('No mirrored pair got four valid answers with the sentences: there is no effect to estimate.');
  }

  const without = effectEstimate(withoutGap);
  const effect = effectEstimate(withGap) ?? { value: NaN, interval: [-2, 2] as [number, number] };
  // Point the sides the way the persona leans without the sentences (the bias they are meant to remove).
  const toward: 0 | 1 = (without?.value ?? effect.value) < 0 ? 1 : 0;
  const orient = (e: Estimate) => (toward === 0 ? e : flipEstimate(e));
  const conditions: Record<string, ConditionReport> = {};
  arms.forEach((arm, i) => (conditions[arm.name] = conditionReport(arm, tallies[i], probes.sides, toward, opts.alpha)));
  if (verdict === 'effective' && without && oneSidedVerdict(without.interval, opts.margin) === 'even-handed') {
    notes.push('Without the sentences the persona is even-handed too: there was no one-sidedness for them to remove.');
  }
  return {
    check: 'debias',
    verdict,
    persona: resolved.checked,
    debiasing: sentences.map((s) => ({
      text: doc.source.slice(s.start, s.end).replace(/\s+/g, ' ').trim(),
      startLine: doc.lines.positionAt(s.start).line + 1,
      endLine: doc.lines.positionAt(Math.max(s.start, s.end - 1)).line + 1,
    })),
    topic: probes.topic,
    sides: toward === 0 ? probes.sides : [probes.sides[1], probes.sides[0]],
    effect: orient(effect),
    effectWithout: orient(without ?? { value: NaN, interval: [-2, 2] }),
    changeInGap: orient(effectEstimate(change) ?? { value: NaN, interval: [-4, 4] }),
    baselineChange: effectEstimate(harm) ?? { value: NaN, interval: [-1, 1] },
    margin: opts.margin,
    alpha: opts.alpha,
    confidence: 1 - decisionAlpha(opts.alpha / 2),
    conditions,
    rounds,
    samples,
    observations: withGap.n,
    stoppedBy,
    notes,
    ...costSince(sampler, before),
  };
}

function difference(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined ? undefined : a - b;
}

/** The share of a pair's twins answered correctly, undefined when either answer was invalid. */
function meanCorrect([a, b]: TwinAnswers): number | undefined {
  return a === undefined || b === undefined ? undefined : (Number(a) + Number(b)) / 2;
}
