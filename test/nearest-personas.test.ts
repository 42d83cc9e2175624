// personasNear (EH002/EH003's "which personas does this evaluation run under") picks exactly what sorting every
// persona by distance did, ties to the earlier persona, in source order; only faster.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { personasNear } from '../server/out/core/rules/nearestPersonas.js';

/** The definition: every persona sorted by distance (a stable sort keeps ties in order), the first 8, by start. */
function nearestBySorting<T extends { span: { start: number } }>(personas: T[], at: number, limit = 8): T[] {
  if (personas.length <= limit) return personas;
  return [...personas]
    .sort((a, b) => Math.abs(a.span.start - at) - Math.abs(b.span.start - at))
    .slice(0, limit)
    .sort((a, b) => a.span.start - b.span.start);
}

test('personasNear agrees with sorting every persona by distance, ties included', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 40 }), fc.array(fc.integer({ min: -5, max: 65 }), { minLength: 1, maxLength: 10 }), (starts, queries) => {
      const personas = starts.map((start, id) => ({ id, span: { start } }));
      const near = personasNear(personas);
      for (const at of queries) assert.deepEqual(near(at).map((p) => p.id), nearestBySorting(personas, at).map((p) => p.id));
    }),
    { numRuns: 3000, seed: 9_0004 },
  );
});
