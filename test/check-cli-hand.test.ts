// `evenhand check --persona-line / --persona-text` on sentences persona detection does not find: the check runs on
// the sentence the user names, its record says the persona was chosen by hand, and a choice that names no sentence
// (or more than one) is a usage error before anything is sent.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { SHIPPED_TOPICS, shippedProbes } from '../server/out/core/checks/index.js';
import { runCli } from './support/runCli.js';
import { personaModel, startSimulator, type Simulator } from './support/simulator.js';

/** Not a persona assignment (it describes the readers, not the model), but it carries an identity a check can measure. */
const UNDETECTED = 'Most readers here are conservative voters.';
const PROMPT = `Rate how credible each claim is.\n${UNDETECTED}\nKeep answers short. Cite the claim.\n`;

function scratch(t: { after(fn: () => void): void }, files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evenhand-hand-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const ITEMS = SHIPPED_TOPICS.flatMap((topic) => shippedProbes(topic).items);

/** A model that judges by side whenever its system prompt mentions conservatives or progressives. */
async function sidedModel(t: { after(fn: () => Promise<void>): void }): Promise<Simulator> {
  const sim = await startSimulator(
    personaModel({
      baselineAccuracy: 0.9,
      relativeRisk: 2,
      seed: 11,
      sideOf: (persona) => (/conservative/i.test(persona) ? 'conservative' : /progressive/i.test(persona) ? 'progressive' : undefined),
      itemOf: (userText) => ITEMS.find((item) => userText.startsWith(`${item.text}\n\n`)),
    }),
  );
  t.after(() => sim.close());
  return sim;
}

interface KeptRecord {
  check: string;
  persona: { text: string; line: number; chosen?: string };
}

function keptRecords(dir: string): KeptRecord[] {
  return (JSON.parse(fs.readFileSync(path.join(dir, '.evenhand', 'results', 'results.json'), 'utf8')) as { records: KeptRecord[] }).records;
}

describe('evenhand check on a sentence chosen by hand', () => {
  test('the sentence is not a detected persona: without a flag there is nothing to check', async (t) => {
    const sim = await sidedModel(t);
    const dir = scratch(t, { 'judge.txt': PROMPT });
    const run = await runCli(['check', 'one-sided', 'judge.txt', '--base-url', sim.url, '--model', 'sim-1'], dir);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /assigns no persona/);
  });

  test('--persona-line on it: a verdict, and the kept record and JSON say the persona was chosen by hand', async (t) => {
    const sim = await sidedModel(t);
    const dir = scratch(t, { 'judge.txt': PROMPT, '.git/HEAD': 'ref: refs/heads/main\n' });
    const run = await runCli(
      ['check', 'one-sided', 'judge.txt', '--persona-line', '2', '--base-url', sim.url, '--model', 'sim-1', '--max-requests', '1200', '--concurrency', '8', '--format', 'json'],
      dir,
    );
    assert.equal(run.code, 1, run.stderr);
    const report = JSON.parse(run.stdout) as { verdict: string; persona: { text: string; line: number; chosen?: string }; conditions: Record<string, unknown> };
    assert.equal(report.verdict, 'one-sided');
    assert.deepEqual([report.persona.text, report.persona.line, report.persona.chosen], [UNDETECTED, 2, 'hand']);
    // The lexicon found "conservative" in the sentence, so the counterfactual swaps it as for a detected persona.
    assert.deepEqual(Object.keys(report.conditions), ['persona', 'baseline', 'counterfactual']);
    assert.deepEqual(
      keptRecords(dir).map((r) => [r.check, r.persona.text, r.persona.line, r.persona.chosen]),
      [['one-sided', UNDETECTED, 2, 'hand']],
    );
  });

  test('--persona-text: the text is found wherever it is (whitespace may differ) and the text output says "chosen by hand"', async (t) => {
    const sim = await sidedModel(t);
    const dir = scratch(t, { 'judge.txt': PROMPT });
    const run = await runCli(
      ['check', 'stability', 'judge.txt', '--persona-text', 'Most readers here   are conservative voters.', '--base-url', sim.url, '--model', 'sim-1', '--max-requests', '60', '--no-save'],
      dir,
    );
    assert.ok(run.code === 0 || run.code === 1, run.stderr);
    assert.match(run.stdout, /^judge\.txt:2 {2}Most readers here are conservative voters\. {2}\(chosen by hand\)\n/);
    assert.match(run.stdout, /stability check: (stable|unstable|inconclusive)/);
  });

  test('a detected persona chosen with --persona-line is measured as before and not marked', async (t) => {
    const sim = await sidedModel(t);
    const dir = scratch(t, { 'judge.txt': `Rate how credible each claim is.\nYou are a proud small-government conservative.\n` });
    const run = await runCli(['check', 'one-sided', 'judge.txt', '--persona-line', '2', '--base-url', sim.url, '--model', 'sim-1', '--max-requests', '40', '--no-save', '--format', 'json'], dir);
    assert.ok(run.code === 0 || run.code === 1, run.stderr);
    const report = JSON.parse(run.stdout) as { persona: { text: string; chosen?: string } };
    assert.equal(report.persona.text, 'You are a proud small-government conservative.');
    assert.equal(report.persona.chosen, undefined);
  });

  test('a choice that names no sentence, or more than one, is a usage error (exit 2) and nothing is sent', async (t) => {
    const sim = await sidedModel(t);
    const dir = scratch(t, { 'judge.txt': PROMPT, 'twice.txt': `${UNDETECTED}\nRate each claim.\n${UNDETECTED}\n` });
    const endpoint = ['--base-url', sim.url, '--model', 'sim-1'];
    const cases: [string[], RegExp][] = [
      [['judge.txt', '--persona-line', '9'], /No persona sentence on line 9: .*judge\.txt has 4 lines\./],
      [['judge.txt', '--persona-line', '4'], /No persona sentence on line 4 of .*judge\.txt: the line holds no text of the prompt's messages\./],
      [['judge.txt', '--persona-line', '3'], /Line 3 of .*judge\.txt holds 2 sentences and none is a detected persona: name the one to measure \(--persona-text/],
      [['judge.txt', '--persona-text', 'Most readers here are liberal voters.'], /"Most readers here are liberal voters\." does not occur in the messages of .*judge\.txt\./],
      [['judge.txt', '--persona-text', '   '], /--persona-text takes a sentence of the prompt, not an empty string\./],
      [['twice.txt', '--persona-text', UNDETECTED], /occurs 2 times in .*twice\.txt \(lines 1, 3\): add --persona-line N to say which\./],
      [['twice.txt', '--persona-text', UNDETECTED, '--persona-line', '2'], /does not occur on line 2 of .*twice\.txt\./],
    ];
    for (const [args, message] of cases) {
      const run = await runCli(['check', 'one-sided', ...args, ...endpoint], dir);
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, message);
      assert.equal(run.stdout, '');
    }
    assert.equal(sim.requests.length, 0, 'nothing was sent');
  });

  test('--persona-line picks one of a repeated --persona-text', async (t) => {
    const sim = await sidedModel(t);
    const dir = scratch(t, { 'twice.txt': `${UNDETECTED}\nRate each claim.\n${UNDETECTED}\n` });
    const run = await runCli(['check', 'one-sided', 'twice.txt', '--persona-text', UNDETECTED, '--persona-line', '3', '--base-url', sim.url, '--model', 'sim-1', '--max-requests', '40', '--no-save', '--format', 'json'], dir);
    assert.ok(run.code === 0 || run.code === 1, run.stderr);
    const report = JSON.parse(run.stdout) as { persona: { line: number; chosen?: string } };
    assert.deepEqual([report.persona.line, report.persona.chosen], [3, 'hand']);
  });
});
