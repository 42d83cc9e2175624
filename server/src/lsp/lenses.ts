// Code lenses of the sampled checks: a run lens on every persona and debiasing sentence, and the newest kept result
// beside it. In an untrusted workspace nothing can be sent, so each persona says so once instead.
import type { CodeLens, Command } from 'vscode-languageserver/node';
import { lineOf, sentenceText, type CheckTargets } from '../core/checks/targets.js';
import type { CheckName } from '../core/checks/record.js';
import { lensSummary } from '../core/checks/summary.js';
import { SERVER_COMMANDS, type RunCheckArgs } from '../protocol.js';
import type { ResultStore } from '../results/store.js';

/** What the lenses of one document are made from. */
export interface LensContext {
  uri: string;
  filePath: string;
  targets: CheckTargets;
  store: ResultStore;
  /** The model whose results are preferred. */
  model: string | undefined;
  /** The most requests a check may send now (its budget, capped by what is left today). */
  mostRequests: number;
  trusted: boolean;
  /** The commands lenses run: the client's own (VS Code) or the server's (other editors). */
  commands: 'client' | 'server';
}

const CLIENT_COMMANDS: Record<CheckName, string> = {
  stability: 'evenhand.testStability',
  'one-sided': 'evenhand.testOneSided',
  debias: 'evenhand.testDebiasing',
};

/** Lenses for one document: run lenses on every persona and debiasing sentence, and the latest results. */
export function checkLenses(context: LensContext): CodeLens[] {
  const { uri, filePath, targets, store, model } = context;
  const doc = targets.doc;
  const lenses: CodeLens[] = [];
  const most = `≤ ${context.mostRequests} requests`;
  const lens = (line: number, command: Command): CodeLens => ({ range: { start: { line, character: 0 }, end: { line, character: 0 } }, command });
  const run = (check: CheckName, line: number, title: string): CodeLens => lens(line, runCommand(context, title, uri, check, line));
  const result = (check: CheckName, persona: string, line: number, targetTexts?: string[], changed = 'the persona'): CodeLens | undefined => {
    const latest = store.latest(filePath, check, persona, line + 1, model, targetTexts);
    if (!latest) return undefined;
    const title = `${lensSummary(latest.record)}${latest.stale ? ` (stale: ${changed} changed since)` : ''}`;
    return lens(line, { title, command: 'evenhand.showReport', arguments: [uri] });
  };
  for (const persona of targets.personas) {
    const line = lineOf(doc, persona.sentence);
    const text = sentenceText(doc, persona.sentence);
    if (!context.trusted) {
      const trust = context.commands === 'client' ? 'workbench.trust.manage' : '';
      lenses.push(lens(line, { title: 'Sampled checks are off: this workspace is not trusted', command: trust }));
    } else {
      lenses.push(run('stability', line, `Test persona stability (${most})`));
    }
    const stable = result('stability', text, line);
    if (stable) lenses.push(stable);
    if (context.trusted) lenses.push(run('one-sided', line, `Test one-sided evaluation (${most})`));
    const oneSided = result('one-sided', text, line);
    if (oneSided) lenses.push(oneSided);
  }
  const debiasPersona = targets.debiasPersona;
  if (debiasPersona && context.trusted) {
    const personaText = sentenceText(doc, debiasPersona);
    const personaLine = lineOf(doc, debiasPersona);
    const measured = targets.debiasing.length > 1 ? ` (measures all ${targets.debiasing.length} together)` : '';
    for (const sentence of targets.debiasing) {
      const line = lineOf(doc, sentence);
      lenses.push(run('debias', line, `Test whether this sentence works${measured} (${most})`));
      const kept = result('debias', personaText, personaLine, targets.debiasTexts, 'the persona or sentence');
      if (kept) lenses.push({ ...kept, range: lens(line, kept.command!).range });
    }
  }
  return lenses;
}

function runCommand(context: LensContext, title: string, uri: string, check: CheckName, line: number): Command {
  if (context.commands === 'client') return { title, command: CLIENT_COMMANDS[check], arguments: [uri, line] };
  return { title, command: SERVER_COMMANDS.runCheck.command, arguments: [{ uri, check, line } satisfies RunCheckArgs] };
}
