import { newDocument, withNonProse, type FormatSyntax } from './document.js';
import { readFrontmatter } from './frontmatter.js';
import { verbatimMessage } from './mappedText.js';
import { delimitedSpans } from './syntax.js';
import { promptFormat } from './table.js';
import type { FormatId, PromptDocument } from './types.js';

/** A markdown format's syntax, from its table row: its comment, its own variables, HTML comments as non-prose. */
function markdownSyntax(format: FormatId): FormatSyntax {
  const row = promptFormat(format);
  return {
    bodyComment: row.comment,
    ...(row.variables ? { variablePattern: row.variables } : {}),
    nonProse: (text) => delimitedSpans(text, '<!--', '-->'),
  };
}

/**
 * Markdown prompt files (VS Code prompt, instructions, chat-mode and agent files; Agent Skills; Claude Code, Cursor,
 * Gemini, Windsurf and Cline instructions; Continue prompts): optional YAML frontmatter, then a body that is one
 * message, the user's turn for the row's `userSuffixes` or `role: user`, else a system instruction.
 */
export function parseMarkdownPrompt(filePath: string, source: string, format: FormatId = 'vscode-prompt'): PromptDocument {
  const syntax = markdownSyntax(format);
  const row = promptFormat(format);
  const doc = newDocument(filePath, format, source, syntax);
  const frontmatter = readFrontmatter(source, { loose: row.looseFrontmatter === true });
  doc.frontmatter = frontmatter.value;
  doc.problems.push(...frontmatter.problems.slice(0, 100)); // a hundred parse errors say enough; more would flood the editor
  doc.bodyStart = frontmatter.bodyStart;
  const lower = filePath.toLowerCase();
  const role = row.role === 'user' || row.userSuffixes?.some((suffix) => lower.endsWith(suffix)) ? 'user' : 'system';
  doc.messages.push(verbatimMessage(source, role, frontmatter.bodyStart, source.length));
  return withNonProse(doc, syntax);
}
