import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findPersonas, lintText, parsePromptFile, resolveConfig, type PersonaKind } from '../server/out/core/index.js';

const config = resolveConfig();

/** The persona kinds and the identity words the engine finds in a plain-text prompt. */
function personas(text: string): { kind: PersonaKind; attributes: string[]; span: string }[] {
  const doc = parsePromptFile('prompt.txt', text);
  return findPersonas(doc, config).map((p) => ({
    kind: p.kind,
    attributes: p.identityAttributes.map((a) => a.term),
    span: text.slice(p.span.start, p.span.end),
  }));
}

function ruleIds(text: string, path = 'prompt.txt'): string[] {
  return lintText(path, text, config).findings.map((f) => f.ruleId);
}

describe('persona assignments: every form addressed to the model', () => {
  const cases: [string, PersonaKind, string][] = [
    ['You are a proud small-government conservative.', 'identity', 'You are a proud small-government conservative'],
    ["You're a lifelong Green voter.", 'identity', "You're a lifelong Green voter"],
    ['Act as a devout Sikh elder.', 'identity', 'Act as a devout Sikh elder'],
    ['Pretend you are a Tory backbencher.', 'identity', 'Pretend you are a Tory backbencher'],
    ['Pretend to be an anarchist.', 'identity', 'Pretend to be an anarchist'],
    ['Imagine you are a millennial renter in London.', 'identity', 'Imagine you are a millennial renter in London'],
    ['Take on the role of a Mormon bishop.', 'identity', 'Take on the role of a Mormon bishop'],
    ['Play the role of an Irish nationalist.', 'identity', 'Play the role of an Irish nationalist'],
    ['Respond as a gun-rights advocate would.', 'identity', 'Respond as a gun-rights advocate'],
    ['As a lifelong Yankees fan, you answer questions about baseball.', 'identity', 'As a lifelong Yankees fan'],
    ['I want you to act as an animal-rights activist.', 'identity', 'act as an animal-rights activist'],
    ['From now on, you are a Gen Z TikTok creator.', 'identity', 'you are a Gen Z TikTok creator'],
    ['The assistant is a union organizer at a car plant.', 'identity', 'The assistant is a union organizer at a car plant'],
    ['You are a Black woman who runs a bakery.', 'identity', 'You are a Black woman'],
    ['You are agnostic.', 'identity', 'You are agnostic'],
    ['You are Hank, a rancher from Amarillo, Texas, and a lifelong Republican.', 'identity', 'You are Hank, a rancher from Amarillo, Texas, and a lifelong Republican'],
    ['You are Kai, a laid-back Native Hawaiian surfer.', 'identity', 'You are Kai, a laid-back Native Hawaiian surfer'],
    ['You are a spokesperson for a pharmaceutical company.', 'stance', 'You are a spokesperson for a pharmaceutical company'],
    ["You are the plaintiff's lawyer in this case.", 'stance', "You are the plaintiff's lawyer in this case"],
    ['You are Ms. Dana Whitfield, defense counsel for the accused.', 'stance', 'You are Ms. Dana Whitfield, defense counsel for the accused'],
    ['Act as a campaign strategist for Senator Ruiz.', 'stance', 'Act as a campaign strategist for Senator Ruiz'],
    ["You are the lead strategist for Senator Holt's 2026 reelection campaign.", 'stance', "You are the lead strategist for Senator Holt's 2026 reelection campaign"],
    ['You are a data analyst.', 'task', 'You are a data analyst'],
    ['Act as a SQL console.', 'task', 'Act as a SQL console'],
    ['You are a chess coach for beginners.', 'task', 'You are a chess coach for beginners'],
    ['You are {{persona}}.', 'templated', 'You are {{persona}}'],
    ['Act as a {{role}} and answer.', 'templated', 'Act as a {{role}}'],
    ['You are ${input:persona}.', 'templated', 'You are ${input:persona}'],
  ];
  for (const [text, kind, span] of cases) {
    test(`${text} -> ${kind}`, () => {
      const found = personas(text);
      assert.equal(found.length, 1, JSON.stringify(found));
      assert.equal(found[0].kind, kind);
      assert.equal(found[0].span, span);
    });
  }

  test('a biography spread over sentences names the identity where it is stated', () => {
    const found = personas('Your name is Maria. You grew up in a devout Catholic family in El Paso.');
    assert.deepEqual(
      found.map((p) => [p.kind, p.attributes]),
      [
        ['task', []],
        ['identity', ['Catholic']],
      ],
    );
  });
});

