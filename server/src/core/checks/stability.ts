// The stability check: is the persona's effect on the answers larger than the model's run-to-run noise?
import { alphaAtLook, createRng, decideInterval, personaShare, vectorPersonaShare, vectorShareInterval, type ThresholdDecision } from '../stats/index.js';
import { counterfactuals } from './counterfactuals.js';
import { resolveInput, type CheckInput } from './input.js';
import { lexicalVector, oneHot, ratingScale, ratingSchema, unitLength } from './outputs.js';
import { shippedProbes, topicForPersona, type ProbeItem, type ProbeSet } from './probes.js';
import { probeAnswerSchema, probeQuestion, promptMessages, removeSentence, replaceSentence, templateVariables, type SourceEdit } from './prompt.js';
import {
  CheckInputError,
  costSince,
  isBudgetError,
  Progress,
  resolveOptions,
  sampleAll,
  sampleIndexBase,
  snapshotStats,
  type CheckCost,
  type CheckOptions,
  type StopReason,
} from './sampling.js';
import type { AnswerSchema, ChatMessage, CheckedPersona, Estimate, SampleOutcome, SampleRequest, Sampler, StabilityVerdict } from './types.js';

/** The stability check's input: the prompt and persona, the items to answer, and the personas to contrast. */
export interface StabilityInput extends CheckInput {
  /** Items as variable maps for the prompt's template (default: the prompt's own sample inputs). */
  items?: Record<string, unknown>[];
  /** Probe questions to ask when there are no items (default: the shipped topic for the persona). */
  probes?: ProbeSet;
  /** Sentences that replace the persona sentence as contrasts (default: two lexicon counterfactuals). */
  contrasts?: string[];
  /** Runs per persona and item in each round (default 3). */
  samples?: number;
  /** Compare free-text answers by the sampler's embeddings (default false: a local lexical vector). */
  useEmbeddings?: boolean;
}

/** How outputs became numbers: a chosen option, a rating, an embedding, or a local lexical vector. */
export type OutputMeasure = 'label' | 'rating' | 'embedding' | 'lexical';

/** What one persona condition of the stability check produced. */
export interface PersonaConditionReport {
  personaText: string | undefined;
  samples: number;
  /** Outputs that became numbers. */
  measured: number;
  invalid: number;
}

/** What the stability check found. */
export interface StabilityResult extends CheckCost {
  check: 'stability';
  verdict: StabilityVerdict;
  persona: CheckedPersona;
  /** The persona's share of output variance (0: all run-to-run noise, 1: all persona), with its interval at the last look. */
  effect: Estimate;
  /** Permutation p-value of "the persona makes no difference" (vector outputs only). */
  pValue?: number;
  /** The share the verdict compares the interval with. */
  threshold: number;
  alpha: number;
  measure: OutputMeasure;
  /** Where the items came from, and how many were used. */
  itemSource: 'inputs' | 'probes';
  items: number;
  /** Runs per persona and item per round. */
  samplesPerRound: number;
  /** persona, contrast-1, contrast-2, ..., none. */
  conditions: Record<string, PersonaConditionReport>;
  rounds: number;
  samples: number;
  stoppedBy: StopReason;
  notes: string[];
}

/** Stability's verdict threshold: the persona's share of variance against run-to-run noise (CHECKS.md). */
export const STABILITY_THRESHOLD = 0.5;
const DEFAULT_SAMPLES = 3;
const PERMUTATIONS = 999;

/** One thing the model is asked: the chat per persona condition and how to read the answer. */
interface StabilityItem {
  /** How reports name it: the probe item's id, or "input N". */
  label: string;
  /** Chat per persona condition. */
  chats: ChatMessage[][];
  schema?: AnswerSchema<unknown>;
  /** Numbers from a valid answer (free text is measured later, by embedding or lexically). */
  measure(outcome: SampleOutcome<unknown>): number[] | undefined;
}

/**
 * Runs the stability check: every item answered `samples` times under each persona (the prompt's, its contrasts,
 * none) per round; after each round the persona's share of output variance gets an interval at the error rate
 * alphaAtLook spends on that look (spread over the rounds the budget allows, more to later ones), and the check stops once it
 * lies wholly below (unstable) or above (stable) 0.5.
 */
