/**
 * `get_workouts`: Oura's workouts of a date range, with heart rate computed from the heart-rate readings
 * inside each workout (Oura's workout rows carry none). One heart-rate fetch covers every workout.
 */
import { z } from 'zod';
import { OuraForbiddenError } from '../../oura/errors.js';
import type { HeartRateRow, Workout } from '../../oura/types.js';
import { defineDateRange } from './dateRange.js';
import { defineTool, readOnlyAnnotations, type ToolContext } from '../tool.js';
import { explainEmpty } from './emptyAnswer.js';
import { formatCount, formatDay, formatDayRange, formatDuration } from '../../lib/format.js';
import { toReadings } from '../../analysis/heartRateBuckets.js';
import { ZoneOffsets } from '../../lib/time.js';
import { heartRateInWindows, type WindowHeartRate } from '../../analysis/heartRateWindows.js';
import { round } from '../../analysis/stats.js';

/** 31 days: the heart-rate fetch spans first to last workout, and a month of readings is the sensible ceiling. */
export const WORKOUTS_MAX_DAYS = 31;

const dates = defineDateRange({
  maxDays: WORKOUTS_MAX_DAYS,
  startHelp: "First day, YYYY-MM-DD, the owner's local day.",
});

const inputSchema = z.object({
  ...dates.fields,
});

const workoutSchema = z.object({
  id: z.string().describe("Oura's workout id (its start time if Oura sent none)."),
  date: z.string().describe("The owner's local day of the workout (Oura's day), YYYY-MM-DD."),
  activity: z.string().describe("Oura's activity name, e.g. walking, running, cycling, strength_training ('unknown' if Oura sent none)."),
  intensity: z.enum(['easy', 'moderate', 'hard']).nullable().describe("Oura's intensity; null if Oura sent none."),
  start_datetime: z.string().describe('Start, ISO 8601 with the local offset.'),
  end_datetime: z.string().describe('End, ISO 8601 with the local offset.'),
  duration: z.number().describe('End minus start, seconds.'),
  calories: z.number().nullable().describe('Energy burned, kcal; null when Oura has none.'),
  distance: z.number().optional().describe('Distance in metres, when Oura has one (absent otherwise).'),
  average_heart_rate: z
    .number()
    .optional()
    .describe('Mean bpm of the heart-rate readings from start (included) to end (excluded); absent when the ring recorded none.'),
  max_heart_rate: z.number().optional().describe('Highest reading in the same window, bpm; absent when none.'),
  heart_rate_readings: z.number().int().optional().describe('How many readings the heart-rate figures come from; absent when none.'),
  label: z.string().nullable().describe("The owner's own label, or null."),
  source: z.string().nullable().describe("How Oura got it: manual, autodetected, confirmed or workout_heart_rate; null if Oura sent none."),
});

