import type { PromptDocument } from '../formats/types.js';
import type { Span } from '../text.js';
import { toSource } from './detect.js';
import { KeywordRegex } from './keywordScan.js';
import { sentenceBounds, type Prose } from './prose.js';

/** An instruction found in a prompt: what it asks, where (source span of the words) and in which message. */
export interface Instruction {
  messageIndex: number;
  /** The words that make it this kind of instruction, as written. */
  words: string;
  span: Span;
  sentence: Span;
}

// Verbs that only count in verb position: at the start of a sentence or clause, or after a modal or "to".
const VERB_POSITION = String.raw`(?:^|(?<=(?:^|[.!?:;,\n(]|\d[.)]|[-*•])\s*)|(?<=\b(?:to|will|should|must|shall|then|and|please|also|first|next|finally|now|carefully|objectively|honestly|fairly|can|could|would|you|always|each|one|they|he|she|then\s+you|need\s+to|have\s+to)\s+))`;
const OBJECT = String.raw`(?=\s+(?:(?:the|each|every|this|these|those|all|how|whether|it|them|its|their|a|an|on|from|which|who|what|both|any|one|two|three|four|five|top|bottom|best|worst|following|below|above|given|provided|submitted|attached|\d+|[\w-]+['’]s)\b|["'“]|\{\{|\$\{))`;

