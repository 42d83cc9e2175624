// The prompt-file formats as data: one entry per format, from which the engine's formatForPath, the client's
// document selector (protocol.ts), the manifest's activation events and languages (scripts/gen-manifest.mjs),
// the CLI's help and the README's "What it reads" table are all derived. Adding a file pattern is one edit here.
// This file must stay free of `vscode` and of Node built-ins: the client bundle imports it through protocol.ts.
import { HANDLEBARS_COMMENT, HANDLEBARS_VARIABLE, HTML_COMMENT, JINJA_COMMENT, NO_COMMENT, PLAIN_COMMENT, SLASH_COMMENT, VSCODE_VARIABLE, YAML_COMMENT } from './syntax.js';
import type { CommentSyntax } from './syntax.js';

/** A language Evenhand itself contributes to VS Code for a format (the others are VS Code's own). */
export interface ContributedLanguage {
  aliases: readonly string[];
  /** The language configuration file, relative to the extension root. */
  configuration: string;
}

/**
 * How a format's files are read: `markdown` (optional YAML frontmatter, then a body that is one message), the prompt
 * formats' own readers, `code` (tree-sitter), `notebook`, `data` (JSON, JSONL, YAML records), `mcp` (the tool and
 * prompt descriptions of MCP server manifests) and `plain`.
 */
export type ReaderId = 'markdown' | 'prompty' | 'dotprompt' | 'github-models' | 'code' | 'notebook' | 'data' | 'mcp' | 'plain';

/** One prompt-file format: how its files are named, how editors and the manifest see it, how it is read. */
export interface PromptFormat {
  id: string;
  /** Which reader reads its files. */
  reader: ReaderId;
  /** Markdown reader: the role of the body (default system); `userSuffixes` name files whose body is the user's turn. */
  role?: 'system' | 'user';
  userSuffixes?: readonly string[];
  /** Markdown reader: the format's own template variables (a global pattern, group 1 the name); else none. */
  variables?: RegExp;
  /** Markdown reader: frontmatter that is not strict YAML (read as `key: text` lines when YAML fails, no problem). */
  looseFrontmatter?: boolean;
  /** Its name for people (the README's format column). */
  label: string;
  /**
   * File-name globs, each `**\/*<suffix>` (a name ending), `**\/<path>` (a name, or a path tail such as
   * `.github/copilot-instructions.md`) or `**\/<folder>/*<suffix>` (a name ending in a folder whose path ends so,
   * such as `.claude/agents/*.md`). formatForPath matches them case-insensitively; the first format wins.
   */
  globs: readonly string[];
  /** VS Code language ids its files open with; each one is an `onLanguage:` activation event. */
  languageIds: readonly string[];
  /** Set when Evenhand contributes the language (languageIds[0]); its extensions are the suffixes of `globs`. */
  contributedLanguage?: ContributedLanguage;
  /** How a suppression comment is written and found in the prompt body. */
  comment: CommentSyntax;
  /** Where the message text lies and what else is read (the README's messages column). */
  messages: string;
  /**
   * True when the format leaves template syntax open, so host-language placeholders (`{persona}`, `%(x)s`, `<x>`,
   * `[X]`, ...) in its text are variables; false when the format fixes its own syntax and anything else is literal.
   */
  hostTemplates: boolean;
  /**
   * Source code: prompts are string literals found by a syntax tree, a file is read only when it imports a model
   * SDK (or the `code` setting says so), and text inside a message is never a directive comment.
   */
  code?: boolean;
  /** File names the globs match that are never this format's (configuration files with a prompt-like name). */
  notNames?: readonly string[];
}

