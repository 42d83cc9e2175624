// Prompts in Python, TypeScript and JavaScript code: what is read as a prompt, how its text maps back to the
// literals, how conversations are kept apart, when a code file is read at all, and suppression comments.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import fc from 'fast-check';
import { loadCodeParsers } from '../server/out/codeParsers.js';
import { applyEdits, lintText, parsePromptFile, resolveConfig, type Finding } from '../server/out/core/index.js';

const config = resolveConfig();
const ids = (findings: readonly Finding[]) => findings.map((f) => `${f.range.start.line + 1}:${f.ruleId}`);
/** The source text a finding points at. */
const at = (source: string, f: Finding) => source.slice(f.span.start, f.span.end);

before(async () => {
  await loadCodeParsers();
});

describe('prompts in code', () => {
  test('a system message in a chat call is read, with its persona and the evaluation in the user message', () => {
    const source = [
      'from openai import OpenAI',
      'client = OpenAI()',
      'SYSTEM = "You are a proud small-government conservative from Texas."',
      'def ask(claim):',
      '    return client.chat.completions.create(',
      '        model="gpt-4o",',
      '        messages=[{"role": "system", "content": SYSTEM},',
      '                  {"role": "user", "content": f"Rate how credible this claim is: {claim}"}],',
      '    )',
    ].join('\n');
    const { findings } = lintText('bot.py', source, config);
    assert.deepEqual(ids(findings), ['3:EH001', '8:EH002']);
    assert.match(at(source, findings[0]), /conservative/);
    assert.equal(at(source, findings[1]).startsWith('Rate'), true);
  });

  test('escapes, implicit concatenation, + between literals and names, and dedent map every word back', () => {
    const source = [
      'import anthropic',
      'import textwrap',
      'BASE = ("You are a helpful assistant. "',
      '        "You are also a devout \\"Catholic\\" priest.\\n")',
      'PROMPT = textwrap.dedent("""',
      '    Stay neutral.',
      '    Decide which argument is stronger.',
      '""")',
      'client = anthropic.Anthropic()',
      'client.messages.create(model="m", system=BASE + PROMPT, messages=[])',
    ].join('\n');
    const { findings } = lintText('priest.py', source, config);
    assert.deepEqual(ids(findings), ['4:EH001', '6:EH003', '7:EH002']);
    assert.match(at(source, findings[0]), /devout \\"Catholic\\" priest/);
    assert.equal(at(source, findings[2]).startsWith('Decide'), true);
  });

  test('an f-string or template literal slot in the persona sentence is a template variable (EH006)', () => {
    const py = 'import openai\nPROMPT = f"You are {persona}. Answer the survey question as that person would."\n';
    assert.ok(ids(lintText('p.py', py, config).findings).includes('2:EH006'));
    const ts = "import OpenAI from 'openai';\nconst system = `You are ${persona}. Answer as that person would.`;\n";
    assert.ok(ids(lintText('p.ts', ts, config).findings).includes('2:EH006'));
  });

  test('TypeScript: SDK options, joined lines and message classes', () => {
    const source = [
      "import { generateText } from 'ai';",
      "import { SystemMessage, HumanMessage } from '@langchain/core/messages';",
      'const SYSTEM = [',
      "  'You are Maya, a Gen Z climate activist.',",
      "  'Rate how convincing the argument is.',",
      "].join(' ');",
      'await generateText({ model, system: SYSTEM, prompt: question });',
      "const messages = [new SystemMessage('You are a lifelong Labour voter.'), new HumanMessage('Which party is right?')];",
    ].join('\n');
    const { findings } = lintText('route.ts', source, config);
    assert.deepEqual(ids(findings), ['4:EH001', '5:EH002', '8:EH001', '8:EH002']);
  });

  test('two prompts in one file are two conversations: a neutral judge beside a persona gets nothing', () => {
    const source = [
      'from openai import OpenAI',
      'client = OpenAI()',
      'persona = client.chat.completions.create(model="m", messages=[{"role": "system", "content": "You are a proud Democrat."}])',
      'judge = client.chat.completions.create(model="m", messages=[',
      '    {"role": "system", "content": "You are an impartial judge. Decide which answer is more accurate."}])',
    ].join('\n');
    assert.deepEqual(ids(lintText('two.py', source, config).findings), ['3:EH001']);
    // The same two prompts in one conversation: the judging sentence is under the persona, and a second persona.
    const joined = source.replace('judge = client.chat.completions.create(model="m", messages=[', 'persona2 = [').replace('}])', '}]');
    assert.ok(lintText('two.py', joined, config).findings.length >= 1);
  });

  test('a template filled in elsewhere in the file: EH001 at the template, related information at the filling literal', () => {
    const python = [
      'from openai import OpenAI',
      'PERSONAS = ["a lifelong Labour voter", "a data analyst"]',
      'TEMPLATE = "You are {persona}. Rate how convincing the speech is."',
      'def ask(persona):',
      '    return OpenAI().chat.completions.create(model="m", messages=[{"role": "user", "content": TEMPLATE.format(persona=persona)}])',
      'for p in PERSONAS:',
      '    ask(p)',
    ].join('\n');
    const findings = lintText('fill.py', python, config).findings;
    assert.deepEqual(ids(findings).sort(), ['3:EH001', '3:EH002', '3:EH006']);
    const [identity] = findings;
    assert.deepEqual(identity.related.map((r) => python.slice(r.span.start, r.span.end)), ['"a lifelong Labour voter"']);
    assert.match(identity.message, /Labour voter/);
    // `%` fills a template as `.format` does.
    const percent = 'import openai\nTEMPLATE = "You are %s. Rate how convincing the speech is."\nprompt = TEMPLATE % "a lifelong Labour voter"\n';
    assert.ok(ids(lintText('pct.py', percent, config).findings).includes('2:EH001'));
    // Task roles filling the same template are no identity: only the template itself is reported.
    assert.deepEqual(ids(lintText('fill.py', python.replace('a lifelong Labour voter', 'a copy editor'), config).findings), ['3:EH006']);
    const typescript = [
      "import OpenAI from 'openai';",
      "const PERSONAS = ['a devout Catholic', 'a proud atheist'];",
      'const prompts = PERSONAS.map((persona) => `You are ${persona}. Answer the survey as that person would.`);',
    ].join('\n');
    const ts = lintText('fill.ts', typescript, config).findings;
    assert.ok(ids(ts).includes('3:EH001'), ids(ts).join());
    assert.deepEqual(ts.find((f) => f.ruleId === 'EH001')!.related.map((r) => typescript.slice(r.span.start, r.span.end)), ["'a devout Catholic'", "'a proud atheist'"]);
  });

  test('a system prompt chosen per condition: each condition is a conversation with the user message it is sent with', () => {
    const source = [
      'import anthropic',
      'client = anthropic.Anthropic()',
      'CONTROL = "You are a helpful assistant."',
      'PARTISAN = "You are a lifelong Labour voter from Leeds."',
      'QUESTION = "How credible is this claim? {claim}"',
      'def rate(system, claim):',
      '    return client.messages.create(model="m", system=system, messages=[{"role": "user", "content": QUESTION.format(claim=claim)}])',
      'for name, system in [("control", CONTROL), ("partisan", PARTISAN)]:',
      '    rate(system, "Taxes rose.")',
    ].join('\n');
    // The question is under the persona in the partisan condition (once, not once per condition); no EH005: the
    // two system prompts are never sent together.
    assert.deepEqual(ids(lintText('conditions.py', source, config).findings).sort(), ['4:EH001', '5:EH002']);
  });

  test('docstrings, log lines, errors and UI strings are not prompts', () => {
    const source = [
      'import openai',
      'def close(client):',
      '    """You are responsible for closing the client after use, as a Republican would say."""',
      '    print("You are a proud conservative user, welcome back!")',
      '    raise ValueError("You are not signed in as a Democrat")',
      'LABELS = ["Democrat", "Republican", "Independent"]',
    ].join('\n');
    assert.deepEqual(ids(lintText('util.py', source, config).findings), []);
  });

  test('a code file is read only when it imports a model SDK, names a prompt or holds one, unless the code setting says otherwise', () => {
    const body = 'SYSTEM_PROMPT = "You are a proud small-government conservative. Rate the claim."\n';
    // Words that open like a prompt only after other words: nothing in the file says prompt.
    const unnamed = 'WELCOME = "Hello! You are a proud small-government conservative. Rate the claim."\n';
    assert.equal(lintText('plain.py', unnamed, config).unread, true);
    assert.deepEqual(ids(lintText('plain.py', unnamed, resolveConfig({ code: 'on' })).findings), []);
    // A literal that opens like a prompt (a table of personas sent by another module) is read.
    assert.deepEqual(ids(lintText('roles.py', 'ROLES = {"red": "You are a proud small-government conservative. Rate the claim."}\n', config).findings), ['1:EH001', '1:EH002']);
    // A module of prompt constants (sent by another file) is read without an SDK import.
    assert.deepEqual(ids(lintText('prompts.py', body, config).findings), ['1:EH001', '1:EH002']);
    assert.deepEqual(ids(lintText('prompts.py', body, resolveConfig({ code: 'off' })).findings), []);
    assert.deepEqual(ids(lintText('sdk.py', `import openai\n${body}`, resolveConfig({ code: 'off' })).findings), []);
    assert.deepEqual(ids(lintText('sdk.py', `from langchain_core.prompts import ChatPromptTemplate\n${body}`, config).findings), ['2:EH001', '2:EH002']);
    assert.deepEqual(ids(lintText('sdk.mjs', `import Anthropic from "@anthropic-ai/sdk";\nconst ${body}`, config).findings), ['2:EH001', '2:EH002']);
  });

  test('suppression comments in the host language, above the line or above a multi-line literal', () => {
    const persona = 'You are a devout evangelical Christian.';
    const py = `import openai\n# evenhand-disable-next-line EH001\nSYSTEM_PROMPT = "${persona}"\n`;
    assert.deepEqual(ids(lintText('s.py', py, config).findings), []);
    const block = `import openai\n# evenhand-disable-next-line EH001\nSYSTEM_PROMPT = """\nHello.\n${persona}\n"""\n`;
    assert.deepEqual(ids(lintText('s.py', block, config).findings), []);
    // Inside a triple-quoted prompt, a # line is the prompt's text, not a comment.
    const inside = `import openai\nSYSTEM_PROMPT = """\n# evenhand-disable-next-line EH001\n${persona}\n"""\n`;
    assert.deepEqual(ids(lintText('s.py', inside, config).findings), ['4:EH001']);
    const ts = `import OpenAI from 'openai';\n// evenhand-disable-next-line EH001\nconst SYSTEM_PROMPT = '${persona}';\n`;
    assert.deepEqual(ids(lintText('s.ts', ts, config).findings), []);
  });

  test('the suppression fix writes the host comment above the literal, and the finding is gone after it', () => {
    for (const [file, source] of [
      ['f.py', 'import openai\nclass Bot:\n    SYSTEM_PROMPT = """Hello.\n    You are a devout evangelical Christian.\n    """\n'],
      ['f.ts', "import OpenAI from 'openai';\nfunction make() {\n  const systemPrompt = `Hello.\nYou are a devout evangelical Christian.`;\n}\n"],
    ]) {
      const [finding] = lintText(file, source, config).findings;
      assert.equal(finding.ruleId, 'EH001', file);
      const fix = finding.fixes.find((f) => f.title === 'Disable EH001 for this line');
      assert.ok(fix, file);
      const fixed = applyEdits(source, fix.edits);
      assert.match(fixed, file.endsWith('.py') ? /\n {4}# evenhand-disable-next-line EH001\n {4}SYSTEM_PROMPT/ : /\n {2}\/\/ evenhand-disable-next-line EH001\n {2}const systemPrompt/);
      assert.deepEqual(ids(lintText(file, fixed, config).findings), [], file);
    }
  });

  test('a directive above one line of a parenthesised prompt suppresses that line only', () => {
    const source = [
      'import openai',
      'SYSTEM_PROMPT = (',
      '    "You are a proud small-government conservative. "',
      '    "Rate how credible each claim is."',
      ')',
    ].join('\n');
    const [persona] = lintText('p.py', source, config).findings;
    assert.equal(persona.ruleId, 'EH001');
    const fixed = applyEdits(source, persona.fixes.find((f) => f.title === 'Disable EH001 for this line')!.edits);
    assert.match(fixed, /\(\n {4}# evenhand-disable-next-line EH001\n {4}"You are/);
    assert.deepEqual(ids(lintText('p.py', fixed, config).findings), ['5:EH002']);
  });

  test('every character of a literal read verbatim maps to itself in the source', () => {
    const word = fc.stringMatching(/^[A-Za-z ,.]{1,12}$/);
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 5 }), fc.constantFrom('py-implicit', 'py-plus', 'py-triple', 'ts-plus', 'ts-template'), (parts, style) => {
        const python = style.startsWith('py');
        const expression =
          style === 'py-implicit'
            ? parts.map((p) => `"${p}"`).join('\n    ')
            : style === 'py-plus'
              ? parts.map((p) => `'${p}'`).join(' + ')
              : style === 'py-triple'
                ? `"""${parts.join('\n')}"""`
                : style === 'ts-plus'
                  ? parts.map((p) => `"${p}"`).join(' +\n  ')
                  : `\`${parts.join('\n')}\``;
        const source = python ? `import openai\nSYSTEM_PROMPT = (${expression})\n` : `import OpenAI from 'openai';\nconst SYSTEM_PROMPT = ${expression};\n`;
        const doc = parsePromptFile(python ? 'x.py' : 'x.ts', source);
        const text = parts.join(style.endsWith('triple') || style.endsWith('template') ? '\n' : '');
        if (!/\p{L}{2,}(?:\P{L}+\p{L}{2,}){3}/u.test(text)) return; // not prose: rightly not read
        assert.equal(doc.messages.length, 1, source);
        const [message] = doc.messages;
        for (let i = 0; i < message.text.length; i++) assert.equal(source[message.offsets[i]], message.text[i], `${source} @${i}`);
      }),
      { numRuns: 300 },
    );
  });
});