/** Instructions to evaluate: rate, grade, rank, judge, assess credibility, fact-check, pick the stronger side. */
const EVALUATION_ALTERNATIVES = [
  String.raw`${VERB_POSITION}(?:rate|grade|score|rank|judge|re-rank|rerank)(?!\s+\d+\s*[:.)-])${OBJECT}(?:[^.!?;\n]{0,60}?\b(?:credib\w*|strength|strong\w*|reliab\w*|persuasive\w*|convincing|quality|accura\w*|validity|merit|truth\w*|trustworth\w*|1\s*(?:-|to)\s*(?:5|7|10|100)|scale))?`,
  String.raw`(?<!\b(?:the|a|an|your|my|this|that|each|whole)\s)\b(?:evaluate|evaluating|evaluates|assess|assessing|assesses|appraise|fact-check|fact\s+check|factcheck|fact-checking|fact-checks|adjudicate|critique)\b(?!\s+(?:whether\s+you|your\s+own))(?:\s+[\w'’-]+){0,5}`,
  String.raw`\b(?:rates|grades|scores|ranks|judges|evaluates|assesses)\s+(?=(?:the|each|every|this|these|it|them|how|whether|all|both)\b)(?:\s*[\w'’-]+){0,4}`,
  String.raw`\b(?:decide|determine|identify|tell\s+(?:me|us)|say|choose|pick|select|indicate|judge|conclude|explain|assess|evaluate|state)\s+(?:\w+ly\s+)?(?:which|whose|who|whether)\b[^.!?;\n]{0,80}?\b(?:stronger|strongest|more\s+(?:convincing|persuasive|credible|compelling|reliable|accurate|trustworthy|valid|correct|likely\s+to\s+be\s+true)|most\s+(?:convincing|persuasive|credible|compelling|reliable|accurate|trustworthy)|better|best|correct|right|true|false|trustworthy|credible|reliable|wins?|won|winner|prevails?|accurate|valid|misleading|deserves?|deserved|deserving|merits?|appropriate|acceptable|suitable|offensive)\b`,
  String.raw`\bwhich\s+(?:of\s+(?:[\w'’-]+\s+){0,4})?(?:[\w'’-]+\s+)?(?:is|are|was|were)\s+(?:the\s+)?(?:more\s+|most\s+)?(?:best|better|stronger|strongest|more\s+convincing|most\s+convincing|more\s+persuasive|most\s+persuasive|more\s+credible|most\s+credible|trustworthy|credible|worst)\b`,
  String.raw`\b(?:pick|choose|predict|name)\s+(?:a|the)\s+winner\b[^.!?;\n]{0,30}`,
  String.raw`\b(?:guess|estimate|predict)\s+the\s+(?:score|rating|grade|mark)\b[^.!?;\n]{0,40}`,
  String.raw`\bwhich\s+(?:of\s+(?:[\w'’-]+\s+){0,3})?(?:[\w'’-]+\s+)?(?:statements?|claims?|sources?|arguments?|positions?|sides?|articles?|headlines?|reports?|readings?|interpretations?|views?|candidates?|policies|policy|plans?|proposals?|options?|teams?|products?|answers?|responses?|essays?|cases?|theories|theory)\s+(?:is|are|was|were|makes?|made|has|have)\s+(?:the\s+)?(?:more\s+|most\s+)?(?:trustworthy|true|credible|reliable|accurate|correct|false|misleading|valid|stronger|strongest|better|best|convincing|persuasive|right|sound)\b`,
  String.raw`\b(?:is|are)\s+(?:the\s+)?[^.!?;\n]{1,60}?\s+or\s+(?:the\s+)?[^.!?;\n]{1,60}?\s+(?:the\s+)?(?:better|best|stronger|more\s+(?:convincing|persuasive|credible|reliable|accurate|trustworthy))\b`,
  String.raw`\bhow\s+(?:credible|reliable|strong|convincing|persuasive|trustworthy|accurate|valid|truthful|sound|believable)\s+(?:is|are|the|each|this|these|it)\b[^.!?;\n]{0,40}`,
  String.raw`\b(?:is|are)\s+(?:this|the|each|these)\s+(?:claim|claims|statement|statements|argument|arguments|evidence|headline|article|study|source)\s+(?:true|false|accurate|misleading|credible|reliable|valid|supported|trustworthy)\b`,
  String.raw`\bclassify\s+(?:each|the|every|this|these|all)\s+[^.!?;\n]{0,40}?\bas\s+(?:true|false|fake|real|misinformation|disinformation|misleading|reliable|unreliable|credible|accurate|inaccurate)\b`,
  String.raw`\b(?:give|gives|giving|assign|assigns|award|awards|output|provide|return|produce)\s+(?:it\s+|them\s+|each\s+[\w-]+\s+|the\s+[\w'’-]+\s+|this\s+[\w'’-]+\s+)?(?:a|an|the|your|one)?\s*(?:numeric(?:al)?\s+|overall\s+|final\s+|credibility\s+|quality\s+)?(?:score|rating|grade|verdict|ranking|mark|star\s+rating)\b`,
  String.raw`\b(?:give|gives|award|awards|rate|rates)\s+(?:it|them|each\s+[\w-]+|the\s+[\w-]+)\s+(?:between\s+)?(?:[\w-]+\s+){1,4}?(?:stars|points|marks)\b`,
  String.raw`(?<=\b(?:a|the|one)\s+)(?:grade|score|rating|mark)\s+(?:from\s+\S+\s+to|out\s+of|between|on\s+a\s+(?:\d+-point\s+)?scale)\b`,
  String.raw`\b(?:is|are)\s+(?:this|the|these|it|that)\s+[^.!?;\n]{0,40}?\b(?:acceptable|appropriate|good\s+enough|reasonable|convincing|sound)\b(?:\s+or\s+not)?`,
  String.raw`\bwhich\s+[\w'’-]+\s+(?:makes?|made|presents?|has|had|is|offers?|offered|played|deserves?|gave|gives)\s+(?:the\s+)?(?:better|stronger|best|strongest|more\s+\w+|most\s+\w+)\b[^.!?;\n]{0,20}`,
  String.raw`\b(?:pick|choose|select|identify)\s+the\s+(?:version|option|draft|one|answer|response|argument|candidate|headline|ad|essay|proposal|plan|side|team|player)\s+(?:that|which)\s+(?:will|would|is|does|did|makes?|has)\b[^.!?;\n]{0,40}`,
  String.raw`\b(?:pick|choose|select)\s+the\s+(?:better|best|stronger|strongest|more\s+\w+|most\s+\w+|winning|winner)\b[^.!?;\n]{0,30}`,
  String.raw`\b(?:list|order|rank|sort)\s+(?:them|these|the\s+[\w-]+|all)\s+(?:in\s+order|from\s+(?:best|most|strongest|worst|least))\b`,
  String.raw`\bweigh\b[^.!?;\n]{0,80}?\b(?:against|versus|vs\.?)\b[^.!?\n]{0,120}?\b(?:recommend|decide|advise|conclude|choose|which)\w*`,
  String.raw`\bweigh\s+(?:the\s+)?(?:pros\s+and\s+cons|costs\s+and\s+benefits|trade-?offs|competing\s+(?:values|interests|priorities))\b[^.!?\n]{0,120}?\b(?:recommend|decide|advise|conclude|choose)\w*`,
  String.raw`\b(?:tell\s+(?:me|us)|say|decide|judge|determine|check)\s+(?:if|whether)\s+(?:it|it's|it’s|this|the|these|each|they|they're|their)\b[^.!?;\n]{0,40}?\b(?:appropriate|acceptable|suitable|good|true|false|accurate|correct|fair|credible|reliable|valid|offensive|harmful|biased|misleading|worth\s+\w+|holds?\s+up)\b`,
  String.raw`\bhow\s+(?:convincing|persuasive|credible|strong|compelling|well-argued|trustworthy|reliable)\s+do\s+you\s+find\b[^.!?;\n]{0,30}`,
  String.raw`\bwould\s+you\s+(?:sign|support|vote\s+for|back|endorse|join|recommend|trust|believe)\b[^.!?;\n]{0,50}`,
  String.raw`\bwhich\s+(?:one\s+)?do\s+you\s+(?:prefer|find\s+(?:more|most)\s+\w+|trust\s+more|agree\s+with)\b[^.!?;\n]{0,30}`,
  String.raw`\b(?:flag|identify|pick|name|point\s+out|find|single\s+out)\s+the\s+(?:weakest|strongest|best|worst|least\s+\w+|most\s+(?:convincing|persuasive|credible|misleading|biased))\b[^.!?;\n]{0,30}`,
  String.raw`\bthumbs[-\s]up\s+or\s+(?:a\s+)?(?:thumbs[-\s])?down\b`,
  String.raw`\bwho(?:'s|’s|\s+is|\s+was|\s+are|\s+were)\s+(?:the\s+)?(?:greatest|best|better|worst|strongest|most\s+(?:talented|important|successful|overrated|underrated))\b[^.!?;\n]{0,40}`,
  String.raw`\b(?:who|which\s+side|which\s+team|which\s+candidate)\s+(?:won|wins|made\s+the\s+(?:better|stronger)\s+(?:case|argument))\b[^.!?;\n]{0,40}`,
  String.raw`\bhow\s+(?:it|they|this|that|each\s+[\w-]+)\s+(?:rates?|scores?|ranks?|measures\s+up|stacks\s+up)\b[^.!?;\n]{0,30}`,
  String.raw`\bcheck\s+(?:each|every|the|all|this|these|their)\s+(?:[\w'’-]+\s+){1,4}?for\s+(?:[\w-]+\s+)?(?:accuracy|credibility|truth(?:fulness)?|reliability|bias|misinformation)\b`,
  String.raw`\bwhich\s+of\s+(?:the\s+)?(?:two|three|four|these|those|them)\b[^.!?;\n]{0,60}?\b(?:should|ought\s+to)\s+(?:use|choose|pick|adopt|fund|back|go\s+with|prefer|get|win)\b`,
  String.raw`\bweigh\s+(?:up\s+)?(?:them|both|the\s+(?:two|options|requests|proposals|candidates)|what\s+matters)\b[^.!?\n]{0,80}?\band\s+(?:recommend|choose|pick|decide)\b`,
  String.raw`\byour\s+(?:task|job|role|goal)\s+is\s+to\s+(?:evaluate|judge|rate|assess|grade|score|rank|fact-check|critique|decide\s+which)\b[^.!?;\n]{0,60}`,
];
const EVALUATION_SCAN = new KeywordRegex(EVALUATION_ALTERNATIVES, 'imu', ['rate', 'grade', 'score', 'rank', 'judge', 're', 'rerank', 'evaluate', 'evaluating', 'evaluates', 'assess', 'assessing', 'assesses', 'appraise', 'fact', 'factcheck', 'adjudicate', 'critique', 'rates', 'grades', 'scores', 'ranks', 'judges', 'decide', 'determine', 'identify', 'tell', 'say', 'choose', 'pick', 'select', 'indicate', 'conclude', 'explain', 'state', 'which', 'how', 'is', 'are', 'classify', 'give', 'assign', 'output', 'provide', 'return', 'produce', 'weigh', 'who', 'your', 'is', 'check', 'gives', 'giving', 'award', 'awards', 'a', 'the', 'one', 'list', 'order', 'sort', 'predict', 'name', 'guess', 'estimate', 'would', 'flag', 'point', 'find', 'single', 'thumbs']);

