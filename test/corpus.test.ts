// The corpus of realistic prompt files in test/corpus is a blind measure of the linter: each file marks the
// findings a careful reviewer expects (`evenhand-expect EH001 ...` in the file's own comment syntax, on the line
// above where the finding starts), and this harness reports precision and recall per rule.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import * as YAML from 'yaml';
import {
  LineIndex,
  lintText,
  resolveConfig,
  RULES,
  type Finding,
  type FormatId,
  type LintResult,
  type PromptDocument,
} from '../server/out/core/index.js';
import { matchExpectations, readExpectations, type Expectation } from './support/expectations.js';

const corpusRoot = path.join(__dirname, '..', 'test', 'corpus');
/**
 * The language of each corpus file not written in English, as its author declared it (blind sets' manifests), so the
 * per-language rows do not depend on the linter's own language detection.
 */
const LANGUAGE_OF: Record<string, string> = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'test', 'corpus-languages.json'), 'utf8'));
const MIN_FILES = 60;
const MIN_PRECISION = 0.9;
const MIN_RECALL = 0.9;
/** Below this many expected findings a ratio says little, so a rule may miss nothing and over-report at most once. */
const FEW_EXPECTED = 5;

/** File-name shapes the corpus must cover, one or more files each. */
const REQUIRED_NAMES: [string, (relative: string) => boolean][] = [
  ['*.prompt.md', (f) => f.endsWith('.prompt.md')],
  ['*.instructions.md', (f) => f.endsWith('.instructions.md')],
  ['*.chatmode.md', (f) => f.endsWith('.chatmode.md')],
  ['AGENTS.md in a subfolder', (f) => f.includes('/') && f.endsWith('/AGENTS.md')],
  ['*.prompty', (f) => f.endsWith('.prompty')],
  ['*.prompt (Dotprompt)', (f) => f.endsWith('.prompt')],
  ['*.prompt.yml', (f) => f.endsWith('.prompt.yml')],
  ['*.txt', (f) => f.endsWith('.txt')],
];
const REQUIRED_FORMATS: FormatId[] = ['vscode-prompt', 'prompty', 'dotprompt', 'github-models', 'plain'];
/** GitHub Models content scalars the corpus must write in each YAML style, since each maps positions differently. */
const REQUIRED_YAML_STYLES = ['PLAIN', 'QUOTE_SINGLE', 'QUOTE_DOUBLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED'];

/** Counts of one rule's findings matched against the corpus markers. */
interface RuleScore {
  ruleId: string;
  expected: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
}

/** What linting one corpus file gave, next to what its markers expect. */
interface FileOutcome {
  file: string;
  result: LintResult;
  expectations: Expectation[];
  falsePositives: Finding[];
  falseNegatives: Expectation[];
  truePositives: Finding[];
}

/** Every file under a folder, dot-folders (.github) included, in a stable order; paths relative with "/". */
function walk(root: string, dir = root): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(root, full));
    else if (entry.isFile()) out.push(path.relative(root, full).split(path.sep).join('/'));
  }
  return out.sort();
}

function lineText(doc: Pick<PromptDocument, 'source' | 'lines'>, line: number): string {
  const end = line + 1 < doc.lines.lineCount ? doc.lines.lineStart(line + 1) : doc.source.length;
  return doc.source.slice(doc.lines.lineStart(line), end).trim();
}

/**
 * Mistakes in a file's markers that would silently weaken the measure: a marker the format's comment pattern does not
 * see (wrong comment syntax), an id that is not a rule, a marker sharing its line with prompt text, or a marker with
 * nothing to point at (a blank next line, or in YAML a next line that is not a message's `content:` key).
 */
