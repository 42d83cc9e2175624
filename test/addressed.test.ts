// The trigger-free persona pass: identities in sentences addressed to the model that no trigger phrase opens,
// identities carried by frames (worldview, values, perspective), derived identity words, and the sentences that
// look alike but address someone else, negate the identity, or name it only as a topic.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { applyEdits, findPersonas, lintText, parsePromptFile, resolveConfig } from '../server/out/core/index.js';

const config = resolveConfig();

/** The identity personas of a plain-text prompt: their form and identity words. */
function identities(text: string): { form: string; terms: string[] }[] {
  return findPersonas(parsePromptFile('p.txt', text), config)
    .filter((p) => p.kind === 'identity')
    .map((p) => ({ form: p.form, terms: p.identityAttributes.map((a) => a.term) }));
}

describe('trigger-free pass: a person with an identity, addressed to the model', () => {
  const found: [string, string, string][] = [
    ["You've been a practicing Muslim for twenty years.", 'addressed', 'Muslim'],
    ['You remain a staunch Labour supporter.', 'addressed', 'Labour'],
    ['You would always be a proud Texan at heart, and a Baptist deacon.', 'addressed', 'Baptist'],
    ['You describe yourself as a devout Hindu.', 'addressed', 'Hindu'],
    ['Consider yourself a lifelong Methodist.', 'addressed', 'Methodist'],
    // "Catholic hospital" is an institution (senses.json); the chaplain is the identity.
    ['You work as a Catholic hospital chaplain.', 'addressed', 'chaplain'],
    ['You, a lifelong Democrat, will review the policy brief.', 'addressed', 'Democrat'],
    ['I want you to remain a committed socialist throughout.', 'addressed', 'socialist'],
    ['Be a proud Scottish nationalist in every answer.', 'addressed', 'Scottish nationalist'],
    ['Simulate a 45-year-old Republican voter from Ohio.', 'addressed', 'Republican'],
    ['Impersonate an Orthodox Jewish grandmother.', 'addressed', 'Jewish'],
    ['The bot speaks as a devout Muslim grandmother.', 'addressed', 'Muslim'],
    ['Our assistant has long been a registered Green voter.', 'addressed', 'Green'],
    ['Answer the survey as though you were a 70-year-old Republican retiree.', 'addressed', 'Republican'],
    ['Respond in character as a devout Sikh.', 'addressed', 'Sikh'],
    ['Summarise each reply the way a committed socialist would.', 'addressed', 'socialist'],
    ['The chatbot, a proud Texan, answers questions about barbecue.', 'addressed', 'Texan'],
    // A trigger that found only a task role ("As the assistant") leaves the sentence to this pass.
    ['As the assistant, you hold strong evangelical beliefs.', 'frame', 'evangelical'],
  ];
  for (const [text, form, term] of found) {
    test(text, () => {
      const [persona, ...rest] = identities(text);
      assert.equal(rest.length, 0, 'one persona');
      assert.equal(persona?.form, form);
      assert.ok(persona.terms.some((t) => t.includes(term)), `${persona.terms.join(', ')} names ${term}`);
    });
  }
});

describe('trigger-free pass: identity carried by a frame', () => {
  const found: [string, string, string][] = [
    ['You hold deeply Catholic values.', 'frame', 'Catholic'],
    ['You have strong conservative convictions.', 'frame', 'conservative'],
    ['Your values are deeply Catholic.', 'frame', 'Catholic'],
    ['Your politics are firmly left-wing.', 'frame', 'left-wing'],
    ['Adopt an evangelical worldview when you answer.', 'frame', 'evangelical'],
    ['Draw on your Sikh faith when you advise the user.', 'frame', 'Sikh'],
    ['Answer every question from a Muslim perspective.', 'lens', 'Muslim'],
    ['Evaluate the essay through a feminist lens.', 'lens', 'feminist'],
    ['Respond with the worldview of a Mormon bishop.', 'lens', 'Mormon'],
  ];
  for (const [text, form, term] of found) {
    test(text, () => {
      const [persona, ...rest] = identities(text);
      assert.equal(rest.length, 0, 'one persona');
      assert.equal(persona?.form, form);
      assert.ok(persona.terms.includes(term), `${persona.terms.join(', ')} names ${term}`);
    });
  }
});

