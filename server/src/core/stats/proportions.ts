import type { Estimate } from './types.js';
import { normalQuantile } from './distributions.js';

function checkCounts(successes: number, n: number): void {
  if (!Number.isInteger(successes) || !Number.isInteger(n) || successes < 0 || n < 0 || successes > n) {
    throw new RangeError(`need whole counts with 0 <= successes <= n, got ${successes} of ${n}`);
  }
}

function checkAlpha(alpha: number): void {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must lie in (0, 1), got ${alpha}`);
}

/** Wilson score interval for a proportion; with no trials the value is NaN and the interval is [0, 1]. */
export function wilsonInterval(successes: number, n: number, alpha: number): Estimate {
  checkCounts(successes, n);
  checkAlpha(alpha);
  if (n === 0) return { value: NaN, interval: [0, 1] };
  const z = normalQuantile(1 - alpha / 2);
  const z2 = z * z;
  const p = successes / n;
  const centre = (successes + z2 / 2) / (n + z2);
  const halfWidth = (z / (n + z2)) * Math.sqrt((successes * (n - successes)) / n + z2 / 4);
  // At 0 or n successes the bound is exactly 0 or 1; clamp so rounding cannot leave the point outside.
  return { value: p, interval: [Math.max(0, Math.min(p, centre - halfWidth)), Math.min(1, Math.max(p, centre + halfWidth))] };
}

/** Difference of two proportions p1 - p2 with Newcombe's hybrid score interval (built from two Wilson intervals). */
export function newcombeDifference(s1: number, n1: number, s2: number, n2: number, alpha: number): Estimate {
  const first = wilsonInterval(s1, n1, alpha);
  const second = wilsonInterval(s2, n2, alpha);
  if (n1 === 0 || n2 === 0) return { value: NaN, interval: [-1, 1] };
  const p1 = first.value;
  const p2 = second.value;
  const [l1, u1] = first.interval;
  const [l2, u2] = second.interval;
  const d = p1 - p2;
  return {
    value: d,
    interval: [
      Math.max(-1, d - Math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)),
      Math.min(1, d + Math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)),
    ],
  };
}

/**
 * Relative risk (s1/n1) / (s2/n2) with the log-method interval; when a cell is empty (0 successes or 0 failures in
 * either group) every cell gets 0.5 added, so the estimate and interval stay finite. With no trials in a group the
 * value is NaN and the interval is [0, Infinity].
 */
export function relativeRisk(s1: number, n1: number, s2: number, n2: number, alpha: number): Estimate {
  checkCounts(s1, n1);
  checkCounts(s2, n2);
  checkAlpha(alpha);
  if (n1 === 0 || n2 === 0) return { value: NaN, interval: [0, Infinity] };
  const emptyCell = s1 === 0 || s2 === 0 || s1 === n1 || s2 === n2;
  const a = emptyCell ? s1 + 0.5 : s1;
  const b = emptyCell ? s2 + 0.5 : s2;
  const m1 = emptyCell ? n1 + 1 : n1;
  const m2 = emptyCell ? n2 + 1 : n2;
  const logRisk = Math.log(a / m1) - Math.log(b / m2);
  const se = Math.sqrt(1 / a - 1 / m1 + 1 / b - 1 / m2);
  const z = normalQuantile(1 - alpha / 2);
  return { value: Math.exp(logRisk), interval: [Math.exp(logRisk - z * se), Math.exp(logRisk + z * se)] };
}
