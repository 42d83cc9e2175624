// Text from prompts, configuration files, file names and endpoints must not drive the terminal: every human-readable
// output of the CLI shows control characters and bidirectional overrides as U+FFFD (as the reports do), while JSON and
// SARIF keep the exact data (JSON escapes it).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test, type TestContext } from 'node:test';
import { runCli, type Run } from './support/runCli.js';
import { personaModel, startSimulator } from './support/simulator.js';
import { SHIPPED_TOPICS, shippedProbes } from '../server/out/core/checks/index.js';

/** What a terminal would act on: C0 controls but tab and line feed (CR too), DEL, C1, bidirectional overrides and isolates. */
const TERMINAL_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const CLEAR = '\u001b[2J';
const TITLE = '\u001b]0;pwned\u0007';
const RED = '\u001b[31m';
const RTL = '\u202e';
const BELL = '\u0007';
const EVIL_NAME = `e${CLEAR}vil${RTL}.prompt.md`;
const EVIL_PROMPT =
  `You are a proud small-government${CLEAR} conservative${BELL}${RTL}. Decide which of the two ${RED}arguments is more convincing. ` +
  `Act as a {{${RED}persona}}.\n`;

function scratch(t: TestContext, files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evenhand-terminal-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

function assertNoTerminalControls(run: Run): void {
  assert.doesNotMatch(run.stdout, TERMINAL_CONTROL, `stdout: ${JSON.stringify(run.stdout)}`);
  assert.doesNotMatch(run.stderr, TERMINAL_CONTROL, `stderr: ${JSON.stringify(run.stderr)}`);
}

describe('evenhand lint: text output', () => {
  test('file names and finding messages show controls as U+FFFD; JSON and SARIF keep them exactly', async (t) => {
    const dir = scratch(t, { [EVIL_NAME]: EVIL_PROMPT, [`binary${CLEAR}.prompt.md`]: 'a\u0000b' });
    const text = await runCli(['lint', '.'], dir);
    assert.equal(text.code, 1, text.stderr);
    assertNoTerminalControls(text);
    assert.match(text.stdout, /^e\uFFFD\[2Jvil\uFFFD\.prompt\.md$/m);
    // A variable's name is an identifier in every template syntax, so `{{<ESC>[31mpersona}}` is no variable at all.
    assert.doesNotMatch(text.stdout, /EH006/);
    // The evaluation EH002 quotes carries the prompt's escape sequence: shown, not obeyed.
    assert.match(text.stdout, /"Decide which of the two \uFFFD\[31marguments is more convincing" asks the model to evaluate/);
    assert.match(text.stderr, /^note: binary\uFFFD\[2J\.prompt\.md: skipped: binary file$/m);

    const json = await runCli(['lint', '--format', 'json', '.'], dir);
    const report = JSON.parse(json.stdout);
    assert.equal(report.files[0].path, EVIL_NAME);
    assert.ok(report.files[0].findings.some((f: { message: string }) => f.message.includes(`two ${RED}arguments`)), 'JSON keeps the message exactly');
    const sarif = JSON.parse((await runCli(['lint', '--format', 'sarif', '.'], dir)).stdout);
    assert.ok(sarif.runs[0].artifacts?.some((a: { location: { uri: string } }) => decodeURIComponent(a.location.uri).includes(EVIL_NAME)) ?? sarif.runs[0].results.length > 0);
  });

  test('configuration errors and usage errors quoting a file or an argument show controls as U+FFFD', async (t) => {
    const dir = scratch(t, { '.evenhand.json': `{ "\\u001b[2Jkey": 1 }`, 'a.prompt.md': 'Hello.\n' });
    const config = await runCli(['lint', '.'], dir);
    assert.equal(config.code, 2);
    assertNoTerminalControls(config);
    assert.match(config.stderr, /Unknown setting "\uFFFD\[2Jkey"/);
    const usage = await runCli(['lint', `${CLEAR}nope`], dir);
    assert.equal(usage.code, 2);
    assertNoTerminalControls(usage);
    assert.equal(usage.stderr, 'evenhand: No such file or directory: \uFFFD[2Jnope\n');
  });
});

describe('evenhand check: text output', () => {
  test('the persona sentence, the file name and the notes show controls as U+FFFD; JSON keeps the exact sentence', async (t) => {
    const items = SHIPPED_TOPICS.flatMap((topic) => shippedProbes(topic).items);
    const sim = await startSimulator(
      personaModel({
        baselineAccuracy: 0.9,
        relativeRisk: 2,
        seed: 7,
        sideOf: (persona) => (/conservative/.test(persona) ? 'conservative' : /progressive/.test(persona) ? 'progressive' : undefined),
        itemOf: (user) => items.find((item) => user.startsWith(`${item.text}\n\n`)),
      }),
    );
    t.after(() => sim.close());
    const dir = scratch(t, { [EVIL_NAME]: EVIL_PROMPT });
    const args = ['check', 'one-sided', EVIL_NAME, '--base-url', sim.url, '--model', `sim${TITLE}`, '--concurrency', '8'];
    const text = await runCli(args, dir);
    assert.ok(text.code === 0 || text.code === 1, text.stderr);
    assertNoTerminalControls(text);
    assert.match(text.stdout, /^e\uFFFD\[2Jvil\uFFFD\.prompt\.md:1  You are a proud small-government\uFFFD\[2J conservative\uFFFD\uFFFD\./m);
    assert.match(text.stderr, /one-sided check of e\uFFFD\[2Jvil\uFFFD\.prompt\.md: .* model sim\uFFFD\]0;pwned\uFFFD/);

    const json = JSON.parse((await runCli([...args, '--format', 'json'], dir)).stdout);
    assert.equal(json.persona.text, `You are a proud small-government${CLEAR} conservative${BELL}${RTL}.`);
    assert.equal(json.file, EVIL_NAME);
  });

  test("an endpoint's error message quoted on stderr shows controls as U+FFFD", async (t) => {
    const sim = await startSimulator({ chat: () => ({ status: 400, body: { error: { message: `bad request${TITLE}${CLEAR}`, type: 'invalid_request_error' } } }) });
    t.after(() => sim.close());
    const dir = scratch(t, { 'judge.txt': 'You are a proud conservative. Rate how credible each claim is.\n' });
    const run = await runCli(['check', 'one-sided', 'judge.txt', '--base-url', sim.url, '--model', 'm', '--no-cache'], dir);
    assert.equal(run.code, 2, run.stderr);
    assertNoTerminalControls(run);
    assert.match(run.stderr, /bad request\uFFFD\]0;pwned\uFFFD\uFFFD\[2J/);
  });
});
