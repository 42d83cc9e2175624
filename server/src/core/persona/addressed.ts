// Identity personas found without a trigger phrase: a sentence addressed to the model (you, a clause-initial
// imperative, a cast line "Name, 24, a ...", the assistant or the model as subject) that makes it a person with an
// identity ("You have always been a registered Republican", "Simulate a 45-year-old Republican voter"), or gives it
// an identity through a frame rather than a noun ("You hold deeply Catholic values", "Answer from a Muslim
// perspective"). Prepositional objects, negated clauses and clauses whose subject is someone else do not count.
import { derivedEntry, findAttributes } from './attributes.js';
import { nounPhraseEnd } from './classify.js';
import cues from './lexicon/cues.json';
import frames from './lexicon/frames.json';
import type { Lexicon } from './lexicon.js';
import { isPersonNoun } from './personNouns.js';
import { sentenceBounds, type Prose } from './prose.js';
import { attribute, tokenize, type Token } from './tokens.js';
import type { IdentityAttribute } from './types.js';
import { variableCategory } from './variableNames.js';
import type { TemplateVariable } from '../formats/types.js';
import { ARTICLES, INTENSIFIERS, PREPOSITIONS, STOP_WORDS, wordAlternation } from './words.js';

/** A persona the trigger-free pass found, in text coordinates. */
export interface AddressedPersona {
  /** `addressed` (a person noun phrase), `frame` (a worldview or values sentence), `lens` (from a ... perspective). */
  form: 'addressed' | 'frame' | 'lens';
  /** Where the words that assign the persona start (the subject or the verb). */
  start: number;
  phrase: { start: number; end: number };
  attributes: IdentityAttribute[];
  /** The template variable the persona is filled in from ("you consider yourself a {party}"). */
  variable?: string;
  /** A cast member's name ("Derek" in "- **Derek**, 41, a libertarian ..."): each member is its own persona. */
  label?: string;
}

/** How much of a sentence is read: a persona sentence is short, and a huge one-line "sentence" must stay linear. */
const MAX_SENTENCE_CHARS = 1000;

const set = (words: readonly string[]) => new Set(words);
const MODEL_SUBJECTS = set(frames.modelSubjects);
const SUBJECT_OPENERS = set(frames.subjectOpeners);
const WANT_VERBS = set(frames.wantVerbs);
const AUXILIARIES = set(frames.auxiliaries);
const COPULAS = set(frames.copulas);
const ADVERBS = set(frames.adverbs);
const ROLE_VERBS = set(frames.roleVerbs);
const LABELLING_VERBS = set(frames.labellingVerbs);
const NOT_IMPERATIVE = set(frames.notImperative);
const FRAME_NOUNS = set(frames.frameNouns);
const FRAME_VERBS = set(frames.frameVerbs);
const LENS_PREPOSITIONS = set(frames.lensPrepositions);
const COMPARISONS = set(frames.comparisons);
const NEUTRAL_LEANINGS = set(frames.neutralLeanings);
const NEGATIONS = set([...cues.negationsBefore, ...cues.negationsAfter].filter((w) => !w.includes(' ')));
const CAST_HEADINGS = set(cues.castHeadings.map((h) => h.toLowerCase()));
const CLAUSE_PUNCT = set([';', ':', '—', '–', ',']);
const CAST_TAILS = set(['who', 'with', 'whose', 'from', 'in', 'at', 'of', 'on', 'near', 'based', 'born', 'raised']);

/**
 * Identity personas of the sentences of a message's prose that no trigger reached (`triggered` holds the starts of
 * those that one did). Only sentences holding an identity word are read: one scan of the text finds them.
 */
export function findAddressedPersonas(
  prose: Prose,
  lexicon: Lexicon,
  triggered: ReadonlySet<number>,
  variables: readonly TemplateVariable[] = [],
  firstPerson = false,
): AddressedPersona[] {
  firstPersonAdopted = firstPerson;
  try {
    return readAddressed(prose, lexicon, triggered, variables);
  } finally {
    firstPersonAdopted = false;
  }
}

const ADOPTION_CUE = new RegExp(String.raw`\b(?:${wordAlternation(frames.adoptionCues)})\b`, 'i');
// Words one of which every cue holds: the cue pattern is only tried around them.
const ADOPTION_HINT = /your (?:own|life)|this person|first person|voice of|interview|transcript|bio|backstory|person described/gi;

// A completion prompt that ends in an answer slot after a question ("Question: ... \nAnswer:", "Q: ...\nA:"): the
// model writes the answer in the voice of whoever the text before it is (silicon-sampling backstories).
const ANSWER_SLOT = /(?:^|\n)[ \t]*(?:Q|Question|Interviewer)[ \t]*:[^\n]*\S[^\n]*\n(?:[ \t]*[^\n]*\n){0,6}?[ \t]*(?:A|Answer|Response|Respondent|Me|My answer)[ \t]*:[ \t]*$/i;

