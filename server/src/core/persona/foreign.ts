// Persona frames and instruction wordings of the languages in lexicon/i18n, read with the same model as English:
// a frame, then a noun phrase whose identity words make the persona an identity, up to a word that ends it.
import type { ResolvedConfig } from '../config.js';
import type { TemplateVariable } from '../formats/types.js';
import type { IdentityCategory } from './categories.js';
import { DETAIL_VARIABLE } from './classify.js';
import { foldWord, LANGUAGES, LETTERS, type ForeignLanguage, type LanguageData } from './languages.js';
import { sentenceBounds, type Prose } from './prose.js';
import { firstStartingFrom } from '../text.js';
import type { PersonaKind } from './types.js';
import { variableCategory, variableNameWords } from './variableNames.js';

/** A persona found in a message of another language, in text coordinates. */
export interface ForeignPersona {
  kind: Extract<PersonaKind, 'identity' | 'stance' | 'task' | 'templated'>;
  /** The frame's form, or `addressed` for a cast line ("- Ana Ruiz, 52 ans, catholique pratiquante"). */
  form: keyof LanguageData['frames'] | 'addressed';
  /** Where the frame starts. */
  start: number;
  phrase: { start: number; end: number };
  attributes: { category: IdentityCategory | 'stance'; term: string; span: { start: number; end: number } }[];
  /** The template variable the persona comes from ("Tu es {persona}"), when it does. */
  variable?: string;
  /** A cast member's name ("Mamadou Diallo" in "- Mamadou Diallo, 27 ans, ..."): each member is its own persona. */
  label?: string;
}

/** The word lists of a language's data that words are looked up in. */
type WordSetName =
  | 'articles'
  | 'phraseStops'
  | 'conjunctions'
  | 'ofWords'
  | 'membershipHeads'
  | 'cancelsBefore'
  | 'negationsAfter'
  | 'taskHeads'
  | 'instructionNegations'
  | 'fandomHeads'
  | 'partisanHeads'
  | 'ageUnits'
  | 'respondentContext'
  | 'singularArticles'
  | 'contrasts'
  | 'voterHeads'
  | 'nounMarkers'
  | 'campaignHeads'
  | 'campaignQualifiers';

/** One language's data compiled for scanning. */
interface CompiledLanguage {
  frames: { form: ForeignPersona['form']; pattern: RegExp }[];
  /** Identity terms as folded word tuples, by their first word, longest first. */
  identity: Map<string, { words: string[]; category: IdentityCategory | 'stance' }[]>;
  endings: string[];
  sets: Record<WordSetName, Set<string>>;
  evaluation: RegExp;
  neutralising: RegExp;
  /** Set-aside wordings, neutralising only with one of `setAsideObjects` in or just after them. */
  setAside: RegExp;
  setAsideObjects: string[];
  /** Wordings that make the model answer as a respondent would (EH004), read only with a respondent word near. */
  respondent: RegExp;
  /** Respondent wordings that name the answers of a group themselves ("simule as respostas de"), read anywhere. */
  respondentSelf: RegExp;
  /** "se define como", "sich als": a self-description whose identity or variable a few words on is the persona's. */
  selfDescription: RegExp;
  /** "que representa a la parte demandante": a clause that puts the persona on one side. */
  stanceClauses: RegExp;
  /** Category nouns as folded word tuples, by their first word ("nationalite", "politische orientierung"). */
  categoryNouns: Map<string, { words: string[]; category: IdentityCategory }[]>;
  /** Variable-name words that make a variable a task detail in this language. */
  detailVariables: Set<string>;
  /** Words of a line that introduces a list of characters the model plays. */
  castCues: RegExp;
}

const folded = (phrase: string): string[] => [...phrase.matchAll(LETTERS)].map(([w]) => foldWord(w));
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A gap in a wording: "…" stands for up to six words of any kind ("bleib … sachlich", "lass … außen vor"), "…+"
 * for up to sixteen, for a verb that German puts at the end of its clause ("so, wie …+ antworten würde").
 */
const GAPS: Record<string, string> = {
  '…': String.raw`(?:\s+[^\s.!?;:]+){0,6}?`,
  '…+': String.raw`(?:\s+[^\s.!?;:]+){0,16}?`,
};

/**
 * A phrase as a regex matching it in any case but its case-sensitive words, any run of spaces between words, any
 * of the words of a word written "a|b|c", a
 * run of words where it has a gap ("…", "…+"), and at most one of the language's intensifiers where it has "~"
 * ("reste ~ objectif": "reste objectif", "reste parfaitement objectif").
 */
function phrasePattern(phrase: string, caseSensitive: ReadonlySet<string>, intensifiers = ''): string {
  let out = '';
  for (const word of phrase.split(/\s+/)) {
    if (GAPS[word]) {
      out += GAPS[word];
      continue;
    }
    if (word === '~') {
      if (intensifiers) out += String.raw`(?:\s+(?:${intensifiers}))?`;
      continue;
    }
    // "neutre|objectif|impartial": one of several words, so a wording need not be written out once per adjective.
    const pattern = word.includes('|')
      ? `(?:${word.split('|').map((w) => (caseSensitive.has(w) ? escape(w) : anyCase(w))).join('|')})`
      : caseSensitive.has(word) ? escape(word) : anyCase(word);
    out += (out === '' ? '' : String.raw`\s+`) + pattern;
  }
  return out;
}

/** A word as a pattern in any case. */
const anyCase = (word: string): string =>
  [...word].map((c) => (c.toLowerCase() === c.toUpperCase() ? escape(c) : `[${c.toLowerCase()}${c.toUpperCase()}]`)).join('');

