/**
 * `get_heart_rate`: heart-rate readings of a datetime window, at a resolution that keeps the answer small,
 * with a summary over every reading and a resting heart rate by a documented rule.
 */
import { z } from 'zod';
import { OuraForbiddenError } from '../../oura/errors.js';
import type { SleepPeriod } from '../../oura/types.js';
import { addDays, daysBetween, todayIn, ZoneOffsets } from '../../lib/time.js';
import { resolveDatetimeWindow } from './dateRange.js';
import { defineTool, readOnlyAnnotations, type ToolContext } from '../tool.js';
import { explainEmpty } from './emptyAnswer.js';
import { SLEEP_SUMMARY_FIELDS } from './ouraFields.js';
import { formatCount, formatDay } from '../../lib/format.js';
import { chooseResolution, toReadings, type HeartRateResolution, type ResolutionChoice } from '../../analysis/heartRateBuckets.js';
import { heartRateTotals, restingHeartRate, type RestingHr } from '../../analysis/heartRateSummary.js';

/** 31 days: a month of readings (~10,000) is still one quick, chunked fetch. */
export const HEART_RATE_MAX_HOURS = 31 * 24;

const inputSchema = z.object({
  start_datetime: z
    .string()
    .max(64)
    .describe("Start of the window, ISO 8601, e.g. 2025-10-26T08:00:00+01:00. Without an offset it is read in the owner's time zone (2025-10-26T08:00 or 2025-10-26 = local midnight)."),
  end_datetime: z
    .string()
    .max(64)
    .optional()
    .describe(`End of the window, same format; defaults to now (a later end is pulled back to now). At most ${HEART_RATE_MAX_HOURS / 24} days after start_datetime.`),
  resolution: z
    .enum(['auto', 'raw', '5min', 'hourly', 'daily'])
    .optional()
    .describe(
      "'raw' = every reading; '5min', 'hourly', 'daily' = averages per local 5-minute slot, hour or day with min/max; 'auto' (default) = the finest that keeps the answer small (raw for a few hours, daily for a week).",
    ),
});

/**
 * Oura's real `source` values. The spec's 'rest' | 'activity' | 'workout' is narrower and has no
 * 'activity'; inventing a mapping would hide what Oura measured, so Oura's six values are declared.
 */
const sourceSchema = z
  .enum(['awake', 'rest', 'sleep', 'session', 'live', 'workout'])
  .nullable()
  .describe("Oura's source: awake (daytime), rest (resting/winding down), sleep, session (guided session), live (live measurement in the app), workout; null when Oura sent none.");

const outputSchema = z.object({
  data: z
    .array(
      z.object({
        timestamp: z.string().describe("Owner's local time with offset; for aggregated rows the start of the local 5-minute slot, hour or day."),
        bpm: z.number().describe('Beats per minute: the reading, or the average over time of the bucket (each reading weighted by the time to the next, at most 5 min), rounded.'),
        source: sourceSchema,
        min_bpm: z.number().optional().describe('Lowest reading in the bucket (aggregated rows only).'),
        max_bpm: z.number().optional().describe('Highest reading in the bucket (aggregated rows only).'),
        readings: z.number().int().optional().describe("Readings in the bucket (aggregated rows only); the row's source is the one covering most of the bucket's time."),
      }),
    )
    .describe('Points in time order at the applied resolution.'),
  summary: z
    .object({
      average_bpm: z
        .number()
        .nullable()
        .describe('Average over time of every reading in the window (not of the shown points), bpm, one decimal: each reading counts for the time until the next one, at most 5 min, so workouts sampled every few seconds do not outweigh the day. Null without readings.'),
      mean_of_readings_bpm: z.number().nullable().describe('Plain mean of every reading, bpm, one decimal (workout readings weigh heavily here); null without readings.'),
      min_bpm: z.number().nullable().describe('Lowest reading in the window, bpm.'),
      max_bpm: z.number().nullable().describe('Highest reading in the window, bpm.'),
      resting_hr: z
        .number()
        .nullable()
        .describe("Resting heart rate, bpm: the lowest of Oura's nightly lowest heart rates of the sleep periods overlapping the window; without a night, the 5th percentile of sleep/rest readings; null when neither exists."),
      resting_hr_basis: z
        .enum(['lowest_sleep_heart_rate', 'rest_sleep_5th_percentile', 'none'])
        .describe('Which rule gave resting_hr.'),
      total_readings: z.number().int().describe('Every reading in the window, whatever the resolution.'),
    })
    .describe('Over every reading in the window.'),
  resolution: z.enum(['raw', '5min', 'hourly', 'daily']).describe('The resolution applied to data.'),
  window: z
    .object({
      start_datetime: z.string().describe("Window start, owner's local time with offset."),
      end_datetime: z.string().describe("Window end (inclusive), owner's local time with offset."),
    })
    .describe('The window read, after defaults.'),
});

type Output = z.infer<typeof outputSchema>;

