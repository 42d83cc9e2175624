/// <reference types="mocha" />
// "Test ... of Selection" in the editor: a check on a sentence persona detection does not find, chosen by selecting
// it; the record says chosen by hand and the result lens on it stays short.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CheckRecord } from '../../server/out/core/checks/record.js';
import { codeLenses, lineOf, suiteSimulator, titlesOnLine, workspaceFolder } from './support.js';

const SENTENCE = 'Most readers here are conservative voters.';

suite('Checks on a selected sentence', () => {
  suiteSimulator();

  test('the one-sided check of a selected sentence that is no detected persona: a record chosen by hand and a short lens', async () => {
    const uri = vscode.Uri.file(path.join(workspaceFolder(), 'readers.prompt.md'));
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document, { preview: false });
    const line = lineOf(document, SENTENCE);
    assert.deepEqual(titlesOnLine(await codeLenses(uri), line), [], 'detection offers no check on it');
    const start = document.lineAt(line).text.indexOf(SENTENCE);
    editor.selection = new vscode.Selection(line, start, line, start + SENTENCE.length);

    const record = await vscode.commands.executeCommand<CheckRecord | undefined>('evenhand.testOneSidedOfSelection');
    assert.ok(record, 'the command returns the check record');
    assert.deepEqual(record.persona, { text: SENTENCE, line: line + 1, chosen: 'hand' });
    assert.equal(record.verdict, 'one-sided');
    const titles = titlesOnLine(await codeLenses(uri), line);
    const result = titles.find((t) => t.startsWith('One-sided · '));
    assert.ok(result, `lenses on the sentence: ${JSON.stringify(titles)}`);
    assert.ok(result.length <= 40, `"${result}" fits beside the run lenses`);
  });

  test('the stability command takes a file and a quoted sentence as arguments', async () => {
    const uri = vscode.Uri.file(path.join(workspaceFolder(), 'readers.prompt.md'));
    const record = await vscode.commands.executeCommand<CheckRecord | undefined>('evenhand.testStabilityOfSelection', uri.toString(), { text: SENTENCE });
    assert.ok(record, 'the command returns the check record');
    assert.equal(record.check, 'stability');
    assert.equal(record.persona.chosen, 'hand');
  });
});
