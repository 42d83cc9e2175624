// `evenhand check one-sided|stability|debias FILE`: wires argv and the environment to a sampled check.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadCodeParsers } from '../codeParsers.js';
import { parseArgs } from 'node:util';
import {
  CheckInputError,
  ProbeSetError,
  SamplerError,
  parseProbeText,
  type CheckPlan,
  type CheckProgress,
  type Price,
  type ProbeSet,
} from '../core/checks/index.js';
import { CHECK_NAMES } from '../core/checks/record.js';
import { INCOMPLETE_VERDICT } from '../core/checks/verdicts.js';
import { decodeFile, parsePromptFile, type PromptDocument } from '../core/index.js';
import { OPENAI_ORIGIN, keyForEndpoint } from '../model/keyPolicy.js';
import { runWorkspaceCheck, type WorkspaceCheckOutcome } from '../workspace/checkRun.js';
import { formatCheckJson, formatCheckSarif, formatCheckText, isFlagged, type CheckReport } from './checkFormat.js';
import { ConfigCache } from './configs.js';
import { terminalText } from './format/terminal.js';
import { UsageError } from './files.js';
import { packageInfo } from './packageInfo.js';
import { CHECK_HELP } from './usage.js';

const CHECKS = CHECK_NAMES;
const FORMATS = ['text', 'json', 'sarif'] as const;

/** Exit codes of `evenhand check`: 0 not flagged (inconclusive included), 1 flagged, 2 usage, 3 could not finish. */
export const CHECK_EXIT = { clean: 0, flagged: 1, usage: 2, unfinished: 3 } as const;

