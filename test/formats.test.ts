import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { formatForPath, parsePromptFile, type FormatId, type PromptDocument } from '../server/out/core/index.js';

function fixture(name: string): string {
  return readFileSync(path.join(__dirname, '..', 'test', 'fixtures', 'formats', name), 'utf8');
}

/** The same file as written on Windows: a byte-order mark and CRLF line breaks. */
function windows(text: string): string {
  return `\uFEFF${text.replace(/\n/g, '\r\n')}`;
}

const roles = (doc: PromptDocument): string[] => doc.messages.map((m) => m.role);
const texts = (doc: PromptDocument): string[] => doc.messages.map((m) => m.text);

function variables(doc: PromptDocument, messageIndex: number): string[] {
  return doc.variables[messageIndex].map((v) => v.name);
}

function nonProse(doc: PromptDocument, messageIndex: number): string[] {
  const { text } = doc.messages[messageIndex];
  return doc.nonProse[messageIndex].map((s) => text.slice(s.start, s.end));
}

function directives(doc: PromptDocument): string[] {
  return [...doc.source.matchAll(doc.bodyComment.pattern)].map((m) => m[1]);
}

/** Formats whose messages are verbatim slices: every character sits at its offset, and the span is the slice. */
function assertVerbatim(doc: PromptDocument): void {
  doc.messages.forEach((m, index) => {
    assert.equal(m.offsets.length, m.text.length + 1);
    assert.equal(m.text, doc.source.slice(m.span.start, m.span.end), `message ${index} is its source slice`);
    for (let i = 0; i < m.text.length; i++) assert.equal(doc.source[m.offsets[i]], m.text[i], `message ${index}, char ${i}`);
    assert.equal(m.offsets[m.text.length], m.span.end);
  });
}

/** The zero-based line and column of a problem's start. */
function problemAt(doc: PromptDocument, index = 0): { line: number; character: number } {
  return doc.lines.positionAt(doc.problems[index].start);
}

describe('formatForPath', () => {
  test('maps file names to formats', () => {
    const cases: [string, FormatId | undefined][] = [
      ['a/review.prompt.md', 'vscode-prompt'],
      ['style.instructions.md', 'vscode-prompt'],
      ['planner.chatmode.md', 'vscode-prompt'],
      ['fixer.agent.md', 'vscode-prompt'],
      ['repo/AGENTS.md', 'vscode-prompt'],
      ['repo\\.github\\copilot-instructions.md', 'vscode-prompt'],
      ['copilot-instructions.md', undefined],
      ['judge.prompty', 'prompty'],
      ['judge.prompt', 'dotprompt'],
      ['rate.prompt.yml', 'github-models'],
      ['rate.prompt.yaml', 'github-models'],
      ['notes.txt', undefined],
      ['README.md', undefined],
    ];
    for (const [file, format] of cases) assert.equal(formatForPath(file), format, file);
  });
});

