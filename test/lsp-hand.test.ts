// A check on a sentence chosen by hand, through the language server as the editor's "of Selection" commands send
// it: runCheck with a range or a text, the record marked by hand, and a short result lens on that sentence.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { SHIPPED_TOPICS, shippedProbes } from '../server/out/core/checks/index.js';
import { startEditor } from './support/lspEditor.js';
import { personaModel, startSimulator } from './support/simulator.js';

const SENTENCE = 'Most readers here are conservative voters.';
const PROMPT = ['---', 'description: Claim rater', '---', 'Rate how credible each claim is.', `Keep it short. ${SENTENCE}`, ''].join('\n');
const LINE = 4;
const ITEMS = SHIPPED_TOPICS.flatMap((topic) => shippedProbes(topic).items);

test('runCheck on a selection or a quoted text that is no detected persona: a record chosen by hand and a short lens', { timeout: 60_000 }, async (t) => {
  const sim = await startSimulator(
    personaModel({
      baselineAccuracy: 0.9,
      relativeRisk: 3,
      seed: 5,
      sideOf: (context) => (/conservative/i.test(context) ? 'conservative' : /progressive/i.test(context) ? 'progressive' : undefined),
      itemOf: (text) => ITEMS.find((item) => text.startsWith(`${item.text}\n\n`)),
    }),
  );
  t.after(() => sim.close());
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'evenhand-lsp-hand-'));
  fs.mkdirSync(path.join(folder, '.git'));
  t.after(() => fs.rmSync(folder, { recursive: true, force: true }));
  const file = path.join(folder, 'rater.prompt.md');
  fs.writeFileSync(file, PROMPT);
  const uri = pathToFileURL(file).href;
  const editor = await startEditor(folder, path.join(folder, '.user-cache'), { secrets: true });
  t.after(() => editor.close());
  editor.settings = { endpoint: { baseUrl: sim.url, model: 'sim-1' }, checks: { maxRequests: 1200 } };
  await editor.open(uri, PROMPT);
  assert.deepEqual((await editor.lenses(uri)).map((l) => l.command?.title), [], 'detection finds no persona, so no lens offers a check');

  const character = PROMPT.split('\n')[LINE].indexOf(SENTENCE);
  const range = { start: { line: LINE, character }, end: { line: LINE, character: character + SENTENCE.length } };
  const outcome = await editor.run(uri, 'one-sided', undefined, { range });
  assert.ok(outcome.record, outcome.message);
  assert.deepEqual(outcome.record.persona, { text: SENTENCE, line: LINE + 1, chosen: 'hand' });
  assert.equal(outcome.record.verdict, 'one-sided');

  await editor.until(() => editor.lensRefreshes > 0);
  const lenses = await editor.lenses(uri);
  const kept = lenses.find((l) => l.range.start.line === LINE)?.command;
  assert.ok(kept, 'the result shows on the chosen sentence');
  assert.match(kept.title, /^One-sided · \+\d\.\d\d · just now$/);
  assert.ok(kept.title.length <= 40, `"${kept.title}" fits beside the run lenses`);
  assert.match(String(kept.tooltip), /gap \+\d\.\d\d \(.*\) .*calls to sim-1.* The persona sentence was chosen by hand\.$/);

  const byText = await editor.run(uri, 'stability', undefined, { text: SENTENCE });
  assert.ok(byText.record, byText.message);
  assert.equal(byText.record.persona.chosen, 'hand');

  const outside = await editor.run(uri, 'one-sided', undefined, { range: { start: { line: 0, character: 0 }, end: { line: 1, character: 5 } } });
  assert.equal(outside.refused, 'input');
  assert.match(String(outside.message), /selection is not text inside one of the prompt's messages/);
  const missing = await editor.run(uri, 'one-sided', undefined, { text: 'Most readers here are liberal voters.' });
  assert.deepEqual([missing.refused, /does not occur/.test(String(missing.message))], ['input', true]);
  await assert.rejects(editor.run(uri, 'one-sided', undefined, { range: { start: { line: -1 } } }), /sentence must be \{ range/);
  await assert.rejects(editor.run(uri, 'one-sided', undefined, { text: '' }), /sentence must be/);
});
