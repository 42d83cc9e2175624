// Loads tree-sitter (WebAssembly) and the Python and TSX grammars, and registers them with the engine, once per
// process. The language server and the CLI await this before they read code files; a failure leaves code files
// unread (each says so as a parse problem) and never stops prompt files from being linted.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as TreeSitter from '@vscode/tree-sitter-wasm';
import { registerCodeParser, textChange, type CodeLanguage } from './core/index.js';

const GRAMMARS: Record<CodeLanguage, string> = { python: 'tree-sitter-python.wasm', typescript: 'tree-sitter-tsx.wasm' };
/** Trees kept per language for re-parsing an edited text: a few open documents. */
const KEPT_TREES = 4;

let loading: Promise<void> | undefined;

/** Loads the code parsers once; later calls wait for the same load. Rejects only with the reason none loaded. */
export function loadCodeParsers(): Promise<void> {
  loading ??= load();
  return loading;
}

async function load(): Promise<void> {
  const folder = wasmFolder();
  // The runtime's own bytes are handed over, so it never looks for (or dynamically imports) anything once bundled.
  const wasmBinary = fs.readFileSync(path.join(folder, 'tree-sitter.wasm'));
  await TreeSitter.Parser.init({ wasmBinary, locateFile: (file: string) => path.join(folder, file) } as Parameters<typeof TreeSitter.Parser.init>[0]);
  for (const [language, file] of Object.entries(GRAMMARS) as [CodeLanguage, string][]) {
    const grammar = await TreeSitter.Language.load(fs.readFileSync(path.join(folder, file)));
    const parser = new TreeSitter.Parser();
    parser.setLanguage(grammar);
    const kept = new KeptTrees();
    registerCodeParser(language, (text) => {
      const tree = kept.parse(parser, text);
      // The tree stays kept for the next version of the text; KeptTrees frees it when it is dropped.
      return { root: tree.rootNode, dispose: () => undefined };
    });
  }
}

/**
 * The last few texts parsed and their trees. A text that differs from one of them by an edit (typing) is parsed
 * again from that tree, which re-reads only around the edit (0.5 ms instead of 9 for 50 KB of Python); any other
 * text is parsed from scratch.
 */
class KeptTrees {
  private readonly entries: { text: string; tree: TreeSitter.Tree }[] = [];

  parse(parser: TreeSitter.Parser, text: string): TreeSitter.Tree {
    const same = this.entries.findIndex((e) => e.text === text);
    if (same >= 0) return this.entries[same].tree;
    let best: { index: number; shared: number; start: number; tail: number } | undefined;
    this.entries.forEach((entry, index) => {
      const change = textChange(entry.text, text);
      const tail = text.length - change.afterEnd;
      if (!best || change.start + tail > best.shared) best = { index, shared: change.start + tail, start: change.start, tail };
    });
    let tree: TreeSitter.Tree | null;
    // Worth it when most of the text is unchanged (an edit), not for another file of the same language.
    if (best && best.shared >= text.length * 0.75) {
      const old = this.entries.splice(best.index, 1)[0];
      old.tree.edit({
        startIndex: best.start,
        oldEndIndex: old.text.length - best.tail,
        newEndIndex: text.length - best.tail,
        startPosition: pointAt(text, best.start),
        oldEndPosition: pointAt(old.text, old.text.length - best.tail),
        newEndPosition: pointAt(text, text.length - best.tail),
      });
      tree = parser.parse(text, old.tree);
      old.tree.delete();
    } else {
      tree = parser.parse(text);
    }
    if (!tree) throw new Error('tree-sitter could not parse this file');
    this.entries.unshift({ text, tree });
    while (this.entries.length > KEPT_TREES) this.entries.pop()!.tree.delete();
    return tree;
  }
}

/** Row and column (UTF-16 units, as tree-sitter's JavaScript binding counts them) of an offset. */
function pointAt(text: string, offset: number): { row: number; column: number } {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}

/**
 * Where the .wasm files are: beside the bundle (dist/wasm, as the .vsix ships them), else in the npm package seen
 * from the unbundled build (server/out, for the tests).
 */
function wasmFolder(): string {
  const candidates = [path.join(__dirname, 'wasm'), path.join(__dirname, '..', '..', 'node_modules', '@vscode', 'tree-sitter-wasm', 'wasm')];
  const found = candidates.find((folder) => fs.existsSync(path.join(folder, 'tree-sitter.wasm')));
  if (!found) throw new Error(`tree-sitter.wasm is in none of ${candidates.join(', ')}`);
  return found;
}
