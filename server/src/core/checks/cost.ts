// What a check's tokens cost, by a price table the user gives (nothing is assumed about any provider's prices).
import type { CheckCost } from './sampling.js';

/** Prices of a million tokens, in whatever currency the user priced them in. */
export interface Price {
  promptPerMillion: number;
  completionPerMillion: number;
}

/** A cost estimate and the prices it rests on. */
export interface CostEstimate extends Price {
  estimate: number;
}

/** The estimated cost of the tokens a check used (requests served from the cache cost nothing). */
export function estimateCost(cost: Pick<CheckCost, 'promptTokens' | 'completionTokens'>, price: Price): CostEstimate {
  const estimate = (cost.promptTokens * price.promptPerMillion + cost.completionTokens * price.completionPerMillion) / 1e6;
  return { estimate, ...price };
}
