import type { ResolvedConfig } from './config.js';
import { insideAnySpan, scopeIndex } from './directiveIndex.js';
import { mayHoldDataPrompts } from './formats/code/dataFiles.js';
import { importsModelLibrary, notebookImportsModelLibrary } from './formats/code/sdkImports.js';
import { conversationsOf } from './formats/conversations.js';
import { parsePromptFile } from './formats/index.js';
import { formatForPath, isNeverPromptFile, promptFormat } from './formats/table.js';
import type { PromptDocument } from './formats/types.js';
import { analyzePrompt, type PromptAnalysis } from './persona/analysis.js';
import { RULES } from './rules/index.js';
import type { KeptResults, Rule, RuleFix, RuleFinding } from './rules/types.js';
import type { Span } from './text.js';
import { SEVERITY_ORDER, type Finding, type Fix, type LintResult, type Severity } from './types.js';

/**
 * Decodes a file's bytes for linting, or says why it is skipped (too large, binary, not text). UTF-8 (with or
 * without a byte-order mark) and UTF-16 LE or BE with a byte-order mark are text; the mark is dropped.
 */
export function decodeFile(bytes: Uint8Array, maxFileSize: number): { text: string } | { skipped: string } {
  if (bytes.length > maxFileSize) {
    return { skipped: `skipped: ${bytes.length} bytes is over the ${maxFileSize}-byte limit (maxFileSize)` };
  }
  const encoding = utf16ByMark(bytes);
  // UTF-16 text is half NUL bytes: for it, a NUL character in the decoded text is what says binary.
  if (!encoding && bytes.subarray(0, 8192).includes(0)) return { skipped: 'skipped: binary file' };
  let text = encoding ? decodeUtf16(bytes, encoding) : new TextDecoder('utf-8').decode(bytes);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const sample = text.slice(0, 8192);
  if (encoding && sample.includes('\u0000')) return { skipped: 'skipped: binary file' };
  const replaced = sample.length - sample.replace(/\uFFFD/g, '').length;
  if (replaced > 8 && replaced > sample.length / 100) return { skipped: `skipped: not ${encoding ? 'UTF-16' : 'UTF-8'} text` };
  return { text };
}

/** The UTF-16 byte order a byte-order mark announces (FF FE: LE, FE FF: BE); FF FE 00 00 is UTF-32's, not read. */
function utf16ByMark(bytes: Uint8Array): 'le' | 'be' | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes[2] === 0 && bytes[3] === 0 ? undefined : 'le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'be';
  return undefined;
}

/** UTF-16 to text; big-endian bytes are swapped to little-endian first, which every TextDecoder knows. */
function decodeUtf16(bytes: Uint8Array, endian: 'le' | 'be'): string {
  if (endian === 'le') return new TextDecoder('utf-16le').decode(bytes);
  const swapped = new Uint8Array(bytes.length);
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    swapped[i] = bytes[i + 1];
    swapped[i + 1] = bytes[i];
  }
  if (bytes.length % 2 === 1) swapped[bytes.length - 1] = bytes[bytes.length - 1];
  return new TextDecoder('utf-16le').decode(swapped);
}

/** Applies non-overlapping edits (source offsets) to a text. */
export function applyEdits(text: string, edits: readonly { span: Span; newText: string }[]): string {
  const sorted = [...edits].sort((a, b) => b.span.start - a.span.start || b.span.end - a.span.end);
  let out = text;
  let limit = Infinity;
  for (const edit of sorted) {
    if (edit.span.end > limit) continue; // overlapping edits: the later one wins
    out = out.slice(0, edit.span.start) + edit.newText + out.slice(edit.span.end);
    limit = edit.span.start;
  }
  return out;
}

/** What a lint may add to the text and its configuration. */
export interface LintOptions {
  /** The file's kept results of sampled checks: the sampled rules (EH101-EH103) report them. */
  kept?: KeptResults;
  /** Kept results are data from disk: a sampled rule that fails on them is skipped and reported here. */
  onSampledRuleError?: (ruleId: string, error: unknown) => void;
  /**
   * False when only the fixes' titles are wanted (the CLI reports titles, never applies edits): fixes then carry
   * no edits, and the directive comments they would insert are not worked out.
   */
  fixEdits?: boolean;
}

