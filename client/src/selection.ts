// "Test ... of Selection": a check on the sentence(s) the user selected, detected as a persona or not. The menus
// show these commands only in a prompt file with a selection, through a context key kept in step here.
import { Uri, commands, languages, window, type DocumentFilter, type Disposable, type TextEditor } from 'vscode';
import type { ChosenSentence } from '../../server/src/protocol.js';

/** The context key the menus read: the active editor shows a prompt file. */
export const PROMPT_FILE_CONTEXT = 'evenhand.promptFile';

/** Keeps PROMPT_FILE_CONTEXT in step with the active editor. */
export function trackPromptFile(filters: DocumentFilter[]): Disposable {
  const update = (editor: TextEditor | undefined): void => {
    void commands.executeCommand('setContext', PROMPT_FILE_CONTEXT, editor !== undefined && languages.match(filters, editor.document) > 0);
  };
  update(window.activeTextEditor);
  return window.onDidChangeActiveTextEditor(update);
}

/** What a selection command checks: a chosen sentence, or (with nothing selected) the sentence on the cursor's line. */
export interface SelectionTarget {
  uri: string;
  sentence?: ChosenSentence;
  line?: number;
}

/**
 * The file and sentence a selection command is about: its arguments (a URI and a `{ range }` or `{ text }`, as
 * tests and other extensions pass them), else the active editor's selection, else the line the cursor is on.
 */
export function selectionTarget(editor: TextEditor | undefined, uri?: string | Uri, sentence?: ChosenSentence): SelectionTarget | undefined {
  if (uri !== undefined && sentence !== undefined) return { uri: uri instanceof Uri ? uri.toString() : uri, sentence };
  if (!editor) return undefined;
  const { selection, document } = editor;
  if (selection.isEmpty) return { uri: document.uri.toString(), line: selection.active.line };
  const { start, end } = selection;
  return { uri: document.uri.toString(), sentence: { range: { start: { line: start.line, character: start.character }, end: { line: end.line, character: end.character } } } };
}
