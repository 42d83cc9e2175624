import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyEdits, lintText, parseConfigText, resolveConfig } from '../server/out/core/index.js';

const config = resolveConfig();
const ids = (path: string, text: string) => lintText(path, text, config).findings.map((f) => f.ruleId);

describe('regressions found in review', () => {
  test('a 100 KB one-line run of triggers is linted in linear time (hang guard, not a speed test)', () => {
    for (const [path, text] of [
      ['long.txt', 'you are a '.repeat(10_000)],
      ['long.prompt', `{{role "system"}}\n${'You are {{a}} '.repeat(10_000)}`],
    ]) {
      const start = Date.now();
      lintText(path, text, config);
      assert.ok(Date.now() - start < 10_000, `${path} took ${Date.now() - start} ms`);
    }
  });

  test('party and church membership are identities, whatever the possessive senses list holds', () => {
    assert.deepEqual(ids('p.txt', 'You are a member of the Green Party. Rate the essay.'), ['EH001', 'EH002']);
    assert.deepEqual(ids('p.txt', 'You are a Republican Party member. Rate the essay.'), ['EH001', 'EH002']);
  });

  test('a directive with only unknown rule ids suppresses nothing; one shown in a code fence neither', () => {
    assert.deepEqual(ids('p.prompt.md', '<!-- evenhand-disable-next-line eh001 -->\nYou are a proud Tory.\n'), ['EH001']);
    assert.deepEqual(ids('p.prompt.md', 'Example:\n```\n<!-- evenhand-disable-file -->\n```\nYou are a proud Tory.\n'), ['EH001']);
    assert.deepEqual(ids('p.prompt.md', '<!-- evenhand-disable-next-line EH001 -->\nYou are a proud Tory.\n'), []);
  });

  test('a "# evenhand-disable-file" line inside a YAML block scalar is prompt text, not a directive', () => {
    const yaml = 'messages:\n  - role: system\n    content: |\n      # evenhand-disable-file\n      You are a proud Tory.\n';
    assert.deepEqual(ids('p.prompt.yml', yaml), ['EH001']);
  });

  test('a list item wrapped onto an indented line is one sentence', () => {
    assert.deepEqual(ids('p.prompt.md', '- You are a proud\n  Democrat. Rate the essay.\n'), ['EH001', 'EH002']);
  });

  test('the structural instruction keeps flow-style YAML intact', () => {
    const yaml = 'messages: [{role: system, content: You are a proud conservative columnist. Remain neutral.}]\n';
    const fix = lintText('p.prompt.yml', yaml, config).findings.find((f) => f.ruleId === 'EH003')!.fixes.find((f) => f.kind === 'rewrite')!;
    const fixed = applyEdits(yaml, fix.edits);
    const after = lintText('p.prompt.yml', fixed, config);
    assert.equal(after.document!.problems.length, 0);
    assert.match(after.document!.messages[0].text, /strongest case for each side separately and check each against the same evidence\.$/);
  });

  test('rewriting a persona given as an attribute list removes its identity lines', () => {
    const text = 'I want you to act as this fan:\n- Nationality: Armenian\n- Style: loud\n';
    const finding = lintText('p.txt', text, config).findings.find((f) => f.ruleId === 'EH001')!;
    const fixed = applyEdits(text, finding.fixes.find((f) => f.kind === 'rewrite')!.edits);
    assert.equal(fixed, 'I want you to act as this fan:\n- Style: loud\n');
    assert.deepEqual(ids('p.txt', fixed), []);
  });

  test('EH000 inside frontmatter offers only the file-level directive, which works', () => {
    const text = '---\ntools: [a, b\n---\nBody.\n';
    const [finding] = lintText('p.prompt.md', text, config).findings;
    assert.deepEqual(finding.fixes.map((f) => f.title), ['Disable EH000 for this file']);
    assert.deepEqual(ids('p.prompt.md', applyEdits(text, finding.fixes[0].edits)), []);
  });

  test('a configuration file with a byte-order mark is read', () => {
    assert.deepEqual(parseConfigText('\uFEFF{"rules": {"EH001": "off"}}').problems, []);
  });
});

