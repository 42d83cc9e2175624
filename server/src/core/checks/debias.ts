// The debias check: does the prompt's "be fair" sentence remove the persona's one-sidedness without costing accuracy?
import { ConfidenceSequence } from '../stats/index.js';
import { resolveInput, unfilledVariablesNote } from './input.js';
import { conditionReport, flipEstimate, PairSession, unansweredNote, type ConditionReport, type TwinAnswers } from './mirrored.js';
import {
  ATTRIBUTION_SHARE,
  decisionAlpha,
  differenceOfEstimates,
  fixedLookPairs,
  incompleteEnd,
  oneSidedArms,
  oneSidedVerdict,
  PersonaGap,
  type OneSidedInput,
} from './oneSided.js';
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
import type { DebiasVerdict, Estimate, OneSidedVerdict, Sampler } from './types.js';
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
  /** The persona's gap (toward sides[0]) with the debiasing sentences, as the prompt is: the verdict's measure. */
  effect: Estimate;
  /** The persona's gap with the debiasing sentences removed (Newcombe's interval; asked after the verdict). */
  effectWithout: Estimate;
  /** The persona's gap with the sentences minus without them: how much the sentences moved it (MOVER interval). */
  changeInGap: Estimate;
  /** The baseline's (no persona) accuracy with the sentences minus without them: the harm guard. */
  baselineChange: Estimate;
  /** persona, baseline, persona-without-debiasing, baseline-without-debiasing (those asked). */
  conditions: Record<string, ConditionReport>;
  /** Pairs behind the persona's gap with the sentences. */
  observations: number;
  stoppedBy: StopReason;
}

const WITHOUT = '-without-debiasing';

