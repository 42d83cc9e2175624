// Turning a model's outputs into numbers the persona-share statistics can compare.
import { z } from 'zod';
import type { PromptDocument } from '../formats/types.js';
import { zodAnswerSchema } from './prompt.js';
import type { AnswerSchema } from './types.js';

/** Dimensions of the local lexical vector: enough that distinct words rarely share a bucket in a short answer. */
export const LEXICAL_DIMENSIONS = 512;

/**
 * A local lexical vector of a text: a hashed bag of lower-cased words (FNV-1a into LEXICAL_DIMENSIONS buckets),
 * scaled to unit length so that answers of different lengths compare by wording, not by size.
 */
export function lexicalVector(text: string): number[] {
  const vector = new Array<number>(LEXICAL_DIMENSIONS).fill(0);
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu) ?? []) {
    vector[fnv1a(word) % LEXICAL_DIMENSIONS]++;
  }
  return unitLength(vector);
}

/** A vector scaled to unit length (a zero vector stays zero). */
export function unitLength(vector: number[]): number[] {
  const norm = Math.sqrt(vector.reduce((total, v) => total + v * v, 0));
  return norm === 0 ? vector : vector.map((v) => v / norm);
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** A label as a vector: 1 at the option chosen, 0 elsewhere. */
export function oneHot(options: readonly string[], answer: string): number[] {
  return options.map((option) => (option === answer ? 1 : 0));
}

/** A numeric rating scale a prompt asks for ("rate it from 1 to 10", "on a scale of 1-5"). */
export interface RatingScale {
  min: number;
  max: number;
}

const RATING = /\b(?:rate|rating|score|scale|grade|stars?)\b[^.!?\n]{0,60}?\b(\d{1,3})\s*(?:-|–|to|through)\s*(\d{1,3})\b/i;

/** The rating scale the prompt's own messages ask for, or undefined when its output is not a rating. */
export function ratingScale(doc: PromptDocument): RatingScale | undefined {
  for (const message of doc.messages) {
    const match = RATING.exec(message.text);
    if (!match) continue;
    const min = Number(match[1]);
    const max = Number(match[2]);
    if (max > min) return { min, max };
  }
  return undefined;
}

/** The structured answer for a rating: `{ rating }`, a number on the scale. */
export function ratingSchema(scale: RatingScale): AnswerSchema<{ rating: number }> {
  return zodAnswerSchema('rating', z.strictObject({ rating: z.number().min(scale.min).max(scale.max) }));
}
