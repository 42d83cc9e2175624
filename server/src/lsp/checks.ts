// The sampled checks inside the language server: code lenses on personas and debiasing sentences, checks run on
// request with cancellable progress, background checks after a save, kept results turned into diagnostics.
// Nothing is sent unless the workspace is trusted and the user's own settings name an endpoint and a model.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  DiagnosticSeverity,
  type CodeLens,
  type Diagnostic,
  type DiagnosticRelatedInformation,
} from 'vscode-languageserver/node';
import { CheckInputError, SamplerError, selectPersona, type CheckProgress } from '../core/checks/index.js';
import type { ResolvedConfig } from '../core/config.js';
import { parsePromptFile, type PromptDocument } from '../core/index.js';
import { analyzePrompt, type PromptAnalysis } from '../core/persona/analysis.js';
import type { PersonaAssignment } from '../core/persona/types.js';
import type { Span } from '../core/text.js';
import { createOpenAISampler } from '../model/openaiSampler.js';
import type { CheckStatus, RunAllPlan, RunAllResult, RunCheckArgs, RunCheckResult } from '../protocol.js';
import { cacheFolder, keepOutOfGit, userFolder } from '../results/paths.js';
import type { CheckName, CheckRecord } from '../results/record.js';
import { runAndRecord } from '../results/run.js';
import { ResultStore } from '../results/store.js';
import { effectSummary, lensSummary, verdictTitle } from '../results/summary.js';
import { DailyUsage } from '../results/usage.js';
import type { CheckSettings } from './checkSettings.js';
import { filePathOf } from './uris.js';

/** The source of diagnostics that come from sampled checks, apart from the static lint's "evenhand". */
export const SAMPLED_SOURCE = 'evenhand (sampled)';

/** Rule ids of sampled findings, per check. */
export const SAMPLED_RULES: Record<CheckName, { id: string; name: string; flagged: string }> = {
  stability: { id: 'EH101', name: 'persona-unstable', flagged: 'unstable' },
  'one-sided': { id: 'EH102', name: 'one-sided-evaluation', flagged: 'one-sided' },
  debias: { id: 'EH103', name: 'ineffective-debiasing', flagged: 'ineffective' },
};

/** Pause between background checks, so a save never turns into a burst of traffic. */
const BACKGROUND_PAUSE_MS = 1000;

/** A progress reporter (LSP work-done progress), cancellable by the user. */
export interface ProgressReporter {
  report(percentage: number, message: string): void;
  done(): void;
  /** Called when the user cancels. */
  onCancel(listener: () => void): void;
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
  log(message: string): void;
  /** The commands lenses run: the client's own (VS Code) or the server's (other editors). */
  lensCommands: 'client' | 'server';
}

interface Job {
  args: RunCheckArgs;
  background: boolean;
}

/** The personas and debiasing sentences a prompt offers checks on. */
interface Targets {
  doc: PromptDocument;
  analysis: PromptAnalysis;
  personas: PersonaAssignment[];
  debiasing: Span[];
  /** The persona the debias check measures: the one the engine picks by default. */
  debiasPersona: Span | undefined;
  /** The debiasing sentences as a debias record names them, in order. */
  debiasTexts: string[];
}

export class CheckService {
  private readonly stores = new Map<string, ResultStore>();
  /** Cache folders checks have used this session (Clear Sample Cache empties them too). */
  private readonly cacheFolders = new Set<string>();
  // A folder's store is found once: walking up for .git on every keystroke would cost the lint its budget.
  private readonly storesByDirectory = new Map<string, ResultStore>();
  private readonly usage: DailyUsage;
  private readonly queue: Job[] = [];
  private running: string | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private lastSettings: CheckSettings | undefined;

  constructor(
    private readonly host: CheckHost,
    usageFile: string,
  ) {
    this.usage = new DailyUsage(usageFile);
  }

