// Finished checks kept per workspace in `.evenhand/results/results.json`, keyed by file, check, persona text and
// model, so code lenses, diagnostics and reports survive a reload, and the CLI and the editor share them. Several
// processes write it at once (parallel `evenhand check` runs, editor windows): a change reads, changes and renames
// the file into place under a lock file (fileLock.ts), so no update is lost and readers only ever see a whole file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { replaceFile, tryLock, withFileLock, type HeldLock } from './fileLock.js';
import { keepOutOfGit, resultsFolder, workspaceOf } from './paths.js';
import { CHECK_NAMES, type CheckName, type CheckRecord } from '../core/checks/record.js';

/**
 * Results kept per file and check: one per persona text and model (a re-run replaces it), so this bounds how
 * many different personas (current and older texts) a file keeps results for; the oldest go first.
 */
const HISTORY_PER_FILE_AND_CHECK = 20;
const FILE_NAME = 'results.json';

// Only the fields lookups rely on are checked; the rest of a record is shown as data, escaped.
const recordShape = z
  .object({
    version: z.literal(1),
    check: z.enum(CHECK_NAMES as [CheckName, ...CheckName[]]),
    file: z.string(),
    persona: z.object({ text: z.string(), line: z.number() }),
    endpoint: z.object({ host: z.string(), model: z.string() }),
    verdict: z.string(),
    // What lenses, diagnostics and the report read from every result (numbers may be null: NaN in JSON).
    result: z
      .object({
        check: z.enum(CHECK_NAMES as [CheckName, ...CheckName[]]),
        effect: z.object({ value: z.number().nullable(), interval: z.tuple([z.number().nullable(), z.number().nullable()]) }),
        requests: z.number(),
        cached: z.number(),
        persona: z.object({ text: z.string() }).passthrough(),
      })
      .passthrough(),
    rawSamples: z.array(z.object({ condition: z.string(), item: z.string(), text: z.string() }).passthrough()),
    rawSampleCount: z.number(),
    finishedAt: z.string(),
  })
  .passthrough();
const storeShape = z.object({ version: z.literal(1), records: z.array(z.unknown()) });

/** Persona texts compare with their whitespace collapsed: re-wrapping a line is not a change. */
export function samePersonaText(a: string, b: string): boolean {
  return normalise(a) === normalise(b);
}

function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The latest result for a persona, and whether it was measured on an older version of the persona's text. */
export interface LatestResult {
  record: CheckRecord;
  stale: boolean;
}

export class ResultStore {
  private records: CheckRecord[] | undefined;
  private loadedMtime = -1;
  /** A problem met reading the file (it was set aside and the store started empty), for the log. */
  problem: string | undefined;

  /** `folder` holds results.json; `workspace` is what record files are relative to (undefined: absolute paths). */
  constructor(
    readonly folder: string,
    readonly workspace: string | undefined,
  ) {}

  /** The store a prompt file's results go to: its workspace's, else the user's. */
  static forPrompt(promptFile: string): ResultStore {
    return new ResultStore(resultsFolder(promptFile), workspaceOf(promptFile));
  }

  get file(): string {
    return path.join(this.folder, FILE_NAME);
  }

  /** How records name a prompt file: relative to the workspace with forward slashes, else absolute. */
  keyOf(promptFile: string): string {
    if (!this.workspace) return promptFile;
    const relative = path.relative(this.workspace, promptFile);
    return relative.startsWith('..') || path.isAbsolute(relative) ? promptFile : relative.split(path.sep).join('/');
  }

  /** Drops what was read, so the next lookup reads the file again. */
  reload(): void {
    this.records = undefined;
    this.loadedMtime = -1;
  }

  /** Every record, newest first. */
  all(): CheckRecord[] {
    return [...this.load()].sort((a, b) => b.finishedAt.localeCompare(a.finishedAt));
  }

  /** A prompt file's records, newest first. */
  forFile(promptFile: string): CheckRecord[] {
    const key = this.keyOf(promptFile);
    return this.all().filter((r) => r.file === key);
  }

