// Look-ups the lint makes once per directive comment or per finding, answered in O(log n) so a file with
// thousands of them stays linear: which spans hold an offset, which YAML scalar a line belongs to.
import type { PromptDocument } from './formats/types.js';
import type { Span } from './text.js';

type DirectiveScope = PromptDocument['directiveScopes'][number];

/** Whether an offset lies inside any of `spans` (half-open), by binary search over their sorted union. */
export function insideAnySpan(spans: readonly Span[]): (offset: number) => boolean {
  const union: Span[] = [];
  for (const span of [...spans].filter((s) => s.end > s.start).sort((a, b) => a.start - b.start)) {
    const last = union[union.length - 1];
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else union.push({ ...span });
  }
  return (offset) => {
    let lo = 0;
    for (let hi = union.length; lo < hi; ) {
      const mid = (lo + hi) >> 1;
      if (union[mid].end <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo < union.length && union[lo].start <= offset;
  };
}

const indexes = new WeakMap<readonly DirectiveScope[], ScopeIndex>();

/** The directive scopes of a document indexed by line, built once per document. */
export function scopeIndex(scopes: readonly DirectiveScope[]): ScopeIndex {
  let index = indexes.get(scopes);
  if (!index) indexes.set(scopes, (index = new ScopeIndex(scopes)));
  return index;
}

/** Answers the two questions asked of a document's directive scopes, each as `find` in array order would. */
export class ScopeIndex {
  private readonly byKeyLine = new Map<number, DirectiveScope>();
  /** The scopes sorted by first line, when no two share a line (otherwise undefined and look-ups search them all). */
  private readonly sorted: DirectiveScope[] | undefined;

  constructor(private readonly scopes: readonly DirectiveScope[]) {
    for (const scope of scopes) if (!this.byKeyLine.has(scope.line)) this.byKeyLine.set(scope.line, scope);
    const sorted = [...scopes].sort((a, b) => a.firstLine - b.firstLine);
    const disjoint = sorted.every((s, i) => i === 0 || s.firstLine > sorted[i - 1].lastLine);
    this.sorted = disjoint ? sorted : undefined;
  }

  /** The first scope whose `content:` key is on `line`. */
  withKeyLine(line: number): DirectiveScope | undefined {
    return this.byKeyLine.get(line);
  }

  /** The first scope whose text occupies `line`. */
  holding(line: number): DirectiveScope | undefined {
    if (!this.sorted) return this.scopes.find((s) => line >= s.firstLine && line <= s.lastLine);
    const sorted = this.sorted;
    let lo = 0;
    for (let hi = sorted.length; lo < hi; ) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid].lastLine < line) lo = mid + 1;
      else hi = mid;
    }
    return lo < sorted.length && sorted[lo].firstLine <= line ? sorted[lo] : undefined;
  }
}
