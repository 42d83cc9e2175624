import type { ResolvedConfig } from '../config.js';
import type { PromptDocument } from '../formats/types.js';
import type { Span } from '../text.js';
import { IDENTITY_CATEGORY_TABLE, type IdentityCategory } from './categories.js';
import { KeywordRegex } from './keywordScan.js';
import { lexiconFor, normalizeToken, type Lexicon, type LexiconEntry } from './lexicon.js';
import { sentenceBounds, type Prose } from './prose.js';
import type { IdentityAttribute, PersonaAssignment, PersonaKind } from './types.js';
import { wordAlternation } from './words.js';

/** A word, template variable or punctuation mark of a message's prose, in text coordinates. */
interface Token {
  text: string;
  norm: string;
  start: number;
  end: number;
  type: 'word' | 'var' | 'punct';
}

const TOKEN = /[\p{L}\p{N}](?:[\p{L}\p{N}'’+/]|-(?=[\p{L}\p{N}]))*\+?|\{\{[^{}\n]{1,80}\}\}|\$\{[^{}\n]{1,80}\}|\{[A-Za-z_][\w.]{0,60}\}|[,;:()—–]/gu;

function tokenize(text: string, start: number, end: number): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = start;
  for (let m = TOKEN.exec(text); m && m.index < end; m = TOKEN.exec(text)) {
    const t = m[0];
    const type = t.startsWith('{') || t.startsWith('${') ? 'var' : /^[,;:()—–]$/.test(t) ? 'punct' : 'word';
    tokens.push({ text: t, norm: type === 'word' ? normalizeToken(t) : t, start: m.index, end: m.index + t.length, type });
  }
  return tokens;
}

/**
 * Phrases that address a persona to the model. Group names tell the form; the persona words follow the match.
 * Ordered so that longer forms win (`play the role of` before `you play`).
 */
const TRIGGER_ALTERNATIVES = [
  String.raw`(?<roleof>\b(?:take(?:\s+on)?|play|assume|adopt|embody|inhabit|step\s+into|stay\s+in)\s+(?:the\s+)?(?:role|persona|character|part|identity|voice|mindset|shoes|perspective|point\s+of\s+view|viewpoint)\s+of\b|\b(?:from|through)\s+the\s+(?:perspective|point\s+of\s+view|viewpoint|eyes)\s+of\b|(?<=\bin\s+the\s+)(?:role|persona|voice|character)\s+of\b|\byour\s+(?:role|persona|character|identity)\s+is(?:\s+that\s+of|\s+to\s+be|\s+to\s+play)?\b|\byou\s+hold\s+the\s+(?:views?|beliefs?|values|opinions|convictions|politics)\s+of\b|\byour\s+(?:worldview|outlook|politics|perspective|viewpoint)\s+is(?:\s+that\s+of)?\b|\b(?:channel|become)\s+(?=(?:a|an|the)\s)|\byour\s+(?:voice|persona|character)(?:\s+(?:for|in|on)\s+[^:.!?\n]{1,40}?)?[ \t]*:[ \t]*(?=(?:a|an)\s))`,
  String.raw`(?<pretend>\b(?:pretend|imagine|suppose|assume)\s+(?:that\s+)?(?:you\s+are|you're|you’re|you\s+were|to\s+be|yourself\s+as|yourself\s+to\s+be|being)\b)`,
  String.raw`(?<actas>\b(?:act|acting|behave|respond|answer|reply|speak|talk|think|argue|roleplay|role-play|pose|write|vote|comment)\s+(?:as|like)\s+(?:if\s+you\s+(?:are|were)\s+)?(?=(?:a|an|the|one|my|your|someone|somebody|\{\{|\$\{|[A-Z]))(?!(?:(?:a|an|the|one)\s+)?(?:json|table|list|bullet|bulleted|numbered|markdown|object|string|paragraph|sentence|single|short|brief|whole|number|yaml|csv|code|html|xml|plain|text|concise|concisely|much|well|soon|follows|needed|appropriate|possible|usual|normal|before|above|below|instructed|described|shown|specified|requested|if)\b))`,
  String.raw`(?<name>\byour\s+name\s+is\b)`,
  String.raw`(?<keyed>(?<=^[ \t]*(?:(?:[-*+•]|\d+[.)])[ \t]+)?)(?:(?:persona|character|identity|who\s+you\s+are)[ \t]*:[ \t]*(?=(?:a|an)\s|[A-Z]|\{\{|\$\{|\{[A-Za-z_])|(?:background|bio|profile)[ \t]*:[ \t]*(?=(?:a|an)\s)))`,
  String.raw`(?<aswould>\b(?:rate|judge|evaluate|assess|score|grade|review|read|answer|respond\s+to|react\s+to|label|annotate|see|view|approach|consider|vote\s+on)\b[^.!?;\n]{0,60}?\b(?:as|the\s+way|like)\s+(?=(?:a|an|the|this|one)\s[^.!?;\n]{1,60}?\s(?:would|might)\b))`,
  String.raw`(?<third>(?:^|(?<=(?:^|[.!?:\n])\s*(?:the\s+)?))(?:assistant|ai|model|chatbot|bot)\s+(?:is|will\s+be|plays|acts\s+as)\s+(?=(?:a|an|the)\b|[A-Z]|\{\{|\$\{))`,
  String.raw`(?<bio>\byou\s+(?:grew\s+up|were\s+raised|were\s+born|identify|consider\s+yourself|always\s+vote|vote|voted|support|belong|attend|practi[cs]e|worship|cheer\s+for|root\s+for|follow|have\s+always\s+been|have\s+been\s+a|have\s+spent|spent|helped\s+(?:found|start|organi[sz]e|lead)|founded|co-founded|campaign|campaigned|marched|volunteer|volunteered|organi[sz]e|organi[sz]ed|joined|converted|served\s+as|have\s+served|have\s+volunteered|have\s+campaigned)\b)`,
  String.raw`(?<direct>\b(?:you(?:'re|’re|\s+are)\s+playing|you(?:'ll|’ll|\s+will)\s+be\s+playing|you\s+are|you're|you’re|youre|ur|you\s+will\s+be|you'll\s+be|you’ll\s+be|you\s+shall\s+be|you\s+become|you\s+will\s+play|you\s+play|you\s+portray)\b)`,
  String.raw`(?<asa>(?:^|(?<=[.!?:\n]\s*))as\s+(?=(?:a|an|the|someone|somebody|one)\s))`,
  String.raw`(?<speakfor>\byou\s+(?:speak|advocate|campaign|lobby|argue)\s+(?:for|on\s+behalf\s+of)\s+|\byou\s+(?:work|act|write)\s+on\s+behalf\s+of\s+)`,
];
const TRIGGER_SCAN = new KeywordRegex(TRIGGER_ALTERNATIVES, 'imu', [
  'take', 'play', 'assume', 'adopt', 'embody', 'inhabit', 'step', 'stay', 'from', 'through', 'in', 'your', 'pretend',
  'imagine', 'suppose', 'act', 'acting', 'behave', 'respond', 'answer', 'reply', 'speak', 'talk', 'think', 'argue',
  'roleplay', 'role', 'pose', 'write', 'vote', 'comment', 'rate', 'judge', 'evaluate', 'assess', 'score', 'grade',
  'review', 'read', 'react', 'label', 'annotate', 'see', 'view', 'approach', 'consider', 'the', 'assistant', 'ai',
  'model', 'chatbot', 'bot', 'you', 'as', 'speak', 'advocate', 'campaign', 'lobby', 'argue', 'work', 'channel', 'become', 'ur', 'youre', 'persona', 'character', 'identity', 'background', 'bio', 'profile', 'who',
]);

// A cast of characters as a list ("- Gloria, a 68-year-old retired Lutheran schoolteacher") in a message that
// asks the model to play, voice or simulate them.
const CAST_CUE = /\b(?:simulate|play|voice|role-?play|act\s+out|personas?|characters?|panell?ists?|participants?|respondents?|roles?|cast|judges|panel)\b/i;
const LISTED = /^[ \t]*(?:(?:[-*+•]|\d+[.)])[ \t]+)?(?=(?!(?:Note|Notes|Example|Examples|Input|Output|Task|Context|Format|Rules?|Goal|Step|Warning|Important|Tip|Summary|Background|Instructions?|Role|Tone|Style)\b)(?:(?:Dr|Mr|Mrs|Ms|Mx|Prof|Rev|Fr)\.[ \t]+)?\p{Lu}[\p{L}'’-]*(?:[ \t]\p{Lu}[\p{L}'’-]*){0,2}[ \t]*(?:,|:|—|–|-)[ \t]*(?:a|an|the|[Aa]\s)\b)/gmu;