const outputSchema = z.object({
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

type Output = z.infer<typeof outputSchema>;
type WorkoutRow = Output['data'][number];

const INTENSITIES: ReadonlySet<unknown> = new Set(['easy', 'moderate', 'hard']);

/** Rows are parsed leniently (Oura omits "required" fields), so each field is checked before use. */
function toRow(workout: Workout, startMs: number, endMs: number, heart: WindowHeartRate | null): WorkoutRow {
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
    ...(heart ? { average_heart_rate: heart.average, max_heart_rate: heart.max, heart_rate_readings: heart.readings } : {}),
    label: typeof workout.label === 'string' ? workout.label : null,
    source: typeof workout.source === 'string' ? workout.source : null,
  };
}

/**
 * One heart-rate fetch from the first workout's start to the last one's end, never one per workout.
 * Null when the 'heartrate' scope was not granted: the workouts are still worth answering.
 */
async function fetchHeartRate(context: ToolContext, spans: ReadonlyArray<{ startMs: number; endMs: number }>, zone: ZoneOffsets): Promise<HeartRateRow[] | null> {
  if (spans.length === 0) return [];
  const from = Math.min(...spans.map((s) => s.startMs));
  const to = Math.max(...spans.map((s) => s.endMs));
  try {
    return await context.source.listByDatetime('heartrate', { start_datetime: zone.iso(from), end_datetime: zone.iso(to) });
  } catch (error) {
    if (error instanceof OuraForbiddenError) return null;
    throw error;
  }
}

function line(row: WorkoutRow): string {
  const parts = [`${formatDay(row.date)} ${row.start_datetime.slice(11, 16)} ${row.activity}`];
  if (row.intensity !== null) parts.push(row.intensity);
  parts.push(formatDuration(row.duration));
  if (row.calories !== null) parts.push(`${formatCount(row.calories)} kcal`);
  if (row.distance !== undefined) parts.push(`${(row.distance / 1000).toFixed(1)} km`);
  if (row.average_heart_rate !== undefined) parts.push(`heart rate avg ${row.average_heart_rate} / max ${row.max_heart_rate} bpm`);
  if (row.label) parts.push(`"${row.label}"`);
  return `- ${parts.join(', ')}`;
}

const MAX_TEXT_LINES = 31;

function describe(out: Output, range: string, heartRateAvailable: boolean): string {
  const s = out.summary;
  const lines = [
    `Workouts ${range}: ${s.total_workouts}, ${formatDuration(s.total_duration)} in all, ${formatCount(s.total_calories)} kcal (${s.activities.join(', ')}).`,
    ...out.data.slice(0, MAX_TEXT_LINES).map(line),
  ];
  if (out.data.length > MAX_TEXT_LINES) lines.push(`… and ${out.data.length - MAX_TEXT_LINES} more in the structured data.`);
  if (!heartRateAvailable) lines.push("Heart rate is missing: the 'heartrate' permission was not granted (reconnect with connect_oura to grant it).");
  return lines.join('\n');
}

export const getWorkouts = defineTool({
  name: 'get_workouts',
  title: 'Workouts',
  description:
    'Workouts Oura recorded or the owner logged, per local day: activity, intensity, start/end (local time), duration (s), calories (kcal), distance (m) and the average and maximum heart rate (bpm) measured by the ring during each workout. ' +
    `Summary: count, total calories, total duration (s), unique activities. At most ${WORKOUTS_MAX_DAYS} days per call. ` +
    'For daily steps and activity totals use get_activity_summary; for guided breathing/meditation sessions use get_sessions; for the full heart-rate curve use get_heart_rate.',
  inputSchema,
  outputSchema,
  annotations: readOnlyAnnotations('Workouts'),
  async handler(args, context) {
    const range = dates.resolve(args, context);
    const workouts = await context.source.listByDate('workout', range);
    const dated = workouts
      .map((workout) => ({ workout, startMs: Date.parse(workout.start_datetime), endMs: Date.parse(workout.end_datetime) }))
      .filter((w) => Number.isFinite(w.startMs) && Number.isFinite(w.endMs))
      .sort((a, b) => a.startMs - b.startMs);
    const zone = new ZoneOffsets(context.timezone);
    const heartRows = await fetchHeartRate(context, dated, zone);
    const readings = heartRows === null || dated.length === 0 ? [] : toReadings(heartRows, dated[0]!.startMs, Math.max(...dated.map((d) => d.endMs)));
    const heart = heartRateInWindows(readings, dated);
    const data = dated.map((d, i) => toRow(d.workout, d.startMs, d.endMs, heart[i] ?? null));
    const structured: Output = {
      data,
      summary: {
        total_workouts: data.length,
        total_calories: round(data.reduce((total, row) => total + (row.calories ?? 0), 0), 1),
        total_duration: data.reduce((total, row) => total + row.duration, 0),
        total_distance: round(data.reduce((total, row) => total + (row.distance ?? 0), 0), 1),
        activities: [...new Set(data.map((row) => row.activity))].sort(),
      },
    };
    const span = formatDayRange(range.start_date, range.end_date);
    if (data.length === 0) {
      const empty = explainEmpty({ what: 'workouts', start: range.start_date, end: range.end_date, today: range.today, scope: 'workout' });
      return { structured, text: empty };
    }
    return { structured, text: describe(structured, span, heartRows !== null) };
  },
});
