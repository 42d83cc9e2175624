// The languages a message may be written in besides English, each one data file in lexicon/i18n: the function
// words that tell it apart, its persona frames and phrase words, its identity terms and its instruction wordings.
import de from './lexicon/i18n/de.json';
import en from './lexicon/i18n/en.json';
import es from './lexicon/i18n/es.json';
import fr from './lexicon/i18n/fr.json';
import pt from './lexicon/i18n/pt.json';
import type { IdentityCategory } from './categories.js';
import type { Prose } from './prose.js';

/** A language Evenhand reads besides English. */
export type ForeignLanguage = 'fr' | 'es' | 'de' | 'pt';
/** The language of a message: English unless it is clearly one of the others. */
export type Language = 'en' | ForeignLanguage;

/** One language's data file (lexicon/i18n/<code>.json). */
export interface LanguageData {
  /** Frequent function words: how a message in this language is told from one in English. */
  functionWords: string[];
  /** Phrases that assign a persona, by the English trigger form they correspond to (`asa` only at a sentence start). */
  frames: Record<'direct' | 'actas' | 'roleof' | 'asa', string[]>;
  /** Words of a frame matched in their case only ("Sie sind" addresses the model, "sie sind" is "they are"). */
  caseSensitiveWords: string[];
  /** Determiners skipped at the start of a persona phrase. */
  articles: string[];
  /** Words that end a persona phrase: relative pronouns, prepositions, conjunctions, "specialised in". */
  phraseStops: string[];
  /** "and"/"or": the phrase goes on past one only to an article or, within two words, an identity term. */
  conjunctions: string[];
  /** "of" words: they end the phrase unless its head states membership ("membre du ..."). */
  ofWords: string[];
  /**
   * Heads whose "of" phrase states membership or support, so identity words after it still name the persona; an
   * acronym after one names a party or union ("membre du PS", "Mitglied der SPD").
   */
  membershipHeads: string[];
  /** Voters, activists and supporters: any name after their "of" word is a side ("votante del PP", "militante do PT"). */
  partisanHeads: string[];
  /**
   * Voters: a name of several capitalised words after their "of" word is as often a place ("électeur de Saint
   * Denis") as a movement, so only a militant's, a member's or a supporter's names a movement ("militante
   * d'Extinction Rebellion", "Mitglied der Letzten Generation").
   */
  voterHeads?: string[];
  /** Fans: any name after their "of" word is a loyalty ("hincha de Boca Juniors", "torcedor do Flamengo"). */
  fandomHeads: string[];
  /** "años", "ans", "Jahre": after "de" and a number or variable, an age inside the persona phrase. */
  ageUnits: string[];
  /** Indefinite singular articles: a later description may start with one ("y una militante ..."); a plural one is other people. */
  singularArticles: string[];
  /** Self-descriptions whose identity word or variable a few words on is the persona's ("que se considera", "sich als"). */
  selfDescription: string[];
  /** Clauses in a persona's sentence that put it on one side ("que representa a la parte demandante"). */
  stanceClauses: string[];
  /** Words just before a frame that cancel it: negations and conditions ("si tu es ..." is about the user). */
  cancelsBefore: string[];
  /** Words just after a frame that negate it ("Du bist kein ..."). */
  negationsAfter: string[];
  /** "but rather": after a negated frame, the persona that replaces the negated one ("nicht X, sondern Y"). */
  contrasts: string[];
  /** Functional roles: a frame whose head is one of these and that names no identity is a task role. */
  taskHeads: string[];
  /** Endings an identity word may take beyond the forms written out (plural, German adjective endings). */
  endings: string[];
  /** Identity terms per category, in the forms they are written; several words make one term. */
  identity: Partial<Record<IdentityCategory | 'stance', string[]>>;
  /**
   * Nouns naming an identity category, which give a variable after them its category whatever the variable's
   * name ("de nationalité {1}", "Konfession: {2}", "afiliación política {x}").
   */
  categoryNouns?: Partial<Record<IdentityCategory, string[]>>;
  /**
   * Words of a variable's name, folded, that make it a detail of the task in this language, not a persona
   * ("Trabajas como {ocupacion}", "tu nivel de estudios es {estudios}").
   */
  detailVariables?: string[];
  /**
   * Words of a line introducing a list as characters the model plays ("Tu vas incarner les suspects :", "Du
   * spielst folgende Figuren:"): its lines "Name, age, description" are personas (cast lines).
   */
  castCues?: string[];
  /** Instruction wordings that ask for an evaluation (EH002). */
  evaluation: string[];
  /** Instruction wordings meant to neutralise a persona (EH003). */
  neutralising: string[];
  /** Wordings that have the model answer as a respondent would (EH004); "…" is a gap of up to four words. */
  respondent: string[];
  /** Respondent wordings that name a group's answers themselves ("simule as respostas de"): no respondent word needed. */
  respondentSelf?: string[];
  /** Adverbs a wording's "~" stands for, one at most ("reste ~ objectif": "reste parfaitement objectif"). */
  intensifiers?: string[];
  /**
   * Set-aside wordings ("mets … de côté", "deixe … de lado", "lass … außen vor"): neutralising only when what is set
   * aside is a conviction, an opinion, a loyalty or an identity (`setAsideObjects`), not any object ("deixe o K-pop
   * de lado e escute").
   */
  setAside?: string[];
  /** Beginnings of the folded words a set-aside wording must name, in it or within three words after it. */
  setAsideObjects?: string[];
  /** Words that make a respondent wording one about survey respondents: respondents, voters, surveys, panels. */
  respondentContext: string[];
  /** Words just before an instruction that negate it. */
  instructionNegations: string[];
  /**
   * Prepositions and determiners after which an evaluation word is a noun, not an instruction ("débat en classe",
   * "en su valora…", "na classifica…"), as after an article.
   */
  nounMarkers?: string[];
  /**
   * Campaigns and candidacies: a persona "of" one followed by a person's name, a party's acronym or an electoral word
   * works for one side ("l'assistant de la campagne de Marc Dubois", "da campanha de reeleição do prefeito").
   */
  campaignHeads?: string[];
  /** Electoral words that make a campaign one candidate's or party's ("electoral", "candidato", "Wiederwahl"). */
  campaignQualifiers?: string[];
}

