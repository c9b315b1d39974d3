/**
 * `get_cardio_fitness` output: the schema and the mapping of Oura's cardiovascular-age and VO2 max rows
 * (rounded once, here: pulse wave velocity to 0.01 m/s, VO2 max to 0.1 ml/kg/min).
 */
import { z } from 'zod';
import type { DailyCardiovascularAge, Vo2Max } from '../../../oura/types.js';
import { round } from '../../../analysis/stats.js';
import { changeBeyondNoise } from '../../../analysis/change.js';
import { sortByDate } from './rowGuards.js';

const latestSchema = (what: string, unit: string) =>
  z
    .object({
      date: z.string().describe('Day of the newest value, YYYY-MM-DD.'),
      value: z.number().describe(`${what}, ${unit}.`),
    })
    .nullable()
    .describe(`Newest ${what.toLowerCase()} in the range; null when none.`);

export const cardioFitnessOutputSchema = z.object({
  cardiovascular_age: z
    .array(
      z.object({
        date: z.string().describe('YYYY-MM-DD.'),
        vascular_age: z
          .number()
          .nullable()
          .describe("Oura's estimate of the age of the arteries, years; null when none."),
        pulse_wave_velocity: z
          .number()
          .nullable()
          .describe('Pulse wave velocity, m/s (higher = stiffer arteries); null when none.'),
      }),
    )
    .describe('Daily cardiovascular age, sorted by date.'),
  vo2_max: z
    .array(
      z.object({
        date: z.string().describe('YYYY-MM-DD.'),
        timestamp: z.string().describe('When Oura made the estimate, ISO 8601.'),
        vo2_max: z.number().describe('Estimated VO2 max, ml/kg/min (higher = fitter).'),
      }),
    )
    .describe('VO2 max estimates (Oura makes one every few days, after walks), sorted by date.'),
  summary: z
    .object({
      latest_vascular_age: latestSchema('Vascular age', 'years'),
      vascular_age_change: z
        .number()
        .nullable()
        .describe('Change across the range, years (see summary); null when steady or too few values.'),
      latest_pulse_wave_velocity: latestSchema('Pulse wave velocity', 'm/s'),
      pulse_wave_velocity_change: z
        .number()
        .nullable()
        .describe('Change across the range, m/s (see summary); null when steady or too few values.'),
      latest_vo2_max: latestSchema('VO2 max', 'ml/kg/min'),
      vo2_max_change: z
        .number()
        .nullable()
        .describe('Change across the range, ml/kg/min (see summary); null when steady or too few values.'),
    })
    .describe(
      'Latest values; a change is the last-week mean minus the first-week mean, given only when it exceeds the day-to-day spread (4+ values).',
    ),
});

export type CardioFitnessOutput = z.infer<typeof cardioFitnessOutputSchema>;

interface Dated {
  date: string;
  value: number;
}

/** The values of a series with their dates, in date order, nulls dropped. */
function present<T extends { date: string }>(rows: readonly T[], pick: (row: T) => number | null): Dated[] {
  return rows.flatMap((row) => {
    const value = pick(row);
    return typeof value === 'number' && Number.isFinite(value) ? [{ date: row.date, value }] : [];
  });
}

/**
 * Newest value and the change across the range by the noise rule of `analysis/change.ts`, from Oura's
 * unrounded values, each rounded once to `digits`: null when the series is steady (within its
 * day-to-day spread) or has fewer than four values. Never last minus first: that reports noise.
 */
export function latestAndChange(
  values: readonly Dated[],
  digits: number,
): { latest: Dated | null; change: number | null } {
  const last = values[values.length - 1];
  if (!last) return { latest: null, change: null };
  const change = changeBeyondNoise(values.map((value) => value.value));
  return {
    latest: { date: last.date, value: round(last.value, digits) },
    change: change?.real ? round(change.change, digits) : null,
  };
}

/** Oura's rows as the answer: both series by date, the latest of each and its change over the range. */
export function toCardioFitness(ages: readonly DailyCardiovascularAge[], vo2: readonly Vo2Max[]): CardioFitnessOutput {
  const rawAges = sortByDate(
    ages.map((row) => ({
      date: row.day,
      vascular_age: typeof row.vascular_age === 'number' ? row.vascular_age : null,
      pulse_wave_velocity: typeof row.pulse_wave_velocity === 'number' ? row.pulse_wave_velocity : null,
    })),
  );
  const rawVo2 = sortByDate(
    vo2
      .filter((row) => typeof row.vo2_max === 'number')
      .map((row) => ({ date: row.day, timestamp: row.timestamp, vo2_max: row.vo2_max })),
  );
  const cardiovascular_age = rawAges.map((row) => ({
    ...row,
    pulse_wave_velocity: row.pulse_wave_velocity === null ? null : round(row.pulse_wave_velocity, 2),
  }));
  const vo2Rows = rawVo2.map((row) => ({ ...row, vo2_max: round(row.vo2_max, 1) }));
  // Latest values and changes from the unrounded values, rounded once.
  const age = latestAndChange(
    present(rawAges, (r) => r.vascular_age),
    1,
  );
  const pwv = latestAndChange(
    present(rawAges, (r) => r.pulse_wave_velocity),
    2,
  );
  const fitness = latestAndChange(
    present(rawVo2, (r) => r.vo2_max),
    1,
  );
  return {
    cardiovascular_age,
    vo2_max: vo2Rows,
    summary: {
      latest_vascular_age: age.latest,
      vascular_age_change: age.change,
      latest_pulse_wave_velocity: pwv.latest,
      pulse_wave_velocity_change: pwv.change,
      latest_vo2_max: fitness.latest,
      vo2_max_change: fitness.change,
    },
  };
}
