// Running the built CLI as a child process for tests. Asynchronous, so a simulator answering from the test's own
// process is never blocked; no OpenAI variables (or NO_COLOR) are inherited, and the user cache is redirected
// into the scratch folder.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The CLI entry the tests run (bin/evenhand.js loads the dist/cli.js bundle). */
export const CLI_BIN = path.join(__dirname, '..', '..', 'bin', 'evenhand.js');

/**
 * A copy of the built CLI (its bundle, manifest and rule docs) in a folder every user may read: the checkout may sit
 * in a folder only its owner can enter (a `mktemp -d` clone), where another user could not even load the CLI.
 */
let sharedCli: string | undefined;
function cliAnyUserCanRun(): string {
  if (sharedCli) return sharedCli;
  const root = path.join(__dirname, '..', '..');
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'evenhand-cli-'));
  for (const part of ['bin/evenhand.js', 'dist/cli.js', 'package.json', 'docs/rules']) {
    fs.cpSync(path.join(root, part), path.join(copy, part), { recursive: true });
  }
  for (const dir of [copy, path.join(copy, 'bin'), path.join(copy, 'dist'), path.join(copy, 'docs'), path.join(copy, 'docs', 'rules')]) fs.chmodSync(dir, 0o755);
  process.once('exit', () => fs.rmSync(copy, { recursive: true, force: true }));
  return (sharedCli = path.join(copy, 'bin', 'evenhand.js'));
}

/** `user` runs the CLI as another user (uid and gid; the test process must be root), e.g. to be refused a folder. */
export function runCli(args: string[], cwd: string, env: Record<string, string> = {}, user: { uid?: number; gid?: number } = {}): Promise<Run> {
  const inherited = { ...process.env };
  for (const name of ['OPENAI_BASE_URL', 'OPENAI_API_KEY', 'NO_COLOR']) delete inherited[name];
  const bin = user.uid === undefined ? CLI_BIN : cliAnyUserCanRun();
  const child = spawn(process.execPath, [bin, ...args], { cwd, env: { ...inherited, XDG_CACHE_HOME: path.join(cwd, '.user-cache'), ...env }, ...user });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A command run to its end: its exit code and its stdout and stderr together, in order of arrival. */
export function runProcess(command: string, args: string[], options: { cwd?: string; shell?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<{ code: number | null; output: string }> {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}
