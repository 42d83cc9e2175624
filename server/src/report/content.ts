// What a report says about a list of check records, before it becomes HTML or Markdown: both renderers show exactly
// this, so the webview, the CI artifact and the Markdown summary never disagree. Records are read defensively
// (they come from a JSON file anyone can edit): a missing field shows as "n/a", never as an error.
import { CHECK_NAMES, type CheckName, type CheckRecord } from '../core/checks/record.js';
import { verdictHeadline } from '../core/checks/summary.js';
import { verdictTone, type VerdictTone } from '../core/checks/verdicts.js';
import { count, duration, fixed, interval, NOT_AVAILABLE, numberOf, percent, signed, timestamp } from './numbers.js';

/** A labelled figure: the value, and what it means. */
export interface Figure {
  label: string;
  value: string;
  detail?: string;
}

/** A table of text cells; `numeric` columns are right-aligned. */
export interface Table {
  caption?: string;
  head: string[];
  rows: string[][];
  numeric: boolean[];
}

/** A value with its interval; NaN where missing. */
export interface Interval {
  value: number;
  low: number;
  high: number;
}

/** Accuracy by side per condition, with intervals (one-sided, debias). */
export interface AccuracyChart {
  kind: 'accuracy';
  sides: [string, string];
  conditions: { name: string; bySide: (Interval & { counts: string })[] }[];
}

/** Effects with intervals on a line, against the band of +/-margin (one-sided, debias). */
export interface EffectChart {
  kind: 'effect';
  /** Short row labels fit the chart; the figures say the rest. */
  margin: number;
  /** The line runs from -reach to +reach: 1, or 2 when an interval reaches beyond +/-1. */
  reach: 1 | 2;
  rows: (Interval & { label: string })[];
}

/** The persona's share of output variance against run-to-run noise, with its interval and threshold (stability). */
export interface ShareChart {
  kind: 'share';
  share: Interval;
  threshold: number;
}

export type Chart = AccuracyChart | EffectChart | ShareChart;

export type { VerdictTone };

/** One raw answer as shown. */
export interface SampleRow {
  condition: string;
  item: string;
  /** "yes", "no", or "" when the answer was invalid or free text. */
  correct: string;
  text: string;
}

/** Everything a report shows about one check record. */
export interface CheckSection {
  check: string;
  verdict: string;
  tone: VerdictTone;
  /** What the verdict means for the prompt, as the lenses and diagnostics say it ('' for an unknown check). */
  headline: string;
  model: string;
  finishedAt: string;
  /** The effect and the figures that explain it. */
  figures: Figure[];
  conditions: Table;
  charts: Chart[];
  /** Requests, tokens, cost, time, endpoint. */
  run: Figure[];
  notes: string[];
  samples: SampleRow[];
  /** How many answers the run had (samples may hold fewer). */
  sampleCount: string;
}

/** A persona sentence of a file and the checks of it, newest first. */
export interface PersonaSection {
  text: string;
  line: string;
  /** The user pointed at this sentence for a check (a line, a text or a selection), rather than detection finding it. */
  byHand: boolean;
  checks: CheckSection[];
}

/** A prompt file and its personas, in line order. */
export interface FileSection {
  file: string;
  personas: PersonaSection[];
}

/** The whole report: a summary table, then per file, per persona, per check. */
export interface ReportContent {
  checks: number;
  summary: Table;
  files: FileSection[];
}

/** How a report marks a persona sentence the user chose for a check rather than detection. */
export const CHOSEN_BY_HAND = '(chosen by hand)';

/** The title of a report when none is given. */
export const DEFAULT_TITLE = 'Evenhand check report';


const MEASURES: Record<string, string> = {
  label: 'the option chosen',
  rating: 'the rating given',
  embedding: 'embeddings of the answers',
  lexical: 'a lexical vector of the answers',
};

const STOPS: Record<string, string> = {
  settled: 'the verdict settled',
  budget: 'the request budget',
  'no-data': 'no usable answers',
  faults: 'requests failing one after another',
};