/** Every format, in the order formatForPath tries them; `plain` has no file names and is the fallback. */
const FORMAT_ROWS = [
  {
    id: 'vscode-prompt',
    reader: 'markdown',
    userSuffixes: ['.prompt.md'],
    variables: VSCODE_VARIABLE,
    label: 'VS Code prompt files',
    globs: [
      '**/*.prompt.md',
      '**/*.instructions.md',
      '**/*.chatmode.md',
      '**/*.agent.md',
      '**/AGENTS.md',
      '**/.github/copilot-instructions.md',
    ],
    languageIds: ['prompt', 'instructions', 'chatmode', 'markdown'],
    comment: HTML_COMMENT,
    messages: 'optional YAML frontmatter; the body is the prompt; `${input:name}` and host-language variables',
    hostTemplates: true,
  },
  {
    id: 'agent-skill',
    reader: 'markdown',
    label: 'Agent Skills',
    globs: ['**/SKILL.md'],
    languageIds: ['markdown'],
    comment: HTML_COMMENT,
    messages: 'frontmatter `name`, `description`; the body is the skill\'s instructions (wherever the `SKILL.md` is)',
    hostTemplates: true,
  },
  {
    id: 'claude-code',
    reader: 'markdown',
    label: 'Claude Code memory and sub-agents',
    globs: ['**/CLAUDE.md', '**/.claude/agents/*.md'],
    languageIds: ['markdown'],
    comment: HTML_COMMENT,
    messages: '`CLAUDE.md`; sub-agents: frontmatter (`name`, `description`, `tools`) and a system prompt body',
    hostTemplates: true,
  },
  {
    id: 'claude-command',
    reader: 'markdown',
    role: 'user',
    variables: /\$(ARGUMENTS|[1-9])\b/g,
    label: 'Claude Code slash commands',
    globs: ['**/.claude/commands/*.md'],
    languageIds: ['markdown'],
    comment: HTML_COMMENT,
    messages: 'optional frontmatter; the body is the command\'s prompt; `$ARGUMENTS`, `$1`...`$9`',
    hostTemplates: true,
  },
  {
    id: 'cursor-rules',
    reader: 'markdown',
    looseFrontmatter: true,
    label: 'Cursor rules',
    globs: ['**/.cursor/rules/*.mdc', '**/.cursorrules'],
    languageIds: ['markdown'],
    comment: HTML_COMMENT,
    messages: '`.mdc`: frontmatter `description`, `globs`, `alwaysApply`, then the rule; `.cursorrules`: the whole file',
    hostTemplates: true,
  },
  {
    id: 'agent-rules',
    reader: 'markdown',
    label: 'Other agents\' instruction files',
    globs: ['**/GEMINI.md', '**/.windsurfrules', '**/.windsurf/rules/*.md', '**/.clinerules', '**/.clinerules/*.md'],
    languageIds: ['markdown'],
    comment: HTML_COMMENT,
    messages: 'Gemini CLI, Windsurf and Cline: optional frontmatter, then the instructions',
    hostTemplates: true,
  },
  {
    id: 'continue-prompt',
    reader: 'markdown',
    role: 'user',
    variables: HANDLEBARS_VARIABLE,
    label: 'Continue prompt files',
    globs: ['**/.continue/prompts/*.prompt'],
    languageIds: ['dotprompt'],
    comment: HANDLEBARS_COMMENT,
    messages: 'frontmatter (`name`, `description`), then the prompt; `{{{ input }}}` and Handlebars variables',
    hostTemplates: false,
  },
  {
    id: 'prompty',
    reader: 'prompty',
    label: 'Prompty',
    globs: ['**/*.prompty'],
    languageIds: ['prompty'],
    contributedLanguage: { aliases: ['Prompty', 'prompty'], configuration: './syntaxes/prompty.language-configuration.json' },
    comment: JINJA_COMMENT,
    messages: 'frontmatter; `system:` / `user:` / `assistant:` role lines; `{{var}}`; `sample` inputs',
    hostTemplates: false,
  },
  {
    id: 'github-models',
    reader: 'github-models',
    label: 'GitHub Models',
    globs: ['**/*.prompt.yml', '**/*.prompt.yaml'],
    languageIds: [],
    comment: YAML_COMMENT,
    messages: '`messages: [{role, content}]` in any YAML scalar style; `{{var}}`; `testData` inputs',
    hostTemplates: false,
  },
  {
    id: 'dotprompt',
    reader: 'dotprompt',
    label: 'Dotprompt',
    globs: ['**/*.prompt'],
    languageIds: ['dotprompt'],
    contributedLanguage: { aliases: ['Dotprompt', 'dotprompt'], configuration: './syntaxes/dotprompt.language-configuration.json' },
    comment: HANDLEBARS_COMMENT,
    messages: 'frontmatter; Handlebars body with `{{role "system"}}` markers; `{{! comments }}`',
    hostTemplates: false,
  },
  {
    id: 'python',
    reader: 'code',
    label: 'Python code',
    globs: ['**/*.py'],
    languageIds: ['python'],
    comment: YAML_COMMENT,
    messages:
      'string literals passed as messages (role dicts, `system=`/`instructions=`, LangChain and LlamaIndex messages, DSPy docstrings), bound to prompt-like names, or opening like a prompt; f-string slots and `.format` fields',
    hostTemplates: true,
    code: true,
  },
  {
    id: 'javascript',
    reader: 'code',
    label: 'TypeScript and JavaScript code',
    globs: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts', '**/*.js', '**/*.jsx', '**/*.mjs', '**/*.cjs'],
    languageIds: ['typescript', 'typescriptreact', 'javascript', 'javascriptreact'],
    comment: SLASH_COMMENT,
    messages:
      'string and template literals passed as messages (`{role, content}`, `system:`/`instructions:`, LangChain messages), bound to prompt-like names, or opening like a prompt; `${...}` slots',
    hostTemplates: true,
    code: true,
  },
  {
    id: 'notebook',
    reader: 'notebook',
    label: 'Jupyter notebooks',
    globs: ['**/*.ipynb'],
    languageIds: [],
    comment: YAML_COMMENT,
    messages: 'the code cells read as one Python file (as `.py`); `#` directive comments in the cells',
    hostTemplates: true,
    code: true,
  },
  {
    id: 'mcp',
    reader: 'mcp',
    label: 'MCP server manifests',
    globs: ['**/mcp.json', '**/.mcp.json'],
    languageIds: ['json', 'jsonc'],
    comment: NO_COMMENT,
    messages: 'the `description` of each tool and prompt a manifest lists (prose sent to a model), as JSON strings',
    hostTemplates: false,
  },
  {
    id: 'json-data',
    reader: 'data',
    label: 'JSON and JSONL prompt data',
    globs: ['**/*.json', '**/*.jsonl'],
    notNames: ['.evenhand.json', 'package.json', 'package-lock.json', 'tsconfig.json', 'jsconfig.json', 'settings.json', 'launch.json', 'tasks.json', 'extensions.json', 'results.json'],
    languageIds: ['json', 'jsonl'],
    comment: NO_COMMENT,
    messages: 'records with `messages: [{role, content}]`, `system`, `prompt`, `instructions` or `*_prompt` text fields; no comments, so no directives',
    hostTemplates: true,
    code: true,
  },
  {
    id: 'yaml-data',
    reader: 'data',
    label: 'YAML prompt configs',
    globs: ['**/*.yaml', '**/*.yml'],
    languageIds: ['yaml'],
    comment: YAML_COMMENT,
    messages: 'the same fields as JSON data, in any scalar style; `#` directives above a key cover its text',
    hostTemplates: true,
    code: true,
  },
  {
    id: 'plain',
    reader: 'plain',
    label: 'anything else named explicitly',
    globs: [],
    languageIds: [],
    comment: PLAIN_COMMENT,
    messages: 'plain text, one system message; host-language variables',
    hostTemplates: true,
  },
] as const satisfies readonly PromptFormat[];

