// Where a persona assignment may start (the sentence shapes that address a persona to the model, and cast
// lists) and the cues around a start that cancel it or mark a reassignment. The words are in lexicon/cues.json.
import { KeywordRegex } from './keywordScan.js';
import cues from './lexicon/cues.json';
import { wordAlternation } from './words.js';

/**
 * Phrases that address a persona to the model. Group names tell the form; the persona words follow the match.
 * Ordered so that longer forms win (`play the role of` before `you play`).
 */
const TRIGGER_ALTERNATIVES = [
  String.raw`(?<roleof>\b(?:take(?:\s+on)?|play|assume|adopt|embody|inhabit|step\s+into|stay\s+in)\s+(?:the\s+)?(?:(?:religious|political|cultural|national|ethnic|social|partisan|ideological)\s+)?(?:role|persona|character|part|identity|voice|mindset|shoes|perspective|point\s+of\s+view|viewpoint)\s+of\b|\b(?:from|through)\s+the\s+(?:perspective|point\s+of\s+view|viewpoint|eyes)\s+of\b|(?<=\bin\s+the\s+)(?:role|persona|voice|character)\s+of\b|\byour\s+(?:role|persona|character|identity)\s+is(?:\s+that\s+of|\s+to\s+be|\s+to\s+play)?\b|\byou\s+hold\s+the\s+(?:views?|beliefs?|values|opinions|convictions|politics)\s+of\b|\byour\s+(?:worldview|outlook|politics|perspective|viewpoint)\s+is(?:\s+that\s+of)?\b|\b(?:channel|become)\s+(?=(?:a|an|the)\s)|\byour\s+(?:voice|persona|character)(?:\s+(?:for|in|on)\s+[^:.!?\n]{1,40}?)?[ \t]*:[ \t]*(?=(?:a|an)\s)|\b(?:adopt|adopting|assume|assuming|take\s+on|taking\s+on|play|playing|embody|embodying|roleplay|roleplaying|role-play|role-playing|become|becoming)\s+(?:the\s+|this\s+)?(?:following\s+)?(?:\w+\s+)?(?:persona|character|role|identity|profile)[ \t]*:[ \t]*(?=(?:a|an)\s|[A-Z]|\{\{|\$\{|\{[A-Za-z_]|<[A-Za-z]|\[[A-Z]|%\())`,
  String.raw`(?<pretend>\b(?:pretend|imagine|suppose|assume)\s+(?:that\s+)?(?:you\s+are|you're|you’re|you\s+were|to\s+be|yourself\s+as|yourself\s+to\s+be|being)\b)`,
  String.raw`(?<actas>\b(?:act|acting|behave|respond|answer|reply|speak|talk|think|argue|roleplay|role-play|pose|write|vote|comment)(?:\s+(?:exactly|just|only|always|precisely|entirely|fully))?\s+(?:as|like)\s+(?:if\s+you\s+(?:are|were)\s+)?(?=(?:a|an|the|one|my|your|someone|somebody|\{\{|\$\{|\{[A-Za-z_]|\{\d{1,2}\}|%\(|<[A-Za-z]|\[[A-Z]|[A-Z]))(?!(?:(?:a|an|the|one)\s+)?(?:${wordAlternation(cues.actAsNonPersonas)})\b))`,
  String.raw`(?<name>\byour\s+name\s+is\b)`,
  String.raw`(?<keyed>(?<=^[ \t]*(?:(?:[-*+•]|\d+[.)])[ \t]+)?)(?:(?:persona|character|identity|who\s+you\s+are)[ \t]*:[ \t]*(?=(?:a|an)\s|[A-Z]|\{\{|\$\{|\{[A-Za-z_])|(?:background|bio|profile)[ \t]*:[ \t]*(?=(?:a|an)\s)))`,
  String.raw`(?<aswould>\b(?:rate|judge|evaluate|assess|score|grade|review|read|answer|respond\s+to|react\s+to|label|annotate|see|view|approach|consider|vote\s+on)\b[^.!?;\n]{0,60}?\b(?:as|the\s+way|like)\s+(?=(?:(?:a|an|the|this|one)\s[^.!?;\n]{1,60}?|\{\{?\s*[\w.]+\s*\}\}?|\$\{[\w.]+\}|\[[A-Z][A-Z_ ]*\]|<[A-Za-z_]\w*>|%\(\w+\)s)\s(?:would|might)\b))`,
  String.raw`(?<third>(?:^|(?<=(?:^|[.!?:\n])\s*(?:the\s+)?))(?:assistant|ai|model|chatbot|bot)\s+(?:is|will\s+be|plays|acts\s+as)\s+(?=(?:a|an|the)\b|[A-Z]|\{\{|\$\{))`,
  String.raw`(?<bio>\byou\s+(?:${wordAlternation(cues.biographyVerbs)})\b)`,
  String.raw`(?<direct>\b(?:you(?:'re|’re|\s+are)\s+playing|you(?:'ll|’ll|\s+will)\s+be\s+playing|you\s+are|you're|you’re|youre|ur|you\s+will\s+be|you'll\s+be|you’ll\s+be|you\s+shall\s+be|you\s+become|you\s+will\s+play|you\s+play|you\s+portray|you\s+(?:also|now|then|additionally)\s+(?:play|portray|become|voice))\b)`,
  String.raw`(?<asa>(?:^|(?<=[.!?:\n]\s*))as\s+(?=(?:a|an|the|someone|somebody|one)\s))`,
  String.raw`(?<speakfor>\byou\s+(?:speak|advocate|campaign|lobby|argue)\s+(?:for|on\s+behalf\s+of)\s+|\byou\s+(?:work|act|write)\s+on\s+behalf\s+of\s+)`,
];
const TRIGGER_SCAN = new KeywordRegex(TRIGGER_ALTERNATIVES, 'imu', cues.triggerWords);

