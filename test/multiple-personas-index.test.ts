// EH005 finds, for each new persona, the earliest earlier persona it differs from through an index instead of a
// walk over every earlier persona; on random casts it must name exactly the persona the walk named.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { PersonaAssignment } from '../server/out/core/persona/types.js';
import { multiplePersonas } from '../server/out/core/rules/EH005-multiple-personas.js';

/** The definition the index replaces: walk every earlier persona, first different one wins. */
function earlierByWalking(personas: PersonaAssignment[], keyOf: (p: PersonaAssignment) => string): (PersonaAssignment | undefined)[] {
  const sorted = [...personas].sort((a, b) => a.span.start - b.span.start);
  const keys = sorted.map(keyOf);
  const conflicts = (a: PersonaAssignment, b: PersonaAssignment) =>
    // Two wordings of one side never conflict: sides are told apart by message and label.
    a.identityAttributes.some((x) => x.category !== 'stance' && b.identityAttributes.some((y) => x.category === y.category && x.term.toLowerCase() !== y.term.toLowerCase()));
  const found: (PersonaAssignment | undefined)[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const current = sorted[i];
    if (keys.indexOf(keys[i]) < i && !current.reassigns) continue;
    let earlier: PersonaAssignment | undefined;
    for (let j = 0; j < i && !earlier; j++) {
      const previous = sorted[j];
      if (keys[j] === keys[i]) continue;
      const bothTask = previous.kind === 'task' && current.kind === 'task';
      let different: boolean;
      if (current.reassigns) different = true;
      else if (previous.messageIndex !== current.messageIndex) different = !bothTask;
      else if (previous.label && current.label && previous.label !== current.label) different = !bothTask;
      else different = previous.kind !== 'task' && current.kind !== 'task' && conflicts(previous, current);
      if (different) earlier = previous;
    }
    if (earlier) found.push(earlier);
  }
  return found;
}

function keyOf(persona: PersonaAssignment): string {
  if (persona.kind === 'templated') return `var:${persona.variable ?? ''}`;
  if (persona.identityAttributes.length > 0) return persona.identityAttributes.map((a) => a.term.toLowerCase()).sort().join('|');
  return `role:${persona.phrase.toLowerCase().replace(/^(?:a|an|the)\s+/, '')}`;
}

const attribute = fc.record({
  category: fc.constantFrom('political', 'religion', 'stance'),
  term: fc.constantFrom('Democrat', 'democrat', 'Republican', 'Catholic', 'Muslim', 'union'),
});
const persona = fc.record({
  messageIndex: fc.integer({ min: 0, max: 2 }),
  kind: fc.constantFrom('identity', 'stance', 'task', 'templated'),
  start: fc.integer({ min: 0, max: 50 }),
  phrase: fc.constantFrom('a teacher', 'a nurse', 'the judge'),
  attributes: fc.array(attribute, { maxLength: 3 }),
  variable: fc.constantFrom('persona', 'role'),
  label: fc.constantFrom(undefined, '', 'A', 'B'),
  reassigns: fc.boolean(),
});

test('EH005 names the same earlier persona as walking every earlier one', () => {
  fc.assert(
    fc.property(fc.array(persona, { maxLength: 25 }), (drafts) => {
      const personas = drafts.map(
        (d): PersonaAssignment => ({
          messageIndex: d.messageIndex,
          kind: d.kind as PersonaAssignment['kind'],
          form: 'direct',
          sentence: { start: d.start, end: d.start + 10 },
          span: { start: d.start, end: d.start + 5 },
          phrase: d.phrase,
          phraseSpan: { start: d.start, end: d.start + 5 },
          identityAttributes: d.attributes.map((a) => ({ ...a, category: a.category as PersonaAssignment['identityAttributes'][number]['category'], span: { start: d.start, end: d.start + 1 } })),
          ...(d.kind === 'templated' ? { variable: d.variable } : {}),
          ...(d.label === undefined ? {} : { label: d.label }),
          reassigns: d.reassigns,
        }),
      );
      const findings = multiplePersonas.check({ analysis: { personas } } as unknown as Parameters<typeof multiplePersonas.check>[0]);
      const expected = earlierByWalking(personas, keyOf);
      // Spans are compared by identity: the finding's related span is the earlier persona's own span object.
      const indexOfSpan = (span: unknown) => personas.findIndex((p) => p.span === span);
      assert.deepEqual(findings.map((f) => indexOfSpan(f.related?.[0].span)), expected.map((p) => indexOfSpan(p!.span)));
    }),
    { numRuns: 5000, seed: 9_0005 },
  );
});
