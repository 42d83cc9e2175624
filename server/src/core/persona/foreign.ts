// Persona frames and instruction wordings of the languages in lexicon/i18n, read with the same model as English:
// a frame, then a noun phrase whose identity words make the persona an identity, up to a word that ends it.
import type { ResolvedConfig } from '../config.js';
import type { TemplateVariable } from '../formats/types.js';
import type { IdentityCategory } from './categories.js';
import { DETAIL_VARIABLE } from './classify.js';
import { foldWord, LANGUAGES, LETTERS, type ForeignLanguage, type LanguageData } from './languages.js';
import { sentenceBounds, type Prose } from './prose.js';
import type { PersonaKind } from './types.js';
import { variableCategory } from './variableNames.js';

/** A persona found in a message of another language, in text coordinates. */
export interface ForeignPersona {
  kind: Extract<PersonaKind, 'identity' | 'task' | 'templated'>;
  form: keyof LanguageData['frames'];
  /** Where the frame starts. */
  start: number;
  phrase: { start: number; end: number };
  attributes: { category: IdentityCategory; term: string; span: { start: number; end: number } }[];
  /** The template variable the persona comes from ("Tu es {persona}"), when it does. */
  variable?: string;
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
  | 'instructionNegations';

/** One language's data compiled for scanning. */
interface CompiledLanguage {
  frames: { form: ForeignPersona['form']; pattern: RegExp }[];
  /** Identity terms as folded word tuples, by their first word, longest first. */
  identity: Map<string, { words: string[]; category: IdentityCategory }[]>;
  endings: string[];
  sets: Record<WordSetName, Set<string>>;
  evaluation: RegExp;
  neutralising: RegExp;
}

const folded = (phrase: string): string[] => [...phrase.matchAll(LETTERS)].map(([w]) => foldWord(w));
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A phrase as a regex matching it in any case but its case-sensitive words, any run of spaces between words. */
function phrasePattern(phrase: string, caseSensitive: ReadonlySet<string>): string {
  return phrase
    .split(/\s+/)
    .map((word) =>
      caseSensitive.has(word)
        ? escape(word)
        : [...word].map((c) => (c.toLowerCase() === c.toUpperCase() ? escape(c) : `[${c.toLowerCase()}${c.toUpperCase()}]`)).join(''),
    )
    .join(String.raw`\s+`);
}

/** Alternation of phrases between letter boundaries (`\b` knows only ASCII letters). */
function scanner(phrases: readonly string[], caseSensitive: ReadonlySet<string>): RegExp {
  const sorted = [...phrases].sort((a, b) => b.length - a.length);
  // An elided frame ("joue le rôle d’") runs straight into the next word; any other ends at a letter boundary.
  const bounded = (p: string): string => phrasePattern(p, caseSensitive) + (/['’]$/.test(p) ? '' : String.raw`(?![\p{L}\p{N}])`);
  return new RegExp(String.raw`(?<![\p{L}\p{N}])(?:${sorted.map(bounded).join('|')})`, 'gu');
}

/** Compiles a language's data, with the configuration's extra identity terms and task roles (any language). */
function compile(data: LanguageData, config?: ResolvedConfig): CompiledLanguage {
  const caseSensitive = new Set(data.caseSensitiveWords);
  const identity = new Map<string, { words: string[]; category: IdentityCategory }[]>();
  const extraTerms = (config?.lexicon.identity ?? {}) as Partial<Record<IdentityCategory, string[]>>;
  const categories = new Set([...Object.keys(data.identity), ...Object.keys(extraTerms)] as IdentityCategory[]);
  for (const category of categories) {
    for (const term of [...(data.identity[category] ?? []), ...(extraTerms[category] ?? [])]) {
      const words = folded(term);
      if (words.length === 0) continue;
      const list = identity.get(words[0]) ?? [];
      list.push({ words, category });
      identity.set(words[0], list.sort((a, b) => b.words.length - a.words.length));
    }
  }
  const set = (words: string[]): Set<string> => new Set(words.map(foldWord));
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
    },
    evaluation: scanner(data.evaluation, caseSensitive),
    neutralising: scanner(data.neutralising, caseSensitive),
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

/** The word tokens of text[from, to), folded, with their offsets. */
function wordsIn(text: string, from: number, to: number): { word: string; start: number; end: number }[] {
  return [...text.slice(from, to).matchAll(LETTERS)].map((m) => ({ word: foldWord(m[0]), start: from + m.index, end: from + m.index + m[0].length }));
}

/** The identity term starting at words[i], if one does (a written form, or one with a listed ending). */
function identityAt(lang: CompiledLanguage, words: { word: string }[], i: number): { words: string[]; category: IdentityCategory } | undefined {
  const first = words[i].word;
  const candidates = [first, ...lang.endings.filter((e) => first.length > e.length + 3 && first.endsWith(e)).map((e) => first.slice(0, -e.length))];
  for (const head of candidates) {
    for (const entry of lang.identity.get(head) ?? []) {
      if (entry.words.every((w, k) => k === 0 || words[i + k]?.word === w)) return entry;
    }
  }
  return undefined;
}

/** Whether the words after a conjunction continue the persona: an article, or an identity term within two words. */
function continuesAfterConjunction(lang: CompiledLanguage, words: { word: string }[], next: number): boolean {
  if (next < words.length && lang.sets.articles.has(words[next].word)) return true;
  return [next, next + 1].some((k) => k < words.length && identityAt(lang, words, k) !== undefined);
}

/** How many words after a frame its persona phrase may hold. */
const MAX_PHRASE_WORDS = 12;

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
      const frameEnd = m.index + m[0].length;
      const words = wordsIn(text, frameEnd, sentence.end).slice(0, MAX_PHRASE_WORDS);
      if (words.length > 0 && lang.sets.negationsAfter.has(words[0].word)) continue;
      let i = 0;
      while (i < words.length && lang.sets.articles.has(words[i].word)) i++;
      const attributes: ForeignPersona['attributes'] = [];
      let taskHead: { end: number } | undefined;
      let member = false;
      while (i < words.length) {
        const entry = identityAt(lang, words, i);
        if (entry) {
          const last = words[i + entry.words.length - 1];
          attributes.push({ category: entry.category, term: text.slice(words[i].start, last.end), span: { start: words[i].start, end: last.end } });
          i += entry.words.length;
          continue;
        }
        const word = words[i].word;
        if (lang.sets.phraseStops.has(word) || (lang.sets.ofWords.has(word) && !member)) break;
        // "un électeur conservateur et catholique" goes on; "un assistant et tu aides les catholiques" does not.
        if (lang.sets.conjunctions.has(word) && !continuesAfterConjunction(lang, words, i + 1)) break;
        if (lang.sets.taskHeads.has(word)) taskHead ??= words[i];
        member ||= lang.sets.membershipHeads.has(word);
        i++;
      }
      // As in English, a nationality beside a task role names its market or its law ("un assistant juridique
      // français"), not who the model is.
      if (taskHead && attributes.every((a) => a.category === 'nationality')) attributes.length = 0;
      // A variable before the phrase ends leaves the persona open (a detail such as `{company}` does not).
      const phraseLimit = i < words.length ? words[i].start : sentence.end;
      const inPhrase = variables.filter((v) => v.start >= frameEnd && v.start < phraseLimit);
      const variable = inPhrase.find((v) => !DETAIL_VARIABLE.test(v.name) || variableCategory(v.name));
      for (const v of variable ? inPhrase : []) {
        const category = variableCategory(v.name);
        if (category) attributes.push({ category, term: text.slice(v.start, v.end), span: { start: v.start, end: v.end } });
      }
      const kind = variable ? 'templated' : attributes.length > 0 ? 'identity' : taskHead ? 'task' : undefined;
      if (!kind) continue;
      const phraseStart = Math.min(words[0]?.start ?? frameEnd, variable?.start ?? frameEnd);
      const phraseEnd = Math.max(words[0]?.end ?? 0, variable?.end ?? 0, taskHead?.end ?? 0, ...attributes.map((a) => a.span.end));
      out.push({ kind, form, start: m.index, phrase: { start: phraseStart, end: phraseEnd }, attributes, variable: variable?.name });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Instruction matches of one class (evaluation or neutralising) in a message of `language`, negated evaluations left out. */
export function findForeignInstructions(prose: Prose, language: ForeignLanguage, kind: 'evaluation' | 'neutralising'): RegExpExecArray[] {
  const lang = compiledFor(language);
  const text = prose.text;
  return [...text.matchAll(lang[kind])].filter((m) => {
    if (kind === 'neutralising') return true;
    const sentence = sentenceBounds(prose, m.index);
    const before = wordsIn(text, Math.max(sentence.start, m.index - 30), m.index).slice(-2).map((w) => w.word);
    // "un juge", "la note": after an article the word is a noun, not an instruction.
    if (before.length > 0 && lang.sets.articles.has(before[before.length - 1])) return false;
    return !before.some((w) => lang.sets.instructionNegations.has(w));
  });
}
