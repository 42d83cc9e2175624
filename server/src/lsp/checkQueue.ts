// The sampled checks inside the language server: checks run on request with cancellable progress (one at a time,
// ahead of background ones), Run All Checks, and background checks after a save within a daily budget.
// Nothing is sent unless the workspace is trusted and the user's own settings name an endpoint and a model.
import * as path from 'node:path';
import type { CodeLens } from 'vscode-languageserver/node';
import { CheckInputError, SamplerError } from '../core/checks/index.js';
import type { CheckName, CheckRecord } from '../core/checks/record.js';
import { checkSites, personaAtLine, lineOf, sentenceText } from '../core/checks/targets.js';
import { INCOMPLETE_VERDICT } from '../core/checks/verdicts.js';
import type { ResolvedConfig } from '../core/config.js';
import { parsePromptFile } from '../core/index.js';
import { STOPS_EVERY_CHECK, type CheckStatus, type RunAllPlan, type RunAllResult, type RunCheckArgs, type RunCheckResult } from '../protocol.js';
import { cacheFolder } from '../results/paths.js';
import { ResultStores } from '../results/stores.js';
import { DailyUsage } from '../results/usage.js';
import { runWorkspaceCheck } from '../workspace/checkRun.js';
import { clearReplyCaches } from './cacheHousekeeping.js';
import type { CheckSettings } from './checkSettings.js';
import { personaChoice } from './checkInput.js';
import { checkLenses } from './lenses.js';
import { exceedsBytes } from './requestGuard.js';
import { CANCELLED, describe, hostOf, percentOf, progressMessage, refused, targetsOf } from './checkWords.js';
import { filePathOf, pathUri } from './uris.js';

/** A progress reporter (LSP work-done progress), cancellable by the user. */
export interface ProgressReporter {
  report(percentage: number, message: string): void;
  done(): void;
  /** Called when the user cancels. */
  onCancel(listener: () => void): void;
}

/** Something that can be cancelled from outside (an LSP cancellation token). */
export interface Cancellation {
  onCancellationRequested(listener: () => void): unknown;
}

/** What the service needs from the server around it. */
export interface CheckHost {
  /** The text of a document: the editor's when open, else the file on disk; undefined when unreadable. */
  textOf(uri: string): string | undefined;
  /** The check settings and the lint configuration (for the persona lexicon) that apply to a file. */
  settingsFor(uri: string): Promise<{ checks: CheckSettings; lint: ResolvedConfig; excluded: boolean }>;
  trusted(): boolean;
  /** The API key for an endpoint origin: from the client's secret storage, else the environment. */
  apiKey(origin: string): Promise<string | undefined>;
  startProgress(title: string): Promise<ProgressReporter>;
  status(status: CheckStatus): void;
  /** Results of a file changed: re-publish its diagnostics and refresh code lenses. */
  resultsChanged(uri: string): void;
  workspaceFolders(): string[];
  /** The prompt files of a workspace folder, as `evenhand lint FOLDER` finds them. */
  promptFiles(folder: string): Promise<string[]>;
  log(message: string): void;
  /** The commands lenses run: the client's own (VS Code) or the server's (other editors). */
  lensCommands: 'client' | 'server';
  /** Waits between background checks, so a save never turns into a burst of traffic (a timer; tests pass their own). */
  pause?(): Promise<void>;
}

interface Job {
  args: RunCheckArgs;
  background: boolean;
}

/** Pause between background checks. */
const BACKGROUND_PAUSE_MS = 1000;

export class CheckService {
  readonly stores = new ResultStores();
  /** Cache folders checks have used this session (Clear Sample Cache empties them too). */
  private readonly cacheFolders = new Set<string>();
  private readonly usage: DailyUsage;
  private readonly queue: Job[] = [];
  private running: string | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private lastSettings: CheckSettings | undefined;
  private draining = false;

  constructor(
    private readonly host: CheckHost,
    usageFile: string,
  ) {
    this.usage = new DailyUsage(usageFile);
  }

  status(settings = this.lastSettings): CheckStatus {
    return {
      trusted: this.host.trusted(),
      endpoint: settings?.baseUrl && settings.model ? { host: hostOf(settings.baseUrl), model: settings.model } : null,
      running: this.running,
      queued: this.queue.length,
      requestsToday: this.usage.used(),
      dailyRequestBudget: settings?.dailyRequestBudget ?? 0,
      background: settings?.background ?? 'off',
    };
  }

  /** Tells the client the current status (after settings or trust change, or a check starts or ends). */
  async announce(uri?: string): Promise<void> {
    this.lastSettings = uri ? (await this.host.settingsFor(uri)).checks : await this.settingsOfAnyFolder();
    this.host.status(this.status());
  }

