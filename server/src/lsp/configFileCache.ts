import * as fs from 'node:fs';
import { loadConfigFile } from '../workspace/configFiles.js';

/** What reading one `.evenhand.json` gave. */
export type LoadedConfigFile = ReturnType<typeof loadConfigFile>;

/**
 * Each `.evenhand.json` read and parsed once per change instead of once per keystroke. An entry is dropped when
 * the client's file watcher or a save or edit of the config document says the file changed, and is read again
 * when its modification time or size differs from the read it came from (for clients without watchers).
 */
export class ConfigFileCache {
  private readonly entries = new Map<string, { stamp: string; loaded: LoadedConfigFile }>();

  constructor(private readonly read: (file: string) => LoadedConfigFile = loadConfigFile) {}

  /** The parsed configuration file at `file`. */
  readonly load = (file: string): LoadedConfigFile => {
    const stamp = stampOf(file);
    const entry = this.entries.get(file);
    if (entry && stamp !== undefined && entry.stamp === stamp) return entry.loaded;
    const loaded = this.read(file);
    if (stamp !== undefined) this.entries.set(file, { stamp, loaded });
    else this.entries.delete(file);
    return loaded;
  };

  /** Drops what was read from `file` (every file when none is named). */
  forget(file?: string): void {
    if (file === undefined) this.entries.clear();
    else this.entries.delete(file);
  }
}

/** The modification time and size of a file, or undefined when it cannot be looked at. */
function stampOf(file: string): string | undefined {
  try {
    const stat = fs.statSync(file, { bigint: true });
    return `${stat.mtimeNs}:${stat.size}:${stat.ino}`;
  } catch {
    return undefined;
  }
}
