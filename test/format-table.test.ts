// The prompt-format table is the one place file names live: the engine's formatForPath, the globs editors see,
// the manifest's activation events and languages and the README's table all agree with it.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import picomatch from 'picomatch';
import { PROMPT_FILE_GLOBS, PROMPT_FORMATS, formatForPath } from '../server/out/core/index.js';

const root = path.join(__dirname, '..');
const readText = (relative: string) => fs.readFileSync(path.join(root, relative), 'utf8');

/** scripts/gen-manifest.mjs, which the build runs to write package.json's generated entries and the README table. */
async function generator() {
  return import(pathToFileURL(path.join(root, 'scripts', 'gen-manifest.mjs')).href);
}

test('package.json is up to date with the format table (npm run build writes it)', async () => {
  const { generatedManifest } = await generator();
  const manifest = JSON.parse(readText('package.json'));
  const expected = generatedManifest(manifest);
  assert.deepEqual(manifest.activationEvents, expected.activationEvents, 'activationEvents: run `npm run build`');
  assert.deepEqual(manifest.contributes.languages, expected.contributes.languages, 'contributes.languages: run `npm run build`');
  assert.deepEqual(manifest, expected, 'package.json: run `npm run build`');
});

test('the README lists the formats of the table (npm run build writes it)', async () => {
  const { formatsReadmeSection } = await generator();
  const readme = readText('README.md');
  const start = readme.indexOf('## What it reads\n');
  const section = readme.slice(start, readme.indexOf('\n\n', start));
  assert.equal(section, formatsReadmeSection(), 'README.md "What it reads": run `npm run build`');
  for (const format of PROMPT_FORMATS) assert.ok(readme.includes(`| ${format.label} |`), format.label);
});

test('the manifest starts the extension for every glob and language of the table', () => {
  const manifest = JSON.parse(readText('package.json'));
  for (const format of PROMPT_FORMATS) {
    for (const glob of format.globs) assert.ok(manifest.activationEvents.includes(`workspaceContains:${glob}`), glob);
    for (const id of format.languageIds) assert.ok(manifest.activationEvents.includes(`onLanguage:${id}`), id);
  }
  const languages = new Map<string, { extensions?: string[] }>(manifest.contributes.languages.map((l: { id: string }) => [l.id, l]));
  assert.deepEqual(languages.get('dotprompt')?.extensions, ['.prompt']);
  assert.deepEqual(languages.get('prompty')?.extensions, ['.prompty']);
  assert.deepEqual(languages.get('jsonc'), { id: 'jsonc', filenames: ['.evenhand.json'] }, 'a language of no format is kept as written');
});

test('formatForPath recognises exactly the names the globs match (ignoring case)', () => {
  const globs = PROMPT_FILE_GLOBS.map((glob) => ({ glob, matches: picomatch(glob, { dot: true, nocase: true }) }));
  const names = [
    'a.prompt.md', 'A.Prompt.MD', 'x.instructions.md', 'x.chatmode.md', 'x.agent.md', 'AGENTS.md', 'agents.md',
    'x.agents.md', 'MY-AGENTS.md', '.github/copilot-instructions.md', 'copilot-instructions.md',
    'docs/copilot-instructions.md', 'x.github/copilot-instructions.md', 'x.prompty', 'x.prompt', 'x.prompt.yml',
    'x.prompt.yaml', 'x.prompt.json', 'x.yml', 'prompt', 'README.md', 'x.prompt.md.bak', 'x.promptyy',
  ];
  for (const name of names) {
    for (const file of [name, `repo/sub/${name}`]) {
      const matchingGlob = globs.find((g) => g.matches(file))?.glob;
      assert.equal(formatForPath(file) !== undefined, matchingGlob !== undefined, `${file} (glob ${matchingGlob ?? 'none'})`);
    }
  }
});

test('each file glob belongs to the format formatForPath gives its files', () => {
  for (const format of PROMPT_FORMATS) {
    for (const glob of format.globs) {
      const example = glob.replace('**/', 'repo/').replace('*', 'review');
      assert.equal(formatForPath(example), format.id, `${example} from ${glob}`);
    }
  }
  assert.equal(PROMPT_FORMATS.find((f) => f.id === 'plain')?.globs.length, 0, 'plain text is the fallback, never a file name');
});
