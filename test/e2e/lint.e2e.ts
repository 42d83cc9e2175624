/// <reference types="mocha" />
// The static lint as VS Code shows it: Evenhand diagnostics on a prompt file, and the code lenses that offer checks.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { codeLenses, codeOf, diagnosticsWhere, fromSource, lineOf, openPrompt, titlesOnLine } from './support.js';

suite('Lint in the editor', () => {
  suiteSetup(async () => {
    const extension = vscode.extensions.getExtension('evenhand.evenhand');
    assert.ok(extension, 'the extension under development is loaded');
    await extension.activate();
  });

  test('a judge prompt gets Evenhand diagnostics on its persona, its rating task and its "remain neutral"', async () => {
    const { uri, document, personaLine } = await openPrompt('judge.prompt.md');
    const all = await diagnosticsWhere(uri, (list) => fromSource(list, 'evenhand').length >= 3, 'three Evenhand diagnostics');
    const ours = fromSource(all, 'evenhand');
    const byCode = new Map(ours.map((d) => [codeOf(d), d]));
    assert.deepEqual([...byCode.keys()].sort(), ['EH001', 'EH002', 'EH003']);
    assert.equal(byCode.get('EH001')?.range.start.line, personaLine, 'the identity persona is flagged on its line');
    assert.equal(byCode.get('EH002')?.severity, vscode.DiagnosticSeverity.Warning, 'evaluation under a persona is a warning');
    assert.equal(byCode.get('EH003')?.range.start.line, lineOf(document, 'Remain neutral.'));
    const code = byCode.get('EH001')?.code;
    assert.ok(typeof code === 'object' && /docs\/rules\/EH001\.md$/.test(code.target.toString()), 'the code links to its rule page');
  });

  test('code lenses offer the stability and one-sided checks on the persona and the debias check on "Remain neutral."', async () => {
    const { uri, document, personaLine } = await openPrompt('judge.prompt.md');
    await diagnosticsWhere(uri, (list) => fromSource(list, 'evenhand').length > 0, 'Evenhand diagnostics');
    const lenses = await codeLenses(uri);
    const persona = titlesOnLine(lenses, personaLine);
    assert.ok(persona.some((t) => t.startsWith('Test persona stability')), `persona line lenses: ${JSON.stringify(persona)}`);
    assert.ok(persona.some((t) => t.startsWith('Test one-sided evaluation')), `persona line lenses: ${JSON.stringify(persona)}`);
    const debias = titlesOnLine(lenses, lineOf(document, 'Remain neutral.'));
    assert.ok(debias.some((t) => t.startsWith('Test whether this sentence works')), `"Remain neutral." line lenses: ${JSON.stringify(debias)}`);
    const maxRequests = vscode.workspace.getConfiguration('evenhand', uri).get<number>('checks.maxRequests');
    assert.equal(maxRequests, 2400, 'the workspace setting is read');
    for (const title of [...persona, ...debias].filter((t) => t.startsWith('Test '))) {
      const most = /≤ ([\d,]+) requests/.exec(title);
      assert.ok(most, `"${title}" names the most requests it sends`);
      assert.ok(Number(most[1].replace(/,/g, '')) <= maxRequests, `"${title}" stays within evenhand.checks.maxRequests`);
    }
  });

  for (const name of ['judge_bot.py', 'judgeBot.ts', 'skills/judge/SKILL.md', '.claude/agents/judge.md']) {
    test(`a prompt in ${name} gets diagnostics on the persona's words and its rating task, and the check lenses`, async () => {
      const { uri, personaLine } = await openPrompt(name);
      const all = await diagnosticsWhere(uri, (list) => fromSource(list, 'evenhand').length >= 2, 'two Evenhand diagnostics');
      const byCode = new Map(fromSource(all, 'evenhand').map((d) => [codeOf(d), d]));
      assert.deepEqual([...byCode.keys()].sort(), ['EH001', 'EH002']);
      const persona = byCode.get('EH001')!;
      assert.equal(persona.range.start.line, personaLine, 'the persona is flagged on its line, inside the literal');
      const document = await vscode.workspace.openTextDocument(uri);
      assert.match(document.getText(persona.range), /conservative/);
      const lenses = titlesOnLine(await codeLenses(uri), personaLine);
      assert.ok(lenses.some((t) => t.startsWith('Test one-sided evaluation')), `persona line lenses: ${JSON.stringify(lenses)}`);
    });
  }

  test('every agent asset (outside the workspace too) gets EH001 on its persona and EH002 on its evaluation', async () => {
    // The fixtures the CLI test lints: test/fixtures/assets in the repository this suite was built from.
    const assets = path.join(__dirname, '..', '..', 'test', 'fixtures', 'assets');
    const files = [
      'skills/debate-judge/SKILL.md', 'CLAUDE.md', '.claude/agents/fact-checker.md', '.claude/commands/review-speech.md',
      '.cursor/rules/reviewer.mdc', '.cursorrules', 'GEMINI.md', '.windsurfrules', '.windsurf/rules/judge.md',
      '.clinerules/reviewer.md', '.continue/prompts/judge.prompt', '.github/chatmodes/pundit.chatmode.md', '.vscode/mcp.json',
    ];
    for (const file of files) {
      const uri = vscode.Uri.file(path.join(assets, file));
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document, { preview: true });
      const all = await diagnosticsWhere(uri, (list) => ['EH001', 'EH002'].every((code) => fromSource(list, 'evenhand').some((d) => codeOf(d) === code)), `EH001 and EH002 in ${file}`);
      const persona = fromSource(all, 'evenhand').find((d) => codeOf(d) === 'EH001')!;
      assert.match(document.getText(persona.range), /^(?:You are|Act as)/, `${file}: EH001 on the persona's words`);
    }
  });
});
