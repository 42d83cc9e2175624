import * as path from 'node:path';
import { LineIndex, resolveConfig, type ConfigProblem, type ResolvedConfig } from '../core/index.js';
import { findConfigFile, loadConfigFile } from '../workspace/configFiles.js';

/** A configuration problem placed at a line and column of its file, ready to print. */
export interface LocatedConfigProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

/**
 * Resolves the configuration of each linted file: the `--config` file when given, otherwise the nearest
 * `.evenhand.json` above the file. Lookups are cached by folder and by config path, so ten thousand files in a
 * few folders cost a few reads.
 */
export class ConfigCache {
  private readonly byConfigPath = new Map<string, ResolvedConfig>();
  private readonly configPathByDir = new Map<string, string | undefined>();
  private readonly defaults = resolveConfig();
  /** Problems of every configuration file read so far. */
  readonly problems: LocatedConfigProblem[] = [];

  constructor(private readonly explicitConfig?: string) {}

  /** The resolved configuration that applies to `file` (an absolute path). */
  forFile(file: string): ResolvedConfig {
    const configPath = this.explicitConfig ?? this.nearestConfig(path.dirname(file));
    return configPath === undefined ? this.defaults : this.load(configPath);
  }

  /** Reads the `--config` file up front, so its problems stop the run before any file is walked. */
  loadExplicit(): void {
    if (this.explicitConfig !== undefined) this.load(this.explicitConfig);
  }

  private nearestConfig(dir: string): string | undefined {
    if (!this.configPathByDir.has(dir)) this.configPathByDir.set(dir, findConfigFile(dir));
    return this.configPathByDir.get(dir);
  }

  private load(configPath: string): ResolvedConfig {
    let resolved = this.byConfigPath.get(configPath);
    if (resolved) return resolved;
    const { config, problems, text } = loadConfigFile(configPath);
    this.problems.push(...problems.map((p) => locate(configPath, text, p)));
    resolved = { ...resolveConfig(config), baseDir: path.dirname(configPath) };
    this.byConfigPath.set(configPath, resolved);
    return resolved;
  }
}

function locate(file: string, text: string, problem: ConfigProblem): LocatedConfigProblem {
  const position = new LineIndex(text).positionAt(problem.start);
  return { file, line: position.line + 1, column: position.character + 1, message: problem.message };
}
