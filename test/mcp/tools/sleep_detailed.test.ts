import { describe, expect, it } from 'vitest';
import { sleepDetailedOutputSchema, stillShare, toSleepPeriodRows } from '../../../src/mcp/tools/mappers/sleepDetailed.js';
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

  const rows = toSleepPeriodRows([lateNap, rest, short, deleted, night]);

  it('maps long_sleep→long_sleep, sleep→short_sleep, late_nap→nap, keeps Oura\'s type, drops rest and deleted, sorts by bedtime', () => {
    expect(rows.map((r) => [r.type, r.oura_type, r.date])).toEqual([
      ['long_sleep', 'long_sleep', '2025-10-20'],
      ['short_sleep', 'sleep', '2025-10-20'],
      ['nap', 'late_nap', '2025-10-21'],
    ]);
    expect(() => sleepDetailedOutputSchema.parse({ data: rows })).not.toThrow();
  });

  it('keeps null samples in place and averages the non-null ones when Oura gave no average', () => {
    expect(rows[0]!.heart_rate).toEqual({ interval: 300, timestamp: '2025-10-19T23:10:00+02:00', samples: [null, 60, 58, null, 50], average: 56 });
    // Oura's own average wins when present.
    expect(rows[0]!.hrv).toEqual({ interval: 300, timestamp: '2025-10-19T23:10:00+02:00', samples: [null, 30, 40, 50, null], average: 41 });
    expect(rows[0]).toMatchObject({ movement_30_sec: '1112341111', sleep_phase_5_min: '4221334', breath_average: 14.2 });
  });

  it('describes a period without series with empty samples and Oura\'s averages, and a running one with a null end', () => {
    expect(rows[1]!.heart_rate).toEqual({ interval: null, timestamp: null, samples: [], average: 55.3 });
    expect(rows[1]!.bedtime_end).toBeNull();
  });

  it("takes stage durations from Oura's fields, not from the phase string", () => {
    // The phase string '4221334' counts 300 s of deep sleep; the period's own field says otherwise.
    expect(rows[0]).toMatchObject({
      deep_sleep_duration: night.deep_sleep_duration,
      light_sleep_duration: night.light_sleep_duration,
      rem_sleep_duration: night.rem_sleep_duration,
      awake_time: night.awake_time,
    });
    expect(night.deep_sleep_duration).not.toBe(300);
  });

  it('counts still epochs from the movement string', () => {
    expect(stillShare('1112341111')).toBeCloseTo(0.7);
    expect(stillShare(null)).toBeNull();
  });
});
