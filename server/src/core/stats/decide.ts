/** Where an interval lies against a margin around zero: wholly beyond it (on either side), wholly inside it, or neither. */
export type MarginDecision = 'beyond' | 'within' | 'undecided';

/** Where an interval lies against a threshold: wholly below it, wholly above it, or neither. */
export type ThresholdDecision = 'below' | 'above' | 'undecided';

/**
 * What an interval settles. Against a margin: 'beyond' when the whole interval lies beyond the margin on either
 * side, 'within' when it lies strictly inside (-margin, margin). Against a threshold: 'below' or 'above' when the
 * whole interval lies on that side. Anything touching or straddling a boundary is 'undecided'. The checks map
 * these to their verdicts.
 */
export function decideInterval(interval: [number, number], margin: number, test: 'margin'): MarginDecision;
export function decideInterval(interval: [number, number], threshold: number, test: 'threshold'): ThresholdDecision;
export function decideInterval(
  interval: [number, number],
  margin: number,
  test: 'margin' | 'threshold',
): MarginDecision | ThresholdDecision {
  const [low, high] = interval;
  if (Number.isNaN(low) || Number.isNaN(high) || low > high) throw new RangeError(`not an interval: [${low}, ${high}]`);
  if (test === 'threshold') {
    if (high < margin) return 'below';
    if (low > margin) return 'above';
    return 'undecided';
  }
  if (!(margin >= 0)) throw new RangeError(`margin must be >= 0, got ${margin}`);
  if (low > margin || high < -margin) return 'beyond';
  if (low > -margin && high < margin) return 'within';
  return 'undecided';
}

/**
 * The error rate to spend at look number `look` (0 for the first look) so that the rates over all looks sum to at
 * most alpha: alpha * 6 / (pi^2 (look + 1)^2) when the number of looks is open, alpha * (look + 1) / (1 + 2 + ... +
 * looks) when the check knows it will look at most `looks` times (its budget caps the rounds). A check that computes a fixed-sample interval
 * at this level after every round keeps its overall error rate at alpha however many rounds it takes.
 */
export function alphaAtLook(alpha: number, look: number, looks?: number): number {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must lie in (0, 1), got ${alpha}`);
  if (!(Number.isInteger(look) && look >= 0)) throw new RangeError(`look must be a whole number >= 0, got ${look}`);
  if (looks !== undefined) {
    if (!(Number.isInteger(looks) && looks > look)) throw new RangeError(`look ${look} is past the last of ${looks} looks`);
    // In proportion to the look's number (1, 2, ..., looks): a look with more data gets more of alpha. The first
    // looks rest on few runs per cell, where heavy-tailed run noise makes the normal theory least trustworthy
    // (evenly spread, 7.5% wrong stability verdicts at the threshold under Student t noise, mostly at the first look).
    return (alpha * (look + 1)) / ((looks * (looks + 1)) / 2);
  }
  const k = look + 1;
  return (alpha * 6) / (Math.PI * Math.PI * k * k);
}
