// The instruction grammar: evaluation, neutralising and respondent-simulation instructions are found by verb
// classes, object classes and frames, so wordings built from those classes are found whether or not anyone wrote
// them down, and the same words in other senses (a neutral tone, Objective-C, grading code) are not.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { parsePromptFile, resolveConfig } from '../server/out/core/index.js';
import { analyzePrompt } from '../server/out/core/persona/analysis.js';
import { compileGrammar, verbForms } from '../server/out/core/persona/instructionGrammar.js';

const config = resolveConfig();

/** The words of each instruction of one class found in a plain-text prompt. */
function found(kind: 'evaluations' | 'debiasing' | 'respondents', text: string): string[] {
  const analysis = analyzePrompt(parsePromptFile('prompt.txt', text), config);
  return analysis[kind].map((instruction) => instruction.words);
}

function assertFinds(kind: 'evaluations' | 'debiasing' | 'respondents', sentences: string[]): void {
  for (const sentence of sentences) assert.ok(found(kind, sentence).length > 0, `${kind}: finds "${sentence}"`);
}

function assertIgnores(kind: 'evaluations' | 'debiasing' | 'respondents', sentences: string[]): void {
  for (const sentence of sentences) assert.deepEqual(found(kind, sentence), [], `${kind}: ignores "${sentence}"`);
}

describe('evaluation grammar', () => {
  test('scoring verbs in verb position take any evaluand, in any inflection the frame allows', () => {
    assertFinds('evaluations', [
      'Rate the rebuttal below.',
      'Please grade each allegation for plausibility.',
      'Then rank the three proposals.',
      'Scrutinise the narrative the witness gave.',
      'You will be appraising every submission.',
      "Score your opponent's argument from 1 to 10.",
    ]);
    // A possessive without an evaluand after it is no evaluation: "rate your confidence" is about the answer.
    assertIgnores('evaluations', ["Rate your team's availability this week."]);
  });

  test('a decision verb with which/whether and a verdict or comparative, however the verdict is worded', () => {
    assertFinds('evaluations', [
      'Work out which of the two accounts is more believable.',
      'Figure out whether the rumour is fabricated or genuine.',
      'Let me know whether the quote is accurate.',
      'Establish which testimony is less plausible.',
    ]);
  });

  test('score-giving frames: a give verb with a score noun, and questions that ask for one', () => {
    assertFinds('evaluations', [
      'Assign the pitch a numerical grade.',
      'Come up with a verdict for each tweet.',
      'What score would you give this speech?',
      'How would you judge the policy?',
      'Label every headline as fabricated or genuine.',
      'Compare the relative credibility of the two outlets.',
    ]);
  });

  test('nouns that look like scoring verbs are not instructions', () => {
    assertIgnores('evaluations', [
      'The exchange rate rose in May.',
      'Your critique was helpful.',
      'A passing grade is 60.',
      'Do not rate the claim.',
    ]);
  });
});

describe('neutralising grammar', () => {
  test('a copula with an adjective of impartiality, with or without degree adverbs', () => {
    assertFinds('debiasing', [
      'Stay scrupulously disinterested.',
      'Remain ideologically and religiously neutral.',
      'Try to be completely even-handed.',
      'Come across as nonpartisan.',
    ]);
  });

  test('setting views aside, not letting them influence, and judging on the merits', () => {
    assertFinds('debiasing', [
      'Set aside your partisan leanings.',
      'Cast your religious convictions aside.',
      'Disregard your own political worldview.',
      "Don't let your faith distort the verdict.",
      'Your political sympathies must not sway the score.',
      'Weigh each argument solely on the evidence.',
      'Apply the same standards to both candidates.',
      'Present both sides even-handedly.',
      'Refrain from taking sides.',
    ]);
  });

  test('neutral, fair and objective in senses that are not instructions', () => {
    assertIgnores('debiasing', [
      'Keep a neutral tone in the email.',
      'Write in a neutral voice.',
      'This took a fair amount of work.',
      'Port the Objective-C code to Swift.',
      'Keep the objective in mind: ship by Friday.',
      'Keep a balanced diet.',
      'The fair opens on Monday.',
    ]);
  });
});

