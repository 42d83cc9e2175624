/// <reference types="mocha" />
// API keys, the cache and Run All from the command palette's commands: a key is kept per endpoint origin and sent
// only there, never written to settings or reports; clearing it stops sending it; clearing the sample cache makes
// the next run ask the model again; Run All checks every persona of the workspace.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunAllResult } from '../../server/out/protocol.js';
import type { CheckRecord } from '../../server/out/core/checks/record.js';
import { startSimulator, type Simulator } from '../support/simulator.js';
import { biasedModel, chatRequests, openPrompt, workspaceFolder } from './support.js';

const KEY = 'sk-evenhand-e2e-secret-0001';

/** The chat requests a simulator received from `from` on, and whether each carried a key. */
function keyed(sim: Simulator, from: number): boolean[] {
  return sim.requests.filter((r) => r.path.endsWith('/chat/completions')).slice(from).map((r) => r.authorized);
}

suite('Keys, cache and Run All', () => {
  let sim: Simulator;
  let other: Simulator;

  suiteSetup(async () => {
    sim = await startSimulator(biasedModel({ seed: 21 }));
    other = await startSimulator(biasedModel({ seed: 22 }));
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('evenhand.clearApiKey', { origin: new URL(sim.url).origin });
    await sim?.close();
    await other?.close();
  });

  test('a key set for one origin is sent there, not to another origin, and never lands in settings or reports', async () => {
    const origin = new URL(sim.url).origin;
    assert.equal(await vscode.commands.executeCommand('evenhand.setApiKey', { key: KEY, origin }), origin);
    await vscode.commands.executeCommand('evenhand.configureEndpoint', { baseUrl: sim.url, model: 'sim-keys' });
    const { uri, personaLine } = await openPrompt('judge.prompt.md');
    const before = chatRequests(sim);
    const record = await vscode.commands.executeCommand<CheckRecord | undefined>('evenhand.testOneSided', uri.toString(), personaLine);
    assert.ok(record);
    const sent = keyed(sim, before);
    assert.ok(sent.length > 0 && sent.every(Boolean), 'every request to the key\'s origin carried it');

    // Same machine, another port: another origin, so the key stays home.
    await vscode.commands.executeCommand('evenhand.configureEndpoint', { baseUrl: other.url, model: 'sim-keys' });
    const elsewhere = await vscode.commands.executeCommand<CheckRecord | undefined>('evenhand.testOneSided', uri.toString(), personaLine);
    assert.ok(elsewhere);
    const toOther = keyed(other, 0);
    assert.ok(toOther.length > 0 && toOther.every((k) => !k), 'no request to the other origin carried the key');

    const settings = JSON.stringify(vscode.workspace.getConfiguration('evenhand'));
    assert.ok(!settings.includes(KEY), 'the key is not in the settings');
    const report = path.join(workspaceFolder(), 'exports', 'keys.json');
    await vscode.commands.executeCommand('evenhand.exportReport', { format: 'json', path: report });
    assert.ok(!fs.readFileSync(report, 'utf8').includes(KEY), 'the key is not in the report');
    const kept = path.join(workspaceFolder(), '.evenhand');
    for (const file of walk(kept)) assert.ok(!fs.readFileSync(file, 'utf8').includes(KEY), `the key is not in ${path.relative(kept, file)}`);
  });

  test('clearing the sample cache makes the next run ask again; after Clear API Key nothing carries the key', async () => {
    await vscode.commands.executeCommand('evenhand.configureEndpoint', { baseUrl: sim.url, model: 'sim-keys' });
    const { uri, personaLine } = await openPrompt('judge.prompt.md');
    // Unchanged and cached: no request.
    const before = chatRequests(sim);
    assert.ok(await vscode.commands.executeCommand<CheckRecord | undefined>('evenhand.testOneSided', uri.toString(), personaLine));
    assert.equal(chatRequests(sim), before, 'a re-run of an unchanged check is served by the cache');

    const removed = await vscode.commands.executeCommand<number>('evenhand.clearSampleCache');
    assert.ok(removed > 0, `the cache held replies (${removed} removed)`);
    await vscode.commands.executeCommand('evenhand.clearApiKey', { origin: new URL(sim.url).origin });
    assert.ok(await vscode.commands.executeCommand<CheckRecord | undefined>('evenhand.testOneSided', uri.toString(), personaLine));
    const sent = keyed(sim, before);
    assert.ok(sent.length > 0, 'the emptied cache sent the check to the model again');
    assert.ok(sent.every((k) => !k), 'with the key cleared (and no OPENAI_API_KEY) no request carried one');
  });

  test('Run All Checks runs stability and one-sided on every persona, and debias where a sentence asks for neutrality', async () => {
    await vscode.commands.executeCommand('evenhand.configureEndpoint', { baseUrl: sim.url, model: 'sim-all' });
    const outcome = await vscode.commands.executeCommand<RunAllResult | undefined>('evenhand.runAllChecks', { confirm: false });
    assert.ok(outcome, 'Run All returns its outcome');
    assert.equal(outcome.cancelled, false);
    const done = outcome.records.map((r) => `${path.basename(r.file)} ${r.check}`).sort();
    assert.ok(done.includes('judge.prompt.md stability') && done.includes('judge.prompt.md one-sided'), done.join(', '));
    assert.ok(done.includes('judge.prompt.md debias'), `"Remain neutral." is measured: ${done.join(', ')}`);
    assert.ok(outcome.records.every((r) => r.endpoint.model === 'sim-all'));
  });
});

function walk(folder: string): string[] {
  if (!fs.existsSync(folder)) return [];
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });
}
