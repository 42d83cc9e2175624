// Clear Sample Cache: removes cached model replies, and nothing else (kept results and the day's request count stay).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { userFolder } from '../results/paths.js';

/**
 * Empties the given reply-cache folders (only folders named `cache`, keeping their .gitignore) and the user
 * folder's own cache; returns how many replies went.
 */
export function clearReplyCaches(folders: Iterable<string>): number {
  let removed = 0;
  // Prompts outside any workspace cache here, whether or not a check ran since the server started.
  const all = new Set([...folders, path.join(userFolder(), 'cache')]);
  for (const folder of all) {
    if (path.basename(folder) !== 'cache') continue;
    removed += countFiles(folder, (name) => name !== '.gitignore');
    for (const entry of entriesOf(folder)) {
      if (entry.name !== '.gitignore') fs.rmSync(path.join(folder, entry.name), { recursive: true, force: true });
    }
  }
  // Earlier versions cached replies for prompts outside any workspace straight in the user folder, in the cache's
  // two-hex-digit shard folders: those go too (results and the day's count beside them stay).
  const legacy = userFolder();
  for (const shard of entriesOf(legacy).filter((e) => e.isDirectory() && /^[0-9a-f]{2}$/.test(e.name))) {
    removed += countFiles(path.join(legacy, shard.name), (name) => name.endsWith('.json'));
    fs.rmSync(path.join(legacy, shard.name), { recursive: true, force: true });
  }
  return removed;
}

function entriesOf(folder: string): fs.Dirent[] {
  try {
    return fs.readdirSync(folder, { withFileTypes: true });
  } catch {
    return [];
  }
}

/** Files under a folder whose names pass `keep`. */
function countFiles(folder: string, keep: (name: string) => boolean): number {
  let count = 0;
  for (const entry of entriesOf(folder)) {
    if (entry.isDirectory()) count += countFiles(path.join(folder, entry.name), keep);
    else if (keep(entry.name)) count++;
  }
  return count;
}
