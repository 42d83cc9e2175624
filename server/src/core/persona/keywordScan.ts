/**
 * Regular expressions tried only where a word that can start them begins: long prompts are scanned word by word,
 * and at each word only the alternatives that can start with it are tried, instead of a many-branched pattern at
 * every character. The words each alternative can start with are read from its own source.
 */
export class KeywordRegex {
  private readonly alternatives: RegExp[];
  /** For each word, the indexes of the alternatives that may start there, in pattern order. */
  private readonly byWord = new Map<string, number[]>();
  private readonly words: RegExp;

  /**
   * `alternatives` are tried in order at each position (like one alternation). `fallbackWords` are the words an
   * alternative whose leading words cannot be read from its source may start with.
   */
  constructor(alternatives: readonly string[], flags: string, fallbackWords: readonly string[]) {
    const sticky = `${flags.replace(/[gy]/g, '')}y`;
    this.alternatives = alternatives.map((source) => new RegExp(source, sticky));
    alternatives.forEach((source, index) => {
      for (const word of leadingWords(source) ?? fallbackWords) {
        const key = word.toLowerCase();
        const list = this.byWord.get(key) ?? [];
        if (!list.includes(index)) list.push(index);
        this.byWord.set(key, list);
      }
    });
    for (const list of this.byWord.values()) list.sort((a, b) => a - b);
    this.words = new RegExp(`\\b(?:${[...this.byWord.keys()].sort((a, b) => b.length - a.length).join('|')})(?![A-Za-z])`, 'gi');
    this.plainWords = scannerCount < MAX_SHARED_SCANNERS && [...this.byWord.keys()].every((word) => /^[a-z]+$/.test(word));
    this.bit = this.plainWords ? 1 << scannerCount++ : 0;
    for (const word of this.plainWords ? this.byWord.keys() : []) SCANNERS_BY_WORD.set(word, (SCANNERS_BY_WORD.get(word) ?? 0) | this.bit);
    recentWords.clear(); // word lists made before this scanner existed do not mark its words
  }

  /** Whether every starting word is plain ASCII letters, so the shared word list of a text can stand in for `words`. */
  private readonly plainWords: boolean;
  /** This scanner's bit in the shared word table's masks. */
  private readonly bit: number;

  // The matches of each sentence of the last text scanned by `sentenceMatches`, by the sentence's text.
  private sentences = new Map<string, { index: number; length: number }[]>();

  /**
   * The same matches as `matches`, for patterns that never match across a `.`, `!`, `?` or `;` (the instruction
   * grammars' gaps and words stop there): each stretch of text up to and including such a mark is scanned on its
   * own and remembered until the next call, so while a long prompt is edited only the changed sentences are read
   * again. Patterns must also read the start of a stretch as they read the text after such a mark.
   */
  sentenceMatches(text: string): { index: number; 0: string }[] {
    const previous = this.sentences;
    const next = new Map<string, { index: number; length: number }[]>();
    const out: { index: number; 0: string }[] = [];
    const words = this.plainWords ? wordsOf(text) : undefined;
    let word = 0;
    const { starts, sentences } = chunksOf(text);
    for (let c = 0; c < starts.length; c++) {
      const start = starts[c];
      const sentence = sentences[c];
      // The text's words that lie in this stretch (no word crosses a stretch's end, which is a mark).
      const firstWord = word;
      if (words) while (word < words.starts.length && words.starts[word] < start + sentence.length) word++;
      let found = next.get(sentence) ?? previous.get(sentence);
      if (!found) {
        const matched = words ? this.matchesAt(sentence, words, firstWord, word, start) : this.matches(sentence);
        found = matched.map((m) => ({ index: m.index, length: m[0].length }));
      }
      next.set(sentence, found);
      for (const m of found) out.push({ index: start + m.index, 0: text.slice(start + m.index, start + m.index + m.length) });
    }
    this.sentences = next;
    return out;
  }

  /** Non-overlapping matches, left to right, as a global exec loop over the alternation would find them. */
  matches(text: string): RegExpExecArray[] {
    if (!this.plainWords) return this.matchesByWordPattern(text);
    const words = wordsOf(text);
    return this.matchesAt(text, words, 0, words.starts.length, 0);
  }