/** Runs `evenhand check ...` with the arguments after `check`; returns the exit code. */
export async function check(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      'persona-line': { type: 'string' },
      'persona-text': { type: 'string' },
      'base-url': { type: 'string' },
      model: { type: 'string' },
      'embedding-model': { type: 'string' },
      probes: { type: 'string' },
      inputs: { type: 'string' },
      personas: { type: 'string' },
      samples: { type: 'string' },
      'max-requests': { type: 'string' },
      concurrency: { type: 'string' },
      seed: { type: 'string' },
      temperature: { type: 'string' },
      'max-tokens': { type: 'string' },
      timeout: { type: 'string' },
      'api-key-env': { type: 'string' },
      price: { type: 'string' },
      'no-cache': { type: 'boolean' },
      'no-save': { type: 'boolean' },
      format: { type: 'string', default: 'text' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(CHECK_HELP);
    return 0;
  }
  const [name, file, ...extra] = positionals;
  if (name === undefined) throw new UsageError(`Name a check: evenhand check ${CHECKS.join('|')} FILE. Run "evenhand check --help".`);
  const checkName = oneOf('check', name, CHECKS);
  if (file === undefined) throw new UsageError(`Name the prompt file to check: evenhand check ${checkName} FILE.`);
  if (extra.length > 0) throw new UsageError(`One prompt file per check; unexpected: ${extra.join(' ')}`);
  const format = oneOf('--format', values.format, FORMATS);
  const cwd = process.cwd();
  const absolute = path.resolve(cwd, file);
  if (!fs.statSync(absolute, { throwIfNoEntry: false })?.isFile()) throw new UsageError(`No such file: ${file}`);

  // Everything about the input is checked before anything is sent.
  const configs = new ConfigCache();
  const config = configs.forFile(absolute);
  if (configs.problems.length > 0) {
    const p = configs.problems[0];
    throw new UsageError(`${path.relative(cwd, p.file) || p.file}:${p.line}:${p.column}: ${p.message}`);
  }
  // A code file's prompts are read with its parser (checked whatever the `code` setting: it was named).
  await loadCodeParsers().catch(() => undefined);
  const doc = readPrompt(absolute, file, config.maxFileSize);
  const personas = values.personas === undefined ? undefined : splitPersonas(values.personas);
  const probes = values.probes === undefined ? undefined : readProbes(path.resolve(cwd, values.probes), values.probes);
  const items = values.inputs === undefined ? undefined : readInputs(path.resolve(cwd, values.inputs), values.inputs);
  const samples = values.samples === undefined ? undefined : wholeNumber('--samples', values.samples, 2);
  const personaLine = values['persona-line'] === undefined ? undefined : wholeNumber('--persona-line', values['persona-line'], 1);
  const maxRequests = wholeNumber('--max-requests', values['max-requests'] ?? '300', 1);
  const concurrency = wholeNumber('--concurrency', values.concurrency ?? '4', 1);
  const seed = wholeNumber('--seed', values.seed ?? '0', 0);
  const temperature = values.temperature === undefined ? undefined : decimal('--temperature', values.temperature, 0, 2);
  const maxTokens = values['max-tokens'] === undefined ? undefined : wholeNumber('--max-tokens', values['max-tokens'], 1);
  const timeoutMs = values.timeout === undefined ? undefined : Math.round(1000 * decimal('--timeout', values.timeout, 1, 3600));
  const price = values.price === undefined ? undefined : parsePrice(values.price);
  const keyVariable = values['api-key-env'] === undefined ? undefined : keyVariableOf(values['api-key-env']);
  if (checkName !== 'stability') {
    if (items) throw new UsageError('--inputs applies to the stability check only.');
    if (samples !== undefined) throw new UsageError('--samples applies to the stability check only.');
    if (values['embedding-model'] !== undefined) throw new UsageError('--embedding-model applies to the stability check only.');
  }

  // Nothing is sent anywhere unless an endpoint is configured explicitly.
  const baseURL = values['base-url'] ?? process.env.OPENAI_BASE_URL;
  if (!baseURL) {
    throw new UsageError(
      'No model endpoint is configured, so nothing was sent. Pass --base-url URL (for example http://localhost:11434/v1 ' +
        'or https://api.openai.com/v1) or set OPENAI_BASE_URL; the API key comes from OPENAI_API_KEY.',
    );
  }
  let endpointURL: URL;
  try {
    endpointURL = new URL(baseURL);
  } catch {
    throw new UsageError(`The endpoint is not a URL: ${baseURL}`);
  }
  const host = endpointURL.host;
  // The key policy the language server follows too: OPENAI_API_KEY only where it belongs, unless --api-key-env.
  const apiKey = keyForEndpoint(endpointURL.origin, process.env, keyVariable);
  const model = values.model;
  if (!model) throw new UsageError('Name the model to check against: --model NAME.');
  const cache = !values['no-cache'];

  const personaText = values['persona-text'];
  if (personaText !== undefined && personaText.trim() === '') throw new UsageError('--persona-text takes a sentence of the prompt, not an empty string.');
  const common = { doc, config, personaLine, ...(personaText !== undefined ? { sentence: { text: personaText } } : {}) };
  const controller = new AbortController();
  const interrupt = () => controller.abort();
  process.once('SIGINT', interrupt);
  const bar = process.stderr.isTTY ? new ProgressBar() : undefined;
  const options = {
    seed,
    signal: controller.signal,
    // Said once the input is understood and before the first request: where, to which model, how many at most.
    onStart: (plan: CheckPlan) => {
      say(
        `evenhand: ${checkName} check of ${file}: up to ${Math.min(maxRequests, plan.samplesMax)} samples ` +
          `(at most ${maxRequests} answered requests; failed attempts do not count, but stop at ${Math.max(2 * maxRequests, maxRequests + 4)} requests sent) ` +
          `to ${host}, model ${model}${cache ? '' : ', no cache'}.`,
      );
      if (apiKey.reason === 'withheld') say(withheldKeyNotice(endpointURL.origin, apiKey.allowedOrigin));
    },
    ...(bar ? { onProgress: (p: CheckProgress) => bar.update(p) } : {}),
  };
  const input =
    checkName === 'stability'
      ? {
          ...common,
          ...(probes ? { probes } : {}),
          ...(items ? { items } : {}),
          ...(personas ? { contrasts: personas } : {}),
          ...(samples !== undefined ? { samples } : {}),
          useEmbeddings: values['embedding-model'] !== undefined,
        }
      : { ...common, ...(probes ? { probes } : {}), ...(personas ? { counterfactual: personas[0] } : {}) };
  let outcome: WorkspaceCheckOutcome;
  try {
    outcome = await runWorkspaceCheck({
      check: checkName,
      input,
      filePath: absolute,
      endpoint: {
        baseURL,
        model,
        concurrency,
        ...(values['embedding-model'] !== undefined ? { embeddingModel: values['embedding-model'] } : {}),
        ...(apiKey.key !== undefined ? { apiKey: apiKey.key } : {}),
        ...(temperature !== undefined ? { temperature } : {}),
        ...(maxTokens !== undefined ? { maxTokens } : {}),
        ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      },
      maxRequests,
      options,
      cache,
      keep: !values['no-save'],
      ...(price ? { price } : {}),
    });
  } catch (error) {
    bar?.clear();
    if (error instanceof CheckInputError) throw new UsageError(error.message);
    if (error instanceof SamplerError) {
      if (error.reason === 'configuration') throw new UsageError(error.message);
      say(`evenhand: the ${checkName} check could not finish: ${error.message}\nNo verdict: the data did not reach one.`);
      return CHECK_EXIT.unfinished;
    }
    throw error;
  } finally {
    process.removeListener('SIGINT', interrupt);
  }
  bar?.clear();
  const { result, record } = outcome;
  if (outcome.keepError) {
    say(`evenhand: the result could not be kept in ${outcome.store.file}: ${outcome.keepError.message}`);
  }

  const report: CheckReport = {
    result,
    file: absolute,
    cwd,
    doc,
    host,
    model,
    info: packageInfo(),
    ...(record.cost ? { cost: record.cost } : {}),
  };
  if (format === 'json') process.stdout.write(formatCheckJson(report));
  else if (format === 'sarif') process.stdout.write(formatCheckSarif(report));
  else process.stdout.write(formatCheckText(report));
  if (result.verdict === INCOMPLETE_VERDICT) {
    const why =
      result.stoppedBy === 'faults'
        ? (result.notes.find((n) => n.startsWith('The check stopped:'))?.replace(/^The check stopped: /, '').replace(/\. Every answer.*$/, '') ?? 'requests kept failing')
        : `no answer could be used (${result.invalid} invalid)`;
    say(`evenhand: the ${checkName} check is incomplete: ${why}. No verdict. Nothing was kept; the answers are cached, so a re-run goes on from them.`);
    return CHECK_EXIT.unfinished;
  }
  return isFlagged(result) ? CHECK_EXIT.flagged : CHECK_EXIT.clean;
}

