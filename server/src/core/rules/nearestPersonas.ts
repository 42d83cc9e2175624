/** A persona or anything else placed in the source by where it starts. */
type Placed = { span: { start: number } };

/**
 * The personas an evaluation or instruction runs under, as a look-up built once per lint: for a source offset,
 * the `limit` personas starting nearest to it (ties to the earlier in `personas`), in source order. A prompt has
 * few personas and gets them all; a huge file is capped. Each look-up costs O(limit + log n), so a rule that
 * asks once per instruction stays linear in the size of the prompt.
 */
export function personasNear<T extends Placed>(personas: readonly T[], limit = 8): (at: number) => T[] {
  if (personas.length <= limit) return () => personas as T[];
  // Sorted by start, then by position in `personas` (the order ties are broken in).
  const order = personas.map((persona, index) => ({ persona, index, start: persona.span.start }));
  order.sort((a, b) => a.start - b.start || a.index - b.index);
  return (at) => {
    // Candidates: `limit` personas on each side of `at`, and any starting exactly where the last of them starts
    // (same distance, so the tie-break may prefer them).
    let split = 0;
    for (let hi = order.length; split < hi; ) {
      const mid = (split + hi) >> 1;
      if (order[mid].start < at) split = mid + 1;
      else hi = mid;
    }
    const candidates: typeof order = [];
    for (let k = split - 1, taken = 0; k >= 0 && (taken < limit || order[k].start === order[k + 1].start); k--, taken++) candidates.push(order[k]);
    for (let k = split, taken = 0; k < order.length && (taken < limit || order[k].start === order[k - 1].start); k++, taken++) candidates.push(order[k]);
    return candidates
      .sort((a, b) => Math.abs(a.start - at) - Math.abs(b.start - at) || a.index - b.index)
      .slice(0, limit)
      .sort((a, b) => a.start - b.start || a.index - b.index)
      .map((c) => c.persona);
  };
}
