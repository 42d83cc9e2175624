import { holdsPromptLiteral } from './prompts.js';

// Which code files are worth reading for prompts: those that import a model SDK or a prompt library. A file that
// does not is skipped before it is parsed, so a large repository without one costs a read and one scan per file.

/** Python modules of model SDKs and prompt libraries (the top-level name an import starts with). */
const PYTHON_MODULES = [
  'openai', 'anthropic', 'google\\.genai', 'google\\.generativeai', 'vertexai', 'langchain\\w*', 'llama_index', 'ollama', 'mistralai', 'dspy',
  'transformers', 'litellm', 'cohere', 'groq', 'together', 'instructor', 'guidance', 'outlines', 'semantic_kernel', 'haystack', 'autogen\\w*',
  'crewai', 'pydantic_ai', 'agents', 'smolagents', 'huggingface_hub', 'vllm', 'llama_cpp',
];
const PYTHON_IMPORT = new RegExp(String.raw`^[ \t]*(?:from[ \t]+(?:${PYTHON_MODULES.join('|')})\b|import[ \t]+(?:[\w.]+[ \t]*,[ \t]*)*(?:${PYTHON_MODULES.join('|')})\b|from[ \t]+google[ \t]+import[ \t]+genai\b)`, 'm');

/** npm packages of model SDKs and prompt libraries. */
const JS_PACKAGES = [
  'openai', '@anthropic-ai/[\\w.-]+', 'ai', '@ai-sdk/[\\w.-]+', '@langchain/[\\w.-]+', 'langchain', 'ollama', '@mistralai/[\\w.-]+', '@google/genai',
  '@google/generative-ai', '@google-cloud/vertexai', 'llamaindex', '@azure/openai', 'cohere-ai', 'groq-sdk', '@huggingface/inference', '@openai/agents',
];
const JS_IMPORT = new RegExp(String.raw`(?:\bfrom[ \t]*|\brequire[ \t]*\([ \t]*|\bimport[ \t]*\([ \t]*|^[ \t]*import[ \t]*)['"](?:${JS_PACKAGES.join('|')})(?:/[\w./-]*)?['"]`, 'm');

// In a notebook's JSON each source line is a string: `"import openai\n",`.
const NOTEBOOK_IMPORT = new RegExp(String.raw`"[ \t]*(?:from[ \t]+(?:${PYTHON_MODULES.join('|')})\b|import[ \t]+(?:[\w.]+[ \t]*,[ \t]*)*(?:${PYTHON_MODULES.join('|')})\b|from[ \t]+google[ \t]+import[ \t]+genai\b)`);

/** Whether a notebook's code cells import a model SDK or prompt library. */
export function notebookImportsModelLibrary(source: string): boolean {
  return NOTEBOOK_IMPORT.test(source);
}

/**
 * A name that says prompt or persona, assigned, declared or called (`SYSTEM_PROMPT = `, `buildSystemPrompt(`,
 * `const persona: Persona = `): a module of prompt constants or prompt builders that some other file sends.
 */
const PROMPT_NAME = /(?:^|[^\w$])[\w$]*(?:prompt|persona)[\w$]*[ \t]*(?:=(?!=)|\(|:[^:\n=]{0,60}=(?!=))/i;

/**
 * Whether a source file imports a model SDK or prompt library, names a prompt (a module of prompts), or holds a
 * literal that opens like a prompt (a table of personas another module sends).
 */
export function importsModelLibrary(source: string, language: 'python' | 'typescript'): boolean {
  return (language === 'python' ? PYTHON_IMPORT : JS_IMPORT).test(source) || PROMPT_NAME.test(source) || holdsPromptLiteral(source);
}
