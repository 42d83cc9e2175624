// The sampled checks through the language server, as an editor uses them: code lenses, a check run from a lens
// command with cancellable work-done progress, the result as a sampled diagnostic and an updated lens, background
// checks after a save within a daily budget, trust, and results that survive a restart. The model is the local
// simulator on 127.0.0.1. Every wait is for a message, never a timer.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { SHIPPED_TOPICS, shippedProbes } from '../server/out/core/checks/index.js';
import type { CheckStatus } from '../server/out/protocol.js';
import { SESSION_KEY_ENV, newSessionKey, seal, unseal } from '../server/out/sealing.js';
import { polled, startEditor } from './support/lspEditor.js';
import { personaModel, startSimulator, type Simulator } from './support/simulator.js';

const TIMEOUT = { timeout: 60_000 };

const JUDGE = [
  '---',
  'description: Debate judge',
  '---',
  'You are a proud small-government conservative.',
  '',
  'Read the evidence the user gives you and decide which conclusion it supports. Remain neutral.',
  '',
].join('\n');
const PERSONA_LINE = 3;

const ITEMS = SHIPPED_TOPICS.flatMap((topic) => shippedProbes(topic).items);
function politicalSide(context: string): string | undefined {
  if (/\bconservative\b/i.test(context)) return 'conservative';
  if (/\bprogressive\b/i.test(context)) return 'progressive';
  return undefined;
}

async function simulator(relativeRisk: number): Promise<Simulator> {
  return startSimulator(
    personaModel({
      baselineAccuracy: 0.9,
      relativeRisk,
      sideOf: politicalSide,
      itemOf: (text) => ITEMS.find((item) => text.startsWith(`${item.text}\n\n`)),
      seed: 11,
    }),
  );
}

const chats = (sim: Simulator) => sim.requests.filter((r) => r.path.endsWith('/chat/completions')).length;

/**
 * A workspace folder (with .git, so results and cache go to its .evenhand/), a private user cache folder, and
 * the prompt `text` written to judge.prompt.md in it.
 */
function scratch(t: { after(fn: () => void): void }, text = JUDGE): { folder: string; home: string; file: string; uri: string } {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'evenhand-lsp-checks-'));
  fs.mkdirSync(path.join(folder, '.git'));
  const home = path.join(folder, '.user-cache');
  t.after(() => fs.rmSync(folder, { recursive: true, force: true }));
  const file = path.join(folder, 'judge.prompt.md');
  fs.writeFileSync(file, text);
  return { folder, home, file, uri: pathToFileURL(file).href };
}

function endpoint(sim: Simulator, checks: Record<string, unknown> = {}) {
  return { endpoint: { baseUrl: sim.url, model: 'sim-1' }, checks: { maxRequests: 1200, ...checks } };
}

