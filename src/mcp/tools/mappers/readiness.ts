/**
 * `get_readiness_score` answer shape and mapping: Oura's `daily_readiness` rows with the contributors
 * flattened, and a trend by the least-squares rule of `trendOf`.
 */
import { z } from 'zod';
import type { DailyReadiness, ReadinessContributors } from '../../../oura/types.js';
import { numbers, round, slope, trendOf } from '../../../analysis/stats.js';
import { finiteOrNull, meanOrNull, sortByDate } from './rowGuards.js';

/** Fitted change across the period (points) that counts as improving or declining. */
export const READINESS_TREND_THRESHOLD = 5;

const contributor = (what: string) =>
  z.number().nullable().describe(`${what} contributor, 0–100 (higher is better); null when Oura has none.`);

export const readinessRowSchema = z.object({
  date: z.string().describe("The owner's local day, YYYY-MM-DD."),
  score: z.number().nullable().describe("Oura's readiness score, 0–100; null when not computed."),
  temperature_deviation: z
    .number()
    .nullable()
    .describe(
      "Body temperature deviation from the owner's baseline, °C (e.g. 0.3 = 0.3 °C warmer); null when not measured.",
    ),
  temperature_trend_deviation: z
    .number()
    .nullable()
    .describe('Deviation of the 3-day temperature trend from the baseline, °C; null when not computed.'),
  activity_balance: contributor('Activity balance (recent activity vs. long-term)'),
  body_temperature: contributor('Body temperature'),
  hrv_balance: contributor('HRV balance (recent HRV vs. long-term)'),
  previous_day_activity: contributor('Previous day activity'),
  previous_night: contributor('Previous night sleep'),
  recovery_index: contributor('Recovery index (how early in the night the resting heart rate settled)'),
  resting_heart_rate: contributor('Resting heart rate'),
  sleep_balance: contributor('Sleep balance (recent sleep vs. need)'),
  sleep_regularity: contributor('Sleep regularity (consistency of sleep timing; newer Oura accounts only)'),
});

export const readinessOutputSchema = z.object({
  data: z.array(readinessRowSchema).describe('One row per day with a readiness row, sorted by date.'),
  summary: z
    .object({
      average_score: z
        .number()
        .nullable()
        .describe('Mean readiness score over the days that have one, one decimal; null when none.'),
      trend: z
        .enum(['improving', 'declining', 'stable', 'not_enough_data'])
        .describe(
          `Least-squares line through the daily scores (in date order): improving or declining when the fitted change over the period is at least ${READINESS_TREND_THRESHOLD} points; stable otherwise; not_enough_data with fewer than 3 scores.`,
        ),
      score_change: z
        .number()
        .describe(
          'Fitted change of the score across the period by that line, points, one decimal (0 with fewer than 2 scores).',
        ),
      total_days: z.number().int().describe('Days in data.'),
    })
    .describe('Over the range.'),
});

export type ReadinessOutput = z.infer<typeof readinessOutputSchema>;
export type ReadinessRow = ReadinessOutput['data'][number];

const CONTRIBUTORS = [
  'activity_balance',
  'body_temperature',
  'hrv_balance',
  'previous_day_activity',
  'previous_night',
  'recovery_index',
  'resting_heart_rate',
  'sleep_balance',
  'sleep_regularity',
] as const satisfies ReadonlyArray<keyof ReadinessContributors>;

/** One row per readiness row, contributors lifted to the top level (absent ones null). */
export function toReadinessRows(rows: readonly DailyReadiness[]): ReadinessRow[] {
  const mapped = rows
    .filter((row) => typeof row.day === 'string')
    .map((row) => {
      const contributors = Object.fromEntries(
        CONTRIBUTORS.map((key) => [key, finiteOrNull(row.contributors?.[key])]),
      ) as Record<(typeof CONTRIBUTORS)[number], number | null>;
      return {
        date: row.day,
        score: finiteOrNull(row.score),
        temperature_deviation: finiteOrNull(row.temperature_deviation, 2),
        temperature_trend_deviation: finiteOrNull(row.temperature_trend_deviation, 2),
        ...contributors,
      };
    });
  return sortByDate(mapped);
}

export function summariseReadiness(rows: readonly ReadinessRow[]): ReadinessOutput['summary'] {
  const scores = numbers(rows.map((row) => row.score));
  return {
    average_score: meanOrNull(scores, 1),
    trend: trendOf(scores, READINESS_TREND_THRESHOLD),
    score_change: round(slope(scores) * Math.max(0, scores.length - 1), 1),
    total_days: rows.length,
  };
}