  /** Lenses for one document: run lenses on every persona and debiasing sentence, and the latest results. */
  async codeLenses(uri: string, text: string): Promise<CodeLens[]> {
    const filePath = filePathOf(uri);
    if (!filePath) return [];
    const { checks, lint } = await this.host.settingsFor(uri);
    this.lastSettings = checks;
    return checkLenses({
      uri,
      filePath,
      targets: targetsOf(filePath, text, lint),
      store: this.stores.storeFor(filePath),
      model: checks.model,
      mostRequests: Math.max(0, Math.min(checks.maxRequests, checks.dailyRequestBudget - this.usage.used())),
      trusted: this.host.trusted(),
      commands: this.host.lensCommands,
    });
  }

  /**
   * Kept results of the workspace, newest first: every store a workspace folder or a checked file led to (a
   * subfolder with its own .evenhand.json has its own), each once, and only records of files inside the
   * workspace folders (the user-folder store holds other projects' files too).
   */
  allResults(): CheckRecord[] {
    const folders = this.host.workspaceFolders();
    for (const folder of folders) this.stores.storeFor(path.join(folder, 'x'));
    const inside = (file: string): boolean => folders.some((f) => file === f || file.startsWith(f.endsWith(path.sep) ? f : f + path.sep));
    const records: CheckRecord[] = [];
    for (const store of this.stores.all()) {
      for (const record of store.all()) {
        const absolute = store.workspace && !path.isAbsolute(record.file) ? path.join(store.workspace, record.file) : record.file;
        if (inside(absolute)) records.push(record);
      }
    }
    return records.sort((a, b) => b.finishedAt.localeCompare(a.finishedAt));
  }

  /** Runs a check now (after the one running, ahead of queued background checks), with progress. */
  async run(args: RunCheckArgs, cancel?: Cancellation): Promise<RunCheckResult> {
    // Behind a running check, say so (and let the user give up waiting) rather than show nothing.
    let waiting: ProgressReporter | undefined;
    let gaveUp = false;
    let answerNow: ((outcome: RunCheckResult) => void) | undefined;
    const givenUp = new Promise<RunCheckResult>((resolve) => (answerNow = resolve));
    if (this.running) {
      const giveUp = (): void => {
        gaveUp = true;
        waiting?.done();
        answerNow?.(refused('cancelled', CANCELLED));
      };
      try {
        waiting = await this.host.startProgress(`Evenhand: ${args.check} check`);
        waiting.report(0, `waiting for the ${this.running} to finish`);
        waiting.onCancel(giveUp);
      } catch {
        waiting = undefined;
      }
      cancel?.onCancellationRequested(giveUp);
    }
    const next = this.chain.then(() => {
      waiting?.done();
      return gaveUp ? refused('cancelled', CANCELLED) : this.execute({ args, background: false }, cancel);
    });
    this.chain = next.catch(() => undefined);
    // Giving up while waiting answers at once; the queued turn then passes without running.
    return Promise.race([next, givenUp]);
  }

  /** What Run All Checks would do: files, checks and the most requests, sending nothing. */
  async planAll(checks?: CheckName[]): Promise<RunAllPlan> {
    const jobs = await this.allJobs(checks);
    const settings = this.lastSettings ?? (await this.settingsOfAnyFolder());
    const remaining = Math.max(0, settings.dailyRequestBudget - this.usage.used());
    const refusal = this.refusal(settings) ?? (remaining === 0 ? refused('budget', `Today's request budget (${settings.dailyRequestBudget}) is spent.`) : undefined);
    return {
      files: new Set(jobs.map((j) => j.args.uri)).size,
      checks: jobs.length,
      maxRequests: Math.min(jobs.length * settings.maxRequests, remaining),
      requestsToday: this.usage.used(),
      dailyRequestBudget: settings.dailyRequestBudget,
      ...(refusal ?? {}),
    };
  }

  /** Runs every check on every persona of every prompt file in the workspace folders, one at a time. */
  async runAll(checks: CheckName[] | undefined, cancel?: Cancellation): Promise<RunAllResult> {
    const jobs = await this.allJobs(checks);
    const records: CheckRecord[] = [];
    const skipped: string[] = [];
    let cancelled = false;
    cancel?.onCancellationRequested(() => (cancelled = true));
    const progress = await this.host.startProgress('Evenhand: all checks');
    progress.onCancel(() => (cancelled = true));
    try {
      for (const [index, job] of jobs.entries()) {
        if (cancelled) break;
        progress.report(Math.round((100 * index) / Math.max(1, jobs.length)), `${index + 1} of ${jobs.length}: ${describe(job.args)}`);
        const outcome = await this.run(job.args, { onCancellationRequested: (l) => progress.onCancel(l) });
        if (outcome.record) records.push(outcome.record);
        else skipped.push(`${describe(job.args)}: ${outcome.message ?? 'no result'}`);
        if (outcome.refused === 'cancelled') cancelled = true;
        if (outcome.refused && STOPS_EVERY_CHECK.includes(outcome.refused)) break;
      }
    } finally {
      progress.done();
    }
    return { records, skipped, cancelled };
  }