/** A format's id: one of the table's rows. */
export type FormatId = (typeof FORMAT_ROWS)[number]['id'];

export const PROMPT_FORMATS: readonly (PromptFormat & { id: FormatId })[] = FORMAT_ROWS;

/** The table entry of a format. */
export function promptFormat(id: FormatId): PromptFormat & { id: FormatId } {
  const format = PROMPT_FORMATS.find((f) => f.id === id);
  if (!format) throw new Error(`No prompt format ${id}`);
  return format;
}

/**
 * What a table glob says about a file: its name ends with `suffix`; its path is or ends with `/` + `tail`; or its
 * name ends with `suffix` in a folder whose path is or ends with `/` + `folder`.
 */
type NamePattern = { suffix: string } | { tail: string } | { folder: string; suffix: string };

/** Reads a table glob; anything but the two supported shapes is a mistake in the table, caught at load. */
function namePattern(glob: string): NamePattern {
  const rest = glob.startsWith('**/') ? glob.slice(3) : undefined;
  if (rest?.startsWith('*') && !/[*?[\]{}/]/.test(rest.slice(1))) return { suffix: rest.slice(1).toLowerCase() };
  const inFolder = rest ? /^([^*?[\]{}]+)\/\*([^*?[\]{}/]*)$/.exec(rest) : null;
  if (inFolder) return { folder: inFolder[1].toLowerCase(), suffix: inFolder[2].toLowerCase() };
  if (rest && !/[*?[\]{}]/.test(rest)) return { tail: rest.toLowerCase() };
  throw new Error(`Unsupported prompt-file glob ${glob}: use **/*<suffix> or **/<path>`);
}

