// The CLI's results cache: a re-run over files that have not changed reads their findings instead of linting them.
// It lives beside the model reply cache (`.evenhand/cache` in the workspace, else the user's cache folder), as one
// file per engine build holding an entry per linted file: the hashes of the bytes and the configuration it was
// linted with, and its findings. One file, not one per prompt, so a warm run over ten thousand prompts reads one file.
// Runs merge their new entries into it under its lock and replace it whole, so concurrent runs lose nothing and a
// reader never sees half a file. A cache that cannot be read or parsed is ignored (and rebuilt): it never fails a lint.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Finding, LintResult, ResolvedConfig } from '../core/index.js';
import { replaceFile, withFileLock } from '../results/fileLock.js';
import { cacheFolder, keepOutOfGit } from '../results/paths.js';
import { packageInfo } from './packageInfo.js';

/**
 * What a result was computed from, besides the engine: hashes of the file's bytes and of its resolved configuration;
 * and the file's stamp when it was read, if it had been left alone long enough for the stamp to stand for its bytes.
 */
export interface LintCacheKey {
  content: string;
  config: string;
  stamp?: FileStamp;
}

/**
 * Size, modification and change times (ms) and inode: a file whose stamp is unchanged is taken to have the bytes it
 * had, so a warm run need not read it (git's index does the same). The change time cannot be set back by tools
 * that restore modification times, and a stamp is only kept for a file untouched for RACY_MS before it was read,
 * so a write in the same clock tick as the read (or within a coarse file system's 2 s) is never missed.
 */
type FileStamp = [size: number, mtimeMs: number, ctimeMs: number, ino: number];

const RACY_MS = 3000;

/** One file's cached result, as stored: its key, and its findings or why it was skipped (too large, binary). */
interface CacheEntry extends LintCacheKey {
  findings: Finding[];
  skipped?: string;
  /** A code or data file that was not read for prompts (LintResult.unread). */
  unread?: true;
}

/**
 * The cache file's contents; `format` changes when this layout does. A finding is stored as where it is (its span,
 * range and related locations) and the index of the rest (rule, severity, message, fixes) in `shared`: those repeat
 * across files, and storing them once makes the file a fraction of the size, and as much faster to read.
 */
interface CacheFileContents {
  format: typeof FORMAT;
  engine: string;
  shared: SharedPart[];
  entries: Record<string, StoredEntry>;
}

type SharedPart = Omit<Finding, WherePart>;
type WherePart = 'span' | 'range' | 'related';
type StoredFinding = [shared: number, where: Pick<Finding, WherePart>];
type StoredEntry = Omit<CacheEntry, 'findings'> & { findings: StoredFinding[] };

const FORMAT = 2;
/** Cache files of other engine builds untouched this long are removed when a run writes its own. */
const OTHER_ENGINES_KEPT_MS = 24 * 60 * 60 * 1000;
/** A run waits this long for another run's write; after that it leaves its results unsaved rather than wait. */
const LOCK_TIMEOUT_MS = 10_000;

/** A hash of a file's bytes. */
export function contentHash(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('base64');
}

/** Reads a file and, when it has been left alone for a while, its stamp as it was before the read. */
export function readWithStamp(file: string): { bytes: Buffer; stamp?: FileStamp } {
  const fd = fs.openSync(file, 'r');
  try {
    const stamp = stableStamp(fs.fstatSync(fd));
    return { bytes: fs.readFileSync(fd), stamp };
  } finally {
    fs.closeSync(fd);
  }
}

function stableStamp(stat: fs.Stats): FileStamp | undefined {
  if (Date.now() - Math.max(stat.mtimeMs, stat.ctimeMs) < RACY_MS) return undefined;
  return [stat.size, stat.mtimeMs, stat.ctimeMs, stat.ino];
}

function sameStamp(a: FileStamp | undefined, b: FileStamp | undefined): boolean {
  return a !== undefined && b !== undefined && a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3];
}

const configHashes = new WeakMap<ResolvedConfig, string>();

