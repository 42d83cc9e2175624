import { newDocument, withNonProse, type FormatSyntax } from './document.js';
import { readFrontmatter } from './frontmatter.js';
import { verbatimMessage } from './mappedText.js';
import { delimitedSpans, VSCODE_VARIABLE } from './syntax.js';
import { promptFormat } from './table.js';
import type { PromptDocument } from './types.js';

const VSCODE_SYNTAX: FormatSyntax = {
  bodyComment: promptFormat('vscode-prompt').comment,
  variablePattern: VSCODE_VARIABLE,
  nonProse: (text) => delimitedSpans(text, '<!--', '-->'),
};

/**
 * VS Code prompt, instructions, chat-mode and agent files: optional YAML frontmatter, then a markdown body that
 * is one message (from the user for `*.prompt.md`, a system instruction for the others).
 */
export function parseVscodePrompt(filePath: string, source: string): PromptDocument {
  const doc = newDocument(filePath, 'vscode-prompt', source, VSCODE_SYNTAX);
  const frontmatter = readFrontmatter(source);
  doc.frontmatter = frontmatter.value;
  doc.problems.push(...frontmatter.problems.slice(0, 100)); // a hundred parse errors say enough; more would flood the editor
  doc.bodyStart = frontmatter.bodyStart;
  const role = /\.prompt\.md$/i.test(filePath) ? 'user' : 'system';
  doc.messages.push(verbatimMessage(source, role, frontmatter.bodyStart, source.length));
  return withNonProse(doc, VSCODE_SYNTAX);
}
