import { newDocument, sampleMaps, withNonProse, type FormatSyntax } from './document.js';
import { lineAt, readFrontmatter } from './frontmatter.js';
import { verbatimMessage } from './mappedText.js';
import { delimitedSpans, JINJA_VARIABLE } from './syntax.js';
import { promptFormat } from './table.js';
import type { PromptDocument, PromptMessage, Role } from './types.js';

const PROMPTY_SYNTAX: FormatSyntax = {
  bodyComment: promptFormat('prompty').comment,
  variablePattern: JINJA_VARIABLE,
  nonProse: (text) => [...delimitedSpans(text, '{#', '#}'), ...delimitedSpans(text, '{%', '%}')],
};

/** A role-marker line: `system:`, `user:` or `assistant:` alone on its line, optionally after `#`. */
const ROLE_MARKER = /^[ \t]*(?:#[ \t]*)?(system|user|assistant)[ \t]*:[ \t]*$/i;

/**
 * Prompty files: YAML frontmatter, then a Jinja body split into messages by role-marker lines (the marker lines
 * belong to no message); text before the first marker is a system message.
 */
export function parsePrompty(filePath: string, source: string): PromptDocument {
  const doc = newDocument(filePath, 'prompty', source, PROMPTY_SYNTAX);
  const frontmatter = readFrontmatter(source);
  doc.frontmatter = frontmatter.value;
  doc.problems.push(...frontmatter.problems.slice(0, 100)); // a hundred parse errors say enough; more would flood the editor
  doc.bodyStart = frontmatter.bodyStart;
  const sample = typeof frontmatter.value === 'object' && frontmatter.value !== null ? (frontmatter.value as Record<string, unknown>).sample : undefined;
  doc.sampleInputs = sampleMaps(sample);
  doc.messages = splitOnMarkerLines(source, frontmatter.bodyStart);
  return withNonProse(doc, PROMPTY_SYNTAX);
}

function splitOnMarkerLines(source: string, bodyStart: number): PromptMessage[] {
  const messages: PromptMessage[] = [];
  let role: Role = 'system';
  let messageStart = bodyStart;
  let sawMarker = false;
  const close = (end: number): void => {
    // Blank text before the first marker is no message.
    if (sawMarker || source.slice(messageStart, end).trim() !== '') messages.push(verbatimMessage(source, role, messageStart, end));
  };
  for (let lineStart = bodyStart; lineStart < source.length; ) {
    const line = lineAt(source, lineStart);
    // Cheap test first: a marker line is short and ends with a colon.
    const marker = line.end - lineStart <= 64 && source.slice(lineStart, line.end).includes(':') ? ROLE_MARKER.exec(source.slice(lineStart, line.end)) : null;
    if (marker) {
      close(lineStart);
      role = marker[1].toLowerCase() as Role;
      messageStart = line.next;
      sawMarker = true;
    }
    lineStart = line.next;
  }
  close(source.length);
  return messages;
}
