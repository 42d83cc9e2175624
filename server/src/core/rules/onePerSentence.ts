import type { Instruction } from '../persona/instructions.js';

/**
 * Keeps the first instruction of each sentence, so one sentence gives one finding; clauses joined by a semicolon
 * ("Keep the assessment objective; don't let your role tilt it") count as one sentence.
 */
export function onePerSentence(instructions: Instruction[], source: string): Instruction[] {
  const seen = new Set<number>();
  let lastEnd = -1;
  return instructions.filter((instruction) => {
    const joined = lastEnd > 0 && source[lastEnd - 1] === ';' && /^\s*$/.test(source.slice(lastEnd, instruction.sentence.start));
    if (seen.has(instruction.sentence.start) || joined) return false;
    seen.add(instruction.sentence.start);
    lastEnd = instruction.sentence.end;
    return true;
  });
}
