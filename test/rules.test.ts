import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { applyEdits, lintText, RULES, resolveConfig, type Finding } from '../server/out/core/index.js';
import { matchExpectations, readExpectations } from './support/expectations.js';

const config = resolveConfig();
const fixtures = path.join(__dirname, '..', 'test', 'fixtures', 'rules');
const FORMATS = ['.prompt.md', '.prompty', '.prompt', '.prompt.yml', '.txt'];

function describeFinding(f: Finding): string {
  return `${f.ruleId}@${f.range.start.line + 1}:${f.range.start.character + 1} ${f.message}`;
}

// The sampled rules report kept check results, not text: test/sampled-rules.test.ts pins them.
for (const rule of RULES.filter((r) => r.id !== 'EH000' && !r.sampledBy)) {
  describe(`${rule.id} ${rule.name}`, () => {
    for (const kind of ['positive', 'negative']) {
      for (const ext of FORMATS) {
        const file = path.join(fixtures, rule.id, `${kind}${ext}`);
        test(`${kind}${ext}: findings exactly where the markers say`, () => {
          const text = fs.readFileSync(file, 'utf8');
          const result = lintText(file, text, config);
          const expectations = readExpectations(result.document!);
          if (kind === 'positive') assert.ok(expectations.some((e) => e.ruleId === rule.id), 'a positive fixture marks its rule');
          const { falsePositives, falseNegatives } = matchExpectations(result, expectations);
          assert.deepEqual(falsePositives.map(describeFinding), [], 'unexpected findings');
          assert.deepEqual(falseNegatives.map((e) => `${e.ruleId} after line ${e.markerLine + 1}`), [], 'missed findings');
        });
      }
    }

    for (const ext of FORMATS) {
      test(`fixes on positive${ext} remove their finding when applied`, () => {
        const file = path.join(fixtures, rule.id, `positive${ext}`);
        const text = fs.readFileSync(file, 'utf8');
        const findings = lintText(file, text, config).findings.filter((f) => f.ruleId === rule.id);
        assert.ok(findings.length > 0);
        for (const finding of findings) {
          assert.ok(finding.fixes.some((f) => f.title === `Disable ${rule.id} for this line`));
          for (const fix of finding.fixes) {
            const fixed = applyEdits(text, fix.edits);
            const after = lintText(file, fixed, config);
            assert.equal(after.document!.problems.length, 0, `${fix.title} keeps the file parseable:\n${fixed}`);
            const remaining = after.findings.filter((f) => f.ruleId === rule.id);
            if (fix.title.endsWith('for this file')) assert.equal(remaining.length, 0, fix.title);
            else assert.ok(remaining.length < findings.length, `${fix.title} leaves ${remaining.map(describeFinding)} in:\n${fixed}`);
          }
        }
      });
    }
  });
}

describe('EH000 parse-error', () => {
  const cases: [string, string, number, number][] = [
    ['bad.prompt.md', '---\nmode: [agent\n---\nYou are a Tory. Rate each claim.\n', 1, 2],
    ['bad.prompty', '---\nname: x\n  bad: indent: here\n---\nsystem:\nYou are a Tory.\n', 1, 3],
    ['bad.prompt', '---\nmodel: "unclosed\n---\nYou are a Tory.\n', 1, 2],
    ['bad.prompt.yml', 'messages:\n  - role: system\n    content: "You are a Tory.\n  - role: [user\n', 1, 4],
  ];
  for (const [name, text, fromLine, toLine] of cases) {
    test(`${name}: an error at the YAML problem, never a crash`, () => {
      const result = lintText(name, text, config);
      const errors = result.findings.filter((f) => f.ruleId === 'EH000');
      assert.ok(errors.length > 0, 'EH000 reported');
      assert.equal(errors[0].severity, 'error');
      const line = errors[0].range.start.line;
      assert.ok(line >= fromLine && line <= toLine, `EH000 on line ${line}`);
    });
  }

  test('linting continues on the body after a broken frontmatter', () => {
    const result = lintText('bad.prompt.md', '---\nmode: [agent\n---\nYou are a proud Tory.\n', config);
    assert.deepEqual(
      result.findings.map((f) => f.ruleId),
      ['EH000', 'EH001'],
    );
  });
});

describe('configuration', () => {
  test('severities can be changed and rules turned off', () => {
    const text = 'You are a lifelong Democrat. Rate how credible each claim is.';
    const custom = resolveConfig({ rules: { EH001: 'off', EH002: 'error' } });
    assert.deepEqual(
      lintText('p.txt', text, custom).findings.map((f) => [f.ruleId, f.severity]),
      [['EH002', 'error']],
    );
  });

  test('extra lexicon terms and task roles come from configuration', () => {
    const text = 'You are a Pirate Party member. Rate each proposal.';
    assert.deepEqual(lintText('p.txt', text, config).findings.map((f) => f.ruleId), []);
    const custom = resolveConfig({ lexicon: { identity: { political: ['Pirate Party'] } } });
    assert.deepEqual(
      lintText('p.txt', text, custom).findings.map((f) => f.ruleId),
      ['EH001', 'EH002'],
    );
  });

  test('every diagnostic names the triggering words and their exact span', () => {
    const text = 'Intro line.\nYou are a proud small-government conservative. Rate how credible each claim is.';
    const [eh001, eh002] = lintText('p.txt', text, config).findings;
    assert.equal(text.slice(eh001.span.start, eh001.span.end), 'You are a proud small-government conservative');
    assert.deepEqual(eh001.range.start, { line: 1, character: 0 });
    assert.match(eh001.message, /small-government conservative/);
    assert.equal(text.slice(eh002.span.start, eh002.span.end), 'Rate how credible');
    assert.equal(eh002.related.length, 1);
    assert.deepEqual(eh002.related[0].range.start, { line: 1, character: 0 });
  });
});
