import type { PromptDocument } from '../formats/types.js';
import type { Span } from '../text.js';
import { isHeadingLine, toSource } from './detect.js';
import { KeywordRegex } from './keywordScan.js';
import evaluation from './grammar/evaluation.json';
import neutralising from './grammar/neutralising.json';
import respondent from './grammar/respondent.json';
import shared from './grammar/shared.json';
import { findForeignInstructions } from './foreign.js';
import { compileGrammar, type GrammarData } from './instructionGrammar.js';
import { messageLanguage } from './languages.js';
import { sentenceBounds, type Prose } from './prose.js';

/** An instruction found in a prompt: what it asks, where (source span of the words) and in which message. */
export interface Instruction {
  messageIndex: number;
  /** The words that make it this kind of instruction, as written. */
  words: string;
  span: Span;
  sentence: Span;
}

// Each instruction class is a small grammar (word classes and frames) kept as data in grammar/*.json.
const context = shared.context;
const compile = (data: GrammarData): KeywordRegex => {
  const frames = compileGrammar({ ...data, classes: { ...shared.classes, ...data.classes } } as GrammarData, context);
  return new KeywordRegex(frames.map((f) => f.source), 'imu', [...new Set(frames.flatMap((f) => f.leadingWords))]);
};

/**
 * A grammar compiled on first use, not when the module loads: a CLI run whose files all come from the results
 * cache, `--version` and `--help` never read an instruction, and compiling the three grammars is a sixth of start-up.
 */
function compiledOnUse(data: GrammarData): () => KeywordRegex {
  let scan: KeywordRegex | undefined;
  return () => (scan ??= compile(data));
}

/** Instructions to evaluate: rate, grade, rank, judge, assess credibility, fact-check, pick the stronger side. */
const EVALUATION_SCAN = compiledOnUse(evaluation as GrammarData);

const EVALUATION_NEGATED = /\b(?:not|never|n't|don't|do\s+not|avoid|without|refuse\s+to|no\s+need\s+to)\s+(?:\w+\s+){0,1}$/i;

/** Instructions meant to neutralise a persona: remain neutral, be unbiased, put your own views aside. */
const DEBIASING_SCAN = compiledOnUse(neutralising as GrammarData);

/** Personas standing in for human respondents, annotators or demographic groups. */
const RESPONDENT_SCAN = compiledOnUse(respondent as GrammarData);

/** The start of the line holding offset `at`, or -1 when the line is longer than `limit` before it. */
function lineStartOf(text: string, at: number, limit = 400): number {
  let start = at;
  while (start > 0 && text[start - 1] !== '\n') if (at - --start > limit) return -1;
  return start;
}

// "// Synthetic consumer panel for concept tests": a line comment of code around a prompt describes the code.
const COMMENT_LINE = /^[ \t]*\/\//;

function commentLine(text: string, at: number): boolean {
  const start = lineStartOf(text, at);
  return start >= 0 && COMMENT_LINE.test(text.slice(start, at));
}

