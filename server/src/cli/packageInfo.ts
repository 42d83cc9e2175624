import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

/** What the CLI reports about itself: version, where the rule docs live, where to read more. */
export interface PackageInfo {
  root: string;
  version: string;
  /** URL of docs/rules/ ending in "/", as ruleDocsUrl expects. */
  docsBase: string;
  informationUri: string;
}

/**
 * Finds the package root by walking up from this file to the nearest package.json, so the same code works as the
 * esbuild bundle (dist/cli.js) and as tsc output (server/out/cli/...).
 */
export function packageInfo(from: string = __dirname): PackageInfo {
  let dir = from;
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  let manifest: { version?: string; homepage?: string } = {};
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  } catch {
    // A missing or broken manifest leaves the version unknown; linting still works.
  }
  return {
    root: dir,
    version: manifest.version ?? '0.0.0',
    docsBase: pathToFileURL(path.join(dir, 'docs', 'rules')).href + '/',
    informationUri: manifest.homepage ?? pathToFileURL(path.join(dir, 'README.md')).href,
  };
}
