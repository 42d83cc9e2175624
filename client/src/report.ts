// The report: one webview panel that shows every kept result, and exports to Markdown, HTML or JSON. The HTML comes
// from the same renderer as `evenhand report`; the panel runs no scripts and loads nothing remote.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Uri, ViewColumn, window, workspace, type WebviewPanel } from 'vscode';
import { renderReportHtml, renderReportJson, renderReportMarkdown } from '../../server/src/report/index.js';
import type { CheckRecord } from '../../server/src/core/checks/record.js';

export type ExportFormat = 'md' | 'html' | 'json';
export const EXPORT_FORMATS: ExportFormat[] = ['md', 'html', 'json'];

export class ReportPanel {
  private panel: WebviewPanel | undefined;

  /** Shows the records (opening the panel, or refreshing it when open). */
  show(records: CheckRecord[]): WebviewPanel {
    if (!this.panel) {
      this.panel = window.createWebviewPanel('evenhand.report', 'Evenhand Report', ViewColumn.Beside, {
        enableScripts: false,
        enableCommandUris: false,
        localResourceRoots: [],
      });
      this.panel.onDidDispose(() => (this.panel = undefined));
    } else {
      this.panel.reveal(undefined, true);
    }
    this.render(records);
    return this.panel;
  }

  /** Re-renders an open panel with fresh records (after a check finished). */
  refresh(records: CheckRecord[]): void {
    if (this.panel) this.render(records);
  }

  private render(records: CheckRecord[]): void {
    const panel = this.panel!;
    const nonce = crypto.randomBytes(16).toString('base64');
    panel.webview.html = renderReportHtml(records, { cspSource: panel.webview.cspSource, nonce, title: 'Evenhand Report' });
  }

  dispose(): void {
    this.panel?.dispose();
  }
}

/** The report text in one format. */
export function renderAs(format: ExportFormat, records: CheckRecord[]): string {
  switch (format) {
    case 'md':
      return renderReportMarkdown(records);
    case 'html':
      return renderReportHtml(records, { title: 'Evenhand Report' });
    case 'json':
      return renderReportJson(records);
  }
}

/** Writes the report to `target` atomically (a temporary file renamed over it). */
export function writeReport(target: string, format: ExportFormat, records: CheckRecord[]): void {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const temporary = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, renderAs(format, records));
  fs.renameSync(temporary, target);
}

/** Asks for a format and a file, then exports; returns the file written. */
export async function exportInteractively(records: CheckRecord[]): Promise<string | undefined> {
  const picked = await window.showQuickPick(
    [
      { label: 'Markdown', format: 'md' as const },
      { label: 'HTML', format: 'html' as const },
      { label: 'JSON', format: 'json' as const },
    ],
    { title: 'Export the Evenhand report as' },
  );
  if (!picked) return undefined;
  const folder = workspace.workspaceFolders?.[0]?.uri;
  const target = await window.showSaveDialog({
    defaultUri: folder ? Uri.joinPath(folder, `evenhand-report.${picked.format}`) : undefined,
    filters: { [picked.label]: [picked.format] },
  });
  if (!target) return undefined;
  writeReport(target.fsPath, picked.format, records);
  return target.fsPath;
}
