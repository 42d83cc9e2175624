import type { ResolvedConfig } from '../config.js';
import type { PromptDocument } from '../formats/types.js';
import type { PersonaAssignment } from '../persona/types.js';
import { INTENSIFIERS } from '../persona/words.js';
import { lexiconFor, normalizeToken } from '../persona/lexicon.js';
import type { RuleEdit } from './types.js';

/** Whether the kept words still name a role: a task word of the lexicon (with configured task roles) in them. */
function hasTaskWord(words: string, taskWords: (word: string) => boolean): boolean {
  return (words.match(/[\p{L}][\p{L}'’-]*/gu) ?? []).some((w) => taskWords(normalizeToken(w)));
}

const NEUTRAL_ROLE = 'an analyst';
const STRUCTURAL_INSTRUCTION =
  'Before reaching a conclusion state the strongest case for each side separately and check each against the same evidence.';
const STRUCTURAL_CLAUSE = 'state the strongest case for each side separately before reaching a conclusion';

const DANGLING = /(?:\s+(?:a|an|the|of|for|from|in|at|with|and|or|to|by|on))+\s*$/i;

/**
 * "Rewrite as a task role": the persona's words without their identity attributes (a conservative columnist ->
 * a columnist), or a neutral functional role where nothing of a role is left.
 */
export function rewriteAsTaskRole(doc: PromptDocument, persona: PersonaAssignment, config?: ResolvedConfig): RuleEdit[] {
  let edits = rewrites.get(persona);
  if (!edits) {
    edits = computeRewrite(doc, persona, config);
    rewrites.set(persona, edits);
  }
  return edits;
}

// One rewrite per persona per lint, however many findings offer it.
const rewrites = new WeakMap<PersonaAssignment, RuleEdit[]>();

function computeRewrite(doc: PromptDocument, persona: PersonaAssignment, config?: ResolvedConfig): RuleEdit[] {
  const lexicon = lexiconFor(config);
  const taskWords = (word: string) => lexicon.byFirstToken.get(word)?.some((e) => e.use === 'task') ?? false;
  const source = doc.source;
  if (persona.form === 'lens') {
    // "Answer from a Muslim perspective": the perspective phrase goes, the task stays.
    let start = persona.phraseSpan.start;
    while (start > persona.sentence.start && (source[start - 1] === ' ' || source[start - 1] === '\t')) start--;
    return [{ span: { start, end: persona.phraseSpan.end }, newText: '' }];
  }
  if (persona.form === 'bio' || persona.form === 'frame') {
    // A biography or worldview sentence ("You grew up in a devout Catholic family.", "You hold deeply Catholic
    // values.") has no task to keep: drop it.
    let end = persona.sentence.end;
    while (end < source.length && (source[end] === ' ' || source[end] === '\t')) end++;
    return [{ span: { start: persona.sentence.start, end }, newText: '' }];
  }
  // "- Nationality: Armenian" lines after the persona: the whole line goes.
  const listed = persona.identityAttributes.filter((a) => a.span.start >= persona.sentence.end);
  const lineEdits = listed.map((a) => {
    const lineStart = source.lastIndexOf('\n', a.span.start - 1) + 1;
    const next = source.indexOf('\n', a.span.end);
    return { span: { start: lineStart, end: next < 0 ? source.length : next + 1 }, newText: '' };
  });
  const inSentence = { ...persona, identityAttributes: persona.identityAttributes.filter((a) => !listed.includes(a)) };
  if (inSentence.identityAttributes.length === 0 && lineEdits.length > 0) return lineEdits;
  return [...rewriteInSentence(source, inSentence, taskWords), ...lineEdits];
}

function rewriteInSentence(source: string, persona: PersonaAssignment, taskWords: (word: string) => boolean): RuleEdit[] {
  const start = persona.phraseSpan.start;
  const attributesEnd = Math.max(...persona.identityAttributes.map((a) => a.span.end), persona.phraseSpan.end);
  if (attributesEnd > persona.phraseSpan.end) {
    // The identity is stated in a clause after the role ("a voter who votes Republican"): replace up to the clause end.
    let end = persona.sentence.end;
    while (end > attributesEnd && /[.!?;"'”’)\s]/.test(source[end - 1])) end--;
    return [{ span: { start, end }, newText: NEUTRAL_ROLE }];
  }
  if (persona.kind === 'stance') return [{ span: persona.phraseSpan, newText: NEUTRAL_ROLE }];
  // Remove each attribute and the intensifiers right before it, keep the rest of the phrase.
  const attributes = [...persona.identityAttributes].sort((a, b) => a.span.start - b.span.start);
  let text = '';
  let cursor = start;
  for (const a of attributes) {
    let cut = a.span.start;
    for (;;) {
      const m = /([\p{L},'-]+)\s*$/u.exec(source.slice(cursor, cut));
      if (!m || !(INTENSIFIERS.has(normalizeToken(m[1])) || /^(?:and|or|,)$/.test(m[1]))) break;
      cut = cursor + m.index;
    }
    text += source.slice(cursor, cut);
    cursor = a.span.end;
  }
  text += source.slice(cursor, persona.phraseSpan.end);
  let kept = text.replace(/\s+/g, ' ').replace(DANGLING, '').trim();
  if (!hasTaskWord(kept, taskWords)) return [{ span: persona.phraseSpan, newText: NEUTRAL_ROLE }];
  kept = kept.replace(/^(a|an)\s+(\S)/i, (_m, _article: string, letter: string) => `${/[aeiou]/i.test(letter) ? 'an' : 'a'} ${letter}`);
  return [{ span: persona.phraseSpan, newText: kept }];
}

/** "Replace with a structural instruction": ask for each side's strongest case, checked alike, instead of "be fair". */
export function structuralInstruction(
  doc: PromptDocument,
  instruction: { span: { start: number; end: number }; sentence: { start: number; end: number } },
): RuleEdit[] {
  const sentenceLength = instruction.sentence.end - instruction.sentence.start;
  const wordsLength = instruction.span.end - instruction.span.start;
  if (wordsLength >= sentenceLength * 0.6) {
    return [{ span: instruction.sentence, newText: STRUCTURAL_INSTRUCTION }];
  }
  const atStart = instruction.span.start === instruction.sentence.start;
  const clause = atStart ? STRUCTURAL_CLAUSE[0].toUpperCase() + STRUCTURAL_CLAUSE.slice(1) : STRUCTURAL_CLAUSE;
  return [{ span: instruction.span, newText: clause }];
}
