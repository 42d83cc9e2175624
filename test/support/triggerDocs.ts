// Documents built from the vocabulary the engine reacts to (persona triggers, identity words, evaluative and
// debiasing instructions, template variables, list markers, attribute lines, labels), in every prompt format,
// repeated to any size: the inputs on which a super-linear step of the linter would show.
import fc from 'fast-check';

/** Pieces of prompt text; `#` is replaced by a running number so personas and sentences differ. */
export const VOCABULARY = [
  'You are a Republican number #. ', 'You are a lifelong Democrat', 'Act as a {{persona}}. ', 'You are ${input:role}. ',
  'Pretend you are a devout Catholic # ', 'As a proud Tory, you ', 'Your name is Ana #. ', 'The assistant is a Muslim # ',
  'You grew up in a Sikh family. ', 'You speak for Novatrix #. ', 'Panellist B: You are a feminist. ', 'You are a teacher number #. ',
  'you are a Yankees fan and ', 'You are {role}. ', 'From now on, you are a Green voter. ', 'You are participant # in a focus group. ',
  'Rate it. ', 'Rate the credibility of each claim from 1 to 10. ', 'Judge which argument is stronger', 'Fact-check the claim below',
  'Score it out of 10, and keep the score fair. ', 'Remain neutral. ', 'Be unbiased and objective', 'Set your views aside. ',
  'Religion: Catholic #\n', 'Nationality: French\n', '- ', '1. ', '* ', '> ', '# Heading #\n', '\n', '\n\n', ' ', '   ', '\t',
  ', ', '; ', '. ', 'and ', '"You are a Republican" ', '`code` ', '**bold** ', '```\nYou are a Democrat\n```\n',
  '<!-- evenhand-disable-next-line EH001 -->\n', ' '.repeat(200), 'word '.repeat(40), 'é', '🙂', '“quoted”',
];

/** The formats a document can be written in, each with how it starts and how it wraps a run of text. */
export const FORMATS = ['p.prompt.md', 'p.prompty', 'p.prompt', 'p.prompt.yml', 'p.txt'] as const;

/** A recipe: a format and a sequence of pieces that is repeated to make a document of any size. */
export interface Recipe {
  file: (typeof FORMATS)[number];
  pieces: string[];
}

export const recipe: fc.Arbitrary<Recipe> = fc.record({
  file: fc.constantFrom(...FORMATS),
  pieces: fc.array(fc.constantFrom(...VOCABULARY), { minLength: 4, maxLength: 40 }),
});

/** The recipe's document, about `size` UTF-16 units long. */
export function documentOf({ file, pieces }: Recipe, size: number): string {
  const parts: string[] = [];
  let length = 0;
  const add = (s: string) => {
    parts.push(s);
    length += s.length;
  };
  let n = 0;
  const unit = () => pieces.map((p) => p.replace('#', String(n++))).join('');
  if (file === 'p.prompt.yml') {
    add('messages:\n');
    // Each repetition is one message whose content is a block scalar.
    while (length < size) add(`  - role: ${n % 2 ? 'user' : 'system'}\n    content: |\n${unit().split('\n').map((l) => `      ${l}`).join('\n')}\n`);
    return parts.join('');
  }
  if (file === 'p.prompty') add('---\nname: x\nmodel:\n  api: chat\n---\n');
  if (file === 'p.prompt') add('---\nmodel: m\n---\n');
  for (let k = 0; length < size; k++) {
    if (file === 'p.prompty' && k % 3 === 0) add(k % 2 ? '\nuser:\n' : '\nsystem:\n');
    if (file === 'p.prompt' && k % 3 === 0) add(`\n{{role "${k % 2 ? 'user' : 'system'}"}}\n`);
    add(unit());
  }
  return parts.join('');
}