/** A line on stderr; it may quote file names, the model's name or an endpoint's error, so controls are made visible. */
function say(line: string): void {
  process.stderr.write(`${terminalText(line)}\n`);
}

function oneOf<T extends string>(what: string, value: string | undefined, allowed: readonly T[]): T {
  if (allowed.includes(value as T)) return value as T;
  throw new UsageError(`Invalid ${what}: "${value}" (expected ${allowed.join(', ')}).`);
}

/** A decimal number within [min, max]. */
function decimal(flag: string, value: string, min: number, max: number): number {
  const number = Number(value);
  if (!/^\s*\d+(\.\d+)?\s*$/.test(value) || number < min || number > max) {
    throw new UsageError(`${flag} takes a number from ${min} to ${max}, not "${value}".`);
  }
  return number;
}

/** `--price IN,OUT`: what a million prompt and a million completion tokens cost, in the user's currency. */
function parsePrice(value: string): Price {
  const parts = value.split(',').map((p) => p.trim());
  const numbers = parts.map(Number);
  if (parts.length !== 2 || parts.some((p) => !/^\d+(\.\d+)?$/.test(p)) || numbers.some((n) => !Number.isFinite(n))) {
    throw new UsageError(`--price takes the price of a million prompt and a million completion tokens, e.g. 0.15,0.60; not "${value}".`);
  }
  return { promptPerMillion: numbers[0], completionPerMillion: numbers[1] };
}