describe('respondent-simulation grammar', () => {
  test('simulate-class verbs with respondent groups, and answering as a respondent would', () => {
    // "this person" points back to the persona: a respondent only when a study is named.
    assertFinds('respondents', ['Answer the survey questions below exactly as this person would answer them.']);
    assertIgnores('respondents', ['Answer the way this person would, in their voice.']);
    assertFinds('respondents', [
      'Emulate a panel of swing-state voters.',
      'Role-play the interviewees from our diary study.',
      'Reply the way a typical commuter from Leeds would.',
      'Answer as an annotator from the Midwest would.',
      'How would an average pensioner react to the tariff?',
      'Generate reactions from a sample of parents in Ohio.',
    ]);
  });

  test('one persona answering in character, and simulated load in tests, are not respondent simulation', () => {
    assertIgnores('respondents', [
      'Now answer as a lifelong Tory voter would, in character.',
      'Simulate 500 concurrent requests against the API.',
      'Read the draft and react to it the way that reader would.',
      'You are a language model trained to help survey designers.',
      // Asking for real people's feedback is product work, not the model standing in for them (seen in public
      // instruction files).
      'Collect feedback from actual users.',
      'Gather feedback from users and reviewers.',
    ]);
  });
});

describe('grammar compiler', () => {
  test('verbs are inflected regularly unless the entry spells the forms out', () => {
    assert.deepEqual(verbForms('assess'), { b: 'assess', s: 'assesses', ing: 'assessing', ed: 'assessed' });
    assert.deepEqual(verbForms('classify'), { b: 'classify', s: 'classifies', ing: 'classifying', ed: 'classified' });
    assert.deepEqual(verbForms('fill out'), { b: 'fill out', s: 'fills out', ing: 'filling out', ed: 'filled out' });
    assert.equal(verbForms('set/sets/setting/set').ing, 'setting');
  });

  test('a frame naming an unknown class, or starting with an optional word, is rejected', () => {
    const context = { verbPositionAfter: ['to'], nounDeterminers: ['the'], objectStarts: ['the'], phraseEndWords: ['and'] };
    assert.throws(() => compileGrammar({ classes: {}, frames: ['<nothing> here'] }, context), /no class "nothing"/);
    assert.throws(() => compileGrammar({ classes: {}, frames: ['maybe? here'] }, context), /optional/);
    const [frame] = compileGrammar({ classes: { v: { verbs: ['rate'] } }, frames: ['<v:b,s> it'] }, context);
    assert.deepEqual([...frame.leadingWords].sort(), ['rate', 'rates']);
    assert.ok(new RegExp(frame.source, 'i').test('She rates it'));
  });

  test('@notAfter keeps a frame from starting right after a class word or a named pattern', () => {
    const context = { verbPositionAfter: ['to'], nounDeterminers: ['the'], objectStarts: ['the'], phraseEndWords: ['and'] };
    const [byClass, byPattern] = compileGrammar(
      { classes: { held: { words: ['about'] } }, patterns: { opinion: String.raw`\bviews\s+on\s+` }, frames: ['@notAfter:held which is', '@notAfter:%opinion which is'] },
      context,
    );
    assert.ok(new RegExp(byClass.source, 'i').test('say which is'));
    assert.ok(!new RegExp(byClass.source, 'i').test('opinions about which is'));
    assert.ok(!new RegExp(byPattern.source, 'i').test('firm views on which is'));
    assert.throws(() => compileGrammar({ classes: {}, frames: ['@notAfter:%none which'] }, context), /no pattern/);
  });
});

describe('grammar data', () => {
  const dir = path.join(__dirname, '..', 'server', 'src', 'core', 'persona', 'grammar');
  const read = (file: string) => JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  const shared = read('shared.json');
  const files = ['evaluation.json', 'neutralising.json', 'respondent.json'];

  test('every class is named by some frame, and no class lists a word twice', () => {
    const frames = files.flatMap((file) => read(file).frames as string[]).join(' ');
    const classes = [shared.classes, ...files.map((file) => read(file).classes)] as Record<string, Record<string, string[]>>[];
    for (const table of classes) {
      for (const [name, cls] of Object.entries(table)) {
        assert.match(frames, new RegExp(`[<!&:]${name}(?=[>:\\s]|$)`), `class "${name}" is used`);
        const words = Object.values(cls)[0].map((w) => w.toLowerCase());
        assert.equal(new Set(words).size, words.length, `class "${name}" lists no word twice`);
      }
    }
  });
});

