// The identity categories are one table (server/src/core/persona/categories.ts): every place that lists them
// reads it or is generated from it, so adding a category is one row and its lexicon file.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import {
  describePersona,
  findPersonas,
  lintText,
  parseConfigText,
  parsePromptFile,
  resolveConfig,
} from '../server/out/core/index.js';
import { IDENTITY_CATEGORIES, IDENTITY_CATEGORY_TABLE } from '../server/out/core/persona/categories.js';

const root = path.join(__dirname, '..');
const readJson = (relative: string) => JSON.parse(fs.readFileSync(path.join(root, relative), 'utf8'));
const ids = IDENTITY_CATEGORY_TABLE.map((row) => row.id);

describe('identity categories: one table', () => {
  test('every row has a unique id, label and name, and reads the lexicon file named after it', () => {
    assert.ok(ids.length > 0);
    for (const key of ['id', 'label', 'name'] as const) {
      const values = IDENTITY_CATEGORY_TABLE.map((row) => row[key]);
      assert.ok(values.every((v) => v.trim().length > 0), `every row has a ${key}`);
      assert.equal(new Set(values).size, values.length, `${key}s are unique`);
    }
    assert.deepEqual([...IDENTITY_CATEGORIES], ids);
    for (const row of IDENTITY_CATEGORY_TABLE) {
      const file = readJson(`server/src/core/persona/lexicon/${row.id}.json`);
      assert.deepEqual(row.lexicon, file, `${row.id} reads lexicon/${row.id}.json`);
      assert.ok(Array.isArray(file.attributeKeys), `lexicon/${row.id}.json lists its attribute keys`);
    }
  });

  test('the generated schema and settings list exactly the table\'s categories, in its order', () => {
    const schema = readJson('schemas/evenhand.schema.json');
    assert.deepEqual(Object.keys(schema.properties.lexicon.properties.identity.properties), ids);
    const settings = readJson('package.json').contributes.configuration.properties['evenhand.lexicon'];
    assert.deepEqual(Object.keys(settings.properties.identity.properties), ids);
  });

  test('the README lists every category a configuration may extend', () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const listed = /Lexicon categories: ([^.]+)\./.exec(readme.replace(/\s+/g, ' '))?.[1];
    assert.deepEqual(listed?.match(/`[^`]+`/g)?.map((c) => c.slice(1, -1)), ids);
  });

  for (const row of IDENTITY_CATEGORY_TABLE) {
    test(`${row.id}: a configured term is found, labelled and described from the table`, () => {
      const { config, problems } = parseConfigText(JSON.stringify({ lexicon: { identity: { [row.id]: ['Zorbalan'] } } }));
      assert.deepEqual(problems, []);
      const resolved = resolveConfig(config);
      const text = 'You are a proud Zorbalan.';
      const [persona] = findPersonas(parsePromptFile('prompt.txt', text), resolved);
      assert.deepEqual(
        persona.identityAttributes.map((a) => [a.category, a.term]),
        [[row.id, 'Zorbalan']],
      );
      assert.match(describePersona(persona), new RegExp(`- Zorbalan \\(${row.name.replace(/[/()]/g, '\\$&')}\\)`));
      const finding = lintText('prompt.txt', text, resolved).findings.find((f) => f.ruleId === 'EH001');
      assert.ok(finding?.message.includes(`"Zorbalan" (${row.label})`), finding?.message);
    });

    for (const key of row.lexicon.attributeKeys) {
      test(`${row.id}: a "${key}:" line after a persona gives that category`, () => {
        const text = `You are Ana Petrova, a nurse.\n- ${key.replace(/\b\w/, (c) => c.toUpperCase())}: something\n`;
        const [persona] = findPersonas(parsePromptFile('prompt.txt', text), resolveConfig());
        assert.deepEqual(
          persona.identityAttributes.map((a) => a.category),
          [row.id],
        );
      });
    }
  }
});
