// Reads the persona phrase after a trigger: where its noun phrase ends, its name, its template variable, and
// what kind of persona it names.
import type { TemplateVariable } from '../formats/types.js';
import { findAttributes, loyaltyIdiomEnd } from './attributes.js';
import cues from './lexicon/cues.json';
import type { Lexicon } from './lexicon.js';
import { attribute, clauseLimit, tokenize, type Token } from './tokens.js';
import type { IdentityAttribute, PersonaKind } from './types.js';
import { namesPersona, variableCategory } from './variableNames.js';
import {
  ADJECTIVAL_PARTICIPLES,
  ARTICLES,
  BELONGING_VERBS,
  INTENSIFIERS,
  LEADING_ADVERBS,
  PREPOSITIONS,
  RANKS,
  REPRESENTATIVE_HEADS,
  STOP_WORDS,
  wordAlternation,
} from './words.js';

/** Variable names that fill in a detail (a name, a company) rather than who the model is. */
export const DETAIL_VARIABLE = new RegExp(
  String.raw`(?:^|[_\-.])(?:${wordAlternation(cues.detailVariables)})(?:$|[_\-.])|(?:${wordAlternation(cues.detailVariableSuffixes)})$`,
  'i',
);

/** What the words after a trigger name: the persona's kind, its attributes, its phrase and variable. */
export interface Classified {
  /** The character's name, when the phrase starts with one. */
  name?: string;
  kind: PersonaKind;
  attributes: IdentityAttribute[];
  phrase: { start: number; end: number };
  variable?: string;
}

// What classify found for the words after a trigger, by what it reads (see memoKey), per lexicon, with offsets
// from the trigger's end: while a long prompt is edited, the phrases an edit did not touch are not read again.
const memos = new Map<Lexicon, Map<string, Classified | null>>();
/** Lexicons (configurations) remembered at once; the oldest is forgotten first. */
const LEXICONS_KEPT = 4;
/** Entries kept per lexicon before the memo starts over (a few documents' worth of persona phrases). */
const MEMO_LIMIT = 8192;
/** A character a token can go on with: a word that crosses the end of what is read is read whole. */
const TOKEN_CHAR = /[\p{L}\p{N}'’+/-]/u;

/**
 * Everything classify reads, as a string: the form, the text from the trigger's end to the end of the last token
 * it can reach (tokenize reads a word crossing `sentenceEnd` whole), where the sentence ends, and the template
 * variables that reach into that text, all relative to `from`. Classify reads the text only through tokenize.
 */
function memoKey(form: string, text: string, from: number, sentenceEnd: number, variables: readonly TemplateVariable[]): string {
  let to = sentenceEnd;
  while (to < text.length && TOKEN_CHAR.test(text[to])) to++;
  let key = `${form}\u0000${sentenceEnd - from}\u0000${text.slice(from, to)}`;
  // Variables are sorted and do not overlap, so their ends are sorted too: the first that reaches past `from`.
  let low = 0;
  let high = variables.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (variables[mid].end > from) high = mid;
    else low = mid + 1;
  }
  for (let v = low; v < variables.length && variables[v].start < to; v++) {
    key += `\u0000${variables[v].start - from},${variables[v].end - from},${variables[v].name}`;
  }
  return key;
}

/** Phrases read this far or further are not remembered: run-on text whose keys would cost more than a read. */
const MEMO_MAX_CHARS = 240;

function shifted(found: Classified, by: number): Classified {
  return {
    ...found,
    attributes: found.attributes.map((a) => ({ ...a, span: { start: a.span.start + by, end: a.span.end + by } })),
    phrase: { start: found.phrase.start + by, end: found.phrase.end + by },
  };
}

/** Forgets every remembered phrase (for tests that compare with a cold read). */
export function clearClassifyMemo(): void {
  memos.clear();
}

/** The persona the words after a trigger name, or undefined when they name none. */
export function classify(
  form: string,
  text: string,
  from: number,
  sentenceEnd: number,
  lexicon: Lexicon,
  variables: readonly TemplateVariable[],
): Classified | undefined {
  if (sentenceEnd - from > MEMO_MAX_CHARS) return classifyAt(form, text, from, sentenceEnd, lexicon, variables);
  let memo = memos.get(lexicon);
  if (!memo) {
    memo = new Map();
    memos.set(lexicon, memo);
    if (memos.size > LEXICONS_KEPT) memos.delete(memos.keys().next().value!);
  }
  const key = memoKey(form, text, from, sentenceEnd, variables);
  const known = memo.get(key);
  if (known !== undefined) return known === null ? undefined : shifted(known, from);
  const found = classifyAt(form, text, from, sentenceEnd, lexicon, variables);
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, found ? shifted(found, -from) : null);
  return found;
}

