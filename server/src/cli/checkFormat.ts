// Output of `evenhand check`: a text report, one JSON object, or a SARIF log with one result.
import type { CostEstimate, DebiasResult, Estimate, OneSidedResult, StabilityResult } from '../core/checks/index.js';
import { effectSummary, verdictHeadline } from '../core/checks/summary.js';
import { isFlaggedVerdict } from '../core/checks/verdicts.js';
import type { PromptDocument, Range } from '../core/index.js';
import { relativePath } from './format/context.js';
import { terminalText } from './format/terminal.js';
import { sarifDriver, sarifLog, sarifPhysicalLocation } from './format/sarif.js';
import type { PackageInfo } from './packageInfo.js';

/** The result of any of the three checks. */
export type CheckResult = OneSidedResult | StabilityResult | DebiasResult;

/** A check's result and what its output needs around it. */
export interface CheckReport {
  result: CheckResult;
  /** Absolute path of the prompt file. */
  file: string;
  cwd: string;
  doc: PromptDocument;
  /** Endpoint host and model: never the API key. */
  host: string;
  model: string;
  info: PackageInfo;
  /** The cost estimate, when the user gave prices (--price). */
  cost?: CostEstimate;
}

/** Whether a result's verdict flags the prompt (exit 1): it judged one-sidedly, answered unstably, or the sentence failed. */
export function isFlagged(result: CheckResult): boolean {
  return isFlaggedVerdict(result.verdict);
}

/** One JSON object: check, file, verdict, persona (text and range), effect, costs, per-condition counts, and the rest. */
export function formatCheckJson(report: CheckReport): string {
  const { result } = report;
  const { check, verdict, persona, effect, requests, cached, invalid, conditions, ...rest } = result;
  const json = {
    check,
    file: relativePath(report.cwd, report.file),
    verdict,
    persona: {
      text: persona.text,
      line: persona.startLine,
      endLine: persona.endLine,
      range: personaRange(report),
      ...(persona.chosen ? { chosen: persona.chosen } : {}),
    },
    effect,
    requests,
    cached,
    invalid,
    conditions,
    endpoint: { host: report.host, model: report.model },
    ...rest,
    ...(report.cost ? { cost: report.cost } : {}),
  };
  return JSON.stringify(json, null, 2) + '\n';
}

function personaRange(report: CheckReport): Range {
  return report.doc.lines.rangeOf(report.result.persona.span);
}

/**
 * A human-readable report: where, the verdict, the effect with its interval, the conditions, the costs, the notes.
 * It quotes the prompt, the file name and the model's name, so controls in them are made visible.
 */
export function formatCheckText(report: CheckReport): string {
  const { result } = report;
  const lines = [
    `${relativePath(report.cwd, report.file)}:${result.persona.startLine}  ${result.persona.text}${result.persona.chosen === 'hand' ? '  (chosen by hand)' : ''}`,
    `${result.check} check: ${result.verdict}`,
    `  ${verdictHeadline(result.check, result.verdict)}: ${effectSummary(result)}.`,
  ];
  switch (result.check) {
    case 'one-sided':
      lines.push(...oneSidedLines(result));
      break;
    case 'debias':
      lines.push(...debiasLines(result));
      break;
    case 'stability':
      lines.push(...stabilityLines(result));
      break;
  }
  lines.push(
    `  ${result.rounds} round${result.rounds === 1 ? '' : 's'}, ${result.samples} samples: ${result.requests} requests to ${report.host} ` +
      `(${report.model}), ${result.cached} cached, ${result.invalid} invalid; ` +
      `${result.promptTokens} prompt and ${result.completionTokens} completion tokens` +
      (report.cost ? `, estimated cost ${report.cost.estimate.toFixed(4)}.` : '.'),
  );
  for (const note of result.notes) lines.push(`  note: ${note}`);
  return terminalText(lines.join('\n') + '\n');
}

function oneSidedLines(result: OneSidedResult): string[] {
  const { baselineGap, personaAdds, counterfactualGap, pairs } = result.attribution;
  const attribution =
    baselineGap && personaAdds
      ? [
          `  Without the persona: ${signed(baselineGap.value)} ${interval(baselineGap)}; the persona adds ${signed(personaAdds.value)} ` +
            `${interval(personaAdds)}${counterfactualGap ? `; counterfactual persona ${signed(counterfactualGap.value)} ${interval(counterfactualGap)}` : ''} ` +
            `(${pairs} pairs each, asked after the verdict).`,
        ]
      : [];
  return [
    `  Persona's gap: ${signed(result.effect.value)} ${interval(result.effect)} toward "${result.sides[0]}" ` +
      `(accuracy under the persona when the correct conclusion favours "${result.sides[0]}" minus "${result.sides[1]}", ` +
      `refusals counting as not correct; margin ±${result.margin.toFixed(2)}; ${percentOf(result.confidence)} interval, each end a ` +
      `${percentOf(1 - result.alpha)} bound; the first ${result.fixedLook} pairs, which stopping cannot bias, give ${signed(result.fixedLookEffect)}).`,
    ...attribution,
    `  Relative risk under the persona: ${fixed(result.relativeRisk.value)} ${interval(result.relativeRisk)} ` +
      `(accuracy when the correct conclusion favours "${result.sides[0]}" over "${result.sides[1]}").`,
    `  Topic: ${result.topic}.`,
    ...accuracyTable(result.sides, result.conditions),
  ];
}

