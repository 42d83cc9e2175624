// Running the built CLI as a child process for tests. Asynchronous, so a simulator answering from the test's own
// process is never blocked; no OpenAI variables (or NO_COLOR) are inherited, and the user cache is redirected
// into the scratch folder.
import { spawn } from 'node:child_process';
import * as path from 'node:path';

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The CLI entry the tests run (bin/evenhand.js loads the dist/cli.js bundle). */
export const CLI_BIN = path.join(__dirname, '..', '..', 'bin', 'evenhand.js');

/** `user` runs the CLI as another user (uid and gid; the test process must be root), e.g. to be refused a folder. */
export function runCli(args: string[], cwd: string, env: Record<string, string> = {}, user: { uid?: number; gid?: number } = {}): Promise<Run> {
  const inherited = { ...process.env };
  for (const name of ['OPENAI_BASE_URL', 'OPENAI_API_KEY', 'NO_COLOR']) delete inherited[name];
  const child = spawn(process.execPath, [CLI_BIN, ...args], { cwd, env: { ...inherited, XDG_CACHE_HOME: path.join(cwd, '.user-cache'), ...env }, ...user });
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