describe('notebooks', () => {
  test('the suppression fixes write a directive line into the cell, and the notebook stays valid JSON', () => {
    const notebook = {
      cells: [
        { cell_type: 'code', source: ['from openai import OpenAI\n', 'client = OpenAI()\n'] },
        { cell_type: 'code', source: ['SYSTEM_PROMPT = (\n', '    "You are a proud small-government conservative. "\n', '    "Rate how credible each claim is."\n', ')\n'] },
      ],
      nbformat: 4,
    };
    const source = JSON.stringify(notebook, null, 1);
    const findings = lintText('nb.ipynb', source, config).findings;
    assert.deepEqual(findings.map((f) => f.ruleId).sort(), ['EH001', 'EH002']);
    for (const title of ['Disable EH001 for this line', 'Disable EH001 for this file']) {
      const fix = findings.find((f) => f.ruleId === 'EH001')!.fixes.find((f) => f.title === title);
      assert.ok(fix, title);
      const fixed = applyEdits(source, fix.edits);
      const cells = (JSON.parse(fixed) as typeof notebook).cells;
      assert.ok(cells.some((c) => c.source.some((l) => l.startsWith('# evenhand-disable'))), title);
      assert.deepEqual(lintText('nb.ipynb', fixed, config).findings.map((f) => f.ruleId), ['EH002'], title);
    }
  });
});
