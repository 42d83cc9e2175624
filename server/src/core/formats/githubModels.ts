import { isAlias, isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import { newDocument, sampleMaps, withNonProse, type FormatSyntax } from './document.js';
import { lineAt, readYaml } from './frontmatter.js';
import { MUSTACHE_VARIABLE } from './syntax.js';
import { promptFormat } from './table.js';
import type { PromptDocument, Role } from './types.js';
import { scalarText } from './yamlScalar.js';

const GITHUB_MODELS_SYNTAX: FormatSyntax = { bodyComment: promptFormat('github-models').comment, variablePattern: MUSTACHE_VARIABLE, nonProse: () => [] };

const ROLES = new Map<string, Role>([
  ['system', 'system'],
  ['developer', 'developer'],
  ['user', 'user'],
  ['assistant', 'assistant'],
  ['tool', 'tool'],
]);

/**
 * GitHub Models prompt files (`*.prompt.yml`): a YAML document whose `messages` list holds `{role, content}`
 * entries; each content scalar is a message whose characters map through the scalar's style to the source.
 * `testData` entries are the prompt's sample inputs.
 */
export function parseGithubModels(filePath: string, source: string): PromptDocument {
  const doc = newDocument(filePath, 'github-models', source, GITHUB_MODELS_SYNTAX);
  const yaml = readYaml(source, 0, 'Invalid YAML', true);
  doc.problems.push(...yaml.problems.slice(0, 100)); // a hundred parse errors say enough; more would flood the editor
  doc.frontmatter = yaml.value;
  if (yaml.value && typeof yaml.value === 'object') doc.sampleInputs = sampleMaps((yaml.value as Record<string, unknown>).testData);

  const root = yaml.document.contents;
  if (!isMap(root)) {
    if (root && yaml.problems.length === 0) doc.problems.push(problemAt(root, 'A GitHub Models prompt file is a mapping with a `messages` list'));
    return withNonProse(doc, GITHUB_MODELS_SYNTAX);
  }
  const messages = root.get('messages', true);
  if (!isSeq(messages)) {
    if (messages) doc.problems.push(problemAt(messages, '`messages` must be a list of {role, content} entries'));
    else if (yaml.problems.length === 0) {
      const start = rangeOf(root)?.[0] ?? 0;
      doc.problems.push({ message: 'A GitHub Models prompt file needs a `messages` list', start, end: lineAt(source, start).end });
    }
    return withNonProse(doc, GITHUB_MODELS_SYNTAX);
  }
  for (const entry of messages.items) {
    if (!isMap(entry)) {
      doc.problems.push(problemAt(entry, 'A `messages` entry must be a mapping with `role` and `content`'));
      continue;
    }
    const roleNode = entry.get('role', true);
    const role = isScalar(roleNode) && typeof roleNode.value === 'string' ? ROLES.get(roleNode.value.toLowerCase()) : undefined;
    if (!role) {
      const message = roleNode
        ? `Unknown message role ${JSON.stringify(isScalar(roleNode) ? roleNode.value : String(roleNode))}: expected system, developer, user, assistant or tool`
        : 'This `messages` entry has no `role`';
      doc.problems.push(problemAt(roleNode ?? entry, message));
      continue;
    }
    const contentPair = entry.items.find((pair) => isScalar(pair.key) && pair.key.value === 'content');
    if (!contentPair) {
      doc.problems.push(problemAt(entry, 'This `messages` entry has no `content`'));
      continue;
    }
    // Content written as an alias (`content: *persona`) maps to the anchored scalar.
    const content = isAlias(contentPair.value) ? contentPair.value.resolve(yaml.document as Document) : contentPair.value;
    if (!isScalar(content) || typeof content.value !== 'string' || !content.range) {
      doc.problems.push(problemAt(rangeOf(content) ? content : contentPair.key, 'Message `content` must be a string'));
      continue;
    }
    const mapped = scalarText(source, content);
    const [start, end] = content.range;
    doc.messages.push({ role, text: mapped.text, offsets: mapped.offsets, span: { start, end } });
    const keyLine = doc.lines.positionAt(rangeOf(contentPair.key)?.[0] ?? start).line;
    const first = mapped.text.length > 0 ? mapped.offsets[0] : start;
    const last = mapped.text.length > 0 ? mapped.offsets[mapped.text.length - 1] : start;
    doc.directiveScopes.push({ line: keyLine, firstLine: doc.lines.positionAt(first).line, lastLine: doc.lines.positionAt(last).line });
  }
  return withNonProse(doc, GITHUB_MODELS_SYNTAX);
}

function rangeOf(node: unknown): [number, number, number] | undefined {
  return node && typeof node === 'object' && 'range' in node ? ((node as Node).range ?? undefined) : undefined;
}

function problemAt(node: unknown, message: string): PromptDocument['problems'][number] {
  const range = rangeOf(node) ?? [0, 0, 0];
  return { message, start: range[0], end: Math.max(range[0], range[1]) };
}
