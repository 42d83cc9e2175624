// The model client's public surface: the CLI and the tests import from here.
export * from './openaiSampler.js';
export * from './cache.js';
export * from './keyPolicy.js';
export { JSON_INSTRUCTION_LEAD, jsonOnlyInstruction, readJsonReply, outcomeOf } from './answers.js';
export { Semaphore, backoffMs, retryAfterMs } from './throttle.js';
