/**
 * `get_bedtime_guidance` answer shape and mapping from Oura's `sleep_time`. Oura gives the optimal
 * bedtime window as `start_offset`/`end_offset`: seconds from local midnight at the start of `day`
 * (negative = the evening before), with `day_tz` the zone's offset from UTC in seconds. Here they
 * become clock times ("22:45–23:30") and ISO date-times, and the codes get readable meanings.
 */
import { z } from 'zod';
import type { IsoDate, SleepTime } from '../../../oura/types.js';
import { formatWithOffset, MINUTE_MS } from '../../../lib/time.js';
import { finiteOrNull, sortByDate, textOrNull } from './rowGuards.js';

const RECOMMENDATIONS: Record<string, string> = {
  improve_efficiency:
    'Work on sleep efficiency first (less time awake in bed); Oura holds back a bedtime window until then.',
  // Oura sends these without a window too (status only_recommended_found): do not presuppose one.
  earlier_bedtime: 'Go to bed earlier (inside the optimal window when Oura has found one).',
  later_bedtime: 'Go to bed later (inside the optimal window when Oura has found one).',
  earlier_wake_up_time: 'Wake up earlier.',
  later_wake_up_time: 'Wake up later.',
  follow_optimal_bedtime: 'Keep going to bed inside the optimal window.',
};

const STATUSES: Record<string, string> = {
  not_enough_nights: 'Not enough nights recorded yet for Oura to find an optimal bedtime.',
  not_enough_recent_nights: 'Not enough recent nights recorded for Oura to find an optimal bedtime.',
  bad_sleep_quality: 'Recent sleep quality was too low for Oura to find an optimal bedtime.',
  only_recommended_found: 'Oura found a recommended bedtime, but not yet a proven optimal one.',
  optimal_found: 'Oura found an optimal bedtime window.',
};

export const bedtimeRowSchema = z.object({
  date: z
    .string()
    .describe(
      "The owner's local day the guidance is for (the night ending that morning starts the evening before), YYYY-MM-DD.",
    ),
  optimal_bedtime: z
    .string()
    .nullable()
    .describe('Optimal bedtime window as local clock times, e.g. "22:45–23:30"; null when Oura found none.'),
  optimal_bedtime_start: z.string().nullable().describe('Start of the window, local clock time HH:MM; null when none.'),
  optimal_bedtime_end: z.string().nullable().describe('End of the window, local clock time HH:MM; null when none.'),
  start_datetime: z
    .string()
    .nullable()
    .describe(
      "Start of the window as ISO 8601 with the day's zone offset (usually the evening before date); null when none.",
    ),
  end_datetime: z.string().nullable().describe('End of the window as ISO 8601; null when none.'),
  recommendation: z
    .string()
    .nullable()
    .describe(
      "Oura's code: improve_efficiency, earlier_bedtime, later_bedtime, earlier_wake_up_time, later_wake_up_time or follow_optimal_bedtime; null when none.",
    ),
  recommendation_meaning: z.string().nullable().describe('What the recommendation means, in words; null when none.'),
  status: z
    .string()
    .nullable()
    .describe(
      "Oura's code: not_enough_nights, not_enough_recent_nights, bad_sleep_quality, only_recommended_found or optimal_found; null when none.",
    ),
  status_meaning: z.string().nullable().describe('What the status means, in words; null when none.'),
});

export const bedtimeOutputSchema = z.object({
  data: z.array(bedtimeRowSchema).describe('One row per day with guidance, sorted by date.'),
});

export type BedtimeOutput = z.infer<typeof bedtimeOutputSchema>;
export type BedtimeRow = BedtimeOutput['data'][number];

/** Seconds from local midnight (negative = the evening before) as a 24-hour clock time, `HH:MM`. */
export function clockTime(offsetSeconds: number): string {
  const minutes = ((Math.round(offsetSeconds / 60) % 1440) + 1440) % 1440;
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** Local midnight of `day` plus `offsetSeconds`, written with the zone offset `dayTz` (seconds from UTC). */
export function offsetDateTime(day: IsoDate, offsetSeconds: number, dayTz: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const wallMs = Date.UTC(y, m - 1, d) + Math.round(offsetSeconds / 60) * MINUTE_MS;
  const offsetMinutes = Math.round(dayTz / 60);
  return formatWithOffset(wallMs - offsetMinutes * MINUTE_MS, offsetMinutes);
}

function meaning(table: Record<string, string>, code: string | null): string | null {
  if (code === null) return null;
  return Object.hasOwn(table, code) ? table[code]! : code.replaceAll('_', ' ');
}

export function toBedtimeRow(row: SleepTime): BedtimeRow {
  const start = finiteOrNull(row.optimal_bedtime?.start_offset);
  const end = finiteOrNull(row.optimal_bedtime?.end_offset);
  const tz = finiteOrNull(row.optimal_bedtime?.day_tz) ?? 0;
  const window = start !== null && end !== null;
  const recommendation = textOrNull(row.recommendation);
  const status = textOrNull(row.status);
  return {
    date: row.day,
    optimal_bedtime: window ? `${clockTime(start)}–${clockTime(end)}` : null,
    optimal_bedtime_start: window ? clockTime(start) : null,
    optimal_bedtime_end: window ? clockTime(end) : null,
    start_datetime: window ? offsetDateTime(row.day, start, tz) : null,
    end_datetime: window ? offsetDateTime(row.day, end, tz) : null,
    recommendation,
    recommendation_meaning: meaning(RECOMMENDATIONS, recommendation),
    status,
    status_meaning: meaning(STATUSES, status),
  };
}

export function toBedtimeRows(rows: readonly SleepTime[]): BedtimeRow[] {
  return sortByDate(rows.filter((row) => typeof row.day === 'string').map(toBedtimeRow));
}
