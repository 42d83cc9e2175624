// The engine's public surface: the language server, the CLI and the tests import from here.
export * from './text.js';
export * from './types.js';
export * from './config.js';
export * from './formats/types.js';
export * from './formats/index.js';
export * from './formats/table.js';
export { registerCodeParser, type CodeLanguage, type CodeParser, type ParsedCode, type SyntaxNode } from './formats/code/syntaxTree.js';
export { conversationsOf, conversationAt } from './formats/conversations.js';
export { notebookImportsModelLibrary } from './formats/code/sdkImports.js';
export { textChange, type TextChange } from './persona/keywordScan.js';
export * from './persona/types.js';
export * from './persona/index.js';
export * from './rules/index.js';
export { lintText, decodeFile, applyEdits, targetLines, readsFile, type LintOptions } from './lint.js';
