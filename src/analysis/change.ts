/**
 * Answer rule (change over a range): a daily estimate such as vascular age or pulse wave velocity
 * swings from day to day, so "last minus first" reports noise as change. The change is the mean of
 * the last few values minus the mean of the first few (a week of daily values, fewer for sparse
 * series), and it counts as a change only when it exceeds the day-to-day spread: the standard
 * deviation of the values around their own window means. Otherwise the series is "steady".
 */
import { mean } from './stats.js';

export interface RangeChange {
  /** Mean of the last window minus mean of the first, unrounded. */
  change: number;
  /** Day-to-day spread (pooled standard deviation within the two windows), unrounded. */
  noise: number;
  /** True when |change| is larger than the noise. */
  real: boolean;
}

/** Values per window: a week, or half the series when it is shorter than two weeks. */
const WEEK = 7;

function spread(values: readonly number[], centre: number): number {
  return values.reduce((total, value) => total + (value - centre) ** 2, 0);
}

/** Values per window for a series of `count` values: 7, or half the series when shorter than 14. */
export function changeWindow(count: number): number {
  return Math.min(WEEK, Math.floor(count / 2));
}

/** Change across `values` (in date order) judged against their noise; null with fewer than 4 values. */
export function changeBeyondNoise(values: readonly number[]): RangeChange | null {
  const window = changeWindow(values.length);
  if (window < 2) return null;
  const first = values.slice(0, window);
  const last = values.slice(-window);
  const firstMean = mean(first)!;
  const lastMean = mean(last)!;
  const noise = Math.sqrt((spread(first, firstMean) + spread(last, lastMean)) / (2 * window - 2));
  const change = lastMean - firstMean;
  return { change, noise, real: Math.abs(change) > noise };
}
