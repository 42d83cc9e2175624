// What the VS Code client and the language server share: settings, commands, and the few custom messages, each
// with a comment saying which way it travels (client -> server or back).
// This file must stay free of `vscode` and of Node built-ins: the client bundle imports it too.
import type { EvenhandConfig } from './core/config.js';
import type { CheckName, CheckRecord } from './results/record.js';

/** The settings section the client synchronises and the server asks for with workspace/configuration. */
export const SETTINGS_SECTION = 'evenhand';

/** The `evenhand.*` settings: the keys of `.evenhand.json` plus the client-only trace level. */
export type EvenhandSettings = Omit<EvenhandConfig, '$schema'> & {
  trace?: { server?: 'off' | 'messages' | 'verbose' };
};

/** Glob patterns of every prompt-file format the server lints, for the client's document selector. */
export { PROMPT_FILE_GLOBS } from './core/formats/table.js';

/** The configuration file's glob, watched by the client and validated by the server when open. */
export const CONFIG_FILE_GLOB = '**/.evenhand.json';

/** Kept check results, watched so results written elsewhere (the CLI, another window) show at once. */
export const RESULTS_FILE_GLOB = '**/.evenhand/results/results.json';

/** What the client tells the server in initialize's initializationOptions. */
export interface InitializationOptions {
  /** The settings, for clients that cannot answer workspace/configuration. */
  settings?: unknown;
  /**
   * Whether the workspace is trusted (VS Code's workspace trust). Absent means trusted: an editor without trust
   * started the server itself. Untrusted: the static lint runs, nothing is sent to any endpoint.
   */
  trusted?: boolean;
  /** The client answers API_KEY_REQUEST from its secret storage. */
  secrets?: boolean;
}

/** client -> server: the workspace was trusted (VS Code re-evaluates on onDidGrantWorkspaceTrust). */
export const TRUST_NOTIFICATION = 'evenhand/trust';
export interface TrustParams {
  trusted: boolean;
}

/**
 * server -> client: the API key for one endpoint origin (scheme://host:port). The Evenhand client answers with
 * `sealed` (see sealing.ts), so traces never show the key; another client may answer with a plain `key`.
 */
export const API_KEY_REQUEST = 'evenhand/apiKey';
export interface ApiKeyParams {
  origin: string;
}
export interface ApiKeyResult {
  key?: string | null;
  sealed?: string | null;
}

/** server -> client: what the checks are doing, for a status item. Sent whenever it changes. */
export const STATUS_NOTIFICATION = 'evenhand/status';
export interface CheckStatus {
  trusted: boolean;
  /** Host and model, when an endpoint is configured. */
  endpoint: { host: string; model: string } | null;
  /** "stability check of prompts/judge.prompt.md:3", while one runs. */
  running: string | null;
  /** Background checks waiting. */
  queued: number;
  requestsToday: number;
  dailyRequestBudget: number;
  background: 'off' | 'onSave';
}

/** Commands the server executes (workspace/executeCommand); the VS Code client registers them automatically. */
export const SERVER_COMMANDS = {
  /** [RunCheckArgs] -> RunCheckResult. Runs with work-done progress, cancellable. */
  runCheck: 'evenhand.server.runCheck',
  /** [RunAllArgs] -> RunAllResult. Every persona of every prompt file in the workspace folders, one at a time. */
  runAll: 'evenhand.server.runAll',
  /** [RunAllArgs] -> RunAllPlan: what runAll would do, without sending anything. */
  planAll: 'evenhand.server.planAll',
  /** [ResultsArgs] -> CheckRecord[]: kept results, newest first. */
  results: 'evenhand.server.results',
  /** [] -> { removed: number }: empties the reply cache of every workspace folder. */
  clearCache: 'evenhand.server.clearCache',
  /** [] -> CheckStatus. */
  status: 'evenhand.server.status',
} as const;

export interface RunCheckArgs {
  uri: string;
  check: CheckName;
  /** 0-based line of the persona (or, for debias, of the debiasing sentence); default: the prompt's first persona. */
  line?: number;
}

export interface RunCheckResult {
  record?: CheckRecord;
  /** Why there is no record (no endpoint, untrusted, no persona, cancelled, endpoint failing...). */
  message?: string;
}

export interface RunAllArgs {
  /** Which checks (default all three; debias only where the prompt has a debiasing sentence). */
  checks?: CheckName[];
}

export interface RunAllPlan {
  files: number;
  checks: number;
  /** The most requests the run may make: checks x the per-check budget, capped by today's remaining budget. */
  maxRequests: number;
  requestsToday: number;
  dailyRequestBudget: number;
  message?: string;
}

export interface RunAllResult {
  records: CheckRecord[];
  skipped: string[];
  cancelled: boolean;
}

export interface ResultsArgs {
  /** Only this file's results. */
  uri?: string;
}
