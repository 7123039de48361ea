/**
 * The Wilson score interval of a proportion: honest for small counts and rates near 0 or 1, where
 * the normal approximation (p ± z·√(p(1−p)/n)) leaves [0, 1] or collapses to a point.
 */

/** z for a two-sided 95 % interval. */
export const Z_95 = 1.959963984540054;

/** The interval of `successes` out of `trials`; [0, 1] when there are no trials. */
export function wilsonInterval(successes: number, trials: number, z = Z_95): { low: number; high: number } {
  if (trials <= 0) return { low: 0, high: 1 };
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const margin = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denominator;
  return { low: Math.max(0, centre - margin), high: Math.min(1, centre + margin) };
}