describe('VS Code prompt files', () => {
  test('frontmatter is parsed and the body is one user message for *.prompt.md', () => {
    const source = fixture('review.prompt.md');
    const doc = parsePromptFile('review.prompt.md', source);
    assert.equal(doc.format, 'vscode-prompt');
    assert.deepEqual(doc.frontmatter, { mode: 'agent', description: 'Review a policy proposal', tools: ['codebase'] });
    assert.deepEqual(doc.problems, []);
    assert.deepEqual(roles(doc), ['user']);
    assert.equal(doc.messages[0].text, source.slice(source.indexOf('<!-- evenhand')));
    assert.equal(doc.bodyStart, source.indexOf('<!-- evenhand'));
    assertVerbatim(doc);
    assert.deepEqual(variables(doc, 0), ['file', 'topic', 'selection']);
    assert.deepEqual(nonProse(doc, 0), ['<!-- evenhand-disable-next-line EH001 -->\n', "<!-- A note for the prompt's authors. -->"]);
    assert.deepEqual(directives(doc), ['evenhand-disable-next-line EH001']);
    assert.deepEqual(doc.directiveScopes, []);
  });

  test('instructions, chat modes, agents, AGENTS.md and copilot-instructions are system messages', () => {
    for (const file of ['x.instructions.md', 'x.chatmode.md', 'x.agent.md', 'AGENTS.md', 'repo/.github/copilot-instructions.md']) {
      const doc = parsePromptFile(file, 'You are a data analyst.\n');
      assert.deepEqual(roles(doc), ['system'], file);
      assert.deepEqual(texts(doc), ['You are a data analyst.\n'], file);
    }
  });

  test('a byte-order mark and CRLF line breaks change nothing but the line breaks', () => {
    const lf = parsePromptFile('review.prompt.md', fixture('review.prompt.md'));
    const doc = parsePromptFile('review.prompt.md', windows(fixture('review.prompt.md')));
    assert.deepEqual(doc.frontmatter, lf.frontmatter);
    assert.deepEqual(doc.problems, []);
    assert.equal(doc.messages[0].text, lf.messages[0].text.replace(/\n/g, '\r\n'));
    assertVerbatim(doc);
    assert.deepEqual(directives(doc), ['evenhand-disable-next-line EH001']);
    assert.deepEqual(nonProse(doc, 0)[0], '<!-- evenhand-disable-next-line EH001 -->\r\n');
  });

  test('without frontmatter the whole file is the body; a later --- line is markdown', () => {
    const source = '\uFEFFYou are a chess coach.\n---\nmode: agent\n---\n';
    const doc = parsePromptFile('x.prompt.md', source);
    assert.equal(doc.frontmatter, undefined);
    assert.deepEqual(texts(doc), [source.slice(1)]);
    assert.equal(doc.messages[0].offsets[0], 1);
  });

  test('invalid frontmatter YAML is a problem at the error, and the body is still read', () => {
    const doc = parsePromptFile('bad.prompt.md', fixture('bad-frontmatter.prompt.md'));
    assert.equal(doc.frontmatter, undefined);
    assert.equal(doc.problems.length, 2);
    assert.match(doc.problems[0].message, /frontmatter.*unique/i);
    assert.deepEqual(problemAt(doc, 0), { line: 2, character: 0 }, 'the repeated key "mode"');
    assert.match(doc.problems[1].message, /frontmatter.*nested mappings/i);
    assert.deepEqual(problemAt(doc, 1), { line: 3, character: 13 }, 'the second colon of "description: x: y"');
    assert.deepEqual(texts(doc), ['You are a Catholic priest.\n']);
  });

  test('the same errors land on the same lines and columns in a CRLF file with a BOM', () => {
    const doc = parsePromptFile('bad.prompt.md', windows(fixture('bad-frontmatter.prompt.md')));
    assert.deepEqual(problemAt(doc, 0), { line: 2, character: 0 });
    assert.deepEqual(problemAt(doc, 1), { line: 3, character: 13 });
    assert.deepEqual(texts(doc), ['You are a Catholic priest.\r\n']);
  });

  test('frontmatter nested thousands of levels deep is one problem at the level too deep, never a stack overflow', () => {
    const source = `---\na: ${'['.repeat(3000)}${']'.repeat(3000)}\n---\nYou are a Democrat. Rate this.\n`;
    const doc = parsePromptFile('deep.prompt.md', source);
    assert.equal(doc.problems.length, 1);
    assert.match(doc.problems[0].message, /^Invalid YAML frontmatter: collections are nested more than 100 levels deep$/);
    // `a` is a mapping (level 1): the 100th bracket opens level 101.
    assert.equal(doc.problems[0].start, '---\na: '.length + 99);
    assert.deepEqual(texts(doc), ['You are a Democrat. Rate this.\n']);
    for (const [name, yaml] of [
      ['block sequences', `${'- '.repeat(3000)}x`],
      ['explicit keys', `${'? '.repeat(3000)}x`],
      ['flow mappings', `${'{a: '.repeat(3000)}${'}'.repeat(3000)}`],
    ]) {
      const deep = parsePromptFile('deep.prompt.md', `---\n${yaml}\n---\nBody.\n`);
      assert.match(deep.problems.map((p) => p.message).join(), /nested more than 100 levels/, name);
    }
    // Nesting just within the bound still parses.
    const within = parsePromptFile('ok.prompt.md', `---\na: ${'['.repeat(99)}1${']'.repeat(99)}\n---\nBody.\n`);
    assert.deepEqual(within.problems, []);
  });

  test('unclosed frontmatter is a problem on the opening line; the rest is read as the body', () => {
    const doc = parsePromptFile('x.prompt.md', '---\nmode: agent\nYou are a Sikh.\n');
    assert.equal(doc.problems.length, 1);
    assert.match(doc.problems[0].message, /never closed.*---/);
    assert.deepEqual(doc.lines.rangeOf(doc.problems[0]), { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } });
    assert.deepEqual(texts(doc), ['mode: agent\nYou are a Sikh.\n']);
    assert.equal(doc.bodyStart, 4);
  });
});

