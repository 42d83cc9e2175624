import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE_NAME, parseConfigText, type ConfigProblem, type EvenhandConfig } from '../core/config.js';

/** Finds the nearest `.evenhand.json` at or above `dir`, stopping at the filesystem root. */
export function findConfigFile(dir: string): string | undefined {
  let current = path.resolve(dir);
  for (;;) {
    const candidate = path.join(current, CONFIG_FILE_NAME);
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

/** Reads and validates a configuration file; unreadable files are a problem, never an exception. */
export function loadConfigFile(file: string): { config?: EvenhandConfig; problems: ConfigProblem[]; text: string } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    return { problems: [{ message: `Cannot read ${file}: ${(error as Error).message}`, start: 0, end: 0 }], text: '' };
  }
  return { ...parseConfigText(text), text };
}
