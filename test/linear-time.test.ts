// Linting stays linear in the size of the prompt (issue 9, item 2): on inputs built from the vocabulary the
// engine reacts to, a 1 MB document costs at most BOUND times a 25 KB one, in the engine the CLI runs and
// through the language server (didChange -> publishDiagnostics). Times are CPU times (robust on a loaded
// machine), each the median of several runs; a large run is repeated only when it looks over the bound.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { lintText, resolveConfig } from '../server/out/core/index.js';
import { clearClassifyMemo } from '../server/out/core/persona/classify.js';
import { LspClient } from './support/lspClient.js';
import { documentOf, recipe, type Recipe } from './support/triggerDocs.js';

const SMALL = 25_000;
const LARGE = 1_000_000;
// 40 times the text. A linear lint costs ~40x, but its cost per byte grows at 1 MB: the 25 KB text and its
// analysis fit in the processor's caches, the 1 MB ones do not, and a larger heap collects more. On a document of
// nothing but directive comments and fences the whole measured 80-83x, and single passes over the text (one regex
// replace) alone measured 55-96x. The bound allows three times the per-byte cost; a quadratic step costs ~1,600x
// (and measured 90x-1,239x on these shapes before issue 9's fixes), n^1.5 ~250x.
const BOUND = 120;
const config = resolveConfig();

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function cpuMs(run: () => void): number {
  const start = process.cpuUsage();
  run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/**
 * The cost of one run, averaged over as many runs as take at least 50 ms of CPU: a small input lints in a few
 * milliseconds, where the clock's granularity and one collection would otherwise decide the ratio.
 */
async function perRun(measure: () => Promise<number>): Promise<number> {
  let total = 0;
  let runs = 0;
  while (total < 50 && runs < 500) {
    total += await measure();
    runs++;
  }
  return total / runs;
}

/** Median cost of the small input over 5 averaged runs, of the large over 1 run (3 when the first looks over the bound). */
async function ratio(measureSmall: () => Promise<number>, measureLarge: () => Promise<number>): Promise<{ small: number; large: number; ratio: number }> {
  await measureSmall(); // warm-up: compile the paths the input takes
  const smalls: number[] = [];
  for (let i = 0; i < 5; i++) smalls.push(await perRun(measureSmall));
  const small = Math.max(median(smalls), 0.05);
  const larges = [await measureLarge()];
  if (larges[0] / small > BOUND) larges.push(await measureLarge(), await measureLarge());
  const large = median(larges);
  return { small, large, ratio: large / small };
}

/** A document of about `size` bytes (multi-byte pieces counted), under the default 1 MiB maxFileSize. */
function sized(r: Recipe, size: number): string {
  const probe = documentOf(r, size);
  const bytes = Buffer.byteLength(probe);
  return bytes <= size * 1.02 ? probe : documentOf(r, Math.floor((size * size) / bytes));
}

// The inputs of the issue, and shapes that each made one step quadratic before it was fixed.
const repeat = (unit: (i: number) => string) => (size: number) => {
  const parts: string[] = [];
  for (let i = 0, length = 0; length < size; i++) length += parts[parts.push(unit(i)) - 1].length;
  return parts.join('');
};
const HARD: { name: string; file: string; make: (size: number) => string }[] = [
  { name: 'issue: "You are a Republican number N. Rate it." lines', file: 'p.prompt.md', make: repeat((i) => `You are a Republican number ${i}. Rate it.\n`) },
  { name: 'issue: the same on one line', file: 'p.prompt.md', make: repeat((i) => `You are a Republican number ${i}. Rate it. `) },
  {
    name: 'issue: a .prompty of many role messages',
    file: 'p.prompty',
    make: (size) => `---\nname: x\n---\n${repeat((i) => `system:\nYou are a Democrat voter number ${i}. Be neutral and unbiased.\nuser:\nRate this essay about {{topic}} from 1 to 10.\n`)(size)}`,
  },
  { name: 'personas after a long run of spaces (sentence trimming)', file: 'p.prompt.md', make: (size) => ' '.repeat(size / 2) + repeat((i) => `you are a Democrat ${i} `)(size / 2) },
  { name: 'many different task personas (EH005)', file: 'p.prompt.md', make: repeat((i) => `You are a teacher number ${i}. `) },
  { name: 'identities that conflict, one message (EH005)', file: 'p.prompt.md', make: repeat((i) => `You are a ${['Democrat', 'Republican', 'Catholic', 'Muslim'][i % 4]} ${['teacher', 'nurse', 'voter'][i % 3]} ${i}, `) },
  { name: 'listed attribute lines', file: 'p.prompt.md', make: repeat((i) => `You are a voter ${i}.\nReligion: Catholic ${i}\nNationality: French\n`) },
  { name: 'one sentence of personas, evaluations and debiasing', file: 'p.prompt.md', make: repeat((i) => `you are a Democrat and rate the claim and be neutral and you are a Catholic ${i} and `) },
  { name: 'directive comments and code fences', file: 'p.prompt.md', make: repeat((i) => `<!-- evenhand-disable-next-line EH001 -->\nYou are a Democrat ${i}.\n\`\`\`\ncode\n\`\`\`\n`) },
  { name: 'a .prompt.yml of many messages', file: 'p.prompt.yml', make: (size) => `messages:\n${repeat((i) => `  - role: system\n    content: You are a Democrat ${i}. Rate it. Remain neutral.\n`)(size)}` },
  { name: 'evaluations and debiasing sentences under one persona (EH002)', file: 'p.prompt.md', make: (size) => `You are a Democrat.\n${repeat(() => 'Rate the x. Be fair.\n')(size)}` },
  { name: 'directive comments and code fences only', file: 'p.prompt.md', make: repeat(() => '<!-- evenhand-disable-next-line EH001 -->\n```\n```\n') },
  { name: 'respondent instructions after a long first word (EH004)', file: 'p.prompt.md', make: (size) => 'a'.repeat(size / 8) + repeat((i) => ` participant ${i} in a focus group and`)((7 * size) / 8) },
  { name: 'labelled characters on one line', file: 'p.prompt.md', make: repeat((i) => `Panellist ${String.fromCharCode(65 + (i % 26))}: You are a Democrat. `) },
];

describe('lint time grows linearly with the prompt (CPU time in-process, the engine the CLI runs)', () => {
  for (const shape of HARD) {
    test(shape.name, async (t) => {
      const small = shape.make(SMALL);
      const large = shape.make(LARGE);
      // Each lint from a cold memo of persona phrases: the small text, linted again and again, would otherwise be
      // served from it, and the ratio would measure the memo, not the engine's growth.
      const cold = (text: string) => () => {
        clearClassifyMemo();
        return lintText(shape.file, text, config);
      };
      const measured = await ratio(
        async () => cpuMs(cold(small)),
        async () => cpuMs(cold(large)),
      );
      t.diagnostic(`25 KB ${measured.small.toFixed(1)} ms, 1 MB ${measured.large.toFixed(0)} ms: ${measured.ratio.toFixed(1)}x`);
      assert.ok(measured.ratio <= BOUND, `1 MB took ${measured.ratio.toFixed(0)}x the CPU time of 25 KB (bound ${BOUND}x)`);
    });
  }

  test('random documents from the trigger vocabulary, in every format (seeded)', async (t) => {
    const recipes = fc.sample(recipe, { numRuns: 4, seed: 9_0002 });
    for (const r of recipes) {
      const small = sized(r, SMALL);
      const large = sized(r, LARGE);
      const measured = await ratio(
        async () => cpuMs(() => lintText(r.file, small, config)),
        async () => cpuMs(() => lintText(r.file, large, config)),
      );
      t.diagnostic(`${r.file} ${JSON.stringify(r.pieces.join('')).slice(0, 60)}...: ${measured.ratio.toFixed(1)}x`);
      assert.ok(measured.ratio <= BOUND, `${r.file} ${JSON.stringify(r.pieces)}: 1 MB took ${measured.ratio.toFixed(0)}x the CPU time of 25 KB`);
    }
  });
});

describe('through the language server, didChange to publishDiagnostics grows linearly', () => {
  let client: LspClient;
  before(async () => {
    client = new LspClient();
    await client.initialize();
  });
  after(() => client.shutdown());

  const inputs: { name: string; file: string; make: (size: number) => string }[] = [
    HARD[0],
    ...fc.sample(recipe, { numRuns: 1, seed: 9_0003 }).map((r) => ({ name: `random ${r.file}`, file: r.file, make: (size: number) => sized(r, size) })),
  ];
  for (const input of inputs) {
    test(input.name, { timeout: 120_000 }, async (t) => {
      const uri = client.uri(input.file);
      const small = input.make(SMALL);
      const large = input.make(LARGE);
      let version = 1;
      await client.open(uri, small, version);
      // Server CPU time where /proc has it (a loaded machine slows the wall clock, not the CPU count), else wall time.
      const measure = (text: string) => async () => {
        const cpuBefore = client.cpuMs();
        const wallBefore = performance.now();
        const published = await client.change(uri, ++version, text + ' '.repeat(version % 2));
        const cpuAfter = client.cpuMs();
        assert.ok(Array.isArray(published.diagnostics));
        return cpuBefore !== undefined && cpuAfter !== undefined ? cpuAfter - cpuBefore : performance.now() - wallBefore;
      };
      const measured = await ratio(measure(small), measure(large));
      await client.close(uri);
      t.diagnostic(`25 KB ${measured.small.toFixed(0)} ms, 1 MB ${measured.large.toFixed(0)} ms: ${measured.ratio.toFixed(1)}x`);
      assert.ok(measured.ratio <= BOUND, `1 MB took ${measured.ratio.toFixed(0)}x the server time of 25 KB (bound ${BOUND}x)`);
    });
  }
});
