// A content-addressed disk cache of model replies, so a re-run of an unchanged check makes no request.
import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ChatMessage } from '../core/checks/types.js';
import { lockFileOf, tryLock } from '../results/fileLock.js';
import { cancelledError } from './retry.js';
import { WaitCancelled, sleep } from './throttle.js';

/** How a structured answer was asked for: response_format json_schema, a JSON-only instruction, or free text. */
export type AnswerMode = 'json_schema' | 'json_instruction' | 'text';

/** One chat completion as the endpoint returned it, before any parsing. */
export interface CachedCompletion {
  kind: 'completion';
  /** The message content; null when the model refused through the `refusal` field. */
  content: string | null;
  refusal: string | null;
  finishReason: string | null;
  promptTokens: number;
  completionTokens: number;
}

/** One embedding vector for one text. */
export interface CachedEmbedding {
  kind: 'embedding';
  vector: number[];
}

/** What an entry holds. */
export type CacheEntry = CachedCompletion | CachedEmbedding;

/** Everything that decides a completion; the API key is never part of it. */
export interface CompletionKeyParts {
  /** Origin and path of the chat completions endpoint, e.g. `http://127.0.0.1:11434/v1/chat/completions`. */
  endpoint: string;
  model: string;
  temperature: number;
  maxTokens: number | undefined;
  mode: AnswerMode;
  /** The messages as sent (in json_instruction mode, with the instruction appended). */
  messages: ChatMessage[];
  schema: Record<string, unknown> | undefined;
  sampleIndex: number;
  /** 0 for the first draw of a sample, 1 for the draw that replaces an invalid answer. */
  attempt: number;
}

/** Everything that decides an embedding. */
export interface EmbeddingKeyParts {
  endpoint: string;
  model: string;
  text: string;
}

const FORMAT = 'evenhand-cache/1';

/** JSON with object keys sorted at every depth, so equal values always hash alike. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
    return sorted;
  });
}

/** The cache key of a completion: sha256 (hex) of its canonical parts. */
export function completionCacheKey(parts: CompletionKeyParts): string {
  return sha256(canonicalJson({ kind: 'completion', ...parts, maxTokens: parts.maxTokens ?? null }));
}