/** A hash of a resolved configuration (rules, lexicon, globs, size limit, base folder); computed once per config. */
export function configHash(config: ResolvedConfig): string {
  let hash = configHashes.get(config);
  if (hash === undefined) {
    hash = createHash('sha1').update(JSON.stringify(config)).digest('base64');
    configHashes.set(config, hash);
  }
  return hash;
}

/**
 * The engine build: the package version and a hash of the running script (the CLI bundle, which holds the rules,
 * lexicons and grammar), so a rebuilt or upgraded Evenhand never reads findings an older one made.
 */
function engineOf(engineFile: string): string {
  return `${packageInfo().version}+${createHash('sha1').update(fs.readFileSync(engineFile)).digest('hex')}`;
}

/** The cache files of one run, by folder: read when first needed, written back (merged) by save(). */
export class LintCache {
  private readonly engine: string;
  private readonly fileName: string;
  private readonly folderByDirectory = new Map<string, string>();
  private readonly readByFolder = new Map<string, Record<string, CacheEntry>>();
  private readonly newByFolder = new Map<string, Record<string, CacheEntry>>();

  private constructor(engine: string) {
    this.engine = engine;
    this.fileName = `lint-${createHash('sha1').update(engine).digest('hex').slice(0, 16)}.json`;
  }

  /** The cache for the engine in `engineFile` (the CLI bundle); undefined, so no caching, when it cannot be read. */
  static open(engineFile: string): LintCache | undefined {
    try {
      return new LintCache(engineOf(engineFile));
    } catch {
      return undefined;
    }
  }

  /**
   * The cached result of `file` when its bytes and `config` are those it was linted with; undefined otherwise, or
   * when the file cannot be read (linting it then reports why).
   */
  lookup(file: string, config: ResolvedConfig): LintResult | undefined {
    const entry = this.entriesIn(this.folderOf(file))[file];
    if (entry === undefined || entry.config !== configHash(config)) return undefined;
    let stamp: FileStamp | undefined;
    try {
      stamp = stableStamp(fs.statSync(file));
      if (!sameStamp(stamp, entry.stamp)) {
        const read = readWithStamp(file);
        if (entry.content !== contentHash(read.bytes)) return undefined;
        // Same bytes under a new stamp (a checkout, a touch): keep the new stamp, so the next run need not read it.
        if (read.stamp) this.remember(file, { ...entry, stamp: read.stamp });
      }
    } catch {
      return undefined;
    }
    if (entry.unread) return { path: file, findings: [], unread: true };
    return entry.skipped !== undefined ? { path: file, findings: [], skipped: entry.skipped } : { path: file, findings: entry.findings };
  }

  /** Keeps a freshly linted result, to be written by save(). */
  rememberResult(result: LintResult, key: LintCacheKey): void {
    this.remember(result.path, {
      ...key,
      findings: result.findings,
      ...(result.skipped !== undefined ? { skipped: result.skipped } : {}),
      ...(result.unread ? { unread: true as const } : {}),
    });
  }

  private remember(file: string, entry: CacheEntry): void {
    const folder = this.folderOf(file);
    let added = this.newByFolder.get(folder);
    if (!added) this.newByFolder.set(folder, (added = {}));
    added[file] = entry;
  }

  /**
   * Merges the remembered results into each folder's cache file, under its lock: what other runs wrote meanwhile is
   * kept, and this run's entries replace theirs for the same files. A cache that cannot be written (a read-only
   * folder, a lock held too long) is left as it was, silently: the output stays what a run without the cache prints.
   */
  async save(): Promise<void> {
    for (const [folder, added] of this.newByFolder) {
      const file = path.join(folder, this.fileName);
      try {
        keepOutOfGit(folder);
        await withFileLock(
          file,
          () => {
            replaceFile(file, JSON.stringify(encode(this.engine, { ...readCacheFile(file, this.engine), ...added })));
          },
          { timeoutMs: LOCK_TIMEOUT_MS },
        );
        removeOtherEngines(folder, this.fileName);
      } catch {
        // The next run lints these files again and tries once more.
      }
    }
    this.newByFolder.clear();
  }

