// Every prompt asset people keep beside their code: Agent Skills, Claude Code, Cursor, Gemini, Windsurf, Cline and
// Continue files, chat modes and MCP manifests. Each fixture gives the model an identity persona and asks it to
// evaluate; each must get EH001 on the persona's words and EH002 on the evaluation, in its own format.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { formatForPath, lintText, resolveConfig } from '../server/out/core/index.js';

const root = path.join(__dirname, '..', 'test', 'fixtures');
const ASSETS: [file: string, format: string][] = [
  ['assets/skills/debate-judge/SKILL.md', 'agent-skill'],
  ['assets/CLAUDE.md', 'claude-code'],
  ['assets/.claude/agents/fact-checker.md', 'claude-code'],
  ['assets/.claude/commands/review-speech.md', 'claude-command'],
  ['assets/.cursor/rules/reviewer.mdc', 'cursor-rules'],
  ['assets/.cursorrules', 'cursor-rules'],
  ['assets/GEMINI.md', 'agent-rules'],
  ['assets/.windsurfrules', 'agent-rules'],
  ['assets/.windsurf/rules/judge.md', 'agent-rules'],
  ['assets/.clinerules/reviewer.md', 'agent-rules'],
  ['assets-more/.clinerules', 'agent-rules'],
  ['assets/.continue/prompts/judge.prompt', 'continue-prompt'],
  ['assets/.github/chatmodes/pundit.chatmode.md', 'vscode-prompt'],
  ['assets/.vscode/mcp.json', 'mcp'],
];

test('each asset is read in its format, with EH001 on the persona and EH002 on the evaluation', () => {
  const config = resolveConfig();
  for (const [file, format] of ASSETS) {
    const full = path.join(root, file);
    assert.equal(formatForPath(full), format, file);
    const text = fs.readFileSync(full, 'utf8');
    const { findings } = lintText(full, text, config, { fixEdits: false });
    const persona = findings.find((f) => f.ruleId === 'EH001');
    const evaluation = findings.find((f) => f.ruleId === 'EH002');
    assert.ok(persona && evaluation, `${file}: ${findings.map((f) => f.ruleId).join(', ')}`);
    assert.match(text.slice(persona.span.start, persona.span.end), /^(?:You are|Act as)/, `${file}: EH001 on the persona's words`);
    assert.match(text.slice(evaluation.span.start, evaluation.span.end), /^(?:Decide|Score|Judge|Assess|Rate|Evaluate|Rank)\b/i, `${file}: EH002 on the evaluation`);
  }
});

test('a slash command\'s $ARGUMENTS and $1 are template variables; frontmatter is not the prompt', () => {
  const text = '---\ndescription: Review\n---\nYou are $1, a voter from $ARGUMENTS.\nRate the speech.\n';
  const { findings, document } = lintText('/repo/.claude/commands/x.md', text, resolveConfig());
  assert.deepEqual(document?.variables[0].map((v) => v.name), ['1', 'ARGUMENTS']);
  assert.ok(findings.some((f) => f.ruleId === 'EH006'), findings.map((f) => f.ruleId).join());
  assert.equal(document?.messages[0].role, 'user');
  assert.ok(!document?.messages[0].text.includes('description'));
});

test('an MCP manifest is read for tool and prompt descriptions only, each a prompt of its own', () => {
  const manifest = JSON.stringify({
    servers: { a: { command: 'node', args: ['You are a proud conservative.'] } },
    inputs: [{ id: 'key', description: 'You are a proud conservative: paste your key.' }],
    tools: [{ name: 'neutral', description: 'Looks up the election calendar for a county and returns the dates.' }],
    prompts: [{ name: 'judge', description: 'You are a lifelong Labour voter. Decide which manifesto is better.' }],
  }, null, 2);
  const { findings, document } = lintText('/repo/.vscode/mcp.json', manifest, resolveConfig());
  assert.equal(document?.messages.length, 2);
  assert.deepEqual(findings.map((f) => f.ruleId).sort(), ['EH001', 'EH002']);
});

test('Cursor rule frontmatter that is no strict YAML (globs: **/*) is read, not reported as a parse error', () => {
  const text = '---\ndescription: Reviews memos\nglobs: **/*.md\nalwaysApply: false\n---\nYou are a proud French nationalist.\nRate each claim.\n';
  const { findings, document } = lintText('/repo/.cursor/rules/r.mdc', text, resolveConfig());
  assert.deepEqual(findings.map((f) => f.ruleId).sort(), ['EH001', 'EH002']);
  assert.deepEqual(document?.frontmatter, { description: 'Reviews memos', globs: '**/*.md', alwaysApply: 'false' });
  // The same frontmatter in a format that reads strict YAML is a parse error there.
  assert.ok(lintText('/repo/x.prompt.md', text, resolveConfig()).findings.some((f) => f.ruleId === 'EH000'));
});