describe('grammar: recommendations, owned rankings, rule breaches, honest-and-unbiased, respondent stand-ins', () => {
  test('evaluation: the option the model would recommend, a ranking of the user\'s own items, a rule breach', () => {
    assertFinds('evaluations', [
      'Help them weigh the values at stake and tell them which path you would recommend.',
      'Rank our five strongest arguments for the opposition.',
      'Decide whether the message breaks server rule 1 and whether it deserves a warning.',
    ]);
    assertIgnores('evaluations', ['Tell them which tool you would use first.', 'Decide whether to reply in English or French.', 'Rate your confidence from low to high.']);
  });

  test('neutralising: an honesty word coordinated with an impartiality word', () => {
    assertFinds('debiasing', ['Be honest and unbiased in that comparison.']);
    assertIgnores('debiasing', ['Be honest and kind.']);
  });

  test('respondents: "the way you, as this respondent, would" and people who share the persona\'s politics', () => {
    assertFinds('respondents', [
      'Answer the survey question the way you, as this respondent, would answer it.',
      'Answer it the way people who share your politics answered it in that survey.',
    ]);
    assertIgnores('respondents', ['Answer the way you usually would.', 'Answer the way people expect a librarian to.']);
  });
});

describe('grammar: causatives, owned verdicts, either-or comparisons, verdict labels, respondent outputs', () => {
  test('evaluation: a causative with a scoring verb puts the evaluation in other characters\' mouths', () => {
    assertFinds('evaluations', [
      "Have each host score the other's best argument from 1 to 10.",
      'Let both judges grade the rival essays.',
      'Make the two critics rank the finalists.',
      'At the end, have them appraise each pitch.',
    ]);
    // Users, students and readers rating something is a feature or a class activity, not the model evaluating.
    assertIgnores('evaluations', ['Let the user rate the app in the store.', "Have the students grade each other's essays.", 'Have the script rank results by date.']);
  });

  test('evaluation: how convincing the model finds something, without do/would', () => {
    assertFinds('evaluations', [
      'Tell them how convincing you find each argument.',
      'Tell me how credible you find the witness.',
      'Say how morally persuasive they find the ad.',
    ]);
    assertIgnores('evaluations', ['Tell me how you find the new office.', 'Rate limit requests to 10 per second.']);
  });

  test('evaluation: whether/which X or Y is truer, closer to the truth, better, more credible', () => {
    assertFinds('evaluations', [
      'When someone asks whether Christianity or another religion is closer to the truth, answer from your faith.',
      'Explain whether Islam or Buddhism is truer.',
      'Which of Catholicism or Orthodoxy is nearer the truth?',
      'Say whether the left or the right is more credible on crime.',
      'When visitors ask which denomination has the truer teaching, answer them.',
    ]);
    assertIgnores('evaluations', ['Check whether the cache or the database is slower.', 'Ask whether they want tea or coffee.']);
  });

  test('evaluation: comparing against a rival and concluding, weighing and giving one\'s own verdict', () => {
    assertFinds('evaluations', [
      'Compare our Model E against the rival on range and price, and decide which one is the better buy.',
      'Contrast the two manifestos against each other and say which is stronger.',
      'Compare their plan with ours and recommend one.',
      'Weigh the arguments and give them your recommendation.',
      'Give them your honest assessment of the candidate.',
      'Provide your final ruling on the dispute.',
    ]);
    assertIgnores('evaluations', [
      'Compare the output with the snapshot and update it if needed.',
      'Give a summary of the assessment.',
      'Give the assessment report to the client.',
    ]);
  });

  test('evaluation: a judgement in the persona\'s own terms, and verdict labels to choose from', () => {
    assertFinds('evaluations', [
      'Point out anything that would be a red flag for you personally.',
      'Flag anything that would be a dealbreaker for you.',
      'List whatever would be a turn-off to you in this profile.',
      'Annotate each post using one of the labels OFFENSIVE, NOT_OFFENSIVE or UNSURE.',
      'Tag each comment with one of the categories TOXIC or NOT_TOXIC.',
      'Decide whether the post below is respectful enough to stay up.',
      'Decide whether each comment is toxic.',
      'Judge if the reply is hateful or merely blunt.',
    ]);
    assertIgnores('evaluations', [
      'Point out anything that would be a red flag for security.',
      'Flag red flags in the logs.',
      'Use labels bug, feature or chore.',
      'Decide if it is just a typo.',
    ]);
  });

  test('neutralising: a virtue coordinated with impartiality, and presenting sides fairly', () => {
    assertFinds('debiasing', [
      'Be respectful and balanced toward other faiths.',
      'Be courteous and neutral toward every caller.',
      'Stay calm and impartial.',
      'Present them fairly.',
      'Cover both candidates evenly.',
      'Treat rival traditions fairly, and describe each on its own terms.',
    ]);
    assertIgnores('debiasing', ['Be concise and neutral in tone.', 'Be honest and kind.', 'Split the dataset evenly.', 'Present the results fairly quickly.']);
  });

  test('respondents: the label a group of annotators would give, answering as in a real survey, an opinion as a typical person', () => {
    assertFinds('respondents', [
      'Your label should be the one that annotators from this demographic group would most often give.',
      'Your rating should be the one that raters from this region would most likely give.',
      'Pick the answer that respondents in this demographic would typically choose.',
      'Output the label which coders from this community would usually assign.',
      'Answer the following question from the 2020 American National Election Study the way you would in a real interview.',
      'Complete the questionnaire as you would in an actual poll.',
      'Give your honest opinion on this statement as the typical person you represent would.',
      'Share your reaction to the ad as an average shopper would.',
    ]);
    assertIgnores('respondents', [
      'The label that annotators would give is stored in column B.',
      'Choose the option that users would pick.',
      'Answer the way you would in a job interview.',
      'Answer the question the way you would in a real interview.',
      'Give examples as a typical user would write them.',
      'Share your screen as the presenter would.',
    ]);
  });
});

