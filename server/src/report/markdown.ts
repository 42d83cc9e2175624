// The check report as GitHub-flavoured Markdown, for CI summaries and artifacts: the same content as the HTML
// report, charts drawn with text. Untrusted text is escaped so that it can neither become HTML, a link or an image,
// nor end a table cell or start a block.
import type { CheckRecord } from '../core/checks/record.js';
import { CHOSEN_BY_HAND, DEFAULT_TITLE, reportContent, type AccuracyChart, type Chart, type CheckSection, type EffectChart, type Figure, type ShareChart, type Table } from './content.js';
import { truncate, visibleText } from './markup.js';
import { fixed, interval, signed, timestamp } from './numbers.js';

/** How the Markdown report is titled and dated. */
export interface MarkdownReportOptions {
  title?: string;
  /** ISO 8601 time shown as the report's date (default: now). */
  generatedAt?: string;
}

/** Raw answers are cut to this many characters in Markdown tables. */
const SAMPLE_CHARS = 200;
const BAR_CHARS = 20;

/** The report as GitHub-flavoured Markdown. */
export function renderReportMarkdown(records: readonly CheckRecord[], options: MarkdownReportOptions = {}): string {
  const content = reportContent(records);
  const files = content.files.length;
  const out = [
    `# ${mdText(options.title ?? DEFAULT_TITLE)}`,
    `Generated ${mdText(timestamp(options.generatedAt ?? new Date().toISOString()))} by Evenhand: ${content.checks} check${content.checks === 1 ? '' : 's'} of ${files} prompt file${files === 1 ? '' : 's'}.`,
  ];
  if (content.checks === 0) {
    out.push('No check results yet: run `evenhand check one-sided|stability|debias FILE`, or a check from the editor, first.');
  } else {
    out.push('## Summary', table(content.summary));
  }
  for (const file of content.files) {
    out.push(`## File: ${mdText(file.file)}`);
    for (const persona of file.personas) {
      out.push(`### Line ${mdText(persona.line)}: ${mdText(persona.text)}${persona.byHand ? ` ${CHOSEN_BY_HAND}` : ''}`);
      for (const check of persona.checks) out.push(...checkSection(check));
    }
  }
  return out.join('\n\n') + '\n';
}

function checkSection(check: CheckSection): string[] {
  const out = [
    `#### ${mdText(check.check)} check: **${mdText(check.verdict)}**`,
    ...(check.headline ? [`> ${mdText(check.headline)}.`] : []),
    `Model ${mdText(check.model)}, finished ${mdText(check.finishedAt)}.`,
    figureList(check.figures),
    ...check.charts.map(chartTable),
  ];
  if (check.conditions.head.length > 0) {
    if (check.conditions.caption) out.push(mdText(check.conditions.caption));
    out.push(table(check.conditions));
  }
  out.push(figureList(check.run));
  if (check.notes.length > 0) out.push('Notes:', check.notes.map((note) => `- ${mdText(note)}`).join('\n'));
  out.push(`Raw samples (${check.samples.length} of ${check.sampleCount} kept; answers cut to ${SAMPLE_CHARS} characters):`);
  if (check.samples.length > 0) {
    out.push(
      table({
        head: ['Condition', 'Item', 'Correct', 'Answer'],
        numeric: [false, false, false, false],
        rows: check.samples.map((s) => [s.condition, s.item, s.correct, truncate(collapse(s.text), SAMPLE_CHARS)]),
      }),
    );
  }
  return out;
}

function figureList(figures: Figure[]): string {
  return figures.map((f) => `- **${mdText(f.label)}:** ${mdText(f.value)}${f.detail ? ` (${mdText(f.detail)})` : ''}`).join('\n');
}

function table(t: Table): string {
  const row = (cells: string[]) => `| ${cells.map(mdText).join(' | ')} |`;
  return [row(t.head), `| ${t.numeric.map((n) => (n ? '---:' : '---')).join(' | ')} |`, ...t.rows.map(row)].join('\n');
}

/** A chart as a table of text bars in code spans (which hold only bar characters, never record text). */
function chartTable(chart: Chart): string {
  switch (chart.kind) {
    case 'accuracy':
      return accuracyTable(chart);
    case 'effect':
      return effectTable(chart);
    case 'share':
      return shareTable(chart);
  }
}

