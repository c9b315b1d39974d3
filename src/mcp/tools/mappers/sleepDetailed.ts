/**
 * `get_sleep_detailed` answer shape and mapping from Oura's `sleep` periods. The spec's types differ
 * from Oura's: Oura's `long_sleep` stays `long_sleep`, its `sleep` (15 min–3 h) becomes `short_sleep`
 * and its `late_nap` (an evening nap filed under the next day) becomes `nap`. `rest` (rejected by Oura)
 * and `deleted` periods are left out. Stage durations are Oura's own figures; the series (heart rate,
 * HRV, phases, movement) come at Oura's resolution and are summarised on request (see resampleSeries).
 *
 * Answer rule (dates a person would use): a night belongs to the day the owner woke up, as Oura files
 * it; an evening nap to the evening it was taken (its local start day). Oura files a nap from 19:26 to
 * 19:51 on the 24th under the 25th; asked "did I nap on the 24th?", a coach says yes.
 */
import { z } from 'zod';
import type { OuraSample, SleepPeriod } from '../../../oura/types.js';
import { lowestHeartRateOf } from '../../../analysis/sleepPeriods.js';
import { compareText, finiteOrNull, meanOrNull, textOrNull } from './rowGuards.js';

const TYPE_MAP = { long_sleep: 'long_sleep', sleep: 'short_sleep', late_nap: 'nap' } as const;
type OuraType = keyof typeof TYPE_MAP;

/** Oura's resolution of heart rate, HRV and phases (5 minutes) and of movement (30 seconds). */
export const OURA_SERIES_SECONDS = 300;
export const OURA_MOVEMENT_SECONDS = 30;

export const sleepSeriesSchema = z.object({
  interval: z
    .number()
    .describe("Seconds per heart-rate, HRV and phase sample: 300 = Oura's own, 1800 = 30-minute summaries."),
  movement_interval: z.number().describe("Seconds per movement character: 30 = Oura's own, else equal to interval."),
  start: z.string().describe('Time of the first sample, ISO 8601 with the local offset.'),
  heart_rate: z
    .array(z.number().nullable())
    .describe("bpm per interval (mean of Oura's samples in it); null without a reading."),
  hrv: z
    .array(z.number().nullable())
    .describe("ms (RMSSD) per interval (mean of Oura's samples in it); null without a reading."),
  phases: z
    .string()
    .describe("One character per interval: '1' deep, '2' light, '3' REM, '4' awake (the most frequent in it)."),
  movement: z
    .string()
    .describe(
      "One character per movement_interval: '1' no motion, '2' restless, '3' tossing and turning, '4' active (the most active in it).",
    ),
});

export const sleepPeriodSchema = z.object({
  date: z
    .string()
    .describe(
      'A night: the day the owner woke up; an evening nap: the day it was taken (Oura files it under the next). YYYY-MM-DD.',
    ),
  type: z
    .enum(['long_sleep', 'short_sleep', 'nap'])
    .describe(
      'long_sleep = the night (over 3 h); short_sleep = 15 min to 3 h; nap = an evening nap ending after 18:00.',
    ),
  bedtime_start: z.string().describe('Went to bed, ISO 8601 with the local offset.'),
  bedtime_end: z
    .string()
    .nullable()
    .describe('Got up, ISO 8601 with the local offset; null while Oura is still tracking the period.'),
  total_sleep_duration: z.number().nullable().describe('Time asleep, seconds; null if absent.'),
  time_in_bed: z.number().nullable().describe('Time in bed, seconds; null if absent.'),
  efficiency: z.number().nullable().describe('Sleep efficiency, % of time in bed asleep; null if absent.'),
  latency: z.number().nullable().describe('Time to fall asleep, seconds; null if absent.'),
  deep_sleep_duration: z.number().nullable().describe("Deep sleep, seconds (Oura's figure); null if absent."),
  light_sleep_duration: z.number().nullable().describe('Light sleep, seconds; null if absent.'),
  rem_sleep_duration: z.number().nullable().describe('REM sleep, seconds; null if absent.'),
  awake_time: z.number().nullable().describe('Awake in bed, seconds; null if absent.'),
  lowest_heart_rate: z.number().nullable().describe('Lowest heart rate during the period, bpm; null if absent.'),
  average_heart_rate: z
    .number()
    .nullable()
    .describe("Oura's average heart rate, else the mean of its samples, bpm; null without either."),
  average_hrv: z
    .number()
    .nullable()
    .describe("Oura's average HRV (RMSSD), else the mean of its samples, ms; null without either."),
  breath_average: z.number().nullable().describe('Average breathing rate, breaths per minute; null if absent.'),
  series: sleepSeriesSchema.optional().describe('Only when series were asked for (and by default for a single day).'),
});

export const sleepDetailedOutputSchema = z.object({
  data: z
    .array(sleepPeriodSchema)
    .describe('Sleep periods (nights and naps), sorted by bedtime; rest and deleted periods are left out.'),
});

export type SleepDetailedOutput = z.infer<typeof sleepDetailedOutputSchema>;
export type SleepPeriodRow = SleepDetailedOutput['data'][number];
export type SleepSeries = z.infer<typeof sleepSeriesSchema>;

function isMappedType(type: unknown): type is OuraType {
  return typeof type === 'string' && Object.hasOwn(TYPE_MAP, type);
}

function samplesOf(sample: OuraSample | null | undefined): Array<number | null> {
  return Array.isArray(sample?.items) ? sample.items.map((item) => finiteOrNull(item)) : [];
}