  /** After a save: queue the checks whose persona text has no kept result yet, when background checks are on. */
  async saved(uri: string): Promise<void> {
    const filePath = filePathOf(uri);
    if (!filePath || !this.host.trusted()) return;
    const { checks, lint, excluded } = await this.host.settingsFor(uri);
    this.lastSettings = checks;
    if (excluded || checks.background !== 'onSave' || this.refusal(checks)) return;
    const text = this.host.textOf(uri);
    if (text === undefined || exceedsBytes(text, lint.maxFileSize)) return;
    const store = this.stores.storeFor(filePath);
    const targets = targetsOf(filePath, text, lint);
    for (const site of checkSites(targets)) {
      const debias = site.check === 'debias';
      const personaSpan = debias ? targets.debiasPersona : personaAtLine(targets, site.line);
      if (!personaSpan) continue;
      const personaText = sentenceText(targets.doc, personaSpan);
      const personaLine = lineOf(targets.doc, personaSpan) + 1;
      const latest = store.latest(filePath, site.check, personaText, personaLine, checks.model, debias ? targets.debiasTexts : undefined);
      if (latest && !latest.stale) continue;
      const queued = this.queue.some((q) => q.args.uri === uri && q.args.check === site.check && q.args.line === site.line);
      if (!queued) this.queue.push({ args: { uri, ...site }, background: true });
    }
    this.host.status(this.status());
    this.drainSoon();
  }

  /**
   * Removes cached replies (only inside cache folders: results and the daily count stay) of every workspace
   * folder and of the folders checks used; returns how many replies went.
   */
  clearCache(): number {
    return clearReplyCaches([...this.host.workspaceFolders().map((f) => cacheFolder(path.join(f, 'x'))), ...this.cacheFolders]);
  }