/** Lints a prompt file's text with a resolved configuration (and its kept results, when given). */
export function lintText(filePath: string, text: string, config: ResolvedConfig, options: LintOptions = {}): LintResult {
  if (text.length > config.maxFileSize) {
    return { path: filePath, findings: [], skipped: `skipped: over the ${config.maxFileSize}-byte limit (maxFileSize)` };
  }
  if (!readsFile(filePath, text, config)) return { path: filePath, findings: [], unread: true };
  const doc = parsePromptFile(filePath, text);
  const suppressions = readSuppressions(doc);
  const directives = directiveSites(doc);
  const fixEdits = options.fixEdits ?? true;
  const findings: Finding[] = [];
  const parts = conversationsOf(doc);
  // Only a code file's conversations can share a literal (and so a finding): a prompt file keys nothing.
  const seen = parts.length > 1 ? new Set<string>() : undefined;
  let analysis: PromptAnalysis | undefined;
  // A code file's prompts are linted one conversation at a time: a persona in one prompt says nothing of another.
  for (const part of parts) {
    const partAnalysis = analyzePrompt(part, config);
    analysis ??= partAnalysis;
    for (const rule of RULES) {
      const setting = config.rules[rule.id] ?? rule.defaultSeverity;
      if (setting === 'off' || (rule.sampledBy && !options.kept)) continue;
      for (const found of runRule(rule, { doc: part, analysis: partAnalysis, config, ...(options.kept ? { kept: options.kept } : {}) }, options)) {
        const line = doc.lines.positionAt(found.span.start).line;
        if (suppressions.isSuppressed(rule.id, line)) continue;
        // A literal two conversations share (a constant used in two calls, a user message sent with each of several
        // system prompts) is reported once.
        if (seen) {
          const key = `${rule.id}:${found.span.start}:${found.span.end}`;
          if (seen.has(key)) continue;
          seen.add(key);
        }
        findings.push({
          ruleId: rule.id,
          ruleName: rule.name,
          ...(rule.sampledBy ? { sampled: true as const } : {}),
          severity: found.tentative ? leastSevere(setting, 'information') : setting,
          message: found.message,
          span: found.span,
          range: doc.lines.rangeOf(found.span),
          related: (found.related ?? []).map(({ file, ...r }) => ({
            ...r,
            range: file ? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } : doc.lines.rangeOf(r.span),
            ...(file ? { file } : {}),
          })),
          fixes: [
            ...(found.fixes ?? []).map((fix) => (fixEdits ? withRanges(doc, fix) : { ...fix, edits: [] })),
            ...suppressionFixes(doc, directives, rule.id, line, fixEdits),
          ],
        });
      }
    }
  }
  findings.sort((a, b) => a.span.start - b.span.start || a.ruleId.localeCompare(b.ruleId));
  return { path: filePath, document: doc, ...(analysis ? { analysis } : {}), findings };
}

/**
 * Whether a file is read at all: a code file or notebook only when it imports a model SDK or prompt library, a data
 * file only when it has a prompt-like field, unless the `code` setting says on (code) or off (both). Prompt files
 * always are.
 */
export function readsFile(filePath: string, text: string, config: ResolvedConfig): boolean {
  const format = formatForPath(filePath);
  // Named explicitly, any file is plain text; but a configuration file an editor sends (its glob is a data format's)
  // is never read as a prompt.
  if (!format) return !isNeverPromptFile(filePath);
  if (!promptFormat(format).code) return true;
  if (config.code === 'off') return false;
  // Data files are read when they have a prompt-like field, whatever the setting: "on" is about code.
  if (format === 'json-data' || format === 'yaml-data') return mayHoldDataPrompts(text, format);
  if (config.code === 'on') return true;
  if (format === 'notebook') return notebookImportsModelLibrary(text);
  return importsModelLibrary(text, format === 'python' ? 'python' : 'typescript');
}

