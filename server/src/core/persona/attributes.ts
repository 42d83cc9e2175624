// The identity and stance words of a persona phrase: lexicon look-up, the contexts in which an ambiguous word
// counts, and loyalties to a named team or brand.
import frames from './lexicon/frames.json';
import type { Lexicon, LexiconEntry } from './lexicon.js';
import { attribute, type Token } from './tokens.js';
import type { IdentityAttribute } from './types.js';
import {
  ARTICLES,
  FAN_HEADS,
  INTENSIFIERS,
  LEANINGS,
  MEMBERSHIP_HEADS,
  ORGANISATION_HEADS,
  PERSON_NOUNS,
  PREPOSITIONS,
  STOP_WORDS,
  VOTE_VERBS,
  WEAK_LOYALTY_NOUNS,
} from './words.js';

/**
 * The identity and stance attributes among tokens [start, end). Outside a biography, identity words inside a
 * prepositional phrase count only for membership ("a member of the Green Party") or origin ("from a Catholic family").
 */
export function findAttributes(
  tokens: Token[],
  start: number,
  end: number,
  lexicon: Lexicon,
  options: { bio: boolean },
): IdentityAttribute[] {
  const attributes: IdentityAttribute[] = [];
  let pp: string | undefined;
  let headBeforePP: string | undefined;
  const counted = new Set<number>();
  const matches: { k: number; len: number; entry: LexiconEntry }[] = [];
  for (let k = start; k < end; k++) {
    const t = tokens[k];
    if (t.type !== 'word') continue;
    const entry = lexicon.byFirstToken.get(t.norm)?.find((e) => matchesAt(tokens, k, end, e)) ?? derivedEntry(t.norm, lexicon);
    if (entry) {
      matches.push({ k, len: entry.tokens.length, entry });
      k += entry.tokens.length - 1;
    }
  }
  const matchAt = new Map(matches.map((m) => [m.k, m]));
  for (let k = start; k < end; k++) {
    const t = tokens[k];
    // A coordinated description starts afresh: "the moderator of the forum and a committed activist".
    // ", a ..." inside a prepositional phrase describes its object ("at St. Luke's, a Catholic teaching hospital")
    // unless it names a person ("run for Sunny Oats, a 38-year-old evangelical mother of three").
    const describesPerson = t.text === ',' && (pp === undefined || appositiveNamesPerson(tokens, k + 1, tokens.length));
    if ((t.norm === 'and' || t.norm === 'or' || t.text === ':' || t.text === '—' || t.text === '–' || describesPerson) && ARTICLES.has(tokens[k + 1]?.norm ?? '')) {
      pp = undefined;
      continue;
    }
    if (t.type === 'word' && PREPOSITIONS.has(t.norm) && !matchAt.has(k)) {
      if (pp === undefined) headBeforePP = tokens[k - 1]?.norm;
      pp = t.norm;
      continue;
    }
    const match = matchAt.get(k);
    const idiomEnd = match ? undefined : loyaltyIdiomEnd(tokens, k);
    if (idiomEnd !== undefined && idiomEnd <= end) {
      // A sworn loyalty counts wherever it stands: "a season-ticket holder at Anfield and Liverpool till you die".
      attributes.push(attribute('fandom', tokens, k, idiomEnd));
      k = idiomEnd - 1;
      continue;
    }
    if (!match) {
      const organisation = pp === 'of' && MEMBERSHIP_HEADS.has(headBeforePP ?? '') && t.type === 'word' ? organisationAt(tokens, k, end) : undefined;
      if (organisation) {
        // "a card-carrying member of Amalgamated Transit Union Local 1181", "a member of St. Mary's parish": the
        // organisation's head noun (union, party, church) says what the membership is.
        attributes.push(attribute(organisation.category, tokens, k, organisation.end));
        k = organisation.end - 1;
      } else if (pp === 'of' && FAN_HEADS.has(headBeforePP ?? '') && /^\p{Lu}/u.test(t.text) && t.type === 'word') {
        // "a fan of the Lakers", "a supporter of Arsenal"
        let j = k;
        while (j + 1 < end && tokens[j + 1].type === 'word' && /^\p{Lu}/u.test(tokens[j + 1].text)) j++;
        attributes.push(attribute('fandom', tokens, k, j + 1));
        k = j;
      } else if (t.norm === 'campaign' && candidateBefore(tokens, k) !== undefined) {
        // "for the Delgado for Governor campaign", "for Senator Holt's 2026 reelection campaign": working for a
        // candidate's campaign takes its side.
        attributes.push(attribute('stance', tokens, candidateBefore(tokens, k)!, k + 1));
      } else if (pp === undefined || pp === 'of') {
        const loyalty = loyaltyAt(tokens, k, end, lexicon);
        if (loyalty) {
          attributes.push(attribute('fandom', tokens, loyalty.start, loyalty.end));
          k = loyalty.end - 1;
        }
      }
      continue;
    }
    const { entry, len } = match;
    if (entry.use === 'sense' && (pp === undefined || pp === 'of')) {
      // "a lifelong Green Bay Packers fan": a team whose name holds another sense of an identity word.
      const loyalty = loyaltyAt(tokens, k, end, lexicon);
      if (loyalty) {
        attributes.push(attribute('fandom', tokens, loyalty.start, loyalty.end));
        k = loyalty.end - 1;
        continue;
      }
    }
    k += len - 1;
    if (entry.use === 'sense' || entry.use === 'task') continue;
    if (entry.use === 'stance') {
      attributes.push(attribute('stance', tokens, match.k, match.k + len));
      continue;
    }
    const inCountingPP =
      pp === undefined || options.bio || pp === 'from' || (pp === 'of' && MEMBERSHIP_HEADS.has(headBeforePP ?? ''));
    if (!inCountingPP) continue;
    const membership = pp === 'of' && MEMBERSHIP_HEADS.has(headBeforePP ?? '');
    if (entry.use === 'ambiguous' && !membership && !ambiguousCounts(tokens, match.k, len, end, matchAt, lexicon, options.bio)) continue;
    if (entry.use === 'modifier') {
      const next = tokens[match.k + len];
      if (!next || next.type !== 'word' || STOP_WORDS.has(next.norm) || PREPOSITIONS.has(next.norm)) continue;
    }
    // The identity of a possessor is not the persona's: "the vicar's wife", "a Labour MP's aide".
    const last = tokens[match.k + len - 1];
    if (/['’]s$/.test(last.text) && tokens[match.k + len]?.type === 'word') continue;
    if (counted.has(match.k)) continue;
    counted.add(match.k);
    attributes.push(attribute(entry.category as IdentityAttribute['category'], tokens, match.k, match.k + len));
  }
  return attributes;
}

/**
 * A named organisation starting at `from` ("the Teamsters union", "Amalgamated Transit Union Local 1181", "St.
 * Mary's parish"): capitalised words or an article, up to a head noun that names its kind; its category and end.
 */
function organisationAt(tokens: Token[], from: number, end: number): { category: IdentityAttribute['category']; end: number } | undefined {
  let k = from;
  if (tokens[k]?.norm === 'the') k++;
  let named = false;
  for (; k < end && k - from < 8 && tokens[k].type === 'word'; k++) {
    const category = ORGANISATION_HEADS.get(tokens[k].norm) as IdentityAttribute['category'] | undefined;
    if (category && named) {
      // A number or a capitalised word after the head belongs to the name ("Union Local 1181").
      let stop = k + 1;
      while (stop < end && stop - k <= 2 && tokens[stop].type === 'word' && /^(?:\p{Lu}|\d)/u.test(tokens[stop].text)) stop++;
      return { category, end: stop };
    }
    if (!/^\p{Lu}/u.test(tokens[k].text)) return undefined;
    named = true;
  }
  return undefined;
}

/** Whether the description starting at `from` ("a 38-year-old evangelical mother") has a person noun before it ends. */
function appositiveNamesPerson(tokens: Token[], from: number, end: number): boolean {
  let head: Token | undefined;
  for (let k = from + 1; k < end && k - from < 8; k++) {
    const t = tokens[k];
    if (t.type === 'punct' || PREPOSITIONS.has(t.norm) || (STOP_WORDS.has(t.norm) && !t.norm.endsWith('ing'))) break;
    head = t;
  }
  // The head noun decides: "a Catholic teaching hospital" is a place, "an evangelical mother" a person.
  return !!head && PERSON_NOUNS.has(head.norm);
}

const DERIVATION_SUFFIXES = new Set(frames.derivationSuffixes);

/**
 * An identity word with a derivational suffix ("evangelical-minded", "Labour-leaning", "Punjabi-born"): an identity
 * wherever it stands, since the suffix leaves no other sense of the word.
 */
export function derivedEntry(norm: string, lexicon: Lexicon): LexiconEntry | undefined {
  const dash = norm.lastIndexOf('-');
  if (dash <= 0 || !DERIVATION_SUFFIXES.has(norm.slice(dash + 1))) return undefined;
  const base = lexicon.byFirstToken.get(norm.slice(0, dash))?.find((e) => e.tokens.length === 1 && (e.use === 'term' || e.use === 'ambiguous' || e.use === 'modifier'));
  return base && { tokens: [norm], category: base.category, use: 'term' };
}

function matchesAt(tokens: Token[], k: number, end: number, entry: LexiconEntry): boolean {
  if (k + entry.tokens.length > end) return false;
  for (let j = 0; j < entry.tokens.length; j++) {
    const t = tokens[k + j];
    if (t.type !== 'word' || t.norm !== entry.tokens[j]) return false;
  }
  return true;
}

/** An ambiguous identity word counts as a person noun, beside a person noun, or after an intensifier. */
function ambiguousCounts(
  tokens: Token[],
  k: number,
  len: number,
  end: number,
  matchAt: Map<number, { entry: LexiconEntry }>,
  lexicon: Lexicon,
  bio: boolean,
): boolean {
  const prev = tokens[k - 1];
  const next = k + len < end ? tokens[k + len] : undefined;
  if (prev && INTENSIFIERS.has(prev.norm) && prev.norm !== tokens[k].norm) return true;
  // "who has voted Green", "votes Labour": a party named by a vote.
  if (prev && VOTE_VERBS.has(prev.norm)) return true;
  // Political leanings before the role noun of a persona ("a conservative debate judge"); other senses are in senses.json.
  if (!bio && LEANINGS.has(tokens[k].norm) && next && next.type === 'word' && !STOP_WORDS.has(next.norm) && !PREPOSITIONS.has(next.norm) && next.norm !== 'and') return true;
  if (next && next.type === 'word' && PERSON_NOUNS.has(next.norm)) return true;
  const nextMatch = next ? matchAt.get(k + len) : undefined;
  if (nextMatch && (nextMatch.entry.use === 'term' || nextMatch.entry.use === 'ambiguous')) return true;
  if (prev && matchAt.get(k - 1)?.entry.use === 'term') return true;
  if (bio) return false;
  // The head of the phrase: "a conservative", "a liberal from Ohio", "You are Catholic."
  const headEnds = !next || next.type === 'punct' || PREPOSITIONS.has(next.norm) || STOP_WORDS.has(next.norm) || next.norm === 'and';
  if (!headEnds) return false;
  if (next && (next.norm === 'in' || next.norm === 'with' || next.norm === 'about' || next.norm === 'on' || next.norm === 'to')) return false;
  // A bare adjective with no article ("You are independent") is a trait, except an unmistakable identity.
  const hasArticle = tokens.slice(Math.max(0, k - 4), k).some((t) => ARTICLES.has(t.norm));
  return hasArticle || (lexicon.byFirstToken.get(tokens[k].norm)?.[0]?.category === 'religion');
}

/** "Liverpool till I die", "Everton through and through": a capitalised name and an oath of loyalty; returns where it ends. */
export function loyaltyIdiomEnd(tokens: Token[], k: number): number | undefined {
  let j = k;
  while (j < tokens.length && j - k < 3 && tokens[j].type === 'word' && /^\p{Lu}/u.test(tokens[j].text)) j++;
  if (j === k || j + 3 > tokens.length) return undefined;
  const oath = `${tokens[j].norm} ${tokens[j + 1].norm} ${tokens[j + 2].norm}`;
  return /^(?:(?:till|until|til) (?:i|you|we|they|he|she) die|through and through)$/.test(oath) ? j + 3 : undefined;
}

/** "lifelong Yankees fan", "die-hard Liverpool supporter", "fan of the Lakers": a capitalised name and a loyalty noun. */
function loyaltyAt(tokens: Token[], k: number, end: number, lexicon: Lexicon): { start: number; end: number } | undefined {
  const t = tokens[k];
  if (t.type !== 'word' || !/^\p{Lu}/u.test(t.text)) return undefined;
  let j = k;
  while (j < end && j - k < 3 && tokens[j].type === 'word' && /^\p{Lu}/u.test(tokens[j].text)) j++;
  const noun = tokens[j];
  if (!noun || j >= end || !lexicon.loyaltyNouns.has(noun.norm)) return undefined;
  const weakNoun = WEAK_LOYALTY_NOUNS.has(noun.norm);
  const prev = tokens[k - 1];
  if (weakNoun && !(prev && INTENSIFIERS.has(prev.norm))) return undefined;
  if (lexicon.byFirstToken.get(t.norm)?.some((e) => e.use === 'task')) return undefined;
  return { start: k, end: j + 1 };
}

/**
 * The candidate before "campaign" at `k`: the capitalised word just before it ("the Delgado campaign") or a
 * capitalised possessive up to three words before it ("Holt's 2026 reelection campaign").
 */
function candidateBefore(tokens: Token[], k: number): number | undefined {
  if (/^\p{Lu}/u.test(tokens[k - 1]?.text ?? '')) return k - 1;
  for (let j = k - 1; j >= 0 && j >= k - 4; j--) {
    const t = tokens[j];
    if (t.type !== 'word') return undefined;
    if (/^\p{Lu}.*['’]s$/u.test(t.text)) return j;
  }
  return undefined;
}
