// Jupyter notebooks: the code cells, joined in order, are a Python source whose every character maps back to the
// JSON string it came from; prompts are found in it as in a .py file, and directive comments are read in it too.
import * as jsonc from 'jsonc-parser';
import { newDocument, withNonProse, type FormatSyntax } from '../document.js';
import { MappedTextBuilder, type MappedText } from '../mappedText.js';
import { promptFormat } from '../table.js';
import type { PromptDocument } from '../types.js';
import { jsonStringText } from './dataFiles.js';
import { findCodePrompts } from './prompts.js';
import { codeParser } from './syntaxTree.js';

/** The code cells of a notebook as one Python source mapped to the notebook's text (cells end with a line break). */
export function notebookCode(source: string): MappedText | undefined {
  const tree = jsonc.parseTree(source);
  const cells = tree && jsonc.findNodeAtLocation(tree, ['cells']);
  if (!cells || cells.type !== 'array') return undefined;
  const builder = new MappedTextBuilder(source.length);
  for (const cell of cells.children ?? []) {
    const type = jsonc.findNodeAtLocation(cell, ['cell_type']);
    const lines = jsonc.findNodeAtLocation(cell, ['source']);
    if (type?.value !== 'code' || !lines) continue;
    const parts = lines.type === 'array' ? (lines.children ?? []) : [lines];
    for (const part of parts) {
      if (part.type !== 'string') continue;
      const text = jsonStringText(source, part.offset, part.offset + part.length);
      builder.pushMapped(text, 0, text.text.length);
    }
    if (builder.lastChar !== '\n') builder.push('\n', lines.offset + lines.length - 1);
  }
  return builder.finish(source.length);
}

/** Reads a notebook's prompts from its code cells. */
export function parseNotebook(filePath: string, source: string): PromptDocument {
  const syntax: FormatSyntax = { bodyComment: promptFormat('notebook').comment, nonProse: () => [] };
  const doc = newDocument(filePath, 'notebook', source, syntax);
  doc.bodyStart = 0;
  const code = notebookCode(source);
  if (!code) {
    doc.problems.push({ message: 'Not a Jupyter notebook: no `cells` list', start: 0, end: 0 });
    return doc;
  }
  doc.commentSource = code;
  const parse = codeParser('python');
  if (!parse) {
    doc.problems.push({ message: "Evenhand's Python code reader is not loaded: no prompt was read from this notebook", start: 0, end: 0 });
    return doc;
  }
  const parsed = parse(code.text);
  try {
    for (const message of findCodePrompts(parsed.root, code.text, 'python')) {
      // Offsets into the joined cells, then into the notebook's JSON.
      const offsets = message.offsets.map((at) => code.offsets[at]);
      const first = Math.min(...message.literals.map((l) => code.offsets[l.startIndex]));
      const last = Math.max(...message.literals.map((l) => code.offsets[Math.max(l.startIndex, l.endIndex - 1)] + 1));
      const fills = message.fills
        ? Object.fromEntries(
            Object.entries(message.fills).map(([name, values]) => [
              name,
              values.map((v) => ({ text: v.text, offsets: v.offsets.map((at) => code.offsets[at]), span: { start: code.offsets[v.span.start], end: code.offsets[Math.max(v.span.start, v.span.end - 1)] + 1 } })),
            ]),
          )
        : undefined;
      doc.messages.push({ role: message.role, text: message.text, offsets, span: { start: first, end: last }, conversation: message.conversation, ...(fills ? { fills } : {}) });
    }
  } finally {
    parsed.dispose();
  }
  return withNonProse(doc, syntax);
}