function markerProblems(doc: Pick<PromptDocument, 'source' | 'lines' | 'bodyComment' | 'directiveScopes' | 'format'>, ruleIds: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const flags = doc.bodyComment.pattern.flags.includes('g') ? doc.bodyComment.pattern.flags : `${doc.bodyComment.pattern.flags}g`;
  let seen = 0;
  for (const m of doc.source.matchAll(new RegExp(doc.bodyComment.pattern.source, flags))) {
    const directive = (m[1] ?? '').trim();
    if (!directive.startsWith('evenhand-expect')) continue;
    seen++;
    const line = doc.lines.positionAt(m.index).line;
    const where = `line ${line + 1}`;
    const ids = directive.slice('evenhand-expect'.length).trim().split(/[\s,]+/).filter(Boolean);
    if (ids.length === 0) problems.push(`${where}: marker names no rule`);
    for (const id of ids) if (!ruleIds.has(id)) problems.push(`${where}: "${id}" is not a rule id`);
    if (lineText(doc, line) !== m[0].trim()) problems.push(`${where}: marker is not alone on its line`);
    if (line + 1 >= doc.lines.lineCount || lineText(doc, line + 1) === '') {
      problems.push(`${where}: marker is not directly above text`);
    }
    if (doc.format === 'github-models' && !doc.directiveScopes.some((s) => s.line === line + 1)) {
      problems.push(`${where}: YAML marker is not directly above a message's content key`);
    }
  }
  const written = doc.source.match(/evenhand-expect/g)?.length ?? 0;
  if (written !== seen) problems.push(`${written - seen} marker(s) not written in this format's comment syntax`);
  return problems;
}

/** Adds one file's matches to the per-rule counts. */
function tally(scores: Map<string, RuleScore>, outcome: Pick<FileOutcome, 'expectations' | 'truePositives' | 'falsePositives' | 'falseNegatives'>): void {
  const score = (ruleId: string): RuleScore => {
    let s = scores.get(ruleId);
    if (!s) scores.set(ruleId, (s = { ruleId, expected: 0, truePositives: 0, falsePositives: 0, falseNegatives: 0 }));
    return s;
  };
  for (const e of outcome.expectations) score(e.ruleId).expected++;
  for (const f of outcome.truePositives) score(f.ruleId).truePositives++;
  for (const f of outcome.falsePositives) score(f.ruleId).falsePositives++;
  for (const e of outcome.falseNegatives) score(e.ruleId).falseNegatives++;
}

/** Share of reported findings that were expected; 1 when nothing was reported. */
function precision(s: RuleScore): number {
  const reported = s.truePositives + s.falsePositives;
  return reported === 0 ? 1 : s.truePositives / reported;
}

/** Share of expected findings that were reported; 1 when nothing was expected. */
function recall(s: RuleScore): number {
  return s.expected === 0 ? 1 : s.truePositives / s.expected;
}

/** Why a rule's score fails the corpus bar, or undefined when it passes. */
function scoreFailure(s: RuleScore): string | undefined {
  const reasons: string[] = [];
  if (s.expected < FEW_EXPECTED) {
    if (s.falseNegatives > 0) reasons.push(`${s.falseNegatives} missed of ${s.expected} expected (none allowed)`);
    if (s.falsePositives > 1) reasons.push(`${s.falsePositives} false positives (at most 1 allowed)`);
  } else {
    if (precision(s) < MIN_PRECISION) reasons.push(`precision ${precision(s).toFixed(3)} < ${MIN_PRECISION}`);
    if (recall(s) < MIN_RECALL) reasons.push(`recall ${recall(s).toFixed(3)} < ${MIN_RECALL}`);
  }
  return reasons.length > 0 ? `${s.ruleId}: ${reasons.join(', ')}` : undefined;
}

/** The blind set a corpus file belongs to (its heldout folder), or "tuning" for the files the linter was built on. */
function setOf(file: string): string {
  const top = file.split('/')[0];
  return top.startsWith('heldout') ? top : 'tuning';
}

