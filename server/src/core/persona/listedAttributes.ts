// "- Nationality: Armenian", "Religion: devout Catholic": a persona given as a list of attributes. The keys of
// each category are in its lexicon file; a key is found case-insensitively, with any spaces or tabs inside.
import type { Span } from '../text.js';
import { IDENTITY_CATEGORY_TABLE, type IdentityCategory } from './categories.js';
import type { PersonaAssignment } from './types.js';
import { wordAlternation } from './words.js';

/** How far (source characters) after a persona's words a "Key: value" line still describes it. */
const OWNER_REACH = 1500;

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

/**
 * Adds the "Key: value" identity lines of a message to the persona each describes: the latest found of the
 * message's personas (`personas`, in the order found) that starts before the line and ends less than OWNER_REACH
 * before it.
 */
export function addListedAttributes(text: string, personas: PersonaAssignment[], map: (a: number, b: number) => Span): void {
  let owners: OwnerIndex | undefined;
  for (const m of text.matchAll(ATTRIBUTE_LINE)) {
    const at = map(m.index, m.index + m[0].length);
    owners ??= new OwnerIndex(personas);
    const owner = owners.at(at.start);
    if (!owner) continue;
    const valueStart = m.index + m[0].length - m[2].length;
    const value = m[2].replace(/\s+$/, '');
    const category = ATTRIBUTE_KEYS.get(attributeKey(m[1]))!;
    owner.identityAttributes.push({ category, term: `${m[1]}: ${value}`, span: map(valueStart, valueStart + value.length) });
    if (owner.kind !== 'templated') owner.kind = 'identity';
  }
}

/**
 * Finds the owner of each attribute line as the lines come in source order, in O(log n) each: personas enter a
 * heap (latest in `personas` order on top) once they start before the line and leave it for good once they end
 * OWNER_REACH before it, since later lines are further still. Lines out of order fall back to a full search.
 */
class OwnerIndex {
  private readonly byStart: number[];
  private readonly heap: number[] = [];
  private entered = 0;
  private lastAt = -Infinity;

  constructor(private readonly personas: PersonaAssignment[]) {
    this.byStart = personas.map((_, index) => index);
    this.byStart.sort((a, b) => personas[a].span.start - personas[b].span.start || a - b);
  }

  /** The persona the attribute line at source offset `at` belongs to. */
  at(at: number): PersonaAssignment | undefined {
    if (at < this.lastAt) return this.search(at);
    this.lastAt = at;
    const { personas, byStart, heap } = this;
    while (this.entered < byStart.length && personas[byStart[this.entered]].span.start < at) this.push(byStart[this.entered++]);
    while (heap.length > 0 && at - personas[heap[0]].span.end >= OWNER_REACH) this.pop();
    return heap.length > 0 ? personas[heap[0]] : undefined;
  }

  private search(at: number): PersonaAssignment | undefined {
    return [...this.personas].reverse().find((p) => p.span.start < at && at - p.span.end < OWNER_REACH);
  }

  private push(index: number): void {
    const heap = this.heap;
    heap.push(index);
    for (let k = heap.length - 1; k > 0; ) {
      const parent = (k - 1) >> 1;
      if (heap[parent] >= heap[k]) break;
      [heap[parent], heap[k]] = [heap[k], heap[parent]];
      k = parent;
    }
  }

  private pop(): void {
    const heap = this.heap;
    const last = heap.pop()!;
    if (heap.length === 0) return;
    heap[0] = last;
    for (let k = 0; ; ) {
      const left = 2 * k + 1;
      const right = left + 1;
      let top = k;
      if (left < heap.length && heap[left] > heap[top]) top = left;
      if (right < heap.length && heap[right] > heap[top]) top = right;
      if (top === k) return;
      [heap[top], heap[k]] = [heap[k], heap[top]];
      k = top;
    }
  }
}