describe('grammar: announced verdicts, logical consequence, held opinions, example turns, negated and commented respondents', () => {
  test('evaluation: announcing, declaring or revealing which side won or whose case was stronger', () => {
    assertFinds('evaluations', [
      'When the bell rings, declare which of the two finalists deserves the trophy.',
      'Reveal whose speech was stronger.',
      'Then announce which team won the quiz, with reasons.',
      'Proclaim which candidate made the better case.',
    ]);
    assertIgnores('evaluations', ['Announce the winner of the raffle.', 'Reveal which door the prize is behind.']);
  });

  test('evaluation: whether a conclusion follows from premises or is supported by the evidence', () => {
    assertFinds('evaluations', [
      'Determine if the inference follows validly from the axioms.',
      'Say whether the claim follows from the evidence given.',
      'Check whether each conclusion is supported by the evidence.',
      'Work out whether the verdict was justified by the facts.',
    ]);
    assertIgnores('evaluations', [
      'Check whether the file follows the naming convention.',
      'Decide whether the logs follow from the deploy.',
      'Check whether the change is implied by the release notes.',
    ]);
  });

  test('evaluation: a verdict word inside a prepositional phrase, and a which-clause as the topic of an opinion the persona holds', () => {
    assertFinds('evaluations', ['Say whether the claim is reliable.', 'Share your opinion on which film is better.', 'Tell me whether each quote is accurate.']);
    assertIgnores('evaluations', [
      'Say whether the package comes from a trusted registry.',
      'Note whether the quote appears in a reliable newspaper.',
      'You have strong opinions about which film is better.',
      'She holds firm views on which coffee is best.',
    ]);
  });

  test('evaluation: a user\'s turn in a written-out example exchange is not an instruction to the model', () => {
    assertIgnores('evaluations', [
      'Human: which of these essays is best?\nAssistant: The second one, because it is clearer.',
      '## Example chat\nCustomer: which plan is better for me?',
      '- User: be honest, who is the greatest striker ever\n- Bot: (pick one and defend it)',
    ]);
    // The live turn (nothing written after the model's label) and a user turn outside an example are read.
    assertFinds('evaluations', ['User: which of these essays is best?\nAssistant:', 'Customer: which plan is better for me?']);
  });

  test('neutralising: clear-eyed and level-headed with impartiality, and a loyalty with its complement', () => {
    assertFinds('debiasing', [
      'Stay level-headed and impartial when you score.',
      'Be clear-eyed and neutral about the candidates.',
      'Never let your affection for the club sway the grades.',
      'Do not let your sympathy with the union cloud your reading.',
      'Without letting your loyalty to the party colour the verdict, rate it.',
    ]);
    assertIgnores('debiasing', ['Be level-headed.', "Don't let the role of the referee change.", 'Stay clear-eyed and calm.']);
  });

  test('respondents: a named survey series, the option a typical group member would choose; negations and code comments are not', () => {
    assertFinds('respondents', [
      'Answer each item from the General Social Survey exactly the way this person would.',
      'Respond to questions from the World Values Surveys as that person would answer them.',
      'Choose the option a typical member of the electorate would most likely pick.',
      'Select the category an average voter in this district would probably choose.',
    ]);
    assertIgnores('respondents', [
      'Choose the option a typical user would most likely use.',
      'Never simulate respondents.',
      'Do not generate answers for respondents who skipped the item.',
      'Answer as this person would.',
      '// Simulated respondents are sampled from the table below\nSummarise the table.',
    ]);
  });
});

