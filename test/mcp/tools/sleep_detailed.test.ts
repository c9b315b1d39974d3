import { describe, expect, it } from 'vitest';
import {
  resampleSeries,
  sleepDetailedOutputSchema,
  stillShare,
  toSleepPeriodRows,
} from '../../../src/mcp/tools/mappers/sleepDetailed.js';
import { period } from './sleep_summary.fixtures.js';

describe('sleep periods in detail', () => {
  const night = period('2025-10-20', 'long_sleep', 25_200, {
    bedtime_start: '2025-10-19T23:10:00+02:00',
    heart_rate: { interval: 300, items: [null, 60, 58, null, 50], timestamp: '2025-10-19T23:10:00+02:00' },
    hrv: { interval: 300, items: [null, 30, 40, 50, null], timestamp: '2025-10-19T23:10:00+02:00' },
    average_heart_rate: null,
    average_hrv: 41,
    movement_30_sec: '1112341111',
    sleep_phase_5_min: '4221334',
  });
  const short = period('2025-10-20', 'sleep', 3_600, { bedtime_start: '2025-10-20T14:00:00+02:00', bedtime_end: null });
  const lateNap = period('2025-10-21', 'late_nap', 2_400, { bedtime_start: '2025-10-20T19:30:00+02:00' });
  const rest = period('2025-10-20', 'rest', 4_000, { bedtime_start: '2025-10-20T16:00:00+02:00' });
  const deleted = period('2025-10-20', 'deleted', 4_000, { bedtime_start: '2025-10-20T17:00:00+02:00' });

  const mapped = toSleepPeriodRows([lateNap, rest, short, deleted, night]);
  const rows = mapped.map(({ row }) => row);

  it('maps long_sleep→long_sleep, sleep→short_sleep, late_nap→nap, drops rest and deleted, sorts by bedtime', () => {
    expect(rows.map((r) => [r.type, r.date])).toEqual([
      ['long_sleep', '2025-10-20'],
      ['short_sleep', '2025-10-20'],
      // The evening nap Oura files under the 21st is dated the 20th, the evening it was taken.
      ['nap', '2025-10-20'],
    ]);
    expect(() => sleepDetailedOutputSchema.parse({ data: rows })).not.toThrow();
  });

  it("keeps Oura's series with null samples in place; averages the non-null ones when Oura gave no average", () => {
    expect(mapped[0]!.series).toEqual({
      interval: 300,
      movement_interval: 30,
      start: '2025-10-19T23:10:00+02:00',
      heart_rate: [null, 60, 58, null, 50],
      hrv: [null, 30, 40, 50, null],
      phases: '4221334',
      movement: '1112341111',
    });
    // Oura's own average wins when present.
    expect(rows[0]).toMatchObject({ average_heart_rate: 56, average_hrv: 41, breath_average: 14.2 });
  });

  it("a period without series has none, Oura's averages, and a running one a null end", () => {
    expect(mapped[1]!.series).toBeUndefined();
    expect(rows[1]).toMatchObject({ average_heart_rate: 55.3, bedtime_end: null });
  });

  it('summarises series per slot: mean of the samples, the most frequent phase, the most active movement', () => {
    const summary = resampleSeries(mapped[0]!.series!, 600);
    expect(summary).toEqual({
      interval: 600,
      movement_interval: 600,
      start: '2025-10-19T23:10:00+02:00',
      heart_rate: [60, 58, 50],
      hrv: [30, 45, null],
      phases: '4234',
      movement: '4',
    });
    expect(resampleSeries(mapped[0]!.series!, 300)).toBe(mapped[0]!.series);
  });

  it('counts still epochs from the movement string', () => {
    expect(stillShare('1112341111')).toBeCloseTo(0.7);
    expect(stillShare(null)).toBeNull();
  });
});