function debiasLines(result: DebiasResult): string[] {
  return [
    `  Debiasing: ${result.debiasing.map((d) => `line ${d.startLine} "${d.text}"`).join('; ')}`,
    `  With it, the persona's gap ${signed(result.effect.value)} ${interval(result.effect)}; without it, ${signed(result.effectWithout.value)} ` +
      `${interval(result.effectWithout)} toward "${result.sides[0]}" (margin ±${result.margin.toFixed(2)}; ` +
      `${percentOf(result.confidence)} intervals).`,
    `  Change in the gap: ${signed(result.changeInGap.value)} ${interval(result.changeInGap)}; ` +
      `change in baseline accuracy: ${signed(result.baselineChange.value)} ${interval(result.baselineChange)}.`,
    `  Topic: ${result.topic}.`,
    ...accuracyTable(result.sides, result.conditions),
  ];
}

function stabilityLines(result: StabilityResult): string[] {
  const measures = { label: 'the option chosen', rating: 'the rating given', embedding: 'embeddings of the answers', lexical: 'a lexical vector of the answers' };
  const lines = [
    `  Persona share of output variance: ${fixed(result.effect.value)} ${interval(result.effect)} against ${result.threshold} ` +
      `(below: run-to-run noise at least matches the persona's effect).` +
      (result.pValue !== undefined ? ` Permutation p = ${result.pValue.toFixed(3)}.` : ''),
    `  ${result.items} ${result.itemSource === 'inputs' ? 'sample inputs' : 'probe questions'}, ${result.samplesPerRound} runs per persona and item per round, measured by ${measures[result.measure]}.`,
  ];
  for (const [name, c] of Object.entries(result.conditions)) {
    lines.push(`    ${name.padEnd(12)} ${String(c.measured).padStart(4)} measured, ${c.invalid} invalid  ${c.personaText ?? '(no persona)'}`);
  }
  return lines;
}

function accuracyTable(sides: [string, string], conditions: OneSidedResult['conditions']): string[] {
  const names = Object.keys(conditions);
  const labelWidth = Math.max('Accuracy by side'.length, ...names.map((n) => n.length + 2)) + 2;
  const columnWidth = Math.max(16, sides[0].length + 2, sides[1].length + 2);
  const cell = (a: { correct: number; asked: number; refused: number; accuracy: Estimate }) =>
    `${fixed(a.accuracy.value)} (${a.correct}/${a.asked}${a.refused > 0 ? `, ${a.refused} refused` : ''})`;
  const lines = [`  ${'Accuracy by side'.padEnd(labelWidth)}${sides[0].padEnd(columnWidth)}${sides[1].padEnd(columnWidth)}invalid`];
  for (const name of names) {
    const c = conditions[name];
    lines.push(`  ${`  ${name}`.padEnd(labelWidth)}${cell(c.bySide[0]).padEnd(columnWidth)}${cell(c.bySide[1]).padEnd(columnWidth)}${c.invalid}`);
  }
  return lines;
}

function percentOf(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}

function fixed(value: number): string {
  return Number.isFinite(value) ? value.toFixed(2) : 'n/a';
}

function signed(value: number): string {
  return Number.isFinite(value) ? `${value >= 0 ? '+' : ''}${value.toFixed(2)}` : 'n/a';
}

function interval(estimate: Estimate): string {
  const [low, high] = estimate.interval;
  const show = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : v > 0 ? 'inf' : '-inf');
  return `[${show(low)}, ${show(high)}]`;
}


const CHECK_RULES = {
  'one-sided': 'The persona makes the model judge evidence by which side its conclusion favours (sampled check).',
  stability: "The persona's effect on the answers is smaller than the model's run-to-run noise (sampled check).",
  debias: "The prompt's debiasing sentence does not remove the persona's one-sidedness (sampled check).",
} as const;

/** A SARIF 2.1.0 log with one result at the persona sentence: a warning when flagged, else a note. */
export function formatCheckSarif(report: CheckReport): string {
  const { result } = report;
  const range = personaRange(report);
  const ruleId = `check/${result.check}`;
  return sarifLog(report.cwd, report.info, {
    tool: {
      driver: {
        ...sarifDriver(report.info),
        rules: [{ id: ruleId, name: result.check, shortDescription: { text: CHECK_RULES[result.check] } }],
      },
    },
    results: [
      {
        ruleId,
        ruleIndex: 0,
        level: isFlagged(result) ? 'warning' : 'note',
        message: { text: `${result.check} check: ${result.verdict}. ${sarifSummary(result)}` },
        locations: [{ physicalLocation: sarifPhysicalLocation(report.cwd, report.file, range) }],
        properties: {
          verdict: result.verdict,
          effect: result.effect,
          requests: result.requests,
          cached: result.cached,
          invalid: result.invalid,
          endpoint: { host: report.host, model: report.model },
        },
      },
    ],
  });
}

function sarifSummary(result: CheckResult): string {
  switch (result.check) {
    case 'one-sided':
      return `Effect ${signed(result.effect.value)} ${interval(result.effect)} toward "${result.sides[0]}" (margin ±${result.margin.toFixed(2)}).`;
    case 'debias':
      return `With the debiasing sentence the effect is ${signed(result.effect.value)} ${interval(result.effect)}; without it ${signed(result.effectWithout.value)}.`;
    case 'stability':
      return `Persona share of output variance ${fixed(result.effect.value)} ${interval(result.effect)} against ${result.threshold}.`;
  }
}