/** Totals over every rule of the outcomes `keyOf` groups together: one row per group, as scoreTable writes them. */
function groupRows(outcomes: FileOutcome[], keyOf: (file: string) => string): string[] {
  const groups = new Map<string, { files: number; score: RuleScore }>();
  for (const outcome of outcomes) {
    const key = keyOf(outcome.file);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { files: 0, score: { ruleId: key, expected: 0, truePositives: 0, falsePositives: 0, falseNegatives: 0 } }));
    group.files++;
    const one = new Map<string, RuleScore>();
    tally(one, outcome);
    for (const s of one.values()) {
      group.score.expected += s.expected;
      group.score.truePositives += s.truePositives;
      group.score.falsePositives += s.falsePositives;
      group.score.falseNegatives += s.falseNegatives;
    }
  }
  const row = (cells: (string | number)[]) => cells.map((c, i) => String(c).padStart(i === 0 ? 9 : 9)).join(' ');
  return [
    row(['group', 'files', 'expected', 'TP', 'FP', 'FN', 'precision', 'recall']),
    ...[...groups.entries()]
      .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
      .map(([key, { files, score: s }]) => row([key, files, s.expected, s.truePositives, s.falsePositives, s.falseNegatives, precision(s).toFixed(3), recall(s).toFixed(3)])),
  ];
}

function scoreTable(scores: RuleScore[]): string[] {
  const total: RuleScore = { ruleId: 'total', expected: 0, truePositives: 0, falsePositives: 0, falseNegatives: 0 };
  for (const s of scores) {
    total.expected += s.expected;
    total.truePositives += s.truePositives;
    total.falsePositives += s.falsePositives;
    total.falseNegatives += s.falseNegatives;
  }
  const row = (cells: (string | number)[]) => cells.map((c, i) => String(c).padStart(i === 0 ? 6 : 9)).join(' ');
  return [
    row(['rule', 'expected', 'TP', 'FP', 'FN', 'precision', 'recall']),
    ...[...scores, total].map((s) =>
      row([s.ruleId, s.expected, s.truePositives, s.falsePositives, s.falseNegatives, precision(s).toFixed(3), recall(s).toFixed(3)]),
    ),
  ];
}

