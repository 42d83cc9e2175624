import * as path from 'node:path';
import type { PackageInfo } from '../packageInfo.js';

/** What every output format needs besides the lint results. */
export interface ReportContext {
  /** Paths are shown relative to this folder. */
  cwd: string;
  info: PackageInfo;
  /** Whether the text format may use ANSI colours. */
  color: boolean;
}

/** A file's path relative to the working folder, with forward slashes (absolute when it lies outside). */
export function relativePath(cwd: string, file: string): string {
  const relative = path.relative(cwd, file);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return file.split(path.sep).join('/');
  return relative.split(path.sep).join('/');
}
