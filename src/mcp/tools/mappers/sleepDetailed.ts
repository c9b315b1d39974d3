/**
 * `get_sleep_detailed` answer shape and mapping from Oura's `sleep` periods. The spec's types differ
 * from Oura's: Oura's `long_sleep` stays `long_sleep`, its `sleep` (15 min–3 h) becomes `short_sleep`
 * and its `late_nap` (an evening nap filed under the next day) becomes `nap`; Oura's own type is kept
 * as `oura_type`. `rest` (rejected by Oura) and `deleted` periods are left out.
 */
import { z } from 'zod';
import type { OuraSample, SleepPeriod } from '../../../oura/types.js';
import { lowestHeartRateOf } from '../../../analysis/sleepPeriods.js';
import { compareText, finiteOrNull, meanOrNull, textOrNull } from './rowGuards.js';

const TYPE_MAP = { long_sleep: 'long_sleep', sleep: 'short_sleep', late_nap: 'nap' } as const;
type OuraType = keyof typeof TYPE_MAP;

const seriesSchema = (unit: string, averageFrom: string) =>
  z.object({
    interval: z.number().nullable().describe('Seconds between samples (Oura uses 300); null when Oura sent no series.'),
    timestamp: z.string().nullable().describe('Time of the first sample, ISO 8601 with the local offset; null without a series.'),
    samples: z
      .array(z.number().nullable())
      .describe(`${unit}, one per interval from timestamp; null where the ring had no reading (kept so each position stays at its time).`),
    average: z.number().nullable().describe(`Average, ${unit}: ${averageFrom}; null when there is nothing to average.`),
  });

export const sleepPeriodSchema = z.object({
  id: z.string().describe("Oura's id of the sleep period."),
  date: z.string().describe("Oura's day of the period: the day the owner woke up (an evening nap counts for the next day), YYYY-MM-DD."),
  type: z.enum(['long_sleep', 'short_sleep', 'nap']).describe('long_sleep = the night (over 3 h); short_sleep = 15 min to 3 h; nap = an evening nap ending after 18:00.'),
  oura_type: z.enum(['long_sleep', 'sleep', 'late_nap']).describe("Oura's own type name for the period."),
  bedtime_start: z.string().describe('Went to bed, ISO 8601 with the local offset.'),
  bedtime_end: z.string().nullable().describe('Got up, ISO 8601 with the local offset; null while Oura is still tracking the period.'),
  total_sleep_duration: z.number().nullable().describe('Time asleep, seconds; null if absent.'),
  time_in_bed: z.number().nullable().describe('Time in bed, seconds; null if absent.'),
  deep_sleep_duration: z.number().nullable().describe("Deep sleep, seconds, Oura's own figure (the 5-minute phases are coarser and do not add up to it); null if absent."),
  light_sleep_duration: z.number().nullable().describe("Light sleep, seconds, Oura's own figure; null if absent."),
  rem_sleep_duration: z.number().nullable().describe("REM sleep, seconds, Oura's own figure; null if absent."),
  awake_time: z.number().nullable().describe("Time awake in bed, seconds, Oura's own figure; null if absent."),
  efficiency: z.number().nullable().describe('Sleep efficiency, % of time in bed asleep; null if absent.'),
  lowest_heart_rate: z.number().nullable().describe('Lowest heart rate during the period, bpm; null if absent.'),
  breath_average: z.number().nullable().describe('Average breathing rate, breaths per minute; null if absent.'),
  heart_rate: seriesSchema('bpm', "Oura's average_heart_rate, else the mean of the non-null samples").describe('Heart rate through the period.'),
  hrv: seriesSchema('ms (RMSSD)', "Oura's average_hrv, else the mean of the non-null samples").describe('Heart-rate variability through the period.'),
  movement_30_sec: z
    .string()
    .nullable()
    .describe("One character per 30 s, Oura's encoding: '1' = no motion, '2' = restless, '3' = tossing and turning, '4' = active; null if absent."),
  sleep_phase_5_min: z.string().nullable().describe("One character per 5 min: '1' = deep, '2' = light, '3' = REM, '4' = awake; null if absent."),
});

export const sleepDetailedOutputSchema = z.object({
  data: z.array(sleepPeriodSchema).describe('Sleep periods (nights and naps), sorted by bedtime; rest and deleted periods are left out.'),
});

export type SleepDetailedOutput = z.infer<typeof sleepDetailedOutputSchema>;
export type SleepPeriodRow = SleepDetailedOutput['data'][number];

function isMappedType(type: unknown): type is OuraType {
  return typeof type === 'string' && Object.hasOwn(TYPE_MAP, type);
}

function series(sample: OuraSample | null | undefined, ouraAverage: unknown): SleepPeriodRow['heart_rate'] {
  const items = Array.isArray(sample?.items) ? sample.items.map((item) => finiteOrNull(item)) : [];
  return {
    interval: finiteOrNull(sample?.interval),
    timestamp: textOrNull(sample?.timestamp),
    samples: items,
    average: finiteOrNull(ouraAverage, 1) ?? meanOrNull(items, 1),
  };
}

/** Periods of every kind except rest/deleted (and any type Oura may add later), sorted by bedtime. */
export function toSleepPeriodRows(periods: readonly SleepPeriod[]): SleepPeriodRow[] {
  return periods
    .filter((period): period is SleepPeriod & { type: OuraType } => isMappedType(period.type) && typeof period.bedtime_start === 'string')
    .map((period) => ({
      id: typeof period.id === 'string' ? period.id : period.bedtime_start,
      date: period.day,
      type: TYPE_MAP[period.type],
      oura_type: period.type,
      bedtime_start: period.bedtime_start,
      bedtime_end: textOrNull(period.bedtime_end),
      total_sleep_duration: finiteOrNull(period.total_sleep_duration),
      time_in_bed: finiteOrNull(period.time_in_bed),
      deep_sleep_duration: finiteOrNull(period.deep_sleep_duration),
      light_sleep_duration: finiteOrNull(period.light_sleep_duration),
      rem_sleep_duration: finiteOrNull(period.rem_sleep_duration),
      awake_time: finiteOrNull(period.awake_time),
      efficiency: finiteOrNull(period.efficiency),
      lowest_heart_rate: lowestHeartRateOf(period),
      breath_average: finiteOrNull(period.average_breath, 1),
      heart_rate: series(period.heart_rate, period.average_heart_rate),
      hrv: series(period.hrv, period.average_hrv),
      movement_30_sec: textOrNull(period.movement_30_sec),
      sleep_phase_5_min: textOrNull(period.sleep_phase_5_min),
    }))
    .sort((a, b) => {
      const byTime = Date.parse(a.bedtime_start) - Date.parse(b.bedtime_start);
      return Number.isFinite(byTime) && byTime !== 0 ? byTime : compareText(a.bedtime_start, b.bedtime_start);
    });
}

/** Share of 30-second epochs with no motion ('1'), 0–1, or null without a movement string. */
export function stillShare(movement: string | null): number | null {
  if (!movement) return null;
  let still = 0;
  for (const epoch of movement) if (epoch === '1') still++;
  return still / movement.length;
}
