/**
 * `get_workouts` output: the schema, Oura's workout rows as answer rows (with the heart rate of each
 * workout's window when there is one) and the totals.
 */
import { z } from 'zod';
import type { Workout } from '../../../oura/types.js';
import type { WindowHeartRate } from '../../../analysis/heartRateWindows.js';
import { numbers, round, sum } from '../../../analysis/stats.js';

const workoutSchema = z.object({
  id: z.string().describe("Oura's workout id (its start time if Oura sent none)."),
  date: z.string().describe("The owner's local day of the workout (Oura's day), YYYY-MM-DD."),
  activity: z
    .string()
    .describe("Oura's activity name, e.g. walking, running, cycling, strength_training ('unknown' if Oura sent none)."),
  intensity: z.enum(['easy', 'moderate', 'hard']).nullable().describe("Oura's intensity; null if Oura sent none."),
  start_datetime: z.string().describe('Start, ISO 8601 with the local offset.'),
  end_datetime: z.string().describe('End, ISO 8601 with the local offset.'),
  duration: z.number().describe('End minus start, seconds.'),
  calories: z.number().nullable().describe('Energy burned, kcal; null when Oura has none.'),
  distance: z.number().optional().describe('Distance in metres, when Oura has one (absent otherwise).'),
  average_heart_rate: z
    .number()
    .optional()
    .describe(
      'Average over time of the readings from start (included) to end (excluded), bpm, one decimal (as get_heart_rate); absent when none.',
    ),
  max_heart_rate: z.number().optional().describe('Highest reading in the same window, bpm; absent when none.'),
  heart_rate_readings: z
    .number()
    .int()
    .optional()
    .describe('How many readings the heart-rate figures come from; absent when none.'),
  label: z.string().nullable().describe("The owner's own label, or null."),
  source: z
    .string()
    .nullable()
    .describe('How Oura got it: manual, autodetected, confirmed or workout_heart_rate; null if Oura sent none.'),
});

export const workoutsOutputSchema = z.object({
  data: z.array(workoutSchema).describe('Workouts sorted by start time.'),
  summary: z
    .object({
      total_workouts: z.number().int().describe('Workouts in the range.'),
      total_calories: z.number().describe('Sum of calories, kcal (workouts without calories count as 0).'),
      total_duration: z.number().describe('Sum of durations, seconds.'),
      total_distance: z.number().describe('Sum of distances, metres (workouts without distance count as 0).'),
      activities: z.array(z.string()).describe('Unique activities, alphabetical.'),
    })
    .describe('Totals over the range.'),
});

export type WorkoutsOutput = z.infer<typeof workoutsOutputSchema>;
export type WorkoutRow = WorkoutsOutput['data'][number];

const INTENSITIES: ReadonlySet<unknown> = new Set(['easy', 'moderate', 'hard']);

/** Rows are parsed leniently (Oura omits "required" fields), so each field is checked before use. */
export function toWorkoutRow(
  workout: Workout,
  startMs: number,
  endMs: number,
  heart: WindowHeartRate | null,
): WorkoutRow {
  return {
    id: typeof workout.id === 'string' ? workout.id : workout.start_datetime,
    date: workout.day,
    activity: typeof workout.activity === 'string' && workout.activity !== '' ? workout.activity : 'unknown',
    intensity: INTENSITIES.has(workout.intensity) ? workout.intensity : null,
    start_datetime: workout.start_datetime,
    end_datetime: workout.end_datetime,
    duration: Math.max(0, Math.round((endMs - startMs) / 1000)),
    calories: typeof workout.calories === 'number' ? round(workout.calories, 1) : null,
    ...(typeof workout.distance === 'number' ? { distance: round(workout.distance, 1) } : {}),
    ...(heart
      ? { average_heart_rate: heart.average, max_heart_rate: heart.max, heart_rate_readings: heart.readings }
      : {}),
    label: typeof workout.label === 'string' ? workout.label : null,
    source: typeof workout.source === 'string' ? workout.source : null,
  };
}

export interface DatedWorkout {
  workout: Workout;
  startMs: number;
  endMs: number;
}

/** Workouts with parseable start and end, in start order (the rest cannot be placed in time). */
export function datedWorkouts(workouts: readonly Workout[]): DatedWorkout[] {
  return workouts
    .map((workout) => ({
      workout,
      startMs: Date.parse(workout.start_datetime),
      endMs: Date.parse(workout.end_datetime),
    }))
    .filter((w) => Number.isFinite(w.startMs) && Number.isFinite(w.endMs))
    .sort((a, b) => a.startMs - b.startMs);
}

export function summariseWorkouts(
  data: readonly WorkoutRow[],
  workouts: readonly Workout[],
): WorkoutsOutput['summary'] {
  return {
    total_workouts: data.length,
    // Summed from Oura's unrounded values (`workouts`), rounded once.
    total_calories: round(sum(numbers(workouts.map((workout) => workout.calories))), 1),
    total_duration: data.reduce((total, row) => total + row.duration, 0),
    total_distance: round(sum(numbers(workouts.map((workout) => workout.distance))), 1),
    activities: [...new Set(data.map((row) => row.activity))].sort(),
  };
}
