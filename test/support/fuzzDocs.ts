// Small, hostile prompt files in every format, for the fuzz suite: frontmatter, YAML scalars of every style,
// Handlebars, role lines, random unicode and control characters, every line ending, deep but short nesting.
import fc from 'fast-check';
import { VOCABULARY } from './triggerDocs.js';

/** The file names the formats are chosen by (plain text last). */
export const FUZZ_FILES = ['f.prompt.md', 'f.instructions.md', 'f.prompty', 'f.prompt', 'f.prompt.yml', 'f.txt'] as const;

const words = fc.constantFrom(...VOCABULARY, 'system', 'user', 'assistant', 'content', 'role', 'name', 'model', 'messages');
const controls = fc.constantFrom('\u0000', '\u0001', '\u0007', '\u0008', '\u000b', '\u000c', '\u001b[2J', '\u001b]0;t\u0007', '\u007f', '\u0085', '\u2028', '\u2029', '\ufeff', '\ud800', '\udfff', '\u200b', '\u202e');
const lineEnd = fc.constantFrom('\n', '\r\n', '\r');
const text = fc.oneof(
  { weight: 6, arbitrary: words },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 2, arbitrary: controls },
  { weight: 2, arbitrary: lineEnd },
);
const line = fc.array(text, { maxLength: 6 }).map((parts) => parts.join(''));

/** A YAML scalar in one of its styles, possibly broken. */
const yamlScalar = fc.oneof(
  line.map((s) => s.replace(/[\r\n]/g, ' ')),
  line.map((s) => `'${s.replace(/'/g, "''")}'`),
  line.map((s) => `'${s}`),
  line.map((s) => `"${s.replace(/"/g, '\\"')}"`),
  fc.tuple(line, fc.constantFrom('\\n', '\\t', '\\"', '\\u00e9', '\\x41', '\\U0001F600', '\\q', '\\u12', '\\', '\\\n  ')).map(([s, e]) => `"${s}${e}${s}"`),
  fc.tuple(fc.constantFrom('|', '>', '|-', '|+', '>-', '>+', '|2', '>1-', '|9'), fc.array(line, { maxLength: 4 }), fc.constantFrom('  ', '    ', ' ', '\t')).map(
    ([style, lines, indent]) => `${style}\n${lines.map((l) => `${indent}${l}`).join('\n')}`,
  ),
  fc.constantFrom('[a, {b: c}, [d]]', '{x: [1, 2], y: {z: "w"}}', '&a v', '*a', '!!str 5', '~', 'null', '- x', '? k', ': v', '# c', '...', '---', '%YAML 1.2'),
  fc.integer({ min: 1, max: 200 }).map((d) => `${'['.repeat(d)}${']'.repeat(d)}`),
  fc.integer({ min: 1, max: 100 }).map((d) => `${'{a: '.repeat(d)}b${'}'.repeat(d)}`),
  fc.integer({ min: 1, max: 60 }).map((d) => `${'- '.repeat(d)}x`),
);

const yamlKey = fc.constantFrom('name', 'description', 'model', 'inputs', 'messages', 'role', 'content', 'input', 'output', 'config', 'sample', 'x');
const yamlLine = fc.tuple(fc.constantFrom('', '  ', '    ', '  - ', '- '), yamlKey, yamlScalar).map(([indent, key, value]) => `${indent}${key}: ${value}`);
const frontmatter = fc.array(yamlLine, { maxLength: 6 }).map((lines) => `---\n${lines.join('\n')}\n---\n`);

const handlebars = fc.constantFrom(
  '{{role "system"}}\n', '{{role "user"}}\n', '{{role "model"}}\n', '{{#if x}}', '{{/if}}', '{{else}}', '{{#each items}}', '{{/each}}', '{{> partial}}',
  '{{!-- comment --}}', '{{! evenhand-disable-next-line }}\n', '{{{triple}}}', '{{media url=x}}', '{{history}}', '{{section "a"}}', '{{', '}}', '{{persona}}', '{{#unless y}}',
);
const roleLine = fc.constantFrom('system:\n', 'user:\n', 'assistant:\n', '# system:\n', 'System:\n', 'user :\n', '\nsystem:\n');
const markdown = fc.constantFrom('# Title\n', '```\n', '~~~\n', '> ', '- ', '1. ', '<!-- c -->', '<!--', '-->', '`', '**', '_', '[link](x)', '| a | b |\n', '\t');

const piece = fc.oneof(
  { weight: 8, arbitrary: text },
  { weight: 2, arbitrary: handlebars },
  { weight: 2, arbitrary: roleLine },
  { weight: 2, arbitrary: markdown },
  { weight: 1, arbitrary: yamlLine.map((l) => `${l}\n`) },
);
const body = fc.array(piece, { maxLength: 30 }).map((parts) => parts.join(''));

/** A `.prompt.yml` document: a messages list whose contents are scalars of every style. */
const githubModels = fc
  .tuple(fc.array(fc.tuple(fc.constantFrom('system', 'user', 'assistant', 'x', ''), yamlScalar), { maxLength: 5 }), fc.array(yamlLine, { maxLength: 3 }))
  .map(([messages, extra]) => `messages:\n${messages.map(([role, content]) => `  - role: ${role}\n    content: ${content}`).join('\n')}\n${extra.join('\n')}`);

/** One fuzz case: a file name and its text; some line endings are then rewritten to CRLF or lone CR. */
export const fuzzDocument = fc
  .tuple(
    fc.constantFrom(...FUZZ_FILES),
    fc.option(frontmatter, { freq: 2 }),
    body,
    githubModels,
    fc.constantFrom('keep', 'crlf', 'cr'),
  )
  .map(([file, front, text, yml, endings]) => {
    let source = file === 'f.prompt.yml' ? yml + text.slice(0, 40) : (front ?? '') + text;
    if (endings === 'crlf') source = source.replace(/\r?\n/g, '\r\n');
    else if (endings === 'cr') source = source.replace(/\r?\n/g, '\r');
    return { file, text: source };
  });