function classifyAt(
  form: string,
  text: string,
  from: number,
  sentenceEnd: number,
  lexicon: Lexicon,
  variables: readonly TemplateVariable[],
): Classified | undefined {
  const tokens = tokenize(text, from, sentenceEnd, variables);
  let i = 0;
  while (i < tokens.length && LEADING_ADVERBS.has(tokens[i].norm)) i++;
  if (i >= tokens.length) return undefined;

  if (form === 'speakfor') {
    // "You speak for Novatrix Pharmaceuticals": a one-sided role whatever the organisation is.
    const stop = clauseLimit(tokens, 0);
    if (stop === 0) return undefined;
    const phrase = { start: tokens[0].start, end: tokens[stop - 1].end };
    return { kind: 'stance', attributes: [attribute('stance', tokens, 0, stop)], phrase };
  }
  if (form === 'bio') {
    // "You grew up in a devout Catholic family": an identity persona only when the sentence names an identity.
    const attributes = findAttributes(tokens, 0, tokens.length, lexicon, { bio: true });
    const identity = attributes.filter((a) => a.category !== 'stance');
    if (identity.length === 0) return undefined;
    return { kind: 'identity', attributes: identity, phrase: { start: tokens[0].start, end: tokens[tokens.length - 1].end } };
  }

  const first = tokens[i];
  const startsNounPhrase =
    ARTICLES.has(first.norm) ||
    first.type === 'var' ||
    /^[A-Z\p{Lu}]/u.test(first.text) ||
    INTENSIFIERS.has(first.norm) ||
    /^\d{1,3}-year-old$/.test(first.norm) ||
    lexicon.byFirstToken.get(first.norm)?.some((e) => e.use !== 'sense') ||
    // "You are annotator #14", "You are moderator of the forum": a role noun without an article.
    (form === 'direct' && lexicon.byFirstToken.get(first.norm)?.some((e) => e.use === 'task')) ||
    // "You are lead trial counsel for the plaintiffs": a rank before a role noun, without an article.
    (form === 'direct' && RANKS.has(first.norm) && tokens[i + 1]?.type === 'word');
  if (!startsNounPhrase) return undefined;
  // "You are to ...", "You are the one who ..." are instructions, not personas.
  if (first.norm === 'the' && tokens[i + 1]?.norm === 'one') return undefined;

  const end = nounPhraseEnd(tokens, i, lexicon, form === 'asa');
  if (end <= i) return undefined;
  // "As a lifelong Democrat, you ...", "As someone who has voted Green all her life, you ...".
  if (form === 'asa' && tokens[end]?.text !== ',' && !(tokens[end]?.norm === 'who' && tokens.slice(end, end + 16).some((t) => t.text === ','))) return undefined;
  let phraseEnd = end;
  // "You are Maria, a 45-year-old nurse": a name followed by an appositive describing it.
  const isName = end - i <= 3 && tokens.slice(i, end).every((t) => t.type === 'var' || /^\p{Lu}/u.test(t.text));
  // "You are Jess (she/they), 24, a bisexual barista": skip pronouns in brackets and an age before the description.
  let afterName = end;
  // "Private Thomas Hale of the 20th Massachusetts, a Union soldier": a name, where it is from, then the description.
  const placed = isName && tokens[end]?.norm !== 'of' && tokens[end]?.norm !== 'from' ? -1 : namePlaceEnd(tokens, i);
  if (placed > 0) afterName = placed;
  if (isName || form === 'name') {
    if (tokens[afterName]?.text === '(') {
      while (afterName < tokens.length && tokens[afterName].text !== ')' && afterName - end < 8) afterName++;
      afterName++;
    }
    while (tokens[afterName]?.text === ',' && /^\d{1,3}$/.test(tokens[afterName + 1]?.norm ?? '')) afterName += 2;
  }
  if ((isName || placed > 0 || form === 'name') && [',', ':', '—', '–'].includes(tokens[afterName]?.text ?? '') && (ARTICLES.has(tokens[afterName + 1]?.norm ?? '') || ownerStarts(tokens, afterName + 1) || roleStarts(tokens, afterName + 1, lexicon))) {
    phraseEnd = nounPhraseEnd(tokens, afterName + 1, lexicon, false);
  } else if (tokens[end]?.text === ':' || tokens[end]?.text === ',') {
    // "a simulated patient: Harjit Singh, a 67-year-old Sikh man": a role, the character's name, its description.
    let j = end + 1;
    while (j < tokens.length && j - end <= 3 && tokens[j].type === 'word' && /^\p{Lu}/u.test(tokens[j].text)) j++;
    if (j > end + 1 && tokens[j]?.text === ',' && ARTICLES.has(tokens[j + 1]?.norm ?? '')) {
      phraseEnd = nounPhraseEnd(tokens, j + 1, lexicon, false);
    }
  }
  // "a personal-injury lawyer, representing the injured shopper": a lawyer or agent for one party takes its side.
  const stopWord = tokens[phraseEnd]?.norm;
  const representing = stopWord === 'representing' && REPRESENTATIVE_HEADS.has(tokens[phraseEnd - 1]?.norm ?? '');
  // After "Name of the Place," the description is read on its own: the place is a prepositional object.
  const described = placed > 0 && phraseEnd > placed ? placed + 1 : i;
  const attributes = findAttributes(tokens, described, phraseEnd, lexicon, { bio: false });
  // Identity words in a "who ..." clause count when the clause states belonging ("who votes Republican").
  const stop = tokens[phraseEnd];
  // A variable naming a category in a relative clause ("whose political ideology is {ideology} and who has voted
  // for {party}") fills in the persona's identity.
  let clauseVariable: string | undefined;
  if (stop && (stop.norm === 'who' || stop.norm === 'with' || stop.norm === 'whose')) {
    const clauseEnd = clauseLimit(tokens, phraseEnd + 1);
    const belonging = stop.norm === 'with' || BELONGING_VERB.test(tokens.slice(phraseEnd + 1, Math.min(clauseEnd, phraseEnd + 4)).map((t) => t.norm).join(' '));
    if (belonging) {
      attributes.push(...findAttributes(tokens, phraseEnd + 1, clauseEnd, lexicon, { bio: true }).filter((a) => a.category !== 'stance'));
    }
    if (belonging || stop.norm === 'whose') {
      for (let k = phraseEnd + 1; k < clauseEnd; k++) {
        const t = tokens[k];
        const category = t.type === 'var' && t.variable !== undefined ? variableCategory(t.variable) : undefined;
        if (!category) continue;
        attributes.push(attribute(category, tokens, k, k + 1));
        clauseVariable ??= t.variable;
      }
    }
  }
  const phrase = { start: tokens[i].start, end: tokens[phraseEnd - 1].end };

  attributes.push(...variableAttributes(tokens, i, phraseEnd));
  const variable = personaVariable(tokens, i, phraseEnd) ?? clauseVariable ?? describedElsewhere(tokens, i);
  const identity = attributes.some((a) => a.category !== 'stance');
  if (representing) attributes.push(attribute('stance', tokens, phraseEnd - 1, phraseEnd + 1));
  const stance = attributes.some((a) => a.category === 'stance');
  let nameEnd = i;
  while (nameEnd < tokens.length && nameEnd - i < 3 && tokens[nameEnd].type === 'word' && /^\p{Lu}/u.test(tokens[nameEnd].text)) nameEnd++;
  const named = nameEnd > i && (nameEnd >= tokens.length || tokens[nameEnd].type === 'punct');
  const name = named ? tokens.slice(i, nameEnd).map((t) => t.text).join(' ') : undefined;
  if (variable !== undefined) {
    // "You are ${identity}, and your faith shapes how you read everything": the sentence names the categories the
    // variable fills, so the templated persona is an identity persona too.
    if (!attributes.some((a) => a.category !== 'stance')) attributes.push(...namedCategories(tokens, phraseEnd));
    return { kind: 'templated', attributes, phrase, variable, name };
  }
  if (identity) return { kind: 'identity', attributes, phrase, name };
  if (stance) return { kind: 'stance', attributes, phrase, name };
  if (form === 'asa' && !hasTaskHead(tokens, i, end, lexicon)) return undefined;
  // "Judge it like a neutral would": a viewpoint named for comparison is a persona only when it has a side.
  if (form === 'aswould') return undefined;
  return { kind: 'task', attributes, phrase, name };
}

