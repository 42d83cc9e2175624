// Kept results: the store (keys, stale results, history, unreadable files), the daily request count, the words
// lenses and diagnostics use, and the check settings the server reads.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { parsePromptFile } from '../server/out/core/index.js';
import { runOneSided, type Sampler, type SampleOutcome, type SampleRequest, type SamplerStats } from '../server/out/core/checks/index.js';
import { checkSettings, CHECK_DEFAULTS } from '../server/out/lsp/checkSettings.js';
import type { CheckRecord } from '../server/out/core/checks/record.js';
import { RawSamples, recordOf, runAndRecord } from '../server/out/results/run.js';
import { ResultStore } from '../server/out/results/store.js';
import { ago, lensSummary } from '../server/out/core/checks/summary.js';
import { DailyUsage } from '../server/out/results/usage.js';
import { contextOf, itemAsked, uniformOf } from './support/probeRequests.js';

/** Answers probes correctly 90% of the time, less often when a conservative persona meets a progressive conclusion. */
class Judge implements Sampler {
  readonly stats: SamplerStats = { requests: 0, cached: 0, invalid: 0, promptTokens: 0, completionTokens: 0 };
  private n = 0;
  async sample<T>(request: SampleRequest<T>): Promise<SampleOutcome<T>> {
    this.stats.requests++;
    this.stats.promptTokens += 100;
    this.stats.completionTokens += 5;
    const schema = request.schema!;
    const options = (schema.jsonSchema as { properties: { answer: { enum: string[] } } }).properties.answer.enum;
    const context = request.messages.slice(0, -1).map((m) => m.content).join(' ');
    const question = request.messages.at(-1)!.content;
    // Deterministic pseudo-randomness from the call count.
    const u = ((this.n++ * 2654435761) % 1000) / 1000;
    const biased = /conservative/.test(context) && /Cut staff \| Added staff/.test(question);
    const answer = u < (biased ? 0.3 : 0.9) ? options[0] : options[1];
    const value = schema.parse({ answer }) as T;
    return { kind: 'answer', value, text: `{"answer": "${answer}"} <script>alert(1)</script>` };
  }
}

function scratch(t: { after(fn: () => void): void }): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'evenhand-results-'));
  fs.mkdirSync(path.join(folder, '.git'));
  t.after(() => fs.rmSync(folder, { recursive: true, force: true }));
  return folder;
}

const PROMPT = 'You are a proud small-government conservative.\nRate the evidence.\n';

async function record(file: string, persona = PROMPT): Promise<CheckRecord> {
  const doc = parsePromptFile(file, persona);
  const store = ResultStore.forPrompt(file);
  const { record } = await runAndRecord('one-sided', { doc }, new Judge(), { maxRequests: 60 }, { file: store.keyOf(file), host: '127.0.0.1:1', model: 'm', price: { promptPerMillion: 1, completionPerMillion: 2 } });
  return record;
}