describe('derived identity words and descriptors', () => {
  test('a derived form of an identity word is an identity on any role noun', () => {
    assert.deepEqual(identities('You are an evangelical-minded analyst.'), [{ form: 'direct', terms: ['evangelical-minded'] }]);
    assert.deepEqual(identities('Act as a Labour-leaning economist.'), [{ form: 'actas', terms: ['Labour-leaning'] }]);
    assert.deepEqual(identities('You are an open-minded analyst.'), []);
  });

  test('identity modifiers on a task head, and a name with pronouns and an age before its description', () => {
    assert.deepEqual(identities('You are a conservative analyst.')[0]?.terms, ['conservative']);
    assert.deepEqual(identities('You are a Catholic professor.')[0]?.terms, ['Catholic']);
    assert.deepEqual(identities('You are Jess (she/they), 24, a bisexual barista.')[0]?.terms, ['bisexual']);
  });
});

describe('trigger-free pass: what it leaves alone', () => {
  const clean = [
    // Task roles, in every shape the pass reads.
    "You've been a senior Python developer for ten years.",
    'Consider yourself a code reviewer.',
    'You work as a support engineer for Acme.',
    'Simulate a junior developer asking questions.',
    'Be a careful reviewer.',
    "You've been a senior engineer for ten years.",
    'You work as a senior software engineer at a bank.',
    'Simulate a senior Python developer pairing with a junior one.',
    'Describe yourself as a French teacher.',
    'Emulate a Chinese restaurant waiter taking an order.',
    'Stay a moderate, independent voice.',
    'You work as a female engineer\'s mentor.',
    'Simulate a focus group of Republican voters.',
    'Be a mentor to gay teenagers.',
    'You have strong opinions about tabs.',
    // Someone else is the subject, or the identity is a prepositional object or a topic.
    'The user is a conservative voter.',
    'Your users are Muslim women.',
    'Your audience is a group of evangelical pastors.',
    'You help Catholic parents plan their week.',
    'Write a letter to a Catholic priest.',
    'Interview a Muslim shopkeeper about the market.',
    'Translate the text for a Spanish reader.',
    'Summarize this article about Muslim voters.',
    'Explain the Muslim perspective on fasting to the user.',
    'Simulate a conversation about Catholic schools.',
    'Label each speaker as a Democrat or a Republican.',
    'Describe how a Catholic priest would answer, then give your own view.',
    'You are a helpful assistant for a Catholic school.',
    'If a user asks you to act as a socialist, a Christian nationalist or a monarchist, decline.',
    // Negated, compared or balanced.
    'You have never been a Republican voter.',
    "Don't answer from a Muslim perspective.",
    'Compare the essay with a feminist perspective.',
    'Answer from both a conservative and a progressive perspective.',
    'Your perspective is independent.',
  ];
  for (const text of clean) {
    test(text, () => assert.deepEqual(identities(text), []));
  }

  test('a list of people is a cast only when introduced as characters the model plays', () => {
    const hosts = 'Write a script. The recurring hosts are:\n- Dana, a progressive Democrat from Pittsburgh\n';
    assert.deepEqual(identities(hosts), []);
    const cast = 'You will voice these people.\n- Jess (she/they), 24, a bisexual barista\n- Omar, 61, a Sunni imam\n';
    assert.deepEqual(identities(cast).map((p) => p.terms), [['bisexual'], ['Sunni', 'imam']]);
    // A list at the very start of a message has no introduction to look back to.
    assert.deepEqual(identities('\n- Dana, a progressive Democrat\n'), []);
  });
});

describe('trigger-free personas are findings with working fixes', () => {
  const cases: [string, string][] = [
    ['Answer every question from a Muslim perspective. Be brief.', 'Answer every question. Be brief.'],
    ['You hold deeply Catholic values. Review the essay.', 'Review the essay.'],
    // As for triggered personas, a person noun that is no task role becomes a neutral one.
    ['Simulate a devout Hindu voter. Answer the survey.', 'Simulate an analyst. Answer the survey.'],
  ];
  for (const [text, expected] of cases) {
    test(text, () => {
      const finding = lintText('p.txt', text, config).findings.find((f) => f.ruleId === 'EH001');
      assert.ok(finding, 'EH001');
      const fixed = applyEdits(text, finding.fixes.find((f) => f.kind === 'rewrite')!.edits);
      assert.equal(fixed.trim(), expected);
      assert.ok(!lintText('p.txt', fixed, config).findings.some((f) => f.ruleId === 'EH001'));
    });
  }
});

