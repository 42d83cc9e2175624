import type { FormatId, PromptDocument } from './types.js';

/** The format a file name implies, or undefined when it is not a known prompt-file name. */
export function formatForPath(filePath: string): FormatId | undefined {
  const normalized = filePath.replace(/\\/g, '/');
  const name = normalized.slice(normalized.lastIndexOf('/') + 1).toLowerCase();
  if (/\.(prompt|instructions|chatmode|agent)\.md$/.test(name) || name === 'agents.md') return 'vscode-prompt';
  if (/(^|\/)\.github\/copilot-instructions\.md$/i.test(normalized)) return 'vscode-prompt';
  if (name.endsWith('.prompty')) return 'prompty';
  if (/\.prompt\.ya?ml$/.test(name)) return 'github-models';
  if (name.endsWith('.prompt')) return 'dotprompt';
  return undefined;
}

/** Reads a prompt file into messages; a file of no known format is plain text (one system message). */
export declare function parsePromptFile(filePath: string, text: string): PromptDocument;
