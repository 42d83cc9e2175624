// The sampled rules EH101-EH103: kept check results become findings through the same severities, suppression
// comments, CLI output and SARIF as the static rules.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { CheckName, CheckRecord } from '../server/out/core/checks/record.js';
import { lintText, resolveConfig, RULES, type KeptResults } from '../server/out/core/index.js';
import { runCli } from './support/runCli.js';

const PERSONA = 'You are a proud small-government conservative.';
const PROMPT = `${PERSONA}\nRead the evidence and decide which conclusion it supports. Remain neutral.\n`;

/** A kept result as a check leaves it (only what the rules and the store read is filled in). */
function kept(check: CheckName, verdict: string, persona = PERSONA, target?: string): CheckRecord {
  return {
    version: 1,
    check,
    file: 'judge.txt',
    persona: { text: persona, line: 1 },
    ...(target ? { target: [{ text: target, line: 2 }] } : {}),
    endpoint: { host: '127.0.0.1:1', model: 'sim-1' },
    verdict,
    result: { check, effect: { value: 0.4, interval: [0.2, 0.6] }, requests: 90, cached: 10, persona: { text: persona }, sides: ['conservative', 'progressive'] },
    startedAt: '2026-12-01T10:00:00.000Z',
    finishedAt: '2026-12-01T10:05:00.000Z',
    durationMs: 300_000,
    rawSamples: [],
    rawSampleCount: 100,
  } as unknown as CheckRecord;
}

/** Kept results holding `records`, matched by check and persona text as the result store matches them. */
function keptResults(...records: CheckRecord[]): KeptResults {
  return {
    file: '/work/.evenhand/results/results.json',
    latest: (check, personaText, line) => {
      const same = records.find((r) => r.check === check && r.persona.text === personaText);
      if (same) return { record: same, stale: false };
      const onLine = records.find((r) => r.check === check && r.persona.line === line);
      return onLine ? { record: onLine, stale: true } : undefined;
    },
  };
}

function lint(text: string, kept: KeptResults | undefined, rules: Record<string, string> = {}) {
  const config = resolveConfig({ rules } as Parameters<typeof resolveConfig>[0]);
  return lintText('judge.txt', text, config, kept ? { kept } : {}).findings.filter((f) => /^EH1/.test(f.ruleId));
}

describe('sampled rules', () => {
  test('are rules: listed with the static ones, each naming the check it reports', () => {
    const sampled = RULES.filter((r) => r.sampledBy);
    assert.deepEqual(sampled.map((r) => `${r.id} ${r.name} ${r.sampledBy} ${r.defaultSeverity}`), [
      'EH101 persona-unstable stability warning',
      'EH102 one-sided-evaluation one-sided warning',
      'EH103 ineffective-debiasing debias warning',
    ]);
  });

  test('a flagged result is a warning on the persona sentence, pointing at where the result is kept', () => {
    const [finding] = lint(PROMPT, keptResults(kept('one-sided', 'one-sided')));
    assert.equal(finding.ruleId, 'EH102');
    assert.equal(finding.severity, 'warning');
    assert.equal(finding.sampled, true);
    assert.deepEqual(finding.range, { start: { line: 0, character: 0 }, end: { line: 0, character: PERSONA.length } });
    assert.match(finding.message, /^One-sided evaluation: .*gap \+0\.40 \(\+0\.20 to \+0\.60\) toward "conservative" \(One-sided; 100 calls to sim-1, 2026-12-01\)\.$/);
    assert.equal(finding.related.at(-1)!.file, '/work/.evenhand/results/results.json');
    assert.ok(finding.fixes.some((f) => f.title === 'Disable EH102 for this line'));
  });

  test('inconclusive is information at most; a clear verdict, a stale result or no kept results give nothing', () => {
    assert.deepEqual(lint(PROMPT, keptResults(kept('stability', 'inconclusive'))).map((f) => `${f.ruleId} ${f.severity}`), ['EH101 information']);
    assert.deepEqual(lint(PROMPT, keptResults(kept('stability', 'inconclusive')), { EH101: 'hint' }).map((f) => f.severity), ['hint']);
    assert.deepEqual(lint(PROMPT, keptResults(kept('stability', 'stable'), kept('one-sided', 'even-handed'))), []);
    const changed = PROMPT.replace('proud', 'lifelong');
    assert.deepEqual(lint(changed, keptResults(kept('one-sided', 'one-sided'))), [], 'measured on older text');
    assert.deepEqual(lint(PROMPT, undefined), []);
  });

  test('severities from the configuration apply, and "off" removes the rule', () => {
    const both = keptResults(kept('one-sided', 'one-sided'), kept('stability', 'unstable'));
    assert.deepEqual(lint(PROMPT, both).map((f) => f.ruleId).sort(), ['EH101', 'EH102']);
    assert.deepEqual(lint(PROMPT, both, { EH102: 'off' }).map((f) => f.ruleId), ['EH101']);
    assert.deepEqual(lint(PROMPT, both, { EH101: 'error' }).map((f) => `${f.ruleId} ${f.severity}`).sort(), ['EH101 error', 'EH102 warning']);
  });

  test('suppression comments work on them like on any rule', () => {
    const both = keptResults(kept('one-sided', 'one-sided'), kept('stability', 'unstable'));
    const nextLine = `<!-- evenhand-disable-next-line EH101 -->\n${PROMPT}`;
    assert.deepEqual(lint(nextLine, both).map((f) => f.ruleId), ['EH102']);
    const wholeFile = `<!-- evenhand-disable-file EH102 -->\n${PROMPT}`;
    assert.deepEqual(lint(wholeFile, both).map((f) => f.ruleId), ['EH101']);
  });

  test('EH103 marks each debiasing sentence measured, with the persona it was measured with', () => {
    const sentence = 'Read the evidence and decide which conclusion it supports.';
    const debias = kept('debias', 'ineffective', PERSONA, 'Remain neutral.');
    const results: KeptResults = { file: '/r.json', latest: (check, text, _line, targets) => (check === 'debias' && text === PERSONA && targets?.[0] === 'Remain neutral.' ? { record: debias, stale: false } : undefined) };
    const [finding] = lint(PROMPT, results);
    assert.equal(finding.ruleId, 'EH103');
    assert.equal(finding.range.start.line, 1);
    assert.equal(finding.range.start.character, sentence.length + 1);
    assert.equal(finding.related[0].range.start.line, 0, 'the persona');
  });

  test('a rule that fails on odd kept data is skipped and reported; the static rules still run', () => {
    const broken: KeptResults = { file: '/r.json', latest: () => { throw new Error('odd record'); } };
    const errors: string[] = [];
    const result = lintText('judge.txt', PROMPT, resolveConfig(), { kept: broken, onSampledRuleError: (id) => errors.push(id) });
    assert.deepEqual(errors, ['EH101', 'EH102', 'EH103']);
    assert.ok(result.findings.some((f) => f.ruleId === 'EH001'));
  });
});