function localClock(ms: number, zone: ZoneOffsets): string {
  return `${formatDay(zone.day(ms))} ${zone.iso(ms).slice(11, 16)}`;
}

const RESOLUTION_WORDS: Record<HeartRateResolution, string> = {
  raw: 'individual readings',
  '5min': '5-minute averages',
  hourly: 'hourly averages',
  daily: 'daily averages',
};

function restingText(resting: RestingHr): string {
  if (resting.value === null) return 'no resting heart rate (no sleep or rest readings in the window)';
  if (resting.basis === 'lowest_sleep_heart_rate') {
    return `resting ${resting.value} bpm (lowest sleeping heart rate of ${resting.nights} sleep period${resting.nights === 1 ? '' : 's'})`;
  }
  return `resting about ${resting.value} bpm (5th percentile of sleep/rest readings; no night in the window)`;
}

function describe(out: Output, choice: ResolutionChoice, resting: RestingHr, span: string, requestedAuto: boolean): string {
  const s = out.summary;
  const lines = [
    `Heart rate ${span}: ${formatCount(s.total_readings)} readings, average ${s.average_bpm} bpm over time (plain mean of readings ${s.mean_of_readings_bpm}), min ${s.min_bpm}, max ${s.max_bpm}, ${restingText(resting)}.`,
  ];
  let shown = `Shown as ${out.data.length} ${RESOLUTION_WORDS[choice.resolution]}`;
  if (choice.coarsenedFrom) shown += ` ('${choice.coarsenedFrom}' would exceed 1,000 points; use a shorter window for it)`;
  else if (requestedAuto && choice.resolution !== 'raw') shown += "; ask with a shorter window or resolution 'hourly'/'raw' for more detail";
  lines.push(`${shown}. Times are the owner's local time.`);
  return lines.join('\n');
}

/** Sleep periods that can overlap the window: their `day` is the wake-up day, so one day past the end. */
async function fetchSleep(context: ToolContext, startMs: number, endMs: number, zone: ZoneOffsets): Promise<SleepPeriod[]> {
  const today = todayIn(context.timezone, context.now());
  const lastDay = addDays(zone.day(endMs), 1);
  const range = { start_date: zone.day(startMs), end_date: daysBetween(today, lastDay) > 0 ? today : lastDay };
  try {
    return await context.source.listByDate('sleep', range, { fields: SLEEP_SUMMARY_FIELDS });
  } catch (error) {
    // Heart rate needs the 'heartrate' scope, sleep the 'daily' one: without the latter, fall back to rule 2.
    if (error instanceof OuraForbiddenError) return [];
    throw error;
  }
}

export const getHeartRate = defineTool({
  name: 'get_heart_rate',
  title: 'Heart rate',
  description:
    'Heart-rate readings (bpm) between two date-times, with Oura\'s source (awake, rest, sleep, session, live, workout) and a summary over every reading: average, min, max, resting heart rate and count. ' +
    "Readings come every ~5 minutes (seconds apart during workouts); by default they are averaged per local 5 minutes, hour or day so the answer stays small (a week = 7 daily rows with min/max). Times are the owner's local time. " +
    `At most ${HEART_RATE_MAX_HOURS / 24} days per call. For nightly heart rate and HRV use get_sleep_detailed; for heart rate during workouts use get_workouts; for resting-heart-rate trends use get_health_insights.`,
  inputSchema,
  outputSchema,
  annotations: readOnlyAnnotations('Heart rate'),
  async handler(args, context) {
    const window = resolveDatetimeWindow(args, { timezone: context.timezone, now: context.now(), maxHours: HEART_RATE_MAX_HOURS });
    const startMs = window.start.getTime();
    const endMs = window.end.getTime();
    const zone = new ZoneOffsets(context.timezone);
    const [rows, periods] = await Promise.all([
      context.source.listByDatetime('heartrate', { start_datetime: zone.iso(startMs), end_datetime: zone.iso(endMs) }),
      fetchSleep(context, startMs, endMs, zone),
    ]);
    const readings = toReadings(rows, startMs, endMs);
    const requested = args.resolution === undefined || args.resolution === 'auto' ? undefined : args.resolution;
    const choice = chooseResolution(readings, zone, requested);
    const resting = restingHeartRate(periods, readings, startMs, endMs);
    const structured: Output = {
      data: choice.points,
      summary: { ...heartRateTotals(readings), resting_hr: resting.value, resting_hr_basis: resting.basis },
      resolution: choice.resolution,
      window: { start_datetime: zone.iso(startMs), end_datetime: zone.iso(endMs) },
    };
    const span = `${localClock(startMs, zone)} – ${localClock(endMs, zone)} (${context.timezone})`;
    if (readings.length === 0) {
      const today = todayIn(context.timezone, context.now());
      const empty = explainEmpty({ what: 'heart-rate readings', start: zone.day(startMs), end: zone.day(endMs), today, scope: 'heartrate' });
      return { structured, text: `Heart rate ${span}: no readings. ${empty}` };
    }
    return { structured, text: describe(structured, choice, resting, span, requested === undefined) };
  },
});
