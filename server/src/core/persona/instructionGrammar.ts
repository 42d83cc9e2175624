/**
 * A small grammar for instructions: word classes (verbs inflected on demand, nouns in both numbers, plain words)
 * and frames that combine them, compiled into the regular expressions KeywordRegex scans with. A new verb or
 * object added to a class reaches every frame that names the class, which is how wordings nobody wrote down are
 * found.
 *
 * Frame tokens, separated by spaces:
 *   <class>        any word of a class; verbs in the base form, nouns singular or plural
 *   <class:forms>  verbs: any of b (base), s, ing, ed, e.g. <judge:b,s,ing>; nouns: sg or pl
 *   a|b_c|<class>  alternatives: words ("_" is a space inside one), classes and %patterns
 *   token?         the token may be absent
 *   *N             up to N words;  ~N  up to N characters inside the sentence
 *   %name          a named pattern (numbers, scales) from the data
 *   @verb          what follows stands in verb position: clause start, or after a modal, "to", "please", ...
 *   @noun          what follows is not after a determiner (so it is not a noun: "the rate", "a critique")
 *   @object        an object follows (a determiner, a number, a quote or a template)
 *   @after:class   what follows comes right after a word of the class ("a grade out of ten" starts at "grade")
 *   @notAfter:class  what follows does not come right after a word of the class; @notAfter:%name, not right
 *                  after the named pattern (a bounded regex: "have strong opinions about" before "which ...")
 *   @end           the phrase ends here: punctuation, or a conjunction or preposition follows ("keep it neutral.")
 *   &class         the next words are of the class, not consumed
 *   !class         the next words are not of the class ("neutral tone", "objective-C")
 */

/** One instruction class's grammar as written in its JSON file. */
export interface GrammarData {
  classes: Record<string, WordClass>;
  patterns?: Record<string, string>;
  frames: string[];
}

/** A word class: verbs (base forms, "a/b/c/d" to give irregular base/s/ing/ed), nouns (singular) or fixed words. */
export type WordClass = { verbs: string[] } | { nouns: string[] } | { words: string[] };

/** Clause-level contexts the grammar shares between instruction classes (verb position, determiners). */
export interface GrammarContext {
  verbPositionAfter: string[];
  nounDeterminers: string[];
  objectStarts: string[];
  phraseEndWords: string[];
}

/** A frame compiled to a regex source, with the words it can start with. */
export interface CompiledFrame {
  frame: string;
  source: string;
  leadingWords: string[];
}

const SENTENCE_CHAR = String.raw`[^.!?;\n]`;
const WORD = String.raw`[\w'’-]+,?`;

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const phrase = (s: string): string => escape(s).replace(/[ _]+/g, String.raw`\s+`);

/** The inflected forms of one English verb, regular unless the entry spells them out ("vet/vets/vetting/vetted"). */
export function verbForms(entry: string): Record<'b' | 's' | 'ing' | 'ed', string> {
  const spelled = entry.split('/');
  if (spelled.length === 4) return { b: spelled[0], s: spelled[1], ing: spelled[2], ed: spelled[3] };
  // Phrasal verbs inflect their first word ("fill out" -> "fills out"), others their last letters.
  const space = entry.indexOf(' ');
  const head = space < 0 ? entry : entry.slice(0, space);
  const rest = space < 0 ? '' : entry.slice(space);
  const consonantY = /[^aeiou]y$/.test(head);
  const s = /(?:s|x|z|ch|sh)$/.test(head) ? `${head}es` : consonantY ? `${head.slice(0, -1)}ies` : `${head}s`;
  const ing = head.endsWith('ie') ? `${head.slice(0, -2)}ying` : /[^e]e$/.test(head) ? `${head.slice(0, -1)}ing` : `${head}ing`;
  const ed = head.endsWith('e') ? `${head}d` : consonantY ? `${head.slice(0, -1)}ied` : `${head}ed`;
  return { b: entry, s: s + rest, ing: ing + rest, ed: ed + rest };
}

/** The plural of an English noun, unless the entry spells it ("study/studies", "person/people"). */
function nounForms(entry: string): { sg: string; pl: string } {
  const spelled = entry.split('/');
  if (spelled.length === 2) return { sg: spelled[0], pl: spelled[1] };
  const pl = /(?:s|x|z|ch|sh)$/.test(entry) ? `${entry}es` : /[^aeiou]y$/.test(entry) ? `${entry.slice(0, -1)}ies` : `${entry}s`;
  return { sg: entry, pl };
}

/** The words a class reference stands for. */
function classWords(classes: Record<string, WordClass>, reference: string): string[] {
  const [name, formList] = reference.split(':');
  const cls = classes[name];
  if (!cls) throw new Error(`instruction grammar: no class "${name}"`);
  const forms = formList?.split(',');
  if ('verbs' in cls) {
    const wanted = (forms ?? ['b']) as ('b' | 's' | 'ing' | 'ed')[];
    return cls.verbs.flatMap((v) => wanted.map((f) => verbForms(v)[f]));
  }
  if ('nouns' in cls) {
    const wanted = (forms ?? ['sg', 'pl']) as ('sg' | 'pl')[];
    return cls.nouns.flatMap((n) => wanted.map((f) => nounForms(n)[f]));
  }
  return cls.words;
}