// A turn spoken by the user in a written-out exchange: "User: ok be honest, which album is the best".
const USER_TURN = /^[ \t]*(?:[-*>][ \t]+)?\**(?:user|human|customer|client|visitor|caller|guest|member|student|patient|shopper|fan|player|kid|child|parent|reader)\**[ \t]*:/i;
// A reply written out after it: "Mika: (rank the albums ...)", "Assistant: Sure!" ("Assistant:" with nothing after
// it is the live turn the model is to write, so the exchange is not an example).
const WRITTEN_REPLY = /^[ \t]*(?:[-*>][ \t]+)?\**[A-Z][\w .'’-]{0,30}?\**[ \t]*:[ \t]*\S/;
const EXAMPLE_HEADING = /\b(?:examples?|sample|samples|demo|for instance|e\.g\.|illustration|few-shot)\b/i;

/**
 * Whether offset `at` is in a user's turn of an example exchange: the line opens with a user's speaker label, and
 * the nearest heading above it names an example, or a reply by another speaker is written out below it.
 */
function exampleUserTurn(text: string, at: number): boolean {
  const start = lineStartOf(text, at);
  if (start < 0 || !USER_TURN.test(text.slice(start, Math.min(text.length, start + 40)))) return false;
  // The lines below, up to the next user turn or a blank run: a written-out reply makes it an example.
  let end = text.indexOf('\n', at);
  for (let k = 0; end >= 0 && k < 4; k++) {
    const next = text.indexOf('\n', end + 1);
    const line = text.slice(end + 1, next < 0 ? text.length : next);
    end = next;
    if (line.trim() === '' || /^\s*<!--.*-->\s*$/.test(line)) continue;
    if (USER_TURN.test(line)) break;
    if (WRITTEN_REPLY.test(line)) return true;
    break;
  }
  // Or the nearest heading or introducing line above, within a few lines, names an example.
  let cursor = start - 1;
  for (let k = 0; cursor > 0 && k < 6; k++) {
    const lineStart = lineStartOf(text, cursor);
    if (lineStart < 0) break;
    const line = text.slice(lineStart, cursor);
    if (/^\s*#{1,6}\s|:\s*$/.test(line)) return EXAMPLE_HEADING.test(line);
    cursor = lineStart - 1;
  }
  return false;
}

/**
 * Finds every match of `pattern` in the prose of every message, skipping negated matches when asked. Messages in
 * another language are read with that language's wordings of the class given as `foreign`, when it has them.
 */
function findInstructions(
  doc: PromptDocument,
  proses: Prose[],
  pattern: KeywordRegex,
  skipNegated: boolean,
  foreign?: 'evaluation' | 'neutralising' | 'respondent',
): Instruction[] {
  const out: Instruction[] = [];
  proses.forEach((prose, messageIndex) => {
    const offsets = doc.messages[messageIndex].offsets;
    const message = doc.messages[messageIndex].text;
    const language = foreign ? messageLanguage(prose) : 'en';
    if (foreign && language !== 'en') {
      for (const m of findForeignInstructions(prose, language, foreign)) {
        if (isHeadingLine(prose.text, m.index)) continue;
        const sentence = sentenceBounds(prose, m.index);
        const end = m.index + m[0].length;
        const words = m[0].replace(/\s+/g, ' ');
        out.push({ messageIndex, words, span: toSource(offsets, m.index, end), sentence: toSource(offsets, sentence.start, sentence.end) });
      }
      return;
    }
    for (const m of pattern.sentenceMatches(prose.text)) {
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
      // A heading names the prompt's topic ("# Simulated focus group"); the instructions come below it.
      if (isHeadingLine(prose.text, m.index)) continue;
      // A code comment is read by programmers, and a user's turn in an example exchange is spoken to the model.
      if (commentLine(message, m.index) || exampleUserTurn(message, m.index)) continue;
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
  return findInstructions(doc, proses, EVALUATION_SCAN(), true, 'evaluation');
}

/** Instructions meant to neutralise a persona (EH003's trigger). */
export function findDebiasing(doc: PromptDocument, proses: Prose[]): Instruction[] {
  return findInstructions(doc, proses, DEBIASING_SCAN(), false, 'neutralising');
}

// "panelkit is a Python library that researchers use to run synthetic respondent panels": a project described
// to a coding agent names respondent simulation as its topic, not as the agent's task.
const PROJECT_DESCRIPTION = /^[\w.@/-]+\s+is\s+an?\s+(?:[\w+#.-]+\s+){0,3}?(?:library|package|toolkit|tool|framework|app|application|service|repo|repository|project|codebase|CLI|SDK|plugin|extension)\b/i;

/** Instructions that make personas stand in for human respondents (EH004's trigger). */
export function findRespondentSimulation(doc: PromptDocument, proses: Prose[]): Instruction[] {
  // One test per sentence, however many instructions it holds: the test reads the sentence's first word.
  const describesProject = new Map<string, boolean>();
  return findInstructions(doc, proses, RESPONDENT_SCAN(), true, 'respondent').filter(({ sentence }) => {
    const key = `${sentence.start}:${sentence.end}`;
    let describes = describesProject.get(key);
    if (describes === undefined) {
      describes = PROJECT_DESCRIPTION.test(doc.source.slice(sentence.start, sentence.end));
      describesProject.set(key, describes);
    }
    return !describes;
  });
}
