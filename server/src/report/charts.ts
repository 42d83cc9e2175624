// The report's charts as inline SVG: no script, no external resource, colours from the stylesheet's classes (so
// light and dark themes both apply). Labels are untrusted text, escaped by `html` like everything else.
import type { AccuracyChart, Chart, EffectChart, Interval, ShareChart } from './content.js';
import { html, truncate, type Markup } from './markup.js';
import { fixed, interval, signed } from './numbers.js';

const WIDTH = 600;
/** Where the plotting area starts and how wide it is; labels sit left of it, values right of it. */
const PLOT_LEFT = 170;
const PLOT_WIDTH = 300;
const LABEL_CHARS = 24;

/** A chart as an SVG element. */
export function chartSvg(chart: Chart): Markup {
  switch (chart.kind) {
    case 'accuracy':
      return accuracySvg(chart);
    case 'effect':
      return effectSvg(chart);
    case 'share':
      return shareSvg(chart);
  }
}

/** A linear scale from [low, high] onto the plotting area, clamped to it, in tenths of a pixel. */
function scale(low: number, high: number): (value: number) => number {
  return (value) => Math.round((PLOT_LEFT + ((Math.min(high, Math.max(low, value)) - low) / (high - low)) * PLOT_WIDTH) * 10) / 10;
}

function svg(height: number, label: string, content: Markup[]): Markup {
  return html`<svg class="chart" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="${label}"><title>${label}</title>${content}</svg>`;
}

/** The interval as a line with end caps at height `y`; nothing when either end is missing. */
function whisker(x: (value: number) => number, estimate: Interval, y: number): Markup[] {
  if (Number.isNaN(estimate.low) || Number.isNaN(estimate.high)) return [];
  const [a, b] = [x(estimate.low), x(estimate.high)];
  return [
    html`<line class="whisker" x1="${a}" y1="${y}" x2="${b}" y2="${y}"/>`,
    html`<line class="whisker" x1="${a}" y1="${y - 5}" x2="${a}" y2="${y + 5}"/>`,
    html`<line class="whisker" x1="${b}" y1="${y - 5}" x2="${b}" y2="${y + 5}"/>`,
  ];
}

/** Grid lines and labels at `ticks`, from `top` to `bottom`. */
function axis(x: (value: number) => number, ticks: number[], top: number, bottom: number, label = (t: number) => fixed(t)): Markup[] {
  return ticks.flatMap((t) => [
    html`<line class="grid" x1="${x(t)}" y1="${top}" x2="${x(t)}" y2="${bottom}"/>`,
    html`<text class="tick" x="${x(t)}" y="${bottom + 14}" text-anchor="middle">${label(t)}</text>`,
  ]);
}

const ROW = 16;

/** Accuracy on each side per condition: two bars per condition, each with its interval. */
function accuracySvg(chart: AccuracyChart): Markup {
  const x = scale(0, 1);
  const top = 30;
  const group = 2 * ROW + 10;
  const bottom = top + chart.conditions.length * group;
  const content: Markup[] = [
    ...chart.sides.map((side, i) => [
      html`<rect class="side-${i}" x="${PLOT_LEFT + i * 170}" y="6" width="12" height="12"/>`,
      html`<text class="legend" x="${PLOT_LEFT + i * 170 + 18}" y="16">${truncate(side, LABEL_CHARS)}</text>`,
    ]).flat(),
    ...axis(x, [0, 0.25, 0.5, 0.75, 1], top - 4, bottom),
  ];
  chart.conditions.forEach((condition, c) => {
    const y = top + c * group;
    content.push(html`<text class="label" x="${PLOT_LEFT - 10}" y="${y + ROW + 4}" text-anchor="end">${truncate(condition.name, LABEL_CHARS)}</text>`);
    condition.bySide.forEach((bar, i) => {
      const barTop = y + i * ROW;
      const name = `${condition.name}, ${chart.sides[i]}: ${fixed(bar.value)} ${interval([bar.low, bar.high])} (${bar.counts})`;
      if (!Number.isNaN(bar.value)) {
        content.push(html`<rect class="side-${i}" x="${PLOT_LEFT}" y="${barTop + 2}" width="${x(bar.value) - PLOT_LEFT}" height="${ROW - 4}"><title>${name}</title></rect>`);
      }
      content.push(...whisker(x, bar, barTop + ROW / 2));
      content.push(html`<text class="value" x="${PLOT_LEFT + PLOT_WIDTH + 10}" y="${barTop + ROW - 4}">${fixed(bar.value)} (${bar.counts})</text>`);
    });
  });
  return svg(bottom + 22, `Accuracy by side per condition: ${chart.sides.join(' and ')}`, content);
}

