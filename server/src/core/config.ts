import * as jsonc from 'jsonc-parser';
import { z } from 'zod';
import { IDENTITY_CATEGORIES, type IdentityCategory } from './persona/categories.js';
import type { SeveritySetting } from './severity.js';

export { IDENTITY_CATEGORIES, type IdentityCategory };

const severitySetting = z.enum(['off', 'hint', 'information', 'warning', 'error']);
const termList = z.array(z.string().min(1)).describe('Extra words or phrases, matched case-insensitively.');

/** The schema of `.evenhand.json` and of the `evenhand.*` settings (same keys). */
export const configSchema = z
  .object({
    $schema: z.string().optional(),
    rules: z
      .record(z.string().regex(/^EH\d{3}$/, 'rule ids look like EH001'), severitySetting)
      .optional()
      .describe('Severity per rule id, or "off".'),
    lexicon: z
      .object({
        identity: z
          .object(Object.fromEntries(IDENTITY_CATEGORIES.map((c) => [c, termList.optional()])) as Record<
            IdentityCategory,
            z.ZodOptional<typeof termList>
          >)
          .strict()
          .optional(),
        stance: termList.optional().describe('Extra one-sided roles, e.g. "union negotiator".'),
      })
      .strict()
      .optional()
      .describe('Extra persona lexicon terms per kind and category.'),
    taskRoles: termList.optional().describe('Extra functional role words that are never identities.'),
    include: z.array(z.string()).optional().describe('Globs of files to lint (relative to the config file).'),
    exclude: z.array(z.string()).optional().describe('Globs of files never to lint.'),
    maxFileSize: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('Files larger than this many bytes are skipped (default 1 MiB).'),
    code: z
      .enum(['auto', 'on', 'off'])
      .optional()
      .describe(
        'Prompts in code and data: "auto" (default) reads a Python, TypeScript or JavaScript file or notebook only when it imports a model SDK or prompt library or names a prompt or persona, and a JSON or YAML file only when it has a prompt field; "on" reads every code file; "off" reads no code, notebook or data file.',
      ),
  })
  .strict();

export type EvenhandConfig = z.infer<typeof configSchema>;

/** The configuration after defaults are applied. */
export interface ResolvedConfig {
  rules: Record<string, SeveritySetting>;
  lexicon: { identity: Partial<Record<IdentityCategory, string[]>>; stance: string[] };
  taskRoles: string[];
  include: string[];
  exclude: string[];
  maxFileSize: number;
  /** Whether code files are read for prompts: when they import a model SDK (auto), always (on) or never (off). */
  code: 'auto' | 'on' | 'off';
  /** Directory globs are relative to (the config file's folder), when known. */
  baseDir?: string;
}

export const DEFAULT_MAX_FILE_SIZE = 1024 * 1024;
export const CONFIG_FILE_NAME = '.evenhand.json';

/** A problem with a configuration file, at a source offset span of that file. */
export interface ConfigProblem {
  message: string;
  start: number;
  end: number;
}

/** Applies defaults to a (partial) configuration; later layers override earlier ones key by key. */
export function resolveConfig(...layers: (EvenhandConfig | undefined)[]): ResolvedConfig {
  const out: ResolvedConfig = {
    rules: {},
    lexicon: { identity: {}, stance: [] },
    taskRoles: [],
    include: [],
    exclude: [],
    maxFileSize: DEFAULT_MAX_FILE_SIZE,
    code: 'auto',
  };
  for (const layer of layers) {
    if (!layer) continue;
    Object.assign(out.rules, layer.rules ?? {});
    for (const [category, terms] of Object.entries(layer.lexicon?.identity ?? {})) {
      const key = category as IdentityCategory;
      out.lexicon.identity[key] = [...(out.lexicon.identity[key] ?? []), ...(terms ?? [])];
    }
    out.lexicon.stance.push(...(layer.lexicon?.stance ?? []));
    out.taskRoles.push(...(layer.taskRoles ?? []));
    if (layer.include) out.include = [...layer.include];
    if (layer.exclude) out.exclude = [...layer.exclude];
    if (layer.maxFileSize !== undefined) out.maxFileSize = layer.maxFileSize;
    if (layer.code !== undefined) out.code = layer.code;
  }
  return out;
}