/**
 * Identity categories the rest of a templated persona's sentence names as the persona's own: "your faith", "your
 * political views", "the {2} party" (a variable before "party"), read a bounded distance.
 */
function namedCategories(tokens: Token[], from: number): IdentityAttribute[] {
  const out: IdentityAttribute[] = [];
  for (let k = from; k < tokens.length && k - from < 24; k++) {
    const t = tokens[k];
    const owner = t.norm === 'your' || (t.type === 'var' && tokens[k + 1]?.norm === 'party');
    if (!owner) continue;
    const at = t.type !== 'var' && tokens[k + 1]?.norm === 'own' ? k + 2 : k + 1;
    const noun = tokens[at];
    const category = noun?.type === 'word' ? variableCategory(noun.norm) : undefined;
    if (category && !out.some((a) => a.category === category)) out.push(attribute(category, tokens, at, at + 1));
  }
  return out;
}

const DESCRIBED_PEOPLE = new Set(['person', 'individual', 'character', 'respondent', 'participant', 'persona', 'voter', 'citizen', 'speaker', 'interviewee', 'narrator', 'author']);
const DESCRIBED_BY = new Set(['described', 'who', 'below', 'above', 'profiled', 'outlined', 'defined', 'introduced', 'whose', 'in', 'from']);

