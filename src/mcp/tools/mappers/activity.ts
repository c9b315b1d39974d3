/**
 * `get_activity_summary` answer shape and mapping from Oura's `daily_activity` (fetched without the
 * per-minute `met` series). Oura's activity day runs 04:00 → 04:00 local. Values Oura documents as
 * required are still nullable here: the client parses leniently and Oura was seen omitting fields.
 */
import { z } from 'zod';
import type { DailyActivity } from '../../../oura/types.js';
import { finiteOrNull, meanOrNull, sortByDate, sumOf } from './rowGuards.js';

const nullable = (description: string) => z.number().nullable().describe(`${description}; null when Oura sent none.`);

export const activityRowSchema = z.object({
  date: z.string().describe("The owner's local day (Oura's activity day runs 04:00 to 04:00), YYYY-MM-DD."),
  score: nullable("Oura's activity score, 0–100"),
  active_calories: nullable('Calories burned by activity, kcal'),
  total_calories: nullable('All calories burned, including resting metabolism, kcal'),
  steps: nullable('Steps'),
  equivalent_walking_distance: nullable('Distance walked equivalent to the energy burned, metres'),
  high_activity_time: nullable('Time in high activity, seconds'),
  medium_activity_time: nullable('Time in medium activity, seconds'),
  low_activity_time: nullable('Time in low activity, seconds'),
  sedentary_time: nullable('Time sedentary, seconds'),
  resting_time: nullable('Time resting (including sleep), seconds'),
  average_met: nullable("Average metabolic equivalent over the day, MET (Oura's average_met_minutes; 1 = at rest)"),
  inactivity_alerts: nullable('Inactivity alerts the ring gave'),
  target_calories: nullable("The day's active-calorie target, kcal"),
  meet_daily_targets: nullable('Meet daily targets contributor of the activity score, 0–100'),
});

export const activityOutputSchema = z.object({
  data: z.array(activityRowSchema).describe('One row per day with activity data, sorted by date.'),
  summary: z
    .object({
      average_score: z
        .number()
        .nullable()
        .describe('Mean activity score over the finished days (not today) that have one, one decimal; null when none.'),
      total_steps: z.number().describe('Sum of steps.'),
      total_calories: z.number().describe('Sum of total calories, kcal.'),
      average_steps_per_day: z
        .number()
        .nullable()
        .describe('Mean steps per finished day (today, still counting, left out), whole steps; null when none.'),
      total_days: z.number().int().describe('Days in data.'),
    })
    .describe('Over the days in data.'),
});

export type ActivityOutput = z.infer<typeof activityOutputSchema>;
export type ActivityRow = ActivityOutput['data'][number];

export function toActivityRows(rows: readonly DailyActivity[]): ActivityRow[] {
  const mapped = rows
    .filter((row) => typeof row.day === 'string')
    .map((row) => ({
      date: row.day,
      score: finiteOrNull(row.score),
      active_calories: finiteOrNull(row.active_calories),
      total_calories: finiteOrNull(row.total_calories),
      steps: finiteOrNull(row.steps),
      equivalent_walking_distance: finiteOrNull(row.equivalent_walking_distance),
      high_activity_time: finiteOrNull(row.high_activity_time),
      medium_activity_time: finiteOrNull(row.medium_activity_time),
      low_activity_time: finiteOrNull(row.low_activity_time),
      sedentary_time: finiteOrNull(row.sedentary_time),
      resting_time: finiteOrNull(row.resting_time),
      average_met: finiteOrNull(row.average_met_minutes, 2),
      inactivity_alerts: finiteOrNull(row.inactivity_alerts),
      target_calories: finiteOrNull(row.target_calories),
      meet_daily_targets: finiteOrNull(row.contributors?.meet_daily_targets),
    }));
  return sortByDate(mapped);
}

/**
 * Answer rule (one quantity, one value): averages of score and steps over finished days only, as
 * get_health_insights computes them; today, still counting, would drag them down. Totals keep today.
 */
export function summariseActivity(rows: readonly ActivityRow[], today: string): ActivityOutput['summary'] {
  const finished = rows.filter((row) => row.date !== today);
  return {
    average_score: meanOrNull(
      finished.map((row) => row.score),
      1,
    ),
    total_steps: sumOf(rows.map((row) => row.steps)),
    total_calories: sumOf(rows.map((row) => row.total_calories)),
    average_steps_per_day: meanOrNull(
      finished.map((row) => row.steps),
      0,
    ),
    total_days: rows.length,
  };
}
