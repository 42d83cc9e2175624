import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { plainKeyValues, readYaml } from '../server/out/core/formats/frontmatter.js';

// The frontmatter reader skips the YAML library for plain `key: value` lines; whenever it gives a value, that value
// must be exactly what the library gives (and the library must find no problem).
const agreesWithYaml = (yamlText: string): boolean => {
  const plain = plainKeyValues(yamlText);
  if (plain === undefined) return false;
  const yaml = readYaml(yamlText, 0, 'test');
  assert.deepEqual(yaml.problems, [], JSON.stringify(yamlText));
  assert.deepEqual(plain, yaml.value, JSON.stringify(yamlText));
  return true;
};

const frontmatterOf = (text: string): string | undefined => /^\uFEFF?---[ \t]*\r?\n([\s\S]*?\n)---[ \t]*\r?$/m.exec(text)?.[1];

describe('plain frontmatter without the YAML library', () => {
  test('agrees with the YAML library on every frontmatter of the corpus and the examples', () => {
    const walk = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
    const root = path.join(__dirname, '..');
    let read = 0;
    for (const file of [...walk(path.join(root, 'test', 'corpus')), ...walk(path.join(root, 'examples'))]) {
      const yamlText = frontmatterOf(fs.readFileSync(file, 'utf8'));
      if (yamlText !== undefined && agreesWithYaml(yamlText)) read++;
    }
    assert.ok(read > 0, 'some corpus frontmatter is plain');
  });

  test('reads the common shapes, and leaves anything unusual to the library', () => {
    assert.deepEqual(plainKeyValues("mode: agent\napplyTo: '**/*.ts'\r\n\ndescription: \"Review it, don't guess\"  \n"), {
      mode: 'agent',
      applyTo: '**/*.ts',
      description: "Review it, don't guess",
    });
    assert.deepEqual(plainKeyValues("name: 'it''s'\n"), { name: "it's" });
    for (const unusual of ['a: true\n', 'a: null\n', 'a: 12\n', 'a:\n', 'a: b: c\n', 'a: b # note\n', 'a: [x]\n', '  a: b\n', 'a: b\na: c\n', 'a: "\\t"\n', 'a: |\n  x\n', '# only\n', '', 'true: x\n', 'a: &x b\n']) {
      assert.equal(plainKeyValues(unusual), undefined, JSON.stringify(unusual));
    }
  });

  test('agrees with the YAML library on generated key-value lines', () => {
    const key = fc.constantFrom('mode', 'name', 'description', 'applyTo', 'a-b', 'x_1', 'true', 'Null', '__proto__', 'k');
    const value = fc.oneof(
      fc.stringMatching(/^[a-zA-Zé][a-zA-Z0-9 .,;()\/'"_+\-!?&%$=#:é]{0,20}$/),
      fc.constantFrom('true', 'False', 'null', '~', '.inf', 'yes', 'No', 'agent', "'**/*.ts'", "'it''s'", '"say \\"hi\\""', '"plain"', "''", '""', "'a' b", '"a"b', '12', '0x1F', '1e3', '- x', 'x\ty', "'x\ty'"),
    );
    const line = fc.tuple(key, fc.constantFrom(': ', ':  ', ':', ':\t', ' : '), value, fc.constantFrom('', ' ', '\t', '\r', ' # c')).map((parts) => parts.join(''));
    let read = 0;
    fc.assert(
      fc.property(fc.array(fc.oneof(line, fc.constantFrom('', '  ', '\r')), { minLength: 1, maxLength: 6 }), (lines) => {
        if (agreesWithYaml(`${lines.join('\n')}\n`)) read++;
      }),
      { numRuns: 3000 },
    );
    assert.ok(read > 100, `${read} generated frontmatters were read without the library`);
  });
});