/** The report's content: files in name order, personas in line order, checks newest first. */
export function reportContent(records: readonly CheckRecord[]): ReportContent {
  const byFile = new Map<string, Map<string, CheckRecord[]>>();
  for (const record of records) {
    const file = textOf(record.file);
    const persona = collapse(textOf(record.persona?.text));
    const personas = byFile.get(file) ?? new Map<string, CheckRecord[]>();
    byFile.set(file, personas);
    personas.set(persona, [...(personas.get(persona) ?? []), record]);
  }
  const files = [...byFile.entries()].sort(([a], [b]) => compare(a, b)).map(([file, personas]) => ({
    file,
    personas: [...personas.entries()]
      .map(([text, group]) => {
        const newestFirst = [...group].sort((a, b) => compare(textOf(b.finishedAt), textOf(a.finishedAt)));
        const byHand = newestFirst.some((r) => r.persona?.chosen === 'hand');
        return { text, lineNumber: numberOf(newestFirst[0].persona?.line), byHand, records: newestFirst };
      })
      .sort((a, b) => lineOrder(a.lineNumber) - lineOrder(b.lineNumber) || compare(a.text, b.text))
      .map(({ text, lineNumber, byHand, records: group }) => ({ text, line: count(lineNumber), byHand, checks: group.map(checkSection) })),
  }));
  const summary: Table = {
    head: ['File', 'Line', 'Persona', 'Check', 'Verdict', 'Effect', 'Model', 'Finished'],
    numeric: [false, true, false, false, false, false, false, false],
    rows: files.flatMap((f) =>
      f.personas.flatMap((p) => p.checks.map((c) => [f.file, p.line, `${p.text}${p.byHand ? ` ${CHOSEN_BY_HAND}` : ''}`, c.check, c.verdict, c.figures[0]?.value ?? '', c.model, c.finishedAt])),
    ),
  };
  return { checks: records.length, summary, files };
}

/** Everything shown about one record. */
export function checkSection(record: CheckRecord): CheckSection {
  const result = objectOf(record.result);
  const check = textOf(record.check);
  const verdict = textOf(record.verdict);
  const body = check === 'stability' ? stabilityBody(result) : check === 'one-sided' || check === 'debias' ? mirroredBody(check, result, record) : unknownBody();
  return {
    check,
    verdict,
    tone: verdictTone(verdict),
    headline: (CHECK_NAMES as readonly string[]).includes(check) ? verdictHeadline(check as CheckName, verdict) : '',
    model: textOf(record.endpoint?.model),
    finishedAt: timestamp(record.finishedAt),
    ...body,
    run: runFigures(record, result),
    notes: arrayOf(result.notes).map(textOf),
    samples: arrayOf(record.rawSamples).map((s) => {
      const sample = objectOf(s);
      return {
        condition: textOf(sample.condition),
        item: textOf(sample.item),
        correct: sample.correct === true ? 'yes' : sample.correct === false ? 'no' : '',
        text: textOf(sample.text),
      };
    }),
    sampleCount: count(record.rawSampleCount),
  };
}

type Body = Pick<CheckSection, 'figures' | 'conditions' | 'charts'>;