function accuracyTable(chart: AccuracyChart): string {
  const rows = chart.conditions.map(
    (c) => `| ${mdText(c.name)} | ${c.bySide.map((side) => `\`${bar(side.value)}\` ${mdText(`${fixed(side.value)} (${side.counts})`)}`).join(' | ')} |`,
  );
  return [`| ${['Accuracy by side', ...chart.sides].map(mdText).join(' | ')} |`, '| --- | --- | --- |', ...rows].join('\n');
}

function effectTable(chart: EffectChart): string {
  const { reach } = chart;
  const rows = chart.rows.map((row) => `| ${mdText(row.label)} | \`${numberLine(row, reach, chart.margin)}\` ${mdText(`${signed(row.value)} ${interval([row.low, row.high])}`)} |`);
  return [
    `| Effect | ${mdText(`-${reach} to +${reach}: ● estimate, ─ interval, ░ within ±${fixed(chart.margin)}, │ zero`)} |`,
    '| --- | --- |',
    ...rows,
  ].join('\n');
}

function shareTable(chart: ShareChart): string {
  const { share, threshold } = chart;
  const cells = Array.from(bar(share.value));
  const mark = Math.min(BAR_CHARS - 1, Math.round(threshold * BAR_CHARS));
  if (Number.isFinite(threshold)) cells[mark] = '│';
  return [
    `| Variance | ${mdText(`█ persona, ░ run-to-run, │ threshold ${fixed(threshold)}`)} |`,
    '| --- | --- |',
    `| persona share | \`${cells.join('')}\` ${mdText(`${fixed(share.value)} ${interval([share.low, share.high])}; run-to-run ${fixed(1 - share.value)}`)} |`,
  ].join('\n');
}

/** A share in [0, 1] as a bar of BAR_CHARS characters; dots when it is missing. */
function bar(value: number): string {
  if (Number.isNaN(value)) return '·'.repeat(BAR_CHARS);
  const filled = Math.round(Math.min(1, Math.max(0, value)) * BAR_CHARS);
  return '█'.repeat(filled) + '░'.repeat(BAR_CHARS - filled);
}

/** An estimate on a text number line from -reach to +reach: the margin band, zero, the interval and the point. */
function numberLine(row: { value: number; low: number; high: number }, reach: number, margin: number): string {
  const width = 2 * BAR_CHARS + 1;
  const at = (v: number) => Math.round(((Math.min(reach, Math.max(-reach, v)) + reach) / (2 * reach)) * (width - 1));
  const cells = Array.from({ length: width }, (_, i): string => (Number.isFinite(margin) && Math.abs((i / (width - 1)) * 2 * reach - reach) <= margin + 1e-9 ? '░' : '·'));
  cells[at(0)] = '│';
  if (!Number.isNaN(row.low) && !Number.isNaN(row.high)) for (let i = at(row.low); i <= at(row.high); i++) cells[i] = '─';
  if (!Number.isNaN(row.value)) cells[at(row.value)] = '●';
  return cells.join('');
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Untrusted text as inline Markdown on one line: whitespace collapsed; & < > as entities (no HTML, no autolink);
 * backslash, backtick, *, _, [, #, |, ~ and $ backslash-escaped (no code, emphasis, link, image, heading, cell
 * break, strike-through or maths); a leading list marker or rule escaped (no block).
 */
export function mdText(text: string): string {
  return collapse(visibleText(text))
    .replace(/[\\`*_[#|~$]/g, (c) => `\\${c}`)
    .replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!)
    .replace(/^([-+=])(?=[\s\-+=]|$)/, '\\$1')
    .replace(/^(\d{1,9})([.)])(?=\s|$)/, '$1\\$2')
    // GitHub turns bare URLs and www. addresses into links while it reads the Markdown: an entity where the
    // pattern starts stops that. @mentions and #123 references are linked later, in the rendered text, where
    // entities are already decoded: an invisible word joiner after the sign breaks them (the text reads the same).
    .replace(/([@#])(?=[A-Za-z0-9])/g, '$1\u2060')
    .replace(/\b([a-z][a-z0-9+.-]*):(?=\/\/)/gi, '$1&#58;')
    .replace(/\b(www)\./gi, '$1&#46;');
}