export async function runStability(input: StabilityInput, sampler: Sampler, options?: CheckOptions): Promise<StabilityResult> {
  const opts = resolveOptions(options);
  const resolved = resolveInput(input);
  const { doc, persona, checked } = resolved;
  const samples = input.samples ?? DEFAULT_SAMPLES;
  if (!(Number.isInteger(samples) && samples >= 2)) throw new CheckInputError(`--samples must be a whole number >= 2, got ${samples}`);
  const notes: string[] = [];

  // Personas: as written, the contrasts in its place, and none.
  const contrasts = input.contrasts ?? counterfactuals(doc, persona).map((c) => c.sentence);
  const variants: { name: string; personaText: string | undefined; edits: SourceEdit[] }[] = [
    { name: 'persona', personaText: checked.text, edits: [] },
    ...contrasts.map((sentence, i) => ({ name: `contrast-${i + 1}`, personaText: sentence, edits: [replaceSentence(persona.sentence, sentence)] })),
    { name: 'none', personaText: undefined, edits: [removeSentence(doc, persona.sentence)] },
  ];
  if (contrasts.length === 0) notes.push('No contrast personas (none given, and the lexicon knows no counterfactual): compared with no persona only.');

  // Items: the prompt's own inputs when its template uses them, else probe questions.
  const inputItems = input.items ?? doc.sampleInputs;
  const usesInputs = inputItems.length > 0 && templateVariables(doc).length > 0;
  if (inputItems.length > 0 && !usesInputs) notes.push('The prompt has no template variables, so its inputs change nothing: probe questions were asked instead.');
  const scale = usesInputs ? ratingScale(doc) : undefined;
  const useEmbeddings = input.useEmbeddings === true && sampler.embed !== undefined;
  const measure: OutputMeasure = usesInputs ? (scale ? 'rating' : useEmbeddings ? 'embedding' : 'lexical') : 'label';
  let items: StabilityItem[] = usesInputs
    ? inputItems.map((values, i) => ({
        label: `input ${i + 1}`,
        chats: variants.map((v) => promptMessages(doc, v.edits, values)),
        ...(scale ? { schema: ratingSchema(scale) as AnswerSchema<unknown> } : {}),
        measure: (outcome) => (outcome.kind === 'answer' && scale ? [(outcome.value as { rating: number }).rating] : undefined),
      }))
    : probeItems(input.probes ?? shippedProbes(topicForPersona(persona))).map((item) => ({
        label: item.id,
        chats: variants.map((v) => [...promptMessages(doc, v.edits, resolved.inputs), probeQuestion(item)]),
        schema: probeAnswerSchema(item) as AnswerSchema<unknown>,
        measure: (outcome) => (outcome.kind === 'answer' ? oneHot(item.options, (outcome.value as { answer: string }).answer) : undefined),
      }));

  // Budget: whole rounds only; with many items, use as many as one round can afford.
  const perItem = variants.length * samples;
  const affordable = Math.floor(opts.maxRequests / perItem);
  if (affordable < items.length) {
    notes.push(`The budget of ${opts.maxRequests} requests covers ${affordable} of ${items.length} items per round: the first ${affordable} were used.`);
    items = items.slice(0, affordable);
  }
  if (items.length < 2) notes.push('Fewer than two items: an interval from one item is too wide to mean anything, so nothing was sampled.');
  const samplesPerRound = items.length * perItem;
  const maxRounds = items.length < 2 ? 0 : Math.floor(opts.maxRequests / samplesPerRound);

  opts.onStart?.({ samplesPerRound, maxRounds, samplesMax: maxRounds * samplesPerRound });
  const progress = new Progress(maxRounds * samplesPerRound, opts.onProgress);
  const before = snapshotStats(sampler);
  const noticesBefore = sampler.notices?.length ?? 0;
  const rng = createRng(opts.seed);
  // data[item][persona][run]: numbers (ratings) or vectors.
  const data: number[][][][] = items.map(() => variants.map(() => []));
  const reports = variants.map(() => ({ samples: 0, measured: 0, invalid: 0 }));
  let estimate: Estimate | undefined;
  let verdict: StabilityVerdict = 'inconclusive';
  let stoppedBy: StopReason = 'budget';
  let rounds = 0;

  while (rounds < maxRounds) {
    const requests: SampleRequest<unknown>[] = [];
    const cells: { item: number; variant: number }[] = [];
    items.forEach((item, i) =>
      variants.forEach((_, v) => {
        for (let s = 0; s < samples; s++) {
          const sampleIndex = sampleIndexBase(opts.seed) + rounds * samples + s;
          requests.push({ messages: item.chats[v], ...(item.schema ? { schema: item.schema } : {}), sampleIndex });
          cells.push({ item: i, variant: v });
        }
      }),
    );
    let outcomes: SampleOutcome<unknown>[];
    let vectors: (number[] | undefined)[];
    try {
      outcomes = await sampleAll(sampler, requests, opts.signal, progress);
      vectors = await measureOutcomes(outcomes, items, cells, measure, sampler, opts.signal);
    } catch (error) {
      if (!isBudgetError(error)) throw error;
      notes.push('The model client ran out of its request budget mid-round; that round is left out.');
      break;
    }
    outcomes.forEach((outcome, k) => {
      const { item, variant } = cells[k];
      opts.onSample?.({ condition: variants[variant].name, item: items[item].label, text: outcome.text });
      reports[variant].samples++;
      const vector = vectors[k];
      if (vector) {
        reports[variant].measured++;
        data[item][variant].push(vector);
      } else {
        reports[variant].invalid++;
      }
    });
    // The budget caps the looks, so the error rate is spread over them, more to the later ones with more data.
    estimate = shareEstimate(data, measure, alphaAtLook(opts.alpha, rounds, maxRounds));
    rounds++;
    progress.roundDone(estimate);
    if (estimate) verdict = stabilityVerdict(estimate.interval);
    if (verdict !== 'inconclusive') {
      stoppedBy = 'settled';
      break;
    }
  }
  if (rounds > 0 && !estimate) {
    stoppedBy = 'no-data';
    verdict = 'incomplete';
    notes.push('Too few valid outputs to split the variance (each persona needs two runs on an item).');
  }
  let pValue: number | undefined;
  if (estimate && measure !== 'rating') {
    try {
      pValue = vectorPersonaShare(data, PERMUTATIONS, rng).pValue;
    } catch {
      pValue = undefined;
    }
  }
  if (estimate && estimate.value === 0 && estimate.interval[0] === 0 && estimate.interval[1] === 1) {
    notes.push('The outputs never varied, across personas or runs: there is no variance to split.');
  }
  const conditions: Record<string, PersonaConditionReport> = {};
  variants.forEach((v, i) => (conditions[v.name] = { personaText: v.personaText, ...reports[i] }));
  return {
    check: 'stability',
    verdict,
    persona: checked,
    effect: estimate ?? { value: NaN, interval: [0, 1] },
    ...(pValue !== undefined ? { pValue } : {}),
    threshold: STABILITY_THRESHOLD,
    alpha: opts.alpha,
    measure,
    itemSource: usesInputs ? 'inputs' : 'probes',
    items: items.length,
    samplesPerRound: samples,
    conditions,
    rounds,
    samples: progress.samplesDone,
    stoppedBy,
    // What the sampler changed to reach the endpoint (a parameter it dropped after a 400) belongs with the result.
    notes: [...notes, ...(sampler.notices ?? []).slice(noticesBefore)],
    ...costSince(sampler, before),
  };
}

