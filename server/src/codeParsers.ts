// Loads tree-sitter (WebAssembly) and the Python and TSX grammars, and registers them with the engine, once per
// process. The language server and the CLI await this before they read code files; a failure leaves code files
// unread (each says so as a parse problem) and never stops prompt files from being linted.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as TreeSitter from '@vscode/tree-sitter-wasm';
import { registerCodeParser, type CodeLanguage } from './core/index.js';

const GRAMMARS: Record<CodeLanguage, string> = { python: 'tree-sitter-python.wasm', typescript: 'tree-sitter-tsx.wasm' };

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
    registerCodeParser(language, (text) => {
      const tree = parser.parse(text);
      if (!tree) throw new Error(`tree-sitter could not parse this ${language} file`);
      return { root: tree.rootNode, dispose: () => tree.delete() };
    });
  }
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
