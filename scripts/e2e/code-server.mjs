#!/usr/bin/env node
// Runs the extension's mocha suite (test-out/e2e, built by `npm run build`) inside a real VS Code: code-server, VS
// Code's own server build from npm, opened by Debian's Chromium driven headless through playwright-core. The suite
// runs in code-server's Node extension host with the real `vscode` API. Two passes: a trusted workspace (lint, code
// lenses, sampled checks, report), then workspace trust enabled and the folder left untrusted. Screenshots the
// suite asks for land in test-out/e2e-screenshots/.
//
// Usage: node scripts/e2e/code-server.mjs [--pass trusted|untrusted] [--install-only]
// Environment: EVENHAND_E2E_TIMEOUT (seconds for everything, default 900), CHROMIUM_PATH.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { chromiumPath, ensureSystemPackages, which } from './system.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cache = path.join(root, '.e2e');
const screenshots = path.join(root, 'test-out', 'e2e-screenshots');
const suiteIndex = path.join(root, 'test-out', 'e2e', 'index.js');
const workspaceFixture = path.join(root, 'test', 'e2e', 'workspace');

// 4.100.x is VS Code 1.100, the last line whose code-server runs on Node 20 (later ones want Node 22 or 24).
const CODE_SERVER_VERSION = '4.100.3';
// code-server 4.100.3's lib/vscode/npm-shrinkwrap.json pins @vscode/ripgrep 1.15.11, whose lib/postinstall.js
// downloads ripgrep release v13.0.0-10 from GitHub unless $TMPDIR/vscode-ripgrep-cache-1.15.11/ holds the asset.
const RIPGREP_PACKAGE = '1.15.11';
const RIPGREP_TARGET = { x64: 'x86_64-unknown-linux-musl', arm64: 'aarch64-unknown-linux-musl' }[process.arch];
const RIPGREP_ASSET = `ripgrep-v13.0.0-10-${RIPGREP_TARGET}.tar.gz`;

const PASSES = {
  trusted: { workspaceTrust: false, description: 'workspace trust disabled' },
  untrusted: { workspaceTrust: true, description: 'workspace trust enabled, folder not trusted' },
};
const PASS_TIMEOUT_MS = 8 * 60_000;
/** The first line the suite prints (test/e2e/index.ts). */
const SUITE_BANNER = 'Evenhand editor suite';

const args = process.argv.slice(2);
const only = args.includes('--pass') ? args[args.indexOf('--pass') + 1] : undefined;
if (only !== undefined && !(only in PASSES)) usage(`unknown pass ${only}`);
const totalTimeoutMs = Number(process.env.EVENHAND_E2E_TIMEOUT ?? 900) * 1000;