/**
 * Whether a text tells the model to take on a first-person text as its own: an adoption cue near a bio, or a
 * first-person text that ends in an answer slot the model is to fill (a survey respondent's backstory).
 */
/** Where the question before a first-person text's answer slot is (text coordinates), when the text ends in one. */
export function answerSlotQuestion(text: string): { start: number; end: number } | undefined {
  const trimmed = text.trimEnd();
  const slot = ANSWER_SLOT.exec(trimmed);
  if (!slot || !/\bI(?:\s+am|['’]m)\b/.test(text.slice(0, slot.index))) return undefined;
  const start = slot.index + (slot[0].startsWith('\n') ? 1 : 0) + (/^\n?[ \t]*/.exec(slot[0])?.[0].replace('\n', '').length ?? 0);
  return { start, end: text.indexOf('\n', start) < 0 ? trimmed.length : text.indexOf('\n', start) };
}

export function adoptsFirstPerson(text: string): boolean {
  if (ANSWER_SLOT.test(text.trimEnd()) && /\bI(?:\s+am|['’]m)\b/.test(text)) return true;
  ADOPTION_HINT.lastIndex = 0;
  for (let m = ADOPTION_HINT.exec(text); m; m = ADOPTION_HINT.exec(text)) {
    if (ADOPTION_CUE.test(text.slice(Math.max(0, m.index - 40), m.index + m[0].length + 40))) return true;
  }
  return false;
}

function readAddressed(prose: Prose, lexicon: Lexicon, triggered: ReadonlySet<number>, variables: readonly TemplateVariable[]): AddressedPersona[] {
  const out: AddressedPersona[] = [];
  const text = prose.text;
  const scan = identityScan(lexicon);
  scan.lastIndex = 0;
  const read = new Set<number>();
  const readAt = (index: number): number => {
    const sentence = sentenceBounds(prose, index);
    if (read.has(sentence.start)) return sentence.end;
    read.add(sentence.start);
    if (triggered.has(sentence.start) || sentence.end <= sentence.start) return sentence.end;
    const tokens = tokenize(text, sentence.start, Math.min(sentence.end, sentence.start + MAX_SENTENCE_CHARS), variables);
    markVariables(tokens);
    const found = tokens.some((t) => (t.type === 'word' && isIdentityToken(t, lexicon)) || t.category !== undefined) ? readSentence(text, sentence.start, tokens, lexicon) : undefined;
    if (found) out.push(found);
    return sentence.end;
  };
  for (let m = scan.exec(text); m; m = scan.exec(text)) {
    // Go on after this sentence: its other identity words have been read.
    scan.lastIndex = Math.max(scan.lastIndex, readAt(m.index));
  }
  // Sentences whose only identity is a template variable naming a category ("you describe yourself as {ideology}").
  let readUntil = 0;
  for (const v of variables) {
    if (v.start < readUntil || v.start >= text.length) continue;
    if (variableCategory(v.name) || DOMAIN_HINT.test(text.slice(Math.max(0, v.start - 120), v.start))) readUntil = readAt(v.start);
  }
  return out.sort((a, b) => a.start - b.start);
}

/** A word naming an identity domain before a variable: "In politics today, you consider yourself a {group}". */
const DOMAIN_HINT = /\b(?:politic(?:s|al|ally)|ideolog(?:y|ical|ically)|religio(?:n|us|usly)|faith|partisan(?:ship)?)\b/i;

/**
 * Gives each template variable token the identity category its name names or, failing that, the one a domain word
 * earlier in its sentence names ("Ideologically, you are {x}", "In politics, you consider yourself a {group}").
 */
function markVariables(tokens: Token[]): void {
  if (!tokens.some((t) => t.type === 'var')) return;
  let domain: IdentityAttribute['category'] | undefined;
  for (const t of tokens) {
    if (t.type === 'word') {
      if (!DOMAIN_HINT.test(t.norm)) continue;
      for (const form of [t.norm, t.norm.replace(/ally$/, 'al'), t.norm.replace(/ly$/, '')]) {
        const category = variableCategory(form);
        if (category) {
          domain = category;
          break;
        }
      }
    } else if (t.type === 'var' && t.variable !== undefined) {
      t.category = variableCategory(t.variable) ?? domain;
    }
  }
}

const scans = new WeakMap<Lexicon, RegExp>();

/** A scan for the first words of the lexicon's identity entries and for derived identity words ("Labour-leaning"). */
function identityScan(lexicon: Lexicon): RegExp {
  let scan = scans.get(lexicon);
  if (!scan) {
    const words = [...lexicon.byFirstToken].filter(([, entries]) => entries.some((e) => e.use === 'term' || e.use === 'ambiguous' || e.use === 'modifier')).map(([word]) => word);
    // ASCII word boundaries, as the trigger scan uses: a Unicode-aware scan costs several times more on long prompts.
    const derived = String.raw`-(?:${wordAlternation(frames.derivationSuffixes)})\b`;
    scan = new RegExp(String.raw`\b(?:${wordAlternation(words.sort((a, b) => b.length - a.length))})(?![A-Za-z0-9])|${derived}`, 'gi');
    scans.set(lexicon, scan);
  }
  return scan;
}

function isIdentityToken(t: Token, lexicon: Lexicon): boolean {
  return !!lexicon.byFirstToken.get(t.norm)?.some((e) => e.use === 'term' || e.use === 'ambiguous' || e.use === 'modifier') || !!derivedEntry(t.norm, lexicon);
}

/** The first persona a sentence assigns, read anchor by anchor in order. */
function readSentence(text: string, sentenceStart: number, tokens: Token[], lexicon: Lexicon): AddressedPersona | undefined {
  const cast = castLine(text, sentenceStart, tokens, lexicon);
  if (cast) return cast;
  let clauseStart = 0;
  let negated = false;
  let addressed = false;
  let comparing = false;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.type === 'punct' && CLAUSE_PUNCT.has(t.text)) {
      // "Contestant one, whom you voice: Gary, a Baby Boomer ...", "Contestant two, also voiced by you: Jayden, ...":
      // what comes before the colon says the model plays the character after it.
      if (t.text === ':' && !negated && voicedBefore(tokens, k)) {
        const found = namedCharacter(tokens, k + 1, lexicon) ?? personNounPhrase(tokens, k + 1, lexicon);
        if (found) return { ...found, start: tokens[0].start };
      }
      clauseStart = k + 1;
      negated = false;
      continue;
    }
    if (t.type !== 'word') continue;
    if (NEGATIONS.has(t.norm) || t.norm.endsWith("n't")) negated = true;
    if (COMPARISONS.has(t.norm)) comparing = true;
    if (negated) continue;
    const imperative = k === clauseStart && isImperative(t);
    if (isYou(t) || (imperative && !NOT_IMPERATIVE.has(t.norm)) || (t.norm === 'your' && !ownedBySomeoneElse(tokens, k, lexicon))) addressed = true;

    if (isYou(t) && k > clauseStart && COPULAS.has(tokens[k - 1].norm) && /^(?:as|playing|voicing|portraying)$/.test(tokens[k + 1]?.norm ?? '')) {
      // "Panelist one is you as Gary, a baby boomer ...", "Speaker 2 is you playing Dale, a libertarian": a role the
      // model fills, then the character.
      const found = namedCharacter(tokens, k + 2, lexicon) ?? personNounPhrase(tokens, k + 2, lexicon);
      if (found) return { ...found, start: tokens[clauseStart].start };
    }
    const subject = subjectAt(tokens, k, clauseStart);
    if (subject !== undefined) {
      const found = afterSubject(tokens, subject, lexicon);
      if (found) return { ...found, start: tokens[k > 0 && tokens[k - 1].norm === 'the' ? k - 1 : k].start };
    }
    if (imperative) {
      const found = afterImperative(tokens, k, lexicon);
      if (found) return { ...found, start: t.start };
    }
    if (t.norm === 'your' && k === clauseStart) {
      const found = afterYourFrame(tokens, k, lexicon);
      if (found) return { ...found, start: t.start };
    }
    if (t.norm === 'your') {
      // "Draw on your Catholic faith": an identity on the model's own frame noun.
      const found = identityFrameNoun(tokens, k + 1, lexicon);
      if (found) return { form: 'frame', start: t.start, ...found };
    }
    if (addressed && !comparing && (t.norm === 'like' || t.norm === 'as' || (t.norm === 'way' && tokens[k - 1]?.norm === 'the'))) {
      // "Write each answer the way a Texas Republican would": a person the model answers like.
      const found = personNounPhrase(tokens, k + 1, lexicon);
      const after = found && tokens.find((x) => x.start >= found.phrase.end);
      if (found && after && /^(?:would|might|does|do|did)$/.test(after.norm)) return { ...found, start: t.start };
    }
    if (addressed && !comparing && LENS_PREPOSITIONS.has(t.norm)) {
      const found = identityFrameNoun(tokens, k + 1, lexicon) ?? frameOfPerson(tokens, k + 1, lexicon);
      if (found) return { form: 'lens', start: t.start, phrase: { start: t.start, end: found.phrase.end }, attributes: found.attributes };
    }
  }
  return undefined;
}

/** Whether the words before the colon at `colon` say the model plays someone: "whom you voice", "voiced by you". */
function voicedBefore(tokens: Token[], colon: number): boolean {
  for (let k = Math.max(0, colon - 8); k < colon; k++) {
    const t = tokens[k];
    if (isYou(t) && ROLE_VERBS.has(tokens[k + 1]?.norm ?? '') && tokens[k + 1].norm !== 'be') return true;
    if (/^(?:voiced|played|portrayed|embodied)$/.test(t.norm) && tokens[k + 1]?.norm === 'by' && isYou(tokens[k + 2] ?? t)) return true;
  }
  return false;
}

// Whether the message being read tells the model to take on a first-person text as its own ("Read the bio below and
// take it on as your own"): then "I am a British Sikh" speaks for the model. Set for the duration of one
// findAddressedPersonas call (the pass is synchronous).
let firstPersonAdopted = false;

function isYou(t: Token): boolean {
  const norm = t.norm.replace(/’/g, "'");
  return /^(?:you|you're|you've|you'll|you'd|youre)$/.test(norm) || (firstPersonAdopted && /^(?:i|i'm|im|i've|i'd)$/.test(norm));
}

/** A clause-initial word that may be an imperative verb: lower-case in its rest, not a plural or a participle. */
function isImperative(t: Token): boolean {
  return /^\p{L}[\p{Ll}-]*$/u.test(t.text) && !/(?:[^s]s|ing|ed)$/.test(t.norm);
}

/** "your users", "your audience": a "your" phrase naming someone else, which is not the model. */
function ownedBySomeoneElse(tokens: Token[], k: number, lexicon: Lexicon): boolean {
  const next = tokens[k + 1];
  return !!next && next.type === 'word' && isPersonNoun(next.norm, lexicon);
}

/**
 * Where the verb after a subject naming the model starts: "you", "the assistant", "I want you to", never "you" as an
 * object ("they see you as") or in a condition ("if you are unsure").
 */
function subjectAt(tokens: Token[], k: number, clauseStart: number): number | undefined {
  const t = tokens[k];
  const prev = k > clauseStart ? tokens[k - 1] : undefined;
  const opener = !prev || SUBJECT_OPENERS.has(prev.norm) || (k - 1 === clauseStart && prev.norm === 'the');
  if (isYou(t)) {
    if (opener) return k + 1;
    // "Answer as though you were a ...": a hypothetical self, not a condition.
    if (prev && (prev.norm === 'though' || prev.norm === 'if') && tokens[k - 2]?.norm === 'as') return k + 1;
    // "I want you to be ...": the prompt's author asks; "if a user asks you to ..." reports someone else's request.
    const asker = tokens[k - 2]?.norm;
    if (prev && WANT_VERBS.has(prev.norm) && tokens[k + 1]?.norm === 'to' && (asker === 'i' || asker === 'we')) return k + 1;
    if (tokens[k + 1]?.text === ',' && ARTICLES.has(tokens[k + 2]?.norm ?? '')) return k + 1;
    return undefined;
  }
  if (MODEL_SUBJECTS.has(t.norm) && prev && ['the', 'this', 'our', 'your'].includes(prev.norm) && !/'s$|’s$/.test(t.text)) {
    const before = k - 1 > clauseStart ? tokens[k - 2] : undefined;
    return !before || SUBJECT_OPENERS.has(before.norm) ? k + 1 : undefined;
  }
  return undefined;
}

type Found = Omit<AddressedPersona, 'start'>;

/** The persona after a subject naming the model: a copula, "as", "yourself", a frame verb or an appositive. */
function afterSubject(tokens: Token[], from: number, lexicon: Lexicon): Found | undefined {
  // "You, a lifelong Democrat, will ...".
  if (tokens[from]?.text === ',') return personNounPhrase(tokens, from + 1, lexicon);
  const contracted = tokens[from - 1]?.norm;
  let copula = /'re$|’re$|^youre$|^i'm$|^i’m$|^im$/.test(contracted ?? '');
  let j = from;
  while (j < tokens.length && j - from < 6 && tokens[j].type === 'word' && (AUXILIARIES.has(tokens[j].norm) || COPULAS.has(tokens[j].norm) || ADVERBS.has(tokens[j].norm))) {
    if (COPULAS.has(tokens[j].norm)) copula = true;
    j++;
  }
  const next = tokens[j];
  if (!next || next.type !== 'word' || NEGATIONS.has(next.norm)) return undefined;
  if (copula) return personNounPhrase(tokens, j, lexicon);
  const found = afterVerb(tokens, j, lexicon);
  if (found || j === from || !FRAME_VERBS.has(tokens[j - 1].norm)) return found;
  // "You have strong conservative convictions": the auxiliary was the frame verb.
  const frame = identityFrameNoun(tokens, j, lexicon) ?? frameOfPerson(tokens, j, lexicon);
  return frame && { form: 'frame', ...frame };
}

/** After the model's verb at `v`: "consider yourself a ...", "work as a ...", "hold deeply Catholic values". */
function afterVerb(tokens: Token[], v: number, lexicon: Lexicon): Found | undefined {
  const verb = tokens[v].norm;
  let j = v + 1;
  if (tokens[j]?.norm === 'yourself') {
    j++;
    if (tokens[j]?.norm === 'as') j++;
    else if (tokens[j]?.norm === 'to' && tokens[j + 1]?.norm === 'be') j += 2;
    return personNounPhrase(tokens, j, lexicon);
  }
  if (ROLE_VERBS.has(verb)) {
    // "you play him as a stern Methodist minister": the character, then how the model plays it.
    if (OBJECT_PRONOUNS.has(tokens[j]?.norm ?? '') && tokens[j + 1]?.norm === 'as') return personNounPhrase(tokens, j + 2, lexicon);
    // "You also play Salvatore Ferrante, a Sicilian immigrant who ...".
    const named = namedCharacter(tokens, j, lexicon);
    if (named) return named;
  }
  // "Respond in character as ...", "Answer in English as ...": a short manner phrase before "as".
  if (tokens[j]?.norm === 'in' && tokens[j + 1]?.type === 'word' && !ARTICLES.has(tokens[j + 1].norm) && tokens[j + 2]?.norm === 'as') j += 2;
  if (tokens[j]?.norm === 'as' && !LABELLING_VERBS.has(verb)) return personNounPhrase(tokens, j + 1, lexicon);
  if (FRAME_VERBS.has(verb)) {
    const frame = identityFrameNoun(tokens, j, lexicon) ?? frameOfPerson(tokens, j, lexicon);
    if (frame) return { form: 'frame', ...frame };
  }
  if (BALLOT_VERBS.has(verb)) {
    // "You have voted Republican in every election", "you always vote for the Greens": how the model votes.
    let k = j;
    if (tokens[k]?.norm === 'for') k++;
    if (tokens[k]?.norm === 'the') k++;
    const attributes = identityOnly(findAttributes(tokens, k, Math.min(tokens.length, k + 4), lexicon, { bio: true })).filter((a) => a.category === 'political');
    if (attributes.length > 0 && attributes[0].span.start === tokens[k].start) {
      return { form: 'frame', phrase: { start: tokens[v].start, end: attributes[0].span.end }, attributes: [attributes[0]] };
    }
  }
  return undefined;
}

const BALLOT_VERBS = set(['vote', 'votes', 'voted', 'voting']);

const OBJECT_PRONOUNS = set(['him', 'her', 'them']);

/**
 * A character's name and its description: "Gary, a baby boomer from Long Island", "Salvatore \"Sal\" Ferrante (he/him),
 * 61, a Sicilian immigrant". The name is up to four capitalised words; the description must name a person.
 */
function namedCharacter(tokens: Token[], from: number, lexicon: Lexicon): Found | undefined {
  let k = nameEnd(tokens, from, lexicon, 4);
  if (k === from) return undefined;
  k = bracketEnd(tokens, k);
  if (k < 0) return undefined;
  while (tokens[k]?.text === ',' && /^\d{1,3}$/.test(tokens[k + 1]?.norm ?? '')) k += 2;
  if (![',', ':', '—', '–'].includes(tokens[k]?.text ?? '') || !ARTICLES.has(tokens[k + 1]?.norm ?? '')) return undefined;
  return personNounPhrase(tokens, k + 1, lexicon);
}

/**
 * Where a character's name starting at tokens[from] ends: up to `max` tokens of capitalised words that are no
 * identity words, a title's period kept ("Lt. Ilse Brandt", "Dr. Rao"); `from` when there is no name.
 */
function nameEnd(tokens: Token[], from: number, lexicon: Lexicon, max: number): number {
  let k = from;
  while (k < tokens.length && k - from < max && tokens[k].type === 'word' && /^\p{Lu}/u.test(tokens[k].text) && !isIdentityToken(tokens[k], lexicon)) {
    k++;
    if (tokens[k]?.text === '.' && tokens[k - 1].text.length <= 4 && /^\p{Lu}/u.test(tokens[k + 1]?.text ?? '')) k++;
  }
  return k;
}

/** Where a short bracket after a name ("(she/they)", "(you play her)") ends: k when there is none, -1 when it is unclosed or long. */
function bracketEnd(tokens: Token[], k: number): number {
  if (tokens[k]?.text !== '(') return k;
  const close = tokens.findIndex((t, i) => i > k && t.text === ')');
  return close < 0 || close - k > 8 ? -1 : close + 1;
}

/** A clause-initial imperative: "Be a proud ...", "Simulate a ... voter", "Describe yourself as ...". */
function afterImperative(tokens: Token[], v: number, lexicon: Lexicon): Found | undefined {
  const verb = tokens[v].norm;
  if (NOT_IMPERATIVE.has(verb)) return undefined;
  if (ROLE_VERBS.has(verb)) {
    const found = personNounPhrase(tokens, v + 1, lexicon);
    if (found) return found;
  }
  return afterVerb(tokens, v, lexicon);
}

/** "Your worldview is ...", "Your values are deeply Catholic": the model's frame noun and what it is. */
function afterYourFrame(tokens: Token[], k: number, lexicon: Lexicon): Found | undefined {
  if (tokens[k].norm !== 'your') return undefined;
  let j = k + 1;
  while (j < tokens.length && j - k < 4 && tokens[j].type === 'word' && !FRAME_NOUNS.has(tokens[j].norm)) j++;
  if (!FRAME_NOUNS.has(tokens[j]?.norm ?? '') || !COPULAS.has(tokens[j + 1]?.norm ?? '')) return undefined;
  const from = j + 2;
  const end = clauseEnd(tokens, from);
  const attributes = identityOnly(findAttributes(tokens, from, end, lexicon, { bio: true }));
  if (attributes.length === 0) {
    // "Your politics are firmly left-wing": a leaning as the frame's complement, no person noun needed.
    const leaning = tokens.slice(from, end).findIndex((t) => lexicon.byFirstToken.get(t.norm)?.some((e) => e.use === 'ambiguous' && e.tokens.length === 1) && !NEUTRAL_LEANINGS.has(t.norm));
    if (leaning < 0 || tokens.slice(from, from + leaning).some((t) => PREPOSITIONS.has(t.norm))) return undefined;
    const t = tokens[from + leaning];
    const category = lexicon.byFirstToken.get(t.norm)!.find((e) => e.use === 'ambiguous')!.category as IdentityAttribute['category'];
    attributes.push({ category, term: t.text, span: { start: t.start, end: t.end } });
  }
  return { form: 'frame', phrase: { start: tokens[k].start, end: tokens[end - 1].end }, attributes };
}

/**
 * "deeply Catholic values", "a Muslim perspective", "conservative convictions": identity words (not coordinated with
 * another side) right before a frame noun.
 */
function identityFrameNoun(tokens: Token[], from: number, lexicon: Lexicon): Omit<Found, 'form'> | undefined {
  let j = from;
  if (ARTICLES.has(tokens[j]?.norm ?? '')) j++;
  const first = j;
  while (j < tokens.length && j - first < 5 && tokens[j].type === 'word' && !FRAME_NOUNS.has(tokens[j].norm)) {
    if (tokens[j].norm === 'and' || tokens[j].norm === 'or') return undefined;
    j++;
  }
  if (j === first || !FRAME_NOUNS.has(tokens[j]?.norm ?? '')) return undefined;
  const words = tokens.slice(first, j + 1);
  const identity: IdentityAttribute[] = [];
  for (const [i, t] of words.slice(0, -1).entries()) {
    // "Follow progressive enhancement principles": a phrase of another sense is no identity.
    if (lexicon.byFirstToken.get(t.norm)?.some((e) => e.use === 'sense' && e.tokens.length > 1 && e.tokens.every((word, k) => words[i + k]?.norm === word))) return undefined;
    const entry = lexicon.byFirstToken.get(t.norm)?.find((e) => e.tokens.length === 1 && e.use !== 'sense') ?? derivedEntry(t.norm, lexicon);
    if (entry && (entry.use === 'term' || entry.use === 'ambiguous' || entry.use === 'modifier') && !NEUTRAL_LEANINGS.has(t.norm)) {
      identity.push({ category: entry.category as IdentityAttribute['category'], term: t.text, span: { start: t.start, end: t.end } });
    } else if (!INTENSIFIERS.has(t.norm) && !ADVERBS.has(t.norm) && !/ly$/.test(t.norm) && i < words.length - 2) {
      // Words between the identity and the frame noun other than intensifiers: "a Catholic school's values".
      return undefined;
    }
  }
  if (identity.length === 0) return undefined;
  return { phrase: { start: tokens[from].start, end: tokens[j].end }, attributes: identity };
}

/** "the worldview of a Mormon bishop", "the values of the Republican Party": a frame noun owned by an identity. */
function frameOfPerson(tokens: Token[], from: number, lexicon: Lexicon): Omit<Found, 'form'> | undefined {
  let j = from;
  if (ARTICLES.has(tokens[j]?.norm ?? '')) j++;
  if (!FRAME_NOUNS.has(tokens[j]?.norm ?? '') || tokens[j + 1]?.norm !== 'of') return undefined;
  const end = clauseEnd(tokens, j + 2);
  const attributes = identityOnly(findAttributes(tokens, j + 2, end, lexicon, { bio: false }));
  if (attributes.length === 0 || tokens.slice(j + 2, end).some((t) => t.norm === 'and' || t.norm === 'or')) return undefined;
  return { phrase: { start: tokens[from].start, end: tokens[end - 1].end }, attributes };
}

/**
 * The identity attributes of a noun phrase describing a person: "a 45-year-old Republican voter from Ohio", "a
 * devout Hindu". Counts only when the phrase's head (the last word before a preposition) names a person.
 */
function personNounPhrase(tokens: Token[], from: number, lexicon: Lexicon): Found | undefined {
  const first = tokens[from];
  if (first?.type === 'var' && first.category !== undefined) {
    // "describe yourself as {ideology}": a variable naming an identity category is the persona.
    return { form: 'addressed', phrase: { start: first.start, end: first.end }, attributes: [attribute(first.category, tokens, from, from + 1)], variable: first.variable };
  }
  if (!first || first.type !== 'word' || NEGATIONS.has(first.norm)) return undefined;
  if (!ARTICLES.has(first.norm) && !INTENSIFIERS.has(first.norm) && !isIdentityToken(first, lexicon) && !/^\d{1,3}-year-old$/.test(first.norm)) return undefined;
  const end = nounPhraseEnd(tokens, from, lexicon, false);
  if (end <= from) return undefined;
  // "a {party} voter", "a {group}": a variable naming an identity category, as the head or before it.
  let at = from;
  while (at < end && !(tokens[at].type === 'var' && tokens[at].category !== undefined) && !PREPOSITIONS.has(tokens[at].norm)) at++;
  const variable = at < end && tokens[at].type === 'var' ? tokens[at] : undefined;
  if (variable) {
    const last = tokens[end - 1];
    if (last === variable || (last.type === 'word' && isPersonNoun(last.norm, lexicon))) {
      const attributes = identityOnly(findAttributes(tokens, from, end, lexicon, { bio: false }));
      attributes.push(attribute(variable.category!, tokens, at, at + 1));
      return { form: 'addressed', phrase: { start: first.start, end: last.end }, attributes, variable: variable.variable };
    }
  }
  let head: Token | undefined;
  // The identity of a possessor is not the persona's: "a female engineer's mentor".
  let owned = from;
  for (let k = from; k < end; k++) {
    const t = tokens[k];
    // A comma between adjectives goes on to the head: "a moderate, independent voice".
    if (t.text === ',' && tokens[k + 1]?.type === 'word' && !ARTICLES.has(tokens[k + 1].norm)) continue;
    if (t.type === 'punct' || PREPOSITIONS.has(t.norm) || STOP_WORDS.has(t.norm) || t.norm === 'and' || t.norm === 'or') break;
    if (/['’]s$/.test(t.text)) owned = k + 1;
    // A trailing adverb is not the head: "a committed socialist throughout".
    if (k > from && (ADVERBS.has(t.norm) || /[^i]ly$/.test(t.norm)) && !isIdentityToken(t, lexicon)) continue;
    head = t;
  }
  if (!head || !isPersonNoun(head.norm, lexicon)) return undefined;
  const attributes = identityOnly(findAttributes(tokens, from, end, lexicon, { bio: false })).filter((a) => a.span.start >= (tokens[owned]?.start ?? Infinity));
  if (attributes.length === 0) return undefined;
  return { form: 'addressed', phrase: { start: first.start, end: tokens[end - 1].end }, attributes };
}

/**
 * "1. Father Michael Okonjo, a Jesuit priest", "- Jess (she/they), 24, a bisexual barista": a character's name at the
 * start of a line and its description, which must end the sentence (a name that goes on to say something is prose).
 */
function castLine(text: string, sentenceStart: number, tokens: Token[], lexicon: Lexicon): AddressedPersona | undefined {
  const lineStart = text.lastIndexOf('\n', sentenceStart - 1) + 1;
  if (!/^[ \t]*(?:(?:[-*+•]|\d+[.)])[ \t]+)?$/.test(text.slice(lineStart, tokens[0]?.start ?? sentenceStart))) return undefined;
  let k = nameEnd(tokens, 0, lexicon, 6);
  if (k === 0 || CAST_HEADINGS.has(tokens[0].norm)) return undefined;
  // "Juror 1", "Panelist two": a member named by a number.
  if (/^(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)$/.test(tokens[k]?.norm ?? '')) k++;
  const name = k;
  // "Linda (you play her): 58, a ...": the bracket itself says the model plays the character.
  const close = bracketEnd(tokens, k);
  if (close < 0) return undefined;
  const voiced = tokens.slice(k + 1, close - 1).some((t, i, inside) => isYou(t) && VOICING.test(inside[i + 1]?.text ?? ''));
  k = close;
  if (!voiced && !castIntroduced(text, lineStart)) return undefined;
  let aged = false;
  while ((tokens[k]?.text === ',' || tokens[k]?.text === ':') && /^\d{1,3}$/.test(tokens[k + 1]?.norm ?? '') && tokens[k + 2]?.text === ',') {
    k += 2;
    aged = true;
  }
  // "Lt. Ilse Brandt, helm: a devout Lutheran": a post before the colon that describes the character.
  if (tokens[k]?.text === ',' && !aged) {
    const colon = tokens.findIndex((t, i) => i > k && i <= k + 4 && t.text === ':');
    if (colon > 0 && tokens.slice(k + 1, colon).every((t) => t.type === 'word') && ARTICLES.has(tokens[colon + 1]?.norm ?? '')) k = colon;
  }
  // "Juror 2 is an evangelical Christian from rural Alabama": the description after "is".
  const described = tokens[k]?.norm === 'is' && ARTICLES.has(tokens[k + 1]?.norm ?? '');
  if (!described && ![',', ':', '—', '–'].includes(tokens[k]?.text ?? '')) return undefined;
  // "- Marcus, 34, Black, union electrician, strong Democrat.": after an age, a list of attributes without an article.
  const label = tokens
    .slice(0, name)
    .map((t) => t.text)
    .join(' ');
  if (aged && !ARTICLES.has(tokens[k + 1]?.norm ?? '')) {
    const listed = attributeList(tokens, k + 1, lexicon);
    return listed && { ...listed, label };
  }
  if (!ARTICLES.has(tokens[k + 1]?.norm ?? '')) return undefined;
  const found = personNounPhrase(tokens, k + 1, lexicon);
  if (!found) return undefined;
  const rest = tokens.find((t) => t.start >= found.phrase.end);
  // What may follow the description: a clause, a place or a participle ("a nurse living in Minneapolis").
  if (rest && !(rest.text === ',' || rest.text === '(' || CAST_TAILS.has(rest.norm) || (rest.type === 'word' && /[a-z]ing$/.test(rest.norm)))) return undefined;
  return { ...found, start: tokens[0].start, label };
}

/**
 * The comma-separated attributes of a cast line after its name and age ("retired schoolteacher, registered
 * Republican"): a persona when one of its items holds an identity word.
 */
function attributeList(tokens: Token[], from: number, lexicon: Lexicon): AddressedPersona | undefined {
  const last = tokens.length - 1;
  if (from > last || tokens[from].type !== 'word') return undefined;
  const attributes = identityOnly(findAttributes(tokens, from, tokens.length, lexicon, { bio: false }));
  if (attributes.length === 0) return undefined;
  return { form: 'addressed', start: tokens[0].start, phrase: { start: tokens[from].start, end: tokens[last].end }, attributes };
}

/** How far back from a list line its introduction is looked for. */
const MAX_LIST_CHARS = 2000;
// A blank line between the introduction and the list, or between items, belongs to the list.
const LIST_LINE = /^[ \t]*(?:(?:[-*+•]|\d+[.)])[ \t]+|\r?\n?$)/;
const VOICING = new RegExp(String.raw`\b(?:${wordAlternation([...cues.castCues, ...frames.roleVerbs])})\b`, 'i');

/**
 * Whether the list a line belongs to is introduced as characters the model plays ("You will voice these
 * panellists:", "Simulate each respondent:"): a list of people the model writes about or serves is not a cast.
 */
function castIntroduced(text: string, lineStart: number): boolean {
  let end = lineStart;
  while (end > 0 && lineStart - end < MAX_LIST_CHARS) {
    const start = end >= 2 ? text.lastIndexOf('\n', end - 2) + 1 : 0;
    const line = text.slice(start, end);
    if (!LIST_LINE.test(line)) return VOICING.test(line);
    end = start;
  }
  return false;
}

function identityOnly(attributes: IdentityAttribute[]): IdentityAttribute[] {
  return attributes.filter((a) => a.category !== 'stance');
}

function clauseEnd(tokens: Token[], from: number): number {
  let k = from;
  while (k < tokens.length && !(tokens[k].type === 'punct' && tokens[k].text !== '(' && tokens[k].text !== ')') && k - from < 16) k++;
  return k;
}
