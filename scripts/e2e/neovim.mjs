#!/usr/bin/env node
// Neovim as a second LSP client: headless Neovim starts `node dist/server.js --stdio` through its built-in client on
// example prompt files of three formats, and the diagnostics that arrive must be Evenhand's: the same rule codes on
// the same lines as `evenhand lint` reports for the file, with the persona findings where the text puts them.
//
// Usage: node scripts/e2e/neovim.mjs   (after npm run build)
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSystemPackages } from './system.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const server = path.join(root, 'dist', 'server.js');
const cli = path.join(root, 'dist', 'cli.js');

/** Example files and what their text makes certain: a rule code and the text of the line it must be on. */
const CASES = [
  { file: 'examples/debate-judge.prompt.md', expect: [['EH001', 'You are a proud small-government conservative'], ['EH002', 'Decide which side made the stronger'], ['EH003', 'Remain neutral']] },
  { file: 'examples/fact-check.prompt', expect: [['EH002', 'Fact-check the claim below']] },
  { file: 'examples/focus-group.prompty', expect: [['EH004', 'participant 4 in a focus group'], ['EH006', 'You are {{persona}}'], ['EH004', 'as a typical suburban parent would']] },
];

/** Diagnostics Neovim received for a file: [{code, line (0-based), source, severity, message}]. */
function neovimDiagnostics(file) {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'evenhand-nvim-'));
  const out = path.join(scratch, 'diagnostics.jsonl');
  try {
    const run = spawnSync('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-c', `luafile ${path.join(here, 'neovim-check.lua')}`], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, EVENHAND_SERVER: server, EVENHAND_FILE: path.join(root, file), EVENHAND_OUT: out, XDG_STATE_HOME: scratch, XDG_DATA_HOME: scratch },
    });
    if (run.error) throw new Error(`nvim did not finish for ${file}: ${run.error.message}`);
    if (run.status !== 0) throw new Error(`nvim exited with ${run.status}: ${run.stderr.trim()}`);
    return fs.readFileSync(out, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line));
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** The CLI's findings for the same file, as "CODE@line" with 0-based lines. */
function cliFindings(file) {
  const run = spawnSync(process.execPath, [cli, 'lint', '--format', 'json', file], { cwd: root, encoding: 'utf8' });
  assert.ok(run.status === 0 || run.status === 1, `evenhand lint exited with ${run.status}: ${run.stderr}`);
  const report = JSON.parse(run.stdout);
  return report.files.flatMap((f) => f.findings.map((finding) => `${finding.ruleId}@${finding.range.start.line}`)).sort();
}

function main() {
  ensureSystemPackages(['neovim']);
  for (const file of [server, cli]) assert.ok(fs.existsSync(file), `${path.relative(root, file)} is missing: run npm run build`);
  const version = spawnSync('nvim', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0];
  console.log(`Evenhand's language server in ${version}:`);
  let failures = 0;
  for (const { file, expect } of CASES) {
    const started = Date.now();
    try {
      const diagnostics = neovimDiagnostics(file);
      assert.ok(diagnostics.length > 0, 'diagnostics arrived');
      for (const d of diagnostics) assert.equal(d.source, 'evenhand', `a diagnostic from another source: ${JSON.stringify(d)}`);
      const received = diagnostics.map((d) => `${d.code}@${d.line}`).sort();
      assert.deepEqual(received, cliFindings(file), 'the same codes on the same lines as evenhand lint');
      const lines = fs.readFileSync(path.join(root, file), 'utf8').split('\n');
      for (const [code, text] of expect) {
        const line = lines.findIndex((l) => l.includes(text));
        assert.ok(line >= 0, `${file} contains "${text}"`);
        assert.ok(received.includes(`${code}@${line}`), `${code} on line ${line + 1} ("${text}"); received ${received.join(', ')}`);
      }
      console.log(`  ✔ ${file}: ${received.join(', ')} (${Date.now() - started} ms)`);
    } catch (error) {
      failures++;
      console.log(`  ✘ ${file}: ${error.message}`);
    }
  }
  return failures === 0 ? 0 : 1;
}

try {
  process.exitCode = main();
} catch (error) {
  console.error(error.message);
  process.exitCode = 1;
}