/** Parses and validates configuration text; problems carry offsets into `text`. */
export function parseConfigText(source: string): { config?: EvenhandConfig; problems: ConfigProblem[] } {
  // A byte-order mark is blanked, not removed, so problem offsets stay those of the file.
  const text = source.charCodeAt(0) === 0xfeff ? ` ${source.slice(1)}` : source;
  const tooDeep = firstTooDeep(text, MAX_CONFIG_DEPTH);
  if (tooDeep !== undefined) {
    return { problems: [{ message: `The configuration is nested more than ${MAX_CONFIG_DEPTH} levels deep.`, start: tooDeep, end: tooDeep + 1 }] };
  }
  const errors: jsonc.ParseError[] = [];
  const tree = jsonc.parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  const problems: ConfigProblem[] = errors.map((e) => ({
    message: `Invalid JSON: ${jsonc.printParseErrorCode(e.error)}`,
    start: e.offset,
    end: e.offset + Math.max(1, e.length),
  }));
  if (!tree || problems.length > 0) {
    if (problems.length === 0) problems.push({ message: 'The configuration file is empty.', start: 0, end: 0 });
    return { problems };
  }
  const value: unknown = jsonc.getNodeValue(tree);
  const parsed = configSchema.safeParse(value);
  if (parsed.success) return { config: parsed.data, problems };
  for (const issue of parsed.error.issues) {
    const issuePath = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    // Unknown keys are reported on the key itself, other problems on the value at the path.
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [undefined];
    for (const key of keys) {
      const node = findNode(tree, key === undefined ? issuePath : [...issuePath, key], key !== undefined);
      const where = issuePath.length > 0 || key ? ` at "${[...issuePath, ...(key ? [key] : [])].join('.')}"` : '';
      const message =
        issue.code === 'unrecognized_keys' ? `Unknown setting "${key}"${where}.` : `${issue.message}${where}.`;
      problems.push({ message, start: node?.offset ?? 0, end: (node?.offset ?? 0) + (node?.length ?? 1) });
    }
  }
  return { problems };
}

/**
 * How deeply arrays and objects may nest in a configuration (the schema itself needs three levels). The JSON
 * parser recurses once per level, so deeper text is refused before it is parsed rather than overflowing the stack.
 */
export const MAX_CONFIG_DEPTH = 64;

/** The offset of the first bracket nested deeper than `limit`, found with the (iterative) scanner, or undefined. */
function firstTooDeep(text: string, limit: number): number | undefined {
  const scanner = jsonc.createScanner(text, false);
  let depth = 0;
  for (let token = scanner.scan(); token !== jsonc.SyntaxKind.EOF; token = scanner.scan()) {
    if (token === jsonc.SyntaxKind.OpenBraceToken || token === jsonc.SyntaxKind.OpenBracketToken) {
      if (++depth > limit) return scanner.getTokenOffset();
    } else if (token === jsonc.SyntaxKind.CloseBraceToken || token === jsonc.SyntaxKind.CloseBracketToken) {
      depth = Math.max(0, depth - 1);
    }
  }
  return undefined;
}

function findNode(tree: jsonc.Node, p: (string | number)[], keyNode: boolean): jsonc.Node | undefined {
  let path = p;
  // Walk up until a node exists (a missing key is reported on its parent object).
  while (path.length >= 0) {
    const node = jsonc.findNodeAtLocation(tree, path);
    if (node) {
      if (keyNode && node.parent?.type === 'property') return node.parent.children?.[0];
      return node;
    }
    if (path.length === 0) return tree;
    path = path.slice(0, -1);
    keyNode = false;
  }
  return tree;
}

