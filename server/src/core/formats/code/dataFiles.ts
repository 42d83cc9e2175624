// Prompts kept as data next to code: JSON and JSONL records with `system`, `prompt`, `messages: [{role, content}]`
// fields, and YAML configs (not `.prompt.yml`, which is GitHub Models') holding prompts under such keys. Both are
// read into one shape of maps, lists and texts with source positions, and one reader finds the prompts in it.
import * as jsonc from 'jsonc-parser';
import { isMap, isScalar, isSeq, type Node as YamlNode } from 'yaml';
import { newDocument, withNonProse, type FormatSyntax } from '../document.js';
import { readYaml } from '../frontmatter.js';
import { MappedTextBuilder, type MappedText } from '../mappedText.js';
import { promptFormat } from '../table.js';
import type { FormatId, PromptDocument, Role } from '../types.js';
import { scalarText } from '../yamlScalar.js';
import { isProse } from './prompts.js';

/** A value of a data file, with where it is in the source. */
export type DataValue =
  | { kind: 'map'; start: number; entries: { key: string; keyStart: number; value: DataValue }[] }
  | { kind: 'list'; start: number; items: DataValue[] }
  | { kind: 'text'; start: number; end: number; read: () => MappedText }
  | { kind: 'other'; start: number };

/** A prompt text found in a data file. */
interface DataMessage {
  role: Role;
  text: MappedText;
  start: number;
  end: number;
  /** The line of the key the text is under (a YAML directive comment above it covers the whole text). */
  keyStart: number;
  conversation: number;
}

const ROLE_NAMES: Record<string, Role> = { system: 'system', developer: 'developer', user: 'user', human: 'user', assistant: 'assistant', ai: 'assistant', model: 'assistant', tool: 'tool' };
/** Words of a key that say its text is a prompt (`system`, `system_prompt`, `Persona Prompt`, `userTemplate`, `rubric`). */
const PROMPT_KEY_WORDS = new Set(['system', 'prompt', 'prompts', 'instruction', 'instructions', 'persona', 'preamble', 'template', 'rubric']);
/** Words of such a key that make its text the user's turn. */
const USER_KEY_WORDS = new Set(['user', 'human', 'rubric', 'template', 'input', 'query']);

/** The lowercase words of a key: `system_prompt`, `Persona Prompt`, `userPromptTemplate`. */
function keyWords(key: string): string[] {
  return key
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((w) => w.length > 0);
}

