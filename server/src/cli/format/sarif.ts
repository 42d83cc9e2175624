import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RULES, ruleDocsUrl, type Range, type Severity } from '../../core/index.js';
import type { PackageInfo } from '../packageInfo.js';
import type { ReportedResult } from '../run.js';
import { relativePath, type ReportContext } from './context.js';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const SRCROOT = '%SRCROOT%';

/** SARIF knows three levels; hints and information are both notes. */
const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  information: 'note',
  hint: 'note',
};

/**
 * SARIF 2.1.0 as GitHub code scanning reads it: rule metadata with help, one result per finding with a region in
 * 1-based UTF-16 columns (end exclusive), related locations, fingerprints, and skipped files as notifications (errors,
 * and an unsuccessful run, for files or folders the command line named but could not be read).
 */
export function formatSarif(results: ReportedResult[], context: ReportContext): string {
  const ruleIndex = new Map(RULES.map((rule, index) => [rule.id, index]));
  const artifactLocation = (file: string) => sarifArtifactLocation(context.cwd, file);
  const physicalLocation = (file: string, range: Range) => sarifPhysicalLocation(context.cwd, file, range);

  const sarifResults = results.flatMap((result) => {
    const fingerprints = new FingerprintCounter(relativePath(context.cwd, result.path));
    return result.findings.map((finding) => ({
      ruleId: finding.ruleId,
      ...(ruleIndex.has(finding.ruleId) ? { ruleIndex: ruleIndex.get(finding.ruleId) } : {}),
      level: SARIF_LEVEL[finding.severity],
      message: { text: finding.message },
      locations: [{ physicalLocation: physicalLocation(result.path, finding.range) }],
      ...(finding.related.length > 0
        ? {
            relatedLocations: finding.related.map((related, id) => ({
              id,
              message: { text: related.message },
              physicalLocation: physicalLocation(related.file ?? result.path, related.range),
            })),
          }
        : {}),
      partialFingerprints: { 'evenhandFindingHash/v1': fingerprints.next(finding.ruleId, finding.message) },
    }));
  });

  return sarifLog(context.cwd, context.info, {
    tool: {
      driver: {
        ...sarifDriver(context.info),
        rules: RULES.map((rule) => {
          const helpUri = ruleDocsUrl(rule.id, context.info.docsBase);
          const docsPage = readDocsPage(context.info.root, rule.id);
          return {
            id: rule.id,
            name: rule.name,
            shortDescription: { text: rule.description },
            fullDescription: { text: rule.description },
            helpUri,
            help: { text: `${rule.description} See ${helpUri}`, ...(docsPage ? { markdown: docsPage } : {}) },
            defaultConfiguration: { level: SARIF_LEVEL[rule.defaultSeverity] },
          };
        }),
      },
    },
    invocations: [
      {
        executionSuccessful: !results.some((r) => r.unreadableTarget),
        toolExecutionNotifications: results
          .filter((r) => r.skipped !== undefined)
          .map((r) => ({
            level: r.unreadableTarget ? 'error' : 'note',
            message: { text: `${relativePath(context.cwd, r.path)}: ${r.skipped}` },
            locations: [{ physicalLocation: { artifactLocation: artifactLocation(r.path) } }],
          })),
      },
    ],
    results: sarifResults,
  });
}

/** Where a file is, for SARIF: relative to %SRCROOT% (the working folder) when inside it, else a file URL. */
export function sarifArtifactLocation(cwd: string, file: string): { uri: string; uriBaseId?: string } {
  const relative = relativePath(cwd, file);
  return path.isAbsolute(relative)
    ? { uri: pathToFileURL(file).href }
    : { uri: relative.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

/** A file and a region in 1-based lines and UTF-16 columns (end exclusive). */
export function sarifPhysicalLocation(cwd: string, file: string, range: Range) {
  return {
    artifactLocation: sarifArtifactLocation(cwd, file),
    region: {
      startLine: range.start.line + 1,
      startColumn: range.start.character + 1,
      endLine: range.end.line + 1,
      endColumn: range.end.character + 1,
    },
  };
}

/** The tool driver's identity (name, version, home page); the caller adds its rules. */
export function sarifDriver(info: PackageInfo) {
  return { name: 'evenhand', version: info.version, semanticVersion: info.version, informationUri: info.informationUri };
}

/** A SARIF 2.1.0 log with one run, its %SRCROOT% set to the working folder, as JSON text. */
export function sarifLog(cwd: string, info: PackageInfo, run: Record<string, unknown>): string {
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        ...run,
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(cwd).href.replace(/\/?$/, '/') } },
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

function readDocsPage(root: string, ruleId: string): string | undefined {
  try {
    return fs.readFileSync(path.join(root, 'docs', 'rules', `${ruleId}.md`), 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Fingerprints that survive edits elsewhere in the file: a hash of the path, the rule and the message (which names
 * the triggering words), plus how many identical findings came before, but never the line number.
 */
class FingerprintCounter {
  private readonly seen = new Map<string, number>();

  constructor(private readonly file: string) {}

  next(ruleId: string, message: string): string {
    const key = `${this.file}\u0000${ruleId}\u0000${message}`;
    const occurrence = this.seen.get(key) ?? 0;
    this.seen.set(key, occurrence + 1);
    return createHash('sha256').update(`${key}\u0000${occurrence}`).digest('hex').slice(0, 32);
  }
}
