// Prompt-file discovery (workspace/promptFiles.ts), the one walk the CLI and the language server's Run All
// Checks share: known names from the format table, .gitignore, the config's include and exclude.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { resolveConfig, type EvenhandConfig, type ResolvedConfig } from '../server/out/core/index.js';
import { ConfigCache } from '../server/out/cli/configs.js';
import { promptFilesIn } from '../server/out/workspace/promptFiles.js';
import { runCli } from './support/runCli.js';

const PROMPT = 'You are a proud small-government conservative. Rate how credible each claim is.\n';

function scratch(t: { after(fn: () => void): void }, files: Record<string, string>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'evenhand-files-')));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** The files found, relative to `dir` with forward slashes, with one configuration (globs relative to `dir`). */
function found(dir: string, settings: EvenhandConfig = {}): string[] {
  const config: ResolvedConfig = { ...resolveConfig(settings), baseDir: dir };
  return promptFilesIn(dir, () => config).map((file) => path.relative(dir, file).split(path.sep).join('/'));
}

test('a prompt file a .gitignore names is not found; one it re-includes is', (t) => {
  const dir = scratch(t, {
    '.git/HEAD': 'ref: refs/heads/main\n',
    '.gitignore': '*.draft.prompt.md\nbuild/\n',
    'a.prompt.md': PROMPT,
    'x.draft.prompt.md': PROMPT,
    'build/b.prompt.md': PROMPT,
    'sub/.gitignore': '!keep.draft.prompt.md\n',
    'sub/keep.draft.prompt.md': PROMPT,
  });
  assert.deepEqual(found(dir), ['a.prompt.md', 'sub/keep.draft.prompt.md']);
});

test('exclude leaves files out and include keeps only its files, relative to the config folder', (t) => {
  const dir = scratch(t, {
    'prompts/a.prompt.md': PROMPT,
    'prompts/fixtures/b.prompt.md': PROMPT,
    'other/c.prompty': PROMPT,
  });
  assert.deepEqual(found(dir), ['other/c.prompty', 'prompts/a.prompt.md', 'prompts/fixtures/b.prompt.md']);
  assert.deepEqual(found(dir, { exclude: ['prompts/fixtures/**'] }), ['other/c.prompty', 'prompts/a.prompt.md']);
  assert.deepEqual(found(dir, { include: ['prompts/**'] }), ['prompts/a.prompt.md', 'prompts/fixtures/b.prompt.md']);
  assert.deepEqual(found(dir, { include: ['prompts/**'], exclude: ['**/fixtures/**'] }), ['prompts/a.prompt.md']);
});

test('each file is filtered by the configuration given for it', (t) => {
  const dir = scratch(t, { 'team/a.prompt.md': PROMPT, 'team/b.prompt.md': PROMPT, 'solo/a.prompt.md': PROMPT });
  const team: ResolvedConfig = { ...resolveConfig({ exclude: ['a.prompt.md'] }), baseDir: path.join(dir, 'team') };
  const defaults = resolveConfig();
  const files = promptFilesIn(dir, (file) => (file.startsWith(path.join(dir, 'team')) ? team : defaults));
  assert.deepEqual(files, [path.join(dir, 'solo', 'a.prompt.md'), path.join(dir, 'team', 'b.prompt.md')]);
});

