// Template variables written in the host language's own syntax: each syntax is read in plain text and Markdown
// prompt bodies, markup that looks like one is not, and a variable named for an identity category makes the
// templated persona an identity persona.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { lintText, parsePromptFile, resolveConfig } from '../server/out/core/index.js';

const names = (file: string, text: string): string[] => parsePromptFile(file, text).variables[0].map((v) => v.name);
const rules = (text: string, file = 'prompt.txt'): string[] =>
  [...new Set(lintText(file, text, resolveConfig()).findings.map((f) => f.ruleId))].sort();

describe('host-language template variables', () => {
  const variables: [string, string[]][] = [
    ['You are {persona}.', ['persona']],
    ['You are {}.', ['0']],
    ['You are {0}.', ['0']],
    ['You are {cfg.role}.', ['cfg.role']],
    ["You are a {p['age']}-year-old {row[\"party id\"]} voter.", ["p['age']", 'row["party id"]']],
    ['You are ${who}.', ['who']],
    ['You are {{ persona }}.', ['persona']],
    ['You are %(persona)s.', ['persona']],
    ['You are %s, answering %s.', ['0', '1']],
    ['You are <persona>.', ['persona']],
    ['You are [PERSONA].', ['PERSONA']],
    ['You are $persona, answering in $1.', ['persona', '1']],
    ['You are a {{.Age}}-year-old {{.Party}} voter.', ['Age', 'Party']],
    ['{{/* rendered with text/template */}}You are {{.Persona}}.', ['Persona']],
    ['You are a __AGE__-year-old __PARTY__ voter; see __init__ and __file__.', ['AGE', 'PARTY']],
    ['You are ${p.gender === "F" ? "a voter" : "a voter"} of ${p.party}.', ['p.gender', 'p.party']],
  ];
  for (const [text, expected] of variables) {
    test(`${text} has ${expected.join(', ')}`, () => assert.deepEqual(names('p.txt', text), expected));
  }

  const markup = [
    'Return {"answer": "yes"} and nothing else.',
    'Return an empty object {} when nothing is found.',
    'See [the guide](https://example.com) and [DOCS][1], cited as [1].',
    '- [ ] open\n- [x] done\n- [X] done',
    'Line one<br>line two, in <b>bold</b>.',
    '<context>\nThe text.\n</context>\n<instructions>Summarise.</instructions>',
    'Put your reasoning in <thinking> tags.',
    '```python\nprompt = f"You are {persona}"\n```',
    'Use `{persona}` in code.',
    '{% if strict %}Be brief.{% endif %}',
    'It costs $5, or $1.50 each.',
    'The area is $x^2$ here.',
    '[INST] Hello [/INST]',
    '\\textbf{bold} and x^{2}',
  ];
  for (const text of markup) {
    test(`no variable in ${JSON.stringify(text)}`, () => assert.deepEqual(names('p.txt', text), []));
  }

  test('doubled braces are literal braces in a format string', () => {
    assert.deepEqual(names('p.txt', 'You are {persona}. Reply as {{"role": "{role}"}}; {{x}} is literal.'), ['persona', 'role']);
  });

  test('formats with their own syntax keep host syntaxes literal', () => {
    assert.deepEqual(names('p.prompty', 'system:\nYou are {persona} and {{role}}.'), ['role']);
    assert.deepEqual(names('p.prompt.md', 'You are {persona} for ${input:team}.'), ['persona', 'team']);
  });
});