  /** The result store a file's results live in (one per workspace). */
  storeFor(filePath: string): ResultStore {
    const directory = path.dirname(filePath);
    const cached = this.storesByDirectory.get(directory);
    if (cached) return cached;
    const store = ResultStore.forPrompt(filePath);
    const known = this.stores.get(store.folder) ?? store;
    this.stores.set(store.folder, known);
    this.storesByDirectory.set(directory, known);
    return known;
  }

  status(settings = this.lastSettings): CheckStatus {
    const budget = settings?.dailyRequestBudget ?? 0;
    return {
      trusted: this.host.trusted(),
      endpoint: settings?.baseUrl && settings.model ? { host: hostOf(settings.baseUrl), model: settings.model } : null,
      running: this.running,
      queued: this.queue.length,
      requestsToday: this.usage.used(),
      dailyRequestBudget: budget,
      background: settings?.background ?? 'off',
    };
  }

  /** Tells the client the current status (after settings or trust change, or a check starts or ends). */
  async announce(uri?: string): Promise<void> {
    this.lastSettings = uri ? (await this.host.settingsFor(uri)).checks : await this.settingsOfAnyFolder();
    this.host.status(this.status());
  }

  // -----------------------------------------------------------------------------------------------------------
  // Code lenses and diagnostics

  /** Lenses for one document: run lenses on every persona and debiasing sentence, and the latest results. */
  async codeLenses(uri: string, text: string): Promise<CodeLens[]> {
    const filePath = filePathOf(uri);
    if (!filePath) return [];
    const { checks, lint } = await this.host.settingsFor(uri);
    this.lastSettings = checks;
    const targets = targetsOf(filePath, text, lint);
    const store = this.storeFor(filePath);
    const lenses: CodeLens[] = [];
    const most = `≤ ${Math.max(0, Math.min(checks.maxRequests, checks.dailyRequestBudget - this.usage.used()))} requests`;
    const run = (check: CheckName, line: number, title: string): CodeLens => ({
      range: lineRange(line),
      command: this.lensCommand(title, uri, check, line),
    });
    const result = (check: CheckName, persona: string, line: number): CodeLens | undefined => {
      const latest = store.latest(filePath, check, persona, line + 1, checks.model);
      if (!latest) return undefined;
      const title = `${lensSummary(latest.record)}${latest.stale ? ' (stale: the persona changed since)' : ''}`;
      return { range: lineRange(line), command: { title, command: 'evenhand.showReport', arguments: [uri] } };
    };
    // In an untrusted workspace nothing is sent: say so once per persona instead of offering checks that refuse.
    const untrusted = !this.host.trusted();
    for (const persona of targets.personas) {
      const line = targets.doc.lines.positionAt(persona.sentence.start).line;
      const text = sentenceText(targets.doc, persona.sentence);
      if (untrusted) {
        lenses.push({ range: lineRange(line), command: { title: 'Sampled checks are off: this workspace is not trusted', command: this.host.lensCommands === 'client' ? 'workbench.trust.manage' : '' } });
        for (const check of ['stability', 'one-sided'] as const) {
          const kept = result(check, text, line);
          if (kept) lenses.push(kept);
        }
        continue;
      }
      lenses.push(run('stability', line, `Test persona stability (${most})`));
      const stable = result('stability', text, line);
      if (stable) lenses.push(stable);
      lenses.push(run('one-sided', line, `Test one-sided evaluation (${most})`));
      const oneSided = result('one-sided', text, line);
      if (oneSided) lenses.push(oneSided);
    }
    const debiasPersona = targets.debiasPersona;
    if (debiasPersona && !untrusted) {
      const personaText = sentenceText(targets.doc, debiasPersona);
      const personaLine = targets.doc.lines.positionAt(debiasPersona.start).line;
      const latest = store.latest(filePath, 'debias', personaText, personaLine + 1, checks.model, targets.debiasTexts);
      const measured = targets.debiasing.length > 1 ? ` (measures all ${targets.debiasing.length} together)` : '';
      for (const sentence of targets.debiasing) {
        const line = targets.doc.lines.positionAt(sentence.start).line;
        lenses.push(run('debias', line, `Test whether this sentence works${measured} (${most})`));
        if (latest) {
          const title = `${lensSummary(latest.record)}${latest.stale ? ' (stale: the persona or sentence changed since)' : ''}`;
          lenses.push({ range: lineRange(line), command: { title, command: 'evenhand.showReport', arguments: [uri] } });
        }
      }
    }
    return lenses;
  }

