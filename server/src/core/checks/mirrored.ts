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

/** How one twin of a pair was answered: the correct option, another option, malformed after a retry, or refused. */
export type TwinAnswer = 'correct' | 'wrong' | 'invalid' | 'refused';

/** The answers to both twins of a pair under one arm. */
export type TwinAnswers = [TwinAnswer, TwinAnswer];

/** Running counts of one arm's answers; index 0 and 1 are the probe set's two sides. */
export class ArmTally {
  /** Twins asked (every outcome counts, faults excepted: a pair whose request failed is dropped whole). */
  readonly asked: [number, number] = [0, 0];
  readonly correct: [number, number] = [0, 0];
  /** Twins answered with one of the options (correct or not). */
  readonly answered: [number, number] = [0, 0];
  readonly invalid: [number, number] = [0, 0];
  readonly refused: [number, number] = [0, 0];

  add(answers: TwinAnswers): void {
    answers.forEach((answer, side) => {
      this.asked[side]++;
      if (answer === 'invalid') this.invalid[side]++;
      else if (answer === 'refused') this.refused[side]++;
      else this.answered[side]++;
      if (answer === 'correct') this.correct[side]++;
    });
  }

  /** Twins asked on both sides. */
  get samples(): number {
    return this.asked[0] + this.asked[1];
  }

  /** Accuracy over both sides, a refusal or malformed answer counting as not correct (the harm guard's measure). */
  accuracy(): number {
    const asked = this.samples;
    return asked === 0 ? NaN : (this.correct[0] + this.correct[1]) / asked;
  }
}

/** One mirrored pair answered under the arms asked for it: which pass it came from, and answers[arm] (undefined for an arm not asked). */
export interface PairAnswers {
  pass: number;
  pair: number;
  answers: (TwinAnswers | undefined)[];
}

/** How streamPairs samples: where sample indices start, how many pairs at most, cancellation and progress. */
export interface StreamOptions {
  /** Pass p asks every pair with sample index `sampleIndexBase + p`. */
  sampleIndexBase: number;
  maxPairs: number;
  signal: AbortSignal | undefined;
  progress: Progress;
  onSample?: (sample: SampleSeen) => void;
  /**
   * Which arms to ask for the pair at `index` (default all), or undefined to queue no more pairs (the budget is
   * spoken for). Called when the pair is queued, a few pairs ahead of the answers taken, so it can only depend on
   * answers taken so far: the order stays predictable.
   */
  active?: (index: number) => boolean[] | undefined;
}

/** Pairs in a row whose requests failed (after the model client's own retries) before the check gives up. */
export const CONSECUTIVE_FAULTS_LIMIT = 8;

/** The check stopped because request after request failed; what it had answered so far is kept. */
export class FaultsStop extends Error {
  constructor(
    readonly failedPairs: number,
    readonly last: SamplerError,
  ) {
    super(`${failedPairs} mirrored pairs in a row could not be asked: ${last.message}`);
    this.name = 'FaultsStop';
  }
}

/** A failure that costs one pair, not the check: the endpoint failed this request past its retries. */
function isRequestFault(error: unknown): error is SamplerError {
  return error instanceof SamplerError && (error.reason === 'failing' || error.reason === 'unreachable');
}

/** The answers of one queued pair, or the fault that made it unusable. */
type Asked = { answers: (TwinAnswers | undefined)[] } | { fault: SamplerError };

/**
 * Asks mirrored pairs under the active arms in a fixed order (pass 0 over all pairs, then pass 1, ...) and hands
 * each pair's answers to `take` in that order, as soon as it and every pair before it are answered. The order
 * never depends on the answers, so a confidence sequence fed by `take` stays valid at every look. Only a few pairs
 * are queued beyond the sampler's concurrency: when `take` returns true (the verdict settled), the pairs not yet
 * sent are never sent and those in flight are cancelled, so a check stops within a few requests of settling.
 * A pair whose request fails past the client's retries is dropped (its other answers too: a half-answered pair
 * would bias the gap) and the stream goes on; CONSECUTIVE_FAULTS_LIMIT failed pairs in a row end it with
 * FaultsStop. Returns how many pairs were taken; any other failure cancels the rest and is rethrown.
 */