  /**
   * The matches in `text` of the alternatives that may start at words `first` to `last` of a word list, whose
   * offsets are `shift` more than those in `text` (the list may be that of a longer text holding `text`).
   */
  private matchesAt(text: string, words: TextWords, first: number, last: number, shift: number): RegExpExecArray[] {
    const found: RegExpExecArray[] = [];
    let resume = 0;
    for (let k = first; k < last; k++) {
      const at = words.starts[k] - shift;
      if (at < resume) continue;
      if ((words.scanners[k] & this.bit) === 0) continue;
      for (const index of this.byWord.get(words.lowered[k])!) {
        const pattern = this.alternatives[index];
        pattern.lastIndex = at;
        const m = pattern.exec(text);
        if (!m || m[0].length === 0) continue;
        found.push(m);
        resume = Math.max(at + words.lowered[k].length, m.index + m[0].length);
        break;
      }
    }
    return found;
  }

  /** `matches` by the word pattern itself, for starting words the shared word list cannot stand in for. */
  private matchesByWordPattern(text: string): RegExpExecArray[] {
    const found: RegExpExecArray[] = [];
    const word = this.words;
    word.lastIndex = 0;
    for (let w = word.exec(text); w; w = word.exec(text)) {
      const candidates = this.byWord.get(w[0]) ?? this.byWord.get(w[0].toLowerCase());
      if (!candidates) continue;
      for (const index of candidates) {
        const pattern = this.alternatives[index];
        pattern.lastIndex = w.index;
        const m = pattern.exec(text);
        if (!m || m[0].length === 0) continue;
        found.push(m);
        word.lastIndex = Math.max(word.lastIndex, m.index + m[0].length);
        break;
      }
    }
    return found;
  }
}

/** The ASCII words of a text that some scanner may start at: where each starts, lowercased, and which scanners. */
interface TextWords {
  starts: number[];
  lowered: string[];
  /** A bit mask of the scanners with an alternative that may start at the word. */
  scanners: number[];
}

/**
 * Where a scanner's word pattern `\b(?:w1|w2|...)(?![A-Za-z])` (flags gi, words of ASCII letters) can match: at a
 * run of ASCII letters with no word character before it, and then only the whole run. One scan of this serves
 * every scanner, each looking the runs up in its own word table, instead of each scanning the text again.
 */
const ASCII_WORD = /(?<![A-Za-z0-9_])[A-Za-z]+/g;

// For each starting word of the scanners that share word lists, the bit mask of those scanners: one lookup per word
// of a text serves them all.
const SCANNERS_BY_WORD = new Map<string, number>();
const MAX_SHARED_SCANNERS = 30;
let scannerCount = 0;

/**
 * What was worked out for the last few texts, by text: the scanners read the same prose one after another, so each
 * thing a text needs is worked out once for all of them.
 */
class RecentTexts<T> {
  private readonly entries: { text: string; value: T }[] = [];

  of(text: string, work: (text: string) => T): T {
    for (const entry of this.entries) if (entry.text === text) return entry.value;
    const value = work(text);
    this.entries.unshift({ text, value });
    if (this.entries.length > 4) this.entries.pop();
    return value;
  }

  clear(): void {
    this.entries.length = 0;
  }
}

// The word lists of the last few texts scanned.
const recentWords = new RecentTexts<TextWords>();

function wordsOf(text: string): TextWords {
  return recentWords.of(text, () => {
    const words: TextWords = { starts: [], lowered: [], scanners: [] };
    ASCII_WORD.lastIndex = 0;
    for (let m = ASCII_WORD.exec(text); m; m = ASCII_WORD.exec(text)) {
      const lowered = m[0].toLowerCase();
      const scanners = SCANNERS_BY_WORD.get(lowered);
      if (scanners === undefined) continue;
      words.starts.push(m.index);
      words.lowered.push(lowered);
      words.scanners.push(scanners);
    }
    return words;
  });
}

