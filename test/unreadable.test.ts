// Files and folders that cannot be read are reported, never passed over as if clean; a named one fails the run.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, mock, test, type TestContext } from 'node:test';
import { ConfigCache } from '../server/out/cli/configs.js';
import { collectFiles } from '../server/out/cli/files.js';
import { runCli } from './support/runCli.js';

const PERSONA = 'You are a proud Republican. Rate how credible each claim is.\n';

/** Root reads everything: as root, the CLI runs as `nobody` so that chmod 000 refuses it as it refuses a user. */
const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

/** A scratch folder anyone may enter, with a prompt, a folder and a file no one may read (restored for cleanup). */
function scratch(t: TestContext): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'evenhand-unreadable-')));
  fs.chmodSync(dir, 0o755);
  fs.writeFileSync(path.join(dir, 'ok.prompt.md'), PERSONA);
  fs.mkdirSync(path.join(dir, 'locked'));
  fs.writeFileSync(path.join(dir, 'locked', 'hidden.prompt.md'), PERSONA);
  fs.writeFileSync(path.join(dir, 'secret.prompt.md'), PERSONA);
  fs.chmodSync(path.join(dir, 'locked'), 0o000);
  fs.chmodSync(path.join(dir, 'secret.prompt.md'), 0o000);
  t.after(() => {
    fs.chmodSync(path.join(dir, 'locked'), 0o755);
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

describe('evenhand lint with unreadable files and folders', () => {
  test('an unreadable folder or file inside a named folder is a note, and the exit code is the findings\'', async (t) => {
    const dir = scratch(t);
    const run = await runCli(['lint', '.'], dir, {}, asUser);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stderr, /^note: locked: skipped: folder cannot be read \(EACCES\)$/m);
    assert.match(run.stderr, /^note: secret\.prompt\.md: skipped: cannot be read \(EACCES\)$/m);
    assert.match(run.stdout, /\(1 file linted, 2 skipped\)/);

    const clean = await runCli(['lint', '--format', 'json', '--fail-on', 'error', '.'], dir, {}, asUser);
    assert.equal(clean.code, 0, clean.stderr);
    const report = JSON.parse(clean.stdout) as { skipped: { path: string; reason: string }[] };
    assert.deepEqual(report.skipped, [
      { path: 'secret.prompt.md', reason: 'skipped: cannot be read (EACCES)' },
      { path: 'locked', reason: 'skipped: folder cannot be read (EACCES)' },
    ]);
  });

  test('a named folder or file that cannot be read is an error line and exit 2, not "No problems found" and 0', async (t) => {
    const dir = scratch(t);
    const folder = await runCli(['lint', 'locked'], dir, {}, asUser);
    assert.equal(folder.code, 2, folder.stdout + folder.stderr);
    assert.equal(folder.stderr, 'error: locked: skipped: folder cannot be read (EACCES)\n');
    const file = await runCli(['lint', 'secret.prompt.md', 'ok.prompt.md'], dir, {}, asUser);
    assert.equal(file.code, 2, file.stdout + file.stderr);
    assert.equal(file.stderr, 'error: secret.prompt.md: skipped: cannot be read (EACCES)\n');
    assert.match(file.stdout, /^ok\.prompt\.md$/m, 'the readable file is still linted');
  });

  test('JSON lists a named unreadable folder in skipped; SARIF gives an error notification and an unsuccessful run', async (t) => {
    const dir = scratch(t);
    const json = await runCli(['lint', '--format', 'json', 'locked'], dir, {}, asUser);
    assert.equal(json.code, 2);
    assert.deepEqual(JSON.parse(json.stdout).skipped, [{ path: 'locked', reason: 'skipped: folder cannot be read (EACCES)' }]);
    const sarif = await runCli(['lint', '--format', 'sarif', 'locked'], dir, {}, asUser);
    assert.equal(sarif.code, 2);
    const [invocation] = JSON.parse(sarif.stdout).runs[0].invocations;
    assert.equal(invocation.executionSuccessful, false);
    assert.deepEqual(
      invocation.toolExecutionNotifications.map((n: { level: string; message: { text: string } }) => [n.level, n.message.text]),
      [['error', 'locked: skipped: folder cannot be read (EACCES)']],
    );
  });

  test('a glob whose folder cannot be read says so in its usage error', async (t) => {
    const dir = scratch(t);
    const run = await runCli(['lint', 'locked/*.md'], dir, {}, asUser);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /No files match the pattern "locked\/\*\.md" .*could not read locked \(EACCES\)/);
  });
});

describe('evenhand check with an unreadable prompt file', () => {
  test('it is a usage error naming the file and why (exit 2), not an internal error with a stack trace', async (t) => {
    const dir = scratch(t);
    const run = await runCli(['check', 'stability', 'secret.prompt.md', '--base-url', 'http://127.0.0.1:9/v1', '--model', 'm'], dir, {}, asUser);
    assert.equal(run.code, 2);
    assert.equal(run.stderr, 'evenhand: Cannot read secret.prompt.md: EACCES\n');
  });
});

describe('collectFiles with a folder that fails to list (any user, any error)', () => {
  test('the folder is listed as unreadable with its error, named or not, and the rest is still collected', (t) => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'evenhand-unreadable-')));
    t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
    fs.mkdirSync(path.join(dir, 'loop'));
    fs.writeFileSync(path.join(dir, 'ok.prompt.md'), PERSONA);
    const readdir = fs.readdirSync;
    mock.method(fs, 'readdirSync', (folder: fs.PathLike, options?: unknown) => {
      if (String(folder) === path.join(dir, 'loop')) throw Object.assign(new Error('too many symbolic links'), { code: 'ELOOP' });
      return readdir(folder, options as { withFileTypes: true });
    });
    t.after(() => mock.restoreAll());
    const walked = collectFiles(['.'], dir, new ConfigCache());
    assert.deepEqual(walked.files, [path.join(dir, 'ok.prompt.md')]);
    assert.deepEqual(walked.unreadable, [{ path: path.join(dir, 'loop'), folder: true, reason: 'ELOOP', named: false }]);
    const named = collectFiles(['loop'], dir, new ConfigCache());
    assert.deepEqual(named.unreadable, [{ path: path.join(dir, 'loop'), folder: true, reason: 'ELOOP', named: true }]);
  });
});
