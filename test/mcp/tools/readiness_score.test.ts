import { describe, expect, it } from 'vitest';
import {
  readinessOutputSchema,
  summariseReadiness,
  toReadinessRows,
} from '../../../src/mcp/tools/mappers/readiness.js';
import type { DailyReadiness } from '../../../src/oura/types.js';

const row = (
  day: string,
  score: number | null,
  contributors: Partial<DailyReadiness['contributors']> = {},
): DailyReadiness => ({
  id: `r-${day}`,
  day,
  score,
  temperature_deviation: 0.123,
  temperature_trend_deviation: -0.05,
  timestamp: `${day}T00:00:00+02:00`,
  contributors: {
    activity_balance: 80,
    body_temperature: 90,
    hrv_balance: 70,
    previous_day_activity: 60,
    previous_night: 85,
    recovery_index: 95,
    resting_heart_rate: 88,
    sleep_balance: 77,
    ...contributors,
  },
});

const days = (scores: Array<number | null>) =>
  scores.map((score, i) => row(`2025-10-${String(10 + i).padStart(2, '0')}`, score));

describe('readiness rows', () => {
  it('flattens the contributors, keeps sleep_regularity when Oura sends it and null otherwise, sorted by date', () => {
    const rows = toReadinessRows([row('2025-10-21', 82, { sleep_regularity: 66 }), row('2025-10-20', null)]);
    expect(rows.map((r) => r.date)).toEqual(['2025-10-20', '2025-10-21']);
    expect(rows[1]).toEqual({
      date: '2025-10-21',
      score: 82,
      temperature_deviation: 0.12,
      temperature_trend_deviation: -0.05,
      activity_balance: 80,
      body_temperature: 90,
      hrv_balance: 70,
      previous_day_activity: 60,
      previous_night: 85,
      recovery_index: 95,
      resting_heart_rate: 88,
      sleep_balance: 77,
      sleep_regularity: 66,
    });
    expect(rows[0]).toMatchObject({ score: null, sleep_regularity: null });
    expect(() => readinessOutputSchema.parse({ data: rows, summary: summariseReadiness(rows) })).not.toThrow();
  });
});

describe('readiness trend: least-squares change over the period, ±5 points', () => {
  it.each([
    ['rising steadily', [70, 72, 74, 76, 78], 'improving', 8],
    ['falling steadily', [85, 83, 81, 79, 77], 'declining', -8],
    ['flat with noise', [80, 78, 81, 79, 80, 81], 'stable', 1.3],
    ['a change just under the threshold', [80, 81.2, 82.4, 83.6, 84.9], 'stable', 4.9],
    ['a change exactly at the threshold', [80, 81.25, 82.5, 83.75, 85], 'improving', 5],
    ['two scores only', [60, 90], 'not_enough_data', 30],
  ] as const)('%s → %s', (_name, scores, trend, change) => {
    const summary = summariseReadiness(toReadinessRows(days([...scores])));
    expect(summary.trend).toBe(trend);
    expect(summary.score_change).toBe(change);
  });

  it('ignores days without a score, averages to one decimal, and is stable with no data', () => {
    const summary = summariseReadiness(toReadinessRows(days([70, null, 75, 80, null, 85])));
    expect(summary).toEqual({ average_score: 77.5, trend: 'improving', score_change: 15, total_days: 6 });
    expect(summariseReadiness([])).toEqual({
      average_score: null,
      trend: 'not_enough_data',
      score_change: 0,
      total_days: 0,
    });
  });
});
