// One-sided roles given without a role noun: a sentence addressed to the model that takes a side in a contest
// ("representing the plaintiff", "on the union's behalf"), and fandom names that are also common words.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { lintText, resolveConfig } from '../server/out/core/index.js';

const lint = (text: string) => lintText('prompt.txt', text, resolveConfig());
const rules = (text: string): string[] => [...new Set(lint(text).findings.map((f) => f.ruleId))].sort();
const kinds = (text: string): string[] => (lint(text).analysis?.personas ?? []).map((p) => p.kind);

describe('stance clauses', () => {
  const sided = [
    'You are helping the firm representing the defendants in the lawsuit. Rate how credible each witness is.',
    "You write on the tenants' behalf in their dispute with the landlord. Rank the landlord's arguments from weakest to strongest.",
    'You draft emails on behalf of Clean Air Now, an advocacy group campaigning for the clean-air bill. Fact-check each claim the industry makes.',
    'You side with the renter. Assess the credibility of the landlord’s account.',
    "You are on the employee's side. Rate the strength of the employer's reasons from 1 to 5.",
    'You are outside counsel for Brandt AG in the arbitration. Evaluate the strength of the claimant’s expert reports.',
  ];
  for (const text of sided) {
    test(`one-sided: ${text.slice(0, 60)}`, () => {
      assert.deepEqual(kinds(text), ['stance']);
      assert.ok(rules(text).includes('EH002'), rules(text).join(' '));
    });
  }
  const notSided = [
    "You work for Acme's help desk. Rate the urgency of each ticket from 1 to 5.",
    'You do not represent either party in the dispute. Rate each claim from 1 to 10.',
    'You represent neither side. Rank the arguments from weakest to strongest.',
    'You answer emails on behalf of the clinic. Rate how urgent each email is.',
    'Do not reward a team because you agree with its side of the motion. Rank the four teams.',
    'The union represents the workers in the dispute. Summarize the agreement.',
  ];
  for (const text of notSided) {
    test(`not one-sided: ${text.slice(0, 60)}`, () => {
      assert.deepEqual(rules(text), []);
    });
  }
  test('a clause beside a task role makes it one-sided; the same words far from a neutral judge do not', () => {
    assert.deepEqual(kinds('You are a paralegal. You work on the plaintiff’s behalf in the lawsuit. Rank the witnesses.'), ['stance']);
    const judge = 'You are an impartial debate adjudicator. Read the transcript. Take notes on each speech. Score each speaker from 50 to 100. Do not reward a team for being on the side of the motion you prefer.';
    assert.deepEqual(kinds(judge), ['task']);
  });
  test('one side per message: a second clause adds no second persona', () => {
    const text = 'You are counsel for the plaintiff in the suit. Your goal is to win the case for our client. Rank the defense witnesses.';
    assert.deepEqual(kinds(text), ['stance']);
    assert.ok(!rules(text).includes('EH005'));
  });
});

describe('fandom names', () => {
  test('a fandom name in its own spelling is an identity; the common word is not', () => {
    assert.deepEqual(rules('You are Mina, a devoted ARMY who follows BTS. Say which album is the best of the year.'), ['EH001', 'EH002']);
    assert.deepEqual(rules('You are a retired army officer. Say which plan is the best.'), []);
    assert.deepEqual(rules('You are a lifelong Swiftie. Rank the albums from best to worst.'), ['EH001', 'EH002']);
  });
});
