// The engine reads prompts in source code from a concrete syntax tree. The tree comes from tree-sitter, which needs
// WebAssembly and file access to load: the language server and the CLI load it (server/src/codeParsers.ts) and
// register a parser here, so the engine itself stays free of Node and of any one parser library.

/** The part of a tree-sitter node the code readers use (web-tree-sitter's Node has all of it). */
export interface SyntaxNode {
  readonly type: string;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly childCount: number;
  readonly parent: SyntaxNode | null;
  readonly isNamed: boolean;
  child(index: number): SyntaxNode | null;
  childForFieldName(name: string): SyntaxNode | null;
  /** The first child that holds or starts after a source offset. */
  firstChildForIndex?(index: number): SyntaxNode | null;
  /** The smallest node that spans a source offset. */
  descendantForIndex?(index: number): SyntaxNode | null;
}

/** The source languages Evenhand reads prompts from; TypeScript's grammar (TSX) also reads JavaScript and JSX. */
export type CodeLanguage = 'python' | 'typescript';

/** A parsed source file: its tree's root, and how to free the tree (tree-sitter's trees live outside the JS heap). */
export interface ParsedCode {
  root: SyntaxNode;
  dispose(): void;
}

export type CodeParser = (text: string) => ParsedCode;

const parsers = new Map<CodeLanguage, CodeParser>();

/** Makes a language's parser available to the engine (the server and the CLI do this once at start-up). */
export function registerCodeParser(language: CodeLanguage, parse: CodeParser): void {
  parsers.set(language, parse);
}

/** The registered parser of a language, if one was loaded. */
export function codeParser(language: CodeLanguage): CodeParser | undefined {
  return parsers.get(language);
}

/** The node's children, in order. */
export function childrenOf(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let i = 0; i < node.childCount; i++) {
    const child = node.child(i);
    if (child) out.push(child);
  }
  return out;
}