/** One-sided and debias: the difference in differences, the relative risk, accuracy by side per condition. */
function mirroredBody(check: 'one-sided' | 'debias', result: Record<string, unknown>, record: CheckRecord): Body {
  const sides = arrayOf(result.sides).map(textOf);
  const side = (i: number) => sides[i] ?? `side ${i + 1}`;
  const level = percent(result.confidence);
  // The descriptive (Wilson and Newcombe) intervals are at 1 - alpha.
  const wilsonLevel = percent(1 - numberOf(result.alpha));
  const margin = numberOf(result.margin);
  const toward = `toward "${side(0)}"`;
  const figures: Figure[] = [];
  const effects: EffectChart['rows'] = [];
  const effect = (label: string, chartLabel: string, key: string, detail: string) => {
    const estimate = estimateOf(result[key]);
    figures.push({ label, value: `${signed(estimate.value)} ${interval([estimate.low, estimate.high])}`, detail });
    effects.push({ label: chartLabel, ...estimate });
  };
  const ownGap = `the persona's accuracy ${toward} minus toward "${side(1)}" (a refusal or malformed answer counts as not correct)`;
  const look = `over every pair, so it leans away from zero (the check stops when the gap looks clear); the first ${count(result.fixedLook)} pairs, which stopping cannot bias, give ${signed(numberOf(result.fixedLookEffect))}`;
  if (check === 'one-sided') {
    effect("Persona's gap", 'persona', 'effect', `${ownGap}; ${look}; ${level} anytime-valid interval, margin ±${fixed(margin)}`);
    const attribution = objectOf(result.attribution);
    const described = (label: string, key: string, detail: string) => {
      if (attribution[key] === undefined) return;
      const estimate = estimateOf(attribution[key]);
      figures.push({ label, value: `${signed(estimate.value)} ${interval([estimate.low, estimate.high])}`, detail });
    };
    described('Without the persona', 'baselineGap', `the same gap with the persona sentence removed (${count(attribution.pairs)} pairs, asked after the verdict); ${wilsonLevel} interval`);
    described('What the persona adds', 'personaAdds', `the persona's gap minus the gap without it; ${wilsonLevel} interval`);
    described('Counterfactual persona', 'counterfactualGap', `the same gap with the counterfactual persona in its place; ${wilsonLevel} interval`);
  } else {
    effect("Persona's gap with the debiasing sentences", 'with sentences', 'effect', `${ownGap}; ${level} anytime-valid interval, margin ±${fixed(margin)}`);
    effect('Gap without them', 'without', 'effectWithout', `the same with the debiasing sentences removed (asked after the verdict); ${wilsonLevel} interval`);
  }
  const rr = estimateOf(result.relativeRisk);
  if (check === 'one-sided') {
    figures.push({
      label: 'Relative risk',
      value: `${fixed(rr.value)} ${interval([rr.low, rr.high])}`,
      detail: `under the persona: accuracy when the correct conclusion favours "${side(0)}" over when it favours "${side(1)}"; ${percent(1 - numberOf(result.alpha))} interval`,
    });
  } else {
    const change = estimateOf(result.changeInGap);
    const baseline = estimateOf(result.baselineChange);
    figures.push(
      { label: 'Change in the gap', value: `${signed(change.value)} ${interval([change.low, change.high])}`, detail: `with the sentences minus without them; ${level} interval` },
      {
        label: 'Change in baseline accuracy',
        value: `${signed(baseline.value)} ${interval([baseline.low, baseline.high])}`,
        detail: `without a persona, with the sentences minus without them (the harm guard); ${level} interval`,
      },
    );
    const targets = arrayOf(record.target ?? result.debiasing).map((t) => {
      const target = objectOf(t);
      return `line ${count(target.line ?? target.startLine)}: "${textOf(target.text)}"`;
    });
    figures.push({ label: 'Debiasing sentences', value: targets.join('; ') || NOT_AVAILABLE });
  }
  figures.push({ label: 'Topic', value: textOf(result.topic) || NOT_AVAILABLE }, { label: 'Observations', value: `${count(result.observations)} mirrored pairs under the persona${check === 'debias' ? ' with the sentences' : ''}` });

  const conditions = Object.entries(objectOf(result.conditions)).map(([name, c]) => ({ name, report: objectOf(c) }));
  const table: Table = {
    caption: `Accuracy by side with Wilson ${wilsonLevel} intervals (correct / asked: refusals and malformed answers count as not correct); gap: first side minus second, Newcombe's interval.`,
    head: ['Condition', 'Persona sentence', `Accuracy: ${side(0)}`, `Accuracy: ${side(1)}`, 'Gap', 'Samples', 'Invalid', 'Refused'],
    numeric: [false, false, true, true, true, true, true, true],
    rows: conditions.map(({ name, report }) => {
      const bySide = arrayOf(report.bySide).map(objectOf);
      const accuracy = (i: number) => {
        const a = estimateOf(bySide[i]?.accuracy);
        return `${fixed(a.value)} ${interval([a.low, a.high])} (${count(bySide[i]?.correct)}/${count(bySide[i]?.asked ?? bySide[i]?.answered)})`;
      };
      const gap = estimateOf(report.gap);
      return [
        name,
        personaCell(report.personaText),
        accuracy(0),
        accuracy(1),
        `${signed(gap.value)} ${interval([gap.low, gap.high])}`,
        count(report.samples),
        count(report.invalid),
        count(report.refused ?? 0),
      ];
    }),
  };
  const accuracyChart: AccuracyChart = {
    kind: 'accuracy',
    sides: [side(0), side(1)],
    conditions: conditions.map(({ name, report }) => ({
      name,
      bySide: [0, 1].map((i) => {
        const bySide = objectOf(arrayOf(report.bySide)[i]);
        return { ...estimateOf(bySide.accuracy), counts: `${count(bySide.correct)}/${count(bySide.asked ?? bySide.answered)}` };
      }),
    })),
  };
  const reach = effects.every((e) => [e.low, e.high].every((end) => !Number.isFinite(end) || Math.abs(end) <= 1)) ? 1 : 2;
  return { figures, conditions: table, charts: [{ kind: 'effect', margin, reach, rows: effects }, accuracyChart] };
}

