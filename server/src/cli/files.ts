import * as path from 'node:path';
import picomatch from 'picomatch';
import { filesMatchingGlob, isGitignoredFolder, promptFilesIn, statOrUndefined } from '../workspace/promptFiles.js';
import type { ConfigCache } from './configs.js';

/** A command-line mistake: printed on stderr, exit code 2. */
export class UsageError extends Error {}

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
  const configFor = (file: string) => configs.forFile(file);
  for (const target of targets) {
    const absolute = path.resolve(cwd, target);
    const stat = statOrUndefined(absolute);
    if (stat?.isFile()) {
      files.add(absolute);
    } else if (stat?.isDirectory()) {
      if (isGitignoredFolder(absolute, cwd)) {
        notes.push(`${target} is ignored by a .gitignore file; name its files to lint them anyway.`);
        continue;
      }
      for (const file of promptFilesIn(absolute, configFor, cwd)) files.add(file);
    } else if (picomatch.scan(target).isGlob) {
      // Globs are matched while walking from their literal base folder, so .gitignore prunes the same way.
      const { base, glob } = picomatch.scan(target);
      const matched = filesMatchingGlob(path.resolve(cwd, base), glob, configFor, cwd);
      if (matched.length === 0) throw new UsageError(`No files match the pattern "${target}" (outside .gitignore).`);
      for (const file of matched) files.add(file);
    } else {
      throw new UsageError(`No such file or directory: ${target}`);
    }
  }
  return { files: [...files], notes };
}
