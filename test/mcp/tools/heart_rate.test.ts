/**
 * The get_heart_rate mapper on heart-rate rows and sleep periods written here; every expected value
 * is worked out by hand in the comments.
 */
import { describe, expect, it } from 'vitest';
import { heartRateOutputSchema, toHeartRate } from '../../../src/mcp/tools/mappers/heartRate.js';
import { ZoneOffsets } from '../../../src/lib/time.js';
import type { HeartRateRow, HeartRateSource } from '../../../src/oura/types.js';
import { period } from './sleep_summary.fixtures.js';

const zone = new ZoneOffsets('Europe/Berlin');
const row = (utc: string, bpm: number, source: HeartRateSource): HeartRateRow => ({
  timestamp: `2025-11-19T${utc}:00Z`,
  bpm,
  source,
});
/** 12:00–13:00 UTC = 13:00–14:00 in Berlin (UTC+1 in November). */
const window = { startMs: Date.parse('2025-11-19T12:00:00Z'), endMs: Date.parse('2025-11-19T13:00:00Z') };

// Readings at 12:00, 12:05, 12:10 and 12:12 UTC; one at 13:30 is outside the window.
const rows = [
  row('12:05', 70, 'awake'),
  row('12:00', 60, 'rest'),
  row('12:12', 90, 'workout'),
  row('12:10', 80, 'workout'),
  row('13:30', 200, 'workout'),
];

describe('heart rate mapper', () => {
  it('keeps four readings raw, averages over time, and takes resting from the night overlapping the window', () => {
    // The fixture's night runs 00:00–08:00 +02:00, far outside the window. A short sleep 12:30–12:50 UTC
    // overlaps it, Oura's lowest 52; one with Oura's 255 (no value) is skipped.
    const nap = period('2025-11-19', 'sleep', 1200, {
      bedtime_start: '2025-11-19T13:30:00+01:00',
      bedtime_end: '2025-11-19T13:50:00+01:00',
      lowest_heart_rate: 52,
    });
    const noValue = period('2025-11-19', 'sleep', 900, {
      bedtime_start: '2025-11-19T13:10:00+01:00',
      bedtime_end: '2025-11-19T13:25:00+01:00',
      lowest_heart_rate: 255,
    });
    const outside = period('2025-11-19', 'long_sleep', 25_200, { lowest_heart_rate: 40 });
    const { structured, choice, resting } = toHeartRate(rows, [nap, noValue, outside], window, zone, undefined);
    // 4 readings ≤ 24 points: auto keeps them raw, in time order, in local time.
    expect(structured.resolution).toBe('raw');
    expect(choice.coarsenedFrom).toBeUndefined();
    expect(structured.data).toEqual([
      { timestamp: '2025-11-19T13:00:00+01:00', bpm: 60, source: 'rest' },
      { timestamp: '2025-11-19T13:05:00+01:00', bpm: 70, source: 'awake' },
      { timestamp: '2025-11-19T13:10:00+01:00', bpm: 80, source: 'workout' },
      { timestamp: '2025-11-19T13:12:00+01:00', bpm: 90, source: 'workout' },
    ]);
    // Weights: 5, 5, 2 min to the next reading, the last 5 min: (60·5 + 70·5 + 80·2 + 90·5) / 17 = 1260 / 17 = 74.12
    // (the plain mean would be 75 and is not reported).
    expect(structured.summary).toEqual({
      average_bpm: 74.1,
      min_bpm: 60,
      max_bpm: 90,
      resting_hr: 52,
      resting_hr_basis: 'lowest_sleep_heart_rate',
      total_readings: 4,
    });
    expect(resting).toEqual({ value: 52, basis: 'lowest_sleep_heart_rate', nights: 1 });
    expect(() => heartRateOutputSchema.parse(structured)).not.toThrow();
  });

  it("buckets by the hour on request, with the bucket's range and the source covering most of its time", () => {
    const { structured } = toHeartRate(rows, [], window, zone, 'hourly');
    // One local hour, 13:00: bpm = round(74.12) = 74; workout covers 2 + 5 = 7 min, rest 5, awake 5.
    expect(structured.data).toEqual([
      { timestamp: '2025-11-19T13:00:00+01:00', bpm: 74, source: 'workout', min_bpm: 60, max_bpm: 90, readings: 4 },
    ]);
    expect(structured.resolution).toBe('hourly');
  });

  it('without a night, resting is the 5th percentile of sleep and rest readings; daytime alone gives none', () => {
    // Only one sleep/rest reading (60, rest): nearest rank 1 of 1 = 60.
    expect(toHeartRate(rows, [], window, zone, undefined).resting).toEqual({
      value: 60,
      basis: 'rest_sleep_5th_percentile',
      nights: 0,
    });
    const daytime = rows.filter((r) => r.source !== 'rest');
    const { structured } = toHeartRate(daytime, [], window, zone, undefined);
    expect(structured.summary.resting_hr).toBeNull();
    expect(structured.summary.resting_hr_basis).toBe('none');
  });

  it('answers an empty window with nulls and no points', () => {
    const { structured } = toHeartRate([], [], window, zone, undefined);
    expect(structured.data).toEqual([]);
    expect(structured.summary).toEqual({
      average_bpm: null,
      min_bpm: null,
      max_bpm: null,
      resting_hr: null,
      resting_hr_basis: 'none',
      total_readings: 0,
    });
  });
});