/** A regex alternation of words, longest first so "fact check" wins over "fact". */
function alternation(words: string[]): string {
  const unique = [...new Set(words.map((w) => w.toLowerCase()))].sort((a, b) => b.length - a.length);
  return `(?:${unique.map(phrase).join('|')})`;
}

/** Compiles every frame of one instruction class. */
export function compileGrammar(data: GrammarData, context: GrammarContext): CompiledFrame[] {
  const verbPosition =
    String.raw`(?:^|(?<=(?:^|[.!?:;,\n("“]|\d[.)]|[-*•])\s*)|(?<=\b` + alternation(context.verbPositionAfter) + String.raw`\s+))`;
  const notAfterDeterminer = String.raw`(?<!\b${alternation(context.nounDeterminers)}\s)`;
  // A number is an object unless it labels a rubric line ("Score 1: poor").
  const objectAhead = String.raw`(?=\s+(?:${alternation(context.objectStarts)}\b|\d+\b(?!\s*[:.)-])|[\w-]+['’]s\b|["'“]|\{\{|\$\{))`;
  const phraseEnd = String.raw`(?=\s*(?:[.!?;:,)\]"'”\n]|$)|\s+(?!in\s+mind\b)${alternation(context.phraseEndWords)}\b)`;
  return data.frames.map((frame) => {
    let source = '';
    let consumed = false;
    let leading: string[] | undefined;
    const tokens = frame.split(' ');
    tokens.forEach((raw, index) => {
      const last = index === tokens.length - 1;
      const optional = raw.length > 1 && raw.endsWith('?');
      const token = optional ? raw.slice(0, -1) : raw;
      const join = (body: string): void => {
        const part = consumed ? String.raw`\s+${body}` : body;
        source += optional ? `(?:${part})?` : part;
        consumed = true;
      };
      // A choice of words, classes and patterns ("<verdict>|<winVerdict>|%age"); only words may start a frame.
      const choice = (parts: string[]): void => {
        const list: string[] = [];
        const patterns: string[] = [];
        for (const part of parts) {
          if (part.startsWith('<') && part.endsWith('>')) list.push(...classWords(data.classes, part.slice(1, -1)));
          else if (part.startsWith('%')) {
            const pattern = data.patterns?.[part.slice(1)];
            if (pattern === undefined) throw new Error(`instruction grammar: no pattern "${part}"`);
            patterns.push(`(?:${pattern})`);
          } else list.push(part.replace(/_/g, ' '));
        }
        if (!consumed && !leading) {
          if (optional) throw new Error(`instruction grammar: "${frame}" starts with an optional token`);
          if (patterns.length > 0) throw new Error(`instruction grammar: "${frame}" starts with a pattern`);
          leading = list.map((w) => /^[A-Za-z]+/.exec(w)?.[0].toLowerCase() ?? '');
        }
        const wordsSource = list.length > 0 ? [String.raw`\b${alternation(list)}\b`] : [];
        const all = [...wordsSource, ...patterns];
        join(all.length === 1 ? all[0] : `(?:${all.join('|')})`);
      };
      if (token === '@verb') source += verbPosition;
      else if (token === '@noun') source += notAfterDeterminer;
      else if (token === '@object') source += objectAhead;
      else if (token === '@end') source += phraseEnd;
      else if (token.startsWith('@after:')) source += String.raw`(?<=\b${alternation(classWords(data.classes, token.slice(7)))}\s+)`;
      else if (token.startsWith('@notAfter:%')) {
        const pattern = data.patterns?.[token.slice(11)];
        if (pattern === undefined) throw new Error(`instruction grammar: no pattern "${token.slice(10)}"`);
        source += `(?<!${pattern})`;
      } else if (token.startsWith('@notAfter:')) source += String.raw`(?<!\b${alternation(classWords(data.classes, token.slice(10)))}\s+)`;
      else if (token.startsWith('&')) source += String.raw`(?=\s+${alternation(classWords(data.classes, token.slice(1)))}\b)`;
      else if (token.startsWith('!')) source += String.raw`(?![\s-]+${alternation(classWords(data.classes, token.slice(1)))}\b)`;
      // Gaps inside a frame are lazy, so the nearest word that completes the frame ends it; a gap that ends the
      // frame is greedy, so the finding's words run to the end of the instruction.
      else if (/^~\d+$/.test(token)) source += String.raw`(?:\s+${SENTENCE_CHAR}{0,${token.slice(1)}}${last ? '' : '?'})${last ? '?' : '??'}`;
      else if (/^\*\d+$/.test(token)) source += String.raw`(?:\s+${WORD}){0,${token.slice(1)}}${last ? '' : '?'}`;
      else choice(token.split('|'));
    });
    if (!leading) throw new Error(`instruction grammar: "${frame}" has no leading word`);
    return { frame, source, leadingWords: [...new Set(leading.filter(Boolean))] };
  });
}