test('copilot-instructions.md is a prompt file only inside .github; AGENTS.md and every format are found', (t) => {
  const dir = scratch(t, {
    'copilot-instructions.md': PROMPT,
    'docs/copilot-instructions.md': PROMPT,
    '.github/copilot-instructions.md': PROMPT,
    'AGENTS.md': PROMPT,
    'pkg/AGENTS.md': PROMPT,
    'README.md': PROMPT,
    'notes.txt': PROMPT,
    'p/a.instructions.md': PROMPT,
    'p/b.chatmode.md': PROMPT,
    'p/c.agent.md': PROMPT,
    'p/d.prompty': PROMPT,
    'p/e.prompt': PROMPT,
    'p/f.prompt.yml': PROMPT,
    'p/g.prompt.yaml': PROMPT,
  });
  assert.deepEqual(found(dir), [
    '.github/copilot-instructions.md',
    'AGENTS.md',
    'p/a.instructions.md',
    'p/b.chatmode.md',
    'p/c.agent.md',
    'p/d.prompty',
    'p/e.prompt',
    'p/f.prompt.yml',
    'p/g.prompt.yaml',
    'pkg/AGENTS.md',
  ]);
});

test('node_modules, .git and .evenhand folders are never walked, whatever .gitignore says', (t) => {
  const dir = scratch(t, {
    '.gitignore': '!node_modules/\n',
    'node_modules/pkg/a.prompt.md': PROMPT,
    '.git/hooks/b.prompt.md': PROMPT,
    '.evenhand/cache/c.prompt.md': PROMPT,
    'sub/.evenhand/d.prompt.md': PROMPT,
    'e.prompt.md': PROMPT,
  });
  assert.deepEqual(found(dir), ['e.prompt.md']);
});

test('a folder git ignores as a whole holds no prompt files', (t) => {
  const dir = scratch(t, { '.git/HEAD': '', '.gitignore': 'generated/\n', 'generated/a.prompt.md': PROMPT });
  assert.deepEqual(found(path.join(dir, 'generated')), []);
});

test('a workspace folder opened inside an ignored folder is walked, with only the .gitignore files inside it', (t) => {
  const dir = scratch(t, {
    '.git/HEAD': '',
    '.gitignore': 'runs/\n*.draft.prompt.md\n',
    'runs/copy/.gitignore': 'scratch/\n',
    'runs/copy/a.prompt.md': PROMPT,
    'runs/copy/b.draft.prompt.md': PROMPT,
    'runs/copy/scratch/c.prompt.md': PROMPT,
  });
  const folder = path.join(dir, 'runs', 'copy');
  const config: ResolvedConfig = { ...resolveConfig(), baseDir: folder };
  const opened = promptFilesIn(folder, () => config, folder, { opened: true }).map((file) => path.relative(folder, file));
  assert.deepEqual(opened, ['a.prompt.md', 'b.draft.prompt.md']);
  assert.deepEqual(promptFilesIn(folder, () => config), [], 'named on the command line, an ignored folder still gives nothing');
});

test('the files are exactly those `evenhand lint <folder>` lints', async (t) => {
  const dir = scratch(t, {
    '.git/HEAD': '',
    '.gitignore': 'ignored/\n',
    '.evenhand.json': '{ "exclude": ["drafts/**"] }\n',
    'a.prompt.md': PROMPT,
    'drafts/b.prompt.md': PROMPT,
    'ignored/c.prompt.md': PROMPT,
    'team/.evenhand.json': '{ "include": ["keep/**"] }\n',
    'team/keep/d.prompty': PROMPT,
    'team/other/e.prompty': PROMPT,
    '.github/copilot-instructions.md': PROMPT,
    'copilot-instructions.md': PROMPT,
  });
  const configs = new ConfigCache();
  const files = promptFilesIn(dir, (file) => configs.forFile(file)).map((file) => path.relative(dir, file));
  const run = await runCli(['lint', '--format', 'json', '.'], dir);
  const report = JSON.parse(run.stdout) as { files: { path: string }[]; summary: { filesLinted: number } };
  const linted = report.files.map((f) => f.path.split('/').join(path.sep));
  assert.equal(report.summary.filesLinted, files.length, 'every file found is linted and has findings');
  assert.deepEqual(files.sort(), ['.github/copilot-instructions.md', 'a.prompt.md', 'team/keep/d.prompty'].map((f) => f.split('/').join(path.sep)));
  assert.deepEqual(linted.sort(), files);
});
