// What in-memory fake models need to answer the checks' probe requests: which shipped item a request asks, the
// chat before the question (where the persona is), and a deterministic uniform draw per request.
import { SHIPPED_TOPICS, shippedProbes, type ProbeItem, type SampleRequest } from '../../server/out/core/checks/index.js';
import { createRng } from '../../server/out/core/stats/index.js';

/** A uniform draw in [0, 1) fixed by its parts: the same request and sample index always draw the same. */
export function uniformOf(...parts: unknown[]): number {
  const text = JSON.stringify(parts);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return createRng(hash >>> 0)();
}

/** Every probe item Evenhand ships, by the text a check asks it with. */
export const ALL_ITEMS = SHIPPED_TOPICS.flatMap((topic) => shippedProbes(topic).items);

export function itemAsked(request: SampleRequest<unknown>): ProbeItem | undefined {
  const question = request.messages.at(-1)?.content ?? '';
  return ALL_ITEMS.find((item) => question.startsWith(`${item.text}\n\n`));
}

/** The chat before the question: where the persona (if any) is. */
export function contextOf(request: SampleRequest<unknown>): string {
  return request.messages
    .slice(0, -1)
    .map((m) => m.content)
    .join('\n');
}
