import { describe, expect, it } from 'vitest';
import {
  sleepSummaryOutputSchema,
  summariseSleep,
  toSleepSummaryRows,
} from '../../../src/mcp/tools/mappers/sleepSummary.js';
import { mainSleepByDay } from '../../../src/analysis/sleepPeriods.js';
import type { DailyReadiness, DailySleep } from '../../../src/oura/types.js';
import { period } from './sleep_summary.fixtures.js';

const daily = (day: string, score: number | null, restfulness = 80, timing = 90): DailySleep => ({
  id: `ds-${day}`,
  day,
  score,
  timestamp: `${day}T00:00:00+02:00`,
  contributors: { deep_sleep: 70, efficiency: 90, latency: 85, rem_sleep: 75, restfulness, timing, total_sleep: 95 },
});

const readiness = (day: string, hrvBalance: number | null): DailyReadiness => ({
  id: `r-${day}`,
  day,
  score: 80,
  temperature_deviation: 0.1,
  temperature_trend_deviation: 0,
  timestamp: `${day}T00:00:00+02:00`,
  contributors: {
    activity_balance: 80,
    body_temperature: 90,
    hrv_balance: hrvBalance,
    previous_day_activity: 70,
    previous_night: 85,
    recovery_index: 90,
    resting_heart_rate: 88,
    sleep_balance: 77,
  },
});

describe('main sleep period of a day', () => {
  it('is the long_sleep even when a nap or a late nap of the same day is longer in bed', () => {
    const night = period('2025-10-20', 'long_sleep', 25_200);
    const nap = period('2025-10-20', 'sleep', 3_600);
    const lateNap = period('2025-10-20', 'late_nap', 5_400);
    expect(mainSleepByDay([nap, night, lateNap]).get('2025-10-20')).toBe(night);
  });

  it('is the longest long_sleep when Oura split the night', () => {
    const first = period('2025-10-20', 'long_sleep', 12_000);
    const second = period('2025-10-20', 'long_sleep', 14_000);
    expect(mainSleepByDay([first, second]).get('2025-10-20')).toBe(second);
  });

  it('falls back to the longest real period, never rest or deleted', () => {
    const short = period('2025-10-21', 'sleep', 9_000);
    const lateNap = period('2025-10-21', 'late_nap', 3_000);
    const rest = period('2025-10-21', 'rest', 20_000);
    const deleted = period('2025-10-21', 'deleted', 30_000);
    expect(mainSleepByDay([rest, lateNap, deleted, short]).get('2025-10-21')).toBe(short);
    expect(mainSleepByDay([rest, deleted]).size).toBe(0);
  });
});