describe('forms found in blind set 6', () => {
  test('a numbered cast list of named characters, titles included, gives one persona per character', () => {
    const cast = 'You will voice three characters.\n1. Sister Mary Clare, a Benedictine nun.\n2. Prof. Omar Haddad, a Marxist historian.\n';
    assert.deepEqual(ids('p.prompt.md', cast), ['EH001', 'EH001', 'EH005']);
    assert.deepEqual(ids('p.txt', 'Play a quiz host.\n1. Round One: a warm-up round.\n2. Round Two: a picture round.\n'), []);
  });

  test('"take the part of" and "Your voice ...: a ..." assign a persona; a part of a file or a tone does not', () => {
    assert.deepEqual(ids('p.txt', 'Take the part of a lifelong Tory voter and defend the budget.'), ['EH001']);
    assert.deepEqual(ids('p.txt', 'Take the part of the file that parses dates and move it into utils.'), []);
    assert.deepEqual(ids('p.md', 'Your voice for release notes: a devout Methodist from Leeds.'), ['EH001']);
    assert.deepEqual(ids('p.md', 'Your voice for release notes: friendly, short sentences.'), []);
  });

  test('an oath of loyalty to a club is a fandom identity, for the model but not for the user', () => {
    assert.deepEqual(ids('p.txt', "You're a regular at the Emirates and Arsenal till you die. Pick the better striker."), ['EH001', 'EH002']);
    assert.deepEqual(ids('p.txt', "You're a Leeds lifer, Leeds United through and through. Which of the two is the better keeper?"), ['EH001', 'EH002']);
    assert.deepEqual(ids('p.txt', 'The user is a Celtic fan, Celtic till they die. Pick the better striker.'), []);
  });

  test('a rank before a role noun without an article still names the role', () => {
    assert.deepEqual(ids('p.txt', 'You are lead counsel for the defendants. Assess how credible each witness is.'), ['EH002']);
    assert.deepEqual(ids('p.txt', 'You are lead developer on the billing service. Rate the pull request.'), []);
  });

  test('a neutralising instruction joined after a judgement is reported beside it; one that frames it replaces it', () => {
    const voter = 'You are a proud Green voter. ';
    assert.deepEqual(ids('p.txt', `${voter}Grade the essay out of 10, and keep the grade fair even when it attacks your side.`), ['EH001', 'EH002', 'EH003']);
    assert.deepEqual(ids('p.txt', `${voter}Judge the essay without prejudice.`), ['EH001', 'EH003']);
    assert.deepEqual(ids('p.txt', `${voter}Before you grade the essay, set your politics aside.`), ['EH001', 'EH003']);
    assert.deepEqual(ids('p.txt', 'You are a proud Scot. Judges must put their own loyalties aside.'), ['EH001', 'EH003']);
  });

  test('evaluation wordings: how it rates, check for accuracy, which of two should, weigh and recommend', () => {
    assert.deepEqual(ids('p.txt', 'You are Asha, a Gujarati grandmother. Tell them how it rates out of ten.'), ['EH001', 'EH002']);
    assert.deepEqual(ids('p.txt', 'You are a proud Texan. Check each claim in the article for accuracy.'), ['EH001', 'EH002']);
    assert.deepEqual(ids('p.txt', 'You are a proud Texan. Check the code for errors.'), ['EH001']);
    const choice = 'When a user asks which of the two plans the team should adopt, weigh them and recommend one.';
    assert.deepEqual(ids('p.txt', `You are a proud Texan. ${choice}`), ['EH001', 'EH002']);
    assert.deepEqual(ids('p.txt', choice), []);
  });

  test('regional and ethnic identity words count before a person noun, not before a job they name', () => {
    assert.deepEqual(ids('p.txt', "You are a Black reporter in 1920s Harlem. Rate the mayor's speech."), ['EH001', 'EH002']);
    assert.deepEqual(ids('p.txt', 'You are a Gujarati translator for a clinic.'), []);
    assert.deepEqual(ids('p.txt', 'You are a black box tester. Rate the build.'), []);
  });

  test('respondent simulation: how a typical member would react, playing the participants; a project description is a topic', () => {
    assert.deepEqual(ids('p.txt', 'For each ad, describe how a typical rural pensioner would react to it.'), ['EH004']);
    assert.deepEqual(ids('p.txt', 'Play all four participants below and answer each question in their own voice.'), ['EH004']);
    assert.deepEqual(ids('p.md', 'pollkit is a Python package that pollsters use to build synthetic respondent samples.'), []);
    assert.deepEqual(ids('p.md', "Generate 20 synthetic respondents and give each one's answer."), ['EH004']);
  });
});
