/**
 * `get_heart_rate` output: the schema and the mapping of Oura's heart-rate rows and the sleep periods
 * around them: points at a resolution that keeps the answer small, totals over every reading (an
 * average over time, not a plain mean) and the resting heart rate by its documented rule.
 */
import { z } from 'zod';
import type { HeartRateRow, SleepPeriod } from '../../../oura/types.js';
import type { ZoneOffsets } from '../../../lib/time.js';
import {
  chooseResolution,
  toReadings,
  type HeartRateResolution,
  type ResolutionChoice,
} from '../../../analysis/heartRateBuckets.js';
import { heartRateTotals, restingHeartRate, type RestingHr } from '../../../analysis/heartRateSummary.js';

/**
 * Oura's real `source` values. The spec's 'rest' | 'activity' | 'workout' is narrower and has no
 * 'activity'; inventing a mapping would hide what Oura measured, so Oura's six values are declared.
 */
const sourceSchema = z
  .enum(['awake', 'rest', 'sleep', 'session', 'live', 'workout'])
  .nullable()
  .describe(
    "Oura's source: awake (daytime), rest (resting/winding down), sleep, session (guided session), live (live measurement in the app), workout; null when Oura sent none.",
  );

export const heartRateOutputSchema = z.object({
  data: z
    .array(
      z.object({
        timestamp: z
          .string()
          .describe(
            "Owner's local time with offset; for aggregated rows the start of the local 5-minute slot, hour or day.",
          ),
        bpm: z
          .number()
          .describe(
            'Beats per minute: the reading, or the average over time of the bucket (each reading weighted by the time to the next, at most 5 min), rounded.',
          ),
        source: sourceSchema,
        min_bpm: z.number().optional().describe('Lowest reading in the bucket (aggregated rows only).'),
        max_bpm: z.number().optional().describe('Highest reading in the bucket (aggregated rows only).'),
        readings: z
          .number()
          .int()
          .optional()
          .describe(
            "Readings in the bucket (aggregated rows only); the row's source is the one covering most of the bucket's time.",
          ),
      }),
    )
    .describe('Points in time order at the applied resolution.'),
  summary: z
    .object({
      average_bpm: z
        .number()
        .nullable()
        .describe(
          'Average over time of every reading in the window (not of the shown points), bpm, one decimal: each reading counts for the time until the next one, at most 5 min, so workouts sampled every few seconds do not outweigh the day. Null without readings.',
        ),
      min_bpm: z.number().nullable().describe('Lowest reading in the window, bpm.'),
      max_bpm: z.number().nullable().describe('Highest reading in the window, bpm.'),
      resting_hr: z
        .number()
        .nullable()
        .describe(
          "Resting heart rate, bpm: the lowest of Oura's nightly lowest heart rates of the sleep periods overlapping the window; without a night, the 5th percentile of sleep/rest readings; null when neither exists.",
        ),
      resting_hr_basis: z
        .enum(['lowest_sleep_heart_rate', 'rest_sleep_5th_percentile', 'none'])
        .describe('Which rule gave resting_hr.'),
      total_readings: z.number().int().describe('Every reading in the window, whatever the resolution.'),
    })
    .describe('Over every reading in the window.'),
  resolution: z.enum(['raw', '5min', 'hourly', 'daily']).describe('The resolution applied to data.'),
});

export type HeartRateOutput = z.infer<typeof heartRateOutputSchema>;

/** The answer, and what its text needs to explain it: the resolution choice and the resting rule. */
export interface HeartRateMapping {
  structured: HeartRateOutput;
  choice: ResolutionChoice;
  resting: RestingHr;
}

/** The totals the answer reports: the plain mean of readings is left out (workout readings dominate it). */
function totalsOverTime(
  readings: Parameters<typeof heartRateTotals>[0],
): Omit<ReturnType<typeof heartRateTotals>, 'mean_of_readings_bpm'> {
  const { mean_of_readings_bpm: _plainMean, ...totals } = heartRateTotals(readings);
  return totals;
}

/**
 * Oura's rows of `[startMs, endMs]` as the answer: points at `requested` (undefined = automatic),
 * totals over every reading, resting heart rate from `periods` (or the readings without a night).
 */
export function toHeartRate(
  rows: readonly HeartRateRow[],
  periods: readonly SleepPeriod[],
  window: { startMs: number; endMs: number },
  zone: ZoneOffsets,
  requested: HeartRateResolution | undefined,
): HeartRateMapping {
  const readings = toReadings(rows, window.startMs, window.endMs);
  const choice = chooseResolution(readings, zone, requested);
  const resting = restingHeartRate(periods, readings, window.startMs, window.endMs);
  const structured: HeartRateOutput = {
    data: choice.points,
    summary: { ...totalsOverTime(readings), resting_hr: resting.value, resting_hr_basis: resting.basis },
    resolution: choice.resolution,
  };
  return { structured, choice, resting };
}
