// The check report as one standalone HTML document, for the VS Code webview and for CI artifacts: no script, no
// external resource, a strict Content-Security-Policy, styles only from one nonce'd <style>, VS Code's theme
// colours where it defines them (with light and dark fallbacks elsewhere).
import type { CheckRecord } from '../core/checks/record.js';
import { chartSvg } from './charts.js';
import { CHOSEN_BY_HAND, DEFAULT_TITLE, reportContent, type CheckSection, type Figure, type PersonaSection, type Table } from './content.js';
import { html, Markup } from './markup.js';
import { timestamp } from './numbers.js';

/** How the HTML report is embedded. */
export interface HtmlReportOptions {
  /** A source allowed for stylesheets besides the inline one (a webview's `cspSource`). */
  cspSource?: string;
  /** The nonce of the inline stylesheet (base64 characters); a fixed one when absent, as the page runs no script. */
  nonce?: string;
  title?: string;
  /** ISO 8601 time shown as the report's date (default: now). */
  generatedAt?: string;
}

/** The document has no script, so a fixed nonce grants no one anything: it only keeps 'unsafe-inline' out. */
const DEFAULT_NONCE = 'evenhand-report';
const NONCE = /^[A-Za-z0-9+/_-]+={0,2}$/;
/** A CSP source expression without quotes, separators or markup, or 'self'. */
const SOURCE = /^(?:'self'|[^\s;,'"<>&]+)$/;

/** The report as a standalone HTML document. Every text from a record is escaped; the page loads nothing. */
export function renderReportHtml(records: readonly CheckRecord[], options: HtmlReportOptions = {}): string {
  const nonce = options.nonce ?? DEFAULT_NONCE;
  if (!NONCE.test(nonce)) throw new RangeError(`A CSP nonce is made of base64 characters, got "${nonce}"`);
  const sources = options.cspSource?.trim().split(/\s+/).filter(Boolean) ?? [];
  const unsafe = sources.find((s) => !SOURCE.test(s));
  if (unsafe !== undefined) throw new RangeError(`Not a CSP source expression: "${unsafe}"`);
  // Checked above to hold no quote, ampersand or angle bracket, so the policy goes into its attribute as written.
  const policy = new Markup(
    [`default-src 'none'`, `script-src 'none'`, `style-src 'nonce-${nonce}'${sources.map((s) => ` ${s}`).join('')}`, `img-src 'none'`, `base-uri 'none'`, `form-action 'none'`].join('; '),
  );
  const title = options.title ?? DEFAULT_TITLE;
  const content = reportContent(records);
  const fileCount = content.files.length;
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style nonce="${nonce}">${new Markup(STYLE)}</style>
</head>
<body>
<header>
<h1>${title}</h1>
<p class="meta">Generated ${timestamp(options.generatedAt ?? new Date().toISOString())} by Evenhand: ${content.checks} check${content.checks === 1 ? '' : 's'} of ${fileCount} prompt file${fileCount === 1 ? '' : 's'}.</p>
</header>
<main>
${
  content.checks === 0
    ? html`<p class="empty">No check results yet: run <code>evenhand check one-sided|stability|debias FILE</code>, or a check from the editor, first.</p>`
    : [html`<section class="summary"><h2>Summary</h2>${table(content.summary)}</section>\n`, content.files.map((file) => html`<section class="file">
<h2><span class="kicker">File</span> ${file.file}</h2>
${file.personas.map(personaSection)}</section>
`)]
}</main>
</body>
</html>
`.value;
}

function personaSection(persona: PersonaSection): Markup {
  return html`<section class="persona">
<h3><span class="kicker">Line ${persona.line}</span> ${persona.text}${persona.byHand && html` <span class="kicker">${CHOSEN_BY_HAND}</span>`}</h3>
${persona.checks.map(checkSection)}</section>
`;
}

function checkSection(check: CheckSection): Markup {
  return html`<article class="check">
<h4>${check.check} check: <span class="verdict tone-${check.tone}">${check.verdict}</span> <span class="meta">${check.model}, ${check.finishedAt}</span></h4>
${check.headline ? html`<p class="headline">${check.headline}.</p>` : ''}
${figures(check.figures, 'figures')}
<div class="charts">${check.charts.map(chartSvg)}</div>
${table(check.conditions)}
${figures(check.run, 'run')}
${check.notes.length > 0 ? html`<h5>Notes</h5><ul class="notes">${check.notes.map((note) => html`<li>${note}</li>`)}</ul>` : ''}
<details><summary>Raw samples (${check.samples.length} of ${check.sampleCount} kept)</summary>
${table({
  head: ['Condition', 'Item', 'Correct', 'Answer'],
  numeric: [false, false, false, false],
  rows: check.samples.map((s) => [s.condition, s.item, s.correct, s.text]),
}, 'samples')}
</details>
</article>
`;
}

function figures(list: Figure[], kind: 'figures' | 'run'): Markup {
  return html`<dl class="${kind}">${list.map(
    (f) => html`<dt>${f.label}</dt><dd><span class="value">${f.value}</span>${f.detail ? html` <span class="detail">${f.detail}</span>` : ''}</dd>`,
  )}</dl>`;
}

function table(t: Table, kind = 'data'): Markup {
  if (t.head.length === 0) return html``;
  const cell = (text: string, i: number) => html`<td${t.numeric[i] ? html` class="num"` : ''}>${text}</td>`;
  return html`<table class="${kind}">${t.caption ? html`<caption>${t.caption}</caption>` : ''}<thead><tr>${t.head.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead><tbody>${t.rows.map(
    (row) => html`<tr>${row.map(cell)}</tr>`,
  )}</tbody></table>`;
}

// Colours: VS Code's theme variables inside the editor, GitHub-like light and dark palettes elsewhere.
const STYLE = `
:root {
  color-scheme: light dark;
  --fg: var(--vscode-editor-foreground, #1f2328);
  --bg: var(--vscode-editor-background, #ffffff);
  --muted: var(--vscode-descriptionForeground, #59636e);
  --border: var(--vscode-panel-border, #d1d9e0);
  --code: var(--vscode-textCodeBlock-background, #f6f8fa);
  --side-0: var(--vscode-charts-blue, #0969da);
  --side-1: var(--vscode-charts-orange, #bc4c00);
  --flagged: var(--vscode-charts-red, #cf222e);
  --clear: var(--vscode-charts-green, #1a7f37);
  --inconclusive: var(--vscode-charts-yellow, #9a6700);
}
@media (prefers-color-scheme: dark) {
  :root {
    --fg: var(--vscode-editor-foreground, #e6edf3);
    --bg: var(--vscode-editor-background, #0d1117);
    --muted: var(--vscode-descriptionForeground, #9198a1);
    --border: var(--vscode-panel-border, #3d444d);
    --code: var(--vscode-textCodeBlock-background, #151b23);
    --side-0: var(--vscode-charts-blue, #4493f8);
    --side-1: var(--vscode-charts-orange, #db6d28);
    --flagged: var(--vscode-charts-red, #f85149);
    --clear: var(--vscode-charts-green, #3fb950);
    --inconclusive: var(--vscode-charts-yellow, #d29922);
  }
}
body { color: var(--fg); background: var(--bg); font-family: var(--vscode-font-family, system-ui, -apple-system, "Segoe UI", sans-serif); font-size: var(--vscode-font-size, 14px); line-height: 1.45; margin: 0 auto; max-width: 72rem; padding: 1rem 1.5rem 3rem; }
h1 { font-size: 1.6em; margin: 0.2em 0; }
h2 { font-size: 1.3em; border-bottom: 1px solid var(--border); padding-bottom: 0.2em; margin-top: 2em; overflow-wrap: anywhere; }
h3 { font-size: 1.1em; margin-top: 1.5em; overflow-wrap: anywhere; }
h4 { font-size: 1em; margin: 0 0 0.6em; }
h5 { font-size: 0.95em; margin: 1em 0 0.3em; }
.kicker, .meta, .detail, caption { color: var(--muted); font-weight: normal; }
.kicker { font-size: 0.8em; text-transform: uppercase; letter-spacing: 0.04em; margin-right: 0.4em; }
.meta { font-size: 0.9em; }
.check { border: 1px solid var(--border); border-radius: 6px; padding: 0.8em 1em; margin: 0.8em 0 1.2em; }
.verdict { font-weight: bold; padding: 0 0.4em; border-radius: 4px; border: 1px solid currentColor; }
.tone-flagged { color: var(--flagged); }
.tone-clear { color: var(--clear); }
.tone-inconclusive { color: var(--inconclusive); }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2em 1em; margin: 0.5em 0; }
dt { font-weight: bold; }
dd { margin: 0; overflow-wrap: anywhere; }
.figures .value { font-weight: bold; font-variant-numeric: tabular-nums; }
.run { font-size: 0.92em; }
table { border-collapse: collapse; margin: 0.6em 0; font-size: 0.92em; display: block; width: max-content; max-width: 100%; overflow-x: auto; }
caption { text-align: left; font-size: 0.9em; padding-bottom: 0.3em; }
th, td { border: 1px solid var(--border); padding: 0.25em 0.5em; text-align: left; vertical-align: top; }
td { overflow-wrap: break-word; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.samples { display: table; width: 100%; }
table.samples td:last-child { overflow-wrap: anywhere; white-space: pre-wrap; font-family: var(--vscode-editor-font-family, ui-monospace, monospace); font-size: 0.95em; }
code { background: var(--code); padding: 0 0.3em; border-radius: 3px; }
details { margin-top: 0.6em; }
summary { cursor: pointer; color: var(--muted); }
.empty { color: var(--muted); }
.charts { display: flex; flex-wrap: wrap; gap: 0.5em 2em; }
svg.chart { max-width: 100%; height: auto; font-size: 12px; }
svg text { fill: var(--fg); }
svg .tick, svg .legend { fill: var(--muted); font-size: 11px; }
svg .grid { stroke: var(--border); stroke-width: 1; }
svg .whisker { stroke: var(--fg); stroke-width: 1.5; }
svg .point { fill: var(--fg); }
svg .band { fill: var(--clear); fill-opacity: 0.15; }
svg .side-0 { fill: var(--side-0); fill-opacity: 0.75; }
svg .side-1 { fill: var(--side-1); fill-opacity: 0.75; }
svg .share-persona { fill: var(--side-0); fill-opacity: 0.75; }
svg .share-noise { fill: var(--muted); fill-opacity: 0.3; }
svg .empty { fill: none; stroke: var(--border); stroke-dasharray: 4 3; }
svg .threshold { stroke: var(--flagged); stroke-width: 1.5; stroke-dasharray: 4 3; }
`;
