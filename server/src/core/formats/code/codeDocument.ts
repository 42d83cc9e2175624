// A source file read as a prompt document: each prompt found in its syntax tree is a message (or several, one
// conversation), every character mapped back to the literal it came from.
import { newDocument, withNonProse, type FormatSyntax } from '../document.js';
import { promptFormat } from '../table.js';
import type { FormatId, PromptDocument } from '../types.js';
import { findCodePrompts } from './prompts.js';
import { codeParser, type CodeLanguage } from './syntaxTree.js';

const LANGUAGE_OF: Partial<Record<FormatId, CodeLanguage>> = { python: 'python', javascript: 'typescript' };

/** Reads a Python, TypeScript or JavaScript file's prompts; a file whose parser is not loaded reads as no prompt. */
export function parseCodeFile(filePath: string, source: string, format: FormatId): PromptDocument {
  const syntax: FormatSyntax = { bodyComment: promptFormat(format).comment, nonProse: () => [] };
  const doc = newDocument(filePath, format, source, syntax);
  doc.bodyStart = 0;
  const language = LANGUAGE_OF[format];
  const parse = language && codeParser(language);
  if (!language || !parse) {
    doc.problems.push({ message: `Evenhand's ${promptFormat(format).label} reader is not loaded: no prompt was read from this file`, start: 0, end: 0 });
    return doc;
  }
  const parsed = parse(source);
  try {
    for (const message of findCodePrompts(parsed.root, source, language)) {
      const first = Math.min(...message.literals.map((l) => l.startIndex));
      const last = Math.max(...message.literals.map((l) => l.endIndex));
      doc.messages.push({ role: message.role, text: message.text, offsets: message.offsets, span: { start: first, end: last }, conversation: message.conversation, ...(message.fills ? { fills: message.fills } : {}) });
      // A directive comment above the line a literal starts on covers every line of it (a triple-quoted prompt).
      for (const literal of message.literals) {
        const firstLine = doc.lines.positionAt(literal.startIndex).line;
        const lastLine = doc.lines.positionAt(literal.endIndex).line;
        if (lastLine > firstLine) doc.directiveScopes.push({ line: firstLine, firstLine, lastLine });
      }
    }
  } finally {
    parsed.dispose();
  }
  return withNonProse(doc, syntax);
}