/** Every language other than English, with its data. */
export const LANGUAGES: Record<ForeignLanguage, LanguageData> = { fr, es, de, pt } as Record<ForeignLanguage, LanguageData>;

/** Word tokens of any script, with inner hyphens (non-binaire, AfD-Wähler); apostrophes split (l'électeur). */
export const LETTERS = /[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu;

/** Lower case without diacritics, so "catolico" and "católico" are one word. */
export function foldWord(word: string): string {
  return word.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
}

/** For each function word, the languages it belongs to ('en' included), so each word of a message is one lookup. */
const LANGUAGES_OF_WORD = new Map<string, Language[]>();
for (const [code, words] of [['en', en.functionWords], ...Object.entries(LANGUAGES).map(([c, d]) => [c, d.functionWords])] as [Language, string[]][]) {
  for (const word of words) LANGUAGES_OF_WORD.set(word, [...(LANGUAGES_OF_WORD.get(word) ?? []), code]);
}

/** How many words of a message are counted: enough to tell its language, and a long prompt costs no more. */
const SAMPLE_WORDS = 600;
/** The fewest function words of a language before a message is taken to be in it (two when no English word is seen). */
const MIN_FUNCTION_WORDS = 3;
const MIN_FUNCTION_WORDS_WITHOUT_ENGLISH = 2;
const languageOf = new WeakMap<Prose, Language>();

/**
 * The language of a message's prose, by counting the function words of each language among its first words. A
 * message is foreign only when one language has at least three of its function words (two if there is no English
 * one) and twice as many as English; otherwise it is English, so English prompts quoting a foreign phrase keep every
 * English rule. Which foreign language it is goes by the words shared with fewer of the others: a word of French and
 * Spanish ("la", "es", "tu") counts half for each, so short French is not read as Spanish.
 */
const languageOfText = new Map<string, Language>();
const MAX_REMEMBERED_TEXTS = 512;

export function messageLanguage(prose: Prose): Language {
  let language = languageOf.get(prose) ?? languageOfText.get(prose.text);
  if (language) return language;
  const counts: Record<Language, number> = { en: 0, fr: 0, es: 0, de: 0, pt: 0 };
  const weights: Record<Language, number> = { en: 0, fr: 0, es: 0, de: 0, pt: 0 };
  // Words a language shares with English ("a", "as", "do" in Portuguese, "in" in German), and its words of its own.
  const shared: Record<Language, number> = { en: 0, fr: 0, es: 0, de: 0, pt: 0 };
  const own: Record<Language, number> = { en: 0, fr: 0, es: 0, de: 0, pt: 0 };
  const words = new RegExp(LETTERS.source, 'gu');
  for (let n = 0, m = words.exec(prose.text); m && n < SAMPLE_WORDS; n++, m = words.exec(prose.text)) {
    const codes = LANGUAGES_OF_WORD.get(m[0].toLowerCase());
    if (codes === undefined) continue; // most words are no language's function word
    const foreign = codes.filter((code) => code !== 'en').length;
    const english = codes.includes('en');
    for (const code of codes) {
      counts[code]++;
      if (code !== 'en') weights[code] += 1 / foreign;
      if (code !== 'en') (english ? shared : own)[code]++;
    }
  }
  const best = (Object.keys(LANGUAGES) as ForeignLanguage[]).reduce((a, b) => (weights[b] > weights[a] || (weights[b] === weights[a] && counts[b] > counts[a]) ? b : a));
  const hits = counts[best];
  // A word both languages have ("Você é a porta-voz da candidatura do PSOL") counts half for English once the other
  // language has enough words of its own; without them ("Do a review as a critic") it is English's.
  const english = own[best] >= MIN_FUNCTION_WORDS ? counts.en - shared[best] / 2 : counts.en;
  const min = english === 0 ? MIN_FUNCTION_WORDS_WITHOUT_ENGLISH : MIN_FUNCTION_WORDS;
  language = hits >= min && hits >= 2 * english ? best : 'en';
  languageOf.set(prose, language);
  // By text too: a file's many messages are read again on every keystroke, each as a new prose object.
  if (languageOfText.size >= MAX_REMEMBERED_TEXTS) languageOfText.clear();
  languageOfText.set(prose.text, language);
  return language;
}
