import type { Instruction } from '../persona/instructions.js';

/** Keeps the first instruction of each sentence, so one sentence gives one finding. */
export function onePerSentence(instructions: Instruction[]): Instruction[] {
  const seen = new Set<number>();
  return instructions.filter((instruction) => {
    if (seen.has(instruction.sentence.start)) return false;
    seen.add(instruction.sentence.start);
    return true;
  });
}
