import type { Span } from '../text.js';
import type { PromptMessage, Role } from './types.js';

/** A text whose every UTF-16 unit carries the source offset it was read from, plus an end sentinel. */
export interface MappedText {
  text: string;
  /** `offsets.length === text.length + 1`; the last entry is the source offset just past the text. */
  offsets: Int32Array;
}

/** Builds a MappedText piece by piece, as a decoder walks a source text. */
export class MappedTextBuilder {
  private readonly pieces: string[] = [];
  private offsets: Int32Array;
  private size = 0;
  private last = '';

  /** `capacity`: the expected text length (the source length is a good guess), to avoid regrowing. */
  constructor(capacity = 64) {
    this.offsets = new Int32Array(Math.max(16, capacity + 1));
  }

  /** How many UTF-16 units were appended. */
  get length(): number {
    return this.size;
  }

  /** The last UTF-16 unit appended, or '' when nothing was. */
  get lastChar(): string {
    return this.last;
  }

  /** Appends `chars`, every unit of which stands for the single source offset `at` (an escape, a fold). */
  push(chars: string, at: number): void {
    const n = chars.length;
    if (n === 0) return;
    this.reserve(n);
    for (let i = 0; i < n; i++) this.offsets[this.size + i] = at;
    this.size += n;
    this.pieces.push(chars);
    this.last = chars[n - 1];
  }

  /**
   * Appends `source.slice(start, end)`, each character mapping to its own offset; `base` is added to the offsets
   * when `source` is itself a piece of the file starting at `base`.
   */
  pushSource(source: string, start: number, end: number, base = 0): void {
    if (end <= start) return;
    const n = end - start;
    this.reserve(n);
    const first = base + start;
    for (let i = 0; i < n; i++) this.offsets[this.size + i] = first + i;
    this.size += n;
    this.pieces.push(source.slice(start, end));
    this.last = source[end - 1];
  }

  /** Appends characters [start, end) of an already mapped text, with their offsets. */
  pushMapped(mapped: MappedText, start: number, end: number): void {
    if (end <= start) return;
    this.reserve(end - start);
    this.offsets.set(mapped.offsets.subarray(start, end), this.size);
    this.size += end - start;
    this.pieces.push(mapped.text.slice(start, end));
    this.last = mapped.text[end - 1];
  }

  /** The text and its offsets; `end` becomes the sentinel past the last character. */
  finish(end: number): MappedText {
    const offsets = this.offsets.slice(0, this.size + 1);
    offsets[this.size] = end;
    return { text: this.pieces.join(''), offsets };
  }

  private reserve(n: number): void {
    const needed = this.size + n + 1;
    if (needed <= this.offsets.length) return;
    let capacity = this.offsets.length * 2;
    while (capacity < needed) capacity *= 2;
    const offsets = new Int32Array(capacity);
    offsets.set(this.offsets.subarray(0, this.size));
    this.offsets = offsets;
  }
}

/** The MappedText of a source slice read verbatim. */
export function verbatim(source: string, start: number, end: number): MappedText {
  const offsets = new Int32Array(end - start + 1);
  for (let i = 0; i < offsets.length; i++) offsets[i] = start + i;
  return { text: source.slice(start, end), offsets };
}

/** A message whose text is a verbatim slice of the source. */
export function verbatimMessage(source: string, role: Role, start: number, end: number): PromptMessage {
  return { role, ...verbatim(source, start, end), span: { start, end } };
}

/**
 * Maps `text` onto the source span [start, end) when no exact reconstruction is available: each character goes to
 * the next matching source character a short way ahead, or stays where the last one went. Monotonic and inside
 * the span, but only approximate.
 */
export function alignApproximately(text: string, source: string, span: Span): MappedText {
  const last = Math.max(span.start, span.end - 1);
  const offsets = new Int32Array(text.length + 1);
  let cursor = span.start;
  for (let i = 0; i < text.length; i++) {
    let found = -1;
    for (let j = cursor; j < span.end && j < cursor + 16; j++) {
      if (source[j] === text[i]) {
        found = j;
        break;
      }
    }
    offsets[i] = found >= 0 ? found : Math.min(cursor, last);
    if (found >= 0) cursor = found + 1;
  }
  offsets[text.length] = Math.max(span.start, span.end);
  return { text, offsets };
}
