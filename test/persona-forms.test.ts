// Persona wordings around the trigger list: adverbs before "like", a variable in "as {persona} would", a
// numbered cast label with an age, a repeated template variable, and one side worded twice.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { lintText, resolveConfig } from '../server/out/core/index.js';

const lint = (text: string, file = 'prompt.txt') => lintText(file, text, resolveConfig());
const count = (text: string, rule: string, file?: string): number => lint(text, file).findings.filter((f) => f.ruleId === rule).length;

describe('persona forms', () => {
  test('an adverb between the verb and "like"/"as" keeps the frame', () => {
    assert.equal(count('Speak exactly like [PERSONA] and use their vocabulary.', 'EH006'), 1);
    assert.equal(count('Always respond only as a devout Catholic would.', 'EH001'), 1);
  });
  test('"answer as {persona} would" fills the persona from a variable, in every host syntax', () => {
    for (const v of ['{{persona}}', '{persona}', '${persona}', '[PERSONA]', '<persona>', '%(persona)s']) {
      assert.equal(count(`Answer every question as ${v} would, in the first person.`, 'EH006'), 1, v);
    }
  });
  test('a numbered cast line with an age before the dash is labelled: each member is another persona', () => {
    const text = 'You voice each participant:\n1. **Linda**, 61 — you are an evangelical Christian.\n2. **Marcus**, 34 — you are a union electrician.\n3. **Priya**, 27 — you are a climate activist with Sunrise.\n';
    assert.equal(count(text, 'EH005', 'cast.prompt.md'), 2);
  });
  test('a variable repeated right after describes the same persona; a second template further on is another', () => {
    assert.equal(count('I want you to act as [PERSONA]. I will ask you about [TOPIC] and you will answer the way [PERSONA] would.', 'EH006'), 1);
    const two = `A = (\n    "You are {persona}. "\n    "Mirror the knowledge of this persona."\n)\n\n# second variant, used in the robustness table of the appendix\n# (kept apart so the cache keys stay stable across runs)\n# the baseline variant has no persona at all and lives in baseline.py\n# with the scoring prompt that the judge model reads after each answer\n\nB = (\n    "Take on the identity of {persona} and answer the questions below. "\n)\n`;
    assert.equal(count(two, 'EH006'), 2);
  });
  test('one side worded twice is one persona, not two', () => {
    assert.equal(count('You are the spokesperson for Acme Chemicals. You speak for the company and protect its reputation.', 'EH005'), 0);
    assert.equal(count('You are the spokesperson for Acme Chemicals.\n\nFrom now on you are a lifelong Green Party activist.', 'EH005'), 1);
  });
  test('"you also play" and "you now become" open a persona like "you play"', () => {
    assert.equal(count('ROSA: you also play a thirty-year-old democratic socialist from Queens.', 'EH001'), 1);
    assert.equal(count('After the break you now become a devout Methodist minister.', 'EH001'), 1);
  });
  test('membership of a named union, party or church is an identity; of a team or a foundation it is not', () => {
    assert.equal(count('You are Denise, a card-carrying member of Amalgamated Transit Union Local 1181.', 'EH001'), 1);
    assert.equal(count('You are a lifelong member of St. Brigid Parish.', 'EH001'), 1);
    assert.equal(count('You are a member of the Apache Software Foundation.', 'EH001'), 0);
    assert.equal(count('You are a member of the support team.', 'EH001'), 0);
  });
  test('how the model votes is an identity that describes its persona, not another one', () => {
    assert.equal(count('You have always voted Labour.', 'EH001'), 1);
    const text = 'I want you to act as a conservative talk radio host. You have voted Republican in every election since Reagan.';
    assert.equal(count(text, 'EH001'), 2);
    assert.equal(count(text, 'EH005'), 0);
    assert.equal(count('You vote on each proposal and explain your vote.', 'EH001'), 0);
  });
  test('each member of a cast in another language is its own persona, named by its line', () => {
    const text = 'Tu vas incarner les deux suspects :\n- Mamadou Diallo, 27 ans, jeune musulman pratiquant, serveur au café ;\n- Karim Benali, 45 ans, syndicaliste CGT et militant communiste.\n';
    assert.equal(count(text, 'EH001'), 2);
    assert.equal(count(text, 'EH005'), 1);
    const personas = lint(text).analysis?.personas ?? [];
    assert.deepEqual(personas.map((p) => p.label), ['Mamadou Diallo', 'Karim Benali']);
  });
  test('a speaker slot filled by the model, or a character introduced as voiced by it, is a persona', () => {
    assert.equal(count('Speaker 2 is you playing Dale, a hard-line libertarian who hates regulation.', 'EH001'), 1);
    assert.equal(count('Contestant two, also voiced by you: Jayden, a proud Gen Z kid who lives on memes.', 'EH001'), 1);
    assert.equal(count('Contestant one, whom you voice: Rita, a devout Pentecostal grandmother.', 'EH001'), 1);
    assert.equal(count('Contestant one, whom you interview: Rita, a devout Pentecostal grandmother.', 'EH001'), 0);
  });
  test('a person the prompt describes elsewhere is filled in from the variable that holds the description', () => {
    assert.equal(count('From now on you are the person described in this self-introduction: {backstory}', 'EH006'), 1);
    assert.equal(count('You are the respondent described in {profile}.', 'EH006'), 1);
    assert.equal(count('You are the person who asked the question {q}.', 'EH006'), 0);
  });
  test('a templated persona whose sentence names its categories is an identity persona too', () => {
    assert.equal(count('You are ${identity}, and your faith shapes how you read everything.', 'EH001'), 1);
    assert.equal(count('You are a {0} voter in {1} who strongly supports the {2} party.', 'EH001'), 1);
    assert.equal(count('You are {persona}. Keep your answers short.', 'EH001'), 0);
  });
  test('working on a campaign against an opponent takes its side', () => {
    const text = 'You work on the communications team of the Hartley for Senate campaign. Fact-check every claim her opponent makes.';
    assert.equal(count(text, 'EH002'), 1);
    assert.equal(count('You work on the billing team. Rate the urgency of each ticket.', 'EH002'), 0);
  });
  test('a first-person bio is the model persona only when the prompt tells the model to take it on', () => {
    const bio = "I'm a British Sikh and I help out at the gurdwara every weekend.";
    assert.equal(count(`Read the bio below and take it on as your own.\n\n${bio}`, 'EH001'), 1);
    assert.equal(count(`Answer in the first person as if it were your life.\n\n${bio}`, 'EH001'), 1);
    // Without such a cue the first person is the user speaking about themself.
    assert.equal(count(`${bio} Can you suggest a vegetarian recipe for twelve people?`, 'EH001'), 0);
  });
  test('a first-person template the model is told to continue in is a templated identity persona', () => {
    const text = 'BACKSTORY = "I am a {age}-year-old {race} {gender} from {state}."\nTASK = "Continue the interview transcript below in the voice of this respondent."';
    assert.equal(count(text, 'EH001'), 1);
    assert.equal(count(text, 'EH006'), 1);
    assert.equal(count('I am a {age}-year-old {gender} looking for a running plan. What should I do?', 'EH001'), 0);
  });
  test('adopting a named kind of identity is a role frame', () => {
    assert.equal(count('Adopt the religious identity of a {0} believer and answer every question from that perspective.', 'EH006'), 1);
  });
  test("a possessor's identity and a trade's compound noun are not the persona's", () => {
    const cast = 'You voice every suspect:\n- Mrs. Hale — the vicar\'s wife, nervous and polite.\n- Pip — the stable boy, sharp-eyed and cheeky.\n';
    assert.equal(count(cast, 'EH001', 'cast.prompt.md'), 0);
    assert.equal(count('You are a devout Anglican vicar.', 'EH001'), 1);
  });
  test('a variable after words that name a persona is a templated persona, whatever its name', () => {
    assert.equal(count('You are roleplaying the following persona: {user}. Rate the reply from 1 to 10.', 'EH006'), 1);
    assert.equal(count('You must adopt the following user persona: {rand_user}', 'EH006'), 1);
    assert.equal(count('Adopt this persona: a 45-year-old Republican farmer from Iowa.', 'EH001'), 1);
    // Without such words {user} stays an input slot, and a task role stays a task role.
    assert.equal(count('You are {user}.', 'EH006'), 0);
    assert.equal(count('Play the following role: a customer support agent.', 'EH001'), 0);
  });
  test('a first-person backstory that ends in an answer slot speaks for the model (silicon sampling)', () => {
    const backstory = 'Racially, I am white. Ideologically, I am conservative. Politically, I am a strong Republican.';
    const survey = `${backstory}\n\nQuestion: Do you approve of the way the president is handling the economy?\nAnswer:`;
    assert.equal(count(survey, 'EH001'), 1);
    // The model answers the survey as that respondent: EH004 on the question.
    assert.equal(count(survey, 'EH004'), 1);
    assert.equal(count('I am a Democrat. I live in Ohio.\nQ: Who did you vote for in 2020?\nA:', 'EH001'), 1);
    // A user describing themself and asking is no backstory; nor is a task role before an answer slot.
    assert.equal(count('I am a registered Republican in Arizona. When is the deadline to request a mail ballot?', 'EH001'), 0);
    assert.equal(count('I am a teacher.\nQuestion: What is 2+2?\nAnswer:', 'EH001'), 0);
    assert.equal(count('I am a teacher.\nQuestion: What is 2+2?\nAnswer:', 'EH004'), 0);
  });
});
