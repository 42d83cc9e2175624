import { parseCodeFile } from './code/codeDocument.js';
import { parseDataFile } from './code/dataFiles.js';
import { parseNotebook } from './code/notebook.js';
import { newDocument } from './document.js';
import { parseDotprompt } from './dotprompt.js';
import { parseGithubModels } from './githubModels.js';
import { parsePlain } from './plain.js';
import { parsePrompty } from './prompty.js';
import { HTML_COMMENT } from './syntax.js';
import { formatForPath } from './table.js';
import type { FormatId, PromptDocument } from './types.js';
import { parseVscodePrompt } from './vscodePrompt.js';

const PARSERS: Record<FormatId, (filePath: string, text: string) => PromptDocument> = {
  'vscode-prompt': parseVscodePrompt,
  prompty: parsePrompty,
  dotprompt: parseDotprompt,
  'github-models': parseGithubModels,
  python: (filePath, text) => parseCodeFile(filePath, text, 'python'),
  javascript: (filePath, text) => parseCodeFile(filePath, text, 'javascript'),
  notebook: parseNotebook,
  'json-data': (filePath, text) => parseDataFile(filePath, text, 'json-data'),
  'yaml-data': (filePath, text) => parseDataFile(filePath, text, 'yaml-data'),
  plain: parsePlain,
};

/**
 * Reads a prompt file into messages; a file of no known format is plain text (one system message). Never throws.
 * A lone CR (classic Mac line endings) is read as LF, so the document's source may differ from `text` there only.
 */
export function parsePromptFile(filePath: string, text: string): PromptDocument {
  const format = formatForPath(filePath) ?? 'plain';
  text = withoutLoneCarriageReturns(text);
  try {
    return PARSERS[format](filePath, text);
  } catch (error) {
    // A defect in a parser must not take the linter down: report it on the file and read nothing.
    const doc = newDocument(filePath, format, text, { bodyComment: HTML_COMMENT, nonProse: () => [] });
    const reason = error instanceof Error ? error.message : String(error);
    doc.problems.push({ message: `Evenhand could not read this file (internal error: ${reason})`, start: 0, end: 0 });
    return doc;
  }
}

/**
 * The text with each lone CR replaced by LF. LSP, editors and YAML read CR, LF and CRLF alike as line breaks, but the
 * parsers, the YAML package and the rules look for LF; the swap keeps every offset, so positions are unchanged.
 */
function withoutLoneCarriageReturns(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}
