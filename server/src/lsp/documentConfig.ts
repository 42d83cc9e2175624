import * as path from 'node:path';
import picomatch from 'picomatch';
import { resolveConfig, type ConfigProblem, type EvenhandConfig, type ResolvedConfig } from '../core/config.js';
import { findConfigFile, loadConfigFile } from '../workspace/configFiles.js';

/** The configuration one lint pass of one document runs with. */
export interface DocumentConfig {
  config: ResolvedConfig;
  /** True when the document matches an `exclude` glob and must not be linted. */
  excluded: boolean;
  /** The `.evenhand.json` that applies, if any, and what is wrong with it (then it is ignored). */
  configFile?: { path: string; problems: ConfigProblem[] };
}

/**
 * Merges the editor settings with the nearest `.evenhand.json` (the file wins) for the document at `filePath`
 * (undefined for documents not on disk). Exclude globs are relative to the config file that sets them, or
 * else to the workspace folder. `load` reads the config file (the server passes its cache).
 */
export function configForDocument(
  filePath: string | undefined,
  settings: EvenhandConfig,
  workspaceFolder: string | undefined,
  load: typeof loadConfigFile = loadConfigFile,
): DocumentConfig {
  const file = filePath ? findConfigFile(path.dirname(filePath)) : undefined;
  const loaded = file ? load(file) : undefined;
  const config = resolveConfig(settings, loaded?.config);
  const fileDir = file ? path.dirname(file) : undefined;
  config.baseDir = loaded?.config ? fileDir : workspaceFolder;
  const excludeBase = loaded?.config?.exclude ? fileDir : (workspaceFolder ?? fileDir);
  return {
    config,
    excluded: filePath !== undefined && isExcluded(filePath, config.exclude, excludeBase),
    configFile: file && loaded ? { path: file, problems: loaded.problems } : undefined,
  };
}

/** Whether `filePath` matches one of the globs, taken relative to `base` (or absolute when outside it). */
export function isExcluded(filePath: string, globs: string[], base: string | undefined): boolean {
  if (globs.length === 0) return false;
  const relative = base ? path.relative(base, filePath) : '';
  const candidate = relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : filePath;
  return picomatch(globs, { dot: true })(candidate.split(path.sep).join('/'));
}
