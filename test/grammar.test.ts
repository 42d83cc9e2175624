// The TextMate grammars, language configurations and manifest contributions: every file the manifest names
// exists and parses, every regex compiles, every include resolves, the highlighted phrases are the right
// ones, and the generated settings and config schema match the zod schema they come from.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { formatForPath } from '../server/out/core/index.js';
import { CONFIG_FILE_GLOB, PROMPT_FILE_GLOBS } from '../server/out/protocol.js';

const root = path.join(__dirname, '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

interface GrammarContribution {
  language?: string;
  scopeName: string;
  path: string;
  injectTo?: string[];
  embeddedLanguages?: Record<string, string>;
}
interface Rule {
  match?: string;
  begin?: string;
  end?: string;
  while?: string;
  include?: string;
  patterns?: Rule[];
  captures?: Record<string, Rule>;
  beginCaptures?: Record<string, Rule>;
  endCaptures?: Record<string, Rule>;
}
interface Grammar extends Rule {
  scopeName: string;
  injectionSelector?: string;
  repository?: Record<string, Rule>;
}

const grammars: GrammarContribution[] = manifest.contributes.grammars;
const readJson = (relative: string) => JSON.parse(fs.readFileSync(path.join(root, relative), 'utf8'));
const grammarOf = (scope: string): Grammar => readJson(grammars.find((g) => g.scopeName === scope)!.path);

/** Every rule of a grammar, with a readable location, including captures and repository entries. */
function* rulesOf(rule: Rule, where: string): Generator<[Rule, string]> {
  yield [rule, where];
  for (const [i, child] of (rule.patterns ?? []).entries()) yield* rulesOf(child, `${where}.patterns[${i}]`);
  for (const key of ['captures', 'beginCaptures', 'endCaptures'] as const) {
    for (const [group, child] of Object.entries(rule[key] ?? {})) yield* rulesOf(child, `${where}.${key}[${group}]`);
  }
  for (const [name, child] of Object.entries((rule as Grammar).repository ?? {})) {
    yield* rulesOf(child, `${where}.repository.${name}`);
  }
}

/**
 * Compiles an Oniguruma pattern as a JS RegExp (unicode mode, which rejects stray escapes). The grammars keep
 * to the shared subset; the only Oniguruma-isms allowed are a leading (?i), \A and \G, translated here.
 */
function toJsRegExp(pattern: string): RegExp {
  let source = pattern;
  let flags = 'u';
  if (source.startsWith('(?i)')) {
    source = source.slice(4);
    flags += 'i';
  }
  source = source.replace(/\\A/g, '^').replace(/\\G/g, '');
  return new RegExp(source, flags);
}

test('every grammar and language configuration the manifest names exists and is well formed', () => {
  assert.ok(grammars.length >= 3);
  for (const contribution of grammars) {
    const grammar: Grammar = readJson(contribution.path);
    assert.equal(grammar.scopeName, contribution.scopeName, contribution.path);
    assert.ok(Array.isArray(grammar.patterns) && grammar.patterns.length > 0, `${contribution.path} has patterns`);
    if (contribution.language) {
      const language = manifest.contributes.languages.find((l: { id: string }) => l.id === contribution.language);
      assert.ok(language, `language ${contribution.language} is contributed`);
    }
  }
  for (const language of manifest.contributes.languages) {
    if (!language.configuration) continue;
    const configuration = readJson(language.configuration);
    const block = configuration.comments?.blockComment;
    assert.ok(Array.isArray(block) && block.length === 2, `${language.configuration} has a block comment pair`);
  }
  for (const { url } of manifest.contributes.jsonValidation) assert.ok(fs.existsSync(path.join(root, url)), url);
});

test('the language ids are the ones the Dotprompt and Prompty extensions use, so contributions merge', () => {
  const byId = new Map(manifest.contributes.languages.map((l: { id: string; extensions?: string[] }) => [l.id, l]));
  assert.deepEqual((byId.get('dotprompt') as { extensions: string[] }).extensions, ['.prompt']);
  assert.deepEqual((byId.get('prompty') as { extensions: string[] }).extensions, ['.prompty']);
});

test('every regex in every grammar compiles and every include resolves', () => {
  let count = 0;
  const knownScopes = new Set([...grammars.map((g) => g.scopeName), 'source.yaml']);
  for (const contribution of grammars) {
    const grammar: Grammar = readJson(contribution.path);
    for (const [rule, where] of rulesOf(grammar, contribution.path)) {
      for (const key of ['match', 'begin', 'end', 'while'] as const) {
        const pattern = rule[key];
        if (pattern === undefined) continue;
        assert.doesNotThrow(() => toJsRegExp(pattern), `${where}.${key}: ${pattern}`);
        count++;
      }
      if (rule.include === undefined) continue;
      if (rule.include.startsWith('#')) {
        assert.ok(grammar.repository?.[rule.include.slice(1)], `${where} includes missing ${rule.include}`);
      } else if (rule.include !== '$self' && rule.include !== '$base') {
        assert.ok(knownScopes.has(rule.include.split('#')[0]), `${where} includes unknown ${rule.include}`);
      }
    }
  }
  assert.ok(count > 20, `checked ${count} patterns`);
});

test('frontmatter is embedded YAML in both template grammars', () => {
  for (const contribution of grammars.filter((g) => g.language)) {
    const frontmatter = grammarOf(contribution.scopeName).repository?.frontmatter as Rule & { contentName: string };
    assert.deepEqual(frontmatter.patterns, [{ include: 'source.yaml' }]);
    const embedded = Object.keys(contribution.embeddedLanguages ?? {});
    assert.ok(embedded.some((scope) => frontmatter.contentName.startsWith(scope)), contribution.scopeName);
    assert.match('---', toJsRegExp(frontmatter.begin!));
  }
});

/** The trigger and persona phrase the injection grammar highlights in a line, or undefined. */
function highlighted(line: string): { trigger: string; persona: string } | undefined {
  const injection = grammarOf('evenhand.persona.injection');
  for (const { include } of injection.patterns!) {
    const rule = injection.repository![include!.slice(1)];
    const m = toJsRegExp(rule.match!).exec(line);
    if (m) return { trigger: m[1], persona: m[2].trimEnd() };
  }
  return undefined;
}

test('the injection highlights persona assignments up to the end of the phrase', () => {
  assert.deepEqual(highlighted('You are a proud small-government conservative. Rate each policy.'), {
    trigger: 'You are',
    persona: 'a proud small-government conservative',
  });
  assert.deepEqual(highlighted('Act as a lifelong Yankees fan; be brief'), {
    trigger: 'Act as',
    persona: 'a lifelong Yankees fan',
  });
  assert.deepEqual(highlighted('From now on, you are {{persona}}: answer in character'), {
    trigger: 'From now on, you are',
    persona: '{{persona}}',
  });
  assert.equal(highlighted('Pretend to be an Irish nationalist!')?.persona, 'an Irish nationalist');
  assert.equal(highlighted('I want you to act as a union organizer')?.trigger, 'I want you to act as');
  assert.equal(highlighted('You’re the chess coach of a club')?.persona, 'the chess coach of a club');
  assert.equal(highlighted('Play the role of ${input:persona} in this debate')?.persona, '${input:persona} in this debate');
  assert.equal(highlighted('The assistant is a Catholic priest.')?.persona, 'a Catholic priest');
});

test('the injection leaves negations and non-persona uses of the trigger words alone', () => {
  for (const line of [
    'You are not a partisan.',
    'You are no partisan.',
    'You are given a list of speeches.',
    'Act as if nothing happened.',
    'Respond as follows:',
    'Answer as briefly as you can.',
    'Explain the Green Party’s history.',
  ]) {
    assert.equal(highlighted(line), undefined, line);
  }
});

test('the injection stays out of code, comments, quotes and frontmatter', () => {
  const selector = grammarOf('evenhand.persona.injection').injectionSelector!;
  for (const excluded of ['-markup.fenced_code', '-markup.inline.raw', '-markup.quote', '-comment', '-meta.embedded']) {
    assert.ok(selector.includes(excluded), excluded);
  }
  const injectTo = grammars.find((g) => g.scopeName === 'evenhand.persona.injection')!.injectTo!;
  assert.deepEqual([...injectTo].sort(), ['source.dotprompt', 'source.prompty', 'text.html.markdown', 'text.html.markdown.prompt']);
});

test('a Dotprompt role marker needs a role name; a bare {{role}} is a variable', () => {
  const marker = toJsRegExp(grammarOf('source.dotprompt').repository!['role-marker'].match!);
  assert.equal(marker.exec('{{role "system"}}')?.[3], '"system"');
  assert.equal(marker.exec("{{ role 'user' }}")?.[3], "'user'");
  assert.equal(marker.exec('{{role}}'), null);
  const comment = grammarOf('source.dotprompt').repository!.comment.patterns!.map((p) => toJsRegExp(p.begin!));
  assert.ok(comment.some((c) => c.test('{{! evenhand-disable-next-line EH001 }}')));
});

test('a Prompty role marker is a line holding only the role and a colon', () => {
  const marker = toJsRegExp(grammarOf('source.prompty').repository!['role-marker'].match!);
  for (const line of ['system:', '# user:', 'Assistant :  ']) assert.ok(marker.test(line), line);
  for (const line of ['system: you are terse', 'the user: a voter']) assert.ok(!marker.test(line), line);
});

test('the client selector, activation events and the engine agree on the prompt-file names', () => {
  for (const glob of PROMPT_FILE_GLOBS) {
    assert.ok(manifest.activationEvents.includes(`workspaceContains:${glob}`), glob);
    const example = glob.replace('**/', 'prompts/').replace('*', 'review');
    assert.ok(formatForPath(example), `${example} (from ${glob}) is a known format`);
  }
  assert.ok(manifest.activationEvents.includes(`workspaceContains:${CONFIG_FILE_GLOB}`));
});

test('the settings and .evenhand.json schema are generated from the zod schema and up to date', async () => {
  const generator = pathToFileURL(path.join(root, 'scripts', 'gen-schema.mjs')).href;
  const { configJsonSchema, settingsContribution } = await import(generator);
  assert.deepEqual(readJson('schemas/evenhand.schema.json'), configJsonSchema(), 'run `node scripts/gen-schema.mjs`');
  assert.deepEqual(manifest.contributes.configuration, settingsContribution(), 'run `npm run build` (scripts/gen-manifest.mjs writes it)');
  const settings = Object.keys(manifest.contributes.configuration.properties).sort();
  assert.deepEqual(settings, [
    'evenhand.checks.background',
    'evenhand.checks.concurrency',
    'evenhand.checks.dailyRequestBudget',
    'evenhand.checks.maxRequests',
    'evenhand.checks.price',
    'evenhand.checks.temperature',
    'evenhand.checks.timeoutSeconds',
    'evenhand.code',
    'evenhand.endpoint.baseUrl',
    'evenhand.endpoint.embeddingModel',
    'evenhand.endpoint.model',
    'evenhand.exclude',
    'evenhand.include',
    'evenhand.lexicon',
    'evenhand.maxFileSize',
    'evenhand.rules',
    'evenhand.taskRoles',
    'evenhand.trace.server',
  ]);
  // Where requests go can only come from the user's own settings, never a workspace's.
  for (const key of ['evenhand.endpoint.baseUrl', 'evenhand.endpoint.model', 'evenhand.endpoint.embeddingModel', 'evenhand.checks.dailyRequestBudget']) {
    assert.equal(manifest.contributes.configuration.properties[key].scope, 'machine', key);
  }
  assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
  assert.ok(manifest.capabilities.untrustedWorkspaces.description.length > 20);
  assert.equal(manifest.engines.vscode, '^1.91.0');
});
