// Running a check so that what it did can be kept: raw samples collected as they arrive, times, cost, and the
// record the store, the lenses and the reports read.
import { estimateCost, runDebias, runOneSided, runStability, type CheckOptions, type Price, type SampleSeen, type Sampler } from '../core/checks/index.js';
import type { OneSidedInput } from '../core/checks/oneSided.js';
import type { StabilityInput } from '../core/checks/stability.js';
import { RAW_SAMPLE_CAP, RAW_TEXT_CAP, type AnyCheckResult, type CheckName, type CheckRecord, type RawSample } from '../core/checks/record.js';

/** The input of any check: the stability check's fields and the one-sided check's. */
export type AnyCheckInput = OneSidedInput & StabilityInput;

/** Where a record's file and endpoint come from. */
export interface RecordContext {
  /** The file as the record names it (ResultStore.keyOf). */
  file: string;
  host: string;
  model: string;
  price?: Price;
}

/** Runs one check by name. */
export function runCheck(check: CheckName, input: AnyCheckInput, sampler: Sampler, options: CheckOptions): Promise<AnyCheckResult> {
  switch (check) {
    case 'one-sided':
      return runOneSided(input, sampler, options);
    case 'debias':
      return runDebias(input, sampler, options);
    case 'stability':
      return runStability(input, sampler, options);
  }
}

/** Runs a check and returns its result with the record to keep. `options.onSample` is still called. */
export async function runAndRecord(
  check: CheckName,
  input: AnyCheckInput,
  sampler: Sampler,
  options: CheckOptions,
  context: RecordContext,
): Promise<{ result: AnyCheckResult; record: CheckRecord }> {
  const samples = new RawSamples();
  const started = Date.now();
  const result = await runCheck(check, input, sampler, {
    ...options,
    onSample: (sample) => {
      samples.add(sample);
      options.onSample?.(sample);
    },
  });
  const finished = Date.now();
  // Requests asked ahead may still answer after the verdict: those answers are not part of this run.
  samples.close();
  return { result, record: recordOf(result, context, samples, started, finished) };
}

/** The first answers of a run, capped in number and length. */
export class RawSamples {
  readonly kept: RawSample[] = [];
  count = 0;
  private closed = false;

  /** Takes no more answers (the check has finished). */
  close(): void {
    this.closed = true;
  }

  add(sample: SampleSeen): void {
    if (this.closed) return;
    this.count++;
    if (this.kept.length >= RAW_SAMPLE_CAP) return;
    const text = sample.text.length > RAW_TEXT_CAP ? `${sample.text.slice(0, RAW_TEXT_CAP)}…` : sample.text;
    this.kept.push({ condition: sample.condition, item: sample.item, text, ...(sample.correct !== undefined ? { correct: sample.correct } : {}) });
  }
}

/** The record of a finished check. */
export function recordOf(result: AnyCheckResult, context: RecordContext, samples: RawSamples, started: number, finished: number): CheckRecord {
  return {
    version: 1,
    check: result.check,
    file: context.file,
    persona: { text: result.persona.text, line: result.persona.startLine, ...(result.persona.chosen ? { chosen: result.persona.chosen } : {}) },
    ...(result.check === 'debias' ? { target: result.debiasing.map((d) => ({ text: d.text, line: d.startLine })) } : {}),
    endpoint: { host: context.host, model: context.model },
    verdict: result.verdict,
    // Through JSON once, so the record in memory is what the file will hold (NaN becomes null).
    result: JSON.parse(JSON.stringify(result)) as AnyCheckResult,
    startedAt: new Date(started).toISOString(),
    finishedAt: new Date(finished).toISOString(),
    durationMs: finished - started,
    ...(context.price ? { cost: estimateCost(result, context.price) } : {}),
    rawSamples: [...samples.kept],
    rawSampleCount: samples.count,
  };
}