/**
 * `--api-key-env NAME`: the key is read from that variable, so it never appears in the command line or history.
 * Naming it is the user's say-so that its key goes to the check's endpoint, whatever that is.
 */
function keyVariableOf(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new UsageError(`--api-key-env takes the name of an environment variable, not "${name}".`);
  if (!process.env[name]) throw new UsageError(`--api-key-env ${name}: that environment variable is not set or empty.`);
  return name;
}

/** The one line that says OPENAI_API_KEY was kept from `origin`, and how to send it there after all. */
function withheldKeyNotice(origin: string, allowedOrigin: string): string {
  const where = allowedOrigin === OPENAI_ORIGIN ? `${OPENAI_ORIGIN} or the origin of OPENAI_BASE_URL` : `${allowedOrigin} (the origin of OPENAI_BASE_URL)`;
  return `evenhand: OPENAI_API_KEY is not sent to ${origin}, only to ${where}; pass --api-key-env OPENAI_API_KEY to send it there.`;
}

function wholeNumber(flag: string, value: string, min: number): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < min || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`${flag} takes a whole number of at least ${min}, not "${value}".`);
  }
  return Number(value);
}

function readPrompt(absolute: string, shown: string, maxFileSize: number): PromptDocument {
  const decoded = decodeFile(readBytes(absolute, shown), maxFileSize);
  if ('skipped' in decoded) throw new UsageError(`${shown}: ${decoded.skipped}`);
  const doc = parsePromptFile(absolute, decoded.text);
  if (doc.problems.length > 0) {
    const problem = doc.problems[0];
    const at = doc.lines.positionAt(problem.start);
    throw new UsageError(`${shown}:${at.line + 1}:${at.character + 1}: ${problem.message}`);
  }
  return doc;
}

/** A file's bytes; a file that cannot be read is a usage error naming it and why, never a stack trace. */
function readBytes(absolute: string, shown: string): Buffer {
  try {
    return fs.readFileSync(absolute);
  } catch (error) {
    throw new UsageError(`Cannot read ${shown}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

function readText(absolute: string, shown: string): string {
  return readBytes(absolute, shown).toString('utf8');
}

function readProbes(absolute: string, shown: string): ProbeSet {
  try {
    return parseProbeText(readText(absolute, shown), shown);
  } catch (error) {
    if (error instanceof ProbeSetError) throw new UsageError(error.message);
    throw error;
  }
}

/** `--inputs FILE`: a JSON (or YAML) array of variable maps. */
function readInputs(absolute: string, shown: string): Record<string, unknown>[] {
  const text = readText(absolute, shown);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${shown} is not JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(value) || value.length === 0) throw new UsageError(`${shown} must hold a JSON array of variable maps, e.g. [{"claim": "..."}].`);
  value.forEach((entry, index) => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      throw new UsageError(`${shown}: entry [${index}] is not an object of variable values.`);
    }
  });
  return value as Record<string, unknown>[];
}

function splitPersonas(value: string): string[] {
  const sentences = value.split('|').map((s) => s.trim());
  if (sentences.some((s) => s === '')) throw new UsageError('--personas takes persona sentences separated by "|", none of them empty.');
  return sentences;
}

/** A one-line progress bar on stderr, redrawn in place; only used when stderr is a terminal. */
class ProgressBar {
  private drawn = false;

  update(progress: CheckProgress): void {
    const width = 24;
    const share = progress.samplesMax === 0 ? 0 : Math.min(1, progress.samplesDone / progress.samplesMax);
    const filled = Math.round(share * width);
    const estimate = progress.estimate
      ? ` · estimate ${progress.estimate.value.toFixed(2)} [${progress.estimate.interval[0].toFixed(2)}, ${progress.estimate.interval[1].toFixed(2)}]`
      : '';
    const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${progress.samplesDone}/${progress.samplesMax} samples · ${progress.round} round${progress.round === 1 ? '' : 's'} done${estimate}`;
    process.stderr.write(`\r\u001b[2K${line}`);
    this.drawn = true;
  }

  clear(): void {
    if (this.drawn) process.stderr.write('\r\u001b[2K');
    this.drawn = false;
  }
}
