// The language status item: which endpoint and model, whether a check is running, requests used today.
import { LanguageStatusSeverity, languages, type DocumentSelector, type LanguageStatusItem } from 'vscode';
import type { CheckStatus } from '../../server/src/protocol.js';

export class StatusItem {
  private readonly item: LanguageStatusItem;

  constructor(selector: DocumentSelector) {
    this.item = languages.createLanguageStatusItem('evenhand.status', selector);
    this.item.name = 'Evenhand';
    this.show(undefined);
  }

  show(status: CheckStatus | undefined): void {
    const item = this.item;
    item.busy = Boolean(status?.running);
    item.severity = LanguageStatusSeverity.Information;
    if (status && !status.trusted) {
      item.text = 'Evenhand: lint only';
      item.detail = 'untrusted workspace: nothing is sent to any endpoint';
      item.command = { title: 'Manage Trust', command: 'workbench.trust.manage' };
      return;
    }
    if (!status?.endpoint) {
      item.text = 'Evenhand: no model endpoint';
      item.detail = 'sampled checks need one';
      item.command = { title: 'Configure', command: 'evenhand.configureEndpoint' };
      return;
    }
    const { host, model } = status.endpoint;
    item.text = status.running ? `Evenhand: ${status.running}` : `Evenhand: ${model}`;
    const queued = status.queued > 0 ? ` · ${status.queued} queued` : '';
    item.detail = `${host} · ${status.requestsToday}/${status.dailyRequestBudget} requests today${queued} · background ${status.background}`;
    if (status.dailyRequestBudget > 0 && status.requestsToday >= status.dailyRequestBudget) item.severity = LanguageStatusSeverity.Warning;
    item.command = { title: 'Show Report', command: 'evenhand.showReport' };
  }

  dispose(): void {
    this.item.dispose();
  }
}
