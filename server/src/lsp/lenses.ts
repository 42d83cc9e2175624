// Code lenses of the sampled checks: a run lens on every persona and debiasing sentence, and the newest kept result
// beside it. In an untrusted workspace nothing can be sent, so each persona says so once instead.
import type { CodeLens, Command } from 'vscode-languageserver/node';
import { lineOf, sentenceText, type CheckTargets } from '../core/checks/targets.js';
import { occurrences } from '../core/checks/chosenSentence.js';
import type { CheckName, CheckRecord } from '../core/checks/record.js';
import type { PromptDocument } from '../core/formats/types.js';
import { lensSummary, recordSentence } from '../core/checks/summary.js';
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
  // The title stays short (verdict, effect, age); the interval, calls, model and why it is stale are its tooltip.
  const result = (check: CheckName, persona: string, line: number, targetTexts?: string[], changed = 'the persona'): CodeLens | undefined => {
    const latest = store.latest(filePath, check, persona, line + 1, model, targetTexts);
    if (!latest) return undefined;
    const { record, stale } = latest;
    const title = `${lensSummary(record)}${stale ? ' · stale' : ''}`;
    const tooltip = [
      recordSentence(record),
      ...(stale ? [`Stale: ${changed} changed since.`] : []),
      ...(record.persona.chosen === 'hand' ? ['The persona sentence was chosen by hand.'] : []),
    ].join(' ');
    return lens(line, { title, tooltip, command: 'evenhand.showReport', arguments: [uri] });
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
  // Results of sentences chosen by hand that detection does not find: shown where the sentence still is.
  const detected = new Set(targets.personas.map((p) => sentenceText(doc, p.sentence)));
  for (const { check, text, line } of handChosen(store.forFile(filePath), doc, detected)) {
    const kept = result(check, text, line);
    if (kept) lenses.push(kept);
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

/** The checks of hand-chosen sentences kept for a file, each once, with the 0-based line the sentence is on now. */
function handChosen(records: CheckRecord[], doc: PromptDocument, detected: Set<string>): { check: CheckName; text: string; line: number }[] {
  const found: { check: CheckName; text: string; line: number }[] = [];
  const seen = new Set<string>();
  for (const record of records) {
    const { text, chosen } = record.persona;
    const key = `${record.check}\n${text}`;
    if (chosen !== 'hand' || record.check === 'debias' || detected.has(text) || seen.has(key)) continue;
    seen.add(key);
    const at = occurrences(doc, text)[0];
    if (at) found.push({ check: record.check, text, line: lineOf(doc, at) });
  }
  return found;
}