/**
 * "You are the person described in this self-introduction: {backstory}": a person the prompt describes elsewhere,
 * filled in from the template variable the sentence holds. The variable's name.
 */
function describedElsewhere(tokens: Token[], from: number): string | undefined {
  if (tokens[from]?.norm !== 'the' || !DESCRIBED_PEOPLE.has(tokens[from + 1]?.norm ?? '') || !DESCRIBED_BY.has(tokens[from + 2]?.norm ?? '')) return undefined;
  // The variable holds the description: its name says so ({backstory}, {profile}), or a colon introduces it.
  let colon = false;
  for (let k = from + 3; k < tokens.length && k - from < 24; k++) {
    const t = tokens[k];
    if (t.text === ':') colon = true;
    if (t.type === 'var' && t.variable !== undefined && (colon || namesPersona(t.variable) || variableCategory(t.variable))) return t.variable;
  }
  return undefined;
}

/**
 * Where "Name of the Place" / "Name from Place" ends (the comma after it), for a name of one to four capitalised
 * words; -1 when the tokens at `from` are not that.
 */
function namePlaceEnd(tokens: Token[], from: number): number {
  let k = from;
  while (k < tokens.length && k - from < 4 && tokens[k].type === 'word' && /^\p{Lu}/u.test(tokens[k].text)) k++;
  if (k === from || (tokens[k]?.norm !== 'of' && tokens[k]?.norm !== 'from')) return -1;
  for (let j = k + 1; j < tokens.length && j - k <= 6; j++) {
    if (tokens[j].text === ',') return j;
    if (tokens[j].type !== 'word') return -1;
  }
  return -1;
}

