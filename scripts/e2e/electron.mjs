#!/usr/bin/env node
// Runs the same editor suite as scripts/e2e/code-server.mjs (test-out/e2e, built by `npm run build`) in VS Code
// desktop through @vscode/test-electron, for machines that can download VS Code (this one cannot). Two passes like
// the code-server runner: a trusted workspace, then one left untrusted. runTests always adds
// --disable-workspace-trust, so the untrusted pass starts the downloaded VS Code itself with runTests' other flags.
// Screenshots are the code-server runner's; here the suite skips them.
//
// Usage: node scripts/e2e/electron.mjs [--pass trusted|untrusted]   (on a Linux server without a display:
// xvfb-run -a node scripts/e2e/electron.mjs)
// Environment: EVENHAND_VSCODE_VERSION (default "stable"), EVENHAND_E2E_TIMEOUT (seconds per pass, default 600).
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const suiteIndex = path.join(root, 'test-out', 'e2e', 'index.js');
const workspaceFixture = path.join(root, 'test', 'e2e', 'workspace');
const cachePath = path.join(root, '.e2e', 'vscode-test');
const version = process.env.EVENHAND_VSCODE_VERSION ?? 'stable';
const passTimeoutMs = Number(process.env.EVENHAND_E2E_TIMEOUT ?? 600) * 1000;

const args = process.argv.slice(2);
const only = args.includes('--pass') ? args[args.indexOf('--pass') + 1] : undefined;
if (only !== undefined && only !== 'trusted' && only !== 'untrusted') {
  console.error(`unknown pass ${only}\nusage: node scripts/e2e/electron.mjs [--pass trusted|untrusted]`);
  process.exit(2);
}

/** A fresh copy of the workspace fixture and a profile with the settings the suite expects, outside the repository. */
function prepare(pass) {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), `evenhand-e2e-${pass}-`));
  const workspace = path.join(scratch, 'workspace');
  fs.cpSync(workspaceFixture, workspace, { recursive: true });
  const userData = path.join(scratch, 'user-data');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(userData, 'User', 'settings.json'),
    JSON.stringify({ 'workbench.startupEditor': 'none', 'security.workspace.trust.startupPrompt': 'never', 'extensions.autoUpdate': false }, null, 2),
  );
  return { scratch, workspace, profile: [`--user-data-dir=${userData}`, `--extensions-dir=${path.join(scratch, 'extensions')}`] };
}

/** The suite's environment: the pass, and no OpenAI variables from the caller's shell. */
function suiteEnv(pass) {
  return { EVENHAND_E2E_PASS: pass, OPENAI_BASE_URL: undefined, OPENAI_API_KEY: undefined };
}

function withTimeout(promise, what, onTimeout) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => {
      onTimeout?.();
      reject(new Error(`${what}: no result within ${passTimeoutMs / 1000} s`));
    }, passTimeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Ends the VS Code that runTests started when a pass hangs: runTests does not hand out its process. */
function killChildren() {
  const children = spawnSync('ps', ['-o', 'pid=', '--ppid', String(process.pid)], { encoding: 'utf8' }).stdout ?? '';
  for (const pid of children.split(/\s+/).filter(Boolean).map(Number)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

async function trustedPass() {
  const { scratch, workspace, profile } = prepare('trusted');
  try {
    await withTimeout(
      runTests({
        version,
        cachePath,
        extensionDevelopmentPath: root,
        extensionTestsPath: suiteIndex,
        extensionTestsEnv: suiteEnv('trusted'),
        launchArgs: [workspace, '--disable-extensions', ...profile],
      }),
      'trusted pass',
      killChildren,
    );
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

async function untrustedPass() {
  const executable = await downloadAndUnzipVSCode({ version, cachePath });
  const { scratch, workspace, profile } = prepare('untrusted');
  // runTests' own flags except --disable-workspace-trust.
  const vscodeArgs = [
    workspace,
    '--no-sandbox',
    '--disable-gpu-sandbox',
    '--disable-updates',
    '--skip-welcome',
    '--skip-release-notes',
    '--disable-extensions',
    ...profile,
    `--extensionDevelopmentPath=${root}`,
    `--extensionTestsPath=${suiteIndex}`,
  ];
  const env = { ...process.env, ...suiteEnv('untrusted') };
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete env[name];
  const child = spawn(executable, vscodeArgs, { env, stdio: 'inherit', detached: true });
  const exited = new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`untrusted pass: VS Code exited with ${code ?? signal}`))));
  });
  try {
    await withTimeout(exited, 'untrusted pass', () => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    });
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

async function main() {
  if (!fs.existsSync(suiteIndex)) throw new Error(`${path.relative(root, suiteIndex)} is missing: run npm run build`);
  if (only !== 'untrusted') await trustedPass();
  if (only !== 'trusted') await untrustedPass();
  console.log(`Editor tests in VS Code ${version}: passed`);
}

main().catch((error) => {
  console.error(error?.message ?? error);
  process.exit(1);
});
