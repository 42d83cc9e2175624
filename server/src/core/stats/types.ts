/** An estimate with its interval (two-sided, at the confidence level it was computed for). */
export interface Estimate {
  value: number;
  interval: [number, number];
}