/** "Northfield Mobile's friendly assistant": a description opened by a capitalised owner instead of an article. */
function ownerStarts(tokens: Token[], from: number): boolean {
  for (let k = from; k < tokens.length && k - from < 3; k++) {
    const t = tokens[k];
    if (t.type !== 'word' || !/^\p{Lu}/u.test(t.text)) return false;
    if (/['’]s$/.test(t.text)) return tokens[k + 1]?.type === 'word';
  }
  return false;
}

/**
 * "You are Dana Whitfield, defense counsel for the accused": a description opened without an article by a whole
 * role or identity phrase of the lexicon (not a word with another sense, nor a demonym that may name a language).
 */
function roleStarts(tokens: Token[], from: number, lexicon: Lexicon): boolean {
  const entries = lexicon.byFirstToken.get(tokens[from]?.norm ?? '');
  const whole = (e: { tokens: string[] }) => e.tokens.every((w, j) => tokens[from + j]?.type === 'word' && tokens[from + j].norm === w);
  const first = entries?.find(whole);
  return first !== undefined && (first.use === 'stance' || first.use === 'task' || first.use === 'term');
}

/** The start of a "who ..." clause that states belonging ("who votes Republican"). */
const BELONGING_VERB = new RegExp(`^(?:${wordAlternation(BELONGING_VERBS, ' ')})`);

/** Where the noun phrase naming the persona ends (exclusive token index). */
export function nounPhraseEnd(tokens: Token[], start: number, lexicon: Lexicon, commaEnds: boolean): number {
  let k = start;
  while (k < tokens.length && k - start < 32) {
    const t = tokens[k];
    const idiomEnd = loyaltyIdiomEnd(tokens, k);
    if (idiomEnd !== undefined) {
      k = idiomEnd;
      continue;
    }
    if (t.type === 'punct') {
      // "a conservative, evangelical voter": a comma between identity adjectives does not end the phrase.
      // "a retired teacher, a devout Methodist and a registered Republican": a list of descriptions.
      let next = tokens[k + 1];
      // "a Goodison lifer, Everton through and through": a sworn loyalty goes on describing the persona.
      if (!commaEnds && t.text === ',' && loyaltyIdiomEnd(tokens, k + 1) !== undefined) {
        k++;
        continue;
      }
      // "a rancher from Amarillo, Texas, and a lifelong Republican": the region after a place name is part of it.
      const region = !commaEnds && t.text === ',' ? placeRegionEnd(tokens, k) : undefined;
      if (region !== undefined) {
        k = region;
        continue;
      }
      if (!commaEnds && t.text === ',' && (next?.norm === 'and' || next?.norm === 'or') && tokens[k + 2] && (ARTICLES.has(tokens[k + 2].norm) || INTENSIFIERS.has(tokens[k + 2].norm))) {
        k += 2;
        continue;
      }
      if (!commaEnds && (t.text === ',' || t.text === ':' || t.text === '—' || t.text === '–') && next && k > start && (isIdentityWord(next, lexicon) || INTENSIFIERS.has(next.norm) || next.type === 'var' || (next.norm !== 'the' && ARTICLES.has(next.norm) && next.type === 'word'))) {
        k++;
        continue;
      }
      break;
    }
    // "a trained nurse" keeps going; "an assistant trained to help" ends at the participle.
    if (k > start && STOP_WORDS.has(t.norm) && t.type === 'word' && !(ADJECTIVAL_PARTICIPLES.has(t.norm) && !PREPOSITIONS.has(tokens[k + 1]?.norm ?? 'to'))) break;
    // A participle taking an object ends the phrase: "a travel writer covering the ...", "a nurse living in ...".
    if (k > start && /ing$/.test(t.norm) && !INTENSIFIERS.has(t.norm)) {
      const next = tokens[k + 1];
      if (!next || ARTICLES.has(next.norm) || PREPOSITIONS.has(next.norm) || next.type === 'punct') break;
    }
    if (t.norm === 'and' || t.norm === 'or' || t.norm === '&') {
      const next = tokens[k + 1];
      if (next && (ARTICLES.has(next.norm) || INTENSIFIERS.has(next.norm) || isIdentityWord(next, lexicon) || loyaltyIdiomEnd(tokens, k + 1) !== undefined)) {
        k++;
        continue;
      }
      break;
    }
    if (t.norm === 'to' && !ARTICLES.has(tokens[k + 1]?.norm ?? '')) break;
    k++;
  }
  return k;
}

const PLACE_PREPOSITIONS = new Set(['from', 'in', 'of', 'near', 'outside']);

/**
 * After a place ("from Amarillo" + the comma at `comma`), the end of its region ("Texas") when one or two
 * capitalised words follow and a comma closes them: the index of that comma.
 */
function placeRegionEnd(tokens: Token[], comma: number): number | undefined {
  const capitalised = (t: Token | undefined) => t?.type === 'word' && /^\p{Lu}/u.test(t.text);
  let p = comma - 1;
  while (p > comma - 4 && capitalised(tokens[p])) p--;
  if (p === comma - 1 || !PLACE_PREPOSITIONS.has(tokens[p]?.norm ?? '')) return undefined;
  let j = comma + 1;
  while (j < comma + 3 && capitalised(tokens[j])) j++;
  return j > comma + 1 && tokens[j]?.text === ',' ? j : undefined;
}

function isIdentityWord(token: Token, lexicon: Lexicon): boolean {
  return (
    token.type === 'word' &&
    (lexicon.byFirstToken.get(token.norm)?.some((e) => e.use === 'term' || e.use === 'ambiguous' || e.use === 'modifier') ?? false)
  );
}

function hasTaskHead(tokens: Token[], start: number, end: number, lexicon: Lexicon): boolean {
  for (let k = start; k < end; k++) {
    if (lexicon.byFirstToken.get(tokens[k].norm)?.some((e) => e.use === 'task')) return true;
  }
  return false;
}

function personaVariable(tokens: Token[], start: number, end: number): string | undefined {
  for (let k = start; k < end; k++) {
    const t = tokens[k];
    if (t.type === 'word' && PREPOSITIONS.has(t.norm) && k > start) return undefined;
    if (t.type !== 'var' || t.variable === undefined) continue;
    // A detail (`{party_name}`) still leaves the persona open when it names an identity category.
    if (DETAIL_VARIABLE.test(t.variable) && !variableCategory(t.variable) && !namesPersona(t.variable)) continue;
    return t.variable;
  }
  return undefined;
}

/** Identity attributes of the variables in a persona phrase whose names name a category (`a {faith} voter`). */
function variableAttributes(tokens: Token[], start: number, end: number): IdentityAttribute[] {
  const found: IdentityAttribute[] = [];
  for (let k = start; k < end; k++) {
    const category = tokens[k].type === 'var' && tokens[k].variable !== undefined ? variableCategory(tokens[k].variable as string) : undefined;
    if (category) found.push(attribute(category, tokens, k, k + 1));
  }
  return found;
}
