import assert from 'node:assert/strict';
import { SamplerError } from '../../server/out/core/checks/types.js';

/** The SamplerError a promise rejects with; fails the test when it resolves or rejects with anything else. */
export async function rejection(promise: Promise<unknown>): Promise<SamplerError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof SamplerError, `expected a SamplerError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the promise to reject');
}
