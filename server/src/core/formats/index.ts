import { parseCodeFile } from './code/codeDocument.js';
import { parseDataFile, parseMcpManifest } from './code/dataFiles.js';
import { parseNotebook } from './code/notebook.js';
import { newDocument } from './document.js';
import { parseDotprompt } from './dotprompt.js';
import { parseGithubModels } from './githubModels.js';
import { parsePlain } from './plain.js';
import { parsePrompty } from './prompty.js';
import { HTML_COMMENT } from './syntax.js';
import { formatForPath, promptFormat, type ReaderId } from './table.js';
import type { FormatId, PromptDocument } from './types.js';
import { parseMarkdownPrompt } from './vscodePrompt.js';

/** Each reader of the format table; a format's row names its reader. */
const READERS: Record<ReaderId, (filePath: string, text: string, format: FormatId) => PromptDocument> = {
  markdown: parseMarkdownPrompt,
  prompty: parsePrompty,
  dotprompt: parseDotprompt,
  'github-models': parseGithubModels,
  code: parseCodeFile,
  notebook: parseNotebook,
  data: parseDataFile,
  mcp: parseMcpManifest,
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
    return READERS[promptFormat(format).reader](filePath, text, format);
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
