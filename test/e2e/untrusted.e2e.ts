/// <reference types="mocha" />
// A folder the user has not trusted: the static lint still runs, but no sampled check sends anything.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startSimulator } from '../support/simulator.js';
import { biasedModel, codeOf, diagnosticsWhere, fromSource, openPrompt, screenshot } from './support.js';

suite('Untrusted workspace', () => {
  test('static diagnostics appear; the one-sided and stability checks return nothing and send zero requests', async () => {
    assert.equal(vscode.workspace.isTrusted, false, 'the runner left the folder untrusted');
    const sim = await startSimulator(biasedModel());
    try {
      await vscode.commands.executeCommand('evenhand.configureEndpoint', { baseUrl: sim.url, model: 'sim-1' });
      const { uri, personaLine } = await openPrompt('judge.prompt.md');
      const diagnostics = await diagnosticsWhere(uri, (list) => fromSource(list, 'evenhand').length >= 3, 'three Evenhand diagnostics');
      assert.deepEqual(fromSource(diagnostics, 'evenhand').map(codeOf).sort(), ['EH001', 'EH002', 'EH003']);

      const oneSided = await vscode.commands.executeCommand('evenhand.testOneSided', uri.toString(), personaLine);
      assert.equal(oneSided, undefined, 'no check record in an untrusted folder');
      const stability = await vscode.commands.executeCommand('evenhand.testStability', uri.toString(), personaLine);
      assert.equal(stability, undefined, 'no check record in an untrusted folder');
      assert.equal(sim.requests.length, 0, 'the simulator received nothing');
      assert.deepEqual(fromSource(vscode.languages.getDiagnostics(uri), 'evenhand (sampled)'), []);
      await screenshot('editor', '.squiggly-warning');
    } finally {
      await sim.close();
    }
  });
});