/** A language's intensifiers as one alternation of their words in any case (each may be several words). */
const intensifierPattern = (words: readonly string[]): string =>
  [...words]
    .sort((a, b) => b.length - a.length)
    .map((w) => w.split(/\s+/).map(anyCase).join(String.raw`\s+`))
    .join('|');

/** Alternation of phrases between letter boundaries (`\b` knows only ASCII letters). */
function scanner(phrases: readonly string[], caseSensitive: ReadonlySet<string>, intensifiers = ''): RegExp {
  if (phrases.length === 0) return /(?!)/gu;
  const sorted = [...phrases].sort((a, b) => b.length - a.length);
  // An elided frame ("joue le rôle d’") runs straight into the next word; any other ends at a letter boundary.
  const bounded = (p: string): string => phrasePattern(p, caseSensitive, intensifiers) + (/['’]$/.test(p) ? '' : String.raw`(?![\p{L}\p{N}])`);
  return new RegExp(String.raw`(?<![\p{L}\p{N}])(?:${sorted.map(bounded).join('|')})`, 'gu');
}

/** Compiles a language's data, with the configuration's extra identity terms and task roles (any language). */
function compile(data: LanguageData, config?: ResolvedConfig): CompiledLanguage {
  const caseSensitive = new Set(data.caseSensitiveWords);
  const identity = new Map<string, { words: string[]; category: IdentityCategory | 'stance' }[]>();
  const extraTerms = (config?.lexicon.identity ?? {}) as Partial<Record<IdentityCategory, string[]>>;
  const categories = new Set([...Object.keys(data.identity), ...Object.keys(extraTerms)] as (IdentityCategory | 'stance')[]);
  for (const category of categories) {
    for (const term of [...(data.identity[category] ?? []), ...((category === 'stance' ? undefined : extraTerms[category]) ?? [])]) {
      const words = folded(term);
      if (words.length === 0) continue;
      const list = identity.get(words[0]) ?? [];
      list.push({ words, category });
      identity.set(words[0], list.sort((a, b) => b.words.length - a.words.length));
    }
  }
  const set = (words: string[]): Set<string> => new Set(words.map(foldWord));
  const categoryNouns = new Map<string, { words: string[]; category: IdentityCategory }[]>();
  for (const [category, nouns] of Object.entries(data.categoryNouns ?? {}) as [IdentityCategory, string[]][]) {
    for (const noun of nouns) {
      const words = folded(noun);
      if (words.length > 0) categoryNouns.set(words[0], [...(categoryNouns.get(words[0]) ?? []), { words, category }].sort((a, b) => b.words.length - a.words.length));
    }
  }
  const intensifiers = intensifierPattern(data.intensifiers ?? []);
  return {
    frames: (Object.entries(data.frames) as [ForeignPersona['form'], string[]][]).map(([form, phrases]) => ({
      form,
      pattern: scanner(phrases, caseSensitive),
    })),
    identity,
    endings: data.endings.map(foldWord),
    sets: {
      articles: set(data.articles),
      phraseStops: set(data.phraseStops),
      conjunctions: set(data.conjunctions),
      ofWords: set(data.ofWords),
      membershipHeads: set(data.membershipHeads),
      cancelsBefore: set(data.cancelsBefore),
      negationsAfter: set(data.negationsAfter),
      taskHeads: set([...data.taskHeads, ...(config?.taskRoles ?? [])]),
      instructionNegations: set(data.instructionNegations),
      fandomHeads: set(data.fandomHeads),
      partisanHeads: set(data.partisanHeads),
      ageUnits: set(data.ageUnits),
      respondentContext: set(data.respondentContext),
      singularArticles: set(data.singularArticles),
      contrasts: set(data.contrasts),
      voterHeads: set(data.voterHeads ?? []),
      nounMarkers: set(data.nounMarkers ?? []),
      campaignHeads: set(data.campaignHeads ?? []),
      campaignQualifiers: set(data.campaignQualifiers ?? []),
    },
    evaluation: scanner(data.evaluation, caseSensitive),
    neutralising: scanner(data.neutralising, caseSensitive, intensifiers),
    setAside: scanner(data.setAside ?? [], caseSensitive),
    setAsideObjects: (data.setAsideObjects ?? []).map(foldWord),
    respondent: scanner(data.respondent, caseSensitive),
    respondentSelf: scanner(data.respondentSelf ?? [], caseSensitive),
    selfDescription: scanner(data.selfDescription, caseSensitive),
    stanceClauses: scanner(data.stanceClauses, caseSensitive),
    categoryNouns,
    detailVariables: new Set((data.detailVariables ?? []).map(foldWord)),
    castCues: new RegExp(scanner(data.castCues ?? [], caseSensitive).source, 'u'),
  };
}

const compiled = new Map<ForeignLanguage, CompiledLanguage>();
const compiledWithExtras = new WeakMap<ResolvedConfig, Map<ForeignLanguage, CompiledLanguage>>();
/** A language compiled once, and once more per configuration object that adds terms. */
function compiledFor(language: ForeignLanguage, config?: ResolvedConfig): CompiledLanguage {
  const extras = config && (config.taskRoles.length > 0 || Object.values(config.lexicon.identity).some((terms) => terms && terms.length > 0));
  let cache = compiled;
  if (extras) {
    cache = compiledWithExtras.get(config) ?? new Map();
    compiledWithExtras.set(config, cache);
  }
  let c = cache.get(language);
  if (!c) cache.set(language, (c = compile(LANGUAGES[language], extras ? config : undefined)));
  return c;
}

/**
 * The first `max` word tokens of text[from, to), folded, with their offsets: a frame reads a bounded number of words
 * however long its sentence is, so many frames in one huge sentence stay linear.
 */
function wordsIn(text: string, from: number, to: number, max = Infinity): Word[] {
  const words: Word[] = [];
  const scan = new RegExp(LETTERS.source, 'gu');
  scan.lastIndex = from;
  for (let m = scan.exec(text); m && m.index < to && words.length < max; m = scan.exec(text)) {
    const end = Math.min(m.index + m[0].length, to);
    words.push({ word: foldWord(text.slice(m.index, end)), start: m.index, end });
  }
  return words;
}

/** The identity term starting at words[i], if one does (a written form, or one with a listed ending). */
function identityAt(lang: CompiledLanguage, words: { word: string }[], i: number): { words: string[]; category: IdentityCategory | 'stance' } | undefined {
  const first = words[i].word;
  const candidates = [first, ...lang.endings.filter((e) => first.length > e.length + 3 && first.endsWith(e)).map((e) => first.slice(0, -e.length))];
  for (const head of candidates) {
    for (const entry of lang.identity.get(head) ?? []) {
      if (entry.words.every((w, k) => k === 0 || words[i + k]?.word === w)) return entry;
    }
  }
  return undefined;
}

/**
 * The identity a hyphenated word carries in one of its parts: "SPD-Mitglied", "AfD-Wählerin", "pro-Bolsonaro"
 * name a party or a side whatever the compound's other half is; a membership head beside a name ("Bayern-Fan")
 * is a loyalty to that name.
 */
function compoundIdentity(lang: CompiledLanguage, token: Word, original: string): IdentityCategory | 'stance' | undefined {
  if (!token.word.includes('-')) return undefined;
  const parts = token.word.split('-');
  const originals = original.split('-');
  for (const [k, part] of parts.entries()) {
    const entry = lang.identity.get(part)?.find((e) => e.words.length === 1);
    // A capitalised later part is a name's ("Jean-Baptiste"), not an identity's.
    if (entry && (k === 0 || !isCapitalised(originals[k] ?? ''))) return entry.category;
  }
  const headAt = parts.findIndex((p) => lang.sets.fandomHeads.has(p) || lang.sets.partisanHeads.has(p) || lang.sets.membershipHeads.has(p));
  if (headAt < 0) return undefined;
  const named = originals.some((o, k) => k !== headAt && /^\p{Lu}/u.test(o));
  if (!named) return undefined;
  return lang.sets.fandomHeads.has(parts[headAt]) ? 'fandom' : 'political';
}

/** Whether the written word is an acronym (PP, PT, SPD, LFI) or starts with a capital letter. */
const isAcronym = (written: string): boolean => /^\p{Lu}{2,6}$/u.test(written);
const isCapitalised = (written: string): boolean => /^\p{Lu}/u.test(written);

/** The first template variable that begins inside [from, to) (variables are in text order). */
function variableIn(variables: readonly TemplateVariable[], from: number, to: number): TemplateVariable | undefined {
  const v = variables[firstStartingFrom(variables, from)];
  return v !== undefined && v.start < to ? v : undefined;
}

/** The template variables that begin inside [from, to). */
function variablesIn(variables: readonly TemplateVariable[], from: number, to: number): TemplateVariable[] {
  const out: TemplateVariable[] = [];
  for (let i = firstStartingFrom(variables, from); i < variables.length && variables[i].start < to; i++) out.push(variables[i]);
  return out;
}

type Word = { word: string; start: number; end: number };

/** A variable as an identity attribute: quoted as written, or by its name when it holds an expression. */
function variableAttribute(text: string, v: TemplateVariable, category: IdentityCategory): ForeignPersona['attributes'][number] {
  const written = text.slice(v.start, v.end);
  return { category, term: /\s/.test(written) ? v.name : written, span: { start: v.start, end: v.end } };
}

/** What a persona phrase holds: identity attributes, a task head, where it stopped. */
interface PhraseScan {
  attributes: ForeignPersona['attributes'];
  taskHead?: Word;
  /** Index of the word that ended the phrase (words.length when it ran to the end). */
  end: number;
}

/**
 * Reads a persona noun phrase from words[i]: identity terms (also inside hyphenated words), a membership, party or
 * fan head with its "of" phrase ("votante del PP", "militante do PT", "hincha de Boca Juniors"), an age ("de 24
 * años") and task heads, up to a word that ends the phrase.
 */
function scanPhrase(lang: CompiledLanguage, text: string, words: Word[], i: number, variables: readonly TemplateVariable[]): PhraseScan {
  const attributes: ForeignPersona['attributes'] = [];
  let taskHead: Word | undefined;
  let member = false;
  let head: { word: Word; kind: 'member' | 'partisan' | 'fan' } | undefined;
  const attribute = (category: IdentityCategory | 'stance', from: Word, to: Word) =>
    attributes.push({ category, term: text.slice(from.start, to.end), span: { start: from.start, end: to.end } });
  while (i < words.length) {
    const word = words[i].word;
    // A head's "of" phrase naming a party, a club or a movement: "votante del PP", "torcedor do Flamengo".
    if (head && lang.sets.ofWords.has(word) && i + 1 < words.length) {
      let k = i + 1;
      if (lang.sets.articles.has(words[k].word) && k + 1 < words.length) k++;
      const written = text.slice(words[k].start, words[k].end);
      const found = variableIn(variables, words[i].end, words[k].end);
      // "militante de {partido}" names a side; "votante de {ciudad}" does not.
      const variable = found && variableCategory(found.name) ? found : undefined;
      // A party is named by its acronym ("del PP", "do PT", "der SPD"); any name after a fan's "of" is the club, but
      // a capitalised name after a voter's is as often a place ("votante de Madrid").
      // A movement or organisation is named by two or more capitalised words after a militant's or a member's "of"
      // ("militante d'Extinction Rebellion", "miembro de Greenpeace España"); a voter's may be a place.
      const movement =
        head.kind !== 'fan' &&
        !lang.sets.voterHeads.has(head.word.word) &&
        isCapitalised(written) &&
        k + 1 < words.length &&
        isCapitalised(text.slice(words[k + 1].start, words[k + 1].end)) &&
        !/[,;:(]/.test(text.slice(words[k].end, words[k + 1].start)) &&
        !lang.sets.articles.has(words[k].word);
      const named = head.kind === 'fan' ? isCapitalised(written) && !lang.sets.articles.has(words[k].word) : isAcronym(written) || movement;
      if ((named || variable) && !identityAt(lang, words, k)) {
        let last = k;
        while (last + 1 < words.length && isCapitalised(text.slice(words[last + 1].start, words[last + 1].end)) && last - k < 3) last++;
        const category = (variable && variableCategory(variable.name)) || (head.kind === 'fan' ? 'fandom' : 'political');
        const end = Math.max(words[last].end, variable?.end ?? 0);
        attributes.push({ category, term: text.slice(head.word.start, end), span: { start: head.word.start, end } });
        i = last + 1;
        continue;
      }
    }
    const entry = identityAt(lang, words, i);
    // "Frau Demir", "Herr Müller": a gender word before a name, with no article, is a title, not who the persona is.
    const title = entry?.category === 'gender' && entry.words.length === 1 && (i === 0 || !lang.sets.articles.has(words[i - 1].word)) && i + 1 < words.length && isCapitalised(text.slice(words[i + 1].start, words[i + 1].end)) && !identityAt(lang, words, i + 1);
    if (entry && !title) {
      attribute(entry.category, words[i], words[i + entry.words.length - 1]);
      i += entry.words.length;
      continue;
    }
    const compound = compoundIdentity(lang, words[i], text.slice(words[i].start, words[i].end));
    if (compound) {
      attribute(compound, words[i], words[i]);
      i++;
      continue;
    }
    // "de 24 años", "de {edad} años", "de ${p.idade} anos": an age inside the phrase, not its end.
    if (lang.sets.ofWords.has(word) && i + 1 < words.length) {
      const age = variableIn(variables, words[i].end, words[i + 1].end);
      const unit = age ? words.findIndex((w, k) => k > i && w.start >= age.end) : i + 2;
      if (unit > i && unit < words.length && lang.sets.ageUnits.has(words[unit].word)) {
        const category = age && variableCategory(age.name);
        if (age && category) attributes.push(variableAttribute(text, age, category));
        i = unit + 1;
        continue;
      }
    }
    if (lang.sets.phraseStops.has(word) || (lang.sets.ofWords.has(word) && !member)) break;
    // "un électeur conservateur et catholique" goes on; "un assistant et tu aides les catholiques" does not.
    if (lang.sets.conjunctions.has(word) && !continuesAfterConjunction(lang, words, i + 1)) break;
    if (lang.sets.taskHeads.has(word)) taskHead ??= words[i];
    // The first head leads ("hincha fanático de Boca": the fan is the head, "fanático" its adjective).
    if (!head && lang.sets.fandomHeads.has(word)) head = { word: words[i], kind: 'fan' };
    else if (!head && lang.sets.partisanHeads.has(word)) head = { word: words[i], kind: 'partisan' };
    else if (!head && lang.sets.membershipHeads.has(word)) head = { word: words[i], kind: 'member' };
    member ||= head !== undefined;
    i++;
  }
  return { attributes, taskHead, end: i };
}

/** Whether the words after a conjunction continue the persona: an article, or an identity term within two words. */
function continuesAfterConjunction(lang: CompiledLanguage, words: { word: string }[], next: number): boolean {
  if (next < words.length && lang.sets.articles.has(words[next].word)) return true;
  return [next, next + 1].some((k) => k < words.length && identityAt(lang, words, k) !== undefined);
}

/** How many words after a frame its persona phrase may hold. */
const MAX_PHRASE_WORDS = 12;
/** How many words of the rest of the sentence are read for further descriptions of the persona. */
const MAX_SENTENCE_WORDS = 45;

/** Whether words[at] opens a description of the persona: an identity, a membership or fan head, a party compound. */
function opensDescription(lang: CompiledLanguage, text: string, words: Word[], at: number): boolean {
  const word = words[at].word;
  return (
    identityAt(lang, words, at) !== undefined ||
    lang.sets.fandomHeads.has(word) ||
    lang.sets.partisanHeads.has(word) ||
    lang.sets.membershipHeads.has(word) ||
    compoundIdentity(lang, words[at], text.slice(words[at].start, words[at].end)) !== undefined
  );
}

/**
 * A category noun at rest[k], after at most an "of" word, followed within a word by a variable whose name names no
 * category ("de nationalité {1}", "de confession {2}", "Nationalität: {nat}"): the variable and the noun's category.
 */
function categoryNounSegment(
  lang: CompiledLanguage,
  text: string,
  rest: Word[],
  k: number,
  variables: readonly TemplateVariable[],
): { variable: TemplateVariable; category: IdentityCategory } | undefined {
  let at = k;
  if (at < rest.length && lang.sets.ofWords.has(rest[at].word)) at++;
  if (at >= rest.length) return undefined;
  const entry = lang.categoryNouns.get(rest[at].word)?.find((e) => e.words.every((w, j) => rest[at + j]?.word === w));
  if (!entry) return undefined;
  const nounEnd = rest[at + entry.words.length - 1].end;
  // The variable follows the noun, with at most a colon, an "of" word or an article between.
  const next = rest[at + entry.words.length];
  const limit = next && !lang.sets.ofWords.has(next.word) && !lang.sets.articles.has(next.word) ? next.start : next ? (rest[at + entry.words.length + 1]?.start ?? text.length) : nounEnd + 12;
  const variable = variableIn(variables, nounEnd, Math.min(limit, nounEnd + 12));
  if (!variable || variableCategory(variable.name)) return undefined;
  return { variable, category: entry.category };
}

/**
 * Identities further on in a persona's sentence, past where its first phrase ended: a later description after a
 * comma or "and" that starts with an identity or a membership head ("Eres Paco, tertuliano de una radio y votante
 * del PP"; "Tu es Claire, juriste dans une association et militante féministe"), and a self-description ("que se
 * define como {ideologia}", "der sich als Katholikin versteht"). A description after a plural article is about
 * other people ("pour les fidèles catholiques") and is left alone.
 */
function laterDescriptions(
  lang: CompiledLanguage,
  text: string,
  rest: Word[],
  variables: readonly TemplateVariable[],
  afterTask = false,
): { attributes: ForeignPersona['attributes']; variables: TemplateVariable[] } {
  const attributes: ForeignPersona['attributes'] = [];
  const found: TemplateVariable[] = [];
  for (let k = 0; k < rest.length; k++) {
    const gap = k === 0 ? '' : text.slice(rest[k - 1].end, rest[k].start);
    // The first word opens a segment when the phrase before it ended at a comma ("{nombre}, de {nacionalidad}").
    const startsSegment = k > 0 ? /[,;:(]/.test(gap) || lang.sets.conjunctions.has(rest[k - 1].word) : /[,;:(]\s*$/.test(text.slice(Math.max(0, rest[0].start - 4), rest[0].start));
    if (!startsSegment) continue;
    // A segment that opens with a variable naming an identity category, at most an "of" word and one word before it
    // (", {religion}", ", de {nacionalidad}", ", de nacionalidade ${p.nacionalidade}"), describes the persona; after
    // any other word ("sobre {religion}") the variable is a topic.
    const segmentVariable = variableIn(variables, k > 0 ? rest[k - 1].end : rest[0].start, rest[Math.min(rest.length - 1, k + 2)].end);
    if (segmentVariable && variableCategory(segmentVariable.name) && !found.includes(segmentVariable)) {
      const before = rest.slice(k).filter((w) => w.end <= segmentVariable.start);
      if (before.length <= 2 && (before.length === 0 || lang.sets.ofWords.has(before[0].word))) {
        found.push(segmentVariable);
        continue;
      }
    }
    // A segment that names a category and then a variable (", de nationalité {1}", ", Konfession: {2}",
    // ", afiliación política {x}") gives the variable that category whatever its name.
    const named = categoryNounSegment(lang, text, rest, k, variables);
    if (named && !found.includes(named.variable)) {
      found.push(named.variable);
      const written = text.slice(rest[k].start, named.variable.end);
      attributes.push({ category: named.category, term: written, span: { start: rest[k].start, end: named.variable.end } });
      continue;
    }
    if (lang.sets.articles.has(rest[k].word) && !lang.sets.singularArticles.has(rest[k].word)) continue;
    // The description may open a few words in ("und seit Jahrzehnten überzeugtes Mitglied der {partei}"), with no
    // word between that ends a phrase; after an article, its head or the adjective right after the head, where
    // French, Spanish and Portuguese put it ("un aristocrate royaliste", "una mujer católica", "um operário
    // sindicalista"), unless the persona is a task role, whose appositions describe what it serves ("o assistente
    // da Livraria Boa Nova, uma livraria cristã"). A head that is a task role with only a nationality names its
    // market, as in a frame's phrase.
    const article = lang.sets.singularArticles.has(rest[k].word);
    const first = article ? k + 1 : k;
    let at = -1;
    for (let j = first; j < Math.min(rest.length, article ? first + (afterTask ? 1 : 2) : k + 4); j++) {
      if (j > k && (lang.sets.phraseStops.has(rest[j].word) || lang.sets.ofWords.has(rest[j].word) || lang.sets.articles.has(rest[j].word) || /[,;:(]/.test(text.slice(rest[j - 1].end, rest[j].start)))) break;
      if (opensDescription(lang, text, rest, j)) {
        at = article ? first : j;
        break;
      }
    }
    if (at < 0) continue;
    const scan = scanPhrase(lang, text, rest, at, variables);
    if (!(scan.taskHead && scan.attributes.every((a) => a.category === 'nationality'))) attributes.push(...scan.attributes);
    k = Math.max(k, scan.end - 1);
  }
  // A compound naming a party or a club is the persona's wherever it stands, unless a preposition or a plural
  // article puts it in someone else's hands ("für SPD-Mitglieder").
  for (let k = 0; k < rest.length; k++) {
    if (k > 0 && (lang.sets.phraseStops.has(rest[k - 1].word) || (lang.sets.articles.has(rest[k - 1].word) && !lang.sets.singularArticles.has(rest[k - 1].word)))) continue;
    const category = compoundIdentity(lang, rest[k], text.slice(rest[k].start, rest[k].end));
    if (category && !attributes.some((a) => a.span.start <= rest[k].start && rest[k].end <= a.span.end)) {
      attributes.push({ category, term: text.slice(rest[k].start, rest[k].end), span: { start: rest[k].start, end: rest[k].end } });
    }
  }
  const campaign = campaignSide(lang, text, rest);
  if (campaign) attributes.push(campaign);
  if (rest.length > 0) {
    const from = rest[0].start;
    const to = rest[rest.length - 1].end;
    for (const m of text.slice(from, to).matchAll(lang.stanceClauses)) {
      attributes.push({ category: 'stance', term: m[0], span: { start: from + m.index, end: from + m.index + m[0].length } });
    }
    for (const m of text.slice(from, to).matchAll(lang.selfDescription)) {
      const after = from + m.index + m[0].length;
      const next = rest.findIndex((w) => w.start >= after);
      // The variable follows the self-description, or sits in its gap ("hast bei der Wahl {partei} gewählt").
      const inside = variableIn(variables, from + m.index, after);
      const following = variableIn(variables, after, Math.min(to + 1, after + 40));
      // A variable further on names the persona only if its name is an identity category: in "e é responsável por
      // {tarefa}" the self-description is not about the variable; in "e é {religiao}" and "se define como {x}" it is.
      const near = following && (variableCategory(following.name) || wordsIn(text, after, following.start, 2).length <= 1);
      const variable = inside && variableCategory(inside.name) ? inside : near ? following : undefined;
      if (variable) {
        found.push(variable);
        const category = variableCategory(variable.name);
        if (category) attributes.push(variableAttribute(text, variable, category));
        continue;
      }
      for (let k = next; k >= 0 && k < Math.min(rest.length, next + 4); k++) {
        const entry = identityAt(lang, rest, k);
        if (entry) {
          const last = rest[k + entry.words.length - 1];
          attributes.push({ category: entry.category, term: text.slice(rest[k].start, last.end), span: { start: rest[k].start, end: last.end } });
          break;
        }
      }
    }
  }
  return { attributes, variables: found };
}

/** How many words a campaign's side may lie past its head: "de", an article, then the name or electoral word. */
const CAMPAIGN_WORDS = 4;

/**
 * A campaign the persona belongs to, right after its phrase, that is one side's: "(o assistente) da campanha de
 * Renata Albuquerque", "(le bot) de la campagne du PS", "(der Chatbot) des Wahlkampfteams der Kandidatin". Its name
 * is two capitalised words or an acronym, or an electoral word follows; "la campagne de vaccination" is no side.
 */
function campaignSide(lang: CompiledLanguage, text: string, rest: Word[]): ForeignPersona['attributes'][number] | undefined {
  if (lang.sets.campaignHeads.size === 0) return undefined;
  let h = 0;
  while (h < Math.min(rest.length, 3) && !lang.sets.campaignHeads.has(rest[h].word)) {
    const w = rest[h].word;
    if (!(lang.sets.ofWords.has(w) || lang.sets.articles.has(w) || lang.sets.phraseStops.has(w))) return undefined;
    h++;
  }
  if (h >= rest.length || !lang.sets.campaignHeads.has(rest[h].word)) return undefined;
  const written = (k: number): string => text.slice(rest[k].start, rest[k].end);
  for (let k = h + 1; k < Math.min(rest.length, h + 1 + CAMPAIGN_WORDS); k++) {
    if (/[.;:!?]/.test(text.slice(rest[k - 1].end, rest[k].start))) break;
    const side =
      lang.sets.campaignQualifiers.has(rest[k].word) ? k :
      // A name comes after an "of" word ("campagne de Marc Dubois"); right after the head it names the campaign itself
      // ("campanha Black Friday").
      k === h + 1 ? -1 :
      isAcronym(written(k)) ? k :
      isCapitalised(written(k)) && k + 1 < rest.length && isCapitalised(written(k + 1)) && !/[,;:(]/.test(text.slice(rest[k].end, rest[k + 1].start)) ? k + 1 :
      -1;
    if (side >= 0) return { category: 'stance', term: text.slice(rest[h].start, rest[side].end), span: { start: rest[h].start, end: rest[side].end } };
    if (!(lang.sets.ofWords.has(rest[k].word) || lang.sets.articles.has(rest[k].word) || lang.sets.phraseStops.has(rest[k].word))) break;
  }
  return undefined;
}

/** Whether a variable's name is a task detail in the language (`{ocupacion}`, `{estudios}`, `{beruf}`). */
const isLocalDetail = (lang: CompiledLanguage, name: string): boolean => variableNameWords(name).some((w) => lang.detailVariables.has(w));

/** The personas assigned by the frames of `language` in a message's prose, given its template variables. */
export function findForeignPersonas(
  prose: Prose,
  language: ForeignLanguage,
  variables: readonly TemplateVariable[],
  config?: ResolvedConfig,
): ForeignPersona[] {
  const lang = compiledFor(language, config);
  const text = prose.text;
  const out: ForeignPersona[] = [];
  for (const { form, pattern } of lang.frames) {
    for (const m of text.matchAll(pattern)) {
      const sentence = sentenceBounds(prose, m.index);
      if (form === 'asa' && m.index !== sentence.start) continue;
      // "¿Eres católico?", "Você é evangélico?": a question asks who someone is, it does not assign.
      if (/[?？]\s*$/.test(text.slice(m.index, sentence.end)) || text.slice(sentence.start, m.index).includes('¿')) continue;
      const before = wordsIn(text, Math.max(sentence.start, m.index - 40), m.index).slice(-2);
      if (before.some((w) => lang.sets.cancelsBefore.has(w.word))) continue;
      let frameEnd = m.index + m[0].length;
      let sentenceWords = wordsIn(text, frameEnd, sentence.end, MAX_SENTENCE_WORDS);
      if (sentenceWords.length > 0 && lang.sets.negationsAfter.has(sentenceWords[0].word)) {
        // "Du bist nicht mehr Jonas, sondern Frau Demir, ...": the persona is the one after the contrast.
        const contrast = sentenceWords.findIndex((w) => lang.sets.contrasts.has(w.word));
        if (contrast < 0) continue;
        frameEnd = sentenceWords[contrast].end;
        sentenceWords = sentenceWords.slice(contrast + 1);
      }
      const words = sentenceWords.slice(0, MAX_PHRASE_WORDS);
      let i = 0;
      while (i < words.length && lang.sets.articles.has(words[i].word)) i++;
      const scan = scanPhrase(lang, text, words, i, variables);
      const attributes = scan.attributes;
      const taskHead = scan.taskHead;
      i = scan.end;
      const later = laterDescriptions(lang, text, sentenceWords.slice(i), variables, taskHead !== undefined);
      attributes.push(...later.attributes);
      // As in English, a nationality beside a task role names its market or its law ("un assistant juridique
      // français"), not who the model is.
      if (taskHead && attributes.every((a) => a.category === 'nationality')) attributes.length = 0;
      // A variable before the phrase ends leaves the persona open (a detail such as `{company}` does not).
      const phraseLimit = i < words.length ? words[i].start : sentence.end;
      const inPhrase = [...variablesIn(variables, frameEnd, phraseLimit), ...later.variables];
      // A variable a category noun has named ("de nationalité {1}") is the persona's whatever its name.
      const variable = inPhrase.find((v) => attributes.some((a) => a.span.end === v.end) || (!DETAIL_VARIABLE.test(v.name) && !isLocalDetail(lang, v.name)) || variableCategory(v.name));
      for (const v of variable ? inPhrase : []) {
        const category = variableCategory(v.name);
        if (category && !attributes.some((a) => a.span.start === v.start)) attributes.push(variableAttribute(text, v, category));
      }
      const kind = variable ? 'templated' : attributes.some((a) => a.category !== 'stance') ? 'identity' : attributes.length > 0 ? 'stance' : taskHead ? 'task' : undefined;
      if (!kind) continue;
      const phraseStart = Math.min(words[0]?.start ?? frameEnd, variable?.start ?? frameEnd);
      const phraseEnd = Math.max(words[0]?.end ?? 0, variable?.end ?? 0, taskHead?.end ?? 0, ...attributes.map((a) => a.span.end));
      out.push({ kind, form, start: m.index, phrase: { start: phraseStart, end: phraseEnd }, attributes, variable: variable?.name, label: framedLabel(text, m.index) });
    }
  }
  out.push(...castLines(lang, prose, variables, out));
  return out.sort((a, b) => a.start - b.start);
}

/**
 * A cast line's start: a list marker, a name of capitalised words (particles such as "de", "van", "dos" between),
 * an optional bracket, then a comma, colon or dash ("- Mamadou Diallo, 27 ans, ...", "2. Frau Dr. Ilse Brandt: ...").
 */
const CAST_LINE = /^[ \t]*(?:(?:[-*+•]|\d{1,2}[.)])[ \t]+)?(?:\*\*)?\p{Lu}[\p{L}'’.-]{0,30}(?:[ \t]+(?:\p{Lu}[\p{L}'’.-]{0,30}|d[aeiou]s?|del|von|van|der|den|le|la|du|ben|bin|al|y|e)){0,4}(?:\*\*)?[ \t]*(?:\([^()\n]{0,40}\)[ \t]*)?[,:—–][ \t]*/u;
/** How far back from a frame its line's start is looked for. */
const MAX_LABEL_PREFIX = 120;
/** How many words may stand between a cast line's name and its frame ("2. **Arturo** — aquí eres ..."). */
const MAX_LABEL_GAP_WORDS = 4;

/**
 * The name a list item or a "Name — ..." line gives the persona its frame assigns, when the frame follows it within
 * a few words ("1. **Lucía** — en este papel eres ...", "Bruno: agora você é ..."): each member is its own persona.
 * A name before a comma labels only a list item, since "Aujourd'hui, tu es ..." is a sentence.
 */
function framedLabel(text: string, frameStart: number): string | undefined {
  // Read back no further than a label reaches, so many frames on one huge line stay linear.
  const from = Math.max(0, frameStart - MAX_LABEL_PREFIX);
  const window = text.slice(from, frameStart);
  const newline = window.lastIndexOf('\n');
  if (newline < 0 && from > 0) return undefined;
  const prefix = window.slice(newline + 1);
  const c = CAST_LINE.exec(prefix);
  if (!c) return undefined;
  const listed = /^[ \t]*(?:[-*+•]|\d{1,2}[.)])[ \t]/.test(c[0]) || c[0].includes('**');
  if (!listed && !/[:—–][ \t]*$/.test(c[0])) return undefined;
  const gap = prefix.slice(c[0].length);
  if (/[.!?;:]/.test(gap) || (gap.match(LETTERS) ?? []).length > MAX_LABEL_GAP_WORDS) return undefined;
  return castLabel(c[0]);
}

/** A cast line's name as its label, without its marker, bold, bracket or separator. */
const castLabel = (prefix: string): string =>
  prefix.slice(prefix.search(/\p{Lu}/u)).replace(/[*()\s,:—–]+$/u, '').replace(/\*\*/g, '').replace(/\s*\([^()]*\)\s*$/, '').trim();

/** An age right after a cast line's name: "27 ans,", "45 años,", "71 Jahre alt,", "33,". */
const CAST_AGE = /^(?:\d{1,3})(?:[ \t]+[\p{L}]{1,6}){0,2}[ \t]*[,;][ \t]*/u;
/** How far back from a list line its introduction is looked for, and how long a cast line is read. */
const MAX_LIST_CHARS = 2000;
const MAX_CAST_LINE = 400;
const LIST_LINE = /^[ \t]*(?:(?:[-*+•]|\d{1,2}[.)])[ \t]+|<!--[^\n]*-->[ \t]*$|#[^\n]*$|\r?$)/;

/**
 * Cast lines: in a list introduced as characters the model plays ("Tu vas incarner les trois suspects :"), a line
 * "Name, age, description" whose description holds an identity is a persona of its own, as the English pass reads
 * them. The introduction is the nearest line above the list that is not one of its items, a blank line or a
 * comment; a list of people the model serves or writes about is not a cast. Frames are few, so checking the lines
 * against them costs little.
 */
function castLines(lang: CompiledLanguage, prose: Prose, variables: readonly TemplateVariable[], framed: readonly ForeignPersona[]): ForeignPersona[] {
  const text = prose.text;
  const out: ForeignPersona[] = [];
  const introduced = new Map<number, boolean>();
  for (let lineStart = 0; lineStart < text.length; ) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const line = text.slice(lineStart, Math.min(lineEnd, lineStart + MAX_CAST_LINE));
    const m = CAST_LINE.exec(line);
    // A line whose own frame assigns the persona ("- Júlia: você é uma ...") is read by that frame, under its label.
    if (m && !framed.some((p) => p.start >= lineStart && p.start < lineEnd)) {
      let from = lineStart + m[0].length;
      const age = CAST_AGE.exec(text.slice(from, Math.min(lineEnd, from + 40)));
      if (age) from += age[0].length;
      const nameStart = lineStart + (/\p{Lu}/u.exec(m[0])?.index ?? 0);
      if (castIntroduced(lang, text, lineStart, introduced)) {
        const rest = wordsIn(text, from, Math.min(lineEnd, lineStart + MAX_CAST_LINE), MAX_SENTENCE_WORDS);
        const attributes = rest.length > 0 ? laterDescriptions(lang, text, rest, variables).attributes.filter((a) => a.category !== 'stance') : [];
        if (attributes.length > 0) {
          out.push({
            kind: 'identity',
            form: 'addressed',
            // After "Name:" the persona starts at its description, so the name is read as its label ("- Odile: ...").
            start: /:[ \t]*$/.test(m[0]) && !age ? rest[0].start : nameStart,
            phrase: { start: rest[0].start, end: Math.max(...attributes.map((a) => a.span.end)) },
            attributes,
            label: castLabel(m[0]),
          });
        }
      }
    }
    lineStart = lineEnd + 1;
  }
  return out;
}

/** Whether the list a line belongs to is introduced by a line with a cast cue, read back a bounded distance. */
function castIntroduced(lang: CompiledLanguage, text: string, lineStart: number, memo: Map<number, boolean>): boolean {
  let end = lineStart;
  const seen: number[] = [];
  let result = false;
  while (end > 0 && lineStart - end < MAX_LIST_CHARS) {
    const start = end >= 2 ? text.lastIndexOf('\n', end - 2) + 1 : 0;
    const known = memo.get(start);
    if (known !== undefined) {
      result = known;
      break;
    }
    seen.push(start);
    const line = text.slice(start, end).replace(/\r?\n$/, '');
    if (!LIST_LINE.test(line)) {
      result = lang.castCues.test(line);
      break;
    }
    end = start;
  }
  for (const start of seen) memo.set(start, result);
  return result;
}

/** How many words after a set-aside wording may name what is set aside ("mets de côté tes convictions politiques"). */
const SET_ASIDE_WORDS = 3;

/**
 * Whether a folded word is an object word with at most a plural or inflected ending ("convictions",
 * "Überzeugungen"), or a compound ending in one ("Glaubensüberzeugung") when the object word is not short.
 */
function namesObject(word: string, object: string): boolean {
  if (word.length > object.length + 3 && object.length < 5) return false;
  for (let k = 0; k <= 3 && word.length - k >= object.length; k++) {
    const stem = word.slice(0, word.length - k);
    if (stem === object || (object.length >= 5 && stem.endsWith(object))) return true;
  }
  return false;
}

/**
 * Set-aside wordings that set aside a conviction, an opinion, a loyalty or an identity ("deixe suas preferências de
 * lado", "mets de côté tes convictions"), not any object ("deixe o K-pop de lado e escute").
 */
function setAsideMatches(lang: CompiledLanguage, prose: Prose): RegExpExecArray[] {
  if (lang.setAsideObjects.length === 0) return [];
  const text = prose.text;
  return [...text.matchAll(lang.setAside)].filter((m) => {
    const sentence = sentenceBounds(prose, m.index);
    const end = m.index + m[0].length;
    const words = [...wordsIn(text, m.index, end), ...wordsIn(text, end, sentence.end, SET_ASIDE_WORDS)];
    return words.some((w) => lang.setAsideObjects.some((o) => namesObject(w.word, o)));
  });
}

/**
 * Instruction matches of one class in a message of `language`: evaluations (negated ones left out), neutralising
 * wordings, and respondent wordings in a sentence that names respondents or a survey ("comme le ferait un
 * répondant", "como lo haría un encuestado"; "comme le ferait une magistrate" is not one).
 */
export function findForeignInstructions(prose: Prose, language: ForeignLanguage, kind: 'evaluation' | 'neutralising' | 'respondent'): RegExpExecArray[] {
  const lang = compiledFor(language);
  const text = prose.text;
  // Whether a sentence names respondents or a survey, read once per sentence however many wordings it holds.
  const namesRespondents = new Map<number, boolean>();
  const self = kind === 'respondent' ? [...text.matchAll(lang.respondentSelf)] : kind === 'neutralising' ? setAsideMatches(lang, prose) : [];
  const matches = [...text.matchAll(lang[kind])].filter((m) => {
    if (kind === 'neutralising') return true;
    const sentence = sentenceBounds(prose, m.index);
    if (kind === 'respondent') {
      let names = namesRespondents.get(sentence.start);
      if (names === undefined) {
        names = wordsIn(text, sentence.start, sentence.end).some((w) => lang.sets.respondentContext.has(w.word));
        namesRespondents.set(sentence.start, names);
      }
      return names;
    }
    const before = wordsIn(text, Math.max(sentence.start, m.index - 30), m.index).slice(-2).map((w) => w.word);
    // "un juge", "la note", "en classe": after an article, a determiner or a preposition the word is a noun, not an
    // instruction.
    const last = before[before.length - 1];
    if (last !== undefined && (lang.sets.articles.has(last) || lang.sets.nounMarkers.has(last))) return false;
    return !before.some((w) => lang.sets.instructionNegations.has(w));
  });
  return self.length === 0 ? matches : [...matches, ...self].sort((a, b) => a.index - b.index);
}
