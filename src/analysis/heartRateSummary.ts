/**
 * The heart-rate summary over every reading of a window, and the documented resting heart-rate rule.
 */
import type { SleepPeriod } from '../oura/types.js';
import { round } from './stats.js';
import { timeWeights, type Reading } from './heartRateBuckets.js';
import { lowestHeartRateOf } from './sleepPeriods.js';

/** Where `resting_hr` came from. */
export type RestingHrBasis = 'lowest_sleep_heart_rate' | 'rest_sleep_5th_percentile' | 'none';

export interface RestingHr {
  value: number | null;
  basis: RestingHrBasis;
  /** Sleep periods the value was taken from (0 unless basis is `lowest_sleep_heart_rate`). */
  nights: number;
}

/** The fields of a sleep period the rule reads. */
export type RestingSleepPeriod = Pick<SleepPeriod, 'type' | 'bedtime_start' | 'bedtime_end' | 'lowest_heart_rate'>;

/** Percentile used by the fallback: low enough to be resting, high enough to ignore a single artefact. */
const FALLBACK_PERCENTILE = 5;

/** Nearest-rank percentile of unsorted values (`p` in 0–100); null for none. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? null;
}

/**
 * Resting heart rate of a window, by this rule:
 * 1. the lowest `lowest_heart_rate` of the sleep periods overlapping the window (Oura's own nightly
 *    resting figure; `rest` and `deleted` periods are skipped, as Oura rejects them);
 * 2. otherwise (no night in the window, e.g. an afternoon) the 5th percentile (nearest rank) of the
 *    window's `sleep` and `rest` readings;
 * 3. otherwise null: daytime-only readings say nothing reliable about resting heart rate.
 */
export function restingHeartRate(
  periods: readonly RestingSleepPeriod[],
  readings: readonly Reading[],
  startMs: number,
  endMs: number,
): RestingHr {
  const lows: number[] = [];
  for (const period of periods) {
    if (period.type === 'rest' || period.type === 'deleted') continue;
    const from = Date.parse(period.bedtime_start);
    // A period still being tracked has no end yet: treat it as reaching the window's end.
    const to = period.bedtime_end === null ? endMs : Date.parse(period.bedtime_end);
    if (!Number.isFinite(from) || !Number.isFinite(to) || from > endMs || to < startMs) continue;
    const low = lowestHeartRateOf(period);
    if (low !== null) lows.push(low);
  }
  if (lows.length > 0) return { value: Math.min(...lows), basis: 'lowest_sleep_heart_rate', nights: lows.length };
  const resting = readings.filter((r) => r.source === 'sleep' || r.source === 'rest').map((r) => r.bpm);
  const value = percentile(resting, FALLBACK_PERCENTILE);
  return value === null
    ? { value: null, basis: 'none', nights: 0 }
    : { value, basis: 'rest_sleep_5th_percentile', nights: 0 };
}

export interface HeartRateTotals {
  /** Time-weighted mean of every reading, one decimal; null without readings. */
  average_bpm: number | null;
  /** Plain mean of every reading, one decimal (workouts, sampled every few seconds, weigh heavily). */
  mean_of_readings_bpm: number | null;
  min_bpm: number | null;
  max_bpm: number | null;
  total_readings: number;
}

/**
 * Averages, min, max and count over every reading (never over the shown points). `average_bpm` weights
 * each reading by the time it stands for (see {@link timeWeights}); `readings` must be sorted.
 */
export function heartRateTotals(readings: readonly Reading[]): HeartRateTotals {
  if (readings.length === 0)
    return { average_bpm: null, mean_of_readings_bpm: null, min_bpm: null, max_bpm: null, total_readings: 0 };
  const weights = timeWeights(readings);
  let sum = 0;
  let weighted = 0;
  let weight = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  readings.forEach(({ bpm }, i) => {
    sum += bpm;
    weighted += bpm * weights[i]!;
    weight += weights[i]!;
    if (bpm < min) min = bpm;
    if (bpm > max) max = bpm;
  });
  const mean = sum / readings.length;
  return {
    average_bpm: round(weight > 0 ? weighted / weight : mean, 1),
    mean_of_readings_bpm: round(mean, 1),
    min_bpm: min,
    max_bpm: max,
    total_readings: readings.length,
  };
}