const EVALUATION_NEGATED = /\b(?:not|never|n't|don't|do\s+not|avoid|without|refuse\s+to|no\s+need\s+to)\s+(?:\w+\s+){0,1}$/i;

/** Instructions meant to neutralise a persona: remain neutral, be unbiased, put your own views aside. */
const DEBIASING_ALTERNATIVES = [
  String.raw`\b(?:remain|stay|be|act|keep|sound|appear|being|staying|remaining)\s+(?:completely\s+|strictly\s+|entirely\s+|totally\s+|perfectly\s+|politically\s+|fully\s+|scrupulously\s+|as\s+|always\s+|absolutely\s+|truly\s+|rigorously\s+)?(?:neutral|unbiased|impartial|objective|fair|balanced|even-handed|evenhanded|nonpartisan|non-partisan|apolitical|fair-minded|open-minded|dispassionate|unprejudiced)\b(?:\s+(?:and|or)\s+(?:neutral|unbiased|impartial|objective|fair|balanced|even-handed|nonpartisan|non-partisan))?`,
  String.raw`\b(?:without|free\s+(?:of|from))\s+(?:any\s+)?(?:(?:personal|political|partisan|ideological|religious)\s+)?(?:bias|biases|prejudice|partisanship|favou?ritism|preconceptions)\b`,
  String.raw`\b(?:give|assign|accord|afford)\s+(?:[\w'’,-]+\s+){0,6}?(?:equal|the\s+same|fair|due)\s+(?:weight|consideration|treatment|credence|time|attention)\b[^.!?;\n]{0,50}`,
  String.raw`\btreat\s+(?:all|every|both|each)\s+(?:[\w'’-]+\s+){0,2}?(?:equally|fairly|the\s+same|exactly\s+the\s+same|alike|with\s+equal\s+\w+|even-handedly|impartially)`,
  String.raw`\b(?:put|set|leave|lay|keep|push)\s+(?:aside|away)\s+(?:your|any|all)\s+(?:own\s+)?(?:personal\s+|political\s+|religious\s+)?(?:views?|beliefs?|opinions?|biases|bias|identity|politics|ideology|preferences|affiliations?|convictions|values|loyalties|feelings)\b`,
  String.raw`\b(?:put|set|leave|lay|keep)\s+(?:your|any|all|their|his|her)\s+(?:own\s+)?(?:personal\s+|political\s+|religious\s+)?(?:views?|beliefs?|opinions?|biases|bias|identity|politics|ideology|ideologies|preferences|affiliations?|convictions|values|loyalties|feelings)\s+aside\b`,
  String.raw`\b(?:do\s+not|don't|never|must\s+not|should\s+not|shouldn't|mustn't|cannot|can't|may\s+not)\s+let\s+(?:[\w'’-]+\s+){0,4}?(?:views?|beliefs?|opinions?|biases|bias|identity|politics|ideology|preferences|affiliations?|persona|background|convictions|values|loyalties|loyalty|feelings|doctrine|faith|religion|theology|allegiance|fandom|sympathies|interests?|role|persona|side)\s+(?:influence|affect|bias|colou?r|sway|cloud|shape|interfere|determine|decide|tip|tilt|skew|slant)\w*`,
  String.raw`\btabula\s+rasa\b`,
  String.raw`\bno\s+favou?ritism\b`,
  String.raw`\blike\s+a\s+neutral\s+(?:would|observer|referee|judge)\b`,
  String.raw`\bas\s+if\s+you\s+(?:had|have)\s+no\s+(?:client|side|stake|affiliation|allegiance|party|team|horse\s+in\s+the\s+race|dog\s+in\s+(?:this|the)\s+fight)\b`,
  String.raw`\b(?:put|set|leave|lay|keep)\s+(?:your|any|all)\s+(?:own\s+)?(?:[\w-]+\s+)?(?:leanings|sympathies|allegiances?|loyalties|preferences|views|beliefs|opinions|convictions|biases|politics)\s+aside\b`,
  String.raw`\b(?:approach|read|treat|examine|weigh|consider|review)\s+(?:\w+\s+){0,4}?(?:objectively|impartially|neutrally|dispassionately|even-handedly)\b`,
  String.raw`\b(?:put|leave|check|park|keep)\s+(?:your|any|all)\s+(?:own\s+)?(?:personal\s+|political\s+|religious\s+)?(?:politics|views?|beliefs?|opinions?|biases|bias|convictions|loyalties|allegiances?|identity|ideology|feelings)\s+(?:in\s+a\s+drawer|at\s+the\s+door|on\s+the\s+shelf|out\s+of\s+(?:it|this))`,
  String.raw`\b(?:keep|make)\s+(?:your\s+|the\s+|all\s+)?(?:[\w-]+\s+){0,2}?(?:balanced|neutral|objective|impartial|even-handed|nonpartisan|non-partisan|unbiased|fair)\b(?:\s+and\s+free\s+of\s+[\w\s-]{0,20}?(?:slant|bias))?`,
  String.raw`\bfree\s+of\s+(?:any\s+)?(?:partisan|political|ideological|religious)\s+(?:slant|bias|spin|lean)\b`,
  String.raw`\b(?:not|never)\s+on\s+(?:your\s+|their\s+|his\s+|her\s+)?(?:own\s+)?personal\s+(?:beliefs|views|opinions|preferences|politics|convictions)\b`,
  String.raw`\bgive\s+(?:every|each|all|both)\s+[^.!?;\n]{0,40}?\b(?:a\s+)?(?:fair|equal)\s+(?:hearing|shake|chance|say)\b`,
  String.raw`\b(?:put|set|leave|lay|keep)\s+(?:[\w'’-]+['’]s\s+|your\s+|any\s+|all\s+|the\s+)(?:own\s+)?(?:[\w-]+\s+)?(?:interests?|side|loyalty|loyalties|allegiance|sympathies|agenda)\s+aside\b`,
  String.raw`\b(?:regardless|irrespective)\s+of\s+(?:your|any)\s+(?:own\s+)?(?:personal\s+|political\s+|religious\s+)?(?:views?|beliefs?|opinions?|affiliations?|identity|ideology|politics|persona|background|convictions|values|loyalties)\b`,
  String.raw`\bconsider\s+(?:all|every|both|each)\s+(?:sides?|viewpoints?|perspectives?)\s+(?:fairly|equally|objectively|impartially|even-handedly)\b`,
  String.raw`\b(?:strive|aim|try)\s+(?:for|to\s+be)\s+(?:accuracy|objectivity|neutrality|balance|fairness|impartiality|objective|neutral|impartial|unbiased|balanced)\b`,
  String.raw`\bbe\s+(?:skeptical|sceptical)\s+and\s+strive\s+for\s+accuracy\b`,
  String.raw`\b(?:avoid|do\s+not\s+show|don't\s+show|never\s+show)\s+(?:any\s+)?(?:bias|biases|taking\s+sides|partisanship|favou?ritism|prejudice)\b`,
  String.raw`\b(?:evaluate|judge|assess|rate|grade|score|weigh|consider|review|analy[sz]e)\s+(?:\w+\s+){0,4}?(?:objectively|impartially|neutrally|without\s+prejudice|without\s+bias|even-handedly|dispassionately)\b`,
  String.raw`\bjudge\s+without\s+prejudice\b`,
];
const DEBIASING_SCAN = new KeywordRegex(DEBIASING_ALTERNATIVES, 'imu', ['remain', 'stay', 'be', 'act', 'keep', 'sound', 'appear', 'being', 'staying', 'remaining', 'without', 'free', 'give', 'assign', 'accord', 'afford', 'treat', 'put', 'set', 'leave', 'lay', 'push', 'do', 'don', 'never', 'must', 'should', 'shouldn', 'regardless', 'irrespective', 'consider', 'strive', 'aim', 'try', 'avoid', 'evaluate', 'judge', 'assess', 'rate', 'grade', 'score', 'weigh', 'review', 'analyze', 'analyse', 'mustn', 'cannot', 'can', 'may', 'tabula', 'not', 'never', 'check', 'park', 'make', 'free', 'no', 'like', 'as', 'approach', 'read', 'treat', 'examine']);