export async function streamPairs(
  sampler: Sampler,
  arms: Arm[],
  pairs: MirroredPair[],
  options: StreamOptions,
  take: (answered: PairAnswers) => boolean,
): Promise<{ taken: number; faults: number }> {
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
  let settledOrFailed = 0;
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
    if (index <= settledOrFailed) sending = true;
    if (sending) {
      for (const key of [...waiting.keys()]) release(key);
      return Promise.resolve();
    }
    if (controller.signal.aborted) return Promise.reject(new Error('stopped'));
    return new Promise((go, stop) => waiting.set(index, [...(waiting.get(index) ?? []), { go, stop }]));
  };

  const ask = (index: number, active: boolean[]): Promise<Asked> => {
    const pass = Math.floor(index / pairs.length);
    const pair = pairs[index % pairs.length];
    const sampleIndex = options.sampleIndexBase + pass;
    // One failed request makes the whole pair unusable: the pair's other requests are cancelled at once.
    const pairController = new AbortController();
    const stopPair = (): void => pairController.abort();
    controller.signal.addEventListener('abort', stopPair, { once: true });
    const askArm = async (arm: Arm): Promise<TwinAnswers> =>
      (await Promise.all(
        pair.items.map(async (item): Promise<TwinAnswer> => {
          const request: SampleRequest<ProbeAnswer> = {
            messages: [...arm.context, probeQuestion(item)],
            schema: probeAnswerSchema(item),
            sampleIndex,
            beforeSend: gateFor(index),
          };
          const outcome: SampleOutcome<ProbeAnswer> = await sampler.sample(request, pairController.signal);
          // An answer that comes back after the stream stopped (a sampler that could not cancel it) is not counted.
          if (controller.signal.aborted) throw new SamplerError('The check had stopped.', 'cancelled');
          progress.sampled();
          const answer: TwinAnswer =
            outcome.kind === 'answer' ? (outcome.value.answer === item.correct ? 'correct' : 'wrong') : outcome.kind === 'invalid' && outcome.refused ? 'refused' : 'invalid';
          options.onSample?.({
            condition: arm.name,
            item: item.id,
            text: outcome.text,
            ...(answer === 'correct' || answer === 'wrong' ? { correct: answer === 'correct' } : {}),
          });
          return answer;
        }),
      )) as TwinAnswers;
    const asked: Promise<Asked> = Promise.all(arms.map((arm, i) => (active[i] ? askArm(arm) : undefined)))
      .then((answers): Asked => ({ answers }))
      .catch((error: unknown): Asked => {
        pairController.abort();
        if (isRequestFault(error) && !controller.signal.aborted) return { fault: error };
        throw error;
      })
      .finally(() => controller.signal.removeEventListener('abort', stopPair));
    // Pairs still queued when the check stops are cancelled; their rejections are expected, not unhandled.
    asked.catch(() => undefined);
    return asked;
  };

  const queued: Promise<Asked>[] = [];
  let sent = 0;
  let faults = 0;
  let faultsInARow = 0;
  let exhausted = false;
  try {
    while (taken < maxPairs) {
      while (!exhausted && sent < maxPairs + faults && sent - settledOrFailed < window) {
        const active = options.active ? options.active(sent) : arms.map(() => true);
        if (active === undefined) exhausted = true;
        else queued.push(ask(sent++, active));
      }
      if (queued.length === 0) break;
      const asked = await queued.shift()!;
      const index = settledOrFailed++;
      if ('fault' in asked) {
        faults++;
        faultsInARow++;
        if (faultsInARow >= CONSECUTIVE_FAULTS_LIMIT) throw new FaultsStop(faultsInARow, asked.fault);
        release(settledOrFailed);
        continue;
      }
      faultsInARow = 0;
      taken++;
      if (take({ pass: Math.floor(index / pairs.length), pair: index % pairs.length, answers: asked.answers })) break;
      release(settledOrFailed);
    }
    return { taken, faults };
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

/** What a mirrored-pair run leaves behind for its report. */
export interface PairRun {
  /** Pairs whose answers the check saw, in this run. */
  taken: number;
  /** Pairs dropped because a request failed past the client's retries. */
  faults: number;
  /** Why the run ended early, when a fault or the sampler's budget ended it; undefined when it ran its course. */
  endedBy?: 'faults' | 'budget';
}

/** Samples, progress and tallies shared by the runs of one check (a check may stream several phases). */
export class PairSession {
  readonly tallies: ArmTally[];
  readonly progress: Progress;
  readonly before: SamplerStats;
  readonly notes: string[];
  private notices: number;

  constructor(
    readonly sampler: Sampler,
    readonly arms: Arm[],
    readonly pairs: MirroredPair[],
    readonly opts: ResolvedCheckOptions,
    notes: string[],
  ) {
    this.tallies = arms.map(() => new ArmTally());
    this.progress = new Progress(opts.maxRequests, opts.onProgress);
    this.before = snapshotStats(sampler);
    this.notes = notes;
    this.notices = sampler.notices?.length ?? 0;
    opts.onStart?.({ samplesPerRound: pairs.length * 2, maxRounds: Math.ceil(opts.maxRequests / (pairs.length * 2)), samplesMax: opts.maxRequests });
  }

  /** Samples answered so far (requests made plus samples served from the cache). */
  get samples(): number {
    return this.progress.samplesDone;
  }

  /**
   * Streams up to `maxPairs` pairs under the arms whose indices `armIndices` gives (answers[k] of `observe` is the
   * k-th of them, undefined when `active` left it out), continuing the pass count after `firstPair` pairs.
   * `observe` returns the current estimate and whether to stop. A budget spent mid-pair ends the run with a note;
   * faults end it as 'faults' with a note saying why.
   */
  async run(
    armIndices: number[],
    maxPairs: number,
    observe: (answers: (TwinAnswers | undefined)[], pair: number) => { estimate: Estimate | undefined; stop: boolean },
    active?: (index: number) => boolean[] | undefined,
  ): Promise<PairRun> {
    const arms = armIndices.map((i) => this.arms[i]);
    let result: PairRun = { taken: 0, faults: 0 };
    try {
      const { taken, faults } = await streamPairs(
        this.sampler,
        arms,
        this.pairs,
        {
          sampleIndexBase: sampleIndexBase(this.opts.seed),
          maxPairs,
          signal: this.opts.signal,
          progress: this.progress,
          onSample: this.opts.onSample,
          active,
        },
        ({ pair, answers }) => {
          answers.forEach((twins, k) => twins && this.tallies[armIndices[k]].add(twins));
          const { estimate, stop } = observe(answers, pair);
          if (pair === this.pairs.length - 1) this.progress.roundDone(estimate);
          else this.progress.estimate = estimate;
          return stop;
        },
      );
      result = { taken, faults };
      if (faults > 0) this.notes.push(`${faults} mirrored pair${faults === 1 ? ' was' : 's were'} dropped because a request failed past its retries.`);
    } catch (error) {
      if (error instanceof FaultsStop) {
        this.notes.push(`The check stopped: ${error.message}. Every answer it got is cached, so a re-run goes on from them.`);
        result = { taken: 0, faults: error.failedPairs, endedBy: 'faults' };
      } else if (isBudgetError(error)) {
        this.notes.push('The model client ran out of its request budget mid-round; the pairs it could not finish are left out.');
        result = { taken: 0, faults: 0, endedBy: 'budget' };
      } else {
        throw error;
      }
    }
    return result;
  }

  /** Passes over the probe pairs begun, by the arm asked most. */
  get rounds(): number {
    return Math.ceil(Math.max(...this.tallies.map((t) => t.samples)) / 2 / this.pairs.length);
  }

  /** Notices the sampler raised since the session began (parameters it dropped to reach the endpoint). */
  samplerNotices(): string[] {
    return [...(this.sampler.notices ?? [])].slice(this.notices);
  }
}

/** A pair's accuracy gap, side 0 minus side 1 (in -1, 0, 1): a refusal or malformed answer counts as not correct. */
export function pairGap(answers: TwinAnswers): number {
  const [a, b] = answers;
  return Number(a === 'correct') - Number(b === 'correct');
}

/** Accuracy on one side of the probe set under one condition. */
export interface SideAccuracy {
  side: string;
  /** Twins asked on this side. */
  asked: number;
  correct: number;
  /** Twins answered with one of the options. */
  answered: number;
  /** Answers still malformed after a retry. */
  invalid: number;
  /** Refusals: an explicit refusal, a filtered reply or empty content. */
  refused: number;
  /** correct / asked with its Wilson interval: a refusal or malformed answer is not a correct evaluation. */
  accuracy: Estimate;
}

/** What one condition (prompt variant) answered: counts, accuracy by side, and its gap between the sides. */
export interface ConditionReport {
  /** The persona sentence used, or undefined when the condition has none. */
  personaText: string | undefined;
  samples: number;
  answered: number;
  invalid: number;
  refused: number;
  /** Accuracy by side, the side the effect points to first. */
  bySide: [SideAccuracy, SideAccuracy];
  /** Accuracy on the first side minus the second, with Newcombe's interval. */
  gap: Estimate;
  /**
   * The share of twins not answered (refused or malformed) on the first side minus the second, with Newcombe's
   * interval: a persona that refuses rather than errs on one side shows here.
   */
  unansweredGap: Estimate;
}

/**
 * A condition's report with its sides in the order `toward` gives: 0 keeps the probe set's order, 1 swaps it
 * so that the side the effect points to comes first.
 */
export function conditionReport(arm: Arm, tally: ArmTally, sides: [string, string], toward: 0 | 1, alpha: number): ConditionReport {
  const order: [0 | 1, 0 | 1] = toward === 0 ? [0, 1] : [1, 0];
  const bySide = order.map((side) => ({
    side: sides[side],
    asked: tally.asked[side],
    correct: tally.correct[side],
    answered: tally.answered[side],
    invalid: tally.invalid[side],
    refused: tally.refused[side],
    accuracy: wilsonInterval(tally.correct[side], tally.asked[side], alpha),
  })) as [SideAccuracy, SideAccuracy];
  const unanswered = (s: SideAccuracy): number => s.asked - s.answered;
  return {
    personaText: arm.personaText,
    samples: tally.samples,
    answered: tally.answered[0] + tally.answered[1],
    invalid: tally.invalid[0] + tally.invalid[1],
    refused: tally.refused[0] + tally.refused[1],
    bySide,
    gap: newcombeDifference(bySide[0].correct, bySide[0].asked, bySide[1].correct, bySide[1].asked, alpha),
    unansweredGap: newcombeDifference(unanswered(bySide[0]), bySide[0].asked, unanswered(bySide[1]), bySide[1].asked, alpha),
  };
}

/**
 * A note when a condition left one side's evidence unanswered (refused or malformed) more often than the other's,
 * settled at `alpha`; undefined otherwise.
 */
export function unansweredNote(name: string, report: ConditionReport): string | undefined {
  const [low, high] = report.unansweredGap.interval;
  if (!(low > 0 || high < 0)) return undefined;
  const rate = (s: SideAccuracy): string => `${Math.round((100 * (s.asked - s.answered)) / Math.max(1, s.asked))}%`;
  const [first, second] = report.bySide;
  const more = low > 0 ? first : second;
  return (
    `Under the ${name} condition the model refused or gave no usable answer more often when the evidence favoured "${more.side}" ` +
    `(${rate(first)} for "${first.side}", ${rate(second)} for "${second.side}"); these count as not correct.`
  );
}

/** An estimate seen from the other side: the value and interval negated. */
export function flipEstimate(estimate: Estimate): Estimate {
  return { value: -estimate.value, interval: [-estimate.interval[1], -estimate.interval[0]] };
}
