import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';

const root = path.join(__dirname, '..');
const bin = path.join(root, 'bin', 'evenhand.js');
const fixtures = 'test/fixtures/cli';

/** Runs the built CLI (`npm run build` first) the way a user does, and returns what it printed. */
function evenhand(args: string[], cwd = root, extraEnv: Record<string, string> = {}): { code: number | null; stdout: string; stderr: string } {
  const env = { ...process.env, ...extraEnv };
  delete env.NO_COLOR;
  const run = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env, maxBuffer: 1 << 28 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

interface JsonReport {
  version: string;
  files: {
    path: string;
    findings: {
      ruleId: string;
      ruleName: string;
      severity: string;
      message: string;
      line: number;
      column: number;
      endLine: number;
      endColumn: number;
      range: { start: { line: number; character: number }; end: { line: number; character: number } };
      related: { message: string; line: number; column: number }[];
      fixes: string[];
    }[];
  }[];
  skipped: { path: string; reason: string }[];
  summary: { filesLinted: number; filesSkipped: number; error: number; warning: number; information: number; hint: number };
}

function lintJson(args: string[], cwd = root, extraEnv: Record<string, string> = {}): { code: number | null; report: JsonReport; stderr: string } {
  const run = evenhand(['lint', '--format', 'json', ...args], cwd, extraEnv);
  return { code: run.code, report: JSON.parse(run.stdout) as JsonReport, stderr: run.stderr };
}

/** A scratch folder with the given files (contents by relative path), removed after the test. */
function scratch(t: { after(fn: () => void): void }, files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evenhand-cli-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const PARTISAN_JUDGE = 'You are a proud small-government conservative. Rate how credible each claim is.\n';

test('the CLI bundle has been built (npm run build)', () => {
  assert.ok(fs.existsSync(path.join(root, 'dist', 'cli.js')), 'dist/cli.js is missing: run npm run build');
});

describe('text output and exit codes', () => {
  test('a persona judging claims is a warning: listed per file, exit 1', () => {
    const run = evenhand(['lint', `${fixtures}/persona/claims.prompt.md`]);
    assert.equal(run.code, 1, run.stderr);
    const lines = run.stdout.split('\n');
    assert.equal(lines[0], `${fixtures}/persona/claims.prompt.md`);
    assert.match(run.stdout, /^ {2}4:\d+ +warning +.+ {2}EH002$/m);
    assert.match(run.stdout, /^ {2}4:\d+ +information +.*conservative.* {2}EH001$/m);
    assert.match(run.stdout, /^\d+ problems \(0 errors, 1 warning, \d+ information\) in 1 file \(1 file linted\)\.$/m);
    assert.doesNotMatch(run.stdout, /\u001b\[/, 'no colour when stdout is not a terminal');
  });

  test('--fail-on error lets warnings pass; --fail-on information fails on information', () => {
    assert.equal(evenhand(['lint', '--fail-on', 'error', `${fixtures}/persona`]).code, 0);
    const poem = `${fixtures}/info-only/poem.prompt.md`;
    const byDefault = evenhand(['lint', poem]);
    assert.equal(byDefault.code, 0, 'information findings do not fail at the default --fail-on warning');
    assert.match(byDefault.stdout, /information +.+ {2}EH001$/m);
    assert.equal(evenhand(['lint', '--fail-on', 'information', poem]).code, 1);
  });

  test('a folder without personas is clean, and only prompt-file names are walked', () => {
    const run = evenhand(['lint', `${fixtures}/clean`]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.equal(run.stdout, 'No problems found (1 file linted).\n', 'README.md is not a prompt file name');
  });

  test('without a path the current folder is linted', () => {
    const run = evenhand(['lint'], path.join(root, fixtures, 'persona'));
    assert.equal(run.code, 1);
    assert.match(run.stdout, /^claims\.prompt\.md$/m);
  });

  test('a file named explicitly is linted whatever its extension; walking skips it', () => {
    const named = evenhand(['lint', `${fixtures}/persona-notes.txt`]);
    assert.equal(named.code, 1);
    assert.match(named.stdout, /EH002$/m);
    const walked = lintJson([fixtures]);
    assert.ok(!walked.report.files.some((f) => f.path.endsWith('persona-notes.txt')));
    assert.ok(walked.report.files.some((f) => f.path.endsWith('persona/claims.prompt.md')));
  });

  test('globs are expanded and their matches linted whatever their extension', () => {
    const { code, report } = lintJson([`${fixtures}/**/*.txt`]);
    assert.equal(code, 1);
    assert.deepEqual(report.files.map((f) => f.path), [`${fixtures}/persona-notes.txt`]);
  });
});

test('a large run (split across worker threads where there are cores) reports every file once, in walk order', (t) => {
  const names = Array.from({ length: 450 }, (_, i) => `team-${Math.floor(i / 100)}/p${String(i).padStart(3, '0')}.prompt.md`);
  const dir = scratch(t, Object.fromEntries(names.map((n) => [n, PARTISAN_JUDGE])));
  // 100 files a thread (the default waits for thousands): 450 files take every core, up to four threads.
  const { code, report } = lintJson(['.', '--no-cache'], dir, { EVENHAND_LINT_FILES_PER_THREAD: '100' });
  assert.equal(code, 1);
  assert.equal(report.summary.filesLinted, names.length);
  assert.deepEqual(report.files.map((f) => f.path), names);
  assert.ok(report.files.every((f) => f.findings.some((x) => x.ruleId === 'EH002')));
});

test("the CLI keeps V8's compiled code for its bundle in the user cache, and a damaged cache only costs a compile", (t) => {
  const cacheHome = fs.mkdtempSync(path.join(os.tmpdir(), 'evenhand-code-cache-'));
  t.after(() => fs.rmSync(cacheHome, { recursive: true, force: true }));
  const folder = path.join(cacheHome, 'evenhand', 'code');
  const lint = (extra: Record<string, string> = {}) => evenhand(['lint', '--format', 'json', '--no-cache', `${fixtures}/persona/claims.prompt.md`], root, { XDG_CACHE_HOME: cacheHome, ...extra });
  const cold = lint({ EVENHAND_NO_CODE_CACHE: '1' });
  assert.equal(fs.existsSync(folder), false, 'EVENHAND_NO_CODE_CACHE loads the bundle with plain require');
  const first = lint();
  const files = fs.readdirSync(folder);
  assert.equal(files.length, 1);
  assert.match(files[0], /^cli-[0-9a-f]{32}\.bin$/);
  const cacheFile = path.join(folder, files[0]);
  assert.ok(fs.statSync(cacheFile).size > 100_000, 'compiled code was written');
  const warm = lint();
  fs.writeFileSync(cacheFile, 'not code');
  const damaged = lint();
  assert.ok(fs.statSync(cacheFile).size > 100_000, 'a rejected cache is written again');
  for (const run of [first, warm, damaged]) {
    assert.equal(run.code, cold.code);
    assert.equal(run.stdout, cold.stdout);
    assert.equal(run.stderr, cold.stderr);
  }
});

describe('JSON output', () => {
  test('lists files with findings: rule, severity, message, 1-based and 0-based positions, related, fix titles', () => {
    const { code, report } = lintJson([`${fixtures}/persona/claims.prompt.md`, `${fixtures}/clean`]);
    assert.equal(code, 1);
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
    assert.equal(report.version, pkg.version);
    assert.deepEqual(report.files.map((f) => f.path), [`${fixtures}/persona/claims.prompt.md`]);
    assert.equal(report.summary.filesLinted, 2);
    const source = fs.readFileSync(path.join(root, fixtures, 'persona/claims.prompt.md'), 'utf8').split('\n');
    const evaluation = report.files[0].findings.find((f) => f.ruleId === 'EH002');
    assert.ok(evaluation, 'EH002 reported');
    assert.equal(evaluation.ruleName, 'evaluation-under-persona');
    assert.equal(evaluation.severity, 'warning');
    assert.equal(evaluation.line, evaluation.range.start.line + 1);
    assert.equal(evaluation.column, evaluation.range.start.character + 1);
    assert.equal(evaluation.endColumn, evaluation.range.end.character + 1);
    assert.match(source[evaluation.line - 1].slice(evaluation.column - 1, evaluation.endColumn - 1), /\bRate\b/);
    assert.ok(evaluation.related.some((r) => /conservative/.test(source[r.line - 1].slice(r.column - 1))));
    assert.ok(evaluation.fixes.includes('Disable EH002 for this line'), evaluation.fixes.join(', '));
    assert.equal(report.summary.warning, 1);
  });

  test('config exclude globs (relative to the config folder) drop walked files', () => {
    const { report } = lintJson([`${fixtures}/excluded`]);
    assert.deepEqual(report.files.map((f) => f.path), [`${fixtures}/excluded/kept.prompt.md`]);
    assert.equal(report.summary.filesLinted, 1);
  });
});

describe('skipped files', () => {
  test('binary and oversize files are noted on stderr and do not fail the run', () => {
    const run = evenhand(['lint', `${fixtures}/skip`]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stderr, /^note: test\/fixtures\/cli\/skip\/binary\.prompt\.md: .*binary/m);
    assert.match(run.stderr, /^note: test\/fixtures\/cli\/skip\/oversize\.prompt\.md: .*200-byte limit/m);
    assert.match(run.stdout, /\(1 file linted, 2 skipped\)/);
  });

  test('JSON lists skipped files with their reason', () => {
    const { code, report, stderr } = lintJson([`${fixtures}/skip`]);
    assert.equal(code, 0);
    assert.equal(stderr, '');
    assert.deepEqual(
      report.skipped.map((s) => s.path),
      [`${fixtures}/skip/binary.prompt.md`, `${fixtures}/skip/oversize.prompt.md`],
    );
    assert.equal(report.summary.filesSkipped, 2);
  });
});

describe('.gitignore and walking', () => {
  test('nested .gitignore files apply below their folder; node_modules and .git are never walked', (t) => {
    const dir = scratch(t, {
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.git/hooks/judge.prompt.md': PARTISAN_JUDGE,
      '.gitignore': 'ignored/\n*.draft.prompt.md\n',
      'a.prompt.md': PARTISAN_JUDGE,
      'x.draft.prompt.md': PARTISAN_JUDGE,
      'ignored/c.prompt.md': PARTISAN_JUDGE,
      'node_modules/pkg/d.prompt.md': PARTISAN_JUDGE,
      'sub/.gitignore': 'local.prompt.md\n!keep.draft.prompt.md\n',
      'sub/b.prompt.md': PARTISAN_JUDGE,
      'sub/local.prompt.md': PARTISAN_JUDGE,
      'sub/keep.draft.prompt.md': PARTISAN_JUDGE,
      'other/local.prompt.md': PARTISAN_JUDGE,
      '.github/copilot-instructions.md': PARTISAN_JUDGE,
    });
    const { code, report } = lintJson([], dir);
    assert.equal(code, 1);
    assert.deepEqual(report.files.map((f) => f.path).sort(), [
      '.github/copilot-instructions.md',
      'a.prompt.md',
      'other/local.prompt.md',
      'sub/b.prompt.md',
      'sub/keep.draft.prompt.md',
    ]);
  });

  test('a named folder that .gitignore excludes is not linted, with a note; its files named one by one are', (t) => {
    const dir = scratch(t, { '.git/HEAD': '', '.gitignore': 'generated/\n', 'generated/a.prompt.md': PARTISAN_JUDGE });
    const folder = evenhand(['lint', 'generated'], dir);
    assert.equal(folder.code, 0);
    assert.match(folder.stderr, /^note: generated is ignored by a \.gitignore file/m);
    assert.equal(folder.stdout, 'No problems found (0 files linted).\n');
    assert.equal(evenhand(['lint', 'generated/a.prompt.md'], dir).code, 1);
  });

  test('outside a repository, .gitignore files apply from the working folder down, never above it', (t) => {
    const dir = scratch(t, {
      '.gitignore': 'inner/\n',
      'inner/a.prompt.md': PARTISAN_JUDGE,
      'work/.gitignore': 'drafts/\n',
      'work/drafts/b.prompt.md': PARTISAN_JUDGE,
      'work/c.prompt.md': PARTISAN_JUDGE,
    });
    const fromTop = evenhand(['lint', 'inner'], dir);
    assert.match(fromTop.stderr, /^note: inner is ignored by a \.gitignore file/m);
    const inner = lintJson(['.'], path.join(dir, 'inner'));
    assert.deepEqual(inner.report.files.map((f) => f.path), ['a.prompt.md'], 'the .gitignore above the working folder is not read');
    const work = lintJson(['.'], path.join(dir, 'work'));
    assert.deepEqual(work.report.files.map((f) => f.path), ['c.prompt.md']);
  });

  test('glob matches honour .gitignore too', (t) => {
    const dir = scratch(t, { '.gitignore': 'old/\n', 'old/a.prompt.md': PARTISAN_JUDGE, 'new/b.prompt.md': PARTISAN_JUDGE });
    const { report } = lintJson(['**/*.prompt.md'], dir);
    assert.deepEqual(report.files.map((f) => f.path), ['new/b.prompt.md']);
  });
});

describe('usage and configuration errors exit 2', () => {
  const usageCases: [string, string[], RegExp][] = [
    ['an unknown flag', ['lint', '--frobnicate'], /frobnicate/],
    ['a bad --format', ['lint', '--format', 'xml', fixtures], /--format: "xml"/],
    ['a bad --fail-on', ['lint', '--fail-on', 'hint', fixtures], /--fail-on: "hint"/],
    ['a missing path', ['lint', `${fixtures}/no-such-file.prompt.md`], /No such file or directory/],
    ['a glob matching nothing', ['lint', `${fixtures}/**/*.nothing`], /No files match/],
    ['a missing --config file', ['lint', '--config', 'no-such.json', fixtures], /Configuration file not found/],
    ['an unknown command', ['frobnicate'], /Unknown command/],
    ['no command', [], /Usage: evenhand/],
  ];
  for (const [name, args, message] of usageCases) {
    test(name, () => {
      const run = evenhand(args);
      assert.equal(run.code, 2, run.stdout + run.stderr);
      assert.match(run.stderr, message);
      assert.equal(run.stdout, '');
    });
  }

  test('a bad nearest .evenhand.json is reported at file:line:col', (t) => {
    const dir = scratch(t, {
      '.evenhand.json': '{\n  "rules": {\n    "EH001": "loud"\n  }\n}\n',
      'a.prompt.md': PARTISAN_JUDGE,
    });
    const run = evenhand(['lint'], dir);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^\.evenhand\.json:3:14: error: .*EH001/m);
    assert.equal(run.stdout, '');
  });

  test('a .evenhand.json nested thousands of levels deep is a configuration error at its position, not a crash', (t) => {
    const dir = scratch(t, { '.evenhand.json': `{\n  "rules": ${'['.repeat(3000)}${']'.repeat(3000)}\n}\n`, 'a.prompt.md': PARTISAN_JUDGE });
    const run = evenhand(['lint'], dir);
    assert.equal(run.code, 2, run.stderr);
    // "rules" holds level 2: the 64th bracket opens level 65.
    assert.equal(run.stderr, '.evenhand.json:2:75: error: The configuration is nested more than 64 levels deep.\n');
    assert.equal(run.stdout, '');
  });

  test('a bad --config file is reported at file:line:col', (t) => {
    const dir = scratch(t, { 'strict.json': '{ "maxFileSize": "big" }\n' });
    const run = evenhand(['lint', '--config', path.join(dir, 'strict.json'), `${fixtures}/clean`]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /strict\.json:1:18: error: .*maxFileSize/);
  });

  test('--config replaces the nearest .evenhand.json', (t) => {
    const dir = scratch(t, { 'quiet.json': '{ "rules": { "EH002": "off" } }\n' });
    const run = evenhand(['lint', '--config', path.join(dir, 'quiet.json'), `${fixtures}/persona`]);
    assert.equal(run.code, 0, run.stdout);
    assert.doesNotMatch(run.stdout, /EH002/);
  });
});

describe('help, version and rules', () => {
  test('--help and lint --help print usage and exit 0', () => {
    const main = evenhand(['--help']);
    assert.equal(main.code, 0);
    assert.match(main.stdout, /evenhand lint \[PATH\|GLOB \.\.\.\]|lint \[PATH\|GLOB \.\.\.\]/);
    const lint = evenhand(['lint', '--help']);
    assert.equal(lint.code, 0);
    assert.match(lint.stdout, /^Usage: evenhand lint/);
    assert.match(lint.stdout, /--fail-on error\|warning\|information/);
  });

  test('--version prints the package version', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
    assert.equal(evenhand(['--version']).stdout, `${pkg.version}\n`);
  });

  test('rules lists every rule with its name and default severity', () => {
    const run = evenhand(['rules']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^EH000 +parse-error +error +\S/m);
    assert.match(run.stdout, /^EH002 +evaluation-under-persona +warning +\S/m);
    assert.match(run.stdout, /^EH102 +one-sided-evaluation +warning +\S/m);
    assert.equal(run.stdout.trim().split('\n').length, 10, 'the seven static rules and the three sampled ones');
  });
});

describe('code and data files', () => {
  test('a repository walk lints code with a model SDK, notebooks and prompt data; other code and JSON are not counted', (t) => {
    const notebook = {
      cells: [
        { cell_type: 'markdown', source: ['# Persona experiment\n'] },
        { cell_type: 'code', source: ['from openai import OpenAI\n', 'client = OpenAI()\n'] },
        { cell_type: 'code', source: ['SYSTEM_PROMPT = "You are a proud small-government conservative. Rate how credible each claim is."\n'] },
      ],
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5,
    };
    const dir = scratch(t, {
      'src/bot.py': `from openai import OpenAI\n\nSYSTEM_PROMPT = """${PARTISAN_JUDGE}"""\n`,
      'src/util.py': `import logging\n\ndef greet(name):\n    logging.info("greeting %s", name)\n    return f"Hello {name}, welcome back."\n`,
      // No SDK here: a table of personas that another module sends.
      'src/roles.py': `ROLES = {\n    "red": ["Republican", """${PARTISAN_JUDGE.trim()}"""],\n}\n`,
      'web/route.ts': `import { generateText } from 'ai';\nawait generateText({ model, system: ${JSON.stringify(PARTISAN_JUDGE.trim())}, prompt: q });\n`,
      'notebooks/experiment.ipynb': JSON.stringify(notebook, null, 1),
      'data/records.jsonl': `${JSON.stringify({ system: PARTISAN_JUDGE.trim() })}\n`,
      'package.json': '{"name": "x", "version": "1.0.0"}\n',
    });
    const run = evenhand(['lint', '.', '--format', 'json', '--no-cache'], dir);
    assert.equal(run.code, 1, run.stderr);
    const report = JSON.parse(run.stdout) as { files: { path: string; findings: { ruleId: string; line: number }[] }[]; summary: { filesLinted: number } };
    const found = Object.fromEntries(report.files.map((f) => [f.path, f.findings.map((x) => `${x.line}:${x.ruleId}`).sort()]));
    // In the notebook, the findings are on the JSON line that holds the cell's words.
    const cellLine = JSON.stringify(notebook, null, 1).split('\n').findIndex((l) => l.includes('SYSTEM_PROMPT')) + 1;
    assert.deepEqual(found, {
      'data/records.jsonl': ['1:EH001', '1:EH002'],
      'notebooks/experiment.ipynb': [`${cellLine}:EH001`, `${cellLine}:EH002`],
      'src/bot.py': ['3:EH001', '3:EH002'],
      'src/roles.py': ['2:EH001', '2:EH002'],
      'web/route.ts': ['2:EH001', '2:EH002'],
    });
    // util.py imports no SDK, names no prompt and holds no literal that opens like one; package.json is a
    // configuration file: neither is linted.
    assert.equal(report.summary.filesLinted, 5);
    const off = evenhand(['lint', '.', '--format', 'json', '--no-cache'], dir);
    assert.equal(off.stdout, run.stdout, 'the same on a second run');
    fs.writeFileSync(path.join(dir, '.evenhand.json'), '{"code": "off"}\n');
    const none = JSON.parse(evenhand(['lint', '.', '--format', 'json', '--no-cache'], dir).stdout) as { files: unknown[]; summary: { filesLinted: number } };
    assert.deepEqual([none.files.length, none.summary.filesLinted], [0, 0]);
  });
});

describe('prompt assets', () => {
  test('a folder holding one of each agent asset gets EH001 and EH002 in every file', () => {
    const run = evenhand(['lint', 'test/fixtures/assets', 'test/fixtures/assets-more', '--format', 'json', '--no-cache']);
    assert.equal(run.code, 1, run.stderr);
    const report = JSON.parse(run.stdout) as { files: { path: string; findings: { ruleId: string }[] }[]; summary: { filesLinted: number } };
    const rules = Object.fromEntries(report.files.map((f) => [f.path, [...new Set(f.findings.map((x) => x.ruleId))].sort()]));
    const expected = [
      'skills/debate-judge/SKILL.md', 'CLAUDE.md', '.claude/agents/fact-checker.md', '.claude/commands/review-speech.md',
      '.cursor/rules/reviewer.mdc', '.cursorrules', 'GEMINI.md', '.windsurfrules', '.windsurf/rules/judge.md',
      '.clinerules/reviewer.md', '.continue/prompts/judge.prompt', '.github/chatmodes/pundit.chatmode.md', '.vscode/mcp.json',
    ].map((f) => `test/fixtures/assets/${f}`);
    for (const file of [...expected, 'test/fixtures/assets-more/.clinerules']) {
      assert.ok(rules[file]?.includes('EH001') && rules[file]?.includes('EH002'), `${file}: ${JSON.stringify(rules[file])}`);
    }
    assert.equal(report.summary.filesLinted, expected.length + 1);
  });
});