/** Personas standing in for human respondents, annotators or demographic groups. */
const RESPONDENT_ALTERNATIVES = [
  String.raw`\b(?:participant|respondent|panelist|panellist|interviewee|subject|member|annotator|rater|coder|labeller|labeler|crowd\s*worker|crowdworker)\s+(?:#\s*)?(?:\d+|number\s+\d+|[A-Z]\b|\{\{[^}]+\}\})?\s*(?:in|of|from|for)\s+(?:a|an|the|this|our)\s+(?:[\w-]+\s+){0,2}(?:focus\s+group|crowd\s+study|annotation\s+(?:task|study|project)|survey|panel|poll|study|interview|consumer\s+panel|user\s+study|user\s+research)\b`,
  String.raw`\b(?:participant|respondent|panellist|panelist|annotator|rater|labeller|labeler|coder|interviewee)\s+(?:#\s*\d+|no\.\s*\d+|number\s+\d+|\d+)\b`,
  String.raw`\b(?:focus[-\s]group\s+(?:participant|member|respondent)s?|survey\s+(?:respondent|participant|taker)s?|synthetic\s+(?:respondents?|participants?|personas?|voters?|panel)|silicon\s+(?:sample|subjects?)|simulated\s+(?:respondents?|participants?|voters?|panel|focus\s+group|survey))\b`,
  String.raw`\b(?:respond|answer|rate|react|vote|reply|annotate|label|code|tag|classify|score|judge|comment|evaluate|review|read|fill\s+out|complete|choose|pick)\b[^.!?;\n]{0,60}?\b(?:as|the\s+way|like)\s+(?:a|an|the|this|that|each|every|one)\s+(?=[^.!?;\n]{0,60}?\b(?:typical|average|representative|ordinary|everyday|random|actual|real|\d+-year-old|respondents?|crowd\s*workers?|annotators?|raters?|participants?|panell?ists?|demographic\w*|person\s+described|this\s+person|member\s+of\s+the\s+public)\b)[^.!?;\n]{1,80}?\s+(?:would|might|does|did)\b`,
  String.raw`\bsimulate\s+(?:a|an|the|\d+|n|several|multiple|many|some|different|diverse|various)?\s*[^.!?;\n]{0,60}?\b(?:respondents|participants|voters|customers|users|panelists|consumers|people|citizens|annotators|raters|personas|focus\s+group|survey|poll|population|demographic\w*|audience\s+members)\b`,
  String.raw`\b(?:generate|produce|write|give|create|provide)\s+(?:\w+\s+){0,3}?(?:answers|responses|opinions|ratings|survey\s+responses|reactions|votes|reviews|labels)\s+(?:from|of|for|by)\s+(?:\d+|n|several|many|multiple|different|diverse|various|a\s+(?:panel|sample|group)\s+of|each\s+of)?\s*[^.!?;\n]{0,40}?\b(?:voters|respondents|people|participants|consumers|customers|personas|demographics?|americans|citizens|adults|users|annotators|parents|individuals)\b`,
  String.raw`\b(?:annotate|label|code|rate|classify|tag)\b[^.!?;\n]{0,50}?\bas\s+(?:a|an)\s+(?:crowd\s*worker|crowdworker|mturk\s+worker|mechanical\s+turk\s+worker|annotator|rater|human\s+annotator|labell?er|prolific\s+participant)\b`,
  String.raw`\bwith\s+(?:these|the\s+following|the\s+given|this|the\s+specified|the\s+above)\s+demographics?\b|\bdemographic\s+(?:profile|attributes|characteristics|background)\b`,
  String.raw`\b(?:act|respond|answer|behave|think|react|vote)\s+(?:like|as)\s+(?:a|an)\s+(?:typical|average|representative|ordinary)\b[^.!?;\n]{1,60}`,
  String.raw`\bhow\s+(?:a|an)\s+(?:typical|average|representative|ordinary)\s+[^.!?;\n]{1,60}?\s+would\s+(?:respond|react|answer|reply|vote|feel|rate|see)\b`,
  String.raw`\bplay\s+(?:all\s+)?(?:the\s+)?(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several|multiple|these|each\s+of\s+the)\s+(?:[\w-]+\s+)?(?:participants|respondents|interviewees)\b`,
  String.raw`\b(?:score|rating|grade|reaction|answer|response|verdict)s?\s+(?:that\s+)?(?:a|an|the)\s+(?:typical|average|representative|ordinary)\s+[^.!?;\n]{1,60}?\s+would\s+(?:give|assign|choose|pick)\b`,
  String.raw`\bgenerate\s+(?:\d+|several|many|multiple|a\s+set\s+of|a\s+panel\s+of)\s+(?:synthetic\s+|simulated\s+|fake\s+|different\s+|diverse\s+)?(?:respondents|participants|personas|voters|customers|users|people|profiles|panell?ists|residents|interviewees)\b`,
  String.raw`(?<=\bin\s+the\s+)voice\s+of\s+each\s+(?:respondent|participant|persona|voter|customer|resident|panellist|panelist|user|person)\b`,
  String.raw`\bone\s+of\s+(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|several|many|the)\s+(?:simulated\s+|synthetic\s+|virtual\s+)?(?:shoppers|interviewees|respondents|participants|panell?ists|customers|voters|consumers|users|residents|patients|personas)\b`,
  String.raw`\bstand-?ins?\s+for\s+(?:real\s+|actual\s+)?(?:[\w-]+\s+){0,3}?(?:respondents|customers|voters|participants|people|users|consumers|shoppers|audiences?|buyers|the\s+public)\b|\bas\s+a\s+stand-?in\b`,
  String.raw`\bsynthetic\s+(?:[\w-]+\s+)?(?:respondents?|participants?|shoppers|customers|users|voters|consumers|personas?|panel|panellists|panelists|residents|patients|interviewees)\b`,
  String.raw`\b(?:answer|respond|reply|react|rate|vote|fill\s+(?:in|out)|complete)\b[^.!?;\n]{0,60}?\bas\s+(?:each|every)\s+[\w-]+\s+would\b`,
  String.raw`\b(?:answer|respond|reply|react|rate|vote|fill\s+(?:in|out)|complete)\b[^.!?;\n]{0,60}?\bas\s+(?:this|that|the)\s+(?:resident|respondent|voter|shopper|customer|participant|person|panell?ist|member|citizen|consumer|user|interviewee|patient|parent)\s+would\b`,
  String.raw`\b(?:taking|take|taken|took)\s+part\s+in\s+(?:a|an|the|this|our)\s+(?:[\w-]+\s+){0,3}(?:survey|poll|focus\s+group|panel|study|interview|questionnaire)\b`,
  String.raw`\bas\s+if\s+(?:they|it|these|each)\s+(?:came|come|were|are|was)\s+(?:written\s+)?(?:from|by)\s+(?:[\w-]+\s+){0,4}?(?:residents|voters|respondents|people|citizens|customers|participants|users|consumers|members\s+of\s+the\s+public|parents|patients|employees|students)\b`,
  String.raw`\beach\s+with\s+(?:a|an|their)?\s*(?:stated\s+|different\s+|own\s+|given\s+)?(?:age|gender|ethnicity|race|income|religion|political\s+(?:leaning|affiliation|party|views))\b`,
  String.raw`\b(?:representative|random|diverse)\s+sample\s+of\s+(?:\d+\s+)?(?:voters|americans|adults|respondents|people|consumers|citizens|users|customers)\b`,
  String.raw`\banswer\s+(?:the|this|each)\s+(?:survey|questionnaire|poll)(?:\s+questions?)?\s+as\b`,
  String.raw`\bpretend\s+to\s+be\s+(?:\d+|several|multiple|many|different)\s+(?:different\s+)?(?:people|persons|respondents|voters|customers|users)\b`,
];
const RESPONDENT_SCAN = new KeywordRegex(RESPONDENT_ALTERNATIVES, 'imu', ['participant', 'respondent', 'panelist', 'panellist', 'interviewee', 'subject', 'member', 'annotator', 'rater', 'coder', 'labeler', 'labeller', 'crowd', 'crowdworker', 'focus', 'survey', 'synthetic', 'silicon', 'simulated', 'respond', 'answer', 'rate', 'react', 'vote', 'reply', 'annotate', 'label', 'score', 'judge', 'comment', 'evaluate', 'review', 'read', 'fill', 'complete', 'choose', 'pick', 'simulate', 'generate', 'produce', 'write', 'give', 'create', 'provide', 'code', 'classify', 'tag', 'with', 'demographic', 'representative', 'random', 'diverse', 'pretend', 'taking', 'take', 'taken', 'took', 'as', 'each', 'act', 'behave', 'think', 'fill', 'one', 'stand', 'score', 'rating', 'grade', 'reaction', 'answer', 'response', 'verdict', 'scores', 'ratings', 'in', 'code', 'tag', 'classify']);

