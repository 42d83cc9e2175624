// The check report: one renderer for the VS Code webview (HTML), CI artifacts and summaries (HTML, Markdown) and
// scripts (JSON). Pure TypeScript with no Node built-ins and no vscode, so the client bundle can import it.
import type { CheckRecord } from '../core/checks/record.js';

export { renderReportHtml, type HtmlReportOptions } from './html.js';
export { renderReportMarkdown, type MarkdownReportOptions } from './markdown.js';
export { DEFAULT_TITLE } from './content.js';

/** The records as JSON for scripts: `{ "generator": "evenhand", "version": 1, "records": [...] }`, pretty-printed. */
export function renderReportJson(records: readonly CheckRecord[]): string {
  return JSON.stringify({ generator: 'evenhand', version: 1, records }, null, 2) + '\n';
}
