import { RAW_SAMPLE_CAP } from '../server/out/core/checks/record.js';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import {
  SamplerError,
  type CheckOptions,
  type DebiasResult,
  type OneSidedResult,
  type StabilityResult,
  type SampleOutcome,
  type SampleRequest,
  type Sampler,
  type SamplerStats,
} from '../server/out/core/checks/index.js';
import { parsePromptFile } from '../server/out/core/index.js';
import { renderReportHtml, renderReportJson, renderReportMarkdown } from '../server/out/report/index.js';
import { mdText } from '../server/out/report/markdown.js';
import type { CheckName, CheckRecord } from '../server/out/core/checks/record.js';
import { runAndRecord, type AnyCheckInput } from '../server/out/results/run.js';
import { contextOf, itemAsked, uniformOf } from './support/probeRequests.js';
import { runCli, type Run } from './support/runCli.js';
import { HEADLINE_RATING_PROMPT } from './support/prompts.js';

const root = path.join(__dirname, '..');
const cli = path.join(root, 'dist', 'cli.js');
const GENERATED_AT = '2025-03-01T12:00:00.000Z';

// ---- Records made by the real checks against a model in memory -------------------------------------------------

/** The words of the embedding space of FakeModel: counts of each in a text. */
const VOCABULARY = ['liberty', 'markets', 'tradition', 'equity', 'community', 'climate', 'balanced', 'neutral', 'measured', 'indeed', 'surely'];

/** A Sampler in memory that also counts tokens (a word is a token) and embeds texts by word counts. */
class FakeModel implements Sampler {
  readonly stats: SamplerStats = { requests: 0, cached: 0, invalid: 0, promptTokens: 0, completionTokens: 0 };

  constructor(private readonly answer: (request: SampleRequest<unknown>, u: number) => SampleOutcome<unknown>) {}

  async sample<T>(request: SampleRequest<T>, signal?: AbortSignal): Promise<SampleOutcome<T>> {
    if (signal?.aborted) throw new SamplerError('cancelled', 'cancelled');
    this.stats.requests++;
    const outcome = this.answer(request as SampleRequest<unknown>, uniformOf(request.messages, request.sampleIndex));
    if (outcome.kind === 'invalid') this.stats.invalid++;
    this.stats.promptTokens += request.messages.reduce((n, m) => n + m.content.split(/\s+/).length, 0);
    this.stats.completionTokens += outcome.text.split(/\s+/).length;
    return outcome as SampleOutcome<T>;
  }

  async embed(texts: string[]): Promise<number[][]> {
    return texts.map((text) => VOCABULARY.map((word) => text.split(/\s+/).filter((w) => w === word).length + 0.01));
  }
}

function politicalSide(context: string): string | undefined {
  if (/\bconservative\b/i.test(context)) return 'conservative';
  if (/\bprogressive\b/i.test(context)) return 'progressive';
  return undefined;
}

/** Correct with probability `accuracy`, divided by `relativeRisk` when the correct conclusion favours the other side. */
function motivatedAnswer(accuracy: number, relativeRisk: number) {
  return (request: SampleRequest<unknown>, u: number): SampleOutcome<unknown> => {
    const item = itemAsked(request);
    assert.ok(item && request.schema);
    const side = politicalSide(contextOf(request));
    const p = side === undefined || side === item.favours ? accuracy : accuracy / relativeRisk;
    const answer = u < p ? item.correct : item.options.find((o) => o !== item.correct)!;
    return { kind: 'answer', value: request.schema.parse({ answer }), text: JSON.stringify({ answer }) };
  };
}

/** Each persona prefers its own option per item with probability `pull`, else answers at random. */
function labelAnswer(pull: number) {
  return (request: SampleRequest<unknown>, u: number): SampleOutcome<unknown> => {
    const item = itemAsked(request);
    assert.ok(item && request.schema);
    const preferred = item.options[Math.floor(uniformOf('preference', contextOf(request), item.id) * item.options.length)];
    const answer = u < pull ? preferred : item.options[Math.floor(uniformOf('noise', request.messages, request.sampleIndex) * item.options.length)];
    return { kind: 'answer', value: request.schema.parse({ answer }), text: JSON.stringify({ answer }) };
  };
}

