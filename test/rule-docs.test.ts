// Every rule is documented: its page under docs/rules/ and its row in the README's Rules table, and no page is
// left over for a rule the README does not know (markdownlint keeps the same test).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { RULES, ruleDocsPath } from '../server/out/core/rules/index.js';

const root = path.join(__dirname, '..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');

/** The rows of the README's Rules table (the section's lines up to its first blank line, header rows dropped). */
function rulesTableRows(): string[] {
  const start = readme.indexOf('\n## Rules\n');
  assert.ok(start >= 0, 'README.md has a "## Rules" section');
  const table = readme.slice(start + '\n## Rules\n'.length, readme.indexOf('\n\n', start + 1));
  return table.split('\n').slice(2);
}

test('the README has a Rules table', () => {
  assert.ok(rulesTableRows().length >= 7, rulesTableRows().join('\n'));
});

for (const rule of RULES) {
  test(`${rule.id} ${rule.name} has its docs page and README row`, () => {
    const page = path.join(root, ruleDocsPath(rule.id));
    assert.ok(fs.existsSync(page), `${ruleDocsPath(rule.id)} is missing`);
    const heading = fs.readFileSync(page, 'utf8').split('\n', 1)[0];
    assert.equal(heading, `# ${rule.id} ${rule.name}`, `${ruleDocsPath(rule.id)} starts with its id and name`);
    const row = rulesTableRows().find((line) => line.startsWith(`| [${rule.id}](`));
    assert.ok(row, `the README's Rules table has no row for ${rule.id}`);
    assert.ok(row.startsWith(`| [${rule.id}](${ruleDocsPath(rule.id)}) | ${rule.name} |`), `README row of ${rule.id}: ${row}`);
  });
}

test('every docs/rules page is a rule the README links to, under its own id', () => {
  const pages = fs.readdirSync(path.join(root, 'docs', 'rules')).filter((name) => name.endsWith('.md'));
  assert.ok(pages.length >= RULES.length, `${pages.length} pages for ${RULES.length} rules`);
  for (const page of pages) {
    const id = page.slice(0, -'.md'.length);
    assert.match(id, /^EH\d{3}$/, `docs/rules/${page} is named after a rule id`);
    assert.ok(readme.includes(`[${id}](docs/rules/${page})`), `the README links to docs/rules/${page}`);
    const heading = fs.readFileSync(path.join(root, 'docs', 'rules', page), 'utf8').split('\n', 1)[0];
    assert.ok(heading.startsWith(`# ${id} `), `docs/rules/${page} starts with "# ${id} <name>"`);
  }
});
