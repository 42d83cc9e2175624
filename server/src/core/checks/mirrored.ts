// Asking mirrored probe pairs under prompt variants, and tallying the answers by the side each conclusion favours.
import { newcombeDifference, wilsonInterval } from '../stats/index.js';
import type { MirroredPair } from './probes.js';
import { probeAnswerSchema, probeQuestion, type ProbeAnswer } from './prompt.js';
import { isBudgetError, Progress, sampleIndexBase, snapshotStats, type ResolvedCheckOptions } from './sampling.js';
import {
  SamplerError,
  type ChatMessage,
  type Estimate,
  type SampleOutcome,
  type SampleRequest,
  type SampleSeen,
  type Sampler,
  type SamplerStats,
} from './types.js';

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

/** One mirrored pair answered under every arm: which pass over the pairs it came from, and answers[arm]. */
export interface PairAnswers {
  pass: number;
  pair: number;
  answers: TwinAnswers[];
}

/** How streamPairs samples: where sample indices start, how many pairs at most, cancellation and progress. */
export interface StreamOptions {
  /** Pass p asks every pair with sample index `sampleIndexBase + p`. */
  sampleIndexBase: number;
  maxPairs: number;
  signal: AbortSignal | undefined;
  progress: Progress;
  onSample?: (sample: SampleSeen) => void;
}

/**
 * Asks mirrored pairs under every arm in a fixed order (pass 0 over all pairs, then pass 1, ...) and hands each
 * pair's answers to `take` in that order, as soon as it and every pair before it are answered. The order never
 * depends on the answers, so a confidence sequence fed by `take` stays valid at every look. Only a few pairs
 * are queued beyond the sampler's concurrency: when `take` returns true (the verdict settled), the pairs not yet
 * sent are never sent and those in flight are cancelled, so a check stops within a few requests of settling.
 * Returns how many pairs were taken; a failure cancels the rest and is rethrown.
 */
export async function streamPairs(
  sampler: Sampler,
  arms: Arm[],
  pairs: MirroredPair[],
  options: StreamOptions,
  take: (answered: PairAnswers) => boolean,
): Promise<number> {
  const { maxPairs, signal, progress } = options;
  if (signal?.aborted) throw new SamplerError('The check was cancelled.', 'cancelled');
  const perPair = arms.length * 2;
  // Enough pairs queued to keep every slot busy, plus one ready to start the moment a slot frees.
  const window = Math.ceil((sampler.concurrency ?? 8) / perPair) + 1;
  const controller = new AbortController();
  const forward = (): void => controller.abort(signal?.reason);
  signal?.addEventListener('abort', forward, { once: true });

  // Pairs asked ahead reach the endpoint only once the check is sending anyway: when the pair it waits for
  // missed the cache, or when their own turn comes. A re-run served from the cache so sends nothing for the
  // pairs beyond the one where it stops.
  let sending = false;
  let taken = 0;
  const waiting = new Map<number, { go: () => void; stop: (reason: unknown) => void }[]>();
  // The pair now awaited was held at its gate: it missed the cache, so the check is sending, and every pair
  // asked ahead may send too.
  const release = (index: number): void => {
    if (!waiting.has(index)) return;
    sending = true;
    for (const gates of waiting.values()) for (const gate of gates) gate.go();
    waiting.clear();
  };
  const gateFor = (index: number) => (): Promise<void> => {
    if (index <= taken) sending = true;
    if (sending) {
      for (const key of [...waiting.keys()]) release(key);
      return Promise.resolve();
    }
    if (controller.signal.aborted) return Promise.reject(new Error('stopped'));
    return new Promise((go, stop) => waiting.set(index, [...(waiting.get(index) ?? []), { go, stop }]));
  };

  const ask = (index: number): Promise<TwinAnswers[]> => {
    const pass = Math.floor(index / pairs.length);
    const pair = pairs[index % pairs.length];
    const sampleIndex = options.sampleIndexBase + pass;
    const asked = arms.map((arm) =>
      Promise.all(
        pair.items.map(async (item): Promise<boolean | undefined> => {
          const request: SampleRequest<ProbeAnswer> = {
            messages: [...arm.context, probeQuestion(item)],
            schema: probeAnswerSchema(item),
            sampleIndex,
            beforeSend: gateFor(index),
          };
          const outcome: SampleOutcome<ProbeAnswer> = await sampler.sample(request, controller.signal);
          progress.sampled();
          const correct = outcome.kind === 'answer' ? outcome.value.answer === item.correct : undefined;
          options.onSample?.({ condition: arm.name, item: item.id, text: outcome.text, ...(correct !== undefined ? { correct } : {}) });
          return correct;
        }),
      ),
    );
    const answers = Promise.all(asked) as Promise<TwinAnswers[]>;
    // Pairs still queued when the check stops are cancelled; their rejections are expected, not unhandled.
    answers.catch(() => undefined);
    return answers;
  };

  const queued: Promise<TwinAnswers[]>[] = [];
  let sent = 0;
  try {
    while (taken < maxPairs) {
      while (sent < maxPairs && sent - taken < window) queued.push(ask(sent++));
      const answers = await queued.shift()!;
      const index = taken++;
      if (take({ pass: Math.floor(index / pairs.length), pair: index % pairs.length, answers })) break;
      release(taken);
    }
    return taken;
  } catch (error) {
    if (signal?.aborted && !(error instanceof SamplerError)) throw new SamplerError('The check was cancelled.', 'cancelled');
    throw error;
  } finally {
    controller.abort();
    for (const gates of waiting.values()) for (const gate of gates) gate.stop(new Error('stopped'));
    waiting.clear();
    signal?.removeEventListener('abort', forward);
  }
}