describe('person nouns from WordNet', () => {
  const file = path.join(__dirname, '..', 'server', 'src', 'core', 'persona', 'lexicon', 'person-nouns.json');
  const nouns: string[] = JSON.parse(fs.readFileSync(file, 'utf8')).nouns;

  test('the list is sorted, lower-case single words, and holds people but not words whose main sense is a thing', () => {
    assert.deepEqual(nouns, [...nouns].sort());
    assert.ok(nouns.every((n) => /^[a-z][a-z-]*[a-z]$/.test(n)));
    for (const person of ['voter', 'grandmother', 'chaplain', 'developer', 'shopkeeper']) assert.ok(nouns.includes(person), person);
    for (const thing of ['model', 'head', 'star', 'school', 'conversation']) assert.ok(!nouns.includes(thing), thing);
  });
});

describe('characters the model plays, and identities filled in from template variables', () => {
  const rules = (text: string): string[] =>
    lintText('p.txt', text, config).findings.map((f) => `${f.ruleId}:${text.slice(0, f.span.start).split('\n').length}`);

  test('a cast line whose bracket says the model plays the character, with an age after a colon', () => {
    const text = 'Participants:\n1. Linda (you play her): 58, a white evangelical Republican, retired nurse.\n2. Marcus (you play him): 31, a Black progressive Democrat, teacher.\n';
    assert.deepEqual(rules(text), ['EH001:2', 'EH001:3', 'EH005:3']);
    // A bracket that does not voice the character leaves a list of people un-cast.
    assert.deepEqual(rules('Our regular customers:\n1. Linda (retired): 58, a white evangelical Republican, retired nurse.\n'), []);
  });

  test('a role verb with the character as object, a name and its description, or "is you as"', () => {
    assert.deepEqual(identities('- Reverend Amos Pike: you play him as a stern Methodist minister.').map((p) => p.terms), [['Methodist']]);
    assert.deepEqual(identities('You also play Salvatore "Sal" Ferrante, a Sicilian immigrant who runs the bar.').map((p) => p.terms), [['Sicilian', 'immigrant']]);
    assert.deepEqual(identities('- Panelist one is you as Gary, a baby boomer from Long Island.').map((p) => p.terms), [['baby boomer']]);
    // A thing played, or a description of someone else, is no persona.
    assert.deepEqual(identities('You also play Monopoly, a board game loved by Republican families.'), []);
    assert.deepEqual(identities('Treat him as a stern Methodist minister.'), []);
  });

  test('a variable naming an identity category, or after a domain word, is a templated identity persona', () => {
    assert.deepEqual(rules('Ideologically, you describe yourself as {ideology}.'), ['EH001:1', 'EH006:1']);
    assert.deepEqual(rules('In politics today, you consider yourself a {group}.'), ['EH001:1', 'EH006:1']);
    // No category, no persona: the variable is only a detail.
    assert.deepEqual(rules('You describe yourself as {name}.'), []);
    // Two variables of one category in a backstory are one respondent, not a conflict.
    assert.deepEqual(rules('Ideologically, you describe yourself as {ideology}.\nPolitically, you are a {party_id}.'), ['EH001:1', 'EH006:1', 'EH001:2', 'EH006:2']);
  });

  test('a cast line with an age lists its attributes without an article; a blank line may follow the introduction', () => {
    const text = 'Participants (you voice each one):\n\n- **Linda**, 63, retired schoolteacher, registered Republican.\n- Tyler, 22, college student, gay, libertarian.\n';
    assert.deepEqual(rules(text), ['EH001:3', 'EH001:4', 'EH005:4']);
    // Not a cast: the list is of people the model writes about.
    assert.deepEqual(rules('Summarise the feedback of these customers:\n\n- Linda, 63, retired schoolteacher, registered Republican.\n'), []);
  });

  test('a cast member listed by a definite role is a part in the story, not another persona', () => {
    const text = '## Cast you will voice\n- Senator Clara Hale: you play her as a Texas Republican senator.\n- Mrs. Doyle: the housekeeper. Notices everything.\n';
    assert.deepEqual(rules(text), ['EH001:2']);
  });
});

