import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { RULES, lintText, resolveConfig } from '../server/out/core/index.js';

const root = path.join(__dirname, '..');
const bin = path.join(root, 'bin', 'evenhand.js');
const claims = 'test/fixtures/cli/persona/claims.prompt.md';
const skipDir = 'test/fixtures/cli/skip';

interface Region {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}
interface PhysicalLocation {
  artifactLocation: { uri: string; uriBaseId?: string };
  region?: Region;
}
interface SarifLog {
  $schema: string;
  version: string;
  runs: {
    tool: {
      driver: {
        name: string;
        version: string;
        informationUri: string;
        rules: {
          id: string;
          name: string;
          shortDescription: { text: string };
          fullDescription: { text: string };
          helpUri: string;
          help: { text: string; markdown?: string };
          defaultConfiguration: { level: string };
        }[];
      };
    };
    invocations: {
      executionSuccessful: boolean;
      toolExecutionNotifications: { level: string; message: { text: string }; locations: { physicalLocation: PhysicalLocation }[] }[];
    }[];
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: { physicalLocation: PhysicalLocation }[];
      relatedLocations?: { id: number; message: { text: string }; physicalLocation: PhysicalLocation }[];
      partialFingerprints: Record<string, string>;
    }[];
  }[];
}

function sarif(args: string[], cwd = root): { code: number | null; log: SarifLog } {
  const run = spawnSync(process.execPath, [bin, 'lint', '--format', 'sarif', ...args], { cwd, encoding: 'utf8' });
  assert.equal(run.stderr, '', 'SARIF mode reports skipped files inside the log, not on stderr');
  return { code: run.status, log: JSON.parse(run.stdout) as SarifLog };
}

/** The source text a SARIF region covers (1-based lines and columns, end column exclusive). */
function regionText(file: string, region: Region): string {
  const lines = fs.readFileSync(path.join(root, file), 'utf8').split('\n');
  assert.equal(region.startLine, region.endLine, 'fixture findings sit on one line');
  return lines[region.startLine - 1].slice(region.startColumn - 1, region.endColumn - 1);
}

describe('SARIF 2.1.0 output', () => {
  const { code, log } = sarif([claims, skipDir]);
  const run = log.runs[0];

  test('is a SARIF 2.1.0 log with one run, and fails on the warning', () => {
    assert.equal(code, 1);
    assert.match(log.$schema, /sarif-2\.1\.0/);
    assert.equal(log.version, '2.1.0');
    assert.equal(log.runs.length, 1);
  });

  test('describes the tool and every rule with help', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
    const driver = run.tool.driver;
    assert.equal(driver.name, 'evenhand');
    assert.equal(driver.version, pkg.version);
    assert.ok(URL.canParse(driver.informationUri), driver.informationUri);
    assert.deepEqual(driver.rules.map((r) => r.id), RULES.map((r) => r.id));
    const levels: Record<string, string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };
    for (const [index, rule] of driver.rules.entries()) {
      assert.equal(rule.name, RULES[index].name);
      assert.equal(rule.shortDescription.text, RULES[index].description);
      assert.ok(rule.fullDescription.text.length > 0);
      assert.equal(rule.defaultConfiguration.level, levels[RULES[index].defaultSeverity]);
      assert.ok(rule.helpUri.endsWith(`/docs/rules/${rule.id}.md`), rule.helpUri);
      assert.ok(URL.canParse(rule.helpUri));
      assert.ok(rule.help.text.length > 0);
      const docsPage = path.join(root, 'docs', 'rules', `${rule.id}.md`);
      if (fs.existsSync(docsPage)) assert.equal(rule.help.markdown, fs.readFileSync(docsPage, 'utf8'));
    }
  });

  test('results carry rule id and index, level, message, and a relative %SRCROOT% location', () => {
    const ruleIds = run.tool.driver.rules.map((r) => r.id);
    assert.ok(run.results.length >= 2);
    for (const result of run.results) {
      assert.equal(ruleIds[result.ruleIndex], result.ruleId);
      assert.ok(['error', 'warning', 'note'].includes(result.level));
      assert.ok(result.message.text.length > 0);
      const location = result.locations[0].physicalLocation;
      assert.deepEqual(location.artifactLocation, { uri: claims, uriBaseId: '%SRCROOT%' });
    }
    assert.equal(run.results.find((r) => r.ruleId === 'EH002')?.level, 'warning');
    assert.equal(run.results.find((r) => r.ruleId === 'EH001')?.level, 'note');
  });

  test('regions are 1-based with an exclusive end column, on the exact words', () => {
    const text = fs.readFileSync(path.join(root, claims), 'utf8');
    const expected = lintText(path.join(root, claims), text, resolveConfig()).findings.map((f) => ({
      ruleId: f.ruleId,
      region: {
        startLine: f.range.start.line + 1,
        startColumn: f.range.start.character + 1,
        endLine: f.range.end.line + 1,
        endColumn: f.range.end.character + 1,
      },
    }));
    assert.deepEqual(
      run.results.map((r) => ({ ruleId: r.ruleId, region: r.locations[0].physicalLocation.region })),
      expected,
    );
    const evaluation = run.results.find((r) => r.ruleId === 'EH002')!;
    assert.match(regionText(claims, evaluation.locations[0].physicalLocation.region!), /^Rate\b/);
    const identity = run.results.find((r) => r.ruleId === 'EH001')!;
    assert.match(regionText(claims, identity.locations[0].physicalLocation.region!), /conservative/);
  });

  test('the evaluation points at the persona it runs under', () => {
    const evaluation = run.results.find((r) => r.ruleId === 'EH002')!;
    const related = evaluation.relatedLocations ?? [];
    assert.ok(related.length > 0);
    assert.ok(related.every((r) => r.message.text.length > 0));
    assert.ok(related.some((r) => /conservative/.test(regionText(claims, r.physicalLocation.region!))));
  });

  test('skipped files become notifications of a successful run', () => {
    const invocation = run.invocations[0];
    assert.equal(invocation.executionSuccessful, true);
    assert.deepEqual(
      invocation.toolExecutionNotifications.map((n) => n.locations[0].physicalLocation.artifactLocation.uri),
      [`${skipDir}/binary.prompt.md`, `${skipDir}/oversize.prompt.md`],
    );
    assert.ok(invocation.toolExecutionNotifications.every((n) => n.level === 'note' && /skipped/.test(n.message.text)));
  });

  test('fingerprints are unique and survive lines added above the findings', (t) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evenhand-sarif-'));
    t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'judge.prompt.md');
    const body = 'You are a proud small-government conservative. Rate how credible each claim is.\n';
    fs.writeFileSync(file, body);
    const fingerprints = (log: SarifLog) => log.runs[0].results.map((r) => JSON.stringify(r.partialFingerprints));
    const before = fingerprints(sarif(['judge.prompt.md'], dir).log);
    assert.ok(before.length >= 2);
    assert.equal(new Set(before).size, before.length);
    fs.writeFileSync(file, `Some context first.\n\n${body}`);
    const moved = sarif(['judge.prompt.md'], dir).log;
    assert.equal(moved.runs[0].results[0].locations[0].physicalLocation.region?.startLine, 3);
    assert.deepEqual(fingerprints(moved), before);
  });
});
