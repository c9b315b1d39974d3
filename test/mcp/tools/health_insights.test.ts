/**
 * The get_health_insights mapper on Oura rows written here: a three-day baseline (15–17 Nov) and a
 * three-day period (18–20 Nov, today the 20th). Every expected value is worked out by hand.
 */
import { describe, expect, it } from 'vitest';
import { healthInsightsOutputSchema, toHealthInsights } from '../../../src/mcp/tools/mappers/healthInsights.js';
import type { InsightRows } from '../../../src/analysis/insights/series.js';
import type { DailyReadiness, DailySleep } from '../../../src/oura/types.js';
import { period } from './sleep_summary.fixtures.js';

const DAYS = ['2025-11-15', '2025-11-16', '2025-11-17', '2025-11-18', '2025-11-19', '2025-11-20'] as const;
const PERIOD = { start_date: '2025-11-18', end_date: '2025-11-20' };
const BASELINE = { start_date: '2025-11-15', end_date: '2025-11-17' };
const TODAY = '2025-11-20';

const sleepScores = [80, 82, 84, 70, 75, 81];
const lowestHr = [50, 52, 54, 55, 56, 57];
const hrv = [50, 50, 50, 40, 42, 44];
const readinessScores = [85, 85, 88, 80, 82, 78];
const temperatures = [0, 0, 0, 0.1, -0.2, 0.05];
const steps = [9000, 9600, 9900, 6000, 7000, 1000];
const activityScores = [80, 80, 80, 70, 74, 30];
const activeCalories = [500, 500, 500, 450, 300, 50];

const rows: InsightRows = {
  dailySleep: DAYS.map((day, i) => ({ id: day, day, score: sleepScores[i]!, timestamp: day }) as DailySleep),
  // Nights of 7.5 h in the period, 8 h in the baseline; a nap of the same day must not count as the night.
  sleep: [
    ...DAYS.map((day, i) =>
      period(day, 'long_sleep', i < 3 ? 28_800 : 27_000, { lowest_heart_rate: lowestHr[i]!, average_hrv: hrv[i]! }),
    ),
    period('2025-11-19', 'sleep', 3_000, { lowest_heart_rate: 40, average_hrv: 90 }),
  ],
  readiness: DAYS.map(
    (day, i) =>
      ({
        id: day,
        day,
        score: readinessScores[i]!,
        temperature_deviation: temperatures[i]!,
        contributors: { hrv_balance: 80 },
      }) as unknown as DailyReadiness,
  ),
  activity: DAYS.map((day, i) => ({
    day,
    score: activityScores[i]!,
    steps: steps[i]!,
    medium_activity_time: 1200,
    high_activity_time: 600,
    active_calories: activeCalories[i]!,
    target_calories: 400,
  })),
};

describe('health insights mapper', () => {
  const out = toHealthInsights(rows, PERIOD, BASELINE, TODAY, []);

  it('averages each span from the raw rows, finished activity days only', () => {
    expect(out.period).toEqual(PERIOD);
    expect(out.baseline).toEqual({ ...BASELINE, excluded_days: 0 });
    expect(out.averages.period).toEqual({
      sleep_score: 75.3, // (70 + 75 + 81) / 3 = 75.33, to 0.1 as get_sleep_summary
      sleep_duration: 27_000,
      readiness_score: 80, // (80 + 82 + 78) / 3
      resting_heart_rate: 56, // (55 + 56 + 57) / 3, the nap's 40 not counted
      hrv: 42, // (40 + 42 + 44) / 3, the nap's 90 not counted
      temperature_deviation: -0.02, // (0.1 − 0.2 + 0.05) / 3 = −0.0167
      activity_score: 72, // (70 + 74) / 2: today (30) is not over
      steps: 6500, // (6000 + 7000) / 2
    });
    expect(out.averages.baseline).toEqual({
      sleep_score: 82,
      sleep_duration: 28_800,
      readiness_score: 86, // (85 + 85 + 88) / 3 = 86.0
      resting_heart_rate: 52,
      hrv: 50,
      temperature_deviation: 0,
      activity_score: 80,
      steps: 9500, // (9000 + 9600 + 9900) / 3
    });
  });

  it('fits trends over the period: sleep +11 points (improving), readiness −2 (stable), activity 2 days (too few)', () => {
    // Least squares over x = 0, 1, 2: slope (81 − 70) / 2 = 5.5, change 5.5 · 2 = 11 ≥ 5.
    // Readiness: slope (78 − 80) / 2 = −1, change −2 within ±5.
    expect(out.trends).toEqual({ sleep: 'improving', readiness: 'stable', activity: 'not_enough_data' });
  });

  it('finds the HRV drop (medium) before the nights of 7 h and the low steps (low), with the numbers behind them', () => {
    expect(out.insights).toEqual([
      expect.objectContaining({
        category: 'recovery',
        priority: 'medium',
        // (50 − 42) / 50 = 16% ≥ 15%.
        finding: 'HRV is falling: nightly HRV averaged 42 ms against 50 ms (-16%).',
      }),
      { category: 'sleep', priority: 'low', finding: 'Slept at least 7 h on all 3 nights (average 7 h 30 min).' },
      expect.objectContaining({
        category: 'activity',
        priority: 'low',
        // 6,500 < 7,500; active calories 450 and 300 against a target of 400: met on 1 of 2 days.
        finding:
          "Steps averaged 6,500 a day over 2 days against 9,500 in your baseline (guideline 7,500). Oura's daily activity target was met on 1 of 2 days.",
      }),
    ]);
    expect(() => healthInsightsOutputSchema.parse(out)).not.toThrow();
  });

  it('leaves the illness days out of the baseline only, and says so; null when they could not be read', () => {
    // The 16th in Rest Mode (and the 17th after it) out of the baseline: what is left is the 15th alone.
    const sick = toHealthInsights(rows, PERIOD, BASELINE, TODAY, ['2025-11-16', '2025-11-17']);
    expect(sick.baseline.excluded_days).toBe(2);
    expect(sick.averages.baseline).toMatchObject({ sleep_score: 80, readiness_score: 85, steps: 9000, hrv: 50 });
    // The period keeps every day.
    expect(sick.averages.period).toEqual(out.averages.period);
    expect(toHealthInsights(rows, PERIOD, BASELINE, TODAY, null).baseline.excluded_days).toBeNull();
  });
});