/** One twin of each mirrored pair: probe questions with a definite answer, without asking the same evidence twice. */
function probeItems(set: ProbeSet): ProbeItem[] {
  const seen = new Set<string>();
  return set.items.filter((item) => !seen.has(item.pair) && seen.add(item.pair));
}

/** Numbers for each outcome: from its answer, else from its text (embedded, or a lexical vector). */
async function measureOutcomes(
  outcomes: SampleOutcome<unknown>[],
  items: StabilityItem[],
  cells: { item: number }[],
  measure: OutputMeasure,
  sampler: Sampler,
  signal: AbortSignal | undefined,
): Promise<(number[] | undefined)[]> {
  if (measure === 'label' || measure === 'rating') return outcomes.map((o, k) => items[cells[k].item].measure(o));
  const texts = outcomes.map((o) => (o.kind === 'text' || o.kind === 'answer' ? o.text : undefined));
  if (measure === 'lexical') return texts.map((t) => (t === undefined ? undefined : lexicalVector(t)));
  const present = texts.filter((t): t is string => t !== undefined);
  const embeddings = present.length > 0 && sampler.embed ? await sampler.embed(present, signal) : [];
  let next = 0;
  return texts.map((t) => (t === undefined ? undefined : unitLength(embeddings[next++])));
}

// Below the threshold, run-to-run noise outweighs the persona's share of the variance: the answers are unstable.
const STABILITY_VERDICTS: Record<ThresholdDecision, StabilityVerdict> = { below: 'unstable', above: 'stable', undecided: 'inconclusive' };

/** The verdict a persona-share interval settles: unstable wholly below STABILITY_THRESHOLD, stable wholly above. */
export function stabilityVerdict(interval: [number, number]): StabilityVerdict {
  return STABILITY_VERDICTS[decideInterval(interval, STABILITY_THRESHOLD, 'threshold')];
}

/** The persona's share of variance with an interval at `alpha`, or undefined while the data cannot split it. */
function shareEstimate(data: number[][][][], measure: OutputMeasure, alpha: number): Estimate | undefined {
  try {
    if (measure === 'rating') {
      const { value, interval } = personaShare(data.map((item) => item.map((runs) => runs.map((v) => v[0]))), alpha);
      return { value, interval };
    }
    // An F interval with Satterthwaite-scaled degrees of freedom: an item bootstrap covers too little with few items.
    const { value, interval } = vectorShareInterval(data, alpha);
    return { value, interval };
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}
