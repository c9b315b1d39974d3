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
import { appUi } from '../apps/views.js';
import { explainEmpty } from './emptyAnswer.js';
import { SLEEP_SUMMARY_FIELDS } from './ouraFields.js';
import { formatCount, formatDay, formatShortDay } from '../../lib/format.js';
import type { HeartRateResolution, ResolutionChoice } from '../../analysis/heartRateBuckets.js';
import type { RestingHr } from '../../analysis/heartRateSummary.js';
import { heartRateOutputSchema, toHeartRate, type HeartRateOutput } from './mappers/heartRate.js';

/** 31 days: a month of readings (~10,000) is still one quick, chunked fetch. */
export const HEART_RATE_MAX_HOURS = 31 * 24;

const inputSchema = z.object({
  start_datetime: z.string().max(64).describe('ISO 8601; no offset = local'),
  end_datetime: z.string().max(64).optional().describe('Same format; default now'),
  resolution: z
    .enum(['auto', 'raw', '5min', 'hourly', 'daily'])
    .optional()
    .describe('Default auto (at most 24 points)'),
});

type Output = HeartRateOutput;

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

/** The next finer resolution to suggest. */
function finer(resolution: HeartRateResolution): HeartRateResolution {
  return resolution === 'daily' ? 'hourly' : resolution === 'hourly' ? '5min' : 'raw';
}

/** `14:00 72 (65–80)`, `20 Nov 61 (48–150)`, or a raw `14:03 72`. */
function pointText(point: Output['data'][number], resolution: HeartRateResolution): string {
  const when = resolution === 'daily' ? formatShortDay(point.timestamp.slice(0, 10)) : point.timestamp.slice(11, 16);
  return point.min_bpm === undefined
    ? `${when} ${point.bpm}`
    : `${when} ${point.bpm} (${point.min_bpm}–${point.max_bpm})`;
}

function describe(
  out: Output,
  choice: ResolutionChoice,
  resting: RestingHr,
  span: string,
  requestedAuto: boolean,
): string {
  const s = out.summary;
  const lines = [
    `Heart rate ${span}: ${formatCount(s.total_readings)} readings, average ${s.average_bpm} bpm (over time), min ${s.min_bpm}, max ${s.max_bpm}, ${restingText(resting)}.`,
  ];
  let shown = `${out.data.length} ${RESOLUTION_WORDS[choice.resolution]}`;
  if (choice.coarsenedFrom)
    shown += ` ('${choice.coarsenedFrom}' would exceed 1,000 points; use a shorter window for it)`;
  else if (requestedAuto && choice.resolution !== 'raw')
    shown += ` (for more detail ask for resolution '${finer(choice.resolution)}' or a shorter window)`;
  lines.push(`${shown}, local time, bpm${choice.resolution === 'raw' ? '' : ' average (min–max)'}:`);
  // The points themselves, so a client that reads only the text can answer "and at 3 pm?".
  lines.push(out.data.map((point) => pointText(point, choice.resolution)).join('; '));
  return lines.join('\n');
}

/** Sleep periods that can overlap the window: their `day` is the wake-up day, so one day past the end. */
async function fetchSleep(
  context: ToolContext,
  startMs: number,
  endMs: number,
  zone: ZoneOffsets,
): Promise<SleepPeriod[]> {
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
  description: `Heart rate between two date-times: up to 24 points by default (average, min/max, source), summary, resting HR. Up to ${HEART_RATE_MAX_HOURS / 24} days.`,
  inputSchema,
  outputSchema: heartRateOutputSchema,
  annotations: readOnlyAnnotations('Heart rate'),
  ui: appUi('heartRate'),
  async handler(args, context) {
    const window = resolveDatetimeWindow(args, {
      timezone: context.timezone,
      now: context.now(),
      maxHours: HEART_RATE_MAX_HOURS,
    });
    const startMs = window.start.getTime();
    const endMs = window.end.getTime();
    const zone = new ZoneOffsets(context.timezone);
    const [rows, periods] = await Promise.all([
      context.source.listByDatetime('heartrate', { start_datetime: zone.iso(startMs), end_datetime: zone.iso(endMs) }),
      fetchSleep(context, startMs, endMs, zone),
    ]);
    const requested = args.resolution === undefined || args.resolution === 'auto' ? undefined : args.resolution;
    const { structured, choice, resting } = toHeartRate(rows, periods, { startMs, endMs }, zone, requested);
    const span = `${localClock(startMs, zone)} – ${localClock(endMs, zone)} (${context.timezone})`;
    if (structured.summary.total_readings === 0) {
      const today = todayIn(context.timezone, context.now());
      const empty = explainEmpty({
        what: 'heart-rate readings',
        start: zone.day(startMs),
        end: zone.day(endMs),
        today,
        scope: 'heartrate',
      });
      return { structured, text: `Heart rate ${span}: no readings. ${empty}` };
    }
    return { structured, text: describe(structured, choice, resting, span, requested === undefined) };
  },
});