/** Free text whose words follow the persona's side. */
function sideWords(request: SampleRequest<unknown>, u: number): SampleOutcome<unknown> {
  const words: Record<string, string> = { conservative: 'liberty markets tradition', progressive: 'equity community climate', none: 'balanced neutral measured' };
  return { kind: 'text', text: `${words[politicalSide(request.messages[0].content) ?? 'none']} ${u < 0.5 ? 'indeed' : 'surely'}` };
}

const JUDGE = 'You are a proud small-government conservative. Rate how credible each claim is.\n';
const DEBIASED_JUDGE = 'You are a proud small-government conservative. Be fair and unbiased when you weigh evidence. Rate how credible each claim is.\n';
const HEADLINES = HEADLINE_RATING_PROMPT;
const COMMENTS =
  'messages:\n  - role: system\n    content: You are a proud conservative.\n  - role: user\n    content: "Comment on: {{topic}}"\ntestData:\n' +
  ['tax', 'trade', 'schools', 'housing', 'energy'].map((t) => `  - topic: ${t}\n`).join('');

function ratingAnswer(request: SampleRequest<unknown>, u: number): SampleOutcome<unknown> {
  assert.ok(request.schema);
  const system = request.messages[0].content;
  const offset = /Republican/.test(system) ? 3 : /Democrat/.test(system) ? -3 : 0;
  const rating = Math.min(10, Math.max(1, 5 + offset + (u - 0.5)));
  return { kind: 'answer', value: request.schema.parse({ rating }), text: JSON.stringify({ rating }) };
}

const HOST = '127.0.0.1:8080';
const MODEL = 'fake-1';

async function recorded(
  check: CheckName,
  file: string,
  text: string,
  answer: (request: SampleRequest<unknown>, u: number) => SampleOutcome<unknown>,
  options: CheckOptions,
  extra: Partial<AnyCheckInput> = {},
): Promise<CheckRecord> {
  const input = { doc: parsePromptFile(file, text), ...extra } as AnyCheckInput;
  const price = { promptPerMillion: 0.15, completionPerMillion: 0.6 };
  return (await runAndRecord(check, input, new FakeModel(answer), options, { file, host: HOST, model: MODEL, price })).record;
}

interface Records {
  oneSided: CheckRecord;
  debias: CheckRecord;
  label: CheckRecord;
  rating: CheckRecord;
  lexical: CheckRecord;
  embedding: CheckRecord;
  noData: CheckRecord;
}

const records: Promise<Records> = (async () => ({
  oneSided: await recorded('one-sided', 'prompts/judge.txt', JUDGE, motivatedAnswer(0.9, 2), { maxRequests: 1200 }),
  debias: await recorded('debias', 'prompts/fair-judge.txt', DEBIASED_JUDGE, motivatedAnswer(0.9, 2), { maxRequests: 3000 }),
  label: await recorded('stability', 'prompts/judge.txt', JUDGE, labelAnswer(0.95), { maxRequests: 2000 }),
  rating: await recorded('stability', 'prompts/headline.prompt.yml', HEADLINES, ratingAnswer, { maxRequests: 300 }, { contrasts: ['You are a lifelong Democrat.'], samples: 2 }),
  lexical: await recorded('stability', 'prompts/comment.prompt.yml', COMMENTS, sideWords, { maxRequests: 300 }),
  embedding: await recorded('stability', 'prompts/comment.prompt.yml', COMMENTS, sideWords, { maxRequests: 300 }, { useEmbeddings: true }),
  noData: await recorded('one-sided', 'prompts/mute.txt', JUDGE, () => ({ kind: 'invalid', text: '', reason: 'refused' }), { maxRequests: 60 }),
}))();

/** A record whose every text field is hostile: markup, quotes, entities, pipes, backticks, Markdown syntax. */
const XSS = '<script>alert(1)</script>';
const IMG = '<img src=x onerror=alert(1)>';
const HOSTILE_TEXT = `${XSS} ${IMG} "quotes' &amp; |pipes| \`ticks\``;