  private lensCommand(title: string, uri: string, check: CheckName, line: number) {
    if (this.host.lensCommands === 'client') {
      const command = { stability: 'evenhand.testStability', 'one-sided': 'evenhand.testOneSided', debias: 'evenhand.testDebiasing' }[check];
      return { title, command, arguments: [uri, line] };
    }
    return { title, command: 'evenhand.server.runCheck', arguments: [{ uri, check, line } satisfies RunCheckArgs] };
  }

  /**
   * Kept results of the workspace, newest first: every store a workspace folder or a checked file led to (a
   * subfolder with its own .evenhand.json has its own), each once, and only records of files inside the
   * workspace folders (the user-folder store holds other projects' files too).
   */
  allResults(): CheckRecord[] {
    const folders = this.host.workspaceFolders();
    for (const folder of folders) this.storeFor(path.join(folder, 'x'));
    const inside = (file: string): boolean => folders.some((f) => file === f || file.startsWith(f.endsWith(path.sep) ? f : f + path.sep));
    const records: CheckRecord[] = [];
    for (const store of this.stores.values()) {
      for (const record of store.all()) {
        const absolute = store.workspace && !path.isAbsolute(record.file) ? path.join(store.workspace, record.file) : record.file;
        if (inside(absolute)) records.push(record);
      }
    }
    return records.sort((a, b) => b.finishedAt.localeCompare(a.finishedAt));
  }

  /** Forgets the stores' cached contents, after results.json changed on disk (another window, the CLI). */
  resultsChangedOnDisk(): void {
    for (const store of this.stores.values()) store.reload();
  }

  /** Whether any result is kept for the file (cheap: the store is read once per change on disk). */
  hasResults(uri: string): boolean {
    const filePath = filePathOf(uri);
    return filePath !== undefined && this.storeFor(filePath).forFile(filePath).length > 0;
  }

  /**
   * Diagnostics from kept results for the document's current text: a warning for each flagged verdict whose
   * persona text is unchanged, information for an inconclusive one; nothing for results of older text.
   */
  sampledDiagnostics(uri: string, doc: PromptDocument, analysis: PromptAnalysis, model: string | undefined, docsBase: string): Diagnostic[] {
    const filePath = filePathOf(uri);
    if (!filePath) return [];
    const store = this.storeFor(filePath);
    if (store.forFile(filePath).length === 0) return [];
    const targets = targetsFromAnalysis(doc, analysis);
    const diagnostics: Diagnostic[] = [];
    for (const persona of targets.personas) {
      const text = sentenceText(doc, persona.sentence);
      const line = doc.lines.positionAt(persona.sentence.start).line + 1;
      for (const check of ['stability', 'one-sided'] as const) {
        const latest = store.latest(filePath, check, text, line, model);
        if (latest && !latest.stale) diagnostics.push(...this.diagnosticFor(latest.record, doc, persona.sentence, store, docsBase));
      }
    }
    const debiasPersona = targets.debiasPersona;
    if (debiasPersona && targets.debiasing.length > 0) {
      const text = sentenceText(doc, debiasPersona);
      const line = doc.lines.positionAt(debiasPersona.start).line + 1;
      const latest = store.latest(filePath, 'debias', text, line, model, targets.debiasTexts);
      if (latest && !latest.stale) {
        for (const sentence of targets.debiasing) diagnostics.push(...this.diagnosticFor(latest.record, doc, sentence, store, docsBase, debiasPersona));
      }
    }
    return diagnostics;
  }

