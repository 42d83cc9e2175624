/** A seeded pseudo-random generator: returns numbers in [0, 1). Mulberry32: small, fast, good enough for simulation. */
export function createRng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw from a uniform generator (Box-Muller; the second value is discarded for simplicity). */
export function gaussian(rng: () => number): number {
  const u = 1 - rng(); // in (0, 1], so the logarithm is finite
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/** Shuffles `values` in place (Fisher-Yates) and returns it. */
export function shuffle<T>(values: T[], rng: () => number): T[] {
  for (let i = values.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const swap = values[i]!;
    values[i] = values[j]!;
    values[j] = swap;
  }
  return values;
}

/** A chi-square draw with `df` (> 0, not necessarily whole) degrees of freedom: twice a gamma(df / 2) draw (Marsaglia-Tsang). */
export function chiSquare(df: number, rng: () => number): number {
  if (!(df > 0)) throw new RangeError(`degrees of freedom must be > 0, got ${df}`);
  const shape = df / 2;
  // Below shape 1 the method needs a boost: gamma(a) = gamma(a + 1) * U^(1 / a).
  const boosted = shape < 1 ? shape + 1 : shape;
  const d = boosted - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  let draw: number;
  for (;;) {
    const x = gaussian(rng);
    const v = (1 + c * x) ** 3;
    if (v <= 0) continue;
    const u = 1 - rng();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
      draw = d * v;
      break;
    }
  }
  if (shape < 1) draw *= (1 - rng()) ** (1 / shape);
  return 2 * draw;
}
