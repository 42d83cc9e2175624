// Bad input in code and data files: generated Python, TypeScript, notebooks, JSON, JSONL and YAML, made of pieces of
// real prompt code cut and joined at random with random text, broken strings and control characters. None may
// throw or hang the linter, and every finding must lie inside the text.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import fc from 'fast-check';
import { loadCodeParsers } from '../server/out/codeParsers.js';
import { lintText, resolveConfig } from '../server/out/core/index.js';

const PIECES = [
  'from openai import OpenAI\n', 'import anthropic\n', "import OpenAI from 'openai';\n", 'client = OpenAI()\n',
  'SYSTEM_PROMPT = """You are a proud small-government conservative.\nRate each claim.\n"""\n',
  'messages=[{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": f"Rate {claim}"}]\n',
  "const system = `You are ${persona}. Judge the essay.`;\n", 'await generateText({ system: SYSTEM, prompt: q });\n',
  'for persona in PERSONAS:\n    ask(TEMPLATE.format(persona=persona))\n', 'PERSONAS = ["a devout Catholic", "a Labour voter"]\n',
  'TEMPLATE = "You are {persona}. Answer as that person would." % (x)\n', '("system", "You are a Texan rancher.")\n',
  'class Judge(dspy.Signature):\n    """You are a Green activist. Grade the essay."""\n', 'textwrap.dedent("""\n    You are a fan.\n""")\n',
  '"You are a \\x41\\u00e9\\N{BULLET} voter\\\n continued."', "r'You are \\d raw'", 'b"You are bytes"', '"""unclosed', "'unclosed",
  '`${', '{', '[', '(', ')', ']', '}', '"', "'", '\\', '#', '//', '/*', '*/', '\n', '\r\n', '\r', '\t', ' + ', ' % ', '.join(', '.format(',
];
const noise = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...PIECES) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 10 }) },
  { weight: 1, arbitrary: fc.constantFrom('\u0000', '\u2028', '\ufeff', '\ud800', '\udfff', '\u202e', '\u0085') },
);
const source = fc.array(noise, { maxLength: 40 }).map((parts) => parts.join(''));

/** A notebook, JSON record, JSON Lines or YAML file holding `text` where a prompt would be, or broken around it. */
function wrapped(kind: string, text: string, broken: boolean): string {
  const cut = (s: string) => (broken ? s.slice(0, Math.max(1, Math.floor(s.length * 0.7))) : s);
  switch (kind) {
    case 'ipynb':
      return cut(JSON.stringify({ cells: [{ cell_type: 'code', source: text.split(/(?<=\n)/) }, { cell_type: 'markdown', source: [text] }], nbformat: 4 }));
    case 'json':
      return cut(JSON.stringify({ messages: [{ role: 'system', content: text }], system: text, 'Persona Prompt': text }));
    case 'jsonl':
      return cut(`${JSON.stringify({ system: text })}\n${JSON.stringify({ prompt: text })}\n{"broken": `);
    case 'yaml':
      return cut(`system: |\n  ${text.replace(/\n/g, '\n  ')}\nprompts:\n  - role: user\n    content: "${text.replace(/"/g, '')}"\n`);
    default:
      return text;
  }
}

before(async () => {
  await loadCodeParsers();
});

test('5,000 generated code and data files: nothing throws or hangs, every finding lies inside the text', (t) => {
  const config = resolveConfig({ code: 'on' });
  let slowest = 0;
  let withMessages = 0;
  let withFindings = 0;
  fc.assert(
    fc.property(source, fc.constantFrom('py', 'ts', 'tsx', 'mjs', 'ipynb', 'json', 'jsonl', 'yaml'), fc.boolean(), (text, kind, broken) => {
      const file = `f.${kind}`;
      const input = wrapped(kind, text, broken);
      const start = performance.now();
      const result = lintText(file, input, config);
      slowest = Math.max(slowest, performance.now() - start);
      for (const finding of result.findings) {
        assert.ok(finding.span.start >= 0 && finding.span.start <= finding.span.end && finding.span.end <= input.length, `${file}: ${JSON.stringify(finding.span)}`);
      }
      if ((result.document?.messages.length ?? 0) > 0) withMessages++;
      if (result.findings.length > 0) withFindings++;
      for (const message of result.document?.messages ?? []) {
        assert.equal(message.offsets.length, message.text.length + 1, file);
        for (const offset of message.offsets) assert.ok(offset >= 0 && offset <= input.length, `${file}: offset ${offset}`);
      }
    }),
    { numRuns: 5_000, seed: 13_13 },
  );
  t.diagnostic(`${withMessages} files with prompts read, ${withFindings} with findings; slowest lint ${slowest.toFixed(0)} ms`);
  // The inputs reach the readers: many files hold prompts and findings.
  assert.ok(withMessages > 1_000 && withFindings > 500, `${withMessages} with prompts, ${withFindings} with findings`);
  // A hang detector, not a benchmark: a file of a few hundred characters lints in a few milliseconds.
  assert.ok(slowest < 2_000, `slowest lint ${slowest.toFixed(0)} ms`);
});