/** Browsers and servers to end whatever happens; the servers' process groups are also killed on exit. */
const cleanups = new Set();
const serverGroups = new Set();
let stopping = false;
process.on('exit', () => {
  for (const pid of serverGroups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

function usage(message) {
  console.error(`${message}\nusage: node scripts/e2e/code-server.mjs [--pass trusted|untrusted] [--install-only]`);
  process.exit(2);
}

/** The environment without npm's per-run variables, so nested npm calls and code-server see a plain shell's. */
function plainEnv(extra = {}) {
  const env = {};
  for (const [name, value] of Object.entries(process.env)) if (!/^npm_/i.test(name)) env[name] = value;
  for (const name of ['OPENAI_BASE_URL', 'OPENAI_API_KEY']) delete env[name];
  return { ...env, ...extra };
}

/**
 * Installs code-server into .e2e/code-server (once per version) and returns its entry script. The install runs in a
 * folder of its own and is renamed into place when complete, so an interrupted install or a second runner started
 * meanwhile never sees half of one.
 */
function ensureCodeServer() {
  const dir = path.join(cache, 'code-server');
  const entryIn = (folder) => path.join(folder, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  const installed = (folder) => fs.existsSync(entryIn(folder)) && readJson(path.join(folder, 'installed.json'))?.version === CODE_SERVER_VERSION;
  if (installed(dir)) return entryIn(dir);
  if (process.platform !== 'linux' || !RIPGREP_TARGET) throw new Error(`the code-server install here knows Linux on x64 and arm64, not ${process.platform} ${process.arch}`);

  const started = Date.now();
  console.log(`Installing code-server ${CODE_SERVER_VERSION} into ${path.relative(root, dir)}/ (about a minute)...`);
  fs.mkdirSync(cache, { recursive: true });
  const staging = fs.mkdtempSync(path.join(cache, 'code-server-installing-'));
  fs.writeFileSync(
    path.join(staging, 'package.json'),
    `${JSON.stringify({ private: true, dependencies: { 'code-server': CODE_SERVER_VERSION }, allowScripts: { 'code-server': true, argon2: true } }, null, 2)}\n`,
  );
  // A tarball of Debian's rg under the asset's name in @vscode/ripgrep's download cache: its postinstall unpacks that.
  const tmp = path.join(staging, 'tmp');
  const ripgrepCache = path.join(tmp, `vscode-ripgrep-cache-${RIPGREP_PACKAGE}`);
  fs.mkdirSync(ripgrepCache, { recursive: true });
  const rg = fs.realpathSync(which('rg'));
  const tar = spawnSync('tar', ['-czhf', path.join(ripgrepCache, RIPGREP_ASSET), '-C', path.dirname(rg), path.basename(rg)], { stdio: 'inherit' });
  if (tar.status !== 0) throw new Error('could not pack ripgrep for code-server');

  const install = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--foreground-scripts'], {
    cwd: staging,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    // As root, code-server's postinstall insists on unsafe-perm; node-pty's runs `npx node-gyp`, which must not ask.
    env: plainEnv({ TMPDIR: tmp, npm_config_yes: 'true', npm_config_unsafe_perm: 'true' }),
  });
  const log = path.join(cache, 'code-server-install.log');
  fs.writeFileSync(log, `${install.stdout ?? ''}\n${install.stderr ?? ''}`);
  const rgInstalled = path.join(staging, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg');
  if (install.status !== 0 || !fs.existsSync(entryIn(staging)) || !fs.existsSync(rgInstalled)) {
    fs.rmSync(staging, { recursive: true, force: true });
    console.error(tail(fs.readFileSync(log, 'utf8'), 40));
    throw new Error(`installing code-server failed (exit ${install.status}); the whole log is ${path.relative(root, log)}`);
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.writeFileSync(path.join(staging, 'installed.json'), `${JSON.stringify({ version: CODE_SERVER_VERSION, seconds: Math.round((Date.now() - started) / 1000) })}\n`);
  if (installed(dir)) {
    fs.rmSync(staging, { recursive: true, force: true }); // another runner finished first
  } else {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(staging, dir);
  }
  console.log(`code-server installed in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  return entryIn(dir);
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

function tail(text, lines) {
  return text.split('\n').slice(-lines).join('\n');
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Waits until code-server answers /healthz, or fails when it exits or the deadline passes. */
async function waitForHealth(url, child, deadline) {
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode} before it served ${url}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`code-server did not answer ${url} in time`);
}

/** Ends a process group started detached: TERM, then KILL if it lingers. */
function killGroup(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const signal = (name) => {
    try {
      process.kill(-child.pid, name);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  return new Promise((resolve) => {
    const force = setTimeout(() => {
      signal('SIGKILL');
      resolve();
    }, 3000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
  });
}

/**
 * The suite asks for a screenshot by writing `<name>.json` ({waitFor?: Playwright selector}) into the requests
 * folder and waits for `<name>.done`; the runner polls the folder, waits for the selector (code lenses, a webview),
 * saves test-out/e2e-screenshots/<pass>-<name>.png and writes the .done file ({path} or {error}).
 */
function serveScreenshots(page, requests, pass) {
  let busy = false;
  let stopped = false;
  const timer = setInterval(async () => {
    if (busy || stopped) return;
    busy = true;
    try {
      for (const file of fs.readdirSync(requests).filter((f) => f.endsWith('.json'))) {
        const name = file.slice(0, -'.json'.length);
        const request = readJson(path.join(requests, file)) ?? {};
        fs.rmSync(path.join(requests, file));
        const target = path.join(screenshots, `${pass}-${name}.png`);
        let answer;
        try {
          if (request.waitFor) await page.waitForSelector(request.waitFor, { state: 'visible', timeout: 15_000 });
          await page.screenshot({ path: target });
          answer = { path: target };
          console.log(`  screenshot: ${path.relative(root, target)}`);
        } catch (error) {
          answer = { error: String(error?.message ?? error) };
          console.log(`  screenshot ${name} failed: ${answer.error.split('\n')[0]}`);
        }
        fs.writeFileSync(path.join(requests, `${name}.done`), JSON.stringify(answer));
      }
    } finally {
      busy = false;
    }
  }, 150);
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}

/** One code-server + Chromium run of the suite in `runDir`. Resolves with the suite's exit code. */
async function runPass(pass, entry, chromium, runDir) {
  const { workspaceTrust, description } = PASSES[pass];
  const started = Date.now();
  const deadline = started + PASS_TIMEOUT_MS;
  const workspace = path.join(runDir, 'workspace');
  const userData = path.join(runDir, 'user-data');
  const requests = path.join(runDir, 'screenshot-requests');
  fs.cpSync(workspaceFixture, workspace, { recursive: true });
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.mkdirSync(requests, { recursive: true });
  fs.writeFileSync(
    path.join(userData, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'telemetry.telemetryLevel': 'off',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        // The run folder sits inside this repository; the Git extension would offer to open it.
        'git.openRepositoryInParentFolders': 'never',
        // The untrusted pass keeps the folder in restricted mode without a modal dialog over the screenshots.
        'security.workspace.trust.startupPrompt': 'never',
      },
      null,
      2,
    ),
  );
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const config = path.join(runDir, 'config.yaml');
  fs.writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);

  console.log(`\n== ${pass} pass (${description}) on ${origin}`);
  const serverLog = fs.createWriteStream(path.join(runDir, 'code-server.log'));
  const serverArgs = [entry, '--config', config, '--user-data-dir', userData, '--extensions-dir', path.join(runDir, 'extensions'), '--disable-telemetry', '--disable-update-check'];
  if (!workspaceTrust) serverArgs.push('--disable-workspace-trust');
  const server = spawn(process.execPath, serverArgs, {
    cwd: workspace,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: plainEnv({
      EVENHAND_E2E_PASS: pass,
      EVENHAND_E2E_SCREENSHOT_REQUESTS: requests,
      // code-server and the extension keep their logs and caches in the run folder, not in the home folder.
      XDG_DATA_HOME: path.join(runDir, 'data'),
      XDG_CONFIG_HOME: path.join(runDir, 'config'),
      XDG_CACHE_HOME: path.join(runDir, 'cache'),
    }),
  });
  serverGroups.add(server.pid);
  const stopServer = () => killGroup(server).then(() => serverGroups.delete(server.pid));
  cleanups.add(stopServer);
  server.stdout.pipe(serverLog);
  server.stderr.pipe(serverLog);

  let browser;
  const closeBrowser = () => browser?.close().catch(() => undefined);
  cleanups.add(closeBrowser);
  const consoleLogFile = path.join(runDir, 'browser-console.log');
  const consoleLog = fs.createWriteStream(consoleLogFile);
  try {
    await waitForHealth(`${origin}/healthz`, server, deadline);
    const { chromium: playwright } = await import('playwright-core');
    browser = await playwright.launch({
      executablePath: chromium,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    let reportExit;
    const exited = new Promise((resolve) => (reportExit = resolve));
    // The workbench calls these when it runs extension tests in automation: its log and the extension host's
    // console (with the suite's mocha report), and the suite's exit code. The workbench's start-up messages stay in
    // the log file; from the suite's first line on, everything is shown except the offline gallery lookup's error.
    let suiteStarted = false;
    await page.exposeFunction('codeAutomationLog', (type, logArgs) => {
      const text = format(...(Array.isArray(logArgs) ? logArgs : [logArgs]));
      consoleLog.write(`[${type}] ${text}\n`);
      suiteStarted ||= text.startsWith(SUITE_BANNER);
      if (suiteStarted && !/ENOTFOUND open-vsx\.org/.test(text)) process.stdout.write(`${text.replace(/\n?$/, '\n')}`);
    });
    await page.exposeFunction('codeAutomationExit', (code) => reportExit(code));
    page.on('console', (message) => consoleLog.write(`[browser ${message.type()}] ${message.text()}\n`));
    page.on('pageerror', (error) => consoleLog.write(`[pageerror] ${error.message}\n`));
    const stopScreenshots = serveScreenshots(page, requests, pass);

    const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(root)],
      ['extensionTestsPath', remote(suiteIndex)],
    ];
    await page.goto(`${origin}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);

    let timer;
    const timedOut = new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), Math.max(0, deadline - Date.now()))));
    const serverGone = new Promise((resolve) => server.once('exit', () => resolve('server-exit')));
    const outcome = await Promise.race([exited, timedOut, serverGone]);
    clearTimeout(timer);
    stopScreenshots();
    if (!suiteStarted) console.error(`The suite never started; the end of the workbench's log:\n${tail(fs.readFileSync(consoleLogFile, 'utf8'), 30)}`);
    if (outcome !== 'timeout' && outcome !== 'server-exit') {
      console.log(`== ${pass} pass: exit code ${outcome} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return outcome;
    }
    const shot = path.join(screenshots, `${pass}-at-failure.png`);
    await page.screenshot({ path: shot }).catch(() => undefined);
    console.error(`== ${pass} pass: ${outcome === 'timeout' ? `no result within ${PASS_TIMEOUT_MS / 1000} s` : 'code-server exited'}; see ${path.relative(root, runDir)}/ and ${path.relative(root, shot)}`);
    return 1;
  } catch (error) {
    console.error(`== ${pass} pass failed to run: ${error?.stack ?? error}`);
    console.error(tail(fs.readFileSync(path.join(runDir, 'code-server.log'), 'utf8'), 20));
    return 1;
  } finally {
    await closeBrowser();
    cleanups.delete(closeBrowser);
    await stopServer();
    cleanups.delete(stopServer);
    consoleLog.end();
  }
}

async function cleanUp() {
  await Promise.all([...cleanups].map((fn) => fn()));
}

async function main() {
  const stop = async (why, code) => {
    stopping = true;
    console.error(`editor tests: ${why}; stopping`);
    await cleanUp();
    process.exit(code);
  };
  const overall = setTimeout(() => stop(`no result within ${totalTimeoutMs / 1000} s (EVENHAND_E2E_TIMEOUT)`, 1), totalTimeoutMs);
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stop(signal, 130));
  try {
    ensureSystemPackages();
    const entry = ensureCodeServer();
    if (args.includes('--install-only')) return 0;
    for (const file of [path.join(root, 'dist', 'client.js'), path.join(root, 'dist', 'server.js'), suiteIndex]) {
      if (!fs.existsSync(file)) throw new Error(`${path.relative(root, file)} is missing: run npm run build`);
    }
    fs.rmSync(screenshots, { recursive: true, force: true });
    fs.mkdirSync(screenshots, { recursive: true });
    const chromium = chromiumPath();
    // Each invocation has its own folder, so runners in two clones or terminals do not meet; it is kept on failure.
    fs.mkdirSync(path.join(cache, 'runs'), { recursive: true });
    const runRoot = fs.mkdtempSync(path.join(cache, 'runs', `${new Date().toISOString().replace(/[:.]/g, '-')}-`));
    const results = [];
    for (const pass of only ? [only] : Object.keys(PASSES)) {
      if (stopping) break;
      results.push([pass, await runPass(pass, entry, chromium, path.join(runRoot, pass))]);
    }
    const failed = results.filter(([, code]) => code !== 0);
    console.log(`\nEditor tests in code-server ${CODE_SERVER_VERSION}: ${results.map(([pass, code]) => `${pass} ${code === 0 ? 'passed' : `failed (${code})`}`).join(', ')}`);
    if (failed.length > 0) {
      console.log(`Logs, workspaces and profiles of this run: ${path.relative(root, runRoot)}/`);
      return 1;
    }
    fs.rmSync(runRoot, { recursive: true, force: true });
    return 0;
  } finally {
    clearTimeout(overall);
    await cleanUp();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error?.message ?? error);
    process.exit(1);
  },
);
