import type { LineIndex, Span } from '../text.js';

/** Who a message is addressed from, in the chat the prompt file describes. */
export type Role = 'system' | 'developer' | 'user' | 'assistant' | 'tool';

/** The prompt-file formats Evenhand reads. */
/** The formats Evenhand reads: the ids of the format table's rows (table.ts). */
export type { FormatId } from './table.js';
import type { FormatId } from './table.js';

/**
 * One message of a prompt, as the model will see it (before template substitution).
 * `offsets[i]` is the source offset of `text[i]`; `offsets[text.length]` is the source offset just past the
 * last character, so a text span [a, b) maps to the source span [offsets[a], offsets[b - 1] + 1).
 */
export interface PromptMessage {
  role: Role;
  text: string;
  offsets: Int32Array;
  /** Source span of the whole message content. */
  span: Span;
  /**
   * Code files only: messages with the same number were passed to the model together (one call, one message list);
   * each conversation is linted as a prompt of its own. Prompt files are one conversation.
   */
  conversation?: number;
  /** Code: the literals the file fills each template variable with (by variable name), mapped to the source. */
  fills?: Record<string, { text: string; offsets: Int32Array; span: Span }[]>;
}

/** A template variable in a message's text (text coordinates). */
export interface TemplateVariable {
  name: string;
  start: number;
  end: number;
}

/** Something in the file that could not be read as its format. */
export interface ParseProblem {
  message: string;
  /** Source offsets. */
  start: number;
  end: number;
}

/** How a format writes a comment (syntax.ts). */
export type { CommentSyntax } from './syntax.js';
import type { CommentSyntax } from './syntax.js';

/** A prompt file read into messages whose every character maps back to the source. */
export interface PromptDocument {
  path: string;
  format: FormatId;
  source: string;
  lines: LineIndex;
  messages: PromptMessage[];
  /** Source offset where the prompt body starts: after a byte-order mark and any frontmatter. */
  bodyStart: number;
  /** Parsed frontmatter / top-level YAML value, when there is one and it parsed. */
  frontmatter?: unknown;
  /** The prompt's own sample inputs (GitHub Models testData, Prompty sample): variable maps. */
  sampleInputs: Record<string, unknown>[];
  problems: ParseProblem[];
  /** Comment syntax for lines in the prompt body (where a persona sentence lives). */
  bodyComment: CommentSyntax;
  /**
   * The template variables of each message (text coordinates, in order): the format's own syntax, and where the
   * format leaves the syntax open (its table entry's `hostTemplates`) the host languages' syntaxes too.
   */
  variables: TemplateVariable[][];
  /**
   * Spans of message text that are not prose addressed to the model (comments, template tags);
   * text coordinates per message index. Code fences and quotations are masked later by the persona model.
   */
  nonProse: Span[][];
  /**
   * YAML only: for each message content scalar, `line` is the line of its `content:` key and
   * `firstLine..lastLine` the lines its text occupies (zero-based), so a directive comment right above `line`
   * covers the whole scalar. Empty for other formats.
   */
  directiveScopes: { line: number; firstLine: number; lastLine: number }[];
  /**
   * Where directive comments are written when it is not the file's own text: a notebook's code cells, joined, with
   * each character's offset in the file. A comment applies to the file line its next line maps to.
   */
  commentSource?: { text: string; offsets: Int32Array };
}