/** A stretch of text up to and including a `.`, `!`, `?` or `;` (or the text's end). */
const SENTENCE_CHUNK = /[^.!?;]+[.!?;]?|[.!?;]/g;

/** A text cut into SENTENCE_CHUNK stretches: where each starts, and its text. */
interface TextChunks {
  starts: number[];
  sentences: string[];
}

// The stretches of the last few texts cut: every scanner that reads a prompt by sentence reads the same stretches,
// so the text is cut once, and each stretch's string (whose hash V8 keeps once computed) is looked up by all of them.
const recentChunks = new RecentTexts<TextChunks>();

function chunksOf(text: string): TextChunks {
  return recentChunks.of(text, () => {
    const chunks: TextChunks = { starts: [], sentences: [] };
    SENTENCE_CHUNK.lastIndex = 0;
    for (let m = SENTENCE_CHUNK.exec(text); m; m = SENTENCE_CHUNK.exec(text)) {
      chunks.starts.push(m.index);
      chunks.sentences.push(m[0]);
    }
    return chunks;
  });
}

/**
 * Walks a pattern source from `from`, skipping escapes and character classes, and calls `visit` with each
 * structural character and the group depth before it; stops when `visit` returns true.
 */
function walk(source: string, from: number, visit: (i: number, c: string, depth: number) => boolean | void): void {
  let depth = 0;
  let inClass = false;
  for (let i = from; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    if (visit(i, c, depth)) return;
    if (c === '(') depth++;
    else if (c === ')') depth--;
  }
}

/** The top-level branches of a pattern source (split on `|` outside groups and classes). */
function branches(source: string): string[] {
  const out: string[] = [];
  let start = 0;
  walk(source, 0, (i, c, depth) => {
    if (c === '|' && depth === 0) {
      out.push(source.slice(start, i));
      start = i + 1;
    }
  });
  out.push(source.slice(start));
  return out;
}

/** The index just past the group that opens at `open`. */
function groupEnd(source: string, open: number): number {
  let end = source.length;
  walk(source, open, (i, c, depth) => {
    if (c === ')' && depth === 1) {
      end = i + 1;
      return true;
    }
    return false;
  });
  return end;
}

const ASSERTION_ONLY = /^(?:\^|\(\?<[=!][\s\S]*\)|\\b)$/;

/**
 * The complete words a pattern can start with, or undefined when they cannot be read from its source (the
 * first word is not a plain literal, or is followed by something that may extend it).
 */
export function leadingWords(source: string): string[] | undefined {
  const words: string[] = [];
  for (let branch of branches(source)) {
    // Drop leading assertions: \b, ^, lookbehinds, and groups made only of them ("(?:^|(?<=[.!?]\s*))").
    for (;;) {
      if (branch.startsWith('\\b')) branch = branch.slice(2);
      else if (branch.startsWith('^')) branch = branch.slice(1);
      else if (/^\(\?<[=!]/.test(branch)) branch = branch.slice(groupEnd(branch, 0));
      else if (branch.startsWith('(?:')) {
        const end = groupEnd(branch, 0);
        const inner = branch.slice(3, end - 1);
        if (!branches(inner).every((b) => ASSERTION_ONLY.test(b))) break;
        branch = branch.slice(end);
      } else break;
    }
    const group = /^\((?:\?:|\?<[A-Za-z]\w*>)/.exec(branch);
    if (group) {
      const end = groupEnd(branch, 0);
      if (/^[?*{]/.test(branch.slice(end))) return undefined;
      const inner = leadingWords(branch.slice(group[0].length, end - 1));
      if (!inner) return undefined;
      words.push(...inner);
      continue;
    }
    const literal = /^[A-Za-z]+/.exec(branch);
    if (!literal) return undefined;
    const next = branch.slice(literal[0].length);
    // The word must end where the literal ends: not "labell?er", "rates?", "evaluat\w+".
    if (/^(?:[?*+{]|\\w|\\p|\[[^\]]*(?:a-z|A-Z|\\w|\\p))/.test(next)) return undefined;
    words.push(literal[0].toLowerCase());
  }
  return words;
}