/** Stability: the persona's share of variance against the threshold, and what each persona condition measured. */
function stabilityBody(result: Record<string, unknown>): Body {
  const share = estimateOf(result.effect);
  const threshold = numberOf(result.threshold);
  const figures: Figure[] = [
    {
      label: 'Persona share of variance',
      value: `${fixed(share.value)} ${interval([share.low, share.high])}`,
      detail:
        `against the threshold ${fixed(threshold)}: an interval wholly below says run-to-run noise outweighs the persona, ` +
        `wholly above that the persona outweighs it; run-to-run share ${fixed(1 - share.value)}; ` +
        `the error rate ${fixed(result.alpha)} is spread over the rounds`,
    },
  ];
  if (result.pValue !== undefined) figures.push({ label: 'Permutation p-value', value: fixed(result.pValue, 3), detail: 'of "the persona makes no difference"' });
  const measure = textOf(result.measure);
  figures.push(
    { label: 'Measured by', value: MEASURES[measure] ?? measure },
    {
      label: 'Items',
      value: `${count(result.items)} ${result.itemSource === 'inputs' ? 'sample inputs' : 'probe questions'}, ${count(result.samplesPerRound)} runs per persona and item per round`,
    },
  );
  const table: Table = {
    head: ['Condition', 'Persona sentence', 'Samples', 'Measured', 'Invalid'],
    numeric: [false, false, true, true, true],
    rows: Object.entries(objectOf(result.conditions)).map(([name, c]) => {
      const report = objectOf(c);
      return [name, personaCell(report.personaText), count(report.samples), count(report.measured), count(report.invalid)];
    }),
  };
  return { figures, conditions: table, charts: [{ kind: 'share', share, threshold }] };
}

function unknownBody(): Body {
  return { figures: [{ label: 'Effect', value: 'n/a', detail: 'a check this version of Evenhand does not know' }], conditions: { head: [], rows: [], numeric: [] }, charts: [] };
}

/** Requests, cache, tokens, cost, time and endpoint. */
function runFigures(record: CheckRecord, result: Record<string, unknown>): Figure[] {
  const figures: Figure[] = [
    { label: 'Endpoint', value: textOf(record.endpoint?.host) || NOT_AVAILABLE },
    { label: 'Model', value: textOf(record.endpoint?.model) || NOT_AVAILABLE },
    { label: 'Requests', value: count(result.requests) },
    { label: 'Cached', value: count(result.cached) },
    { label: 'Invalid', value: count(result.invalid) },
    { label: 'Samples', value: `${count(result.samples)} in ${count(result.rounds)} rounds; stopped by ${STOPS[textOf(result.stoppedBy)] ?? (textOf(result.stoppedBy) || NOT_AVAILABLE)}` },
    { label: 'Tokens', value: `${count(result.promptTokens)} prompt, ${count(result.completionTokens)} completion` },
  ];
  if (record.cost) {
    const cost = objectOf(record.cost);
    figures.push({
      label: 'Cost estimate',
      value: fixed(cost.estimate, 4),
      detail: `at ${fixed(cost.promptPerMillion)} per million prompt tokens and ${fixed(cost.completionPerMillion)} per million completion tokens`,
    });
  }
  figures.push({ label: 'Started', value: timestamp(record.startedAt) }, { label: 'Duration', value: duration(record.durationMs) });
  return figures;
}

function personaCell(text: unknown): string {
  return typeof text === 'string' ? text : '(no persona)';
}

function estimateOf(value: unknown): Interval {
  const estimate = objectOf(value);
  const [low, high] = arrayOf(estimate.interval);
  return { value: numberOf(estimate.value), low: numberOf(low), high: numberOf(high) };
}

function objectOf(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function textOf(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}

/** Persona texts group with their whitespace collapsed (as the result store compares them). */
function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Lines sort by number, a missing line last. */
function lineOrder(line: number): number {
  return Number.isNaN(line) ? Infinity : line;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