const PATTERNS: readonly { id: FormatId; pattern: NamePattern; notNames?: readonly string[] }[] = PROMPT_FORMATS.flatMap((format) =>
  format.globs.map((glob) => ({ id: format.id, pattern: namePattern(glob), notNames: format.notNames })),
);

/** The format a file name implies, or undefined when it is not a known prompt-file name. */
export function formatForPath(filePath: string): FormatId | undefined {
  const normalized = filePath.replace(/\\/g, '/').toLowerCase();
  const name = normalized.slice(normalized.lastIndexOf('/') + 1);
  for (const { id, pattern, notNames } of PATTERNS) {
    if (notNames?.includes(name)) continue;
    if (matchesPattern(pattern, normalized, name)) return id;
  }
  return undefined;
}

function matchesPattern(pattern: NamePattern, normalized: string, name: string): boolean {
  if ('tail' in pattern) return normalized === pattern.tail || normalized.endsWith(`/${pattern.tail}`);
  if (!name.endsWith(pattern.suffix)) return false;
  if (!('folder' in pattern)) return true;
  const folder = normalized.slice(0, normalized.length - name.length - 1);
  return folder === pattern.folder || folder.endsWith(`/${pattern.folder}`);
}

/** Whether a file is read with a syntax tree (source code or a notebook), so its reader needs the code parsers. */
export function readsWithCodeParser(filePath: string): boolean {
  const format = formatForPath(filePath);
  const reader = format && promptFormat(format).reader;
  return reader === 'code' || reader === 'notebook';
}

/** Whether a file is one a format's globs match but that is never a prompt file (`package.json`, `.evenhand.json`). */
export function isNeverPromptFile(filePath: string): boolean {
  const normalized = filePath.replace(/\\/g, '/').toLowerCase();
  const name = normalized.slice(normalized.lastIndexOf('/') + 1);
  return PROMPT_FORMATS.some((format) => format.notNames?.includes(name));
}

/** The file-name endings of a format (`.prompty`), for the manifest's language `extensions`. */
export function formatExtensions(format: PromptFormat): string[] {
  return format.globs.flatMap((glob) => {
    const pattern = namePattern(glob);
    return 'suffix' in pattern && !('folder' in pattern) ? [glob.slice(4)] : [];
  });
}

/** Glob patterns of every prompt-file format, for editors' document selectors and activation events. */
export const PROMPT_FILE_GLOBS: readonly string[] = PROMPT_FORMATS.flatMap((format) => format.globs);