/** The cache key of one text's embedding. */
export function embeddingCacheKey(parts: EmbeddingKeyParts): string {
  return sha256(canonicalJson({ kind: 'embedding', ...parts }));
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Entries live at `DIR/ab/abcdef....json`. Writes go to a temporary file in the same folder, are flushed to disk
 * and then renamed over the entry, so a reader sees the old entry, the new one, or none - never half of one.
 * An entry that does not read back whole (truncated, corrupt, another format) is a miss, and the next put
 * replaces it.
 */
export class DiskCache {
  constructor(readonly dir: string) {}

  /** The file an entry lives in. */
  pathOf(key: string): string {
    if (!/^[0-9a-f]{64}$/.test(key)) throw new Error(`not a cache key: ${key}`);
    return path.join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  /** The entry under `key`, or undefined when there is none or it cannot be read whole. */
  async get(key: string): Promise<CacheEntry | undefined> {
    let text: string;
    try {
      text = await fs.readFile(this.pathOf(key), 'utf8');
    } catch {
      return undefined;
    }
    try {
      const stored: unknown = JSON.parse(text);
      if (!isRecord(stored) || stored.format !== FORMAT || stored.key !== key) return undefined;
      return isEntry(stored.entry) ? stored.entry : undefined;
    } catch {
      return undefined;
    }
  }

  /** Stores `entry` under `key` atomically (temporary file, fsync, rename). */
  async put(key: string, entry: CacheEntry): Promise<void> {
    const file = this.pathOf(key);
    const folder = path.dirname(file);
    await fs.mkdir(folder, { recursive: true });
    const temporary = path.join(folder, `.${key.slice(0, 16)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    const handle = await fs.open(temporary, 'wx');
    try {
      try {
        await handle.writeFile(JSON.stringify({ format: FORMAT, key, entry }), 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.rename(temporary, file);
    } catch (error) {
      await fs.rm(temporary, { force: true }).catch(() => undefined);
      throw error;
    }
    await syncFolder(folder);
  }
}

/**
 * The disk cache as the sampler uses it: lookups by kind, and a write that fails is counted through
 * `onWriteError` instead of failing the sample it would have kept.
 */
export class ReplyCache extends DiskCache {
  constructor(
    dir: string,
    private readonly onWriteError: () => void,
  ) {
    super(dir);
  }

  /** The completion cached under `key`, if any. */
  async completion(key: string): Promise<CachedCompletion | undefined> {
    const hit = await this.get(key);
    return hit?.kind === 'completion' ? hit : undefined;
  }

  /** The embedding vector cached under `key`, if any. */
  async embedding(key: string): Promise<number[] | undefined> {
    const hit = await this.get(key);
    return hit?.kind === 'embedding' ? hit.vector : undefined;
  }

  /** Stores `entry`; a failed write is counted, never thrown. */
  async keep(key: string, entry: CacheEntry): Promise<void> {
    await this.put(key, entry).catch(() => this.onWriteError());
  }

  /**
   * Before a miss is sent: the entry, if another sampler (in this process or another sharing the folder) stored it
   * meanwhile, or a lease on `key` to fetch it. While another holds the lease, waits for its entry, polling
   * `lookup`; a lease whose holder died, or untouched for `staleMs`, is taken over (results/fileLock.ts). The
   * holder keeps its lease fresh while it lives and releases it when done, with an entry or without. A folder
   * where no lease can be taken (read-only) gives a lease that guards nothing: the sample is still fetched.
   */
  async claim<E>(key: string, lookup: () => Promise<E | undefined>, scope: AbortSignal, staleMs: number): Promise<CacheClaim<E>> {
    const file = this.pathOf(key);
    try {
      await fs.mkdir(path.dirname(file), { recursive: true });
      for (let polls = 0; ; polls++) {
        const entry = await lookup();
        if (entry !== undefined) return { entry };
        const lock = tryLock(file, staleMs);
        if (lock) {
          // The last holder may have stored the entry and let go between the lookup and the lock.
          const late = await lookup();
          if (late !== undefined) {
            lock.release();
            return { entry: late };
          }
          return { release: keptFresh(lockFileOf(file), staleMs, () => lock.release()) };
        }
        await sleep(Math.min(200, 10 * 2 ** polls), scope);
      }
    } catch (error) {
      if (error instanceof WaitCancelled) throw cancelledError();
      return { release: () => undefined };
    }
  }
}

/** A cached entry another sampler fetched, or a lease to fetch it that must be released. */
export type CacheClaim<E> = { entry: E } | { entry?: undefined; release(): void };

/** Touches a held lease now and then so it never looks abandoned; the returned release stops that and lets go. */
function keptFresh(lockFile: string, staleMs: number, release: () => void): () => void {
  const timer = setInterval(() => {
    const now = new Date();
    fs.utimes(lockFile, now, now).catch(() => undefined);
  }, Math.max(10, staleMs / 3));
  timer.unref();
  return () => {
    clearInterval(timer);
    release();
  };
}

/** Flushes the rename itself to disk where the platform allows opening a folder (not on Windows). */
async function syncFolder(folder: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(folder, 'r');
    await handle.sync();
  } catch {
    // Durability of the rename is a bonus; atomicity does not depend on it.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isEntry(value: unknown): value is CacheEntry {
  if (!isRecord(value)) return false;
  if (value.kind === 'embedding') {
    return Array.isArray(value.vector) && value.vector.every((x) => typeof x === 'number' && Number.isFinite(x));
  }
  return (
    value.kind === 'completion' &&
    (typeof value.content === 'string' || value.content === null) &&
    (typeof value.refusal === 'string' || value.refusal === null) &&
    (typeof value.finishReason === 'string' || value.finishReason === null) &&
    typeof value.promptTokens === 'number' &&
    typeof value.completionTokens === 'number'
  );
}
