/**
 * `get_workouts`: Oura's workouts of a date range, with heart rate computed from the heart-rate readings
 * inside each workout (Oura's workout rows carry none), read for the workouts' spans only, concurrently.
 */
import { z } from 'zod';
import { OuraForbiddenError } from '../../oura/errors.js';
import type { HeartRateRow } from '../../oura/types.js';
import { defineDateRange } from './dateRange.js';
import { defineTool, readOnlyAnnotations, type ToolContext } from '../tool.js';
import { explainEmpty } from './emptyAnswer.js';
import { formatCount, formatDay, formatDayRange, formatDistance, formatDuration } from '../../lib/format.js';
import { toReadings } from '../../analysis/heartRateBuckets.js';
import { ZoneOffsets } from '../../lib/time.js';
import { heartRateInWindows, type TimeWindow } from '../../analysis/heartRateWindows.js';
import {
  datedWorkouts,
  summariseWorkouts,
  toWorkoutRow,
  workoutsOutputSchema,
  type WorkoutRow,
  type WorkoutsOutput,
} from './mappers/workouts.js';

/** 31 days: a month of workouts' heart rate is the sensible ceiling. */
export const WORKOUTS_MAX_DAYS = 31;

const dates = defineDateRange({
  maxDays: WORKOUTS_MAX_DAYS,
  startHelp: 'First day',
});

const inputSchema = z.object({
  ...dates.fields,
});

/**
 * The workouts' time spans merged where they overlap or touch, in start order: the heart rate to read.
 * Disjoint spans never return the same reading twice.
 */
export function heartRateSpans(spans: ReadonlyArray<{ startMs: number; endMs: number }>): TimeWindow[] {
  const merged: TimeWindow[] = [];
  for (const { startMs, endMs } of [...spans].sort((a, b) => a.startMs - b.startMs)) {
    const last = merged[merged.length - 1];
    if (last && startMs <= last.endMs) last.endMs = Math.max(last.endMs, endMs);
    else merged.push({ startMs, endMs });
  }
  return merged;
}

/**
 * Heart rate for the workouts' own spans only, all fetched at once: a month with a workout on half the days
 * reads those days (the cache rounds each span to its UTC days, so two workouts of a day share one
 * fetch), not every day from the first workout to the last. Null when the 'heartrate' scope was not
 * granted: the workouts are still worth answering.
 */
async function fetchHeartRate(
  context: ToolContext,
  spans: readonly TimeWindow[],
  zone: ZoneOffsets,
): Promise<HeartRateRow[] | null> {
  try {
    const perSpan = await Promise.all(
      spans.map((span) =>
        context.source.listByDatetime('heartrate', {
          start_datetime: zone.iso(span.startMs),
          end_datetime: zone.iso(span.endMs),
        }),
      ),
    );
    return perSpan.flat();
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
  if (row.distance !== undefined) parts.push(formatDistance(row.distance));
  if (row.average_heart_rate !== undefined)
    parts.push(`heart rate avg ${row.average_heart_rate} / max ${row.max_heart_rate} bpm`);
  if (row.label) parts.push(`"${row.label}"`);
  return `- ${parts.join(', ')}`;
}

const MAX_TEXT_LINES = 31;

function describe(out: WorkoutsOutput, range: string, heartRateAvailable: boolean): string {
  const s = out.summary;
  const lines = [
    `Workouts ${range}: ${s.total_workouts}, ${formatDuration(s.total_duration)} in all, ${formatCount(s.total_calories)} kcal (${s.activities.join(', ')}).`,
    ...out.data.slice(0, MAX_TEXT_LINES).map(line),
  ];
  if (out.data.length > MAX_TEXT_LINES)
    lines.push(`… and ${out.data.length - MAX_TEXT_LINES} more in the structured data.`);
  if (!heartRateAvailable)
    lines.push(
      "Heart rate is missing: the 'heartrate' permission was not granted (reconnect with connect_oura to grant it).",
    );
  return lines.join('\n');
}

export const getWorkouts = defineTool({
  name: 'get_workouts',
  title: 'Workouts',
  description: `Workouts: activity, intensity, times, kcal, distance, average and max heart rate. Up to ${WORKOUTS_MAX_DAYS} days. Breathing, meditation: get_sessions.`,
  inputSchema,
  outputSchema: workoutsOutputSchema,
  annotations: readOnlyAnnotations('Workouts'),
  async handler(args, context) {
    const range = dates.resolve(args, context);
    const workouts = await context.source.listByDate('workout', range);
    const dated = datedWorkouts(workouts);
    const zone = new ZoneOffsets(context.timezone);
    const heartRows = await fetchHeartRate(context, heartRateSpans(dated), zone);
    const readings =
      heartRows === null || dated.length === 0
        ? []
        : toReadings(heartRows, dated[0]!.startMs, Math.max(...dated.map((d) => d.endMs)));
    const heart = heartRateInWindows(readings, dated);
    const data = dated.map((d, i) => toWorkoutRow(d.workout, d.startMs, d.endMs, heart[i] ?? null));
    const structured: WorkoutsOutput = {
      data,
      summary: summariseWorkouts(
        data,
        dated.map((d) => d.workout),
      ),
    };
    const span = formatDayRange(range.start_date, range.end_date);
    if (data.length === 0) {
      const empty = explainEmpty({
        what: 'workouts',
        start: range.start_date,
        end: range.end_date,
        today: range.today,
        scope: 'workout',
      });
      return { structured, text: empty };
    }
    return { structured, text: describe(structured, span, heartRows !== null) };
  },
});