describe('Prompty', () => {
  test('role-marker lines split the body; text before the first marker is system', () => {
    const doc = parsePromptFile('debate.prompty', fixture('debate.prompty'));
    assert.equal(doc.format, 'prompty');
    assert.deepEqual(doc.problems, []);
    assert.deepEqual(roles(doc), ['system', 'system', 'user', 'assistant']);
    assert.deepEqual(texts(doc), [
      'You judge debates fairly.\n{# evenhand-disable-next-line EH002 #}\n',
      'You are a lifelong union organizer. {# keep this persona #}\n{% if side %}Argue the {{ side }} side.{% endif %}\n\n',
      'The motion is {{motion}}.\n\n',
      'Understood.\n',
    ]);
    assertVerbatim(doc);
    for (const text of texts(doc)) assert.doesNotMatch(text, /^(# )?(system|user|assistant):/im, 'marker lines belong to no message');
    assert.deepEqual(doc.sampleInputs, [{ motion: 'Raise the minimum wage', side: 'pro' }]);
    assert.deepEqual(nonProse(doc, 0), ['{# evenhand-disable-next-line EH002 #}\n']);
    assert.deepEqual(nonProse(doc, 1), ['{# keep this persona #}', '{% if side %}', '{% endif %}']);
    assert.deepEqual(variables(doc, 1), ['side']);
    assert.deepEqual(variables(doc, 2), ['motion']);
    assert.deepEqual(directives(doc), ['evenhand-disable-next-line EH002']);
  });

  test('sample may be a list of maps; anything else gives no sample inputs', () => {
    const list = parsePromptFile('a.prompty', '---\nsample:\n  - a: 1\n  - b\n  - c: 2\n---\nuser:\nhi\n');
    assert.deepEqual(list.sampleInputs, [{ a: 1 }, { c: 2 }]);
    const file = parsePromptFile('a.prompty', '---\nsample: sample.json\n---\nuser:\nhi\n');
    assert.deepEqual(file.sampleInputs, []);
  });

  test('a blank preamble is no message; marker lines must stand alone', () => {
    const doc = parsePromptFile('a.prompty', '---\nname: x\n---\n\nSYSTEM:\nThe user: asks.\n  #  User  :  \nhello');
    assert.deepEqual(roles(doc), ['system', 'user']);
    assert.deepEqual(texts(doc), ['The user: asks.\n', 'hello']);
  });

  test('CRLF files split the same way', () => {
    const doc = parsePromptFile('debate.prompty', windows(fixture('debate.prompty')));
    assert.deepEqual(roles(doc), ['system', 'system', 'user', 'assistant']);
    assert.equal(doc.messages[3].text, 'Understood.\r\n');
    assertVerbatim(doc);
  });
});

describe('Dotprompt', () => {
  test('{{role}} tags switch the role; text before the first is the user; tags are not message text', () => {
    const doc = parsePromptFile('judge.prompt', fixture('judge.prompt'));
    assert.equal(doc.format, 'dotprompt');
    assert.deepEqual(doc.problems, []);
    assert.deepEqual(doc.frontmatter, { model: 'googleai/gemini-2.0-flash', input: { schema: { persona: 'string' } } });
    assert.deepEqual(roles(doc), ['user', 'system', 'user', 'assistant']);
    assert.deepEqual(texts(doc), [
      'Preamble from the user.\n',
      '\nYou are {{persona}}. {{! evenhand-disable-next-line EH006 }}\n{{#if strict}}Be strict.{{/if}}\n',
      '\nGrade this answer: {{answer}} {{media url=imageUrl}}\n{{history}}\n',
      '\nI will grade it. My {{role}} is {{ judge.name }}.\n{{!-- a long comment --}}{{>footer}}{{section "output"}}\n',
    ]);
    assertVerbatim(doc);
  });

  test('comments, block helpers, partials, media, history and sections are not prose; variables are', () => {
    const doc = parsePromptFile('judge.prompt', fixture('judge.prompt'));
    assert.deepEqual(nonProse(doc, 1), ['{{! evenhand-disable-next-line EH006 }}', '{{#if strict}}', '{{/if}}']);
    assert.deepEqual(nonProse(doc, 2), ['{{media url=imageUrl}}', '{{history}}']);
    assert.deepEqual(nonProse(doc, 3), ['{{!-- a long comment --}}{{>footer}}{{section "output"}}']);
    assert.deepEqual(variables(doc, 1), ['persona']);
    assert.deepEqual(variables(doc, 2), ['answer']);
    assert.deepEqual(variables(doc, 3), ['role', 'judge.name'], '{{role}} alone is a variable named role');
    assert.deepEqual(directives(doc), ['evenhand-disable-next-line EH006']);
  });

  test('without role tags the body is one user message', () => {
    const doc = parsePromptFile('a.prompt', '---\nmodel: x\n---\nYou are {{persona}}.\n');
    assert.deepEqual(roles(doc), ['user']);
    assert.deepEqual(texts(doc), ['You are {{persona}}.\n']);
  });

  test('an unknown role is a problem on its tag and switches nothing', () => {
    const source = 'Hello {{role "narrator"}} there';
    const doc = parsePromptFile('a.prompt', source);
    assert.equal(doc.problems.length, 1);
    assert.match(doc.problems[0].message, /narrator/);
    assert.equal(source.slice(doc.problems[0].start, doc.problems[0].end), '{{role "narrator"}}');
    assert.deepEqual(texts(doc), [source]);
    assert.deepEqual(nonProse(doc, 0), ['{{role "narrator"}}']);
  });
});

/** For YAML messages: each character is copied from its offset, or made by an escape or a fold there. */
function assertYamlMapped(doc: PromptDocument): void {
  for (const m of doc.messages) {
    assert.equal(m.offsets.length, m.text.length + 1);
    for (let i = 0; i < m.text.length; i++) {
      const from = doc.source[m.offsets[i]];
      const ok = from === m.text[i] || from === '\\' || (/[ \n]/.test(m.text[i]) && /[\r\n]/.test(from));
      assert.ok(ok, `${JSON.stringify(m.text[i])} at ${i} maps to ${JSON.stringify(from)}`);
      assert.ok(m.offsets[i] >= m.span.start && m.offsets[i] < m.span.end);
      if (i > 0) assert.ok(m.offsets[i] >= m.offsets[i - 1]);
    }
  }
}

describe('GitHub Models', () => {
  test('each content scalar is a message, whatever its style', () => {
    const doc = parsePromptFile('rate.prompt.yml', fixture('rate.prompt.yml'));
    assert.equal(doc.format, 'github-models');
    assert.deepEqual(doc.problems, []);
    assert.deepEqual(roles(doc), ['system', 'user', 'assistant', 'user', 'user']);
    assert.deepEqual(texts(doc), [
      'You are a Green voter.\n  Indented line.\nLast line.\n',
      'Rate this argument from 1 to 10:\n{{argument}}',
      'Sure\tthing:\nI\'ll "rate" it Aé😀 and fold here.',
      "It's a plain fold.",
      'plain text continued',
    ]);
    assertYamlMapped(doc);
    assert.deepEqual(variables(doc, 1), ['argument']);
  });

  test('escapes map to their backslash, folds to the line break, quotes to the first quote', () => {
    const source = fixture('rate.prompt.yml');
    const doc = parsePromptFile('rate.prompt.yml', source);
    const at = (message: number, needle: string): number => doc.messages[message].offsets[doc.messages[message].text.indexOf(needle)];
    assert.equal(at(0, 'Green'), source.indexOf('Green'));
    assert.equal(at(0, '  Indented'), source.indexOf('  Indented'));
    assert.equal(at(1, ' from'), source.indexOf('argument\n') + 'argument'.length, 'the folded space is the line break');
    assert.equal(at(2, '\t'), source.indexOf('\\tthing'));
    assert.equal(at(2, 'A'), source.indexOf('\\x41'));
    assert.equal(at(2, '😀'), source.indexOf('\\U0001F600'));
    assert.equal(doc.messages[2].offsets[doc.messages[2].text.indexOf('😀') + 1], source.indexOf('\\U0001F600'));
    assert.equal(at(3, "'"), source.indexOf("''"));
    assert.equal(at(4, 'continued'), source.indexOf('continued'));
  });

  test('directive scopes give the content key line and the lines of its text; testData are the samples', () => {
    const doc = parsePromptFile('rate.prompt.yml', fixture('rate.prompt.yml'));
    assert.deepEqual(doc.directiveScopes, [
      { line: 5, firstLine: 6, lastLine: 8 },
      { line: 10, firstLine: 11, lastLine: 14 },
      { line: 16, firstLine: 16, lastLine: 17 },
      { line: 18, firstLine: 18, lastLine: 19 },
      { line: 22, firstLine: 22, lastLine: 23 },
    ]);
    assert.deepEqual(directives(doc), ['evenhand-disable-next-line EH001']);
    assert.equal(doc.lines.positionAt(doc.source.indexOf('# evenhand')).line, 4, 'the directive sits right above the content key');
    assert.deepEqual(doc.sampleInputs, [{ argument: 'Taxes should fall.' }, { argument: 'Taxes should rise.' }]);
    assert.equal((doc.frontmatter as { name: string }).name, 'Rate arguments');
  });

  test('CRLF and a BOM give the same texts, with folds on the carriage returns', () => {
    const lf = parsePromptFile('rate.prompt.yml', fixture('rate.prompt.yml'));
    const doc = parsePromptFile('rate.prompt.yml', windows(fixture('rate.prompt.yml')));
    assert.deepEqual(doc.problems, []);
    assert.equal(doc.bodyStart, 1, 'after the byte-order mark');
    assert.deepEqual(texts(doc), texts(lf));
    assert.deepEqual(doc.directiveScopes, lf.directiveScopes);
    assertYamlMapped(doc);
    assert.equal(doc.source[doc.messages[1].offsets[doc.messages[1].text.indexOf(' from')]], '\r');
  });

  test('a YAML error is a problem at its position; messages before it are still read', () => {
    const doc = parsePromptFile('broken.prompt.yml', fixture('broken.prompt.yml'));
    assert.ok(doc.problems.length >= 1);
    assert.match(doc.problems[0].message, /^Invalid YAML: .*quote/);
    assert.deepEqual(problemAt(doc), { line: 5, character: 0 }, 'the end of the unclosed string');
    assert.equal(doc.messages[0].role, 'system');
    assert.equal(doc.messages[0].text, 'You are a Tory.');
    assert.equal(doc.frontmatter, undefined);
  });

  test('unknown roles and non-string or missing content are problems on their nodes', () => {
    const source = [
      'messages:',
      '  - role: narrator',
      '    content: Hello',
      '  - role: user',
      '    content:',
      '      - a list',
      '  - role: user',
      '    content: 42',
      '  - role: user',
      '  - content: no role',
      '  - just text',
      '  - role: assistant',
      '    content: Fine.',
      '',
    ].join('\n');
    const doc = parsePromptFile('x.prompt.yml', source);
    const found = doc.problems.map((p) => [p.message.replace(/[:.].*$/s, ''), source.slice(p.start, p.end).split('\n')[0]]);
    assert.deepEqual(found, [
      ['Unknown message role "narrator"', 'narrator'],
      ['Message `content` must be a string', '- a list'],
      ['Message `content` must be a string', '42'],
      ['This `messages` entry has no `content`', 'role: user'],
      ['This `messages` entry has no `role`', 'content: no role'],
      ['A `messages` entry must be a mapping with `role` and `content`', 'just text'],
    ]);
    assert.deepEqual(roles(doc), ['assistant']);
    assert.deepEqual(texts(doc), ['Fine.']);
  });

  test('a file that is not a mapping with a messages list says so', () => {
    assert.match(parsePromptFile('x.prompt.yml', '- a\n- b\n').problems[0].message, /mapping with a `messages` list/);
    const notList = parsePromptFile('x.prompt.yml', 'messages: hello\n');
    assert.match(notList.problems[0].message, /`messages` must be a list/);
    assert.equal(notList.source.slice(notList.problems[0].start, notList.problems[0].end), 'hello');
    const none = parsePromptFile('x.prompt.yml', 'name: Empty\nmodel: x\n');
    assert.match(none.problems[0].message, /needs a `messages` list/);
    assert.equal(none.source.slice(none.problems[0].start, none.problems[0].end), 'name: Empty');
  });

  test('content given through an alias maps to the anchored scalar', () => {
    const source = 'shared: &p You are a Mormon.\nmessages:\n  - role: system\n    content: *p\n';
    const doc = parsePromptFile('x.prompt.yml', source);
    assert.deepEqual(texts(doc), ['You are a Mormon.']);
    assert.equal(doc.messages[0].offsets[0], source.indexOf('You'));
  });

  test('a directive comment inside a block scalar is not prose', () => {
    const source = 'messages:\n  - role: system\n    content: |\n      # evenhand-disable-next-line EH001\n      You are a Tory.\n';
    const doc = parsePromptFile('x.prompt.yml', source);
    assert.deepEqual(nonProse(doc, 0), ['# evenhand-disable-next-line EH001\n']);
  });
});

describe('plain text', () => {
  test('the whole file is one system message with {{var}}, ${input:var} and ${var} variables', () => {
    const source = fixture('notes.txt');
    const doc = parsePromptFile('notes.txt', source);
    assert.equal(doc.format, 'plain');
    assert.deepEqual(roles(doc), ['system']);
    assert.deepEqual(texts(doc), [source]);
    assertVerbatim(doc);
    assert.deepEqual(variables(doc, 0), ['persona', 'user', 'other'], 'mismatched delimiters are no variables; ${other} is a template literal');
    assert.deepEqual(nonProse(doc, 0), ['# evenhand-disable-file EH005\n']);
    assert.deepEqual(directives(doc), ['evenhand-disable-file EH005']);
  });

  test('HTML-comment directives work too; a BOM is not message text', () => {
    const doc = parsePromptFile('notes.md', '\uFEFF<!-- evenhand-disable-next-line EH001 -->\nYou are a Tory.');
    assert.deepEqual(texts(doc), ['<!-- evenhand-disable-next-line EH001 -->\nYou are a Tory.']);
    assert.deepEqual(directives(doc), ['evenhand-disable-next-line EH001']);
    assert.deepEqual(nonProse(doc, 0), ['<!-- evenhand-disable-next-line EH001 -->\n']);
  });
});

describe('directive comments', () => {
  const cases: [string, string][] = [
    ['x.prompt.md', '<!-- evenhand-disable-next-line EH001 EH002 -->'],
    ['x.prompty', '{# evenhand-disable-next-line EH001 EH002 #}'],
    ['x.prompt', '{{! evenhand-disable-next-line EH001 EH002 }}'],
    ['x.prompt.yml', '# evenhand-disable-next-line EH001 EH002'],
    ['x.txt', '<!-- evenhand-disable-next-line EH001 EH002 -->'],
  ];
  for (const [file, comment] of cases) {
    test(`${formatForPath(file) ?? 'plain'}: wrap writes the comment the pattern reads back`, () => {
      const doc = parsePromptFile(file, '');
      const directive = 'evenhand-disable-next-line EH001 EH002';
      assert.equal(doc.bodyComment.wrap(directive), comment);
      assert.ok(doc.bodyComment.pattern.global);
      const source = `intro\n  ${doc.bodyComment.wrap(directive)}\r\n${doc.bodyComment.wrap('evenhand-disable-file')}\nYou are a Tory.`;
      assert.deepEqual([...source.matchAll(doc.bodyComment.pattern)].map((m) => m[1]), [directive, 'evenhand-disable-file']);
      assert.deepEqual([...'<!-- note --> {# note #} {{! note }} # note'.matchAll(doc.bodyComment.pattern)], []);
    });
  }

  test('directive lines are not prose in any body format', () => {
    for (const [file, comment] of cases.filter(([f]) => !f.endsWith('.yml'))) {
      const doc = parsePromptFile(file, `You are a Tory.\n${comment}\nYou are a Whig.\n`);
      const last = doc.messages.length - 1;
      assert.deepEqual(nonProse(doc, last), [`${comment}\n`], file);
    }
  });
});

/** Fragments that matter to one format or another, to build random and malformed documents from. */
const PIECES = [
  '---\n', '---', '\n', '\r\n', '\r', ' ', '  ', '\t', '\uFEFF', 'You are a proud Tory. ', 'Rate the essay. ', '{{', '}}', '{{{',
  '{{role "system"}}', "{{role 'user'}}", '{{role "x"}}', '{{role}}', '{{!', '{{!--', '--}}', '{{#if x}}', '{{/if}}', '{{~', '~}}',
  '{#', '#}', '{%', '%}', '<!--', '-->', '<!-- evenhand-disable-next-line EH001 -->', '# evenhand-disable-file', 'evenhand-',
  'system:', '# user:', 'assistant:', 'messages:', '\n  - role: user', '\n  - role: system', '\n    content: ', '|', '|2-', '>-', '>+',
  '"', "'", '\\', '\\x4', '\\u00e', '\\\n', ':', ': ', '- ', '[', ']', '{', '}', '&a ', '*a', '!!str ', '!!int ', 'testData:', 'sample:',
  '${input:x:y}', '${', '}', 'é', '😀', '\uD800', '\0', '%YAML 1.2\n', '...\n',
];
const PATHS = ['a.prompt.md', 'AGENTS.md', 'a.prompty', 'a.prompt', 'a.prompt.yml', 'a.txt'];

/** Structural guarantees every parse must keep, whatever the input. */
function assertWellFormed(doc: PromptDocument): void {
  const n = doc.source.length;
  assert.ok(!doc.problems.some((p) => /internal error/.test(p.message)), doc.problems.map((p) => p.message).join('; '));
  for (const p of doc.problems) assert.ok(p.start >= 0 && p.start <= p.end && p.end <= n, `problem span ${p.start}-${p.end}`);
  assert.equal(doc.nonProse.length, doc.messages.length);
  doc.messages.forEach((m, index) => {
    assert.equal(m.offsets.length, m.text.length + 1);
    assert.ok(m.span.start >= 0 && m.span.start <= m.span.end && m.span.end <= n);
    for (let i = 0; i < m.offsets.length; i++) {
      assert.ok(m.offsets[i] >= 0 && m.offsets[i] <= n);
      if (i > 0 && i < m.text.length) assert.ok(m.offsets[i] >= m.offsets[i - 1]);
    }
    for (const s of doc.nonProse[index]) assert.ok(s.start >= 0 && s.start <= s.end && s.end <= m.text.length);
  });
  if (doc.format !== 'github-models') assertVerbatim(doc);
}

/** Parses and fails if parsing takes 250 ms or more twice in a row: a guard against hangs, not a speed test (npm run bench measures speed). */
function parseTimed(file: string, source: string): PromptDocument {
  let fastest = Infinity;
  let doc: PromptDocument | undefined;
  for (let attempt = 0; attempt < 2 && fastest >= 250; attempt++) {
    const start = performance.now();
    doc = parsePromptFile(file, source);
    fastest = Math.min(fastest, performance.now() - start);
  }
  assert.ok(fastest < 250, `parsing took ${fastest.toFixed(1)} ms`);
  return doc!;
}

describe('property: no input throws, hangs or breaks the document invariants', () => {
  test('random documents in every format', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PATHS), fc.array(fc.constantFrom(...PIECES), { maxLength: 80 }), (file, pieces) => {
        assertWellFormed(parseTimed(file, pieces.join('')));
      }),
      { numRuns: 3000 },
    );
  });

  test('fixtures with random cuts and insertions', () => {
    const fixtures: [string, string][] = [
      ['review.prompt.md', fixture('review.prompt.md')],
      ['debate.prompty', fixture('debate.prompty')],
      ['judge.prompt', fixture('judge.prompt')],
      ['rate.prompt.yml', fixture('rate.prompt.yml')],
      ['notes.txt', fixture('notes.txt')],
    ];
    const edit = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), cut: fc.nat({ max: 12 }), insert: fc.constantFrom('', ...PIECES) });
    fc.assert(
      fc.property(fc.constantFrom(...fixtures), fc.array(edit, { minLength: 1, maxLength: 6 }), fc.boolean(), ([file, original], edits, crlf) => {
        let source = crlf ? windows(original) : original;
        for (const { at, cut, insert } of edits) {
          const i = Math.floor(at * source.length);
          source = source.slice(0, i) + insert + source.slice(i + cut);
        }
        assertWellFormed(parseTimed(file, source));
      }),
      { numRuns: 2000 },
    );
  });

  // Inputs that would make a careless scanner quadratic: 200,000 characters of them would take minutes, not
  // seconds. (The yaml package itself needs a few hundred milliseconds for the last two.)
  test('pathological inputs stay linear', () => {
    const huge = 200_000;
    const inputs: [string, string][] = [
      ['a.prompt', '{{'.repeat(huge)],
      ['a.prompt', '{{!--'.repeat(huge / 2)],
      ['a.prompty', '{#'.repeat(huge)],
      ['a.prompt.md', '<!--'.repeat(huge / 2)],
      ['a.prompt.md', `---\n${'a: b\n'.repeat(huge / 5)}`],
      ['a.txt', `<!-- evenhand-${' x'.repeat(huge)}`],
      ['a.txt', `{{ ${'a'.repeat(huge)}`],
      ['a.prompt.yml', `messages:\n  - role: user\n    content: "${'\\'.repeat(huge)}`],
      ['a.prompt.yml', `messages:\n  - role: user\n    content: ${' \n'.repeat(huge / 2)}x`],
    ];
    for (const [file, source] of inputs) {
      const start = performance.now();
      const doc = parsePromptFile(file, source);
      assertWellFormed(doc);
      assert.ok(performance.now() - start < 2000, `${file}: ${(performance.now() - start).toFixed(0)} ms`);
    }
  });
});