/** Finds every match of `pattern` in the prose of every message, skipping negated matches when asked. */
function findInstructions(
  doc: PromptDocument,
  proses: Prose[],
  pattern: KeywordRegex,
  skipNegated: boolean,
): Instruction[] {
  const out: Instruction[] = [];
  proses.forEach((prose, messageIndex) => {
    const offsets = doc.messages[messageIndex].offsets;
    for (const m of pattern.matches(prose.text)) {
      let end = m.index + m[0].length;
      // Trim trailing punctuation and function words: "Fact-check the claim below and say" -> "... below".
      for (let trimmed = true; trimmed; ) {
        trimmed = false;
        while (end > m.index && /[\s,:]/.test(prose.text[end - 1])) end--;
        const tail = /\s(?:and|or|but|then|to|the|a|an|of|in|on|for|with|so|that|which|each|every|it|its)$/i.exec(prose.text.slice(m.index, end));
        if (tail) {
          end = m.index + tail.index;
          trimmed = true;
        }
      }
      const sentence = sentenceBounds(prose, m.index);
      if (skipNegated && EVALUATION_NEGATED.test(prose.text.slice(Math.max(sentence.start, m.index - 80), m.index))) continue;
      out.push({
        messageIndex,
        words: prose.text.slice(m.index, end).replace(/\s+/g, ' '),
        span: toSource(offsets, m.index, end),
        sentence: toSource(offsets, sentence.start, sentence.end),
      });
    }
  });
  return out;
}

