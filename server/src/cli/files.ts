import * as fs from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';
import { filesMatchingGlob, isGitignoredFolder, promptFilesIn, statOrUndefined } from '../workspace/promptFiles.js';
import type { ConfigCache } from './configs.js';

/** A command-line mistake: printed on stderr, exit code 2. */
export class UsageError extends Error {}

/** A file or folder that could not be read, so whatever prompts it holds went unlinted. */
export interface UnreadablePath {
  /** Absolute path. */
  path: string;
  /** Whether it is a folder (else a file). */
  folder: boolean;
  /** The error code (EACCES, ELOOP, ...) or message. */
  reason: string;
  /** Whether the command line named it: then nothing of it was linted at all, and the run exits 2. */
  named: boolean;
}

/** The files to lint (absolute paths, each once, in target order), what could not be read, and notes for the user. */
export interface FileSelection {
  files: string[];
  unreadable: UnreadablePath[];
  notes: string[];
}

/**
 * Turns the command-line targets into the files to lint.
 * - a file is linted whatever its name;
 * - a folder is walked for known prompt-file names, honouring .gitignore files and the config's include/exclude;
 * - anything else that looks like a glob is expanded, honouring .gitignore files and the config's exclude.
 * A named file or folder that cannot be read, and any folder below that cannot, is listed in `unreadable`.
 */
export function collectFiles(targets: string[], cwd: string, configs: ConfigCache): FileSelection {
  const files = new Set<string>();
  const unreadable: UnreadablePath[] = [];
  const notes: string[] = [];
  const configFor = (file: string) => configs.forFile(file);
  for (const target of targets) {
    const absolute = path.resolve(cwd, target);
    const stat = statOrUndefined(absolute);
    const onUnreadable = (folder: string, reason: string) => {
      if (!unreadable.some((u) => u.path === folder)) unreadable.push({ path: folder, folder: true, reason, named: folder === absolute });
    };
    if (stat?.isFile()) {
      const reason = unreadableFileReason(absolute);
      if (reason === undefined) files.add(absolute);
      else unreadable.push({ path: absolute, folder: false, reason, named: true });
    } else if (stat?.isDirectory()) {
      if (isGitignoredFolder(absolute, cwd)) {
        notes.push(`${target} is ignored by a .gitignore file; name its files to lint them anyway.`);
        continue;
      }
      for (const file of promptFilesIn(absolute, configFor, cwd, { onUnreadable })) files.add(file);
    } else if (picomatch.scan(target).isGlob) {
      // Globs are matched while walking from their literal base folder, so .gitignore prunes the same way.
      const { base, glob } = picomatch.scan(target);
      const before = unreadable.length;
      const matched = filesMatchingGlob(path.resolve(cwd, base), glob, configFor, cwd, onUnreadable);
      if (matched.length === 0) {
        const unread = unreadable.slice(before).map((u) => `${path.relative(cwd, u.path) || u.path} (${u.reason})`);
        const also = unread.length > 0 ? `; could not read ${unread.join(', ')}` : '';
        throw new UsageError(`No files match the pattern "${target}" (outside .gitignore)${also}.`);
      }
      for (const file of matched) files.add(file);
    } else {
      throw new UsageError(`No such file or directory: ${target}`);
    }
  }
  return { files: [...files], unreadable, notes };
}

/** Why a named file cannot be opened for reading (its error code), or undefined when it can. */
function unreadableFileReason(file: string): string | undefined {
  try {
    fs.closeSync(fs.openSync(file, 'r'));
    return undefined;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  }
}