  /** The cache folder of a file, found once per folder of prompts (finding the workspace walks up the tree). */
  private folderOf(file: string): string {
    const directory = path.dirname(file);
    let folder = this.folderByDirectory.get(directory);
    if (folder === undefined) this.folderByDirectory.set(directory, (folder = cacheFolder(file)));
    return folder;
  }

  private entriesIn(folder: string): Record<string, CacheEntry> {
    let entries = this.readByFolder.get(folder);
    if (!entries) this.readByFolder.set(folder, (entries = readCacheFile(path.join(folder, this.fileName), this.engine)));
    return entries;
  }
}

/** The entries of a cache file; none when it is missing, unreadable, not JSON, of another layout or engine. */
function readCacheFile(file: string, engine: string): Record<string, CacheEntry> {
  const entries: Record<string, CacheEntry> = Object.create(null);
  let contents: Partial<CacheFileContents>;
  try {
    contents = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return entries;
  }
  if (contents?.format !== FORMAT || contents.engine !== engine || !Array.isArray(contents.shared)) return entries;
  if (typeof contents.entries !== 'object' || contents.entries === null) return entries;
  const shared = contents.shared;
  for (const [key, entry] of Object.entries(contents.entries)) {
    if (!isStoredEntry(entry, shared.length)) continue;
    // Most files have no findings: their stored entry is used as it is, and only findings are put back together.
    if (entry.findings.length === 0) entries[key] = entry as unknown as CacheEntry;
    else entries[key] = { ...entry, findings: entry.findings.map(([index, where]) => ({ ...shared[index], ...where }) as Finding) };
  }
  return entries;
}

function isStoredEntry(value: unknown, sharedCount: number): value is StoredEntry {
  const entry = value as Partial<StoredEntry> | null;
  return (
    typeof entry === 'object' &&
    entry !== null &&
    typeof entry.content === 'string' &&
    typeof entry.config === 'string' &&
    Array.isArray(entry.findings) &&
    entry.findings.every(
      (f) => Array.isArray(f) && Number.isInteger(f[0]) && f[0] >= 0 && f[0] < sharedCount && typeof f[1] === 'object' && f[1] !== null,
    ) &&
    (entry.stamp === undefined || (Array.isArray(entry.stamp) && entry.stamp.length === 4)) &&
    (entry.skipped === undefined || typeof entry.skipped === 'string') &&
    (entry.unread === undefined || entry.unread === true)
  );
}

/** The file's contents for these entries: each finding split into where it is and a shared part stored once. */
function encode(engine: string, entries: Record<string, CacheEntry>): CacheFileContents {
  const shared: SharedPart[] = [];
  const indexOf = new Map<string, number>();
  const stored: Record<string, StoredEntry> = {};
  for (const [file, entry] of Object.entries(entries)) {
    const findings = entry.findings.map(({ span, range, related, ...rest }): StoredFinding => {
      const key = JSON.stringify(rest);
      let index = indexOf.get(key);
      if (index === undefined) indexOf.set(key, (index = shared.push(rest) - 1));
      return [index, { span, range, related }];
    });
    stored[file] = { ...entry, findings };
  }
  return { format: FORMAT, engine, shared, entries: stored };
}

/** Removes the cache files other engine builds (an older version, an earlier build) have not used for a day. */
function removeOtherEngines(folder: string, keep: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(folder);
  } catch {
    return;
  }
  for (const name of names) {
    if (name === keep || !/^lint-[0-9a-f]{16}\.json$/.test(name)) continue;
    const file = path.join(folder, name);
    try {
      if (Date.now() - fs.statSync(file).mtimeMs > OTHER_ENGINES_KEPT_MS) fs.rmSync(file, { force: true });
    } catch {
      // Another run removed it first, or it cannot be removed: either way nothing to do.
    }
  }
}
