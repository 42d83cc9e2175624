// Finding the prompt files of a folder, the one way the CLI (`evenhand lint <folder>`) and the language server
// (Run All Checks) both do it: known prompt-file names from the format table, what git ignores left out, each
// file's configuration include/exclude honoured.
import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import { formatForPath, type ResolvedConfig } from '../core/index.js';

/** Folders never walked, whatever the ignore files say: dependencies, git's own, Evenhand's cache and results. */
const NEVER_WALKED = new Set(['node_modules', '.git', '.evenhand']);

/** Told of each folder the walk could not read (its error code, e.g. EACCES), whose prompt files are then unknown. */
export type OnUnreadableFolder = (folder: string, reason: string) => void;

/**
 * The prompt files below `folder` (absolute paths, sorted by name within each folder) that `evenhand lint
 * <folder>` lints: names known to the format table, not ignored by a .gitignore, accepted by the include and
 * exclude globs of the configuration `configFor` gives for each file. Include/exclude globs are relative to the
 * config's `baseDir`, else to `base` (the CLI's working folder; by default `folder` itself). Nothing is found
 * in a folder git ignores as a whole, unless it is a workspace folder the user `opened`. A folder that cannot be
 * read is passed over and told to `onUnreadable`.
 */
export function promptFilesIn(
  folder: string,
  configFor: (file: string) => ResolvedConfig,
  base: string = folder,
  options: { opened?: boolean; onUnreadable?: OnUnreadableFolder } = {},
): string[] {
  let rules = new GitignoreRules(ignoreTop(folder, base));
  if (rules.ignores(folder, true)) {
    // A folder opened in the editor is walked even inside a folder its repository ignores (a scratch checkout, a
    // test run's copy): then only the .gitignore files inside it apply.
    if (!options.opened) return [];
    rules = new GitignoreRules(folder);
  }
  const filters = new ConfigFilters(base);
  const found: string[] = [];
  walk(folder, rules, options.onUnreadable, (file) => {
    if (formatForPath(file) !== undefined && filters.accepts(file, configFor(file), true)) found.push(file);
  });
  return found;
}

/** Whether a .gitignore file ignores `folder` itself (looked up from its repository root, or from `base`). */
export function isGitignoredFolder(folder: string, base: string): boolean {
  return new GitignoreRules(ignoreTop(folder, base)).ignores(folder, true);
}

/**
 * The files below `baseDir` whose path relative to it `glob` matches, whatever their name: not ignored by a
 * .gitignore and not excluded by their configuration (its include does not apply: the glob already chose them).
 * A folder that cannot be read is passed over and told to `onUnreadable`.
 */
export function filesMatchingGlob(
  baseDir: string,
  glob: string,
  configFor: (file: string) => ResolvedConfig,
  base: string = baseDir,
  onUnreadable?: OnUnreadableFolder,
): string[] {
  const matches = picomatch(glob, { dot: true });
  const filters = new ConfigFilters(base);
  const found: string[] = [];
  walk(baseDir, new GitignoreRules(ignoreTop(baseDir, base)), onUnreadable, (file) => {
    if (matches(toPosix(path.relative(baseDir, file))) && filters.accepts(file, configFor(file), false)) found.push(file);
  });
  return found;
}

function walk(dir: string, rules: GitignoreRules, onUnreadable: OnUnreadableFolder | undefined, visitFile: (file: string) => void): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    // Not an error of the prompts around it: the walk goes on, and the caller decides how loudly to say so.
    onUnreadable?.(dir, (error as NodeJS.ErrnoException).code ?? (error as Error).message);
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (NEVER_WALKED.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    // Symbolic links to files are followed; links to folders are not, so a cycle cannot trap the walk.
    const isFile = entry.isFile() || (entry.isSymbolicLink() && statOrUndefined(full)?.isFile() === true);
    if (entry.isDirectory()) {
      if (!rules.ignores(full, true)) walk(full, rules, onUnreadable, visitFile);
    } else if (isFile && !rules.ignores(full, false)) {
      visitFile(full);
    }
  }
}

/** The file's stats, or undefined when it does not exist or cannot be read. */
export function statOrUndefined(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    return undefined;
  }
}

