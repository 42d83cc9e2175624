// Asking mirrored probe pairs under prompt variants, and tallying the answers by the side each conclusion favours.
import { newcombeDifference, wilsonInterval } from '../stats/index.js';
import type { MirroredPair } from './probes.js';
import { probeAnswerSchema, probeQuestion, type ProbeAnswer } from './prompt.js';
import { sampleAll, type Progress } from './sampling.js';
import type { ChatMessage, Estimate, SampleRequest, Sampler } from './types.js';

/** A prompt variant the pairs are asked under: its report name, its persona sentence and its chat context. */
export interface Arm {
  name: string;
  personaText: string | undefined;
  context: ChatMessage[];
}

/** Whether each twin of a pair was answered correctly; undefined for an answer that stayed invalid. */
export type TwinAnswers = [boolean | undefined, boolean | undefined];

/** Running counts of one arm's answers; index 0 and 1 are the probe set's two sides. */
export class ArmTally {
  readonly correct: [number, number] = [0, 0];
  readonly answered: [number, number] = [0, 0];
  invalid = 0;
  samples = 0;

  add(answers: TwinAnswers): void {
    answers.forEach((answer, side) => {
      this.samples++;
      if (answer === undefined) {
        this.invalid++;
        return;
      }
      this.answered[side]++;
      if (answer) this.correct[side]++;
    });
  }

  /** Accuracy over both sides (the harm guard's baseline accuracy). */
  accuracy(): number {
    const answered = this.answered[0] + this.answered[1];
    return answered === 0 ? NaN : (this.correct[0] + this.correct[1]) / answered;
  }
}

/**
 * Asks every pair once under every arm, all at once; returns answers[arm][pair]. A twin counts as correct when
 * its `answer` is the item's correct option; an invalid or free-text reply is undefined, never guessed.
 */
export async function askPairs(
  sampler: Sampler,
  arms: Arm[],
  pairs: MirroredPair[],
  sampleIndex: number,
  signal: AbortSignal | undefined,
  progress: Progress,
): Promise<TwinAnswers[][]> {
  const requests: SampleRequest<ProbeAnswer>[] = [];
  for (const arm of arms) {
    for (const pair of pairs) {
      for (const item of pair.items) {
        requests.push({ messages: [...arm.context, probeQuestion(item)], schema: probeAnswerSchema(item), sampleIndex });
      }
    }
  }
  const outcomes = await sampleAll(sampler, requests, signal, progress);
  let next = 0;
  return arms.map(() =>
    pairs.map((pair) =>
      pair.items.map((item) => {
        const outcome = outcomes[next++];
        return outcome.kind === 'answer' ? outcome.value.answer === item.correct : undefined;
      }) as TwinAnswers,
    ),
  );
}

/** A pair's accuracy gap, side 0 minus side 1 (in -1, 0, 1); undefined when a twin's answer was invalid. */
export function pairGap(answers: TwinAnswers): number | undefined {
  const [a, b] = answers;
  return a === undefined || b === undefined ? undefined : Number(a) - Number(b);
}

/** Accuracy on one side of the probe set under one condition. */
export interface SideAccuracy {
  side: string;
  correct: number;
  answered: number;
  /** The accuracy with its Wilson interval. */
  accuracy: Estimate;
}

/** What one condition (prompt variant) answered: counts, accuracy by side, and its gap between the sides. */
export interface ConditionReport {
  /** The persona sentence used, or undefined when the condition has none. */
  personaText: string | undefined;
  samples: number;
  answered: number;
  invalid: number;
  /** Accuracy by side, the side the effect points to first. */
  bySide: [SideAccuracy, SideAccuracy];
  /** Accuracy on the first side minus the second, with Newcombe's interval. */
  gap: Estimate;
}

/**
 * A condition's report with its sides in the order `toward` gives: 0 keeps the probe set's order, 1 swaps it
 * so that the side the effect points to comes first.
 */
export function conditionReport(arm: Arm, tally: ArmTally, sides: [string, string], toward: 0 | 1, alpha: number): ConditionReport {
  const order: [0 | 1, 0 | 1] = toward === 0 ? [0, 1] : [1, 0];
  const bySide = order.map((side) => ({
    side: sides[side],
    correct: tally.correct[side],
    answered: tally.answered[side],
    accuracy: wilsonInterval(tally.correct[side], tally.answered[side], alpha),
  })) as [SideAccuracy, SideAccuracy];
  return {
    personaText: arm.personaText,
    samples: tally.samples,
    answered: tally.answered[0] + tally.answered[1],
    invalid: tally.invalid,
    bySide,
    gap: newcombeDifference(bySide[0].correct, bySide[0].answered, bySide[1].correct, bySide[1].answered, alpha),
  };
}

/** An estimate seen from the other side: the value and interval negated. */
export function flipEstimate(estimate: Estimate): Estimate {
  return { value: -estimate.value, interval: [-estimate.interval[1], -estimate.interval[0]] };
}