/** Instructions that ask the model to evaluate (EH002's trigger). */
export function findEvaluations(doc: PromptDocument, proses: Prose[]): Instruction[] {
  return findInstructions(doc, proses, EVALUATION_SCAN, true);
}

/** Instructions meant to neutralise a persona (EH003's trigger). */
export function findDebiasing(doc: PromptDocument, proses: Prose[]): Instruction[] {
  return findInstructions(doc, proses, DEBIASING_SCAN, false);
}

// "panelkit is a Python library that researchers use to run synthetic respondent panels": a project described
// to a coding agent names respondent simulation as its topic, not as the agent's task.
const PROJECT_DESCRIPTION = /^[\w.@/-]+\s+is\s+an?\s+(?:[\w+#.-]+\s+){0,3}?(?:library|package|toolkit|tool|framework|app|application|service|repo|repository|project|codebase|CLI|SDK|plugin|extension)\b/i;

/** Instructions that make personas stand in for human respondents (EH004's trigger). */
export function findRespondentSimulation(doc: PromptDocument, proses: Prose[]): Instruction[] {
  // One test per sentence, however many instructions it holds: the test reads the sentence's first word.
  const describesProject = new Map<string, boolean>();
  return findInstructions(doc, proses, RESPONDENT_SCAN, false).filter(({ sentence }) => {
    const key = `${sentence.start}:${sentence.end}`;
    let describes = describesProject.get(key);
    if (describes === undefined) {
      describes = PROJECT_DESCRIPTION.test(doc.source.slice(sentence.start, sentence.end));
      describesProject.set(key, describes);
    }
    return !describes;
  });
}