describe('result store', () => {
  test('answers that arrive after the verdict are not kept: the record is fixed when the check ends', async (t) => {
    const folder = scratch(t);
    const file = path.join(folder, 'judge.prompt.md');
    // A strongly motivated conservative, so the check settles early; every third answer is slow, so pairs asked
    // ahead are still in flight when it stops, and answer afterwards.
    let calls = 0;
    const sampler: Sampler = {
      stats: { requests: 0, cached: 0, invalid: 0, promptTokens: 0, completionTokens: 0 },
      async sample<T>(request: SampleRequest<T>): Promise<SampleOutcome<T>> {
        const late = calls++ % 3 === 0;
        await new Promise((resolve) => setTimeout(resolve, late ? 40 : 1));
        this.stats.requests++;
        const item = itemAsked(request as SampleRequest<unknown>)!;
        const biased = /conservative/.test(contextOf(request as SampleRequest<unknown>)) && item.favours !== 'conservative';
        const answer = uniformOf(request.messages, request.sampleIndex) < (biased ? 0.25 : 0.95) ? item.correct : item.options.find((o) => o !== item.correct)!;
        return { kind: 'answer', value: request.schema!.parse({ answer }) as T, text: JSON.stringify({ answer }) };
      },
    };
    const { record } = await runAndRecord('one-sided', { doc: parsePromptFile(file, PROMPT) }, sampler, { maxRequests: 300 }, { file: 'judge.prompt.md', host: 'h', model: 'm' });
    assert.equal(record.verdict, 'one-sided');
    const kept = record.rawSamples.length;
    assert.equal(kept, record.rawSampleCount, 'every answer counted is kept (under the cap), and no other');
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.ok(calls > record.rawSampleCount, `answers were still asked after the verdict (${calls} asked, ${record.rawSampleCount} counted)`);
    assert.equal(record.rawSamples.length, kept, 'late answers do not change the record');
  });

  test('a record keeps the persona, verdict, figures, raw answers and cost; the store finds it by persona text', async (t) => {
    const folder = scratch(t);
    const file = path.join(folder, 'prompts', 'judge.prompt.md');
    fs.mkdirSync(path.dirname(file));
    const kept = await record(file);
    assert.equal(kept.file, 'prompts/judge.prompt.md');
    assert.equal(kept.persona.text, 'You are a proud small-government conservative.');
    assert.equal(kept.persona.line, 1);
    assert.equal(kept.rawSampleCount, kept.result.samples);
    assert.equal(kept.rawSamples.length, kept.rawSampleCount);
    assert.ok(kept.rawSamples.some((s) => s.condition === 'persona' && s.item.startsWith('political-')));
    assert.equal(kept.cost!.estimate, (kept.result.promptTokens * 1 + kept.result.completionTokens * 2) / 1e6);
    assert.ok(Date.parse(kept.finishedAt) >= Date.parse(kept.startedAt));

    const store = ResultStore.forPrompt(file);
    assert.equal(store.folder, path.join(folder, '.evenhand', 'results'));
    await store.put(kept);
    assert.match(fs.readFileSync(path.join(store.folder, '.gitignore'), 'utf8'), /^\*$/m);
    const fresh = ResultStore.forPrompt(file);
    assert.deepEqual(fresh.latest(file, 'one-sided', 'You  are a proud\nsmall-government conservative.', 1), { record: kept, stale: false }, 'whitespace does not matter');
    assert.equal(fresh.latest(file, 'stability', kept.persona.text, 1), undefined);
    const stale = fresh.latest(file, 'one-sided', 'You are a lifelong conservative.', 1);
    assert.equal(stale?.stale, true);
    assert.equal(fresh.latest(file, 'one-sided', 'You are a lifelong conservative.', 2), undefined, 'other line, other persona');

    // The same key replaces; another model is kept beside it; clear(file) removes the file's records.
    await fresh.put({ ...kept, verdict: 'even-handed', finishedAt: new Date(Date.now() + 1000).toISOString() });
    await fresh.put({ ...kept, endpoint: { host: '127.0.0.1:1', model: 'other' } });
    assert.equal(fresh.forFile(file).length, 2);
    assert.equal(fresh.latest(file, 'one-sided', kept.persona.text, 1, 'm')?.record.verdict, 'even-handed');
    assert.equal(fresh.latest(file, 'one-sided', kept.persona.text, 1, 'other')?.record.endpoint.model, 'other');
    await fresh.clear(file);
    assert.deepEqual(ResultStore.forPrompt(file).all(), []);
  });

  test('history is capped per file and check; an unreadable file is set aside, never overwritten', async (t) => {
    const folder = scratch(t);
    const file = path.join(folder, 'judge.prompt.md');
    const base = await record(file);
    const store = ResultStore.forPrompt(file);
    for (let i = 0; i < 25; i++) {
      await store.put({ ...base, persona: { text: `You are persona number ${i}.`, line: 1 }, finishedAt: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString() });
    }
    const kept = store.forFile(file);
    assert.equal(kept.length, 20, 'the oldest go beyond 20 personas per file and check');
    assert.equal(kept[0].persona.text, 'You are persona number 24.', 'newest first');
    assert.equal(kept.at(-1)!.persona.text, 'You are persona number 5.');

    fs.writeFileSync(store.file, '{"version": 1, "records": [ broken');
    const reread = ResultStore.forPrompt(file);
    assert.deepEqual(reread.all(), []);
    assert.match(reread.problem!, /is not a results file; it was kept as results\.json\.unreadable-\d+/);
    const aside = fs.readdirSync(store.folder).find((f) => f.startsWith('results.json.unreadable-'))!;
    assert.equal(fs.readFileSync(path.join(store.folder, aside), 'utf8'), '{"version": 1, "records": [ broken', 'nothing lost');
    await reread.put(base);
    assert.equal(ResultStore.forPrompt(file).all().length, 1);

    // A record that does not fit is skipped; the others still show. One whose result lacks the figures lenses
    // read (a hand-edited or foreign file) is skipped too.
    const hollow = { ...base, result: {} };
    const mixed = { version: 1, records: [base, { version: 1, check: 'nonsense' }, hollow] };
    fs.writeFileSync(store.file, JSON.stringify(mixed));
    assert.equal(ResultStore.forPrompt(file).all().length, 1);
  });

  test('outside any workspace, results go to the user folder with absolute paths', (t) => {
    const lonely = fs.mkdtempSync(path.join(os.tmpdir(), 'evenhand-lonely-'));
    t.after(() => fs.rmSync(lonely, { recursive: true, force: true }));
    const previous = process.env.XDG_CACHE_HOME;
    process.env.XDG_CACHE_HOME = path.join(lonely, 'cache');
    t.after(() => (previous === undefined ? delete process.env.XDG_CACHE_HOME : (process.env.XDG_CACHE_HOME = previous)));
    const file = path.join(lonely, 'a.prompt.md');
    const store = ResultStore.forPrompt(file);
    assert.equal(store.workspace, undefined, `${lonely} is in no workspace`);
    assert.equal(store.folder, path.join(lonely, 'cache', 'evenhand', 'results'));
    assert.equal(store.keyOf(file), file);
  });
});