/** Oura's series of a period at its own resolution, or undefined when it sent none. */
function fullSeries(period: SleepPeriod): SleepSeries | undefined {
  const heartRate = samplesOf(period.heart_rate);
  const hrv = samplesOf(period.hrv);
  const phases = textOrNull(period.sleep_phase_5_min) ?? '';
  const movement = textOrNull(period.movement_30_sec) ?? '';
  if (heartRate.length === 0 && hrv.length === 0 && phases === '' && movement === '') return undefined;
  return {
    interval: finiteOrNull(period.heart_rate?.interval) ?? OURA_SERIES_SECONDS,
    movement_interval: OURA_MOVEMENT_SECONDS,
    start: textOrNull(period.heart_rate?.timestamp) ?? period.bedtime_start,
    heart_rate: heartRate,
    hrv,
    phases,
    movement,
  };
}

export interface SleepPeriodWithSeries {
  row: SleepPeriodRow;
  /** Oura's series at its own resolution (the row carries them only when asked for). */
  series: SleepSeries | undefined;
}

/** Periods of every kind except rest/deleted (and any type Oura may add later), sorted by bedtime. */
export function toSleepPeriodRows(periods: readonly SleepPeriod[]): SleepPeriodWithSeries[] {
  return periods
    .filter(
      (period): period is SleepPeriod & { type: OuraType } =>
        isMappedType(period.type) && typeof period.bedtime_start === 'string',
    )
    .map((period) => {
      const series = fullSeries(period);
      const row: SleepPeriodRow = {
        date: period.type === 'late_nap' ? period.bedtime_start.slice(0, 10) : period.day,
        type: TYPE_MAP[period.type],
        bedtime_start: period.bedtime_start,
        bedtime_end: textOrNull(period.bedtime_end),
        total_sleep_duration: finiteOrNull(period.total_sleep_duration),
        time_in_bed: finiteOrNull(period.time_in_bed),
        efficiency: finiteOrNull(period.efficiency),
        latency: finiteOrNull(period.latency),
        deep_sleep_duration: finiteOrNull(period.deep_sleep_duration),
        light_sleep_duration: finiteOrNull(period.light_sleep_duration),
        rem_sleep_duration: finiteOrNull(period.rem_sleep_duration),
        awake_time: finiteOrNull(period.awake_time),
        lowest_heart_rate: lowestHeartRateOf(period),
        average_heart_rate: finiteOrNull(period.average_heart_rate, 1) ?? meanOrNull(series?.heart_rate ?? [], 1),
        average_hrv: finiteOrNull(period.average_hrv, 1) ?? meanOrNull(series?.hrv ?? [], 1),
        breath_average: finiteOrNull(period.average_breath, 1),
      };
      return { row, series };
    })
    .sort((a, b) => {
      const byTime = Date.parse(a.row.bedtime_start) - Date.parse(b.row.bedtime_start);
      return Number.isFinite(byTime) && byTime !== 0 ? byTime : compareText(a.row.bedtime_start, b.row.bedtime_start);
    });
}

/** Mean of the non-null values of each chunk of `size`, rounded to whole units; null for an empty chunk. */
function chunkMeans(values: ReadonlyArray<number | null>, size: number): Array<number | null> {
  const out: Array<number | null> = [];
  for (let i = 0; i < values.length; i += size) out.push(meanOrNull(values.slice(i, i + size), 0));
  return out;
}

/** One character per chunk of `size`: the most frequent (phases) or the highest (movement: the most active). */
function chunkChars(text: string, size: number, pick: 'most_frequent' | 'highest'): string {
  let out = '';
  for (let i = 0; i < text.length; i += size) {
    const chunk = text.slice(i, i + size);
    if (pick === 'highest') {
      out += [...chunk].sort().at(-1) ?? '';
      continue;
    }
    const counts = new Map<string, number>();
    for (const char of chunk) counts.set(char, (counts.get(char) ?? 0) + 1);
    // Ties go to the earlier character in the chunk, so a summary never invents a phase.
    let best = '';
    for (const char of chunk) if (best === '' || (counts.get(char) ?? 0) > (counts.get(best) ?? 0)) best = char;
    out += best;
  }
  return out;
}

/**
 * Oura's series summarised to `seconds` per sample (a multiple of Oura's 5 minutes): heart rate and
 * HRV by the mean of the samples in each slot, phases by the most frequent, movement by the most
 * active. The series of a night shrink from ~2.2 KB to ~0.3 KB at 30 minutes.
 */
export function resampleSeries(series: SleepSeries, seconds: number): SleepSeries {
  if (seconds <= series.interval) return series;
  const per = Math.max(1, Math.round(seconds / series.interval));
  const perMovement = Math.max(1, Math.round(seconds / series.movement_interval));
  return {
    interval: series.interval * per,
    movement_interval: series.movement_interval * perMovement,
    start: series.start,
    heart_rate: chunkMeans(series.heart_rate, per),
    hrv: chunkMeans(series.hrv, per),
    phases: chunkChars(series.phases, per, 'most_frequent'),
    movement: chunkChars(series.movement, perMovement, 'highest'),
  };
}

/** Share of 30-second epochs with no motion ('1'), 0–1, or null without a movement string. */
export function stillShare(movement: string | null): number | null {
  if (!movement) return null;
  let still = 0;
  for (const epoch of movement) if (epoch === '1') still++;
  return still / movement.length;
}