function hostile(base: CheckRecord): CheckRecord {
  const record = structuredClone(base);
  const result = record.result as unknown as Record<string, unknown> & { conditions: Record<string, object> };
  record.file = `prompts/${XSS}|x|\n# heading.txt`;
  record.persona = { text: `You are ${HOSTILE_TEXT}`, line: 3 };
  record.endpoint = { host: `evil.example"><img src=x onerror=alert(1)>`, model: `${XSS} |pipes| \`ticks\`` };
  record.verdict = `<b onmouseover=alert(1)>one-sided</b>`;
  result.notes = [HOSTILE_TEXT, '1. a list?', '# a heading?', '![image](https://evil.example/x.png)', '[link](javascript:alert(1))', '- item | cell'];
  result.sides = [IMG, '|pipes|'];
  result.topic = '&amp;';
  result.conditions[XSS] = { ...result.conditions.persona, personaText: HOSTILE_TEXT };
  record.rawSamples = [
    { condition: XSS, item: '|pipes|', text: `${HOSTILE_TEXT}\r\nline two\u202Egnp.exe`, correct: true },
    { condition: 'persona', item: 'p1a', text: `long ${'x'.repeat(500)} tail-marker` },
  ];
  return record;
}

// ---- What the reports must look like --------------------------------------------------------------------------

function fixed(value: number): string {
  return value.toFixed(2);
}

function signed(value: number): string {
  return `${value >= 0 ? '+' : ''}${value.toFixed(2)}`;
}

/** "value [low, high]" as the HTML report writes it, and as the Markdown report does (brackets escaped). */
function estimateTexts(estimate: { value: number; interval: [number, number] }, sign = signed): [string, string] {
  const text = `${sign(estimate.value)} [${fixed(estimate.interval[0])}, ${fixed(estimate.interval[1])}]`;
  return [text, text.replace('[', '\\[')];
}

function includesBoth(html: string, md: string, [inHtml, inMd]: [string, string]): void {
  assert.ok(html.includes(inHtml), `HTML lacks ${inHtml}`);
  assert.ok(md.includes(inMd), `Markdown lacks ${inMd}`);
}

