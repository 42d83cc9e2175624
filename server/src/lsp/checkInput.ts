// Which persona a check from the editor measures: the one on the lens's line (detected), or a sentence the user
// chose by hand (a selection, or a quoted text), turned from the command's LSP positions into the engine's terms.
import type { CheckInput } from '../core/checks/input.js';
import type { PromptDocument } from '../core/formats/types.js';
import type { RunCheckArgs } from '../protocol.js';

/** The persona fields of a check's input from the command's arguments. */
export function personaChoice(args: RunCheckArgs, doc: PromptDocument): Pick<CheckInput, 'personaLine' | 'sentence'> {
  // For debias, `line` is the debiasing sentence's: the persona is the default one, or the sentence chosen by hand.
  const personaLine = args.check === 'debias' || args.line === undefined ? undefined : args.line + 1;
  const sentence = args.sentence;
  if (sentence === undefined) return personaLine === undefined ? {} : { personaLine };
  if ('text' in sentence) return { sentence: { text: sentence.text }, ...(personaLine === undefined ? {} : { personaLine }) };
  const start = doc.lines.offsetAt(sentence.range.start);
  const end = doc.lines.offsetAt(sentence.range.end);
  return { sentence: { span: { start: Math.min(start, end), end: Math.max(start, end) } } };
}
