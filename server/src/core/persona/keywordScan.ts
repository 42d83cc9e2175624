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

  // The matches of each sentence of the texts scanned lately by `sentenceMatches`, by the sentence's text.
  private sentences = new Map<string, { index: number; length: number }[]>();
  // The matches of the last few whole texts scanned by `matches`.
  private readonly recentMatches = new RecentTexts<RegExpExecArray[]>();

  /**
   * The same matches as `matches`, for patterns that never match across a `.`, `!`, `?` or `;` (the instruction
   * grammars' gaps and words stop there): each stretch of text up to and including such a mark is scanned on its
   * own and remembered until the next call, so while a long prompt is edited only the changed sentences are read
   * again. Patterns must also read the start of a stretch as they read the text after such a mark.
   */
  sentenceMatches(text: string): { index: number; 0: string }[] {
    // The sentences of the last few texts are kept (a file's messages are read one after another on each keystroke);
    // past the cap, those not read in this call are forgotten.
    const previous = this.sentences;
    const next = previous.size > MAX_KEPT_SENTENCES ? new Map<string, { index: number; length: number }[]>() : previous;
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
    return this.recentMatches.of(text, () => {
      const words = wordsOf(text);
      return this.matchesAt(text, words, 0, words.starts.length, 0);
    });
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
export interface TextWords {
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
 * thing a text needs is worked out once for all of them. With `update`, a text not among them is worked out from
 * the kept one most like it and where the two differ (an edit while typing), instead of from scratch.
 */
/** Texts remembered: a code file's or multi-message prompt's messages, each read on every keystroke. */
const RECENT_TEXTS = 32;

class RecentTexts<T> {
  // By text: a Map hashes a text once (V8 keeps the hash on the string) instead of comparing it with every entry.
  private readonly entries = new Map<string, T>();

  constructor(private readonly update?: (before: string, value: T, after: string, change: TextChange) => T) {}

  of(text: string, work: (text: string) => T): T {
    const known = this.entries.get(text);
    if (known !== undefined) return known;
    // The kept text most like this one by length: another version of the same prompt, not a sentence of it.
    let base: string | undefined;
    for (const kept of this.entries.keys()) if (base === undefined || Math.abs(kept.length - text.length) <= Math.abs(base.length - text.length)) base = kept;
    const value = base !== undefined && this.update ? this.update(base, this.entries.get(base)!, text, textChange(base, text)) : work(text);
    this.entries.set(text, value);
    if (this.entries.size > RECENT_TEXTS) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }

  clear(): void {
    this.entries.clear();
  }
}

/**
 * Where two texts differ: both share `before.slice(0, start)` and `before.slice(beforeEnd)` ===
 * `after.slice(afterEnd)`, the shared end never overlapping the shared start.
 */
export interface TextChange {
  start: number;
  beforeEnd: number;
  afterEnd: number;
}

export function textChange(before: string, after: string): TextChange {
  const shorter = Math.min(before.length, after.length);
  let start = 0;
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let tail = 0;
  while (tail < shorter - start && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  return { start, beforeEnd: before.length - tail, afterEnd: after.length - tail };
}

/** The first index of a sorted list whose value is at least `value`. */
function firstAtLeast(list: readonly number[], value: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// The word lists of the last few texts scanned.
const recentWords = new RecentTexts<TextWords>(updateWords);

export function wordsOf(text: string): TextWords {
  return recentWords.of(text, (whole) => {
    const words: TextWords = { starts: [], lowered: [], scanners: [] };
    scanWords(whole, 0, whole.length, words);
    return words;
  });
}

/** Adds the scanner words of `text` that start in [from, to) to a word list. */
function scanWords(text: string, from: number, to: number, words: TextWords): void {
  ASCII_WORD.lastIndex = from;
  for (let m = ASCII_WORD.exec(text); m && m.index < to; m = ASCII_WORD.exec(text)) {
    const lowered = m[0].toLowerCase();
    const scanners = SCANNERS_BY_WORD.get(lowered);
    if (scanners === undefined) continue;
    words.starts.push(m.index);
    words.lowered.push(lowered);
    words.scanners.push(scanners);
  }
}

const WORD_CHAR = /[A-Za-z0-9_]/;

/**
 * The word list of `after` from that of `before`: a word (a maximal run of letters after a non-word character) is
 * the same where it and the characters on either side lie in the shared start or end, so only the stretch around
 * the change is read again and the words after it are moved.
 */
function updateWords(before: string, old: TextWords, after: string, change: TextChange): TextWords {
  const delta = change.afterEnd - change.beforeEnd;
  // Words that end (with the character after them) before the change are kept; reading resumes after the last.
  let keep = firstAtLeast(old.starts, change.start);
  while (keep > 0 && old.starts[keep - 1] + old.lowered[keep - 1].length >= change.start) keep--;
  const from = keep > 0 ? old.starts[keep - 1] + old.lowered[keep - 1].length : 0;
  // Reading stops after a non-word character past the change: no word crosses it, and every word starting later
  // has the shared end's characters on both sides.
  let to = change.afterEnd + 1;
  while (to <= after.length && WORD_CHAR.test(after[to - 1])) to++;
  const words: TextWords = { starts: old.starts.slice(0, keep), lowered: old.lowered.slice(0, keep), scanners: old.scanners.slice(0, keep) };
  if (to > after.length) {
    scanWords(after, from, after.length, words);
    return words;
  }
  scanWords(after, from, to, words);
  for (let k = firstAtLeast(old.starts, to - delta); k < old.starts.length; k++) {
    words.starts.push(old.starts[k] + delta);
    words.lowered.push(old.lowered[k]);
    words.scanners.push(old.scanners[k]);
  }
  return words;
}

/** How many sentences' matches a scanner keeps between calls. */
const MAX_KEPT_SENTENCES = 20_000;

/** A stretch of text up to and including a `.`, `!`, `?` or `;` (or the text's end). */
const SENTENCE_CHUNK = /[^.!?;]+[.!?;]?|[.!?;]/g;

/** A text cut into SENTENCE_CHUNK stretches: where each starts, and its text. */
export interface TextChunks {
  starts: number[];
  sentences: string[];
}

// The stretches of the last few texts cut: every scanner that reads a prompt by sentence reads the same stretches,
// so the text is cut once, and each stretch's string (whose hash V8 keeps once computed) is looked up by all of them.
const recentChunks = new RecentTexts<TextChunks>(updateChunks);

export function chunksOf(text: string): TextChunks {
  return recentChunks.of(text, (whole) => {
    const chunks: TextChunks = { starts: [], sentences: [] };
    cutChunks(whole, 0, whole.length, chunks);
    return chunks;
  });
}

/** Forgets the word lists and stretches of the texts read so far (the next text is read from scratch). */
export function clearKeywordScanMemo(): void {
  recentWords.clear();
  recentChunks.clear();
}

/** Adds the stretches of `text` that start in [from, to) to a list; `from` must be where a stretch starts. */
function cutChunks(text: string, from: number, to: number, chunks: TextChunks): void {
  SENTENCE_CHUNK.lastIndex = from;
  for (let m = SENTENCE_CHUNK.exec(text); m && m.index < to; m = SENTENCE_CHUNK.exec(text)) {
    chunks.starts.push(m.index);
    chunks.sentences.push(m[0]);
  }
}

/**
 * The stretches of `after` from those of `before`: a stretch is the same (the same string, so its hash is not
 * worked out again) where it ends with a mark in the shared start, or starts after a mark in the shared end.
 */
function updateChunks(before: string, old: TextChunks, after: string, change: TextChange): TextChunks {
  const delta = change.afterEnd - change.beforeEnd;
  let keep = firstAtLeast(old.starts, change.start);
  // The last stretch before the change is kept only when it ends with its mark before the change.
  while (keep > 0 && !(old.starts[keep - 1] + old.sentences[keep - 1].length <= change.start && isMark(old.sentences[keep - 1]))) keep--;
  const from = keep > 0 ? old.starts[keep - 1] + old.sentences[keep - 1].length : 0;
  // The first old stretch that starts after a mark lying in the shared end.
  let next = firstAtLeast(old.starts, change.beforeEnd + 1);
  const chunks: TextChunks = { starts: old.starts.slice(0, keep), sentences: old.sentences.slice(0, keep) };
  const to = next < old.starts.length ? old.starts[next] + delta : after.length;
  cutChunks(after, from, to, chunks);
  for (; next < old.starts.length; next++) {
    chunks.starts.push(old.starts[next] + delta);
    chunks.sentences.push(old.sentences[next]);
  }
  return chunks;
}

function isMark(sentence: string): boolean {
  const last = sentence.charCodeAt(sentence.length - 1);
  return last === 46 || last === 33 || last === 63 || last === 59; // . ! ? ;
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