/** A rule's findings; a sampled rule that fails on odd kept data gives none (the static rules must still run). */
function runRule(rule: Rule, context: Parameters<Rule['check']>[0], options: LintOptions): RuleFinding[] {
  if (!rule.sampledBy) return rule.check(context);
  try {
    return rule.check(context);
  } catch (error) {
    options.onSampledRuleError?.(rule.id, error);
    return [];
  }
}

function leastSevere(a: Severity, b: Severity): Severity {
  return SEVERITY_ORDER.indexOf(a) > SEVERITY_ORDER.indexOf(b) ? a : b;
}

function withRanges(doc: PromptDocument, fix: RuleFix): Fix {
  const edits = typeof fix.edits === 'function' ? fix.edits() : fix.edits;
  return { ...fix, edits: edits.map((e) => ({ ...e, range: doc.lines.rangeOf(e.span) })) };
}

const DIRECTIVE = /^evenhand-(disable-next-line|disable-file)\b\s*(.*)$/;

/** The directive comments of a document, and whether a rule is suppressed on a line. */
function readSuppressions(doc: PromptDocument): { isSuppressed(ruleId: string, line: number): boolean } {
  const fileRules = new Set<string>();
  const lineRules = new Map<number, Set<string>>();
  const pattern = new RegExp(doc.bodyComment.pattern.source, doc.bodyComment.pattern.flags.includes('g') ? doc.bodyComment.pattern.flags : `${doc.bodyComment.pattern.flags}g`);
  const inFence = insideAnySpan([...doc.source.matchAll(FENCE)].map((f) => ({ start: f.index, end: f.index + f[0].length })));
  const inMessage = insideAnySpan(doc.format === 'github-models' || promptFormat(doc.format).code ? doc.messages.map((message) => message.span) : []);
  // A notebook's directives are in its code cells (joined, mapped to the file); other files' in their own text.
  const scanned = doc.commentSource;
  for (const m of (scanned?.text ?? doc.source).matchAll(pattern)) {
    const directive = DIRECTIVE.exec((m[1] ?? '').trim());
    const at = scanned ? scanned.offsets[m.index] : m.index;
    if (!directive || (!scanned && inFence(at)) || inMessage(at)) continue;
    const words = directive[2].split(/[\s,]+/).filter((w) => w.length > 0 && w !== '--');
    const ids = words.filter((id) => /^EH\d{3}$/.test(id));
    // No ids means every rule; ids that are all unknown ("eh001", "identity-persona") mean none, never all.
    if (words.length > 0 && ids.length === 0) continue;
    const rules = ids.length > 0 ? ids : ['*'];
    if (directive[1] === 'disable-file') {
      rules.forEach((r) => fileRules.add(r));
      continue;
    }
    let nextLine: number;
    if (scanned) {
      const next = scanned.text.indexOf('\n', m.index + m[0].length) + 1;
      if (next <= 0 || next >= scanned.text.length) continue;
      nextLine = doc.lines.positionAt(scanned.offsets[next]).line;
    } else nextLine = doc.lines.positionAt(m.index + m[0].length).line + 1;
    for (const line of targetLines(doc, nextLine)) {
      const set = lineRules.get(line) ?? new Set<string>();
      rules.forEach((r) => set.add(r));
      lineRules.set(line, set);
    }
  }
  return {
    isSuppressed(ruleId, line) {
      if (fileRules.has('*') || fileRules.has(ruleId)) return true;
      const set = lineRules.get(line);
      return !!set && (set.has('*') || set.has(ruleId));
    },
  };
}

// Whether a directive comment is really text of the prompt: shown in a code fence as an example, or inside a YAML
// content scalar (where `#` is not a comment).
const FENCE = /^[ \t]*(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:^[ \t]*\1[ \t]*$|(?![\s\S]))/gm;

/** The lines a next-line directive above `line` covers: that line, or a whole YAML scalar opened on it. */
export function targetLines(doc: PromptDocument, line: number): number[] {
  const scope = doc.directiveScopes && scopeIndex(doc.directiveScopes).withKeyLine(line);
  if (!scope) return [line];
  const lines = [line];
  for (let l = Math.min(scope.firstLine, line); l <= scope.lastLine; l++) if (l !== line) lines.push(l);
  return lines;
}

