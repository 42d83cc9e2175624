// A lock file beside a file that several processes change (results.json, usage.json), so the CLI and every editor
// window on the machine read, change and write it one at a time. The lock is `FILE.lock`, linked into place whole
// (so never empty; created with O_EXCL where the file system has no hard links) and holding its holder's pid, host
// and a token. A holder that died (kill -9 in the middle of a write) is seen at once on this machine, and a lock
// older than STALE_MS is broken anyway (a holder on another machine, a reused pid).
// Critical sections are a read and an atomic rename (replaceFile): milliseconds, so waiting polls.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';

/** A lock older than this is taken to be abandoned, whoever holds it. */
const STALE_MS = 30_000;
/** How long a writer waits for the lock before it gives up with an error. */
const TIMEOUT_MS = 60_000;

/** Who holds a lock, as written in the lock file. */
interface Holder {
  pid: number;
  host: string;
  token: string;
}

/** A lock taken; release() removes the lock file if it is still this holder's. */
export interface HeldLock {
  release(): void;
}

export interface LockOptions {
  /** Give up waiting after this many milliseconds (default 60 s). */
  timeoutMs?: number;
  /** Break a lock older than this whose holder cannot be seen to be gone (default 30 s). */
  staleMs?: number;
}

/**
 * Replaces `file` with `text` through a temporary file renamed into place, so a reader sees the old file or the
 * new one, never a part. The temporary goes if the write fails.
 */
export function replaceFile(file: string, text: string): void {
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    fs.writeFileSync(temporary, text);
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}

/** The lock file that guards `file`. */
export function lockFileOf(file: string): string {
  return `${file}.lock`;
}

/**
 * Takes the lock on `file` if it is free or abandoned, without waiting; undefined when another process holds it.
 * The folder of `file` must exist.
 */
export function tryLock(file: string, staleMs = STALE_MS): HeldLock | undefined {
  const lockFile = lockFileOf(file);
  // A lock a live holder keeps is seen without writing anything: waiters poll here.
  if (fs.existsSync(lockFile) && !breakIfAbandoned(lockFile, staleMs)) return undefined;
  const holder: Holder = { pid: process.pid, host: os.hostname(), token: randomBytes(8).toString('hex') };
  // The holder is written to a file of this process first and then linked to the lock's name: link is atomic and
  // fails if the name exists, so a lock file always names its holder, even when its holder is killed mid-way.
  const written = `${lockFile}.${process.pid}.${holder.token}.tmp`;
  fs.writeFileSync(written, JSON.stringify(holder));
  try {
    createLock(written, lockFile, holder);
    return { release: () => releaseLock(lockFile, holder.token) };
  } catch (error) {
    // Another process took the lock between the look and the link: the caller waits and tries again.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw error;
  } finally {
    fs.rmSync(written, { force: true });
  }
}

/** Links `written` to the lock's name; on a file system without hard links, creates it exclusively and writes it. */
function createLock(written: string, lockFile: string, holder: Holder): void {
  try {
    fs.linkSync(written, lockFile);
    return;
  } catch (error) {
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
  }
  const fd = fs.openSync(lockFile, 'wx');
  try {
    fs.writeSync(fd, JSON.stringify(holder));
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Runs `change` holding the lock on `file`, waiting while another process holds it. `change` is synchronous, so
 * within this process nothing else runs while it holds the lock. Throws when the lock stays taken past the timeout.
 */
export async function withFileLock<T>(file: string, change: () => T, options: LockOptions = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? TIMEOUT_MS;
  const started = Date.now();
  for (let waits = 0; ; waits++) {
    const lock = tryLock(file, options.staleMs ?? STALE_MS);
    if (lock) {
      try {
        return change();
      } finally {
        lock.release();
      }
    }
    if (Date.now() - started > timeoutMs) {
      const holder = readHolder(lockFileOf(file));
      throw new Error(`${file} stayed locked${holder ? ` by process ${holder.pid} on ${holder.host}` : ''} for ${Math.round(timeoutMs / 1000)} s (remove ${lockFileOf(file)} if no Evenhand is running)`);
    }
    // Short, jittered waits: a holder keeps the lock for milliseconds, and jitter keeps waiters from colliding.
    await new Promise((resolve) => setTimeout(resolve, Math.min(50, 2 + waits) * (0.5 + Math.random())));
  }
}

/**
 * Removes a lock whose holder is gone (its pid is dead on this machine) or that is older than `staleMs`; true when
 * the lock is gone (broken here, or by its holder meanwhile).
 */
function breakIfAbandoned(lockFile: string, staleMs: number): boolean {
  let text: string;
  let age: number;
  try {
    age = Date.now() - fs.statSync(lockFile).mtimeMs;
    text = fs.readFileSync(lockFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw error;
  }
  const holder = parseHolder(text);
  const dead = holder !== undefined && holder.host === os.hostname() && holder.pid !== process.pid && !alive(holder.pid);
  if (!dead && !(age > staleMs)) return false;
  // Rename, then look at what was renamed: of several processes breaking the same lock, one wins the rename.
  const aside = `${lockFile}.abandoned-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    fs.renameSync(lockFile, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw error;
  }
  try {
    // Between the read and the rename, another process may have broken the lock and taken a fresh one: give that
    // back (link fails, rightly, if yet another process has taken the lock since).
    if (fs.readFileSync(aside, 'utf8') !== text) fs.linkSync(aside, lockFile);
  } catch {
    // Nothing more can be done safely; the fresh holder's write is still atomic.
  } finally {
    fs.rmSync(aside, { force: true });
  }
  return true;
}

function releaseLock(lockFile: string, token: string): void {
  // A lock broken as abandoned (this process stalled past staleMs) now belongs to someone else: leave it.
  if (readHolder(lockFile)?.token !== token) return;
  fs.rmSync(lockFile, { force: true });
}

function readHolder(lockFile: string): Holder | undefined {
  try {
    return parseHolder(fs.readFileSync(lockFile, 'utf8'));
  } catch {
    return undefined;
  }
}

function parseHolder(text: string): Holder | undefined {
  try {
    const value = JSON.parse(text) as Partial<Holder>;
    return typeof value.pid === 'number' && typeof value.host === 'string' && typeof value.token === 'string' ? (value as Holder) : undefined;
  } catch {
    // Not a holder this version writes (an empty or foreign file): it ages out.
    return undefined;
  }
}

/** Whether a process with this pid exists on this machine (EPERM: it exists, under another user). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