describe('corpus harness', () => {
  // A hand-built document in the markdown comment syntax, so the harness is checked without the format parsers.
  const source = [
    'Intro line.',
    '<!-- evenhand-expect EH001 EH002 -->',
    'You are a proud Tory. Rate each speech.',
    '<!-- evenhand-expect EH002 -->',
    'Grade the essay.',
    'Nothing expected here.',
  ].join('\n');
  const fakeDoc = {
    source,
    lines: new LineIndex(source),
    format: 'vscode-prompt' as const,
    bodyComment: { pattern: /<!--\s*(evenhand-[^>]*?)\s*-->/g, wrap: (d: string) => `<!-- ${d} -->` },
    directiveScopes: [],
  };
  const finding = (ruleId: string, line: number) => ({ ruleId, range: { start: { line, character: 0 }, end: { line, character: 5 } } }) as Finding;

  test('each id in a marker is one expected finding on the next line', () => {
    const expectations = readExpectations(fakeDoc as unknown as PromptDocument);
    assert.deepEqual(
      expectations.map((e) => [e.ruleId, e.lines]),
      [['EH001', [2]], ['EH002', [2]], ['EH002', [4]]],
    );
  });

  test('findings pair with markers by rule and start line; the rest are false positives and negatives', () => {
    const expectations = readExpectations(fakeDoc as unknown as PromptDocument);
    const result = { path: 'fake.prompt.md', findings: [finding('EH001', 2), finding('EH002', 2), finding('EH002', 2), finding('EH003', 5)] };
    const matched = matchExpectations(result, expectations);
    const scores = new Map<string, RuleScore>();
    tally(scores, { expectations, ...matched });
    assert.deepEqual(scores.get('EH001'), { ruleId: 'EH001', expected: 1, truePositives: 1, falsePositives: 0, falseNegatives: 0 });
    // The second EH002 on line 2 is not the one expected on line 4: one false positive and one miss.
    assert.deepEqual(scores.get('EH002'), { ruleId: 'EH002', expected: 2, truePositives: 1, falsePositives: 1, falseNegatives: 1 });
    assert.deepEqual(scores.get('EH003'), { ruleId: 'EH003', expected: 0, truePositives: 0, falsePositives: 1, falseNegatives: 0 });
  });

  test('YAML markers cover every line of the content scalar below them', () => {
    const yamlSource = 'messages:\n  - role: system\n    # evenhand-expect EH001\n    content: |\n      one\n      two\n';
    const doc = {
      source: yamlSource,
      lines: new LineIndex(yamlSource),
      bodyComment: { pattern: /^[ \t]*#[ \t]*(evenhand-[^\r\n]*)$/gm, wrap: (d: string) => `# ${d}` },
      directiveScopes: [{ line: 3, firstLine: 4, lastLine: 5 }],
    };
    const [expectation] = readExpectations(doc as unknown as PromptDocument);
    assert.deepEqual([...expectation.lines].sort(), [3, 4, 5]);
    const matched = matchExpectations({ path: 'x.prompt.yml', findings: [finding('EH001', 5)] }, [expectation]);
    assert.equal(matched.truePositives.length, 1);
  });

  test('the bar: precision and recall of 0.9, and no misses with at most one false positive for rare rules', () => {
    const s = (expected: number, truePositives: number, falsePositives: number): RuleScore => ({
      ruleId: 'EH009',
      expected,
      truePositives,
      falsePositives,
      falseNegatives: expected - truePositives,
    });
    assert.equal(scoreFailure(s(10, 9, 1)), undefined);
    assert.match(scoreFailure(s(10, 8, 0)) ?? '', /recall 0\.800/);
    assert.match(scoreFailure(s(10, 10, 2)) ?? '', /precision 0\.833/);
    assert.equal(scoreFailure(s(10, 8, 2)), 'EH009: precision 0.800 < 0.9, recall 0.800 < 0.9');
    assert.equal(scoreFailure(s(3, 3, 1)), undefined);
    assert.match(scoreFailure(s(3, 2, 0)) ?? '', /1 missed of 3/);
    assert.match(scoreFailure(s(0, 0, 2)) ?? '', /2 false positives/);
    assert.equal(precision(s(0, 0, 0)), 1);
  });

  test('marker mistakes are reported, not silently ignored', () => {
    const bad = [
      '<!-- evenhand-expect EH01 -->',
      'You are a Tory.',
      'Text <!-- evenhand-expect EH001 -->',
      '{# evenhand-expect EH002 #}',
      'Rate it.',
      '<!-- evenhand-expect EH003 -->',
      '',
      '<!-- evenhand-expect EH004 -->',
    ].join('\n');
    const doc = { ...fakeDoc, source: bad, lines: new LineIndex(bad) };
    assert.deepEqual(markerProblems(doc, new Set(['EH001', 'EH002', 'EH003', 'EH004'])), [
      'line 1: "EH01" is not a rule id',
      'line 3: marker is not alone on its line',
      'line 6: marker is not directly above text',
      'line 8: marker is not directly above text',
      '1 marker(s) not written in this format\'s comment syntax',
    ]);
  });
});

describe('corpus', () => {
  const config = resolveConfig();
  const ruleIds = new Set(RULES.map((r) => r.id));
  const files = walk(corpusRoot);
  const outcomes: FileOutcome[] = [];
  // Lint lazily so a crashing linter fails the tests below rather than loading this file.
  const lintAll = (): FileOutcome[] => {
    if (outcomes.length > 0) return outcomes;
    for (const file of files) {
      const full = path.join(corpusRoot, file);
      const result = lintText(full, fs.readFileSync(full, 'utf8'), config);
      assert.ok(result.document, `${file} was skipped: ${result.skipped}`);
      const expectations = readExpectations(result.document);
      outcomes.push({ file, result, expectations, ...matchExpectations(result, expectations) });
    }
    return outcomes;
  };

  test(`has at least ${MIN_FILES} files covering every prompt-file format`, () => {
    assert.ok(files.length >= MIN_FILES, `${files.length} files`);
    for (const [name, matches] of REQUIRED_NAMES) assert.ok(files.some(matches), `no ${name} file`);
    const formats = new Set(lintAll().map((o) => o.result.document!.format));
    for (const format of REQUIRED_FORMATS) assert.ok(formats.has(format), `no file read as ${format}`);
  });

  test('every file the language list names is in the corpus, in a language the linter covers', () => {
    const known = new Set(files);
    for (const [file, language] of Object.entries(LANGUAGE_OF)) {
      assert.ok(known.has(file), `${file} is not a corpus file`);
      assert.ok(['fr', 'es', 'de', 'pt'].includes(language), `${file}: ${language}`);
    }
  });

  test('writes GitHub Models message content in every YAML scalar style', () => {
    const styles = new Set<string>();
    for (const file of files.filter((f) => /\.prompt\.ya?ml$/.test(f))) {
      const doc = YAML.parseDocument(fs.readFileSync(path.join(corpusRoot, file), 'utf8'));
      const messages = doc.get('messages');
      if (!YAML.isSeq(messages)) continue;
      for (const message of messages.items) {
        const content = YAML.isMap(message) ? message.get('content', true) : undefined;
        if (YAML.isScalar(content) && content.type) styles.add(content.type);
      }
    }
    assert.deepEqual(REQUIRED_YAML_STYLES.filter((s) => !styles.has(s)), []);
  });

  test('every file parses cleanly and every marker is well-formed', () => {
    const problems: string[] = [];
    for (const { file, result } of lintAll()) {
      const doc = result.document!;
      for (const p of doc.problems) problems.push(`${file}:${doc.lines.positionAt(p.start).line + 1}: parse problem: ${p.message}`);
      for (const p of markerProblems(doc, ruleIds)) problems.push(`${file}: ${p}`);
    }
    assert.deepEqual(problems, []);
  });

  test('precision and recall per rule', async (t) => {
    const scores = new Map<string, RuleScore>(
      [...ruleIds].sort().map((ruleId) => [ruleId, { ruleId, expected: 0, truePositives: 0, falsePositives: 0, falseNegatives: 0 }]),
    );
    for (const outcome of lintAll()) tally(scores, outcome);
    for (const line of scoreTable([...scores.values()])) t.diagnostic(line);
    t.diagnostic('per set (blind sets are heldout*; their first scores, before any tuning, are in the README):');
    for (const line of groupRows(lintAll(), setOf)) t.diagnostic(line);
    t.diagnostic('per language (as the files\' authors declared it):');
    for (const line of groupRows(lintAll(), (file) => LANGUAGE_OF[file] ?? 'en')) t.diagnostic(line);
    for (const { file, falsePositives, falseNegatives } of lintAll()) {
      for (const f of falsePositives) t.diagnostic(`FP ${f.ruleId} ${file}:${f.range.start.line + 1} ${f.message}`);
      for (const e of falseNegatives) {
        // A same-rule finding elsewhere in the file hints that the linter and the marker disagree only on the line.
        const nearby = falsePositives.filter((f) => f.ruleId === e.ruleId).map((f) => f.range.start.line + 1);
        t.diagnostic(`FN ${e.ruleId} ${file}:${e.markerLine + 2}${nearby.length ? ` (unmatched ${e.ruleId} on line ${nearby.join(', ')})` : ''}`);
      }
    }
    for (const score of scores.values()) {
      await t.test(`${score.ruleId}: ${score.truePositives}/${score.expected} found, ${score.falsePositives} false`, () => {
        assert.equal(scoreFailure(score), undefined);
      });
    }
  });
});