/** Where a next-line directive for a finding on `line` goes: above the line, or above the YAML key of its scalar. */
function directiveLine(doc: PromptDocument, line: number): number {
  const scope = doc.directiveScopes && scopeIndex(doc.directiveScopes).holding(line);
  return scope ? scope.line : line;
}

/** Where directive comments go in this document: its line ending and where the body starts. */
function directiveSites(doc: PromptDocument): { eol: string; fileStart: number } {
  return { eol: doc.source.includes('\r\n') ? '\r\n' : '\n', fileStart: doc.bodyStart };
}

function suppressionFixes(doc: PromptDocument, sites: { eol: string; fileStart: number }, ruleId: string, line: number, withEdits: boolean): Fix[] {
  // Nowhere to write a directive: JSON has no comments.
  if (doc.bodyComment.none) return [];
  if (doc.commentSource) return notebookSuppressionFixes(doc, sites, ruleId, line, withEdits);
  const fileEdits = withEdits ? [insertion(doc, sites.fileStart, `${doc.bodyComment.wrap(`evenhand-disable-file ${ruleId}`)}${sites.eol}`)] : [];
  const fileOnly: Fix[] = [{ title: `Disable ${ruleId} for this file`, kind: 'suppress', edits: fileEdits }];
  // Inside frontmatter the body's comment syntax is not a comment: only the file-level directive can go there.
  if (doc.lines.lineStart(line) < sites.fileStart) return fileOnly;
  if (!withEdits) return [{ title: `Disable ${ruleId} for this line`, kind: 'suppress', edits: [] }, ...fileOnly];
  const target = directiveLine(doc, line);
  const lineStart = doc.lines.lineStart(target);
  const indent = /^[ \t]*/.exec(doc.source.slice(lineStart, lineStart + 200))?.[0] ?? '';
  const nextLineFix = insertion(doc, lineStart, `${indent}${doc.bodyComment.wrap(`evenhand-disable-next-line ${ruleId}`)}${sites.eol}`);
  return [{ title: `Disable ${ruleId} for this line`, kind: 'suppress', edits: [nextLineFix] }, ...fileOnly];
}

/**
 * A notebook's directive is a line of a code cell: a new JSON string in the cell's `source` list, above the line the
 * finding is on (a list written one string per line, as Jupyter writes it), or above the first code line for the
 * whole file. A cell whose source is one string gets no line fix.
 */
function notebookSuppressionFixes(doc: PromptDocument, sites: { eol: string }, ruleId: string, line: number, withEdits: boolean): Fix[] {
  const stringLine = (at: number): { start: number; indent: string } | undefined => {
    const start = doc.lines.lineStart(at);
    const match = /^([ \t]*)"/.exec(doc.source.slice(start, start + 200));
    return match ? { start, indent: match[1] } : undefined;
  };
  const directive = (kind: string, at: { start: number; indent: string }) => insertion(doc, at.start, `${at.indent}${JSON.stringify(`# evenhand-${kind} ${ruleId}\n`)},${sites.eol}`);
  const fixes: Fix[] = [];
  const here = stringLine(line);
  if (here) fixes.push({ title: `Disable ${ruleId} for this line`, kind: 'suppress', edits: withEdits ? [directive('disable-next-line', here)] : [] });
  const firstCode = doc.commentSource && doc.commentSource.text.length > 0 ? stringLine(doc.lines.positionAt(doc.commentSource.offsets[0]).line) : undefined;
  if (firstCode) fixes.push({ title: `Disable ${ruleId} for this file`, kind: 'suppress', edits: withEdits ? [directive('disable-file', firstCode)] : [] });
  return fixes;
}

function insertion(doc: PromptDocument, offset: number, newText: string): Fix['edits'][number] {
  const span = { start: offset, end: offset };
  return { span, newText, range: doc.lines.rangeOf(span) };
}

