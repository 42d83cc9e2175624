/**
 * A regular expression tried only where a word that can start it begins: long prompts are scanned word by word
 * instead of trying a many-branched pattern at every character.
 */
export class KeywordRegex {
  private readonly sticky: RegExp;
  private readonly firstWords: RegExp;

  constructor(pattern: RegExp, firstWords: readonly string[]) {
    this.sticky = new RegExp(pattern.source, `${pattern.flags.replace(/[gy]/g, '')}y`);
    this.firstWords = new RegExp(`\\b(?:${[...new Set(firstWords)].join('|')})(?![A-Za-z])`, 'gi');
  }

  /** Non-overlapping matches, left to right, as a global exec loop would find them. */
  *matches(text: string): Generator<RegExpExecArray> {
    const word = new RegExp(this.firstWords.source, this.firstWords.flags);
    for (let w = word.exec(text); w; w = word.exec(text)) {
      this.sticky.lastIndex = w.index;
      const m = this.sticky.exec(text);
      if (!m || m[0].length === 0) continue;
      yield m;
      word.lastIndex = Math.max(word.lastIndex, m.index + m[0].length);
    }
  }
}