/** What a mirrored-pair check's run leaves behind for its report. */
export interface PairRun {
  /** Answers per arm, by side. */
  tallies: ArmTally[];
  /** Pairs whose answers the check saw. */
  taken: number;
  /** Passes over the probe pairs begun. */
  rounds: number;
  /** Samples answered (requests made plus samples served from the cache). */
  samples: number;
  /** The sampler's counters before the run, for costSince. */
  before: SamplerStats;
}

/**
 * The run the one-sided and debias checks share: the budget in whole pairs under every arm (with a note when it
 * is less than one), the plan and progress, the tallies per arm, the pairs streamed in a fixed order, and a
 * sampler budget spent mid-pair (a note, not a failure). `observe` sees each pair's answers by arm and returns the
 * current estimate (streamed with the progress) and whether the verdict is settled (the run then stops).
 */
export async function runMirroredPairs(
  sampler: Sampler,
  arms: Arm[],
  pairs: MirroredPair[],
  opts: ResolvedCheckOptions,
  notes: string[],
  observe: (answers: TwinAnswers[]) => { estimate: Estimate | undefined; stop: boolean },
): Promise<PairRun> {
  const perPair = arms.length * 2;
  const maxPairs = Math.floor(opts.maxRequests / perPair);
  if (maxPairs === 0) notes.push(`The budget of ${opts.maxRequests} requests is less than one mirrored pair under every condition (${perPair}).`);
  opts.onStart?.({ samplesPerRound: pairs.length * perPair, maxRounds: Math.ceil(maxPairs / pairs.length), samplesMax: maxPairs * perPair });
  const progress = new Progress(maxPairs * perPair, opts.onProgress);
  const before = snapshotStats(sampler);
  const tallies = arms.map(() => new ArmTally());
  let taken = 0;
  try {
    taken = await streamPairs(
      sampler,
      arms,
      pairs,
      { sampleIndexBase: sampleIndexBase(opts.seed), maxPairs, signal: opts.signal, progress, onSample: opts.onSample },
      ({ pair, answers }) => {
        answers.forEach((twins, arm) => tallies[arm].add(twins));
        const { estimate, stop } = observe(answers);
        if (pair === pairs.length - 1) progress.roundDone(estimate);
        else progress.estimate = estimate;
        return stop;
      },
    );
  } catch (error) {
    if (!isBudgetError(error)) throw error;
    notes.push('The model client ran out of its request budget mid-round; the pairs it could not finish are left out.');
  }
  const rounds = Math.ceil(tallies[0].samples / 2 / pairs.length);
  return { tallies, taken, rounds, samples: progress.samplesDone, before };
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
