import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { lintText, parsePromptFile, resolveConfig, type LintResult, type PromptDocument } from '../server/out/core/index.js';

// LSP and every editor read CR, LF and CRLF as line breaks alike; so must every format's parser and every rule.

const config = resolveConfig();
const FIXTURES = path.join(__dirname, '..', 'test', 'fixtures');

/** Every prompt-file fixture of the rules and formats suites, with LF line breaks. */
function fixtures(): { name: string; text: string }[] {
  const found: { name: string; text: string }[] = [];
  for (const dir of ['formats', ...readdirSync(path.join(FIXTURES, 'rules')).map((rule) => path.join('rules', rule))]) {
    for (const file of readdirSync(path.join(FIXTURES, dir))) {
      found.push({ name: path.join(dir, file), text: readFileSync(path.join(FIXTURES, dir, file), 'utf8').replace(/\r\n?/g, '\n') });
    }
  }
  return found;
}

const ENDINGS = { CRLF: '\r\n', CR: '\r' } as const;

/** What a reader sees of a lint: findings and fixes by line and column, parse problems, message texts. */
function seen(result: LintResult) {
  const doc = result.document as PromptDocument;
  const sameBreaks = (text: string) => text.replace(/\r\n?/g, '\n');
  return {
    findings: result.findings.map((f) => ({
      rule: f.ruleId,
      message: sameBreaks(f.message),
      range: f.range,
      fixes: f.fixes.map((fix) => ({ title: fix.title, edits: fix.edits.map((e) => ({ range: e.range, newText: sameBreaks(e.newText) })) })),
    })),
    problems: doc.problems.map((p) => ({ message: p.message, at: doc.lines.rangeOf(p) })),
    messages: doc.messages.map((m) => ({ role: m.role, text: sameBreaks(m.text) })),
  };
}

describe('line endings: CR, LF and CRLF parse and lint alike, at the same lines and columns', () => {
  for (const { name, text } of fixtures()) {
    for (const [ending, lineBreak] of Object.entries(ENDINGS)) {
      test(`${name} with ${ending}`, () => {
        const file = path.basename(name);
        const lf = seen(lintText(file, text, config));
        const other = seen(lintText(file, text.replace(/\n/g, lineBreak), config));
        assert.deepEqual(other, lf);
      });
    }
  }

  test('a .prompt.yml written with lone CRs has no YAML error, and its messages map to the right characters', () => {
    const source = 'messages:\r  - role: system\r    content: You are a Republican.\r  - role: user\r    content: |\r      Rate\r      {{claim}}\r';
    const doc = parsePromptFile('rate.prompt.yml', source);
    assert.deepEqual(doc.problems, []);
    assert.deepEqual(doc.messages.map((m) => m.text), ['You are a Republican.', 'Rate\n{{claim}}\n']);
    const [system, user] = doc.messages;
    assert.equal(source.slice(system.offsets[0], system.offsets[0] + 3), 'You');
    assert.deepEqual(doc.lines.positionAt(system.offsets[0]), { line: 2, character: 13 });
    assert.deepEqual(doc.lines.positionAt(user.offsets[user.text.indexOf('{{')]), { line: 6, character: 6 });
    assert.equal(source[user.offsets[4]], '\r', 'the line break inside the block maps to its CR');
  });

  test('random documents: replacing every LF by CR changes no finding, problem or message', () => {
    const pieces = [
      'You are a proud conservative. ', 'Rate how credible each claim is. ', '---\n', 'system:\n', 'user:\n', '{{role "system"}}\n',
      'messages:\n', '  - role: system\n', '    content: |\n', '      You are a lifelong Yankees fan.\n', '    content: >-\n',
      '      Rate the essay\n', "    content: 'a ''b''\n      c'\n", '    content: "x\\n\n      y"\n', '```\nYou are a Green voter\n```\n',
      '<!-- evenhand-disable-next-line EH001 -->\n', '# evenhand-disable-file\n', 'name: x\n', '\n', ' ', 'Act as a {{persona}}. ',
    ];
    const files = ['p.prompt.md', 'p.prompty', 'p.prompt', 'p.prompt.yml', 'p.txt'];
    fc.assert(
      fc.property(fc.constantFrom(...files), fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), (file, parts) => {
        const text = parts.join('');
        assert.deepEqual(seen(lintText(file, text.replace(/\n/g, '\r'), config)), seen(lintText(file, text, config)));
      }),
      { numRuns: 1000 },
    );
  });
});
