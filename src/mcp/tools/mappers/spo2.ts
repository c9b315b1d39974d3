/**
 * `get_spo2` output: the schema and the mapping of Oura's `daily_spo2` rows (rounded once, to 0.1).
 */
import { z } from 'zod';
import type { DailySpo2 } from '../../../oura/types.js';
import { mean, numbers, round } from '../../../analysis/stats.js';
import { finiteOrNull } from './rowGuards.js';

export const spo2OutputSchema = z.object({
  data: z
    .array(
      z.object({
        date: z.string().describe('The day the night ended, YYYY-MM-DD.'),
        average_spo2_percentage: z
          .number()
          .nullable()
          .describe(
            'Average blood-oxygen saturation during the night, % (one decimal); null when Oura could not measure it.',
          ),
        breathing_disturbance_index: z
          .number()
          .nullable()
          .describe(
            'Breathing disturbances per hour of sleep (lower is better); only Gen 3 and newer rings measure it, null otherwise or when not computed.',
          ),
      }),
    )
    .describe('One row per night with SpO2 data, sorted by date.'),
  summary: z
    .object({
      average_spo2_percentage: z
        .number()
        .nullable()
        .describe('Mean of the nightly averages, % (one decimal); null without values.'),
      lowest_spo2_percentage: z.number().nullable().describe('Lowest nightly average in the range, %.'),
      average_breathing_disturbance_index: z
        .number()
        .nullable()
        .describe('Mean nightly breathing disturbance index (one decimal); null when no night has one.'),
      total_days: z.number().int().describe('Nights with a row.'),
    })
    .describe('Over the range.'),
});

export type Spo2Output = z.infer<typeof spo2OutputSchema>;
export type Spo2Row = Spo2Output['data'][number];

/** Oura's rows as answer rows: the nested `spo2_percentage.average` flattened. */
export function toSpo2Rows(rows: readonly DailySpo2[]): Spo2Row[] {
  return rows
    .map((row) => ({
      date: row.day,
      average_spo2_percentage: finiteOrNull(row.spo2_percentage?.average, 1),
      breathing_disturbance_index: finiteOrNull(row.breathing_disturbance_index, 1),
    }))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

export function summariseSpo2(rows: readonly DailySpo2[]): Spo2Output['summary'] {
  // Oura's unrounded nightly values, each figure rounded once: 98.781 and 98.688 average 98.7, not 98.8.
  const spo2 = numbers(rows.map((row) => row.spo2_percentage?.average));
  const bdi = numbers(rows.map((row) => row.breathing_disturbance_index));
  const average = (values: number[]) => {
    const m = mean(values);
    return m === null ? null : round(m, 1);
  };
  return {
    average_spo2_percentage: average(spo2),
    lowest_spo2_percentage: spo2.length === 0 ? null : round(Math.min(...spo2), 1),
    average_breathing_disturbance_index: average(bdi),
    total_days: rows.length,
  };
}
