/**
 * Heart rate inside time windows (workouts): one sorted list of readings, many windows, no extra fetch.
 */
import type { Reading } from './heartRateBuckets.js';

export interface TimeWindow {
  startMs: number;
  endMs: number;
}

export interface WindowHeartRate {
  /** Mean bpm of the readings inside, rounded to whole beats. */
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
 * window without readings. `readings` must be sorted by time.
 */
export function heartRateInWindows(
  readings: readonly Reading[],
  windows: readonly TimeWindow[],
): Array<WindowHeartRate | null> {
  return windows.map(({ startMs, endMs }) => {
    let sum = 0;
    let max = 0;
    let count = 0;
    for (let i = firstAtOrAfter(readings, startMs); i < readings.length; i++) {
      const reading = readings[i]!;
      if (reading.ms >= endMs) break;
      sum += reading.bpm;
      max = Math.max(max, reading.bpm);
      count += 1;
    }
    return count === 0 ? null : { average: Math.round(sum / count), max, readings: count };
  });
}