/**
 * Runs the one-sided design on the prompt with its debiasing sentences (EH003). Effective only when the persona's
 * gap with the sentences settles inside +/-margin (both extremes of refusals included) and the baseline's accuracy
 * is settled not to drop by more than the margin when the sentences are added; ineffective when the gap with the
 * sentences settles beyond the margin; else inconclusive. Each claim holds at alpha, at every look. The persona and the two baselines (with and without the sentences) are asked only until
 * their part is settled; then the persona without the sentences is asked on up to half as many pairs, from the
 * budget's rest, to say how much the sentences moved the gap.
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
  // 0 persona, 1 baseline, 2 persona without the sentences, 3 baseline without them.
  const arms = [...withArms, ...withoutArms];

  const notes: string[] = unfilledVariablesNote(resolved);
  // The budget is planned as half for the persona's gap and half for the harm guard's four-request pairs.
  const gapHorizon = Math.max(1, Math.floor(opts.maxRequests / 4));
  const harmHorizon = Math.max(1, Math.floor(opts.maxRequests / 8));
  // "Effective" is an intersection of claims (the gap inside the margin at both ends, the baseline not dropping):
  // it is wrong only if one of them is, so each is tested at alpha itself (an intersection-union test, as the
  // two one-sided tests of an equivalence test are), not at a share of it.
  const gap = new PersonaGap(opts.alpha, gapHorizon, fixedLookPairs(probes.pairs.length, gapHorizon));
  const harm = new ConfidenceSequence({ lower: -1, upper: 1, alpha: decisionAlpha(opts.alpha), horizon: harmHorizon });
  const session = new PairSession(sampler, arms, probes.pairs, opts, notes);
  let gapVerdict = 'inconclusive' as OneSidedVerdict;
  let harmSettled = false;
  let harmful = false;
  let planned = 0;
  const decision = await session.run(
    [0, 1, 3],
    opts.maxRequests,
    ([personaTwins, baseline, baselineWithout]) => {
      if (personaTwins) gap.push(personaTwins);
      if (baseline && baselineWithout) harm.push(meanCorrect(baseline) - meanCorrect(baselineWithout));
      gapVerdict = gap.verdict(opts.margin);
      const harmInterval = harm.n > 0 ? harm.interval() : undefined;
      harmSettled = harmInterval !== undefined && (harmInterval[0] > -opts.margin || harmInterval[1] < -opts.margin);
      harmful = harmInterval !== undefined && harmInterval[1] < -opts.margin;
      const settled = gapVerdict === 'one-sided' || harmful || (gapVerdict === 'even-handed' && harmSettled) || gap.silentFor(probes.pairs.length);
      return { estimate: gap.estimate(), stop: settled };
    },
    () => {
      const active = [gapVerdict === 'inconclusive', !harmSettled, !harmSettled];
      const cost = 2 * active.filter(Boolean).length;
      if (cost === 0 || planned + cost > opts.maxRequests) return undefined;
      planned += cost;
      return active;
    },
  );
  let verdict: DebiasVerdict = gapVerdict === 'one-sided' ? 'ineffective' : gapVerdict === 'even-handed' && harmSettled && !harmful ? 'effective' : 'inconclusive';
  if (gapVerdict === 'even-handed' && harmful) {
    notes.push('With the sentences the persona is even-handed, but they lowered the baseline accuracy by more than the margin.');
  }
  let stoppedBy: StopReason = verdict !== 'inconclusive' || harmful ? 'settled' : 'budget';

  let withoutPairs = 0;
  if (decision.endedBy === undefined && gap.n > 0 && !gap.silent) {
    const wanted = Math.ceil(gap.n * ATTRIBUTION_SHARE);
    withoutPairs = Math.min(wanted, Math.floor((opts.maxRequests - session.samples) / 2));
    if (withoutPairs < wanted) {
      notes.push(
        withoutPairs === 0
          ? 'The budget went to the verdict: the persona without the sentences was not asked, so how much they moved the gap is not measured.'
          : `The persona without the sentences got ${withoutPairs} pairs (the budget's rest), not ${wanted}: the change in the gap is rough.`,
      );
    }
    if (withoutPairs > 0) withoutPairs = (await session.run([2], withoutPairs, () => ({ estimate: gap.estimate(), stop: false }))).taken;
  }
  const incomplete = incompleteEnd(decision, gap, session.samples, 'the persona with the sentences');
  if (incomplete) {
    verdict = 'incomplete';
    stoppedBy = incomplete.stoppedBy;
    if (incomplete.note) notes.push(incomplete.note);
  }

  const effect = gap.estimate() ?? { value: NaN, interval: [-1, 1] as [number, number] };
  const conditions: Record<string, ConditionReport> = {};
  const askedArms = arms.map((_, i) => i).filter((i) => session.tallies[i].samples > 0 || i === 0);
  // Point the sides the way the persona leans without the sentences (the bias they are meant to remove).
  const withoutTally = session.tallies[2];
  const withoutLean = withoutTally.samples > 0 ? withoutTally.correct[0] / Math.max(1, withoutTally.asked[0]) - withoutTally.correct[1] / Math.max(1, withoutTally.asked[1]) : NaN;
  const toward: 0 | 1 = (Number.isNaN(withoutLean) ? effect.value : withoutLean) < 0 ? 1 : 0;
  const orient = (e: Estimate): Estimate => (toward === 0 ? e : flipEstimate(e));
  for (const i of askedArms) conditions[arms[i].name] = conditionReport(arms[i], session.tallies[i], probes.sides, toward, opts.alpha);
  for (const [name, report] of Object.entries(conditions)) {
    const note = unansweredNote(name, report);
    if (note) notes.push(note);
  }
  const without = conditions['persona' + WITHOUT]?.gap;
  if (verdict === 'effective' && without && oneSidedVerdict(without.interval, opts.margin) === 'even-handed') {
    notes.push('Without the sentences the persona is even-handed too: there was no one-sidedness for them to remove.');
  }
  notes.push(...session.samplerNotices());
  const oriented = orient(effect);
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
    effect: oriented,
    effectWithout: without ?? { value: NaN, interval: [-1, 1] },
    changeInGap: without ? differenceOfEstimates(conditions.persona.gap, without) : { value: NaN, interval: [-2, 2] },
    baselineChange: harm.n > 0 ? { value: harm.mean(), interval: harm.interval() } : { value: NaN, interval: [-1, 1] },
    margin: opts.margin,
    alpha: opts.alpha,
    confidence: 1 - decisionAlpha(opts.alpha),
    conditions,
    rounds: session.rounds,
    samples: session.samples,
    observations: gap.n,
    stoppedBy,
    notes,
    ...costSince(sampler, session.before),
  };
}

/** The share of a pair's twins answered correctly (a refusal or malformed answer is not correct). */
function meanCorrect([a, b]: TwinAnswers): number {
  return (Number(a === 'correct') + Number(b === 'correct')) / 2;
}
