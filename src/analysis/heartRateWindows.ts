/**
 * Heart rate inside time windows (workouts): one sorted list of readings, many windows, no extra fetch.
 */
import type { Reading } from './heartRateBuckets.js';
import { heartRateTotals } from './heartRateSummary.js';

export interface TimeWindow {
  startMs: number;
  endMs: number;
}

export interface WindowHeartRate {
  /** Average over time of the readings inside, bpm, one decimal: the figure get_heart_rate gives for that window. */
  average: number;
  max: number;
  readings: number;
}

/** Index of the first reading at or after `ms` (readings sorted by time). */
function firstAtOrAfter(readings: readonly Reading[], ms: number): number {
  let low = 0;
  let high = readings.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (readings[mid]!.ms < ms) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * Per window, the average and maximum of the readings with `start <= t < end` (the start included, the
 * end excluded, so a reading at the very end belongs to what follows), whatever their source; null for a
 * window without readings. `readings` must be sorted by time. Answer rule (one quantity, one value): the
 * average is the time-weighted one of `heartRateTotals`, never a plain mean of readings.
 */
export function heartRateInWindows(
  readings: readonly Reading[],
  windows: readonly TimeWindow[],
): Array<WindowHeartRate | null> {
  return windows.map(({ startMs, endMs }) => {
    const inside = readings.slice(firstAtOrAfter(readings, startMs), firstAtOrAfter(readings, endMs));
    const totals = heartRateTotals(inside);
    return totals.average_bpm === null || totals.max_bpm === null
      ? null
      : { average: totals.average_bpm, max: totals.max_bpm, readings: inside.length };
  });
}