  private drainSoon(): void {
    if (this.draining) return;
    this.draining = true;
    const step = async (): Promise<void> => {
      const job = this.queue.shift();
      if (!job) {
        this.draining = false;
        this.host.status(this.status());
        return;
      }
      try {
        const next = this.chain.then(() => this.execute(job));
        this.chain = next.catch(() => undefined);
        const outcome = await next;
        if (outcome.message && !outcome.record) this.host.log(`Background check ${describe(job.args)}: ${outcome.message}`);
        // Cancelled by the user, out of budget, untrusted or unconfigured: the rest of the queue would fare no better.
        if (outcome.refused && STOPS_EVERY_CHECK.includes(outcome.refused)) this.queue.length = 0;
      } catch (error) {
        // One failure (a key or settings request that failed) must not stop background checks for the session.
        this.host.log(`Background check ${describe(job.args)} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      const pause = this.host.pause ? this.host.pause() : new Promise<void>((resolve) => setTimeout(resolve, BACKGROUND_PAUSE_MS));
      void pause.then(step);
    };
    void step();
  }

  private refusal(settings: CheckSettings): RunCheckResult | undefined {
    if (!this.host.trusted()) {
      return refused('untrusted', 'This workspace is not trusted, so Evenhand sends nothing to any endpoint here. Trust the workspace to run checks.');
    }
    if (!settings.baseUrl || !settings.model) {
      return refused(
        'no-endpoint',
        'No model endpoint is configured: run "Evenhand: Configure Model Endpoint" (settings evenhand.endpoint.baseUrl and evenhand.endpoint.model).',
      );
    }
    return undefined;
  }

  private async execute(job: Job, cancel?: Cancellation): Promise<RunCheckResult> {
    const { args } = job;
    const filePath = filePathOf(args.uri);
    if (!filePath) return refused('not-on-disk', 'Only files on disk can be checked: save the document first.');
    const { checks: settings, lint, excluded } = await this.host.settingsFor(args.uri);
    this.lastSettings = settings;
    const refusal = this.refusal(settings);
    if (refusal) return refusal;
    if (excluded) return refused('excluded', 'The file is excluded from Evenhand (evenhand.exclude or .evenhand.json).');
    const remaining = settings.dailyRequestBudget - this.usage.used();
    if (remaining <= 0) {
      return refused('budget', `Today's request budget of ${settings.dailyRequestBudget} is spent (evenhand.checks.dailyRequestBudget).`);
    }
    const text = this.host.textOf(args.uri);
    if (text === undefined) return refused('unreadable', `Cannot read ${filePath}.`);
    if (exceedsBytes(text, lint.maxFileSize)) {
      return refused('too-large', `The file is over the ${lint.maxFileSize}-byte limit (maxFileSize): Evenhand neither lints nor checks it.`);
    }
    const doc = parsePromptFile(filePath, text);
    const maxRequests = Math.min(settings.maxRequests, remaining);
    const baseURL = settings.baseUrl!;
    const model = settings.model!;
    this.cacheFolders.add(cacheFolder(filePath));
    const apiKey = await this.host.apiKey(new URL(baseURL).origin);

    const controller = new AbortController();
    cancel?.onCancellationRequested(() => controller.abort());
    const progress = await this.host.startProgress(`Evenhand: ${args.check} check${job.background ? ' (background)' : ''}`);
    progress.onCancel(() => controller.abort());
    this.running = describe(args, path.basename(filePath));
    this.host.status(this.status(settings));
    try {
      const outcome = await runWorkspaceCheck(
        {
          check: args.check,
          input: { doc, config: lint, ...personaChoice(args, doc), useEmbeddings: settings.embeddingModel !== undefined },
          filePath,
          endpoint: {
            baseURL,
            model,
            ...(apiKey ? { apiKey } : {}),
            concurrency: settings.concurrency,
            temperature: settings.temperature,
            timeoutMs: settings.timeoutSeconds * 1000,
            ...(settings.embeddingModel ? { embeddingModel: settings.embeddingModel } : {}),
            sharedBudget: { name: `Today's request budget of ${settings.dailyRequestBudget}`, take: () => this.usage.take(settings.dailyRequestBudget) },
          },
          maxRequests,
          options: { signal: controller.signal, onProgress: (p) => progress.report(percentOf(p), progressMessage(args.check, p)) },
          store: this.stores.storeFor(filePath),
          ...(settings.price ? { price: settings.price } : {}),
        },
      );
      if (outcome.result.samples === 0 && outcome.result.verdict !== INCOMPLETE_VERDICT) {
        // Nothing was measured: say why instead of showing an empty "inconclusive".
        if (maxRequests < settings.maxRequests) {
          return refused('budget', `Today's request budget of ${settings.dailyRequestBudget} leaves too few requests for one round of this check (evenhand.checks.dailyRequestBudget).`);
        }
        return refused('unfinished', `The ${args.check} check got no answer within ${maxRequests} requests: no verdict.`);
      }
      if (outcome.result.verdict === INCOMPLETE_VERDICT) {
        const stopped = outcome.result.stoppedBy === 'faults' ? outcome.result.notes.find((n) => n.startsWith('The check stopped:')) : undefined;
        return refused(
          'unfinished',
          stopped
            ? `The ${args.check} check is incomplete. ${stopped} No verdict; nothing was kept.`
            : `The ${args.check} check is incomplete: none of its ${outcome.result.samples} answers could be used (${outcome.result.invalid} invalid). No verdict; nothing was kept.`,
        );
      }
      if (outcome.keepError) this.host.log(`The result could not be kept in ${outcome.store.file}: ${outcome.keepError.message}`);
      this.host.resultsChanged(args.uri);
      return { record: outcome.record };
    } catch (error) {
      if (error instanceof CheckInputError) return refused('input', error.message);
      if (error instanceof SamplerError) {
        if (error.reason === 'cancelled') return refused('cancelled', CANCELLED);
        if (error.reason === 'configuration') return refused('failed', error.message);
        return refused('unfinished', `The ${args.check} check could not finish: ${error.message} No verdict: the data did not reach one.`);
      }
      this.host.log(`The ${args.check} check failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return refused('failed', `The ${args.check} check failed: ${(error as Error).message}`);
    } finally {
      progress.done();
      this.running = null;
      this.host.status(this.status(settings));
    }
  }

  /** Every check of every prompt file in the workspace folders that is not excluded. */
  private async allJobs(checks?: CheckName[]): Promise<Job[]> {
    const jobs: Job[] = [];
    for (const folder of this.host.workspaceFolders()) {
      for (const file of await this.host.promptFiles(folder)) {
        const uri = pathUri(file);
        const text = this.host.textOf(uri);
        if (text === undefined) continue;
        const { lint, excluded } = await this.host.settingsFor(uri);
        if (excluded || exceedsBytes(text, lint.maxFileSize)) continue;
        for (const site of checkSites(targetsOf(file, text, lint))) {
          if (!checks || checks.includes(site.check)) jobs.push({ args: { uri, ...site }, background: true });
        }
      }
    }
    return jobs;
  }

  private async settingsOfAnyFolder(): Promise<CheckSettings> {
    const folder = this.host.workspaceFolders()[0];
    return (await this.host.settingsFor(folder ? pathUri(path.join(folder, '.evenhand.json')) : 'file:///')).checks;
  }
}