  /**
   * The newest result of `check` for the persona with `personaText` on 1-based `line` of the file: one for this
   * exact text (any model, the given model first), else the newest for the same line, marked stale.
   */
  latest(promptFile: string, check: CheckName, personaText: string, line: number, model?: string, targets?: string[]): LatestResult | undefined {
    const records = this.forFile(promptFile).filter((r) => r.check === check);
    // A debias result also depends on the sentences it measured: other sentences make it stale.
    const sameTargets = (r: CheckRecord): boolean =>
      targets === undefined ||
      (r.target !== undefined && r.target.length === targets.length && r.target.every((t, i) => samePersonaText(t.text, targets[i])));
    const exact = records.filter((r) => samePersonaText(r.persona.text, personaText) && sameTargets(r));
    const preferred = exact.find((r) => r.endpoint.model === model) ?? exact[0];
    if (preferred) return { record: preferred, stale: false };
    const onLine = records.find((r) => r.persona.line === line || (targets !== undefined && samePersonaText(r.persona.text, personaText)));
    return onLine ? { record: onLine, stale: true } : undefined;
  }

  /**
   * Adds a record, replacing the one with the same file, check, persona text and model. Safe against other
   * processes writing at the same time: it waits for their change and makes its own on top.
   */
  async put(record: CheckRecord): Promise<void> {
    await this.change((records) => {
      const others = records.filter(
        (r) =>
          !(
            r.file === record.file &&
            r.check === record.check &&
            r.endpoint.model === record.endpoint.model &&
            r.endpoint.host === record.endpoint.host &&
            samePersonaText(r.persona.text, record.persona.text)
          ),
      );
      return prune([...others, record]);
    });
  }

  /** Removes every record of a file (undefined: every record). */
  async clear(promptFile?: string): Promise<void> {
    const key = promptFile === undefined ? undefined : this.keyOf(promptFile);
    await this.change((records) => (key === undefined ? [] : records.filter((r) => r.file !== key)));
  }

  /** Reads the records as they are now, changes them and writes them, holding the store's lock throughout. */
  private async change(update: (records: CheckRecord[]) => CheckRecord[]): Promise<void> {
    keepOutOfGit(this.folder, 'Evenhand check results');
    await withFileLock(this.file, () => this.write(update(this.load(true, true))));
  }

  /** `locked`: the caller holds the store's lock (a change), so an unreadable file can be set aside at once. */
  private load(fresh = false, locked = false): CheckRecord[] {
    let mtime: number;
    try {
      mtime = fs.statSync(this.file).mtimeMs;
    } catch {
      this.records = [];
      this.loadedMtime = -1;
      return this.records;
    }
    if (!fresh && this.records && mtime === this.loadedMtime) return this.records;
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (error) {
      this.problem = `Cannot read ${this.file}: ${(error as Error).message}`;
      return (this.records = []);
    }
    this.loadedMtime = mtime;
    const parsed = safeJson(text);
    const store = storeShape.safeParse(parsed);
    if (!store.success) {
      this.setAside(`${this.file} is not a results file`, text, locked);
      return (this.records = []);
    }
    // A record that does not fit is skipped, not fatal: the others still show.
    this.records = store.data.records.flatMap((r) => (recordShape.safeParse(r).success ? [r as CheckRecord] : []));
    return this.records;
  }

  /**
   * Keeps an unreadable file (whose content was `text`) beside the new one instead of overwriting it: nothing is
   * lost. A reader that is not changing the store sets it aside only if the lock is free and the file is still
   * the one it read, so it never moves a good file another process has just written.
   */
  private setAside(why: string, text: string, locked: boolean): void {
    const aside = `${this.file}.unreadable-${Date.now()}`;
    let lock: HeldLock | undefined;
    try {
      lock = locked ? undefined : tryLock(this.file);
      if (!locked && !lock) {
        this.problem = `${why}; the next check to finish will set it aside.`;
        return;
      }
      if (!locked && fs.readFileSync(this.file, 'utf8') !== text) return;
      fs.renameSync(this.file, aside);
      this.problem = `${why}; it was kept as ${path.basename(aside)} and a new one started.`;
    } catch (error) {
      this.problem = `${why}, and it could not be set aside: ${(error as Error).message}`;
    } finally {
      lock?.release();
    }
  }

  private write(records: CheckRecord[]): void {
    replaceFile(this.file, JSON.stringify({ version: 1, records }, null, 1) + '\n');
    this.records = records;
    this.loadedMtime = fs.statSync(this.file).mtimeMs;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Keeps the newest HISTORY_PER_FILE_AND_CHECK records per file and check. */
function prune(records: CheckRecord[]): CheckRecord[] {
  const sorted = [...records].sort((a, b) => b.finishedAt.localeCompare(a.finishedAt));
  const seen = new Map<string, number>();
  return sorted.filter((r) => {
    const key = `${r.file}\u0000${r.check}`;
    const count = (seen.get(key) ?? 0) + 1;
    seen.set(key, count);
    return count <= HISTORY_PER_FILE_AND_CHECK;
  });
}