/** Where persona assignments may start: trigger phrases, and listed characters in a message that casts them. */
function* personaSites(text: string): Generator<RegExpExecArray> {
  const candidates = [...text.matchAll(LISTED)];
  const listed = candidates.length > 0 && CAST_CUE.test(text) ? candidates : [];
  const sites: RegExpExecArray[] = [...TRIGGER_SCAN.matches(text)];
  for (const m of listed) {
    // The site starts at the name, past the list marker: "1." would otherwise read as a sentence of its own.
    const site = Object.assign([''], { index: m.index + m[0].length, input: text, groups: { listed: '' } }) as unknown as RegExpExecArray;
    sites.push(site);
  }
  yield* sites.sort((a, b) => a.index - b.index);
}

// "If a user asks you to act as a socialist, refuse": a request described, not an assignment.
const REQUESTED_BEFORE = /\b(?:if|when|whenever|should|even\s+if)\s+(?:a|the|any|some)?\s*(?:user|someone|anyone|they|people|somebody|customer|visitor)s?\b[^.!?]{0,60}\b(?:asks?|wants?|tries|try|requests?|tells?|begs?|demands?|pushes)\s+(?:you\s+)?to\s+$/i;
const NEGATION_BEFORE = /\b(?:not|never|n't|no\s+longer|don't|do\s+not|avoid|stop|instead\s+of|rather\s+than|without|cannot|can't|won't|shouldn't|mustn't)\s*(?:\w+\s+){0,1}$/i;
const NEGATION_AFTER = /^\s*(?:not|no|never|neither|nobody|nothing|none|nor)\b/i;
const LABEL = /^\s*(?:[-*+]\s+)?(\p{Lu}[\p{L}\p{N}'’ .-]{0,40}?)\s*(?::|\s[-–—])\s*$/u;
const REASSIGN = /\b(?:then|next|afterwards|after\s+that|from\s+now\s+on|starting\s+now|henceforth|for\s+the\s+rest\s+of\s+(?:this|the)\s+(?:conversation|chat|session)|from\s+this\s+point(?:\s+on)?|now|instead|no\s+longer)\b/i;

/** How far after a trigger the persona's words are looked for (a persona phrase, its clauses and appositives). */
const MAX_PHRASE_CHARS = 600;

const LEADING_ADVERBS = new Set([
  'now', 'also', 'currently', 'actually', 'basically', 'essentially', 'simply', 'really', 'truly', 'always',
  'hereby', 'officially', 'still', 'effectively', 'going', 'then', 'henceforth',
]);
const ARTICLES = new Set(['a', 'an', 'the', 'one', 'my', 'our', 'your', 'this', 'that', 'some', 'someone', 'somebody']);
/** Words that only intensify an identity (proud, devout, lifelong); shared with the rewrite fix. */
export const INTENSIFIERS = new Set([
  'proud', 'devout', 'staunch', 'lifelong', 'life-long', 'die-hard', 'diehard', 'committed', 'card-carrying',
  'self-described', 'self-proclaimed', 'dyed-in-the-wool', 'passionate', 'fervent', 'hardcore', 'loyal', 'practicing',
  'practising', 'observant', 'born-again', 'firm', 'strong', 'ardent', 'avowed', 'zealous', 'fierce', 'fiercely',
  'deeply', 'staunchly', 'proudly', 'politically', 'religiously', 'socially', 'fiscally', 'registered', 'true',
  'typical', 'traditional', 'conservative', 'liberal', 'progressive', 'radical', 'devoted', 'lifetime', 'longtime',
  'long-time', 'rabid', 'unapologetic', 'unapologetically', 'outspoken', 'militant', 'extreme', 'hard-line', 'hardline',
]);
/** Nouns for people: an ambiguous identity word before one of these names the person's identity. */
const PERSON_NOUNS = new Set([
  'voter', 'voters', 'person', 'people', 'man', 'woman', 'men', 'women', 'guy', 'gal', 'lady', 'gentleman', 'citizen',
  'citizens', 'activist', 'commentator', 'columnist', 'pundit', 'blogger', 'vlogger', 'podcaster', 'influencer',
  'youtuber', 'host', 'politician', 'lawmaker', 'senator', 'congressman', 'congresswoman', 'legislator', 'mp',
  'thinker', 'intellectual', 'writer', 'author', 'journalist', 'student', 'father', 'mother', 'parent', 'grandfather',
  'grandmother', 'grandparent', 'dad', 'mom', 'mum', 'husband', 'wife', 'son', 'daughter', 'uncle', 'aunt', 'veteran',
  'patriot', 'teenager', 'retiree', 'farmer', 'rancher', 'worker', 'homemaker', 'housewife', 'member', 'supporter',
  'partisan', 'ideologue', 'candidate', 'delegate', 'evangelical', 'christian', 'catholic', 'republican', 'democrat',
  'immigrant', 'resident', 'native', 'girl', 'boy', 'kid', 'youth', 'pastor', 'preacher', 'believer', 'family',
  'household', 'grandma', 'grandpa', 'neighbor', 'neighbour', 'individual', 'adult', 'parishioner', 'churchgoer',
  'nationalist', 'conservative', 'liberal', 'progressive', 'socialist', 'libertarian', 'muslim', 'jew', 'hindu',
  'sikh', 'buddhist', 'atheist', 'agnostic', 'protestant', 'baptist', 'mormon', 'priest', 'minister', 'rabbi',
  'imam', 'radio', 'talk-radio', 'think-tanker', 'loyalist', 'unionist', 'republican', 'fan', 'teen', 'senior',
  'elder', 'pensioner', 'boomer', 'millennial', 'feminist', 'environmentalist', 'american', 'americans', 'texan',
  'southerner', 'midwesterner', 'homeowner', 'taxpayer', 'taxpayers', 'constituent', 'protester', 'organizer',
  'sister', 'brother', 'nun', 'monk', 'deacon', 'bishop', 'congregant', 'convert', 'reporter', 'correspondent',
]);
/** Ranks that open a role noun without an article ("lead counsel", "head coach"). */
const RANKS = new Set(['lead', 'head', 'chief', 'senior', 'principal', 'junior']);
const STOP_WORDS = new Set([
  'who', 'whom', 'whose', 'which', 'that', 'where', 'when', 'while', 'because', 'since', 'so', 'but', 'though',
  'although', 'helping', 'working', 'tasked', 'responsible', 'designed', 'built', 'trained', 'specialized',
  'specialised', 'specializing', 'specialising', 'focused', 'focusing', 'using', 'capable', 'able', 'here', 'there',
  'answering', 'assisting', 'dedicated', 'known', 'charged', 'employed', 'hired', 'paid', 'asked', 'instructed',
  'expected', 'required', 'allowed', 'meant', 'ready', 'eager', 'happy', 'glad', 'if', 'unless', 'until', 'whether',
  'then', 'therefore', 'thus', 'however', 'please', 'must', 'should', 'will', 'shall', 'can', 'could', 'would', 'may',
  'might', 'do', 'does', 'did', 'are', 'is', 'was', 'were', 'be', 'being', 'been', 'have', 'has', 'had', 'you',
  'your', 'yours', 'yourself', 'i', 'we', 'they', 'it', 'he', 'she', 'reviewing', 'evaluating', 'writing',
  'judging', 'rating', 'grading', 'scoring', 'analyzing', 'analysing', 'reading', 'talking', 'speaking', 'chatting',
  'serving', 'representing', 'giving', 'providing', 'explaining', 'tutoring', 'teaching', 'like', 'would',
]);
const PREPOSITIONS = new Set([
  'for', 'of', 'from', 'at', 'in', 'on', 'about', 'with', 'by', 'within', 'among', 'regarding', 'into', 'to', 'across',
  'inside', 'around', 'behind', 'under', 'over',
]);
/** Heads after which an `of` phrase states membership (a member of the Green Party), not a topic. */
const MEMBERSHIP_HEADS = new Set([
  'member', 'members', 'supporter', 'supporters', 'fan', 'fans', 'follower', 'followers', 'adherent', 'devotee',
  'voter', 'voters', 'part', 'leader', 'activist', 'organizer', 'champion', 'backer', 'loyalist', 'stalwart',
  'elder', 'elders', 'deacon', 'bishop', 'congregant', 'faithful', 'adherents', 'sister', 'brother',
]);
const REPRESENTATIVE_HEADS = /^(?:lawyer|attorney|counsel|solicitor|barrister|advocate|agent|lobbyist|spokesperson|representative|negotiator|broker|consultant)$/;
const ADJECTIVAL_PARTICIPLES = new Set(['trained', 'built', 'designed', 'specialized', 'specialised', 'dedicated', 'known', 'paid', 'employed', 'hired']);
/** Political leanings that name the person in a persona phrase unless a listed other sense applies. */
const LEANINGS = new Set(['conservative', 'liberal', 'progressive', 'left-wing', 'right-wing', 'left-leaning', 'right-leaning', 'far-left', 'far-right']);
/** Heads whose `of` phrase names a team, brand or club the persona is loyal to. */
const FAN_HEADS = new Set(['fan', 'fans', 'supporter', 'supporters', 'devotee', 'follower', 'followers', 'admirer', 'loyalist']);
/** Variable names that fill in a detail (a name, a company) rather than who the model is. */
const DETAIL_VARIABLE = /(?:^|[_\-.])(?:name|user|username|company|org|organi[sz]ation|product|brand|date|time|today|now|language|lang|locale|tone|topic|subject|task|input|query|question|context|document|doc|text|content|selection|file|workspacefolder|domain|field|industry|app|project|team|city|location|format|length|audience|style|level|grade|course|tool|tools|version|id|number|count)(?:$|[_\-.])|(?:Name|Language|Lang|Company|Product|Topic|Id)$/i;

interface Classified {
  /** The character's name, when the phrase starts with one. */
  name?: string;
  kind: PersonaKind;
  attributes: IdentityAttribute[];
  phrase: { start: number; end: number };
  variable?: string;
}

/** Finds the persona assignments in every message of a document. */
export function detectPersonas(doc: PromptDocument, proses: Prose[], config: ResolvedConfig): PersonaAssignment[] {
  const lexicon = lexiconFor(config);
  const out: PersonaAssignment[] = [];
  doc.messages.forEach((message, messageIndex) => {
    const prose = proses[messageIndex];
    const text = prose.text;
    const seen = new Set<number>();
    for (const m of personaSites(text)) {
      const form = Object.entries(m.groups ?? {}).find(([, v]) => v !== undefined)?.[0] ?? 'direct';
      // "The assistant is ...": the scan starts at "assistant" (a rarer word than "the"); the span takes "The" in.
      const article = form === 'third' ? /\bthe\s+$/i.exec(text.slice(Math.max(0, m.index - 8), m.index)) : null;
      const triggerStart = article ? m.index - article[0].length : m.index;
      const triggerEnd = m.index + m[0].length;
      const sentence = sentenceBounds(prose, triggerStart);
      // Look a bounded distance around the trigger, so a huge one-line "sentence" stays linear.
      const before = text.slice(Math.max(sentence.start, triggerStart - 200), triggerStart);
      const after = text.slice(triggerEnd, Math.min(sentence.end, triggerEnd + MAX_PHRASE_CHARS));
      if (NEGATION_BEFORE.test(before) || REQUESTED_BEFORE.test(before) || (form !== 'bio' && NEGATION_AFTER.test(after))) continue;
      // "the user is ..." style sentences describe the user, never the model.
      const classified = classify(form, text, triggerEnd, Math.min(sentence.end, triggerEnd + MAX_PHRASE_CHARS), lexicon, doc.variablePattern);
      if (!classified) continue;
      const map = (s: number, e: number): Span => toSource(message.offsets, s, e);
      // A sentence that names the persona twice ("You grew up in Lyon, and you are a proud Frenchwoman") is one persona.
      const sameSentence = seen.has(sentence.start) ? out.find((p) => p.messageIndex === messageIndex && p.sentence.start === map(sentence.start, sentence.end).start) : undefined;
      if (sameSentence && !REASSIGN.test(before)) {
        const added = classified.attributes.map((a) => ({ ...a, span: map(a.span.start, a.span.end) }));
        sameSentence.identityAttributes.push(...added);
        if (added.some((a) => a.category !== 'stance')) sameSentence.kind = 'identity';
        else if (added.length > 0 && sameSentence.kind === 'task') sameSentence.kind = 'stance';
        sameSentence.span = { start: sameSentence.span.start, end: Math.max(sameSentence.span.end, ...added.map((a) => a.span.end)) };
        continue;
      }
      seen.add(sentence.start);
      const lastEnd = Math.max(classified.phrase.end, ...classified.attributes.map((a) => a.span.end));
      out.push({
        messageIndex,
        kind: classified.kind,
        form,
        sentence: map(sentence.start, sentence.end),
        span: map(triggerStart, lastEnd),
        phrase: text.slice(classified.phrase.start, classified.phrase.end).replace(/\s+/g, ' ').trim(),
        phraseSpan: map(classified.phrase.start, classified.phrase.end),
        identityAttributes: classified.attributes.map((a) => ({ ...a, span: map(a.span.start, a.span.end) })),
        variable: classified.variable,
        label: form === 'listed' ? classified.name : LABEL.exec(text.slice(text.lastIndexOf('\n', triggerStart - 1) + 1, triggerStart))?.[1],
        reassigns: REASSIGN.test(before) || /\bnow\b/i.test(m[0]) || /^\s*now\b/i.test(after) || /^[^,.;:]{0,40}\binstead\b/i.test(after),
      });
    }
    addListedAttributes(text, messageIndex, out, (a, b) => toSource(message.offsets, a, b));
  });
  return out;
}

// "- Nationality: Armenian", "Religion: devout Catholic": a persona given as a list of attributes. The keys of
// each category are in its lexicon file; a key is found case-insensitively, with any spaces or tabs inside.
const ATTRIBUTE_KEYS = new Map<string, IdentityCategory>(
  IDENTITY_CATEGORY_TABLE.flatMap(({ id, lexicon }) => lexicon.attributeKeys.map((key) => [attributeKey(key), id] as const)),
);
const ATTRIBUTE_LINE = new RegExp(
  String.raw`^[ \t]*(?:[-*+•][ \t]+)?(${wordAlternation(IDENTITY_CATEGORY_TABLE.flatMap((c) => c.lexicon.attributeKeys), String.raw`[ \t]+`)})[ \t]*:[ \t]*(\S[^\n]*)$`,
  'gim',
);

/** A key as the map holds it: upper case (as the `i` flag compares), one space between words. */
function attributeKey(key: string): string {
  return key.toUpperCase().replace(/[ \t]+/g, ' ');
}

/** Adds "Key: value" identity lines to the persona they describe (the nearest one before them in the message). */
function addListedAttributes(text: string, messageIndex: number, personas: PersonaAssignment[], map: (a: number, b: number) => Span): void {
  for (const m of text.matchAll(ATTRIBUTE_LINE)) {
    const at = map(m.index, m.index + m[0].length);
    const owner = [...personas].reverse().find((p) => p.messageIndex === messageIndex && p.span.start < at.start && at.start - p.span.end < 1500);
    if (!owner) continue;
    const valueStart = m.index + m[0].length - m[2].length;
    const value = m[2].replace(/\s+$/, '');
    const category = ATTRIBUTE_KEYS.get(attributeKey(m[1]))!;
    owner.identityAttributes.push({ category, term: `${m[1]}: ${value}`, span: map(valueStart, valueStart + value.length) });
    if (owner.kind !== 'templated') owner.kind = 'identity';
  }
}

/** Maps a text span of a message to its source span. */
export function toSource(offsets: Int32Array, start: number, end: number): Span {
  if (end <= start) return { start: offsets[start], end: offsets[start] };
  return { start: offsets[start], end: offsets[end - 1] + 1 };
}

function classify(
  form: string,
  text: string,
  from: number,
  sentenceEnd: number,
  lexicon: Lexicon,
  variablePattern: RegExp,
): Classified | undefined {
  const tokens = tokenize(text, from, sentenceEnd);
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
  if (isName || form === 'name') {
    if (tokens[afterName]?.text === '(') {
      while (afterName < tokens.length && tokens[afterName].text !== ')' && afterName - end < 8) afterName++;
      afterName++;
    }
    while (tokens[afterName]?.text === ',' && /^\d{1,3}$/.test(tokens[afterName + 1]?.norm ?? '')) afterName += 2;
  }
  if ((isName || form === 'name') && [',', ':', '—', '–'].includes(tokens[afterName]?.text ?? '') && ARTICLES.has(tokens[afterName + 1]?.norm ?? '')) {
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
  const representing = stopWord === 'representing' && REPRESENTATIVE_HEADS.test(tokens[phraseEnd - 1]?.norm ?? '');
  const attributes = findAttributes(tokens, i, phraseEnd, lexicon, { bio: false });
  // Identity words in a "who ..." clause count when the clause states belonging ("who votes Republican").
  const stop = tokens[phraseEnd];
  if (stop && (stop.norm === 'who' || stop.norm === 'with')) {
    const clauseEnd = clauseLimit(tokens, phraseEnd + 1);
    if (stop.norm === 'with' || BELONGING_VERB.test(tokens.slice(phraseEnd + 1, Math.min(clauseEnd, phraseEnd + 4)).map((t) => t.norm).join(' '))) {
      attributes.push(...findAttributes(tokens, phraseEnd + 1, clauseEnd, lexicon, { bio: true }).filter((a) => a.category !== 'stance'));
    }
  }
  const phrase = { start: tokens[i].start, end: tokens[phraseEnd - 1].end };

  const variable = personaVariable(tokens, i, phraseEnd, variablePattern);
  const identity = attributes.some((a) => a.category !== 'stance');
  if (representing) attributes.push(attribute('stance', tokens, phraseEnd - 1, phraseEnd + 1));
  const stance = attributes.some((a) => a.category === 'stance');
  let nameEnd = i;
  while (nameEnd < tokens.length && nameEnd - i < 3 && tokens[nameEnd].type === 'word' && /^\p{Lu}/u.test(tokens[nameEnd].text)) nameEnd++;
  const named = nameEnd > i && (nameEnd >= tokens.length || tokens[nameEnd].type === 'punct');
  const name = named ? tokens.slice(i, nameEnd).map((t) => t.text).join(' ') : undefined;
  if (variable !== undefined) return { kind: 'templated', attributes, phrase, variable, name };
  if (identity) return { kind: 'identity', attributes, phrase, name };
  if (stance) return { kind: 'stance', attributes, phrase, name };
  if (form === 'asa' && !hasTaskHead(tokens, i, end, lexicon)) return undefined;
  // "Judge it like a neutral would": a viewpoint named for comparison is a persona only when it has a side.
  if (form === 'aswould') return undefined;
  return { kind: 'task', attributes, phrase, name };
}

const BELONGING_VERB = /^(?:has|have|is|are|was|identifies|identify|votes|voted|always|proudly|strongly|firmly|supports|belongs|attends|practices|practises|believes|considers|grew|was raised|worships|follows|cheers|roots|has always|has been|lives|comes)/;

function clauseLimit(tokens: Token[], from: number): number {
  let k = from;
  while (k < tokens.length && tokens[k].type !== 'punct' && k - from < 16) k++;
  return k;
}

/** Where the noun phrase naming the persona ends (exclusive token index). */
function nounPhraseEnd(tokens: Token[], start: number, lexicon: Lexicon, commaEnds: boolean): number {
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

function personaVariable(tokens: Token[], start: number, end: number, variablePattern: RegExp): string | undefined {
  for (let k = start; k < end; k++) {
    const t = tokens[k];
    if (t.type === 'word' && PREPOSITIONS.has(t.norm) && k > start) return undefined;
    if (t.type !== 'var') continue;
    variablePattern.lastIndex = 0;
    const name = variablePattern.exec(t.text)?.[1] ?? t.text.replace(/^\{\{?\s*|\s*\}?\}$|^\$\{(?:input:)?/g, '');
    const bare = name.split(/[:\s]/)[0];
    if (DETAIL_VARIABLE.test(bare)) continue;
    return name.trim();
  }
  return undefined;
}

/**
 * The identity and stance attributes among tokens [start, end). Outside a biography, identity words inside a
 * prepositional phrase count only for membership ("a member of the Green Party") or origin ("from a Catholic family").
 */
function findAttributes(
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
    const entry = lexicon.byFirstToken.get(t.norm)?.find((e) => matchesAt(tokens, k, end, e));
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
      if (pp === 'of' && FAN_HEADS.has(headBeforePP ?? '') && /^\p{Lu}/u.test(t.text) && t.type === 'word') {
        // "a fan of the Lakers", "a supporter of Arsenal"
        let j = k;
        while (j + 1 < end && tokens[j + 1].type === 'word' && /^\p{Lu}/u.test(tokens[j + 1].text)) j++;
        attributes.push(attribute('fandom', tokens, k, j + 1));
        k = j;
      } else if (t.norm === 'campaign' && /^\p{Lu}/u.test(tokens[k - 1]?.text ?? '')) {
        // "for the Delgado for Governor campaign": working for a candidate's campaign takes its side.
        attributes.push(attribute('stance', tokens, k - 1, k + 1));
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
    if (counted.has(match.k)) continue;
    counted.add(match.k);
    attributes.push(attribute(entry.category as IdentityAttribute['category'], tokens, match.k, match.k + len));
  }
  return attributes;
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

function attribute(category: IdentityAttribute['category'], tokens: Token[], from: number, to: number): IdentityAttribute {
  return { category, term: tokens.slice(from, to).map((t) => t.text).join(' '), span: { start: tokens[from].start, end: tokens[to - 1].end } };
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
  if (prev && /^(?:vote|votes|voted|voting|backs|backed|supports|supported)$/.test(prev.norm)) return true;
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
function loyaltyIdiomEnd(tokens: Token[], k: number): number | undefined {
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
  const weakNoun = noun.norm === 'customer' || noun.norm === 'user' || noun.norm === 'owner';
  const prev = tokens[k - 1];
  if (weakNoun && !(prev && INTENSIFIERS.has(prev.norm))) return undefined;
  if (lexicon.byFirstToken.get(t.norm)?.some((e) => e.use === 'task')) return undefined;
  return { start: k, end: j + 1 };
}