describe('template strings lifted from code', () => {
  test('a quoted line holding a variable is a template string: its persona is found', () => {
    assert.deepEqual(rules('PERSONA = (\n    "You are a %(age)s-year-old %(party_id)s voter."\n)'), ['EH001', 'EH006']);
  });
  test('a string literal alone on its line, continued by + or ending in an escaped line break, is prose', () => {
    const text = 'You are a %(party)s voter.\nPROMPT = (\n    "Answer the survey question exactly as this respondent would answer it.\\n"\n)';
    assert.ok(rules(text).includes('EH004'), rules(text).join(' '));
  });
  test('a quoted example in a sentence stays a quotation', () => {
    assert.deepEqual(rules('Label messages such as "You are a proud Republican, rate this" as persona prompts.'), []);
  });
  test('a JavaScript template literal in backticks is prose, after a key, an assignment or alone', () => {
    assert.deepEqual(rules('const system = `You are ${role}. Stay in character.`;'), ['EH006']);
    assert.deepEqual(rules('messages: [{\n  content: `You are ${persona}. Stay in character for the whole conversation.`,\n}]'), ['EH006']);
    assert.deepEqual(rules("  'content': \"You are a devout Catholic.\","), ['EH001']);
  });
  test("Python's implicit concatenation: lone strings on consecutive lines inside parentheses are prose", () => {
    const text = 'SYSTEM = (\n    "You are a {age}-year-old {gender} voter. "\n    "Try to be as unbiased and even-handed as you can when you answer."\n)\nITEM = (\n    "Rate how credible this claim is, "\n    "from 1 to 10."\n)';
    assert.deepEqual(rules(text), ['EH001', 'EH002', 'EH003', 'EH006']);
  });
  test('a quoted request after "my first request is" is what the model is asked; other quotations are not', () => {
    const text = 'I want you to act as a lifelong Arsenal supporter. My first request is "rate each of our summer signings out of 10".';
    assert.deepEqual(rules(text), ['EH001', 'EH002']);
    assert.deepEqual(rules('I want you to act as a lifelong Arsenal supporter. Fans often say "rate each signing out of 10".'), ['EH001']);
  });
  test('inline code stays code: a short `${name}` and a backtick span without a variable', () => {
    assert.deepEqual(rules('Set `${persona}` in the settings, then run `You are a devout Catholic` as a test.'), []);
  });
  test('a fence that holds the whole prompt in prose is read; a fenced example among prose is not', () => {
    const collection = '# Act as [PERSONA]\n\nCopy this:\n\n```\nI want you to act as [PERSONA]. I will ask you questions about [TOPIC] and you will answer them.\nDo not break character unless I type OOC.\n```\n';
    assert.deepEqual(rules(collection, 'act.prompt.md'), ['EH006']);
    const example = '# Style\n\nKeep the assistant in a task role. We removed this persona in PR 212, do not bring it back:\n\n```text\nYou are Dr. Hal, a proud Texan vet and lifelong Baptist.\n```\n\nRun the tests before opening a pull request, and keep titles short.\n';
    assert.deepEqual(rules(example, 'AGENTS.md'), []);
    const code = '```\nconst prompt = `You are ${role}.`;\nsend(prompt);\n```\n';
    assert.deepEqual(rules(code, 'notes.md'), []);
  });
  test('a variable whose name says it holds the persona is one, even with a detail word (persona_text)', () => {
    assert.deepEqual(rules('You are {{{persona_text}}}\nStay in role.'), ['EH006']);
  });
});

describe('templated personas', () => {
  test('a neutral name is a templated persona only', () => {
    assert.deepEqual(rules('You are {persona}.'), ['EH006']);
    assert.deepEqual(rules('Act as a {role}.'), ['EH006']);
    assert.deepEqual(rules('You are %(persona)s.'), ['EH006']);
    assert.deepEqual(rules('You are <persona>.'), ['EH006']);
    assert.deepEqual(rules('You are [PERSONA].'), ['EH006']);
  });

  test('a name naming identity categories makes it an identity persona too', () => {
    assert.deepEqual(rules('Answer as a {nationality} {faith} voter would.'), ['EH001', 'EH006']);
    assert.deepEqual(rules('You are a ${userParty} voter.'), ['EH001', 'EH006']);
    assert.deepEqual(rules('You are a {age_group} voter.'), ['EH001', 'EH006']);
  });

  test('a detail variable names no persona', () => {
    assert.deepEqual(rules('You are a support agent for {company}.'), []);
  });
});
