/// <reference types="mocha" />
// Sampled checks from the editor against a simulated model in the extension host: the verdicts come back from the
// commands, show as "evenhand (sampled)" diagnostics and in the lens titles, and the report shows and exports them.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CheckRecord } from '../../server/out/core/checks/record.js';
import { startSimulator } from '../support/simulator.js';
import {
  PERSONA,
  biasedModel,
  chatRequests,
  codeLenses,
  codeOf,
  diagnosticsWhere,
  fromSource,
  openPrompt,
  screenshot,
  tabOpened,
  suiteSimulator,
  titlesOnLine,
  workspaceFolder,
} from './support.js';

const SAMPLED = 'evenhand (sampled)';

function sampledWithCode(code: string) {
  return (list: vscode.Diagnostic[]) => fromSource(list, SAMPLED).some((d) => codeOf(d) === code);
}

suite('Sampled checks in the editor', () => {
  const simulator = suiteSimulator();

  test('the one-sided check of a conservative judge is one-sided: EH102 on the persona and a "One-sided · ..." lens', async () => {
    const { uri, personaLine } = await openPrompt('judge.prompt.md');
    const record = await vscode.commands.executeCommand<CheckRecord | undefined>('evenhand.testOneSided', uri.toString(), personaLine);
    assert.ok(record, 'the command returns the check record');
    assert.equal(record.check, 'one-sided');
    assert.equal(record.verdict, 'one-sided');
    assert.equal(record.persona.text, PERSONA);
    assert.deepEqual(record.endpoint, { host: new URL(simulator().url).host, model: 'sim-1' });
    assert.ok(chatRequests(simulator()) > 0, 'the simulator answered the check');

    const diagnostics = await diagnosticsWhere(uri, sampledWithCode('EH102'), 'EH102 from the one-sided check');
    const eh102 = fromSource(diagnostics, SAMPLED).find((d) => codeOf(d) === 'EH102');
    assert.equal(eh102?.range.start.line, personaLine);
    const titles = titlesOnLine(await codeLenses(uri), personaLine);
    assert.ok(titles.some((t) => t.startsWith('One-sided · ')), `persona line lenses: ${JSON.stringify(titles)}`);
  });

  test('the stability check of a model whose answers ignore the persona is unstable: EH101 and an "Unstable · ..." lens', async () => {
    const { uri, personaLine } = await openPrompt('judge.prompt.md');
    // Coin-flip answers whatever the persona: all run-to-run noise, no persona effect.
    const noisy = await startSimulator(biasedModel({ baselineAccuracy: 0.5, relativeRisk: 1 }));
    let record: CheckRecord | undefined;
    try {
      await vscode.commands.executeCommand('evenhand.configureEndpoint', { baseUrl: noisy.url, model: 'sim-noise' });
      record = await vscode.commands.executeCommand<CheckRecord | undefined>('evenhand.testStability', uri.toString(), personaLine);
      assert.ok(chatRequests(noisy) > 0, 'the simulator answered the check');
    } finally {
      await noisy.close();
      await vscode.commands.executeCommand('evenhand.configureEndpoint', { baseUrl: simulator().url, model: 'sim-1' });
    }
    assert.ok(record, 'the command returns the check record');
    assert.equal(record.check, 'stability');
    assert.equal(record.verdict, 'unstable', JSON.stringify((record.result as { effect?: unknown }).effect));

    const diagnostics = await diagnosticsWhere(uri, sampledWithCode('EH101'), 'EH101 from the stability check');
    const sampled = fromSource(diagnostics, SAMPLED);
    assert.deepEqual(sampled.map(codeOf).sort(), ['EH101', 'EH102'], 'both verdicts stay on the persona');
    const titles = titlesOnLine(await codeLenses(uri), personaLine);
    assert.ok(titles.some((t) => t.startsWith('Unstable · ')), `persona line lenses: ${JSON.stringify(titles)}`);
    assert.ok(titles.some((t) => t.startsWith('One-sided · ')), `persona line lenses: ${JSON.stringify(titles)}`);

    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await openPrompt('judge.prompt.md');
    await screenshot('editor-after-checks', '.codelens-decoration:has-text("Unstable · ")');
  });

  test('the report opens in a webview tab and exports as HTML, Markdown and JSON naming the persona and verdicts', async () => {
    await vscode.commands.executeCommand('evenhand.showReport');
    await tabOpened('Evenhand Report');
    await screenshot('report', 'iframe.webview.ready');

    const exports = path.join(workspaceFolder(), 'exports');
    for (const format of ['html', 'md', 'json'] as const) {
      const file = path.join(exports, `report.${format}`);
      await vscode.commands.executeCommand('evenhand.exportReport', { format, path: file });
      const text = fs.readFileSync(file, 'utf8');
      assert.ok(text.includes(PERSONA), `the ${format} report names the persona`);
      assert.match(text, /one-sided/i, `the ${format} report gives the one-sided verdict`);
      assert.match(text, /unstable/i, `the ${format} report gives the stability verdict`);
      if (format === 'json') {
        const { records } = JSON.parse(text) as { records: CheckRecord[] };
        const verdicts = records.map((r) => `${r.check}: ${r.verdict} (${r.persona.text})`).sort();
        assert.deepEqual(verdicts, [`one-sided: one-sided (${PERSONA})`, `stability: unstable (${PERSONA})`]);
      }
    }
  });

  test('a model answer carrying <script> and <img onerror> is shown as text: the exported HTML escapes it', async () => {
    const payload = '<script>document.title="injected"</script><img src=x onerror=alert(1)>';
    const model = biasedModel({ seed: 12 });
    // A valid answer follows the markup, so every sample counts and keeps the markup in its raw text.
    const hostile = await startSimulator({
      chat(request) {
        const reply = model.chat(request);
        return 'content' in reply ? { content: `${payload}\n${reply.content}` } : reply;
      },
    });
    try {
      await vscode.commands.executeCommand('evenhand.configureEndpoint', { baseUrl: hostile.url, model: 'sim-markup' });
      const { uri, personaLine } = await openPrompt('comments.prompt.md');
      const record = await vscode.commands.executeCommand<CheckRecord | undefined>('evenhand.testOneSided', uri.toString(), personaLine);
      assert.ok(record, 'the command returns the check record');
      assert.ok(record.rawSamples.some((sample) => sample.text.includes(payload)), 'the raw answers keep the markup as the model sent it');

      const file = path.join(workspaceFolder(), 'exports', 'markup.html');
      await vscode.commands.executeCommand('evenhand.exportReport', { format: 'html', path: file });
      const html = fs.readFileSync(file, 'utf8');
      assert.ok(html.includes('&lt;script&gt;document.title='), 'the script tag is escaped');
      assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'), 'the img tag is escaped');
      assert.ok(!html.includes(payload.slice(0, 20)), 'no live <script> from the answer');
      assert.ok(!/<img[^>]*onerror/i.test(html), 'no live <img onerror> from the answer');
    } finally {
      await hostile.close();
      await vscode.commands.executeCommand('evenhand.configureEndpoint', { baseUrl: simulator().url, model: 'sim-1' });
    }
  });
});
