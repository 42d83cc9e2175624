import { newDocument, withNonProse, type FormatSyntax } from './document.js';
import { verbatimMessage } from './mappedText.js';
import { promptFormat } from './table.js';
import type { PromptDocument } from './types.js';

// Plain text has no template syntax of its own: its variables are those of the host languages (hostTemplates.ts).
const PLAIN_SYNTAX: FormatSyntax = { bodyComment: promptFormat('plain').comment, nonProse: () => [] };

/** Any other file: the whole text is one system message. */
export function parsePlain(filePath: string, source: string): PromptDocument {
  const doc = newDocument(filePath, 'plain', source, PLAIN_SYNTAX);
  doc.messages.push(verbatimMessage(source, 'system', doc.bodyStart, source.length));
  return withNonProse(doc, PLAIN_SYNTAX);
}
