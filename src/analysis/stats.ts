/**
 * Small statistics used by summaries and insights. Pure functions over plain numbers; nulls are the
 * caller's business (filter them first with {@link numbers}).
 */

/** `not_enough_data`: fewer than 3 values, so nothing was compared (never reported as stable). */
export type Trend = 'improving' | 'declining' | 'stable' | 'not_enough_data';

/** Values a trend needs before it says anything. */
export const MIN_TREND_POINTS = 3;

/** The finite numbers of a list (drops null, undefined, NaN). */
export function numbers(values: ReadonlyArray<number | null | undefined>): number[] {
  return values.filter((value): value is number => typeof value === 'number' && Number.isFinite(value));
}

export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

export function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/** Rounds to `digits` decimals (0 by default). */
export function round(value: number, digits = 0): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/**
 * Least-squares slope of `values` against their index (units per step). With fewer than 2 points the
 * slope is 0.
 */
export function slope(values: readonly number[]): number {
  const n = values.length;
  if (n < 2) return 0;
  const meanX = (n - 1) / 2;
  const meanY = values.reduce((total, value) => total + value, 0) / n;
  let numerator = 0;
  let denominator = 0;
  values.forEach((y, x) => {
    numerator += (x - meanX) * (y - meanY);
    denominator += (x - meanX) ** 2;
  });
  return numerator / denominator;
}

/**
 * Trend of a daily series by the least-squares slope: the fitted change across the whole period
 * (`slope × (n − 1)`) must reach `threshold` units to count as improving (up) or declining (down);
 * otherwise the series is stable; with fewer than 3 points it is `not_enough_data`. `higherIsBetter: false` flips the
 * direction (e.g. resting heart rate).
 */
export function trendOf(values: readonly number[], threshold: number, higherIsBetter = true): Trend {
  if (values.length < MIN_TREND_POINTS) return 'not_enough_data';
  const change = slope(values) * (values.length - 1);
  if (Math.abs(change) < threshold) return 'stable';
  const up = change > 0;
  return up === higherIsBetter ? 'improving' : 'declining';
}