/** Effects as points with intervals on a line, the band of +/-margin shaded: inside it is even-handed. */
function effectSvg(chart: EffectChart): Markup {
  const { reach } = chart;
  const x = scale(-reach, reach);
  const top = 12;
  const rowHeight = 24;
  const bottom = top + chart.rows.length * rowHeight;
  const margin = chart.margin;
  const content: Markup[] = [];
  if (Number.isFinite(margin) && margin > 0) {
    content.push(html`<rect class="band" x="${x(-margin)}" y="${top - 4}" width="${x(margin) - x(-margin)}" height="${bottom - top + 4}"><title>within ±${fixed(margin)}: even-handed</title></rect>`);
  }
  content.push(...axis(x, [-reach, -reach / 2, 0, reach / 2, reach], top - 4, bottom, (t) => (t === 0 ? '0' : signed(t))));
  chart.rows.forEach((row, r) => {
    const y = top + r * rowHeight + rowHeight / 2;
    content.push(html`<text class="label" x="${PLOT_LEFT - 10}" y="${y + 4}" text-anchor="end">${truncate(row.label, LABEL_CHARS)}</text>`);
    content.push(...whisker(x, row, y));
    if (!Number.isNaN(row.value)) content.push(html`<circle class="point" cx="${x(row.value)}" cy="${y}" r="4"/>`);
    content.push(html`<text class="value" x="${PLOT_LEFT + PLOT_WIDTH + 10}" y="${y + 4}">${signed(row.value)} ${interval([row.low, row.high])}</text>`);
  });
  if (Number.isFinite(margin) && margin > 0) {
    content.push(
      html`<rect class="band" x="${PLOT_LEFT}" y="${bottom + 26}" width="12" height="12"/>`,
      html`<text class="legend" x="${PLOT_LEFT + 18}" y="${bottom + 36}">within the margin ±${fixed(margin)}: even-handed</text>`,
    );
  }
  return svg(bottom + 44, `Effect with its interval against the margin ±${fixed(margin)}`, content);
}

/** The persona's share of variance and the run-to-run share as one bar, with the interval and the threshold. */
function shareSvg(chart: ShareChart): Markup {
  const x = scale(0, 1);
  const { share, threshold } = chart;
  const top = 24;
  const height = 20;
  const bottom = top + height + 8;
  const content: Markup[] = [...axis(x, [0, 0.25, 0.5, 0.75, 1], top - 4, bottom)];
  content.push(html`<text class="label" x="${PLOT_LEFT - 10}" y="${top + 14}" text-anchor="end">persona share</text>`);
  if (Number.isNaN(share.value)) {
    content.push(html`<rect class="empty" x="${PLOT_LEFT}" y="${top}" width="${PLOT_WIDTH}" height="${height}"/>`);
  } else {
    content.push(
      html`<rect class="share-persona" x="${PLOT_LEFT}" y="${top}" width="${x(share.value) - PLOT_LEFT}" height="${height}"><title>persona: ${fixed(share.value)}</title></rect>`,
      html`<rect class="share-noise" x="${x(share.value)}" y="${top}" width="${PLOT_LEFT + PLOT_WIDTH - x(share.value)}" height="${height}"><title>run-to-run: ${fixed(1 - share.value)}</title></rect>`,
    );
  }
  content.push(...whisker(x, share, top + height / 2));
  if (Number.isFinite(threshold)) {
    content.push(
      html`<line class="threshold" x1="${x(threshold)}" y1="${top - 10}" x2="${x(threshold)}" y2="${top + height + 4}"/>`,
      html`<text class="tick" x="${x(threshold)}" y="${top - 12}" text-anchor="middle">threshold ${fixed(threshold)}</text>`,
    );
  }
  content.push(html`<text class="value" x="${PLOT_LEFT + PLOT_WIDTH + 10}" y="${top + 14}">${fixed(share.value)} ${interval([share.low, share.high])}</text>`);
  const legend = bottom + 26;
  content.push(
    html`<rect class="share-persona" x="${PLOT_LEFT}" y="${legend - 10}" width="12" height="12"/>`,
    html`<text class="legend" x="${PLOT_LEFT + 18}" y="${legend}">persona ${fixed(share.value)}</text>`,
    html`<rect class="share-noise" x="${PLOT_LEFT + 150}" y="${legend - 10}" width="12" height="12"/>`,
    html`<text class="legend" x="${PLOT_LEFT + 168}" y="${legend}">run-to-run ${fixed(1 - share.value)}</text>`,
  );
  return svg(legend + 8, `Persona share of output variance against run-to-run noise, threshold ${fixed(threshold)}`, content);
}