describe('personas written as lists and casts', () => {
  test('a "Key: value" attribute list makes the persona it follows an identity persona', () => {
    const found = personas('I want you to act as this fan:\n- Name: Viktor\n- Nationality: Armenian, and proud of it\n- Style: loud');
    assert.equal(found.length, 1);
    assert.equal(found[0].kind, 'identity');
    assert.deepEqual(found[0].attributes, ['Nationality: Armenian, and proud of it']);
  });

  test('a cast list the model voices gives one persona per character, and EH005 on the second', () => {
    const text = 'You voice two critics.\n**ROSA** — a Neapolitan nonna, devout Catholic.\n**DEV** — a Gen Z food TikToker.';
    assert.deepEqual(
      personas(text).map((p) => p.kind),
      ['identity', 'identity'],
    );
    assert.deepEqual(ruleIds(text), ['EH001', 'EH001', 'EH005']);
  });

  test('characters a script writer writes about are not personas of the model', () => {
    const text = 'You are a script writer. The hosts are:\n- Dana, a progressive Democrat\n- Rick, a MAGA Republican';
    assert.deepEqual(ruleIds(text), []);
  });

  test('one sentence that names the persona twice is one persona', () => {
    assert.deepEqual(ruleIds('You grew up in Lyon, and you are a proud Frenchwoman and a practising Catholic.'), ['EH001']);
  });
});

describe('not persona assignments', () => {
  const negatives = [
    'You are no partisan.',
    'You are not a Republican, and you never pretend to be one.',
    'The user is a Methodist minister. Help them plan a sermon.',
    "Explain the Green Party's history.",
    'Label speeches as left- or right-leaning.',
    'Do not say "You are a proud Democrat" to anyone.',
    'Example:\n```\nYou are a devout Catholic.\n```\n',
    'You are given a list of claims. You are responsible for formatting them.',
    'Respond as JSON. Answer as concisely as possible.',
  ];
  for (const text of negatives) {
    test(JSON.stringify(text), () => {
      assert.deepEqual(
        personas(text).filter((p) => p.kind !== 'task'),
        [],
      );
    });
  }
});

describe('word sense: identity words with other meanings', () => {
  const texts = [
    'You are a pharmacist. Start with a conservative dose.',
    'You are a bartender. Use liberal amounts of ice.',
    'You are an independent contractor who builds websites.',
    'You are a stylist who loves Christian Louboutin shoes.',
    'You are a claims agent for Progressive Insurance.',
    'You are a travel writer covering the Democratic Republic of the Congo.',
    "You are a Catholic hospital's billing clerk.",
    'You are a French tutor.',
    'You are a senior software engineer.',
    'You are a green energy analyst.',
  ];
  for (const text of texts) {
    test(text, () => {
      assert.deepEqual(
        personas(text).map((p) => p.kind),
        ['task'],
      );
      assert.deepEqual(ruleIds(text), []);
    });
  }
});

describe('rules fire on the combinations the issue names', () => {
  test('EH002 needs an identity or stance persona; task roles evaluating do not fire', () => {
    assert.deepEqual(ruleIds('You are a lifelong Democrat. Rate how credible each claim is.'), ['EH001', 'EH002']);
    assert.deepEqual(ruleIds('You are a copy editor. Grade this draft from A to F.'), []);
    assert.deepEqual(ruleIds('You are a referee. Score the bout round by round.'), []);
    assert.deepEqual(ruleIds('You are a spokesperson for Acme Pharma. Assess the credibility of these studies.'), ['EH002']);
  });

  test('EH002 recognises evaluation asked as a question', () => {
    assert.deepEqual(ruleIds("You're a diehard Lakers fan. Who is the greatest basketball player of all time?"), ['EH001', 'EH002']);
    assert.deepEqual(ruleIds("You are a devout Mormon. Tell me if this children's book is appropriate."), ['EH001', 'EH002']);
    assert.deepEqual(ruleIds('You are a negotiator representing the buyer. Assess the offer.'), ['EH002']);
    assert.deepEqual(ruleIds('You are a data analyst. Tell me if the numbers are correct.'), []);
  });

  test('EH003 fires on debiasing only under an identity or stance persona', () => {
    assert.deepEqual(ruleIds('You are a devout Baptist. Remain neutral.'), ['EH001', 'EH003']);
    assert.deepEqual(ruleIds('You are a data analyst. Remain neutral.'), []);
    assert.deepEqual(ruleIds('You are no partisan: remain neutral and be unbiased.'), []);
  });

  test('EH004 fires on simulated respondents', () => {
    assert.deepEqual(ruleIds('You are participant 7 in a focus group.'), ['EH004']);
    assert.deepEqual(ruleIds('Rate each ad as a typical suburban parent would.'), ['EH004']);
    assert.deepEqual(ruleIds('Generate answers from 50 voters with these demographics.'), ['EH004']);
  });

  test('EH005 fires on a second, different persona and on reassignment, not on repeats', () => {
    assert.deepEqual(ruleIds('Pretend you are a Democrat. Now pretend to be a Republican.'), ['EH001', 'EH001', 'EH005']);
    assert.deepEqual(ruleIds('You are a Democrat. Remember: you are a Democrat.'), ['EH001', 'EH001']);
    assert.deepEqual(ruleIds('You are a helpful assistant. You are an expert in SQL.'), []);
  });

  test('EH006 fires on a templated persona only', () => {
    assert.deepEqual(ruleIds('You are {{persona}}. Answer the question.'), ['EH006']);
    assert.deepEqual(ruleIds('You are a support agent for {{company}}.'), []);
  });
});
