/**
 * `get_rest_mode_periods` answer shape and mapping from Oura's `rest_mode_period`: stretches the owner
 * switched on Rest Mode (illness, recovery), with the daily episodes they logged. A period is kept when
 * it overlaps the asked range, so one that began earlier and is still running (`end_day` null) shows up.
 */
import { z } from 'zod';
import type { IsoDate, RestModePeriod } from '../../../oura/types.js';
import { daysBetween } from '../../../lib/time.js';
import { compareText, instantOf, textOrNull } from './rowGuards.js';

export const restModeRowSchema = z.object({
  id: z.string().describe("Oura's id of the period."),
  start_day: z.string().describe('First local day of Rest Mode, YYYY-MM-DD.'),
  end_day: z.string().nullable().describe('Last local day, YYYY-MM-DD; null while Rest Mode is still on.'),
  start_time: z.string().nullable().describe('When Rest Mode was switched on, ISO 8601; null if absent.'),
  end_time: z.string().nullable().describe('When it was switched off, ISO 8601; null while still on.'),
  ongoing: z.boolean().describe('True when Oura gives no end: Rest Mode is still on.'),
  days: z.number().int().describe('Days covered, both ends counted (up to today while ongoing).'),
  episodes: z
    .array(
      z.object({
        timestamp: z.string().describe('When the owner logged it, ISO 8601.'),
        tags: z.array(z.string()).describe("Oura's tag codes logged, e.g. tag_generic_sick, tag_generic_fatigue."),
      }),
    )
    .describe('Symptoms or notes logged during the period, in time order.'),
});

export const restModeOutputSchema = z.object({
  data: z.array(restModeRowSchema).describe('Rest Mode periods overlapping the range, sorted by start day.'),
  summary: z
    .object({
      total_periods: z.number().int().describe('Periods in data.'),
      ongoing: z.boolean().describe('Whether Rest Mode is on now.'),
    })
    .describe('Over the range.'),
});

export type RestModeOutput = z.infer<typeof restModeOutputSchema>;
export type RestModeRow = RestModeOutput['data'][number];

/** Whether [start_day, end_day or today] overlaps [start, end]. */
export function overlaps(period: Pick<RestModePeriod, 'start_day' | 'end_day'>, start: IsoDate, end: IsoDate): boolean {
  const last = textOrNull(period.end_day);
  return period.start_day <= end && (last === null || last >= start);
}

export function toRestModeRows(
  periods: readonly RestModePeriod[],
  start: IsoDate,
  end: IsoDate,
  today: IsoDate,
): RestModeRow[] {
  return periods
    .filter((period) => typeof period.start_day === 'string' && overlaps(period, start, end))
    .map((period) => {
      const endDay = textOrNull(period.end_day);
      const episodes = (Array.isArray(period.episodes) ? period.episodes : [])
        .filter((episode) => typeof episode?.timestamp === 'string')
        .map((episode) => ({
          timestamp: episode.timestamp,
          tags: Array.isArray(episode.tags) ? episode.tags.filter((tag): tag is string => typeof tag === 'string') : [],
        }))
        .sort((a, b) => (instantOf(a.timestamp) ?? 0) - (instantOf(b.timestamp) ?? 0));
      return {
        id: textOrNull(period.id) ?? period.start_day,
        start_day: period.start_day,
        end_day: endDay,
        start_time: textOrNull(period.start_time),
        end_time: textOrNull(period.end_time),
        ongoing: endDay === null,
        days: Math.max(1, daysBetween(period.start_day, endDay ?? today) + 1),
        episodes,
      };
    })
    .sort((a, b) => compareText(a.start_day, b.start_day));
}