describe('sampled rules in the CLI', () => {
  function workspace(t: { after(fn: () => void): void }, config?: object): string {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'evenhand-sampled-'));
    t.after(() => fs.rmSync(folder, { recursive: true, force: true }));
    fs.mkdirSync(path.join(folder, '.git'));
    fs.writeFileSync(path.join(folder, 'judge.txt'), PROMPT);
    fs.mkdirSync(path.join(folder, '.evenhand', 'results'), { recursive: true });
    fs.writeFileSync(path.join(folder, '.evenhand', 'results', 'results.json'), JSON.stringify({ version: 1, records: [kept('one-sided', 'one-sided')] }));
    if (config) fs.writeFileSync(path.join(folder, '.evenhand.json'), JSON.stringify(config));
    return folder;
  }

  test('evenhand lint reports kept results in text, JSON and SARIF, with all ten rules described', async (t) => {
    const folder = workspace(t);
    const text = await runCli(['lint', 'judge.txt'], folder);
    assert.equal(text.code, 1);
    assert.match(text.stdout, /EH102/);
    const json = JSON.parse((await runCli(['lint', '--format', 'json', 'judge.txt'], folder)).stdout) as { files: { findings: { ruleId: string; sampled?: boolean; related: { path?: string }[] }[] }[] };
    const eh102 = json.files[0].findings.find((f) => f.ruleId === 'EH102')!;
    assert.equal(eh102.sampled, true);
    assert.equal(eh102.related.at(-1)!.path, '.evenhand/results/results.json');
    const sarif = JSON.parse((await runCli(['lint', '--format', 'sarif', 'judge.txt'], folder)).stdout) as {
      runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; level: string }[] }[];
    };
    assert.deepEqual(sarif.runs[0].tool.driver.rules.map((r) => r.id), ['EH000', 'EH001', 'EH002', 'EH003', 'EH004', 'EH005', 'EH006', 'EH101', 'EH102', 'EH103']);
    assert.deepEqual(sarif.runs[0].results.filter((r) => r.ruleId === 'EH102').map((r) => r.level), ['warning']);
  });

  test('"EH102": "off" in .evenhand.json removes it from the CLI and SARIF', async (t) => {
    const folder = workspace(t, { rules: { EH102: 'off' } });
    const text = await runCli(['lint', 'judge.txt'], folder);
    assert.doesNotMatch(text.stdout, /EH102/);
    const sarif = JSON.parse((await runCli(['lint', '--format', 'sarif', 'judge.txt'], folder)).stdout) as { runs: { results: { ruleId: string }[] }[] };
    assert.deepEqual(sarif.runs[0].results.filter((r) => r.ruleId === 'EH102'), []);
  });
});