// A cast of characters as a list ("- Gloria, a 68-year-old retired Lutheran schoolteacher") in a message that
// asks the model to play, voice or simulate them.
const CAST_CUE = new RegExp(String.raw`\b(?:${wordAlternation(cues.castCues)})\b`, 'i');
// A heading ("Note: a ...") is not a character's name.
const LISTED = new RegExp(
  String.raw`^[ \t]*(?:(?:[-*+•]|\d+[.)])[ \t]+)?(?=(?!(?:${wordAlternation(cues.castHeadings)})\b)(?:(?:${wordAlternation(cues.honorifics)})\.[ \t]+)?\p{Lu}[\p{L}'’-]*(?:[ \t]\p{Lu}[\p{L}'’-]*){0,2}[ \t]*(?:,|:|—|–|-)[ \t]*(?:a|an|the|[Aa]\s)\b)`,
  'gmu',
);

/** Where persona assignments may start: trigger phrases, and listed characters in a message that casts them. */
export function* personaSites(text: string): Generator<RegExpExecArray> {
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
export const REQUESTED_BEFORE = new RegExp(
  String.raw`\b(?:if|when|whenever|should|even\s+if)\s+(?:a|the|any|some)?\s*(?:${wordAlternation(cues.requesters)})s?\b[^.!?]{0,60}\b(?:${wordAlternation(cues.requestVerbs)})\s+(?:you\s+)?to\s+$`,
  'i',
);
/** A negation just before a trigger ("never act as ..."). */
export const NEGATION_BEFORE = new RegExp(String.raw`\b(?:${wordAlternation(cues.negationsBefore)})\s*(?:\w+\s+){0,1}$`, 'i');
/** A negation just after a trigger ("You are not a ..."). */
export const NEGATION_AFTER = new RegExp(String.raw`^\s*(?:${wordAlternation(cues.negationsAfter)})\b`, 'i');
/** A label before a character's line ("Panellist B:"). */
export const LABEL = /^\s*(?:[-*+]\s+|\d{1,2}[.)]\s+)?(\p{Lu}[\p{L}\p{N}'’ .-]{0,40}?)\s*(?:,\s*\d{1,3}\s*)?(?::|\s[-–—])\s*$/u;
/** Words before a trigger that replace an earlier persona ("From now on, you are ..."). */
export const REASSIGN = new RegExp(String.raw`\b(?:${wordAlternation(cues.reassignCues)})\b`, 'i');
