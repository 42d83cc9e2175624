// The layer walls hold for the real tree and fail on a copy that breaks them: `npm run lint:deps`
// (.dependency-cruiser.cjs) names the wall each forbidden import breaks, and the engine's own tsconfig
// (server/src/core/tsconfig.json) refuses Node and DOM globals.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { runProcess } from './support/runCli.js';

const ROOT = path.join(__dirname, '..');

interface Run {
  code: number | null;
  output: string;
}

/** Runs a command to its end, collecting stdout and stderr together. */
function run(command: string, args: string[], cwd: string, options: { shell?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  return runProcess(command, args, { cwd, ...options });
}

/** Runs package.json's `lint:deps` script in `cwd` the way npm would: through a shell, with node_modules/.bin on PATH. */
function lintDeps(cwd: string): Promise<Run> {
  const script: string = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts['lint:deps'];
  const PATH = [path.join(ROOT, 'node_modules', '.bin'), process.env.PATH].join(path.delimiter);
  return run(script, [], cwd, { shell: true, env: { ...process.env, PATH } });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A scratch copy of the sources and the dependency rules, with the repository's node_modules linked in. */
function copyOfTree(t: { after(fn: () => void): void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evenhand-layers-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  for (const sources of ['server/src', 'client/src']) fs.cpSync(path.join(ROOT, sources), path.join(dir, sources), { recursive: true });
  for (const file of ['.dependency-cruiser.cjs', 'tsconfig.base.json']) fs.copyFileSync(path.join(ROOT, file), path.join(dir, file));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'junction');
  return dir;
}

/** One forbidden import per wall: the file that breaks it, its text, and the rule that must name it. */
const BREACHES: { file: string; text: string; rule: string }[] = [
  { file: 'server/src/core/opensSocket.ts', text: "import * as http from 'node:http';\nexport const agent = http.Agent;\n", rule: 'core-no-node-builtins' },
  // Type-only on purpose: the walls hold for types too.
  { file: 'server/src/core/knowsEditor.ts', text: "import type { Uri } from 'vscode';\nexport type Where = Uri;\n", rule: 'core-no-editor-or-model-packages' },
  { file: 'server/src/core/speaksLsp.ts', text: "import 'vscode-languageserver/node';\n", rule: 'core-no-editor-or-model-packages' },
  { file: 'server/src/core/callsServer.ts', text: "export * from '../lsp/uris.js';\n", rule: 'core-imports-only-core' },
  // A type re-export, which a JavaScript parser reading TypeScript loosely (dependency-cruiser's acorn) misses.
  { file: 'server/src/core/knowsProtocol.ts', text: "export type { CheckStatus } from '../protocol.js';\n", rule: 'core-imports-only-core' },
  { file: 'server/src/core/stats/knowsVerdicts.ts', text: "import type { OneSidedVerdict } from '../checks/types.js';\nexport type V = OneSidedVerdict;\n", rule: 'stats-imports-only-stats' },
  { file: 'server/src/core/cycleFirst.ts', text: "import type { Second } from './cycleSecond.js';\nexport interface First { next?: Second }\n", rule: 'core-no-cycles' },
  { file: 'server/src/core/cycleSecond.ts', text: "import type { First } from './cycleFirst.js';\nexport interface Second { next?: First }\n", rule: 'core-no-cycles' },
  { file: 'client/src/lintsItself.ts', text: "export * from '../../server/src/lsp/uris.js';\n", rule: 'client-imports-only-protocol-and-shared' },
  { file: 'server/src/core/importsNothing.ts', text: "import './missing.js';\n", rule: 'resolvable' },
];

describe('layer walls', () => {
  test('the real tree keeps every wall', async () => {
    const run = await lintDeps(ROOT);
    assert.equal(run.code, 0, run.output);
    assert.match(run.output, /no dependency violations found \(\d+ modules/);
  });

  test('each forbidden import fails the check, named by its wall', async (t) => {
    const dir = copyOfTree(t);
    for (const breach of BREACHES) fs.writeFileSync(path.join(dir, breach.file), breach.text);
    const run = await lintDeps(dir);
    assert.notEqual(run.code, 0, run.output);
    // A cycle is reported once, from whichever of its files the checker meets first.
    const cycle = BREACHES.filter((b) => b.rule === 'core-no-cycles').map((b) => escapeRegExp(b.file));
    for (const breach of BREACHES) {
      const from = breach.rule === 'core-no-cycles' ? `(?:${cycle.join('|')})` : escapeRegExp(breach.file);
      assert.match(run.output, new RegExp(`error ${breach.rule}: ${from} →`), `${breach.file} should break ${breach.rule}\n${run.output}`);
    }
  });

  test('the same copy without the forbidden imports passes', async (t) => {
    // Guards the test above: its failures come from the added imports, not from copying the tree.
    const run = await lintDeps(copyOfTree(t));
    assert.equal(run.code, 0, run.output);
  });
});

describe("the engine's tsconfig", () => {
  test('gives the engine no Node or DOM globals, and the web-standard ones it uses', async (t) => {
    const dir = copyOfTree(t);
    const core = path.join(dir, 'server/src/core');
    const tsc = path.join(ROOT, 'node_modules/typescript/bin/tsc');
    const clean = await run(process.execPath, [tsc, '-p', core, '--noEmit'], dir);
    assert.equal(clean.code, 0, clean.output);
    fs.writeFileSync(
      path.join(core, 'reachesOut.ts'),
      "export const home = process.env.HOME;\nexport const bytes = Buffer.from('x');\nexport const reply = fetch('http://127.0.0.1/');\nexport const later = setTimeout(() => 0, 1);\n",
    );
    const breached = await run(process.execPath, [tsc, '-p', core, '--noEmit'], dir);
    assert.notEqual(breached.code, 0);
    for (const name of ['process', 'Buffer', 'fetch', 'setTimeout']) {
      assert.match(breached.output, new RegExp(`reachesOut\\.ts.*Cannot find name '${name}'`), breached.output);
    }
  });
});
