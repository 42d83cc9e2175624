// Where Evenhand keeps its files for a prompt file: in the prompt's workspace (the nearest folder above it with a
// .git or an .evenhand.json), in `.evenhand/`, which ignores itself in git; outside any workspace, in the user's
// cache folder. The CLI and the language server use the same places, so each sees what the other stored.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The workspace folder of a file: the nearest folder above it holding .git or .evenhand.json; undefined outside one. */
export function workspaceOf(file: string): string | undefined {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, '.git')) || fs.existsSync(path.join(dir, '.evenhand.json'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** $XDG_CACHE_HOME/evenhand, else ~/.cache/evenhand. */
export function userFolder(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'evenhand');
}

/** Where model replies are cached: `.evenhand/cache` in the file's workspace, else `cache` in the user's folder. */
export function cacheFolder(file: string): string {
  const workspace = workspaceOf(file);
  return workspace ? path.join(workspace, '.evenhand', 'cache') : path.join(userFolder(), 'cache');
}

/** Where finished checks are kept: `.evenhand/results` in the file's workspace, else `results` in the user's folder. */
export function resultsFolder(file: string): string {
  const workspace = workspaceOf(file);
  return workspace ? path.join(workspace, '.evenhand', 'results') : path.join(userFolder(), 'results');
}

/** A folder that ignores itself in git, so replies and results are never committed by accident. */
export function keepOutOfGit(folder: string, what = 'Evenhand model reply cache'): void {
  try {
    fs.mkdirSync(folder, { recursive: true });
    const ignore = path.join(folder, '.gitignore');
    if (!fs.existsSync(ignore)) fs.writeFileSync(ignore, `# ${what}\n*\n`);
  } catch {
    // Writers report their own errors; a missing .gitignore is not worth failing for.
  }
}
