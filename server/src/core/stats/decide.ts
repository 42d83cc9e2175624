import type { OneSidedVerdict, StabilityVerdict } from '../checks/types.js';

/**
 * The verdict an interval settles. One-sided check: 'one-sided' when the whole interval lies beyond the margin on
 * either side, 'even-handed' when it lies strictly inside (-margin, margin). Stability (margin = the 0.5 share
 * threshold): 'unstable' when it lies below, 'stable' when above. Anything straddling a boundary is 'inconclusive'.
 */
export function decideInterval(interval: [number, number], margin: number, kind: 'one-sided'): OneSidedVerdict;
export function decideInterval(interval: [number, number], threshold: number, kind: 'stability'): StabilityVerdict;
export function decideInterval(
  interval: [number, number],
  margin: number,
  kind: 'one-sided' | 'stability',
): OneSidedVerdict | StabilityVerdict {
  const [low, high] = interval;
  if (Number.isNaN(low) || Number.isNaN(high) || low > high) throw new RangeError(`not an interval: [${low}, ${high}]`);
  if (kind === 'stability') {
    if (high < margin) return 'unstable';
    if (low > margin) return 'stable';
    return 'inconclusive';
  }
  if (!(margin >= 0)) throw new RangeError(`margin must be >= 0, got ${margin}`);
  if (low > margin || high < -margin) return 'one-sided';
  if (low > -margin && high < margin) return 'even-handed';
  return 'inconclusive';
}

/**
 * The error rate to spend at look number `look` (0 for the first look) so that the rates over all looks sum to at
 * most alpha: alpha * 6 / (pi^2 (look + 1)^2) when the number of looks is open, alpha / looks when the check knows
 * it will look at most `looks` times (its budget caps the rounds). A check that computes a fixed-sample interval
 * at this level after every round keeps its overall error rate at alpha however many rounds it takes.
 */
export function alphaAtLook(alpha: number, look: number, looks?: number): number {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must lie in (0, 1), got ${alpha}`);
  if (!(Number.isInteger(look) && look >= 0)) throw new RangeError(`look must be a whole number >= 0, got ${look}`);
  if (looks !== undefined) {
    if (!(Number.isInteger(looks) && looks > look)) throw new RangeError(`look ${look} is past the last of ${looks} looks`);
    // Spread evenly: late looks, which have the most data, get as much as early ones.
    return alpha / looks;
  }
  const k = look + 1;
  return (alpha * 6) / (Math.PI * Math.PI * k * k);
}