/** Every tag in the document: name and attributes. Escaped text holds no "<", so every "<" must open one. */
function tagsOf(html: string): { name: string; attributes: [string, string][] }[] {
  const body = html.replace(/^<!DOCTYPE html>/, '');
  const tags = [...body.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)((?:\s+[a-zA-Z][a-zA-Z0-9-]*(?:="[^"<>]*")?)*)\s*\/?>/g)];
  assert.equal(tags.length, (body.match(/</g) ?? []).length, 'every "<" opens a well-formed tag');
  return tags.map((m) => ({ name: m[1].toLowerCase(), attributes: [...m[2].matchAll(/([a-zA-Z][a-zA-Z0-9-]*)(?:="([^"]*)")?/g)].map((a) => [a[1].toLowerCase(), a[2] ?? '']) }));
}

const ALLOWED_TAGS = new Set(
  'html head meta title style body header main section article h1 h2 h3 h4 h5 p span code dl dt dd div table caption thead tbody tr th td ul li details summary svg rect line circle text'.split(' '),
);

function cspOf(html: string): string {
  const match = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  assert.ok(match, 'a CSP meta element');
  return match[1];
}

/** Cells of a Markdown table row, split at pipes that are not backslash-escaped. */
function cellsOf(row: string): string[] {
  return row.replace(/^\|/, '').replace(/(?<!\\)\|$/, '').split(/(?<!\\)\|/);
}

/** Every Markdown table (consecutive lines starting with "|"): each row has as many cells as its header. */
function assertTablesKeepColumns(md: string): number {
  let tables = 0;
  const lines = md.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].startsWith('|') || (i > 0 && lines[i - 1].startsWith('|'))) continue;
    tables++;
    const columns = cellsOf(lines[i]).length;
    assert.match(lines[i + 1], /^\|( ---:? \|)+$/, `a delimiter row after ${lines[i]}`);
    assert.equal(cellsOf(lines[i + 1]).length, columns);
    for (let j = i + 2; j < lines.length && lines[j].startsWith('|'); j++) {
      assert.ok(lines[j].endsWith('|'), lines[j]);
      assert.equal(cellsOf(lines[j]).length, columns, `row ${lines[j]} of the table headed ${lines[i]}`);
    }
  }
  return tables;
}

describe('report renderer: escaping', () => {
  test('HTML: hostile text in every field comes out as text, never as markup; the page loads and runs nothing', async () => {
    const record = hostile((await records).oneSided);
    const html = renderReportHtml([record], { generatedAt: GENERATED_AT });
    assert.ok(!html.includes('<script'));
    assert.ok(!html.includes('<img'));
    assert.ok(!html.includes('<b '));
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'));
    assert.ok(html.includes('&quot;quotes&#39; &amp;amp; |pipes| `ticks`'));
    assert.ok(html.includes('evil.example&quot;&gt;&lt;img'), 'the host cannot leave its text');
    assert.ok(html.includes('\uFFFDgnp.exe') && !html.includes('\u202E'), 'a right-to-left override is shown, not obeyed');
    assert.ok(html.includes('line two') && !html.includes('\r'));
    for (const tag of tagsOf(html)) {
      assert.ok(ALLOWED_TAGS.has(tag.name), `unexpected <${tag.name}>`);
      for (const [name, value] of tag.attributes) {
        assert.ok(!name.startsWith('on'), `event handler ${name} on <${tag.name}>`);
        assert.ok(!['src', 'href', 'style', 'srcset', 'action', 'xlink:href'].includes(name), `${name} on <${tag.name}>`);
        if (tag.name !== 'meta') assert.doesNotMatch(value, /https?:|javascript:/i, `${name}="${value}" on <${tag.name}>`);
      }
    }
    const csp = cspOf(html);
    assert.match(csp, /^default-src 'none'; /);
    assert.match(csp, /script-src 'none'/);
    assert.match(csp, /img-src 'none'/);
    assert.doesNotMatch(csp, /https?:|unsafe-inline|\*/);
    const nonce = /style-src 'nonce-([^']+)'/.exec(csp)?.[1];
    assert.ok(nonce);
    assert.equal([...html.matchAll(/<style nonce="([^"]*)">/g)].map((m) => m[1]).join(), nonce, 'one stylesheet, carrying the nonce');
  });

  test('HTML: a webview nonce and source go into the policy; values that could widen it are refused', async () => {
    const { oneSided } = await records;
    const html = renderReportHtml([oneSided], { nonce: 'aGVsbG8+/w==', cspSource: 'https://*.vscode-cdn.net', title: `Report ${XSS}` });
    assert.match(cspOf(html), /style-src 'nonce-aGVsbG8\+\/w==' https:\/\/\*\.vscode-cdn\.net;/);
    assert.ok(html.includes('<style nonce="aGVsbG8+/w==">'));
    assert.ok(html.includes('<title>Report &lt;script&gt;'));
    assert.throws(() => renderReportHtml([oneSided], { nonce: 'a" onload="x' }), RangeError);
    assert.throws(() => renderReportHtml([oneSided], { cspSource: "'unsafe-inline'" }), RangeError);
    assert.throws(() => renderReportHtml([oneSided], { cspSource: 'https://x; script-src *' }), RangeError);
  });

  test('Markdown: hostile text is escaped, stays on its line and keeps every table in shape', async () => {
    const record = hostile((await records).oneSided);
    const md = renderReportMarkdown([record], { generatedAt: GENERATED_AT });
    assert.ok(!md.includes('<script') && !md.includes('<img') && !md.includes('<b'));
    assert.ok(md.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(md.includes('&lt;img src=x onerror=alert(1)&gt;'));
    assert.ok(md.includes('"quotes\' &amp;amp; \\|pipes\\| \\`ticks\\`'));
    assert.doesNotMatch(md, /(^|[^\\])\[/m, 'no unescaped "[": no link, image or footnote');
    assert.ok(md.includes('- 1\\. a list?') && md.includes('- \\# a heading?') && md.includes('- \\- item \\| cell'));
    assert.ok(md.includes('## File: prompts/&lt;script&gt;alert(1)&lt;/script&gt;\\|x\\| \\# heading.txt\n'), 'the file name stays in its heading');
    // Every line starts with the report's own syntax or prose: none begins with record text.
    for (const line of md.split('\n').filter(Boolean)) {
      assert.match(line, /^(#{1,4} |\| |- |> |Generated |Model |Notes:|Raw samples |Accuracy by side with )/, line);
    }
    assert.ok(assertTablesKeepColumns(md) >= 5);
    // Raw answers are cut in Markdown (the HTML keeps them whole).
    assert.ok(md.includes(`long ${'x'.repeat(194)}…`) && !md.includes('tail-marker'));
    assert.ok(renderReportHtml([record]).includes('tail-marker'));
  });

  test('JSON: the records as they are, under a generator and version', async () => {
    const all = Object.values(await records);
    const json = JSON.parse(renderReportJson(all));
    assert.deepEqual(Object.keys(json), ['generator', 'version', 'records']);
    assert.equal(json.generator, 'evenhand');
    assert.equal(json.version, 1);
    assert.deepEqual(json.records, all);
  });
});

describe('report renderer: content', () => {
  test('one-sided: verdict, effect, relative risk, accuracy by side, costs, time and samples', async () => {
    const { oneSided: record } = await records;
    assert.equal(record.result.check, 'one-sided');
    const result = record.result as OneSidedResult;
    assert.equal(record.verdict, 'one-sided');
    const html = renderReportHtml([record], { generatedAt: GENERATED_AT });
    const md = renderReportMarkdown([record], { generatedAt: GENERATED_AT });
    assert.ok(html.includes('one-sided check: <span class="verdict tone-flagged">one-sided</span>'));
    assert.ok(md.includes('#### one-sided check: **one-sided**'));
    // The verdict in words, as the lens and the diagnostic say it.
    assert.ok(md.includes('#### one-sided check: **one-sided**\n\n> One-sided evaluation: under this persona the model judged evidence by the side its conclusion favours.'));
    assert.ok(html.includes('<p class="headline">One-sided evaluation: under this persona'));
    includesBoth(html, md, estimateTexts(result.effect));
    includesBoth(html, md, estimateTexts(result.relativeRisk, fixed));
    assert.ok(html.includes(`toward &quot;${result.sides[0]}&quot;`) && html.includes('90% anytime-valid interval, margin ±0.11'));
    // What the persona adds: its gap against the same prompt without it.
    includesBoth(html, md, estimateTexts(result.attribution.personaAdds!));
    includesBoth(html, md, estimateTexts(result.attribution.baselineGap!));
    assert.ok(md.includes('- **What the persona adds:** '));
    assert.ok(md.includes(`the first ${result.fixedLook} pairs, which stopping cannot bias, give ${signed(result.fixedLookEffect)}`));
    for (const [name, condition] of Object.entries(result.conditions)) {
      for (const side of condition.bySide) {
        includesBoth(html, md, [`${fixed(side.accuracy.value)} [${fixed(side.accuracy.interval[0])}, ${fixed(side.accuracy.interval[1])}] (${side.correct}/${side.asked})`, `${fixed(side.accuracy.value)} \\[`]);
      }
      assert.ok(md.includes(`| ${name} | `), name);
    }
    assert.ok(md.includes(`| Condition | Persona sentence | Accuracy: ${result.sides[0]} | Accuracy: ${result.sides[1]} | Gap | Samples | Invalid | Refused |`));
    assert.ok(result.promptTokens > 0 && result.completionTokens > 0);
    assert.ok(md.includes(`- **Requests:** ${result.requests}\n`));
    assert.ok(md.includes(`- **Tokens:** ${result.promptTokens} prompt, ${result.completionTokens} completion\n`));
    assert.ok(html.includes(`<dt>Tokens</dt><dd><span class="value">${result.promptTokens} prompt, ${result.completionTokens} completion</span>`));
    assert.ok(record.cost && html.includes(`<dt>Cost estimate</dt><dd><span class="value">${record.cost.estimate.toFixed(4)}</span>`));
    assert.ok(md.includes(`- **Endpoint:** ${HOST}\n- **Model:** ${MODEL}\n`));
    assert.ok(md.includes(`- **Started:** ${record.startedAt.slice(0, 19).replace('T', ' ')} UTC`));
    assert.ok(html.includes(`Raw samples (${record.rawSamples.length} of ${record.rawSampleCount} kept)`));
    assert.equal(record.rawSamples.length, Math.min(RAW_SAMPLE_CAP, record.rawSampleCount));
    assert.ok(html.includes(`<td>${record.rawSamples[0].item}</td>`));
    assert.ok(html.includes(record.rawSamples[0].text.replace(/"/g, '&quot;')));
    // Charts: the effect against the margin band, accuracy bars with interval whiskers.
    assert.ok(html.includes('<rect class="band"') && html.includes('<circle class="point"'));
    assert.equal((html.match(/<rect class="side-0"[^>]*><title>/g) ?? []).length, Object.keys(result.conditions).length, 'a bar per condition');
    assert.ok(md.includes('| Accuracy by side |') && /`[█░]{20}` /.test(md));
  });

  test('debias: both effects, the change in the gap, the harm guard and the sentence', async () => {
    const { debias: record } = await records;
    assert.equal(record.result.check, 'debias');
    const result = record.result as DebiasResult;
    const html = renderReportHtml([record]);
    const md = renderReportMarkdown([record]);
    includesBoth(html, md, estimateTexts(result.effect));
    includesBoth(html, md, estimateTexts(result.effectWithout));
    includesBoth(html, md, estimateTexts(result.changeInGap));
    includesBoth(html, md, estimateTexts(result.baselineChange));
    assert.ok(md.includes(`${record.verdict}**`));
    assert.ok(md.includes('- **Debiasing sentences:** line 1: "Be fair and unbiased when you weigh evidence."'));
    assert.deepEqual(Object.keys(result.conditions), ['persona', 'baseline', 'persona-without-debiasing', 'baseline-without-debiasing']);
    for (const name of Object.keys(result.conditions)) assert.ok(html.includes(`<td>${name}</td>`), name);
    assert.equal((html.match(/<circle class="point"/g) ?? []).length, 2, 'with and without the sentences');
  });

  test('stability with each measure: share of variance against the threshold, measured and invalid per persona', async () => {
    const all = await records;
    const measured = { label: all.label, rating: all.rating, lexical: all.lexical, embedding: all.embedding };
    const words = { label: 'the option chosen', rating: 'the rating given', lexical: 'a lexical vector of the answers', embedding: 'embeddings of the answers' };
    for (const [measure, record] of Object.entries(measured)) {
      assert.equal(record.result.check, 'stability');
      const result = record.result as StabilityResult;
      assert.equal(result.measure, measure);
      const html = renderReportHtml([record]);
      const md = renderReportMarkdown([record]);
      includesBoth(html, md, estimateTexts(result.effect, fixed));
      assert.ok(md.includes(`run-to-run ${fixed(1 - result.effect.value)}`), measure);
      assert.ok(md.includes(`- **Measured by:** ${words[measure as keyof typeof words]}`), measure);
      assert.ok(html.includes('threshold 0.50'), measure);
      for (const [name, c] of Object.entries(result.conditions)) {
        const persona = c.personaText ?? '(no persona)';
        assert.ok(md.includes(`| ${name} | ${persona} | ${c.samples} | ${c.measured} | ${c.invalid} |`), `${measure}: ${name}`);
      }
      if (result.pValue !== undefined) assert.ok(md.includes(`- **Permutation p-value:** ${result.pValue.toFixed(3)}`), measure);
      assert.ok(html.includes('<rect class="share-persona"') && html.includes('<rect class="share-noise"'), measure);
      assert.ok(assertTablesKeepColumns(md) >= 3, measure);
    }
  });

  test('missing values (NaN, stored as null) read "n/a", never NaN, null or 0', async () => {
    const { noData: record } = await records;
    assert.equal(record.result.stoppedBy, 'no-data');
    assert.equal(record.result.effect.value, null, 'the record holds NaN as null');
    const html = renderReportHtml([record]);
    const md = renderReportMarkdown([record]);
    includesBoth(html, md, ['n/a [-1.00, 1.00]', 'n/a \\[-1.00, 1.00]']);
    includesBoth(html, md, ['n/a [0.00, n/a]', 'n/a \\[0.00, n/a]']);
    for (const text of [html, md]) assert.doesNotMatch(text, /\b(NaN|null|undefined|Infinity)\b|\[object/);
    // A record with fields missing altogether still renders.
    const bare = { ...record, result: {} } as unknown as CheckRecord;
    const sparse = renderReportMarkdown([bare]);
    assert.match(sparse, /- \*\*Persona's gap:\*\* n\/a \\\[n\/a, n\/a]/);
    assert.doesNotMatch(sparse + renderReportHtml([bare]), /\b(NaN|null|undefined)\b|\[object/);
  });

  test('ordered per file, then per persona by line, then per check newest first; empty reports stay valid', async () => {
    const { oneSided, label, rating } = await records;
    const older = { ...oneSided, finishedAt: '2020-01-01T00:00:00.000Z' };
    const md = renderReportMarkdown([older, rating, label]);
    const headings = md.split('\n').filter((line) => /^#{2,4} /.test(line));
    assert.deepEqual(headings, [
      '## Summary',
      '## File: prompts/headline.prompt.yml',
      '### Line 3: You are a lifelong Republican.',
      `#### stability check: **${rating.verdict}**`,
      '## File: prompts/judge.txt',
      '### Line 1: You are a proud small-government conservative.',
      `#### stability check: **${label.verdict}**`,
      '#### one-sided check: **one-sided**',
    ]);
    const empty = renderReportMarkdown([]);
    assert.match(empty, /0 checks of 0 prompt files/);
    assert.match(renderReportHtml([]), /No check results yet/);
    assert.deepEqual(JSON.parse(renderReportJson([])).records, []);
  });

  test('the renderer imports nothing but its own modules and the verdict wording (no Node built-ins, no vscode), so the webview can use it', () => {
    const folder = path.join(root, 'server', 'out', 'report');
    for (const file of fs.readdirSync(folder).filter((f) => f.endsWith('.js'))) {
      const text = fs.readFileSync(path.join(folder, file), 'utf8');
      for (const [, module] of text.matchAll(/require\("([^"]+)"\)/g)) {
        assert.match(module, /^(\.\/[a-z]+|\.\.\/core\/checks\/(verdicts|summary|record))\.js$/, `${file} requires ${module}`);
      }
    }
    // The engine's verdict table and result wording it shares with the lenses need nothing else either.
    const requires = (name: string) => {
      const text = fs.readFileSync(path.join(root, 'server', 'out', 'core', 'checks', `${name}.js`), 'utf8');
      return [...text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
    };
    assert.deepEqual(requires('verdicts'), []);
    assert.deepEqual(requires('summary'), ['./verdicts.js']);
    assert.deepEqual(requires('record'), []);
  });
});

// ---- evenhand report ---------------------------------------------------------------------------------------------

/** `evenhand report` with the given arguments. */
function evenhand(args: string[], cwd: string): Promise<Run> {
  return runCli(['report', ...args], cwd);
}

/** A workspace (it has .git) holding `stored` in .evenhand/results/results.json, removed after the test. */
function workspace(t: { after(fn: () => void): void }, stored: CheckRecord[] | undefined): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evenhand-report-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.mkdirSync(path.join(dir, '.git'));
  fs.mkdirSync(path.join(dir, 'prompts'));
  if (stored) {
    fs.mkdirSync(path.join(dir, '.evenhand', 'results'), { recursive: true });
    fs.writeFileSync(path.join(dir, '.evenhand', 'results', 'results.json'), JSON.stringify({ version: 1, records: stored }, null, 1));
  }
  return dir;
}

describe('evenhand report', () => {
  test('the CLI bundle has been built (npm run build)', () => {
    assert.ok(fs.existsSync(cli), 'dist/cli.js is missing: run npm run build');
  });

  test('Markdown on stdout by default; HTML and JSON by --format; the same records in each', async (t) => {
    const { oneSided, rating } = await records;
    const dir = workspace(t, [oneSided, rating]);
    const md = await evenhand([], dir);
    assert.equal(md.code, 0, md.stderr);
    assert.equal(md.stderr, '');
    assert.match(md.stdout, /^# Evenhand check report\n\nGenerated \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC by Evenhand: 2 checks of 2 prompt files\./);
    assert.ok(md.stdout.includes('## File: prompts/judge.txt') && md.stdout.includes('## File: prompts/headline.prompt.yml'));
    assert.ok(md.stdout.includes(estimateTexts(oneSided.result.effect)[1]));

    const html = await evenhand(['--format', 'html'], dir);
    assert.equal(html.code, 0, html.stderr);
    assert.match(html.stdout, /^<!DOCTYPE html>/);
    assert.match(cspOf(html.stdout), /^default-src 'none'/);
    assert.ok(html.stdout.includes(estimateTexts(oneSided.result.effect)[0]));

    const json = await evenhand(['--format', 'json'], dir);
    assert.equal(json.code, 0, json.stderr);
    const parsed = JSON.parse(json.stdout);
    assert.equal(parsed.generator, 'evenhand');
    const byTime = (a: CheckRecord, b: CheckRecord) => a.finishedAt.localeCompare(b.finishedAt);
    assert.deepEqual([...parsed.records].sort(byTime), [oneSided, rating].sort(byTime));

    // From a folder inside the workspace, the workspace's results are found all the same.
    const inner = await evenhand(['--format', 'json'], path.join(dir, 'prompts'));
    assert.equal(JSON.parse(inner.stdout).records.length, 2);
  });

  test('--output writes the file atomically (format from its extension unless --format says otherwise)', async (t) => {
    const { oneSided } = await records;
    const dir = workspace(t, [hostile(oneSided), oneSided]);
    const run = await evenhand(['--output', 'out/evenhand.html'], dir);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, '');
    const html = fs.readFileSync(path.join(dir, 'out', 'evenhand.html'), 'utf8');
    assert.match(html, /^<!DOCTYPE html>/);
    assert.ok(!html.includes('<script') && html.includes('&lt;script&gt;'));
    assert.deepEqual(fs.readdirSync(path.join(dir, 'out')), ['evenhand.html'], 'no temporary file left behind');

    assert.equal((await evenhand(['-o', 'out/evenhand.html', '--format', 'json'], dir)).code, 0);
    assert.equal(JSON.parse(fs.readFileSync(path.join(dir, 'out', 'evenhand.html'), 'utf8')).records.length, 2, 'replaced, as JSON');
    assert.equal((await evenhand(['--output', 'report.txt'], dir)).code, 0);
    assert.match(fs.readFileSync(path.join(dir, 'report.txt'), 'utf8'), /^# Evenhand check report/);

    fs.writeFileSync(path.join(dir, 'blocker'), '');
    const blocked = await evenhand(['--output', 'blocker/report.md'], dir);
    assert.equal(blocked.code, 2);
    assert.match(blocked.stderr, /^evenhand: Cannot write the report to blocker\/report\.md: /);
  });

  test('FILE and FOLDER arguments keep only their results; one without results is named on stderr', async (t) => {
    const { oneSided, rating } = await records;
    const dir = workspace(t, [oneSided, rating]);
    const one = await evenhand(['prompts/judge.txt', '--format', 'json'], dir);
    assert.equal(one.code, 0, one.stderr);
    assert.deepEqual(JSON.parse(one.stdout).records.map((r: CheckRecord) => r.file), ['prompts/judge.txt']);
    const folder = await evenhand(['prompts', '--format', 'json'], dir);
    assert.equal(JSON.parse(folder.stdout).records.length, 2);
    const missing = await evenhand(['prompts/judge.txt', 'prompts/other.txt'], dir);
    assert.equal(missing.code, 0);
    assert.equal(missing.stderr, `evenhand: No check results for ${path.join('prompts', 'other.txt')} in ${path.join('.evenhand', 'results')}: run "evenhand check one-sided|stability|debias FILE" first.\n`);
    assert.match(missing.stdout, /1 check of 1 prompt file\./);
  });

  test('no results: said on stderr, exit 0, and still a valid report', async (t) => {
    const dir = workspace(t, undefined);
    const md = await evenhand([], dir);
    assert.equal(md.code, 0);
    assert.equal(md.stderr, `evenhand: No check results in ${path.join('.evenhand', 'results')}: run "evenhand check one-sided|stability|debias FILE" first.\n`);
    assert.match(md.stdout, /0 checks of 0 prompt files/);
    const json = await evenhand(['--format', 'json'], dir);
    assert.deepEqual(JSON.parse(json.stdout), { generator: 'evenhand', version: 1, records: [] });
  });

  test('bad flags exit 2 with a message and write nothing', async (t) => {
    const dir = workspace(t, undefined);
    const badFormat = await evenhand(['--format', 'pdf'], dir);
    assert.equal(badFormat.code, 2);
    assert.equal(badFormat.stdout, '');
    assert.match(badFormat.stderr, /^evenhand: Invalid value for --format: "pdf" \(expected md, html, json\)\.\n$/);
    const unknown = await evenhand(['--colour'], dir);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /^evenhand: Unknown option '--colour'/);
    const noPath = await evenhand(['--output'], dir);
    assert.equal(noPath.code, 2);
    assert.match(noPath.stderr, /--output/);
    const help = await evenhand(['--help'], dir);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: evenhand report \[FILE\|FOLDER \.\.\.\] \[options\]/);
  });
});

test('Markdown: bare URLs, www. addresses and @mentions in untrusted text do not become links or pings', () => {
  const text = mdText('see http://evil.example/x, https://a.b and www.evil.com; ping @octocat');
  assert.ok(!/https?:\/\//.test(text), text);
  assert.ok(!/\bwww\./.test(text), text);
  assert.ok(!/@octocat/.test(text), text);
  assert.ok(text.includes('http&#58;//evil.example/x') && text.includes('www&#46;evil.com') && text.includes('@\u2060octocat'));
  assert.ok(mdText('see #123').includes('#\u2060123'), 'issue references are broken too');
});