describe('sleep summary rows', () => {
  const periods = [
    period('2025-10-20', 'long_sleep', 25_200),
    period('2025-10-20', 'late_nap', 3_600),
    period('2025-10-21', 'sleep', 1_800), // a nap on a day whose night is missing: it is all Oura has
    period('2025-10-23', 'long_sleep', 27_000, { latency: null, efficiency: null }),
  ];
  const scores = [daily('2025-10-20', 81), daily('2025-10-22', 60), daily('2025-10-23', 88, 70, 55)];

  it('takes durations from the main period (naps excluded) and the score and contributors from daily_sleep', () => {
    const rows = toSleepSummaryRows(scores, periods, null);
    expect(rows.map((row) => row.date)).toEqual(['2025-10-20', '2025-10-21', '2025-10-22', '2025-10-23']);
    expect(rows[0]).toEqual({
      date: '2025-10-20',
      score: 81,
      bedtime: '00:00',
      wake_time: '08:00',
      total_sleep_duration: 25_200,
      efficiency: 93,
      latency: 600,
      deep_sleep_duration: 5_040,
      light_sleep_duration: 13_860,
      rem_sleep_duration: 6_300,
      awake_time: 1_800,
      lowest_heart_rate: 48,
      restfulness: 80,
      timing: 90,
    });
    // A day with only a score keeps it and has null durations; a missing efficiency stays null.
    expect(rows[2]).toMatchObject({ score: 60, total_sleep_duration: null, efficiency: null });
    expect(rows[1]).toMatchObject({ score: null, total_sleep_duration: 1_800, restfulness: null });
    expect(rows[3]).toMatchObject({ latency: null, efficiency: null, restfulness: 70, timing: 55 });
    expect(rows.every((row) => !('hrv_balance' in row))).toBe(true);
    expect(() => sleepSummaryOutputSchema.parse({ data: rows, summary: summariseSleep(rows) })).not.toThrow();
  });

  it("adds hrv_balance from readiness and the night's average HRV only with include_hrv", () => {
    const rows = toSleepSummaryRows(scores, periods, [readiness('2025-10-20', 77), readiness('2025-10-23', null)]);
    expect(rows[0]).toMatchObject({ hrv_balance: 77, average_hrv: 42 });
    expect(rows[2]).toMatchObject({ hrv_balance: null, average_hrv: null });
    expect(rows[3]).toMatchObject({ hrv_balance: null, average_hrv: 42 });
  });

  it('leaves days without data out and averages over the days that have each value', () => {
    const rows = toSleepSummaryRows(scores, periods, null);
    expect(summariseSleep(rows)).toEqual({
      average_score: 76.3, // (81 + 60 + 88) / 3
      average_duration: 18_000, // (25200 + 1800 + 27000) / 3
      average_efficiency: 71.5, // (93 + 50) / 2: the 23rd has none
      total_days: 4,
      median_bedtime: '00:00', // three periods start at 00:00; the 22nd has none
      median_wake_time: '08:00',
      average_latency: 600, // (600 + 600) / 2: the 23rd has none
      average_lowest_heart_rate: 48,
    });
    expect(summariseSleep([])).toEqual({
      average_score: null,
      average_duration: null,
      average_efficiency: null,
      total_days: 0,
      median_bedtime: null,
      median_wake_time: null,
      average_latency: null,
      average_lowest_heart_rate: null,
    });
  });

  it('takes the usual bedtime across midnight: 23:30, 00:30 and 23:50 give 23:50, not a mean near noon', () => {
    const at = (day: string, start: string, end: string) =>
      period(day, 'long_sleep', 25_200, { bedtime_start: start, bedtime_end: end });
    const rows = toSleepSummaryRows(
      [],
      [
        at('2025-10-20', '2025-10-19T23:30:00+02:00', '2025-10-20T07:10:00+02:00'),
        at('2025-10-21', '2025-10-21T00:30:00+02:00', '2025-10-21T08:20:00+02:00'),
        at('2025-10-22', '2025-10-21T23:50:00+02:00', '2025-10-22T06:50:00+02:00'),
        at('2025-10-23', '2025-10-22T23:00:00+02:00', '2025-10-23T07:00:00+02:00'),
      ],
      null,
    );
    // From noon: 23:30 → 690, 00:30 → 750, 23:50 → 710, 23:00 → 660; middle two 690 and 710 → 700 → 23:40.
    // Wake from 18:00: 07:10 → 790, 08:20 → 860, 06:50 → 770, 07:00 → 780; middle two 780 and 790 → 785 → 07:05.
    expect(summariseSleep(rows)).toMatchObject({ median_bedtime: '23:40', median_wake_time: '07:05' });
    expect(summariseSleep(rows.slice(0, 3))).toMatchObject({ median_bedtime: '23:50', median_wake_time: '07:10' });
  });

  it("counts Oura's 255 as no resting heart rate", () => {
    const rows = toSleepSummaryRows(
      [],
      [
        period('2025-10-20', 'long_sleep', 25_200, { lowest_heart_rate: 255 }),
        period('2025-10-21', 'long_sleep', 25_200, { lowest_heart_rate: 51 }),
        period('2025-10-22', 'long_sleep', 25_200, { lowest_heart_rate: 54 }),
      ],
      null,
    );
    expect(rows.map((row) => row.lowest_heart_rate)).toEqual([null, 51, 54]);
    expect(summariseSleep(rows).average_lowest_heart_rate).toBe(52.5); // (51 + 54) / 2
  });
});