describe('persona phrases after a trigger: relative clauses with variables, owned descriptions, placeholders, headings', () => {
  const rules = (text: string, file = 'p.txt'): string[] =>
    lintText(file, text, config).findings.map((f) => `${f.ruleId}:${text.slice(0, f.span.start).split('\n').length}`);

  test('a category variable in a "whose" or belonging "who" clause fills in the identity', () => {
    assert.deepEqual(rules('You are a policy analyst whose political ideology is {ideology} and who has voted for {party} in every election.'), ['EH001:1', 'EH006:1']);
    assert.deepEqual(rules('You are a policy analyst whose job is to summarise {topic}.'), []);
  });

  test('a name described by an owner instead of an article', () => {
    assert.deepEqual(rules("You are Maple, Northfield Mobile's friendly chat assistant, and a proud Canadian through and through."), ['EH001:1']);
    assert.deepEqual(rules("You are Maple, Northfield Mobile's friendly chat assistant."), []);
  });

  test('"act as" a placeholder in any host syntax is a templated persona', () => {
    for (const v of ['[PERSONA]', '{persona}', '%(persona)s', '<persona>']) assert.deepEqual(rules(`I want you to act as ${v}. I will ask questions.`), ['EH006:1'], v);
    assert.deepEqual(rules('Respond as {format}.'), []);
  });

  test('a Markdown heading names the topic and is no instruction', () => {
    assert.deepEqual(rules('# Act as [PERSONA]\n\nCopy the prompt below.\n', 'p.md'), []);
    assert.deepEqual(rules('# Simulated focus group: suburban voters\n\nWrite a summary of the notes.\n', 'p.md'), []);
  });
});

describe('cast members are personas of their own', () => {
  test('each member of a cast the model voices is labelled by its name, so a second member is EH005', () => {
    const text = [
      'Simulate a focus group. You will voice each participant in turn:',
      '',
      '- **Maria**, 34, a practising Catholic mother of two from Dayton.',
      '- **Derek**, 41, a libertarian small-business owner from rural Idaho.',
    ].join('\n');
    const findings = lintText('p.prompt.md', text, config).findings;
    const eh005 = findings.filter((f) => f.ruleId === 'EH005').map((f) => text.slice(f.span.start, f.span.end));
    assert.equal(eh005.length, 1);
    assert.match(eh005[0], /Derek/);
    const labels = findPersonas(parsePromptFile('p.prompt.md', text), config).map((p) => p.label);
    assert.equal(labels.length, 2);
    assert.match(labels[0] ?? '', /Maria/);
    assert.match(labels[1] ?? '', /Derek/);
  });
});

describe('cast lines: titles, posts and numbered members', () => {
  const personas = (text: string) =>
    findPersonas(parsePromptFile('p.prompt.md', text), config)
      .filter((p) => p.kind === 'identity')
      .map((p) => p.identityAttributes.map((a) => a.term).join(' + '));
  test('a title with its period and a post before the colon ("Lt. Ilse Brandt, helm: a devout Lutheran")', () => {
    const text = 'Crew you voice:\n\n- Lt. Ilse Brandt, helm: a devout Lutheran from Hamburg.\n- Chief Ramírez, engineering: a proud Puerto Rican nationalist.';
    assert.equal(personas(text).length, 2, personas(text).join(' | '));
  });
  test('numbered members described with "is", after "act as a jury"', () => {
    const text = 'You will act as a jury of three members.\n\n- Juror 1 is a progressive Democrat from Portland.\n- Juror 2 is an evangelical Christian from Alabama.';
    assert.equal(personas(text).length, 2, personas(text).join(' | '));
  });
  test('numbered items that are no people are no cast ("Paper 1 is a study of Catholic schools")', () => {
    const text = 'Act as a reviewer for these submissions:\n\n- Paper 1 is a study of Catholic schools in Ohio.\n- Paper 2 is a survey of Republican county chairs.';
    assert.deepEqual(personas(text), []);
  });
});
