import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { applyEdits, lintText, resolveConfig } from '../server/out/core/index.js';

const config = resolveConfig();
const PATHS = ['p.prompt.md', 'p.instructions.md', 'p.prompty', 'p.prompt', 'p.prompt.yml', 'p.txt'];
// Pieces that exercise every part of the engine: personas, instructions, masks, markup, directives, odd text.
const PIECES = [
  'You are a proud conservative. ', 'Act as a {{persona}}. ', 'You are ${input:role}. ', 'Pretend to be a Tory',
  'Rate how credible each claim is. ', 'Remain neutral. ', 'You are participant 3 in a focus group. ',
  'From now on, you are a Democrat. ', 'As a devout Sikh, you ', 'Your name is Ana. You grew up Catholic. ',
  'The user is a Methodist. ', '"You are a Republican" ', '```\nYou are a Green voter\n```\n', '`code` ', '**bold** ',
  '<!-- evenhand-disable-next-line EH001 -->\n', '# evenhand-disable-file\n', '{{! evenhand-disable-next-line }}\n',
  '{# evenhand-disable-next-line EH002 #}\n', '---\n', 'system:\n', 'user:\n', '{{role "system"}}\n', 'messages:\n',
  '  - role: system\n', '    content: |\n', '      You are a lifelong Yankees fan.\n', "    content: 'a ''b'' c'\n",
  '    content: "x\\n\\"y\\u00e9"\n', '\n', '\r\n', '\t', ' ', '.', ',', ':', '"', '“', '’s ', 'é', '🙂', '\u0000', 'a'.repeat(50),
];

describe('property: linting never throws and every finding and fix is well-formed', () => {
  test('random documents in every format', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PATHS), fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }), (file, pieces) => {
        const text = pieces.join('');
        const result = lintText(file, text, config);
        for (const finding of result.findings) {
          assert.ok(finding.span.start >= 0 && finding.span.start <= finding.span.end && finding.span.end <= text.length);
          assert.deepEqual(finding.range, result.document!.lines.rangeOf(finding.span));
          for (const related of finding.related) assert.ok(related.span.end <= text.length);
          for (const fix of finding.fixes) {
            for (const edit of fix.edits) assert.ok(edit.span.start <= edit.span.end && edit.span.end <= text.length);
            lintText(file, applyEdits(text, fix.edits), config);
          }
        }
      }),
      { numRuns: 1500 },
    );
  });

  test('arbitrary unicode strings', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PATHS), fc.string({ unit: 'binary', maxLength: 400 }), (file, text) => {
        const result = lintText(file, text, config);
        assert.ok(Array.isArray(result.findings));
      }),
      { numRuns: 1500 },
    );
  });
});