  private diagnosticFor(record: CheckRecord, doc: PromptDocument, span: Span, store: ResultStore, docsBase: string, persona?: Span): Diagnostic[] {
    const rule = SAMPLED_RULES[record.check];
    const flagged = record.verdict === rule.flagged;
    if (!flagged && record.verdict !== 'inconclusive') return [];
    const calls = record.result.requests + record.result.cached;
    const when = record.finishedAt.slice(0, 10);
    const what = {
      stability: flagged ? 'Persona unstable: run-to-run noise at least matches the persona\'s effect' : 'Persona stability inconclusive',
      'one-sided': flagged ? 'One-sided evaluation: under this persona the model judged evidence by the side its conclusion favours' : 'One-sided evaluation inconclusive',
      debias: flagged ? 'Ineffective debiasing: with this sentence the persona still judged one-sidedly' : 'Debiasing sentence inconclusive',
    }[record.check];
    const related: DiagnosticRelatedInformation[] = [];
    const range = doc.lines.rangeOf(span);
    if (persona) related.push({ location: { uri: pathUri(doc.path), range: doc.lines.rangeOf(persona) }, message: 'The persona it was measured with' });
    related.push({
      location: { uri: pathUri(store.file), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } },
      message: `The kept result, with ${record.rawSampleCount} raw answers (${record.endpoint.model} at ${record.endpoint.host})`,
    });
    return [
      {
        range,
        severity: flagged ? DiagnosticSeverity.Warning : DiagnosticSeverity.Information,
        source: SAMPLED_SOURCE,
        code: rule.id,
        codeDescription: { href: `${docsBase}${rule.id}.md` },
        message: `${what}: ${effectSummary(record)} (${verdictTitle(record.verdict)}; ${calls} calls to ${record.endpoint.model}, ${when}).`,
        relatedInformation: related,
        data: { rule: rule.name },
      },
    ];
  }

  // -----------------------------------------------------------------------------------------------------------
  // Running checks

  /** Runs a check now (after the one running, ahead of queued background checks), with progress. */
  async run(args: RunCheckArgs, cancel?: { onCancellationRequested(listener: () => void): unknown }): Promise<RunCheckResult> {
    // Behind a running check, say so (and let the user give up waiting) rather than show nothing.
    let waiting: ProgressReporter | undefined;
    let gaveUp = false;
    let answerNow: ((outcome: RunCheckResult) => void) | undefined;
    const givenUp = new Promise<RunCheckResult>((resolve) => (answerNow = resolve));
    if (this.running) {
      const giveUp = (): void => {
        gaveUp = true;
        waiting?.done();
        answerNow?.({ message: CANCELLED });
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
      return gaveUp ? { message: CANCELLED } : this.execute({ args, background: false }, cancel);
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
    const files = new Set(jobs.map((j) => j.args.uri)).size;
    const refusal = this.refusal(settings);
    return {
      files,
      checks: jobs.length,
      maxRequests: Math.min(jobs.length * settings.maxRequests, remaining),
      requestsToday: this.usage.used(),
      dailyRequestBudget: settings.dailyRequestBudget,
      ...(refusal ? { message: refusal } : remaining === 0 ? { message: `Today's request budget (${settings.dailyRequestBudget}) is spent.` } : {}),
    };
  }

  /** Runs every check on every persona of every prompt file in the workspace folders, one at a time. */
  async runAll(checks: CheckName[] | undefined, cancel?: { onCancellationRequested(listener: () => void): unknown }): Promise<RunAllResult> {
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
        if (outcome.message === CANCELLED) cancelled = true;
        if (outcome.message && /not trusted|No model endpoint|budget .* is spent/.test(outcome.message)) break;
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
    if (text === undefined) return;
    const store = this.storeFor(filePath);
    const targets = targetsOf(filePath, text, lint);
    for (const job of jobsOf(uri, targets)) {
      const debias = job.args.check === 'debias';
      const personaSpan = debias ? targets.debiasPersona : personaAtLine(targets, job.args.line);
      if (!personaSpan) continue;
      const personaText = sentenceText(targets.doc, personaSpan);
      const personaLine = targets.doc.lines.positionAt(personaSpan.start).line + 1;
      const latest = store.latest(filePath, job.args.check, personaText, personaLine, checks.model, debias ? targets.debiasTexts : undefined);
      if (latest && !latest.stale) continue;
      const queued = this.queue.some((q) => q.args.uri === uri && q.args.check === job.args.check && q.args.line === job.args.line);
      if (!queued) this.queue.push({ args: job.args, background: true });
    }
    this.host.status(this.status());
    this.drainSoon();
  }

  private draining = false;

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
        if (outcome.message && /budget .* is spent|not trusted|No model endpoint|^Cancelled/.test(outcome.message)) this.queue.length = 0;
      } catch (error) {
        // One failure (a key or settings request that failed) must not stop background checks for the session.
        this.host.log(`Background check ${describe(job.args)} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      setTimeout(() => void step(), BACKGROUND_PAUSE_MS);
    };
    void step();
  }

  private refusal(settings: CheckSettings): string | undefined {
    if (!this.host.trusted()) {
      return 'This workspace is not trusted, so Evenhand sends nothing to any endpoint here. Trust the workspace to run checks.';
    }
    if (!settings.baseUrl || !settings.model) {
      return 'No model endpoint is configured: run "Evenhand: Configure Model Endpoint" (settings evenhand.endpoint.baseUrl and evenhand.endpoint.model).';
    }
    return undefined;
  }

  private async execute(job: Job, cancel?: { onCancellationRequested(listener: () => void): unknown }): Promise<RunCheckResult> {
    const { args } = job;
    const filePath = filePathOf(args.uri);
    if (!filePath) return { message: 'Only files on disk can be checked: save the document first.' };
    const { checks: settings, lint, excluded } = await this.host.settingsFor(args.uri);
    this.lastSettings = settings;
    const refusal = this.refusal(settings);
    if (refusal) return { message: refusal };
    if (excluded) return { message: 'The file is excluded from Evenhand (evenhand.exclude or .evenhand.json).' };
    const remaining = settings.dailyRequestBudget - this.usage.used();
    if (remaining <= 0) {
      return { message: `Today's request budget of ${settings.dailyRequestBudget} is spent (evenhand.checks.dailyRequestBudget).` };
    }
    const text = this.host.textOf(args.uri);
    if (text === undefined) return { message: `Cannot read ${filePath}.` };
    const doc = parsePromptFile(filePath, text);
    const personaLine = args.check === 'debias' || args.line === undefined ? undefined : args.line + 1;
    const maxRequests = Math.min(settings.maxRequests, remaining);
    const store = this.storeFor(filePath);
    const baseURL = settings.baseUrl!;
    const model = settings.model!;
    const cacheDir = cacheFolder(filePath);
    keepOutOfGit(cacheDir);
    this.cacheFolders.add(cacheDir);
    const apiKey = await this.host.apiKey(new URL(baseURL).origin);

    const controller = new AbortController();
    cancel?.onCancellationRequested(() => controller.abort());
    const progress = await this.host.startProgress(`Evenhand: ${args.check} check${job.background ? ' (background)' : ''}`);
    progress.onCancel(() => controller.abort());
    // Set only once nothing can fail before the finally below resets it.
    this.running = describe(args, path.basename(filePath));
    this.host.status(this.status(settings));
    let sampler;
    try {
      sampler = createOpenAISampler({
        baseURL,
        model,
        apiKey: apiKey ?? '',
        maxRequests,
        concurrency: settings.concurrency,
        temperature: settings.temperature,
        timeoutMs: settings.timeoutSeconds * 1000,
        ...(settings.embeddingModel ? { embeddingModel: settings.embeddingModel } : {}),
        cacheDir,
      });
    } catch (error) {
      this.running = null;
      progress.done();
      this.host.status(this.status(settings));
      return { message: (error as Error).message };
    }
    try {
      const { record } = await runAndRecord(
        args.check,
        {
          doc,
          config: lint,
          ...(personaLine !== undefined ? { personaLine } : {}),
          useEmbeddings: settings.embeddingModel !== undefined,
        },
        sampler,
        {
          maxRequests,
          signal: controller.signal,
          onProgress: (p) => progress.report(percentOf(p), progressMessage(args.check, p)),
        },
        { file: store.keyOf(filePath), host: hostOf(baseURL), model, ...(settings.price ? { price: settings.price } : {}) },
      );
      try {
        store.put(record);
      } catch (error) {
        this.host.log(`The result could not be kept in ${store.file}: ${(error as Error).message}`);
      }
      this.host.resultsChanged(args.uri);
      return { record };
    } catch (error) {
      if (error instanceof CheckInputError) return { message: error.message };
      if (error instanceof SamplerError) {
        if (error.reason === 'cancelled') return { message: CANCELLED };
        return { message: `The ${args.check} check could not finish: ${error.message} No verdict: the data did not reach one.` };
      }
      this.host.log(`The ${args.check} check failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return { message: `The ${args.check} check failed: ${(error as Error).message}` };
    } finally {
      sampler.close();
      progress.done();
      this.running = null;
      try {
        this.usage.add(sampler.stats.requests);
      } catch (error) {
        this.host.log(`The daily request count could not be written: ${(error as Error).message}`);
      }
      this.host.status(this.status(settings));
    }
  }

  private async allJobs(checks?: CheckName[]): Promise<Job[]> {
    const jobs: Job[] = [];
    for (const folder of this.host.workspaceFolders()) {
      for (const file of promptFilesIn(folder)) {
        const uri = pathUri(file);
        const text = this.host.textOf(uri);
        if (text === undefined) continue;
        const { lint, excluded } = await this.host.settingsFor(uri);
        if (excluded) continue;
        for (const job of jobsOf(uri, targetsOf(file, text, lint))) if (!checks || checks.includes(job.args.check)) jobs.push(job);
      }
    }
    return jobs;
  }

  private async settingsOfAnyFolder(): Promise<CheckSettings> {
    const folder = this.host.workspaceFolders()[0];
    return (await this.host.settingsFor(folder ? pathUri(path.join(folder, '.evenhand.json')) : 'file:///')).checks;
  }

  /**
   * Removes cached replies (only inside cache folders: results and the daily count stay) of every workspace
   * folder and of the folders checks used; returns how many replies went.
   */
  clearCache(): number {
    let removed = 0;
    const folders = new Set([
      ...this.host.workspaceFolders().map((f) => cacheFolder(path.join(f, 'x'))),
      ...this.cacheFolders,
      // Prompts outside any workspace cache here, whether or not a check ran since the server started.
      path.join(userFolder(), 'cache'),
    ]);
    for (const folder of folders) {
      if (path.basename(folder) !== 'cache') continue;
      removed += countFiles(folder, (name) => name !== '.gitignore');
      let entries: string[];
      try {
        entries = fs.readdirSync(folder);
      } catch {
        continue;
      }
      for (const entry of entries) {
        if (entry !== '.gitignore') fs.rmSync(path.join(folder, entry), { recursive: true, force: true });
      }
    }
    // Earlier versions cached replies for prompts outside any workspace straight in the user folder, in the cache's
    // two-hex-digit shard folders: those go too (results and the day's count beside them stay).
    const legacy = userFolder();
    let shards: fs.Dirent[] = [];
    try {
      shards = fs.readdirSync(legacy, { withFileTypes: true }).filter((e) => e.isDirectory() && /^[0-9a-f]{2}$/.test(e.name));
    } catch {
      shards = [];
    }
    for (const shard of shards) {
      removed += countFiles(path.join(legacy, shard.name), (name) => name.endsWith('.json'));
      fs.rmSync(path.join(legacy, shard.name), { recursive: true, force: true });
    }
    return removed;
  }
}

/** Files under a folder whose names pass `keep`. */
function countFiles(folder: string, keep: (name: string) => boolean): number {
  let count = 0;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(folder, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    if (entry.isDirectory()) count += countFiles(path.join(folder, entry.name), keep);
    else if (keep(entry.name)) count++;
  }
  return count;
}

const CANCELLED = 'Cancelled: no verdict.';

function describe(args: RunCheckArgs, file?: string): string {
  const name = file ?? path.basename(filePathOf(args.uri) ?? args.uri);
  return `${args.check} check of ${name}${args.line !== undefined ? `:${args.line + 1}` : ''}`;
}

function percentOf(progress: CheckProgress): number {
  return progress.samplesMax === 0 ? 0 : Math.min(100, Math.round((100 * progress.samplesDone) / progress.samplesMax));
}

/** "96/300 samples · share 0.18 [0.09, 0.31]": the partial result streamed with the progress. */
export function progressMessage(check: CheckName, progress: CheckProgress): string {
  const base = `${progress.samplesDone}/${progress.samplesMax} samples`;
  const estimate = progress.estimate;
  if (!estimate) return base;
  const [low, high] = estimate.interval;
  const what = check === 'stability' ? 'persona share' : 'effect';
  return `${base} · ${what} ${estimate.value.toFixed(2)} [${low.toFixed(2)}, ${high.toFixed(2)}]`;
}

/** The personas (identity, stance and templated; task roles are not worth a check) and the debiasing sentences. */
function targetsOf(filePath: string, text: string, lint: ResolvedConfig): Targets {
  return targetsFromDoc(parsePromptFile(filePath, text), lint);
}

function targetsFromDoc(doc: PromptDocument, lint: ResolvedConfig): Targets {
  return targetsFromAnalysis(doc, analyzePrompt(doc, lint));
}

function targetsFromAnalysis(doc: PromptDocument, analysis: PromptAnalysis): Targets {
  const personas = analysis.personas.filter((p) => p.kind !== 'task');
  const found = [...new Map(analysis.debiasing.map((i) => [i.sentence.start, i.sentence])).values()];
  const debiasPersona = selectPersona(doc, analysis.personas)?.sentence;
  const debiasing = personas.length > 0 && debiasPersona ? found : [];
  return { doc, analysis, personas, debiasing, debiasPersona, debiasTexts: debiasing.map((span) => sentenceText(doc, span)) };
}

function personaAtLine(targets: Targets, line: number | undefined): Span | undefined {
  if (line === undefined) return targets.personas[0]?.sentence;
  return targets.personas.find((p) => targets.doc.lines.positionAt(p.sentence.start).line === line)?.sentence;
}

/** Every check a prompt offers: stability and one-sided per persona, debias per prompt with a debiasing sentence. */
function jobsOf(uri: string, targets: Targets): Job[] {
  const jobs: Job[] = [];
  for (const persona of targets.personas) {
    const line = targets.doc.lines.positionAt(persona.sentence.start).line;
    jobs.push({ args: { uri, check: 'stability', line }, background: true });
    jobs.push({ args: { uri, check: 'one-sided', line }, background: true });
  }
  if (targets.debiasing.length > 0) {
    jobs.push({ args: { uri, check: 'debias', line: targets.doc.lines.positionAt(targets.debiasing[0].start).line }, background: true });
  }
  return jobs;
}

const PROMPT_FILE = /(\.prompt\.md|\.instructions\.md|\.chatmode\.md|\.agent\.md|\.prompty|\.prompt|\.prompt\.ya?ml|^AGENTS\.md|^copilot-instructions\.md)$/;
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.evenhand', 'dist', 'out', '.e2e']);

/** Prompt files under a folder (not following links, skipping dependency and output folders). */
function promptFilesIn(folder: string, found: string[] = [], depth = 0): string[] {
  if (depth > 12) return found;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(folder, { withFileTypes: true });
  } catch {
    return found;
  }
  for (const entry of entries) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name)) promptFilesIn(full, found, depth + 1);
    else if (entry.isFile() && PROMPT_FILE.test(entry.name)) found.push(full);
  }
  return found;
}

function sentenceText(doc: PromptDocument, span: Span): string {
  return doc.source.slice(span.start, span.end).replace(/\s+/g, ' ').trim();
}

function lineRange(line: number) {
  return { start: { line, character: 0 }, end: { line, character: 0 } };
}

function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl;
  }
}

function pathUri(filePath: string): string {
  return pathToFileURL(filePath).href;
}
