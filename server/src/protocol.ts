// What the VS Code client and the language server share. No custom requests or notifications exist yet; when
// one is added it goes here, with a one-line comment saying which way it travels (client -> server or back).
// This file must stay free of `vscode` and of Node built-ins: the client bundle imports it too.
import type { EvenhandConfig } from './core/config.js';

/** The settings section the client synchronises and the server asks for with workspace/configuration. */
export const SETTINGS_SECTION = 'evenhand';

/** The `evenhand.*` settings: the keys of `.evenhand.json` plus the client-only trace level. */
export type EvenhandSettings = Omit<EvenhandConfig, '$schema'> & {
  trace?: { server?: 'off' | 'messages' | 'verbose' };
};

/** Glob patterns of every prompt-file format the server lints, for the client's document selector. */
export const PROMPT_FILE_GLOBS: readonly string[] = [
  '**/*.prompt.md',
  '**/*.instructions.md',
  '**/*.chatmode.md',
  '**/*.agent.md',
  '**/AGENTS.md',
  '**/.github/copilot-instructions.md',
  '**/*.prompty',
  '**/*.prompt',
  '**/*.prompt.yml',
  '**/*.prompt.yaml',
];

/** The configuration file's glob, watched by the client and validated by the server when open. */
export const CONFIG_FILE_GLOB = '**/.evenhand.json';