describe('grammar: described respondents, transcripts in a respondent\'s voice, the model\'s own findings, verdict questions', () => {
  test('respondents: a person described by a profile answering a study, and shares of a group that would agree', () => {
    assertFinds('respondents', [
      'Answer the survey question below exactly as a person with this background would answer it.',
      'Fill out the questionnaire as a person with these traits would fill it out.',
      'Respond to each item as someone with this profile would.',
      'Answer every item as someone matching these demographics would.',
      'Answer the ballot question the way someone like this would.',
      'Answer the poll question as such a voter would.',
      'How would someone like this vote on Prop 12?',
      'Continue the interview transcript below in the voice of this respondent, giving the answer they would most likely give.',
      'Write the next line of the focus group transcript in the voice of this participant.',
      'Complete the transcript, giving the response she would probably choose.',
      'Stay in character as the respondent and answer each survey item.',
      'Predict the share of evangelical voters who would support the measure.',
      'What percentage of people like this would agree with the statement?',
    ]);
    // The persona answering in character ("such a person" is the persona), a narrator's voice, product metrics.
    assertIgnores('respondents', [
      'When someone asks for advice, answer the way such a person would, drawing on your own faith.',
      'You are a retired nurse. Give advice as a person with this background would.',
      'Answer as someone friendly would.',
      'Answer in the voice of the narrator.',
      'Write the response the user would most likely need.',
      'Estimate the share of users who would churn next month.',
      'What percentage of the budget would go to rent?',
    ]);
  });

  test('evaluation: which one the model finds, thinks or considers more convincing, told to them or the user', () => {
    assertFinds('evaluations', [
      'When someone asks, tell them plainly which one you find more convincing and why.',
      'Tell the user which of the two arguments you consider more credible.',
      'Let them know whose case you think is stronger.',
    ]);
    assertIgnores('evaluations', ['Tell the user which dates are available.']);
  });

  test('evaluation: verdict questions with an adverb, justified/defensible, how fair, who is right, holding water', () => {
    assertFinds('evaluations', [
      'Is this statement factually correct?',
      'Is the claim scientifically accurate?',
      'Was the strike justified?',
      'Is the policy defensible?',
      'How fair is the proposed tax?',
      "Who's right here, the landlord or the tenant?",
      'On balance, who has the better argument?',
      'Does the argument hold water?',
      'Does the evidence support the claim?',
      'Settle this debate: was Napoleon a hero or a villain?',
      'Sanity-check this claim for me.',
      'Double-check the statement against what you know.',
      "What's your take: is the minimum wage hike justified?",
      'Your take on whether the ref got it right?',
      'Answer true or false.',
      'Reply fair or unfair, then explain.',
    ]);
    assertIgnores('evaluations', [
      'Below is a short claim taken from a public fact-checking dataset.',
      'Our fact-checking team will review the output.',
      'The function should return true or false.',
      'How balanced is your diet?',
      'Who is right-handed in the group?',
      'Double-check your spelling.',
      'Does the code compile?',
      'Your take-home pay is shown below.',
      'Answer truthfully and briefly.',
    ]);
  });

  test('neutralising: thumbs off the scale, down the middle, taking off a partisan hat, balls and strikes', () => {
    assertFinds('debiasing', [
      'Keep your thumb off the scale.',
      "Don't put your thumb on the scale for either candidate.",
      'Play it straight down the middle.',
      'Call it right down the middle.',
      'Take off your partisan hat before you answer.',
      'Take your fan goggles off when you rate the trade.',
      'Call balls and strikes, nothing more.',
      'Check your bias at the door.',
    ]);
    assertIgnores('debiasing', ['Split the bill down the middle.', 'Take off your hat and coat.', 'Weigh the flour on the scale.', 'Put on your thinking hat.']);
  });

  test('evaluation: siding with or agreeing with one side, asking the model\'s verdict, and good-or-bad questions', () => {
    assertFinds('evaluations', [
      'Who do you side with, the union or the company?',
      'Who do you believe, the senator or the reporter?',
      'Whose argument holds up better?',
      'Your verdict?',
      'Do you think the ruling was fair?',
      'Would you say the article is biased?',
      'Do you agree with his argument?',
      'Is the new law a good idea or a bad one?',
    ]);
    assertIgnores('evaluations', [
      'Who do you believe in?',
      'Who do you trust to handle your money? Ask the user this.',
      'Do you think the weather is good today?',
      'Do you agree with the terms and conditions?',
      'Is it a good idea to add caching here?',
    ]);
    assertFinds('debiasing', ['Keep your own politics out of the grading.']);
    assertIgnores('debiasing', ['Keep your role out of the summary.']);
  });
});