/**
 * The highest folder whose .gitignore applies to `dir`: the repository root (the nearest folder holding `.git`),
 * or outside a repository `base` when `dir` is inside it, else `dir` itself.
 */
function ignoreTop(dir: string, base: string): string {
  for (let current = dir; ; current = path.dirname(current)) {
    if (fs.existsSync(path.join(current, '.git'))) return current;
    if (path.dirname(current) === current) break;
  }
  return dir === base || isStrictlyInside(base, dir) ? base : dir;
}

function toPosix(p: string): string {
  return path.sep === '/' ? p : p.split(path.sep).join('/');
}

/** The patterns of one .gitignore file and the folder they are relative to. */
interface IgnoreFile {
  dir: string;
  matcher: Ignore;
}

/**
 * Decides what git would ignore below `top` (the repository root, or the walked folder outside a repository):
 * each .gitignore applies to its folder and below, a deeper file can re-include what a shallower one excluded,
 * and nothing inside an ignored folder comes back.
 */
class GitignoreRules {
  private readonly filesByDir = new Map<string, IgnoreFile[]>();
  private readonly ignoredDirs = new Map<string, boolean>();

  constructor(private readonly top: string) {}

  ignores(target: string, isDir: boolean): boolean {
    const parent = path.dirname(target);
    if (this.isIgnoredDir(parent)) return true;
    let ignored = false;
    for (const file of this.ignoreFilesFor(parent)) {
      const relative = toPosix(path.relative(file.dir, target)) + (isDir ? '/' : '');
      const verdict = file.matcher.test(relative);
      if (verdict.ignored) ignored = true;
      else if (verdict.unignored) ignored = false;
    }
    return ignored;
  }

  private isIgnoredDir(dir: string): boolean {
    if (!isStrictlyInside(this.top, dir)) return false;
    let ignored = this.ignoredDirs.get(dir);
    if (ignored === undefined) {
      ignored = this.ignores(dir, true);
      this.ignoredDirs.set(dir, ignored);
    }
    return ignored;
  }

  /** The .gitignore files that apply inside `dir`, shallowest first. */
  private ignoreFilesFor(dir: string): IgnoreFile[] {
    let files = this.filesByDir.get(dir);
    if (files) return files;
    if (dir !== this.top && !isStrictlyInside(this.top, dir)) return []; // git reads nothing above the top
    const inherited = isStrictlyInside(this.top, dir) ? this.ignoreFilesFor(path.dirname(dir)) : [];
    const own = readIgnoreFile(dir);
    files = own ? [...inherited, own] : inherited;
    this.filesByDir.set(dir, files);
    return files;
  }
}

function isStrictlyInside(top: string, dir: string): boolean {
  return dir.length > top.length && dir.startsWith(top) && (top.endsWith(path.sep) || dir[top.length] === path.sep);
}

function readIgnoreFile(dir: string): IgnoreFile | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, '.gitignore'), 'utf8');
  } catch {
    return undefined;
  }
  return { dir, matcher: ignore().add(text) };
}

/** The include/exclude globs of each configuration, compiled once and matched relative to the config's folder. */
class ConfigFilters {
  private readonly compiled = new WeakMap<ResolvedConfig, { include?: picomatch.Matcher; exclude?: picomatch.Matcher }>();

  constructor(private readonly base: string) {}

  /** `useInclude` is false for glob matches: the pattern on the command line already chose them. */
  accepts(file: string, config: ResolvedConfig, useInclude: boolean): boolean {
    if (config.include.length === 0 && config.exclude.length === 0) return true;
    let matchers = this.compiled.get(config);
    if (!matchers) {
      const options = { dot: true };
      matchers = {
        include: config.include.length > 0 ? picomatch(config.include, options) : undefined,
        exclude: config.exclude.length > 0 ? picomatch(config.exclude, options) : undefined,
      };
      this.compiled.set(config, matchers);
    }
    const relative = toPosix(path.relative(config.baseDir ?? this.base, file));
    if (useInclude && matchers.include && !matchers.include(relative)) return false;
    return !matchers.exclude?.(relative);
  }
}
