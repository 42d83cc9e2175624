import type { Span } from '../text.js';
import { newDocument, withNonProse, type FormatSyntax } from './document.js';
import { readFrontmatter } from './frontmatter.js';
import { verbatimMessage } from './mappedText.js';
import { HANDLEBARS_VARIABLE } from './syntax.js';
import { promptFormat } from './table.js';
import type { PromptDocument, Role } from './types.js';

/** A Handlebars tag in the body: its source span and what it is. */
interface Tag extends Span {
  kind: 'role' | 'variable' | 'other';
  /** The role a `{{role "..."}}` tag switches to, as written. */
  role?: string;
}

const ROLE_TAG = /^role[ \t]+(?:"([^"]*)"|'([^']*)')$/;
const VARIABLE_TAG = /^[A-Za-z_@][\w.@-]*$/;
const NOT_VARIABLES = new Set(['else', 'history']);

/**
 * The Handlebars tags of source[start, end): comments (`{{! }}`, `{{!-- --}}`), triple-stash `{{{ }}}` and
 * ordinary `{{ }}` tags. An unclosed tag ends the scan (it is left as text).
 */
function scanTags(source: string, start: number, end: number): Tag[] {
  const tags: Tag[] = [];
  for (let at = source.indexOf('{{', start); at >= 0 && at < end; ) {
    let close = '}}';
    if (source.startsWith('{{!--', at) || source.startsWith('{{~!--', at)) close = '--}}';
    else if (source.startsWith('{{{', at)) close = '}}}';
    const closeAt = source.indexOf(close, at + 2);
    if (closeAt < 0 || closeAt + close.length > end) break;
    const tagEnd = closeAt + close.length;
    const inner = source.slice(at + 2, closeAt).replace(/^[{~]+|~+$/g, '').trim();
    const role = ROLE_TAG.exec(inner);
    if (role) tags.push({ start: at, end: tagEnd, kind: 'role', role: role[1] ?? role[2] });
    else if (close !== '--}}' && VARIABLE_TAG.test(inner) && !NOT_VARIABLES.has(inner)) tags.push({ start: at, end: tagEnd, kind: 'variable' });
    else tags.push({ start: at, end: tagEnd, kind: 'other' });
    at = source.indexOf('{{', tagEnd);
  }
  return tags;
}

const ROLES = new Map<string, Role>([
  ['system', 'system'],
  ['user', 'user'],
  ['model', 'assistant'],
  ['assistant', 'assistant'],
  ['tool', 'tool'],
]);

const DOTPROMPT_SYNTAX: FormatSyntax = {
  bodyComment: promptFormat('dotprompt').comment,
  variablePattern: HANDLEBARS_VARIABLE,
  // Comments, block helpers and their tags, partials, `{{media}}`, `{{history}}`, `{{section}}`: every tag but a variable.
  nonProse: (text) => scanTags(text, 0, text.length).flatMap((t) => (t.kind === 'variable' ? [] : [{ start: t.start, end: t.end }])),
};

/**
 * Dotprompt files: YAML frontmatter, then a Handlebars body in which `{{role "system"}}`, `{{role "user"}}`,
 * `{{role "model"}}` switch the role of the text that follows; text before the first switch is from the user.
 */
export function parseDotprompt(filePath: string, source: string): PromptDocument {
  const doc = newDocument(filePath, 'dotprompt', source, DOTPROMPT_SYNTAX);
  const frontmatter = readFrontmatter(source);
  doc.frontmatter = frontmatter.value;
  doc.problems.push(...frontmatter.problems.slice(0, 100)); // a hundred parse errors say enough; more would flood the editor
  doc.bodyStart = frontmatter.bodyStart;
  let role: Role = 'user';
  let messageStart = frontmatter.bodyStart;
  let sawMarker = false;
  const close = (end: number): void => {
    // Blank text before the first marker is no message.
    if (sawMarker || source.slice(messageStart, end).trim() !== '') doc.messages.push(verbatimMessage(source, role, messageStart, end));
  };
  for (const tag of scanTags(source, frontmatter.bodyStart, source.length)) {
    if (tag.kind !== 'role') continue;
    const next = ROLES.get(tag.role?.toLowerCase() ?? '');
    if (!next) {
      doc.problems.push({ message: `Unknown Dotprompt role "${tag.role}": expected system, user, model or tool`, start: tag.start, end: tag.end });
      continue;
    }
    close(tag.start);
    role = next;
    messageStart = tag.end;
    sawMarker = true;
  }
  close(source.length);
  return withNonProse(doc, DOTPROMPT_SYNTAX);
}
