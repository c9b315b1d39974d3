import { describe, expect, it } from 'vitest';
import type { HeartRateSource } from '../../src/oura/types.js';
import {
  heartRateTotals,
  percentile,
  restingHeartRate,
  type RestingSleepPeriod,
} from '../../src/analysis/heartRateSummary.js';
import type { Reading } from '../../src/analysis/heartRateBuckets.js';

const start = Date.parse('2025-10-20T00:00:00Z');
const end = Date.parse('2025-10-22T00:00:00Z');
const period = (
  from: string,
  to: string | null,
  low: number | null,
  type: RestingSleepPeriod['type'] = 'long_sleep',
): RestingSleepPeriod => ({
  type,
  bedtime_start: from,
  bedtime_end: to,
  lowest_heart_rate: low,
});
const reading = (bpm: number, source: HeartRateSource): Reading => ({ ms: start + bpm * 1000, bpm, source });

describe('resting heart rate rule', () => {
  it('is the lowest nightly lowest heart rate of the sleep periods overlapping the window', () => {
    const periods = [
      period('2025-10-19T22:00:00+00:00', '2025-10-20T06:00:00+00:00', 52), // overlaps the start
      period('2025-10-20T22:30:00+00:00', '2025-10-21T06:30:00+00:00', 49),
      period('2025-10-18T22:00:00+00:00', '2025-10-19T06:00:00+00:00', 40), // before the window
      period('2025-10-21T13:00:00+00:00', '2025-10-21T13:20:00+00:00', 45, 'rest'), // rejected by Oura
      period('2025-10-21T22:00:00+00:00', null, 47), // still being tracked
    ];
    expect(restingHeartRate(periods, [reading(44, 'sleep')], start, end)).toEqual({
      value: 47,
      basis: 'lowest_sleep_heart_rate',
      nights: 3,
    });
  });

  it('falls back to the 5th percentile of sleep and rest readings when no night overlaps', () => {
    const readings = [
      ...Array.from({ length: 20 }, (_, i) => reading(60 + i, 'rest')),
      reading(40, 'awake'),
      reading(90, 'sleep'),
    ];
    // 21 rest/sleep values 60..79, 90: nearest rank ceil(0.05 × 21) = 2 → 61.
    expect(restingHeartRate([], readings, start, end)).toEqual({
      value: 61,
      basis: 'rest_sleep_5th_percentile',
      nights: 0,
    });
  });

  it('skips Oura\'s 255 "no value" (real naps without a heart-rate series carry it)', () => {
    const periods = [
      period('2025-10-20T13:00:00+00:00', '2025-10-20T13:40:00+00:00', 255, 'sleep'),
      period('2025-10-20T22:00:00+00:00', '2025-10-21T06:00:00+00:00', 52),
    ];
    expect(restingHeartRate(periods, [], start, end)).toEqual({
      value: 52,
      basis: 'lowest_sleep_heart_rate',
      nights: 1,
    });
    expect(restingHeartRate(periods.slice(0, 1), [reading(61, 'rest')], start, end)).toEqual({
      value: 61,
      basis: 'rest_sleep_5th_percentile',
      nights: 0,
    });
  });

  it('is null when there are only daytime readings', () => {
    expect(
      restingHeartRate(
        [period('2025-10-20T01:00:00Z', '2025-10-20T07:00:00Z', null)],
        [reading(70, 'awake')],
        start,
        end,
      ),
    ).toEqual({ value: null, basis: 'none', nights: 0 });
  });

  it('percentile uses the nearest rank', () => {
    expect(percentile([], 5)).toBeNull();
    expect(percentile([5], 5)).toBe(5);
    expect(percentile([3, 1, 2, 4], 50)).toBe(2);
  });
});

describe('totals over every reading', () => {
  it('averages over time (each reading stands for the gap to the next, at most 5 min), and gives the plain mean too', () => {
    const min = 60_000;
    const awake = [0, 5, 10].map((m) => ({ ms: start + m * min, bpm: 60, source: 'awake' as const }));
    const workout = Array.from({ length: 30 }, (_, i) => ({
      ms: start + 15 * min + i * 10_000,
      bpm: 150,
      source: 'workout' as const,
    }));
    // Awake: 3 × 300 s at 60 bpm; workout: 29 × 10 s + 300 s (the last reading) at 150 bpm.
    const expected = (60 * 900 + 150 * 590) / 1490;
    expect(heartRateTotals([...awake, ...workout])).toEqual({
      average_bpm: Math.round(expected * 10) / 10,
      mean_of_readings_bpm: Math.round(((3 * 60 + 30 * 150) / 33) * 10) / 10,
      min_bpm: 60,
      max_bpm: 150,
      total_readings: 33,
    });
    expect(heartRateTotals([])).toEqual({
      average_bpm: null,
      mean_of_readings_bpm: null,
      min_bpm: null,
      max_bpm: null,
      total_readings: 0,
    });
  });
});