describe('sampled checks in the language server', () => {
  test('lenses offer the checks; a run streams progress, becomes a sampled diagnostic and a result lens, and goes stale when the persona changes', TIMEOUT, async (t) => {
    const sim = await simulator(3);
    t.after(() => sim.close());
    const { folder, home, file, uri } = scratch(t);
    const editor = await startEditor(folder, home, { secrets: true });
    t.after(() => editor.close());
    editor.settings = endpoint(sim);
    await editor.open(uri, JUDGE);

    const before = await editor.lenses(uri);
    const titles = before.map((l) => l.command?.title ?? '');
    assert.ok(titles.includes('Test persona stability (≤ 1200 requests)'), titles.join('\n'));
    assert.ok(titles.includes('Test one-sided evaluation (≤ 1200 requests)'));
    assert.ok(titles.includes('Test whether this sentence works (≤ 1200 requests)'));
    const oneSidedLens = before.find((l) => l.command?.title.startsWith('Test one-sided'))!;
    assert.equal(oneSidedLens.range.start.line, PERSONA_LINE);
    assert.equal(oneSidedLens.command!.command, 'evenhand.testOneSided', 'the Evenhand client runs its own command');
    assert.deepEqual(oneSidedLens.command!.arguments, [uri, PERSONA_LINE]);
    const debiasLens = before.find((l) => l.command?.title.startsWith('Test whether'))!;
    assert.equal(debiasLens.range.start.line, 5);

    const outcome = await editor.run(uri, 'one-sided', PERSONA_LINE);
    assert.ok(outcome.record, outcome.message);
    assert.equal(outcome.record.verdict, 'one-sided');
    assert.equal(outcome.record.persona.text, 'You are a proud small-government conservative.');
    assert.equal(outcome.record.file, 'judge.prompt.md');
    assert.equal(outcome.record.endpoint.model, 'sim-1');
    assert.ok(outcome.record.rawSamples.length > 0 && outcome.record.rawSampleCount >= outcome.record.rawSamples.length);
    assert.ok(editor.keyRequests.includes(new URL(sim.url).origin), 'the key is asked for the endpoint origin only');
    assert.ok(sim.requests.every((r) => r.authorized), 'the key from the editor was sent');

    // Progress: begin (cancellable), reports with the partial estimate, end.
    const kinds = editor.progress.map((p) => p.value.kind);
    assert.equal(kinds[0], 'begin');
    assert.equal(editor.progress[0].value.cancellable, true);
    assert.ok(editor.progress.some((p) => /samples · effect [-\d.]+ \[[-\d.]+, [-\d.]+\]/.test(p.value.message ?? '')), 'partial results stream');
    await editor.until(() => editor.progress.some((p) => p.value.kind === 'end'));

    await editor.until(() => editor.sampled(uri).length > 0);
    const [sampled] = editor.sampled(uri);
    assert.equal(sampled.code, 'EH102');
    assert.equal(sampled.severity, 2);
    assert.equal(sampled.range.start.line, PERSONA_LINE);
    assert.match(
      String(sampled.message),
      /^One-sided evaluation: .* persona's gap \+\d\.\d\d \(\+\d\.\d\d to \+\d\.\d\d\) toward "conservative"; without the persona [+-]\d\.\d\d, so the persona adds [+-]\d\.\d\d \(One-sided; \d+ calls to sim-1/,
    );
    assert.match(sampled.codeDescription!.href, /docs\/rules\/EH102\.md$/);
    assert.ok(sampled.relatedInformation!.some((r) => r.location.uri.endsWith('/.evenhand/results/results.json')));
    assert.ok(editor.lensRefreshes > 0, 'lenses were refreshed');
    const after = (await editor.lenses(uri)).map((l) => l.command!);
    const resultLens = after.find((c) => /^One-sided · \+\d\.\d\d · just now$/.test(c.title));
    assert.ok(resultLens, after.map((c) => c.title).join('\n'));
    assert.match(String(resultLens.tooltip), /^One-sided evaluation: .* gap \+\d\.\d\d \(\+\d\.\d\d to \+\d\.\d\d\) .*\d+ calls to sim-1/, 'the details are the tooltip');

    // Edit the persona: the diagnostic goes (it was measured on other text) and the lens says stale.
    const edited = JUDGE.replace('proud small-government conservative', 'lifelong small-government conservative');
    await editor.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: edited }] });
    await editor.until(() => editor.sampled(uri).length === 0);
    const stale = (await editor.lenses(uri)).map((l) => l.command!);
    assert.ok(stale.some((c) => c.title.startsWith('One-sided · ') && c.title.endsWith(' · stale') && c.tooltip?.endsWith('Stale: the persona changed since.')), stale.map((c) => `${c.title} | ${c.tooltip}`).join('\n'));
    assert.ok(fs.readFileSync(path.join(folder, '.evenhand', 'results', '.gitignore'), 'utf8').includes('*'));
  });

  test('results survive a restart; an untrusted workspace or no endpoint sends nothing', TIMEOUT, async (t) => {
    const sim = await simulator(3);
    t.after(() => sim.close());
    const { folder, home, file, uri } = scratch(t);

    const first = await startEditor(folder, home);
    first.settings = endpoint(sim);
    await first.open(uri, JUDGE);
    const ran = await first.run(uri, 'stability', PERSONA_LINE);
    assert.ok(ran.record, ran.message);
    await first.close();

    const untrusted = await startEditor(folder, home, { trusted: false });
    untrusted.settings = endpoint(sim);
    await untrusted.open(uri, JUDGE);
    const sent = chats(sim);
    const lenses = (await untrusted.lenses(uri)).map((l) => l.command?.title ?? '');
    assert.ok(lenses.some((title) => /^(Stable|Unstable|Inconclusive) · \d+% · /.test(title)), `kept result shown after restart:\n${lenses.join('\n')}`);
    assert.ok(lenses.includes('Sampled checks are off: this workspace is not trusted'), lenses.join('\n'));
    assert.ok(!lenses.some((l) => l.startsWith('Test ')), 'no check is offered where it would refuse');
    const refused = await untrusted.run(uri, 'one-sided', PERSONA_LINE);
    assert.equal(refused.record, undefined);
    assert.match(refused.message!, /not trusted, so Evenhand sends nothing/);
    assert.equal(chats(sim), sent, 'nothing reached the endpoint');
    // Trust granted: the same request now runs.
    await untrusted.connection.sendNotification('evenhand/trust', { trusted: true });
    await untrusted.until(() => untrusted.statuses.some((s) => s.trusted));
    untrusted.settings = {};
    // A repository's .evenhand.json cannot say where requests go: only the user's settings can.
    fs.writeFileSync(path.join(folder, '.evenhand.json'), JSON.stringify({ endpoint: { baseUrl: sim.url, model: 'sim-1' }, checks: { maxRequests: 10 } }));
    const noEndpoint = await untrusted.run(uri, 'one-sided', PERSONA_LINE);
    assert.match(noEndpoint.message!, /No model endpoint is configured/);
    assert.equal(chats(sim), sent);
    await untrusted.close();
  });

  test('background checks after a save: only changed personas, one at a time, within the daily budget', TIMEOUT, async (t) => {
    const sim = await simulator(1);
    t.after(() => sim.close());
    const text = JUDGE.replace(' Remain neutral.', '');
    const { folder, home, file, uri } = scratch(t, text);
    const editor = await startEditor(folder, home);
    t.after(() => editor.close());
    editor.settings = endpoint(sim, { background: 'onSave', maxRequests: 48, dailyRequestBudget: 150 });
    await editor.open(uri, text);

    await editor.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
    // Two checks (stability and one-sided) for the one persona, run one after the other.
    await editor.until(() => editor.statuses.some((s) => s.running !== null));
    await editor.until(() => editor.statuses.filter((s) => s.running === null).length > 0 && editor.statuses.at(-1)!.running === null && editor.statuses.at(-1)!.queued === 0 && sim.requests.length > 0);
    await editor.until(() => {
      const records = path.join(folder, '.evenhand', 'results', 'results.json');
      return fs.existsSync(records) && (JSON.parse(fs.readFileSync(records, 'utf8')) as { records: unknown[] }).records.length === 2;
    });
    // The queue is idle once the last check's own status and the drained queue's have arrived.
    let lastRunning = -1;
    editor.statuses.forEach((s, i) => (lastRunning = s.running !== null ? i : lastRunning));
    await editor.until(() => editor.statuses.length >= lastRunning + 3);
    assert.ok(sim.maxInFlight <= 4, `at most the concurrency in flight, saw ${sim.maxInFlight}`);
    const used = chats(sim);
    assert.ok(used > 0 && used <= 96, `${used} requests within two checks of 48`);
    const status = editor.statuses.at(-1)!;
    assert.equal(status.requestsToday, used);
    assert.equal(status.dailyRequestBudget, 150);

    // Saving again with the persona unchanged sends nothing; after a change, the checks run within what is left.
    await editor.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
    const status1 = editor.statuses.length;
    await editor.until(() => editor.statuses.length > status1);
    // The status the save sends says what it queued: nothing, so nothing can be sent later either.
    assert.deepEqual([editor.statuses[status1].queued, editor.statuses[status1].running], [0, null], 'unchanged persona: nothing queued');
    assert.equal(chats(sim), used, 'unchanged persona: no request');

    // Today's budget now equals what was used: a changed persona queues checks, and they send nothing.
    editor.settings = endpoint(sim, { background: 'onSave', maxRequests: 48, dailyRequestBudget: used });
    const changed = text.replace('proud', 'lifelong');
    fs.writeFileSync(file, changed);
    await editor.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: changed }] });
    const status2 = editor.statuses.length;
    await editor.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
    await editor.until(() => editor.statuses.length > status2 && editor.statuses.at(-1)!.running === null && editor.statuses.at(-1)!.queued === 0);
    assert.equal(chats(sim), used, 'the daily budget holds');
    const refused = await editor.run(uri, 'stability', PERSONA_LINE);
    assert.match(refused.message!, new RegExp(`Today's request budget of ${used} is spent`));
    // One request left buys no mirrored pair (two requests): it says so, sends nothing and keeps no empty result.
    editor.settings = endpoint(sim, { background: 'onSave', maxRequests: 48, dailyRequestBudget: used + 1 });
    const tooFew = await editor.run(uri, 'one-sided', PERSONA_LINE);
    assert.equal(tooFew.refused, 'budget', tooFew.message);
    assert.match(tooFew.message!, /leaves too few requests for one round/);
    assert.equal(chats(sim), used);
  });

  test('keys: sealed for the session, so traces never show them; OPENAI_API_KEY only goes to OpenAI or OPENAI_BASE_URL', TIMEOUT, async (t) => {
    const sim = await simulator(3);
    t.after(() => sim.close());
    const { folder, home, file, uri } = scratch(t);

    // The Evenhand client seals the key with the session key it gave the server in its environment.
    const sessionKey = newSessionKey();
    const sealed = await startEditor(folder, home, {
      secrets: true,
      env: { [SESSION_KEY_ENV]: sessionKey.toString('base64') },
      answerKey: () => ({ sealed: seal('sk-sealed-secret', sessionKey) }),
    });
    sealed.settings = endpoint(sim, { maxRequests: 12 });
    await sealed.open(uri, JUDGE);
    let before = sim.requests.length;
    assert.ok((await sealed.run(uri, 'one-sided', PERSONA_LINE)).record);
    assert.ok(sim.requests.slice(before).every((r) => r.authorized), 'the unsealed key was sent');
    await sealed.close();

    // A key sealed with another session's key is worth nothing: nothing is sent with it.
    const forged = await startEditor(folder, home, {
      secrets: true,
      env: { [SESSION_KEY_ENV]: newSessionKey().toString('base64') },
      answerKey: () => ({ sealed: seal('sk-forged', newSessionKey()) }),
    });
    forged.settings = endpoint(sim, { maxRequests: 12, temperature: 0.5 });
    await forged.open(uri, JUDGE);
    before = sim.requests.length;
    assert.ok((await forged.run(uri, 'one-sided', PERSONA_LINE)).record);
    assert.ok(sim.requests.length > before && sim.requests.slice(before).every((r) => !r.authorized));
    await forged.close();

    // OPENAI_API_KEY is not handed to a local endpoint unless OPENAI_BASE_URL points there.
    for (const [env, expected] of [
      [{ OPENAI_API_KEY: 'sk-env' }, false],
      [{ OPENAI_API_KEY: 'sk-env', OPENAI_BASE_URL: sim.url }, true],
    ] as const) {
      const editor = await startEditor(folder, home, { env });
      editor.settings = endpoint(sim, { maxRequests: 12, temperature: expected ? 0.3 : 0.4 });
      await editor.open(uri, JUDGE);
      before = sim.requests.length;
      assert.ok((await editor.run(uri, 'one-sided', PERSONA_LINE)).record);
      const sent = sim.requests.slice(before);
      assert.ok(sent.length > 0 && sent.every((r) => r.authorized === expected), JSON.stringify(env));
      await editor.close();
    }
    assert.equal(unseal(seal('x', sessionKey), newSessionKey()), undefined, 'the wrong key opens nothing');
    assert.equal(unseal('not base64 at all', sessionKey), undefined);
  });

  test('debias results go stale with their sentence; subfolder stores reach the report; excluded files and clearing the cache', TIMEOUT, async (t) => {
    const sim = await simulator(3);
    t.after(() => sim.close());
    const { folder, home, file, uri } = scratch(t);
    // A subfolder with its own .evenhand.json keeps its own results; another subfolder is excluded.
    fs.mkdirSync(path.join(folder, 'team'));
    fs.writeFileSync(path.join(folder, 'team', '.evenhand.json'), JSON.stringify({ exclude: ['drafts/**'] }));
    const teamFile = path.join(folder, 'team', 'judge.prompt.md');
    fs.writeFileSync(teamFile, JUDGE);
    fs.mkdirSync(path.join(folder, 'team', 'drafts'));
    const draft = path.join(folder, 'team', 'drafts', 'judge.prompt.md');
    fs.writeFileSync(draft, JUDGE);
    // Run All finds what `evenhand lint` finds: a .gitignored prompt and a copilot-instructions.md outside .github/
    // are not workspace prompts.
    fs.writeFileSync(path.join(folder, '.gitignore'), 'scratch/\n');
    fs.mkdirSync(path.join(folder, 'scratch'));
    fs.writeFileSync(path.join(folder, 'scratch', 'judge.prompt.md'), JUDGE);
    fs.writeFileSync(path.join(folder, 'copilot-instructions.md'), JUDGE);

    const editor = await startEditor(folder, home, { trusted: false });
    t.after(() => editor.close());
    editor.settings = endpoint(sim, { maxRequests: 16 });
    await editor.open(uri, JUDGE);
    // Granting trust refreshes the lenses at once.
    const refreshes = editor.lensRefreshes;
    await editor.connection.sendNotification('evenhand/trust', { trusted: true });
    await editor.until(() => editor.lensRefreshes > refreshes);

    const debias = await editor.run(uri, 'debias', 5);
    assert.ok(debias.record, debias.message);
    assert.deepEqual(debias.record.target, [{ text: 'Remain neutral.', line: 6 }]);
    await editor.until(() => editor.sampled(uri).some((d) => d.code === 'EH103'));
    const eh103 = editor.sampled(uri).find((d) => d.code === 'EH103')!;
    assert.equal(eh103.range.start.line, 5, 'on the debiasing sentence');
    assert.equal(eh103.relatedInformation![0].location.range.start.line, PERSONA_LINE, 'pointing at the persona it was measured with');
    const current = (await editor.lenses(uri)).map((l) => l.command!);
    assert.ok(current.some((c) => /^(Ineffective|Effective|Inconclusive) · /.test(c.title) && /gap with the sentence/.test(c.tooltip ?? '') && !c.title.includes('stale')), current.map((c) => c.title).join('\n'));

    // Another sentence: the result no longer speaks for the prompt.
    const changed = JUDGE.replace('Remain neutral.', 'Stay strictly impartial.');
    await editor.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: changed }] });
    await editor.until(() => !editor.sampled(uri).some((d) => d.code === 'EH103'));
    const stale = (await editor.lenses(uri)).map((l) => l.command!);
    assert.ok(stale.some((c) => /gap with the sentence/.test(c.tooltip ?? '') && c.title.endsWith(' · stale') && c.tooltip?.endsWith('Stale: the persona or sentence changed since.')), stale.map((c) => `${c.title} | ${c.tooltip}`).join('\n'));

    const teamRun = await editor.run(pathToFileURL(teamFile).href, 'one-sided', PERSONA_LINE);
    assert.ok(teamRun.record, teamRun.message);
    assert.ok(fs.existsSync(path.join(folder, 'team', '.evenhand', 'results', 'results.json')), 'the subfolder keeps its own results');
    const excluded = await editor.run(pathToFileURL(draft).href, 'one-sided', PERSONA_LINE);
    assert.match(excluded.message!, /excluded/);
    const plan = (await editor.connection.sendRequest('workspace/executeCommand', { command: 'evenhand.server.planAll', arguments: [{}] })) as { files: number; checks: number };
    assert.equal(plan.files, 2, 'Run All leaves out the excluded draft, the .gitignored prompt and copilot-instructions.md outside .github/');
    const all = (await editor.connection.sendRequest('workspace/executeCommand', { command: 'evenhand.server.results', arguments: [{}] })) as { file: string; check: string }[];
    assert.deepEqual(all.map((r) => `${r.file} ${r.check}`).sort(), ['judge.prompt.md debias', 'judge.prompt.md one-sided'].sort());
    assert.equal(all.length, 2, 'each store once: the workspace one and the subfolder one');

    // Clearing the cache removes replies, never results or the day's count; replies an earlier version cached
    // straight in the user folder go too.
    const legacyShard = path.join(home, 'evenhand', 'ab');
    fs.mkdirSync(legacyShard, { recursive: true });
    fs.writeFileSync(path.join(legacyShard, 'ab12.json'), '{}');
    const used = editor.statuses.at(-1)!.requestsToday;
    const { removed } = (await editor.connection.sendRequest('workspace/executeCommand', { command: 'evenhand.server.clearCache', arguments: [] })) as { removed: number };
    assert.ok(removed > 0);
    assert.equal(fs.readdirSync(path.join(folder, '.evenhand', 'cache')).join(','), '.gitignore');
    assert.ok(fs.existsSync(path.join(folder, '.evenhand', 'results', 'results.json')));
    assert.equal(fs.existsSync(legacyShard), false, 'the old shard folder is gone');
    assert.ok(fs.existsSync(path.join(home, 'evenhand', 'usage.json')), 'the day\'s count stays');
    const status = (await editor.connection.sendRequest('workspace/executeCommand', { command: 'evenhand.server.status', arguments: [] })) as CheckStatus;
    assert.equal(status.requestsToday, used);
  });

  test('a kept result with odd values never takes the static lint down', TIMEOUT, async (t) => {
    const { folder, home, file, uri } = scratch(t);
    const odd = {
      version: 1, check: 'one-sided', file: 'judge.prompt.md', persona: { text: 'You are a proud small-government conservative.', line: 4 },
      endpoint: { host: 'h', model: 'm' }, verdict: 'one-sided', startedAt: 'x', finishedAt: 'not a date', durationMs: -1,
      result: { check: 'one-sided', effect: { value: null, interval: [null, null] }, requests: 3, cached: 0, persona: { text: 'p' }, sides: 7 },
      rawSamples: [], rawSampleCount: 0,
    };
    fs.mkdirSync(path.join(folder, '.evenhand', 'results'), { recursive: true });
    fs.writeFileSync(path.join(folder, '.evenhand', 'results', 'results.json'), JSON.stringify({ version: 1, records: [odd] }));
    const editor = await startEditor(folder, home, { trusted: false });
    t.after(() => editor.close());
    await editor.open(uri, JUDGE);
    const codes = (editor.diagnostics.get(uri) ?? []).map((d) => `${d.source} ${String(d.code)}`).sort();
    assert.ok(codes.includes('evenhand EH001') && codes.includes('evenhand EH003'), codes.join(', '));
    assert.ok(codes.includes('evenhand (sampled) EH102'), codes.join(', '));
    const message = String(editor.sampled(uri)[0].message);
    assert.match(message, /gap n\/a \(n\/a to n\/a\)/);

    // A sampled rule is a rule: "off" in the settings removes it, like any other.
    editor.settings = { rules: { EH102: 'off' } };
    await editor.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await editor.until(() => !editor.sampled(uri).some((d) => d.code === 'EH102'));
    assert.ok((editor.diagnostics.get(uri) ?? []).some((d) => d.code === 'EH001'), 'the static lint still runs');
  });

  test('a file over maxFileSize, and one in UTF-16, as checks read them from disk', TIMEOUT, async (t) => {
    const sim = await simulator(3);
    t.after(() => sim.close());
    const big = JUDGE + 'Rate it.\n'.repeat(Math.ceil((1024 * 1024) / 9));
    const { folder, home, uri } = scratch(t, big);
    const utf16 = path.join(folder, 'utf16.prompt.md');
    fs.writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(JUDGE, 'utf16le')]));
    const editor = await startEditor(folder, home);
    t.after(() => editor.close());
    editor.settings = endpoint(sim, { maxRequests: 12 });
    // Not open in the editor: the server reads both from disk.
    const refused = await editor.run(uri, 'one-sided', PERSONA_LINE);
    assert.equal(refused.refused, 'too-large');
    assert.match(refused.message!, /over the 1048576-byte limit/);
    assert.equal(chats(sim), 0, 'nothing sent for a file the lint does not read either');
    const decoded = await editor.run(pathToFileURL(utf16).href, 'one-sided', PERSONA_LINE);
    assert.ok(decoded.record, decoded.message);
    assert.equal(decoded.record.persona.text, 'You are a proud small-government conservative.');
  });

  test('cancelling the progress stops the check with no verdict', TIMEOUT, async (t) => {
    // A model that never answers: only the cancel can end the check.
    const sim = await startSimulator({ chat: () => ({ fault: 'hang' }) });
    t.after(() => sim.close());
    const { folder, home, file, uri } = scratch(t);
    const editor = await startEditor(folder, home);
    t.after(() => editor.close());
    editor.settings = endpoint(sim);
    await editor.open(uri, JUDGE);
    const running = editor.run(uri, 'one-sided', PERSONA_LINE);
    await editor.until(() => editor.progress.some((p) => p.value.kind === 'begin'));
    await polled(() => sim.inFlight > 0);
    const token = editor.progress.find((p) => p.value.kind === 'begin')!.token;
    await editor.connection.sendNotification('window/workDoneProgress/cancel', { token });
    const outcome = await running;
    assert.equal(outcome.record, undefined);
    assert.match(outcome.message!, /^Cancelled: no verdict\.$/);
    assert.equal(fs.existsSync(path.join(folder, '.evenhand', 'results', 'results.json')), false, 'nothing kept');
  });
});