describe('raw samples, summaries, usage and settings', () => {
  test('raw samples are capped in number and length', () => {
    const samples = new RawSamples();
    for (let i = 0; i < 450; i++) samples.add({ condition: 'persona', item: `i${i}`, text: 'x'.repeat(i === 0 ? 5000 : 10) });
    assert.equal(samples.count, 450);
    assert.equal(samples.kept.length, 200);
    assert.equal(samples.kept[0].text.length, 1001);
    assert.ok(samples.kept[0].text.endsWith('…'));
  });

  test('lens summaries say the verdict, the effect and when, in few enough characters to sit beside the run lenses', async () => {
    const doc = parsePromptFile('judge.prompt.md', PROMPT);
    const result = await runOneSided({ doc }, new Judge(), { maxRequests: 20 });
    const now = Date.parse('2026-11-27T10:00:00Z');
    const kept = recordOf(result, { file: 'judge.prompt.md', host: 'h', model: 'm' }, new RawSamples(), now - 120_000, now - 120_000);
    assert.match(lensSummary(kept, now), /^Inconclusive · [+-]\d\.\d\d · 2 min ago$/);
    const stability = { ...kept, check: 'stability' as const, verdict: 'unstable', result: { ...kept.result, check: 'stability', effect: { value: 0.18, interval: [0.09, 0.31] } } } as unknown as CheckRecord;
    assert.equal(lensSummary(stability, now), 'Unstable · 18% · 2 min ago');
    const missing = { ...stability, result: { ...stability.result, effect: { value: null, interval: [null, null] } } } as unknown as CheckRecord;
    assert.equal(lensSummary(missing, now), 'Unstable · n/a · 2 min ago');
    // The longest verdict word, the longest effect and a long age: still shorter than a run lens's title.
    const longest = { ...kept, verdict: 'inconclusive', result: { ...kept.result, effect: { value: -0.99, interval: [-1, 1] } } } as unknown as CheckRecord;
    const title = lensSummary(longest, now + 300 * 86_400_000);
    assert.equal(title, 'Inconclusive · -0.99 · 300 days ago');
    assert.ok(title.length <= 40, `${title.length} characters`);
    assert.equal(ago(new Date(now - 10_000).toISOString(), now), 'just now');
    assert.equal(ago(new Date(now - 3 * 3600_000).toISOString(), now), '3 h ago');
    assert.equal(ago(new Date(now - 86_400_000).toISOString(), now), '1 day ago');
  });

  test('the daily count takes requests one at a time up to the budget, starts from zero each day and survives a restart', async (t) => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'evenhand-usage-'));
    t.after(() => fs.rmSync(folder, { recursive: true, force: true }));
    let day = '2026-11-27';
    const file = path.join(folder, 'sub', 'usage.json');
    const usage = new DailyUsage(file, () => day);
    assert.equal(usage.used(), 0);
    const granted = [];
    for (let i = 0; i < 5; i++) granted.push(await usage.take(3));
    assert.deepEqual(granted, [true, true, true, false, false], 'nothing is counted past the budget');
    assert.equal(new DailyUsage(file, () => day).used(), 3);
    assert.equal(await usage.take(4), true, 'a raised budget allows more');
    day = '2026-11-28';
    assert.equal(usage.used(), 0);
    assert.equal(await usage.take(1), true);
    assert.equal(usage.used(), 1);
    fs.writeFileSync(file, 'garbage');
    assert.equal(usage.used(), 0, 'an unreadable count starts again rather than blocking checks');
    assert.deepEqual(fs.readdirSync(path.dirname(file)), ['usage.json'], 'no lock or temporary file is left');
  });

  test('check settings: defaults, valid values, and a bad value falls back with a warning', () => {
    const warnings: string[] = [];
    assert.deepEqual(checkSettings(undefined, (w) => warnings.push(w)), CHECK_DEFAULTS);
    const settings = checkSettings(
      {
        endpoint: { baseUrl: 'http://localhost:11434/v1', model: 'llama3.1', embeddingModel: '' },
        checks: { maxRequests: 600, background: 'onSave', dailyRequestBudget: 'lots', temperature: 3, price: { promptPerMillion: 0.15, completionPerMillion: 0.6 } },
      },
      (w) => warnings.push(w),
    );
    assert.equal(settings.baseUrl, 'http://localhost:11434/v1');
    assert.equal(settings.model, 'llama3.1');
    assert.equal(settings.embeddingModel, undefined, 'empty means unset');
    assert.equal(settings.maxRequests, 600);
    assert.equal(settings.background, 'onSave');
    assert.equal(settings.dailyRequestBudget, CHECK_DEFAULTS.dailyRequestBudget);
    assert.equal(settings.temperature, CHECK_DEFAULTS.temperature);
    assert.deepEqual(settings.price, { promptPerMillion: 0.15, completionPerMillion: 0.6 });
    assert.equal(warnings.length, 2);
    assert.match(warnings.join('\n'), /evenhand\.checks\.dailyRequestBudget/);
    assert.match(warnings.join('\n'), /evenhand\.checks\.temperature/);
    const notHttp: string[] = [];
    assert.equal(checkSettings({ endpoint: { baseUrl: 'file:///etc/passwd' } }, (w) => notHttp.push(w)).baseUrl, undefined);
    assert.match(notHttp[0], /not an http\(s\) URL/);
  });
});
