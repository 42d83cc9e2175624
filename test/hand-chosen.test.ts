// A persona sentence chosen by hand, in the engine and in what is kept and shown: the sentence a line, a quoted
// text or a selection names; the record's `persona.chosen`; records from before the field still load; the
// report says "chosen by hand" in every format.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { CheckInputError, resolveInput } from '../server/out/core/checks/index.js';
import type { CheckRecord } from '../server/out/core/checks/record.js';
import { parsePromptFile } from '../server/out/core/index.js';
import { renderReportHtml, renderReportJson, renderReportMarkdown } from '../server/out/report/index.js';
import { ResultStore } from '../server/out/results/store.js';

const PROMPT = 'You are a proud small-government conservative.\nMost readers here are conservative voters.\nRate each claim. Be brief.\n';
const doc = () => parsePromptFile('judge.txt', PROMPT);

describe('choosing the persona sentence', () => {
  test('no choice, or a line with a detected persona: detection decides, not marked', () => {
    assert.deepEqual([resolveInput({ doc: doc() }).checked.startLine, resolveInput({ doc: doc() }).checked.chosen], [1, undefined]);
    assert.equal(resolveInput({ doc: doc(), personaLine: 1 }).checked.chosen, undefined);
  });

  test('a line without one, a quoted text and a selection each measure that sentence, chosen by hand', () => {
    const byLine = resolveInput({ doc: doc(), personaLine: 2 });
    assert.deepEqual([byLine.checked.text, byLine.checked.chosen], ['Most readers here are conservative voters.', 'hand']);
    assert.deepEqual(byLine.persona.identityAttributes.map((a) => [a.category, a.term]), [['political', 'conservative']], 'the lexicon finds its identity words');
    const byText = resolveInput({ doc: doc(), sentence: { text: 'Rate each\n claim.' } });
    assert.deepEqual([byText.checked.text, byText.checked.startLine, byText.checked.chosen], ['Rate each claim.', 3, 'hand']);
    const start = PROMPT.indexOf('Be brief.');
    const bySelection = resolveInput({ doc: doc(), sentence: { span: { start: start - 1, end: start + 'Be brief.'.length + 1 } } });
    assert.deepEqual([bySelection.checked.text, bySelection.checked.chosen], ['Be brief.', 'hand'], 'blanks around a selection are trimmed');
    const detected = resolveInput({ doc: doc(), sentence: { text: 'You are a proud small-government conservative.' } });
    assert.deepEqual([detected.persona.form, detected.checked.chosen], ['direct', 'hand'], 'a detected sentence named by hand keeps what detection knows of it');
  });

  test('a selection outside the messages, an empty selection and an empty text are refused', () => {
    const d = parsePromptFile('judge.prompt.md', '---\ndescription: judge\n---\nRate each claim.\n');
    assert.throws(() => resolveInput({ doc: d, sentence: { span: { start: 4, end: 10 } } }), (e: Error) => e instanceof CheckInputError && /selection is not text inside/.test(e.message));
    assert.throws(() => resolveInput({ doc: d, sentence: { span: { start: 30, end: 30 } } }), CheckInputError);
    assert.throws(() => resolveInput({ doc: d, sentence: { text: ' ' } }), /persona text is empty/);
  });
});

function record(chosen: boolean): CheckRecord {
  const now = '2026-12-06T10:00:00.000Z';
  return {
    version: 1,
    check: 'one-sided',
    file: 'judge.txt',
    persona: { text: 'Most readers here are conservative voters.', line: 2, ...(chosen ? { chosen: 'hand' as const } : {}) },
    endpoint: { host: 'h', model: 'm' },
    verdict: 'one-sided',
    result: { check: 'one-sided', effect: { value: 0.4, interval: [0.2, 0.6] }, requests: 10, cached: 0, persona: { text: 'Most readers here are conservative voters.' } },
    startedAt: now,
    finishedAt: now,
    durationMs: 1,
    rawSamples: [],
    rawSampleCount: 0,
  } as unknown as CheckRecord;
}

describe('a record of a sentence chosen by hand', () => {
  test('is kept with persona.chosen, and a record from before the field still loads', async (t) => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'evenhand-hand-store-'));
    t.after(() => fs.rmSync(folder, { recursive: true, force: true }));
    const old = { ...record(false), file: 'old.txt' };
    fs.mkdirSync(path.join(folder, 'results'));
    fs.writeFileSync(path.join(folder, 'results', 'results.json'), JSON.stringify({ version: 1, records: [old] }));
    const store = new ResultStore(path.join(folder, 'results'), folder);
    await store.put(record(true));
    const kept = new ResultStore(path.join(folder, 'results'), folder).all();
    assert.deepEqual(kept.map((r) => [r.file, r.persona.chosen]).sort(), [['judge.txt', 'hand'], ['old.txt', undefined]]);
  });

  test('the report says "chosen by hand" in Markdown, HTML and JSON; a detected persona is not marked', () => {
    const md = renderReportMarkdown([record(true)]);
    assert.ok(md.includes('### Line 2: Most readers here are conservative voters. (chosen by hand)'), md);
    assert.match(md, /\| judge\.txt \| 2 \| Most readers here are conservative voters\. \(chosen by hand\) \|/, 'and in the summary table');
    assert.match(renderReportHtml([record(true)]), /<h3><span class="kicker">Line 2<\/span> Most readers here are conservative voters\. <span class="kicker">\(chosen by hand\)<\/span><\/h3>/);
    assert.equal((JSON.parse(renderReportJson([record(true)])) as { records: CheckRecord[] }).records[0].persona.chosen, 'hand');
    assert.ok(!renderReportMarkdown([record(false)]).includes('chosen by hand'));
    assert.ok(!renderReportHtml([record(false)]).includes('chosen by hand'));
  });
});
