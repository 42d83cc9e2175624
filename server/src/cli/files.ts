import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import { formatForPath, type ResolvedConfig } from '../core/index.js';
import type { ConfigCache } from './configs.js';

/** A command-line mistake: printed on stderr, exit code 2. */
export class UsageError extends Error {}

/** Folders never walked, whatever the ignore files say. */
const NEVER_WALKED = new Set(['node_modules', '.git']);

/** The files to lint (absolute paths, each once, in target order) and notes worth telling the user. */
export interface FileSelection {
  files: string[];
  notes: string[];
}

/**
 * Turns the command-line targets into the files to lint.
 * - a file is linted whatever its name;
 * - a folder is walked for known prompt-file names, honouring .gitignore files and the config's include/exclude;
 * - anything else that looks like a glob is expanded, honouring .gitignore files and the config's exclude.
 */
export function collectFiles(targets: string[], cwd: string, configs: ConfigCache): FileSelection {
  const files = new Set<string>();
  const notes: string[] = [];
  const filters = new ConfigFilters(cwd);
  for (const target of targets) {
    const absolute = path.resolve(cwd, target);
    const stat = statOrUndefined(absolute);
    if (stat?.isFile()) {
      files.add(absolute);
    } else if (stat?.isDirectory()) {
      const rules = new GitignoreRules(ignoreTop(absolute, cwd));
      if (rules.ignores(absolute, true)) {
        notes.push(`${target} is ignored by a .gitignore file; name its files to lint them anyway.`);
        continue;
      }
      walk(absolute, rules, (file) => {
        if (formatForPath(file) !== undefined && filters.accepts(file, configs.forFile(file), true)) files.add(file);
      });
    } else if (picomatch.scan(target).isGlob) {
      // Globs are matched while walking from their literal base folder, so .gitignore prunes the same way.
      const { base, glob } = picomatch.scan(target);
      const baseDir = path.resolve(cwd, base);
      const matches = picomatch(glob, { dot: true });
      let matched = 0;
      walk(baseDir, new GitignoreRules(ignoreTop(baseDir, cwd)), (file) => {
        if (matches(toPosix(path.relative(baseDir, file))) && filters.accepts(file, configs.forFile(file), false)) {
          files.add(file);
          matched++;
        }
      });
      if (matched === 0) throw new UsageError(`No files match the pattern "${target}" (outside .gitignore).`);
    } else {
      throw new UsageError(`No such file or directory: ${target}`);
    }
  }
  return { files: [...files], notes };
}

function walk(dir: string, rules: GitignoreRules, visitFile: (file: string) => void): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return; // An unreadable folder is not an error of the prompts in it.
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (NEVER_WALKED.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    // Symbolic links to files are followed; links to folders are not, so a cycle cannot trap the walk.
    const isFile = entry.isFile() || (entry.isSymbolicLink() && statOrUndefined(full)?.isFile() === true);
    if (entry.isDirectory()) {
      if (!rules.ignores(full, true)) walk(full, rules, visitFile);
    } else if (isFile && !rules.ignores(full, false)) {
      visitFile(full);
    }
  }
}

function statOrUndefined(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    return undefined;
  }
}

/**
 * The highest folder whose .gitignore applies to `dir`: the repository root (the nearest folder holding `.git`),
 * or outside a repository the working folder when `dir` is inside it, else `dir` itself.
 */
function ignoreTop(dir: string, cwd: string): string {
  for (let current = dir; ; current = path.dirname(current)) {
    if (fs.existsSync(path.join(current, '.git'))) return current;
    if (path.dirname(current) === current) break;
  }
  return dir === cwd || isStrictlyInside(cwd, dir) ? cwd : dir;
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

  constructor(private readonly cwd: string) {}

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
    const relative = toPosix(path.relative(config.baseDir ?? this.cwd, file));
    if (useInclude && matchers.include && !matchers.include(relative)) return false;
    return !matchers.exclude?.(relative);
  }
}
