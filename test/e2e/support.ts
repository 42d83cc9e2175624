/// <reference types="vscode" />
// What the editor suite shares: the workspace's prompt files, waiting on diagnostics and tabs (events, not sleeps),
// code lens titles, the simulated model, and asking the code-server runner for a screenshot.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { SHIPPED_TOPICS, shippedProbes } from '../../server/out/core/checks/index.js';
import { personaModel, startSimulator, type PersonaModelOptions, type Simulator } from '../support/simulator.js';

/** The first line of the fixture persona, as the prompt files in test/e2e/workspace spell it. */
export const PERSONA = 'You are a proud small-government conservative.';

/** The workspace folder the runner opened (a fresh copy of test/e2e/workspace). */
export function workspaceFolder(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the editor opened no workspace folder');
  return folder.uri.fsPath;
}

/** Opens a prompt file of the workspace in an editor; `personaLine` is the 0-based line holding PERSONA. */
export async function openPrompt(name: string): Promise<{ uri: vscode.Uri; document: vscode.TextDocument; personaLine: number }> {
  const uri = vscode.Uri.file(path.join(workspaceFolder(), name));
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document, { preview: false });
  return { uri, document, personaLine: lineOf(document, PERSONA) };
}

/** The 0-based line where `text` first occurs; throws when it does not. */
export function lineOf(document: vscode.TextDocument, text: string): number {
  const offset = document.getText().indexOf(text);
  if (offset < 0) throw new Error(`${path.basename(document.uri.fsPath)} does not contain "${text}"`);
  return document.positionAt(offset).line;
}

/** A diagnostic's code as a string (VS Code gives `{ value, target }` when the code carries a docs link). */
export function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return String(typeof code === 'object' && code !== null ? code.value : code);
}

function describe(diagnostics: readonly vscode.Diagnostic[]): string {
  if (diagnostics.length === 0) return 'none';
  return diagnostics.map((d) => `${d.source ?? '?'} ${codeOf(d)} line ${d.range.start.line}: ${d.message.split('\n')[0]}`).join('; ');
}

/** Resolves with the document's diagnostics once `accept` holds for them, waiting on onDidChangeDiagnostics. */
export function diagnosticsWhere(
  uri: vscode.Uri,
  accept: (diagnostics: vscode.Diagnostic[]) => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    let subscription: vscode.Disposable | undefined;
    const finish = (): void => {
      clearTimeout(timer);
      subscription?.dispose();
    };
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`no ${what} within ${timeoutMs / 1000} s; the diagnostics are: ${describe(vscode.languages.getDiagnostics(uri))}`));
    }, timeoutMs);
    const check = (): boolean => {
      const diagnostics = vscode.languages.getDiagnostics(uri);
      if (!accept(diagnostics)) return false;
      finish();
      resolve(diagnostics);
      return true;
    };
    if (check()) return;
    subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) check();
    });
  });
}

/** The diagnostics of `source` ("evenhand" for lint, "evenhand (sampled)" for checks). */
export function fromSource(diagnostics: readonly vscode.Diagnostic[], source: string): vscode.Diagnostic[] {
  return diagnostics.filter((d) => d.source === source);
}

/** The code lenses of a document with their commands resolved, as the editor would show them. */
export async function codeLenses(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  return (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? [];
}

/** The titles of the lenses on a 0-based line. */
export function titlesOnLine(lenses: readonly vscode.CodeLens[], line: number): string[] {
  return lenses.filter((lens) => lens.range.start.line === line).map((lens) => lens.command?.title ?? '');
}

/** Resolves once a tab with this label is open, waiting on tabGroups.onDidChangeTabs. */
export function tabOpened(label: string, timeoutMs = 30_000): Promise<vscode.Tab> {
  const find = (): vscode.Tab | undefined => vscode.window.tabGroups.all.flatMap((group) => group.tabs).find((tab) => tab.label === label);
  return new Promise((resolve, reject) => {
    const open = find();
    if (open) return resolve(open);
    const timer = setTimeout(() => {
      subscription.dispose();
      const labels = vscode.window.tabGroups.all.flatMap((group) => group.tabs.map((tab) => tab.label));
      reject(new Error(`no tab "${label}" within ${timeoutMs / 1000} s; open tabs: ${labels.join(', ') || 'none'}`));
    }, timeoutMs);
    const subscription = vscode.window.tabGroups.onDidChangeTabs(() => {
      const tab = find();
      if (!tab) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(tab);
    });
  });
}

const PROBE_ITEMS = SHIPPED_TOPICS.flatMap((topic) => shippedProbes(topic).items);

/** The shipped probe item a user message asks (the check appends the answer format after a blank line). */
function probeItemOf(userText: string) {
  return PROBE_ITEMS.find((item) => userText.startsWith(`${item.text}\n\n`));
}

function politicalSide(personaText: string): string | undefined {
  if (/\bconservative\b/i.test(personaText)) return 'conservative';
  if (/\bprogressive\b/i.test(personaText)) return 'progressive';
  return undefined;
}

/**
 * A seeded model that judges the shipped probe items by side under a political persona: with relative risk 3 it is
 * three times as likely to answer correctly when the correct conclusion favours its side, so the one-sided verdict
 * is certain. Options override any part (relative risk 1 and accuracy 0.5 give coin flips whatever the persona).
 */
export function biasedModel(options: Partial<PersonaModelOptions> = {}) {
  return personaModel({ baselineAccuracy: 0.9, relativeRisk: 3, sideOf: politicalSide, itemOf: probeItemOf, seed: 11, ...options });
}

/** Chat requests the simulator received. */
export function chatRequests(sim: Simulator): number {
  return sim.requests.filter((request) => request.path.endsWith('/chat/completions')).length;
}

/**
 * Asks the code-server runner for a screenshot of the workbench once `waitFor` (a Playwright selector) is visible,
 * and waits until it is saved. Without the runner (the Electron runner sets no request folder) there is no page to
 * take, so nothing happens.
 */
export async function screenshot(name: string, waitFor?: string, timeoutMs = 45_000): Promise<void> {
  const requests = process.env.EVENHAND_E2E_SCREENSHOT_REQUESTS;
  if (!requests) return;
  // Toasts (the checks' verdicts, the gallery being offline) would cover the editor and the panel.
  await vscode.commands.executeCommand('notifications.clearAll');
  const request = path.join(requests, `${name}.json`);
  fs.writeFileSync(`${request}.partial`, JSON.stringify({ waitFor }));
  fs.renameSync(`${request}.partial`, request);
  const done = path.join(requests, `${name}.done`);
  const deadline = Date.now() + timeoutMs;
  // The runner lives in another process: its answer is a file, so poll for it.
  while (!fs.existsSync(done)) {
    if (Date.now() > deadline) throw new Error(`the runner took no screenshot "${name}" within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const answer = JSON.parse(fs.readFileSync(done, 'utf8')) as { path?: string; error?: string };
  if (answer.error) throw new Error(`screenshot "${name}": ${answer.error}`);
}

/**
 * A biased simulator for the whole suite, with the endpoint pointed at it before the first test and the simulator
 * closed after the last; returns the running simulator.
 */
export function suiteSimulator(model = 'sim-1'): () => Simulator {
  let sim: Simulator | undefined;
  suiteSetup(async () => {
    sim = await startSimulator(biasedModel());
    await vscode.commands.executeCommand('evenhand.configureEndpoint', { baseUrl: sim.url, model });
  });
  suiteTeardown(async () => {
    await sim?.close();
  });
  return () => {
    if (!sim) throw new Error('the suite simulator is not running');
    return sim;
  };
}
