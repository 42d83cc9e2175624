import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyEdits, lintText, parseConfigText, resolveConfig } from '../server/out/core/index.js';

const config = resolveConfig();
const ids = (path: string, text: string) => lintText(path, text, config).findings.map((f) => f.ruleId);

describe('regressions found in review', () => {
  test('a 100 KB one-line run of triggers is linted in linear time (hang guard, not a speed test)', () => {
    for (const [path, text] of [
      ['long.txt', 'you are a '.repeat(10_000)],
      ['long.prompt', `{{role "system"}}\n${'You are {{a}} '.repeat(10_000)}`],
    ]) {
      const start = Date.now();
      lintText(path, text, config);
      assert.ok(Date.now() - start < 10_000, `${path} took ${Date.now() - start} ms`);
    }
  });

  test('party and church membership are identities, whatever the possessive senses list holds', () => {
    assert.deepEqual(ids('p.txt', 'You are a member of the Green Party. Rate the essay.'), ['EH001', 'EH002']);
    assert.deepEqual(ids('p.txt', 'You are a Republican Party member. Rate the essay.'), ['EH001', 'EH002']);
  });

  test('a directive with only unknown rule ids suppresses nothing; one shown in a code fence neither', () => {
    assert.deepEqual(ids('p.prompt.md', '<!-- evenhand-disable-next-line eh001 -->\nYou are a proud Tory.\n'), ['EH001']);
    assert.deepEqual(ids('p.prompt.md', 'Example:\n```\n<!-- evenhand-disable-file -->\n```\nYou are a proud Tory.\n'), ['EH001']);
    assert.deepEqual(ids('p.prompt.md', '<!-- evenhand-disable-next-line EH001 -->\nYou are a proud Tory.\n'), []);
  });

  test('a "# evenhand-disable-file" line inside a YAML block scalar is prompt text, not a directive', () => {
    const yaml = 'messages:\n  - role: system\n    content: |\n      # evenhand-disable-file\n      You are a proud Tory.\n';
    assert.deepEqual(ids('p.prompt.yml', yaml), ['EH001']);
  });

  test('a list item wrapped onto an indented line is one sentence', () => {
    assert.deepEqual(ids('p.prompt.md', '- You are a proud\n  Democrat. Rate the essay.\n'), ['EH001', 'EH002']);
  });

  test('the structural instruction keeps flow-style YAML intact', () => {
    const yaml = 'messages: [{role: system, content: You are a proud conservative columnist. Remain neutral.}]\n';
    const fix = lintText('p.prompt.yml', yaml, config).findings.find((f) => f.ruleId === 'EH003')!.fixes.find((f) => f.kind === 'rewrite')!;
    const fixed = applyEdits(yaml, fix.edits);
    const after = lintText('p.prompt.yml', fixed, config);
    assert.equal(after.document!.problems.length, 0);
    assert.match(after.document!.messages[0].text, /strongest case for each side separately and check each against the same evidence\.$/);
  });

  test('rewriting a persona given as an attribute list removes its identity lines', () => {
    const text = 'I want you to act as this fan:\n- Nationality: Armenian\n- Style: loud\n';
    const finding = lintText('p.txt', text, config).findings.find((f) => f.ruleId === 'EH001')!;
    const fixed = applyEdits(text, finding.fixes.find((f) => f.kind === 'rewrite')!.edits);
    assert.equal(fixed, 'I want you to act as this fan:\n- Style: loud\n');
    assert.deepEqual(ids('p.txt', fixed), []);
  });

  test('EH000 inside frontmatter offers only the file-level directive, which works', () => {
    const text = '---\ntools: [a, b\n---\nBody.\n';
    const [finding] = lintText('p.prompt.md', text, config).findings;
    assert.deepEqual(finding.fixes.map((f) => f.title), ['Disable EH000 for this file']);
    assert.deepEqual(ids('p.prompt.md', applyEdits(text, finding.fixes[0].edits)), []);
  });

  test('a configuration file with a byte-order mark is read', () => {
    assert.deepEqual(parseConfigText('\uFEFF{"rules": {"EH001": "off"}}').problems, []);
  });
});
