// Counterfactual personas: the same sentence with the identity swapped for one of the same category.
import type { IdentityCategory } from '../config.js';
import type { PromptDocument } from '../formats/types.js';
import type { IdentityAttribute, PersonaAssignment } from '../persona/types.js';
import { normalizeToken } from '../persona/lexicon.js';
import type { SourceEdit } from './prompt.js';

/** A rule of the counterfactual map: terms it matches and the alternatives, the opposite side first. */
interface SwapRule {
  match: RegExp;
  alternatives: [string, string];
}

// Per category, the first matching rule wins. The first alternative is the opposing side (the one-sided
// check's counterfactual); both serve as the stability check's contrasts.
const SWAPS: Record<IdentityCategory, SwapRule[]> = {
  political: [
    { match: /^republicans?$|^gop$/, alternatives: ['Democrat', 'independent'] },
    { match: /^democrats?$/, alternatives: ['Republican', 'independent'] },
    { match: /^(centrist|moderate|independent|swing voter|independent voter)$/, alternatives: ['conservative', 'progressive'] },
    {
      match: /conservative|republican|\bgop\b|maga|trump|tor(y|ies)|right|reagan|thatcher|libertarian|tea part|brexiteer|reform uk|ukip|afd|nationalist|reactionary|neocon|monarchist|royalist/,
      alternatives: ['progressive', 'centrist'],
    },
    {
      match: /democrat|liberal|progressive|left|socialist|labour|green|communist|marxist|biden|bernie|corbyn|\bdsa\b|remainer|anarchist|antifa/,
      alternatives: ['conservative', 'centrist'],
    },
  ],
  religion: [
    { match: /atheist|agnostic|secular|humanist|non-?believer|freethinker/, alternatives: ['devout Christian', 'devout Muslim'] },
    { match: /muslim|sunni|shia|shiite|sufi|imam|mullah|salafi|islam/, alternatives: ['atheist', 'Christian'] },
    { match: /.*/, alternatives: ['atheist', 'Muslim'] },
  ],
  nationality: [
    { match: /^americans?$|^yanks?$/, alternatives: ['Canadian', 'Mexican'] },
    { match: /patriot|nationalist/, alternatives: ['internationalist', 'recent immigrant'] },
    { match: /immigrant|refugee|migrant|expat/, alternatives: ['native-born citizen', 'lifelong local'] },
    { match: /.*/, alternatives: ['foreign visitor', 'recent immigrant'] },
  ],
  gender: [
    { match: /^(wom[ae]n|girl|female|lesbian|trans woman)$/, alternatives: ['man', 'nonbinary person'] },
    { match: /^(m[ae]n|boy|male|gay man|straight man|trans man)$/, alternatives: ['woman', 'nonbinary person'] },
    { match: /^(straight|heterosexual|cis|cisgender|straight woman)$/, alternatives: ['gay', 'bisexual'] },
    { match: /.*/, alternatives: ['straight', 'cisgender'] },
  ],
  age: [
    { match: /gen ?z|gen-z|generation z|zoomer|teen|young|millennial|generation y|twentysomething|gen alpha/, alternatives: ['baby boomer', 'Gen Xer'] },
    { match: /gen ?x|gen-x|generation x|thirtysomething/, alternatives: ['Gen Zer', 'baby boomer'] },
    { match: /.*/, alternatives: ['Gen Zer', 'millennial'] },
  ],
  activism: [
    { match: /gun-?rights|gun rights|nra|second amendment/, alternatives: ['gun-control', 'hunting'] },
    { match: /gun-?control|gun control/, alternatives: ['gun-rights', 'hunting'] },
    { match: /pro-life|anti-abortion/, alternatives: ['pro-choice', 'neutral'] },
    { match: /pro-choice|abortion-rights/, alternatives: ['pro-life', 'neutral'] },
    { match: /environment|eco-|climate activist|climate campaigner|greenpeace|extinction|sierra/, alternatives: ['climate sceptic', 'business'] },
    { match: /climate (skeptic|sceptic|denier)/, alternatives: ['climate activist', 'business'] },
    { match: /anti-?vax|anti-vaccine/, alternatives: ['vaccine advocate', 'public-health'] },
    { match: /union|teamster|steward|labou?r organi[sz]er/, alternatives: ['business owner', 'small-business owner'] },
    { match: /feminist|suffrag/, alternatives: ['anti-feminist', 'traditionalist'] },
  ],
  fandom: [{ match: /.*/, alternatives: ['supporter of a rival team', 'supporter of a different club'] }],
};

/** The alternatives for an identity attribute, the opposite side first; undefined when the map knows none. */
export function alternativesFor(attribute: IdentityAttribute): [string, string] | undefined {
  if (attribute.category === 'stance') return undefined;
  const term = attribute.term.split(/\s+/).map(normalizeToken).join(' ');
  return SWAPS[attribute.category].find((rule) => rule.match.test(term))?.alternatives;
}

/** A counterfactual persona: the edit that swaps the identity, and the sentence as it then reads. */
export interface Counterfactual {
  edit: SourceEdit;
  sentence: string;
}

/**
 * Counterfactual versions of a persona sentence: its first identity attribute the map knows, swapped for each
 * alternative of the same category (the opposite side first), with a leading "a"/"an" agreeing. Empty when the
 * lexicon offers none.
 */
export function counterfactuals(doc: PromptDocument, persona: PersonaAssignment): Counterfactual[] {
  for (const attribute of persona.identityAttributes) {
    const alternatives = alternativesFor(attribute);
    if (alternatives) return alternatives.map((alternative) => swap(doc, persona, attribute, alternative));
  }
  return [];
}

function swap(doc: PromptDocument, persona: PersonaAssignment, attribute: IdentityAttribute, alternative: string): Counterfactual {
  let { start } = attribute.span;
  const { end } = attribute.span;
  let text = alternative;
  const article = /\b(an?)\s+$/i.exec(doc.source.slice(Math.max(persona.sentence.start, start - 4), start));
  if (article) {
    start -= article[0].length;
    const fitting = /^[aeiou]/i.test(alternative) ? 'an' : 'a';
    text = `${article[1][0] === 'A' ? fitting[0].toUpperCase() + fitting.slice(1) : fitting} ${alternative}`;
  } else if (start === persona.sentence.start || /[.!?:]\s*$/.test(doc.source.slice(persona.sentence.start, start))) {
    text = alternative[0].toUpperCase() + alternative.slice(1);
  }
  const sentence = doc.source.slice(persona.sentence.start, start) + text + doc.source.slice(end, persona.sentence.end);
  return { edit: { span: { start, end }, text }, sentence: sentence.replace(/\s+/g, ' ').trim() };
}
