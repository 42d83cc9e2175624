// What the VS Code client and the language server share: settings, commands, and the few custom messages, each
// typed (parameters, result) and with a comment saying which way it travels (client -> server or back), so the
// compiler checks both ends. This file must stay free of `vscode` and of Node built-ins: the client bundle imports it.
import { NotificationType, RequestType, type Range } from 'vscode-languageserver-protocol';
import type { CheckName, CheckRecord } from './core/checks/record.js';
import type { EvenhandConfig } from './core/config.js';

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

export interface TrustParams {
  trusted: boolean;
}
/** client -> server: the workspace was trusted (VS Code re-evaluates on onDidGrantWorkspaceTrust). */
export const TRUST_NOTIFICATION = new NotificationType<TrustParams>('evenhand/trust');

export interface ApiKeyParams {
  origin: string;
}
export interface ApiKeyResult {
  key?: string | null;
  sealed?: string | null;
}
/**
 * server -> client: the API key for one endpoint origin (scheme://host:port). The Evenhand client answers with
 * `sealed` (see sealing.ts), so traces never show the key; another client may answer with a plain `key`.
 */
export const API_KEY_REQUEST = new RequestType<ApiKeyParams, ApiKeyResult | null, void>('evenhand/apiKey');

/** server -> client: what the checks are doing, for a status item. Sent whenever it changes. */
export const STATUS_NOTIFICATION = new NotificationType<CheckStatus>('evenhand/status');
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

/**
 * client -> server: a command the server executes (workspace/executeCommand), typed by its arguments and result.
 * Other editors run the same commands from code lenses, so they stay commands rather than custom requests.
 */
export interface ServerCommand<Args extends unknown[], Result> {
  readonly command: string;
  /** Never set: carries the types for `executeServerCommand` and the server's handler table. */
  readonly types?: { args: Args; result: Result };
}

function serverCommand<Args extends unknown[], Result>(command: string): ServerCommand<Args, Result> {
  return { command };
}

/** Commands the server executes; the VS Code client registers them automatically. */
export const SERVER_COMMANDS = {
  /** Runs with work-done progress, cancellable. */
  runCheck: serverCommand<[RunCheckArgs], RunCheckResult>('evenhand.server.runCheck'),
  /** Every persona of every prompt file in the workspace folders, one at a time. */
  runAll: serverCommand<[RunAllArgs?], RunAllResult>('evenhand.server.runAll'),
  /** What runAll would do, without sending anything. */
  planAll: serverCommand<[RunAllArgs?], RunAllPlan>('evenhand.server.planAll'),
  /** Kept results, newest first. */
  results: serverCommand<[ResultsArgs?], CheckRecord[]>('evenhand.server.results'),
  /** Empties the reply cache of every workspace folder. */
  clearCache: serverCommand<[], { removed: number }>('evenhand.server.clearCache'),
  status: serverCommand<[], CheckStatus>('evenhand.server.status'),
} as const;

/** The result type of a server command. */
export type CommandResult<C> = C extends { readonly types?: { result: infer R } } ? R : never;

/**
 * Why a check gave no record, as data the client acts on (never English matched back):
 * - untrusted: the workspace is not trusted, nothing is sent;
 * - no-endpoint: no endpoint and model in the user's settings;
 * - budget: today's request budget is spent;
 * - excluded: the file is excluded (evenhand.exclude or .evenhand.json);
 * - too-large: the file is over maxFileSize (neither linted nor checked);
 * - not-on-disk / unreadable: the document is not a saved file, or cannot be read;
 * - input: the prompt offers nothing to check (no persona on that line, no debiasing sentence...);
 * - cancelled: the user cancelled, or gave up waiting;
 * - unfinished: the endpoint failed before the data reached a verdict;
 * - failed: an unexpected error (logged).
 */
export type CheckRefusal =
  | 'untrusted'
  | 'no-endpoint'
  | 'budget'
  | 'excluded'
  | 'too-large'
  | 'not-on-disk'
  | 'unreadable'
  | 'input'
  | 'cancelled'
  | 'unfinished'
  | 'failed';

/** Refusals that no other check would escape either: Run All and the background queue stop at them. */
export const STOPS_EVERY_CHECK: readonly CheckRefusal[] = ['untrusted', 'no-endpoint', 'budget', 'cancelled'];

export interface RunCheckArgs {
  uri: string;
  check: CheckName;
  /** 0-based line of the persona (or, for debias, of the debiasing sentence); default: the prompt's first persona. */
  line?: number;
  /**
   * A persona sentence chosen by hand, detected or not: a range of the document (an editor selection) or a text
   * that occurs in it once (`line` picks among repeats). The check measures it and its record says "chosen by hand".
   */
  sentence?: ChosenSentence;
}

/** A sentence the user points at: a range of the document, or a text quoted from it. */
export type ChosenSentence = { range: Range } | { text: string };

export interface RunCheckResult {
  record?: CheckRecord;
  /** Why there is no record, as data. */
  refused?: CheckRefusal;
  /** The same, in a sentence for the user. */
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
  /** Why the run would send nothing, as data and in a sentence. */
  refused?: CheckRefusal;
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
