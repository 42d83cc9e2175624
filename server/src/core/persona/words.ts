// The word lists that shape a persona's noun phrase, read from lexicon/phrase.json: data, kept out of the code
// that reads them.
import phrase from './lexicon/phrase.json';

/** A regex alternation of phrases: each escaped, a space inside a phrase matching `space`. */
export function wordAlternation(phrases: readonly string[], space = String.raw`\s+`): string {
  return phrases.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, space)).join('|');
}

/** Adverbs skipped before a persona phrase ("You are now a ..."). */
export const LEADING_ADVERBS = new Set(phrase.leadingAdverbs);
/** Determiners that open a noun phrase. */
export const ARTICLES = new Set(phrase.articles);
/** Words that only intensify an identity (proud, devout, lifelong); shared with the rewrite fix. */
export const INTENSIFIERS = new Set(phrase.intensifiers);
/** Nouns for people: an ambiguous identity word before one of these names the person's identity. */
export const PERSON_NOUNS = new Set(phrase.personNouns);
/** Ranks that open a role noun without an article ("lead counsel", "head coach"). */
export const RANKS = new Set(phrase.ranks);
/** Words that end a persona's noun phrase (relative pronouns, conjunctions, participles, auxiliaries). */
export const STOP_WORDS = new Set(phrase.stopWords);
/** Prepositions: identity words after one name a topic, not the persona, unless it states membership or origin. */
export const PREPOSITIONS = new Set(phrase.prepositions);
/** Participles that may stay inside a noun phrase ("a trained nurse") unless an object follows. */
export const ADJECTIVAL_PARTICIPLES = new Set(phrase.adjectivalParticiples);
/** Heads after which an `of` phrase states membership (a member of the Green Party), not a topic. */
export const MEMBERSHIP_HEADS = new Set(phrase.membershipHeads);
/** Heads whose `of` phrase names a team, brand or club the persona is loyal to. */
export const FAN_HEADS = new Set(phrase.fanHeads);
/** Roles that take the side of whoever they represent ("a lawyer, representing the shopper"). */
export const REPRESENTATIVE_HEADS = new Set(phrase.representativeHeads);
/** Political leanings that name the person in a persona phrase unless a listed other sense applies. */
export const LEANINGS = new Set(phrase.leanings);
/** Words that open a "who ..." clause stating belonging ("who votes Republican", "who was raised ..."). */
export const BELONGING_VERBS: readonly string[] = phrase.belongingVerbs;
/** Verbs before a party that make it a vote ("votes Labour"). */
export const VOTE_VERBS = new Set(phrase.voteVerbs);
/** Loyalty nouns that are an identity only after an intensifier ("a loyal Apple customer"). */
export const WEAK_LOYALTY_NOUNS = new Set(phrase.weakLoyaltyNouns);
/** Head nouns of organisations whose membership is an identity, with its category (union, party, church). */
export const ORGANISATION_HEADS = new Map<string, string>(Object.entries(phrase.organisationHeads));
