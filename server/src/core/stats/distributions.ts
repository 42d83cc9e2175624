// Special functions for the intervals, written from their textbook definitions: the gamma function by Stirling's
// series, the incomplete gamma by its power series and continued fraction, the incomplete beta by its continued
// fraction (evaluated with Lentz's method), and quantiles by bisection on the distribution functions.

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);
const TINY = 1e-300;
const EPSILON = 1e-15;
const MAX_ITERATIONS = 10_000;

/** log Gamma(x) for x > 0. */
export function logGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`logGamma needs x > 0, got ${x}`);
  // Shift x up with Gamma(x) = Gamma(x + 1) / x until Stirling's series is accurate to double precision.
  let shift = 0;
  while (x < 10) {
    shift += Math.log(x);
    x += 1;
  }
  const inv = 1 / x;
  const inv2 = inv * inv;
  const series = inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 * (1 / 1680 - inv2 / 1188))));
  return (x - 0.5) * Math.log(x) - x + HALF_LOG_TWO_PI + series - shift;
}

/** The regularized lower incomplete gamma function P(a, x). */
export function regularizedGammaP(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0)) throw new RangeError(`regularizedGammaP needs a > 0 and x >= 0, got ${a}, ${x}`);
  if (x === 0) return 0;
  if (x === Infinity) return 1;
  const logPrefix = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) {
    // Power series: P = x^a e^-x / Gamma(a) * sum x^n / (a (a+1) ... (a+n)).
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < MAX_ITERATIONS; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * EPSILON) break;
    }
    return Math.min(1, sum * Math.exp(logPrefix));
  }
  // Continued fraction for Q = 1 - P: Q = x^a e^-x / Gamma(a) * 1/(x+1-a- 1(1-a)/(x+3-a- 2(2-a)/(x+5-a- ...))).
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let fraction = d;
  for (let n = 1; n < MAX_ITERATIONS; n++) {
    const an = -n * (n - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    fraction *= delta;
    if (Math.abs(delta - 1) < EPSILON) break;
  }
  return Math.max(0, 1 - Math.exp(logPrefix) * fraction);
}

/** The standard normal distribution function. */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) return NaN;
  const p = 0.5 * regularizedGammaP(0.5, (z * z) / 2);
  return z >= 0 ? 0.5 + p : 0.5 - p;
}

/** Finds x in [lo, hi] with f(x) = target for a nondecreasing f, by bisection to double precision. */
function invertIncreasing(f: (x: number) => number, target: number, lo: number, hi: number): number {
  for (let i = 0; i < 200; i++) {
    const mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    if (f(mid) < target) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

const normalQuantiles = new Map<number, number>();

/** The standard normal quantile: z with normalCdf(z) = p. */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`normalQuantile needs p in [0, 1], got ${p}`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  let z = normalQuantiles.get(p);
  if (z === undefined) {
    z = invertIncreasing(normalCdf, p, -40, 40);
    normalQuantiles.set(p, z);
  }
  return z;
}

/** The regularized incomplete beta function I_x(a, b): the Beta(a, b) distribution function at x. */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (!(a > 0) || !(b > 0)) throw new RangeError(`regularizedBeta needs a, b > 0, got ${a}, ${b}`);
  if (!(x >= 0 && x <= 1)) throw new RangeError(`regularizedBeta needs x in [0, 1], got ${x}`);
  if (x === 0 || x === 1) return x;
  // The continued fraction converges fast for x below the mean-ish point; use I_x(a,b) = 1 - I_{1-x}(b,a) above it.
  if (x > (a + 1) / (a + b + 2)) return 1 - regularizedBeta(1 - x, b, a);
  const logPrefix = a * Math.log(x) + b * Math.log1p(-x) - Math.log(a) - logBeta(a, b);
  // I_x(a,b) = prefix / (1 + d1/(1 + d2/(1 + ...))), with
  // d(2m+1) = -(a+m)(a+b+m)x / ((a+2m)(a+2m+1)) and d(2m) = m(b-m)x / ((a+2m-1)(a+2m)).
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let fraction = d;
  for (let m = 1; m < MAX_ITERATIONS; m++) {
    const even = (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m));
    d = 1 + even * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + even / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    fraction *= d * c;
    const odd = (-(a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1));
    d = 1 + odd * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + odd / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    fraction *= delta;
    if (Math.abs(delta - 1) < EPSILON) break;
  }
  return Math.min(1, Math.max(0, Math.exp(logPrefix) * fraction));
}

/** log B(a, b) = log Gamma(a) + log Gamma(b) - log Gamma(a + b). */
export function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/** The F(df1, df2) distribution function. */
export function fCdf(f: number, df1: number, df2: number): number {
  if (!(df1 > 0) || !(df2 > 0)) throw new RangeError(`fCdf needs positive degrees of freedom, got ${df1}, ${df2}`);
  if (Number.isNaN(f)) return NaN;
  if (f <= 0) return 0;
  if (f === Infinity) return 1;
  return regularizedBeta((df1 * f) / (df1 * f + df2), df1 / 2, df2 / 2);
}

/** The F(df1, df2) quantile: f with fCdf(f, df1, df2) = p. */
export function fQuantile(p: number, df1: number, df2: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`fQuantile needs p in [0, 1], got ${p}`);
  if (!(df1 > 0) || !(df2 > 0)) throw new RangeError(`fQuantile needs positive degrees of freedom, got ${df1}, ${df2}`);
  if (p === 0) return 0;
  if (p === 1) return Infinity;
  // Invert the beta distribution function, then map its quantile q back: f = df2 q / (df1 (1 - q)).
  const q = invertIncreasing((x) => regularizedBeta(x, df1 / 2, df2 / 2), p, 0, 1);
  return (df2 * q) / (df1 * (1 - q));
}