/** Whether a data file's text may hold prompts at all (checked before it is parsed). */
export function mayHoldDataPrompts(source: string, format: FormatId): boolean {
  if (format === 'yaml-data') return /^[ \t]*(?:-[ \t]+)?["']?[\w -]*(?:system|prompt|instructions?|persona|role|messages|template|rubric)[\w -]*["']?[ \t]*:/im.test(source);
  return /"[\w -]*(?:system|prompt|instructions?|persona|role|messages|template|rubric)[\w -]*"\s*:/i.test(source);
}

/** Reads a JSON, JSONL or YAML data file's prompts: one conversation per record. */
export function parseDataFile(filePath: string, source: string, format: FormatId): PromptDocument {
  const syntax: FormatSyntax = { bodyComment: promptFormat(format).comment, nonProse: () => [] };
  const doc = newDocument(filePath, format, source, syntax);
  doc.bodyStart = 0;
  const roots: DataValue[] = [];
  if (format === 'yaml-data') {
    const yaml = readYaml(source, 0, 'Invalid YAML', true);
    if (yaml.document.contents) roots.push(fromYaml(yaml.document.contents as YamlNode, source));
  } else if (/\.jsonl$/i.test(filePath)) {
    // JSON Lines: each line a record of its own.
    let at = 0;
    for (const line of source.split('\n')) {
      if (line.trim()) {
        const tree = jsonc.parseTree(line);
        if (tree) roots.push(fromJson(tree, source, at));
      }
      at += line.length + 1;
    }
  } else {
    const tree = jsonc.parseTree(source);
    if (tree) roots.push(fromJson(tree, source, 0));
  }
  const found: DataMessage[] = [];
  for (const root of roots) findIn(root, undefined, found);
  for (const message of found.sort((a, b) => a.start - b.start)) {
    doc.messages.push({ role: message.role, text: message.text.text, offsets: message.text.offsets, span: { start: message.start, end: message.end }, conversation: message.conversation });
    if (format === 'yaml-data') {
      const line = doc.lines.positionAt(message.keyStart).line;
      doc.directiveScopes.push({ line, firstLine: line, lastLine: doc.lines.positionAt(message.end).line });
    }
  }
  return withNonProse(doc, syntax);
}

/** The prompts of a value: role messages, prompt-named keys; `record` ties a `messages` list to its record. */
function findIn(value: DataValue, record: number | undefined, out: DataMessage[]): void {
  if (value.kind === 'list') {
    for (const item of value.items) findIn(item, record, out);
    return;
  }
  if (value.kind !== 'map') return;
  const entry = (key: string) => value.entries.find((e) => e.key === key);
  const role = entry('role')?.value;
  const roleName = role?.kind === 'text' ? ROLE_NAMES[role.read().text.trim().toLowerCase()] : undefined;
  if (roleName) {
    // A model's own turn in a record is its output (a logged chat), not part of a prompt.
    if (roleName === 'assistant') return;
    // {role, content} (OpenAI, Anthropic), {role, parts: [{text}]} (Gemini), content as a list of {type, text} parts.
    const content = entry('content') ?? entry('parts');
    for (const text of content ? textsOf(content.value) : []) add(out, roleName, text, content!.keyStart, record ?? value.start);
    return;
  }
  for (const e of value.entries) {
    if (e.key === 'messages' || e.key === 'conversation' || e.key === 'conversations' || e.key === 'chat') findIn(e.value, value.start, out);
    else if (e.value.kind === 'text' && keyWords(e.key).some((w) => PROMPT_KEY_WORDS.has(w))) {
      add(out, keyWords(e.key).some((w) => USER_KEY_WORDS.has(w)) ? 'user' : 'system', e.value, e.keyStart, value.start);
    }
    else findIn(e.value, undefined, out);
  }
}

/** The texts of a content value: a string, or a list of parts holding `text`. */
function textsOf(value: DataValue): Extract<DataValue, { kind: 'text' }>[] {
  if (value.kind === 'text') return [value];
  if (value.kind !== 'list') return [];
  return value.items.flatMap((item) => (item.kind === 'text' ? [item] : item.kind === 'map' ? item.entries.filter((e) => e.key === 'text' && e.value.kind === 'text').map((e) => e.value as Extract<DataValue, { kind: 'text' }>) : []));
}

function add(out: DataMessage[], role: Role, value: Extract<DataValue, { kind: 'text' }>, keyStart: number, conversation: number): void {
  const text = value.read();
  if (!isProse(text.text)) return;
  out.push({ role, text, start: value.start, end: value.end, keyStart, conversation });
}


function fromJson(node: jsonc.Node, source: string, base: number): DataValue {
  const start = base + node.offset;
  if (node.type === 'object') {
    const entries: { key: string; keyStart: number; value: DataValue }[] = [];
    for (const property of node.children ?? []) {
      const [key, value] = property.children ?? [];
      if (key?.type === 'string' && value) entries.push({ key: String(key.value), keyStart: base + key.offset, value: fromJson(value, source, base) });
    }
    return { kind: 'map', start, entries };
  }
  if (node.type === 'array') return { kind: 'list', start, items: (node.children ?? []).map((child) => fromJson(child, source, base)) };
  if (node.type === 'string') return { kind: 'text', start, end: start + node.length, read: () => jsonStringText(source, start, start + node.length) };
  return { kind: 'other', start };
}

function fromYaml(node: YamlNode, source: string): DataValue {
  const start = node.range?.[0] ?? 0;
  if (isMap(node)) {
    const entries: { key: string; keyStart: number; value: DataValue }[] = [];
    for (const pair of node.items) {
      if (!isScalar(pair.key) || pair.value === null || pair.value === undefined) continue;
      entries.push({ key: String(pair.key.value), keyStart: pair.key.range?.[0] ?? start, value: fromYaml(pair.value as YamlNode, source) });
    }
    return { kind: 'map', start, entries };
  }
  if (isSeq(node)) return { kind: 'list', start, items: node.items.filter((i): i is YamlNode => !!i && typeof i === 'object').map((i) => fromYaml(i, source)) };
  if (isScalar(node) && typeof node.value === 'string' && node.range) {
    const scalar = node;
    return { kind: 'text', start, end: node.range[1], read: () => scalarText(source, scalar) };
  }
  return { kind: 'other', start };
}

const JSON_ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** A JSON string literal's value (quotes at `start` and `end - 1`), each character mapped to its source offset. */
export function jsonStringText(source: string, start: number, end: number): MappedText {
  const builder = new MappedTextBuilder(end - start);
  let run = start + 1;
  const last = end - 1;
  for (let i = start + 1; i < last; i++) {
    if (source.charCodeAt(i) !== 92) continue; // backslash
    builder.pushSource(source, run, i);
    const c = source[i + 1];
    if (c === 'u') {
      builder.push(String.fromCharCode(parseInt(source.slice(i + 2, i + 6), 16) || 0xfffd), i);
      i += 5;
    } else {
      builder.push(JSON_ESCAPES[c] ?? c ?? '', i);
      i += 1;
    }
    run = i + 1;
  }
  builder.pushSource(source, run, Math.max(run, last));
  return builder.finish(end);
}

/**
 * MCP server manifests (`mcp.json`): the `description` of each entry of a `tools` or `prompts` list, wherever the
 * list is, is prose a model reads when it chooses a tool; each description is a prompt of its own. Server launch
 * settings (`command`, `args`, `env`) and `inputs` (asked of the user) are not read.
 */
export function parseMcpManifest(filePath: string, source: string, format: FormatId): PromptDocument {
  const syntax: FormatSyntax = { bodyComment: promptFormat(format).comment, nonProse: () => [] };
  const doc = newDocument(filePath, format, source, syntax);
  doc.bodyStart = 0;
  const tree = jsonc.parseTree(source);
  const found: DataMessage[] = [];
  const visit = (value: DataValue) => {
    if (value.kind === 'list') value.items.forEach(visit);
    if (value.kind !== 'map') return;
    for (const entry of value.entries) {
      if ((entry.key === 'tools' || entry.key === 'prompts') && entry.value.kind === 'list') {
        for (const item of entry.value.items) {
          const description = item.kind === 'map' ? item.entries.find((e) => e.key === 'description') : undefined;
          if (description?.value.kind === 'text') add(found, 'system', description.value, description.keyStart, description.value.start);
        }
      }
      visit(entry.value);
    }
  };
  if (tree) visit(fromJson(tree, source, 0));
  for (const message of found) {
    doc.messages.push({ role: message.role, text: message.text.text, offsets: message.text.offsets, span: { start: message.start, end: message.end }, conversation: message.conversation });
  }
  return withNonProse(doc, syntax);
}
