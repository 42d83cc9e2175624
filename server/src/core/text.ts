/** Zero-based line and UTF-16 column, as LSP and SARIF (after +1) use them. */
export interface Position {
  line: number;
  character: number;
}

/** A half-open span between two positions. */
export interface Range {
  start: Position;
  end: Position;
}

/** A half-open span of source offsets. */
export interface Span {
  start: number;
  end: number;
}

/** Maps offsets of one source text to line/column positions and back. */
/** The index of the first span in `sorted` (ascending by start) that starts at or after `at`; sorted.length if none. */
export function firstStartingFrom(sorted: readonly Span[], at: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid].start < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class LineIndex {
  private readonly lineStarts: number[];

  constructor(private readonly text: string) {
    const starts = [0];
    const breaks = /\r\n?|\n/g;
    for (let m = breaks.exec(text); m; m = breaks.exec(text)) starts.push(m.index + m[0].length);
    this.lineStarts = starts;
  }

  /** Number of lines (a trailing newline opens one more, empty line). */
  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** The offset where a zero-based line starts. */
  lineStart(line: number): number {
    return this.lineStarts[Math.max(0, Math.min(line, this.lineStarts.length - 1))];
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.lineStarts[lo] };
  }

  offsetAt(position: Position): number {
    if (position.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[Math.max(0, position.line)];
    const next = position.line + 1 < this.lineStarts.length ? this.lineStarts[position.line + 1] : this.text.length;
    return Math.min(start + Math.max(0, position.character), next);
  }

  rangeOf(span: Span): Range {
    return { start: this.positionAt(span.start), end: this.positionAt(span.end) };
  }
}
