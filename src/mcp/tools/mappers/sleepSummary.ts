/**
 * `get_sleep_summary` answer shape and the mapping from Oura. Per day: the score and two contributors
 * from `daily_sleep`, and the durations, latency and efficiency of that day's MAIN sleep period from
 * `sleep`. Oura's `daily_sleep.contributors` also has `total_sleep`, `deep_sleep`, `latency`… but those
 * are 1–100 scores, not seconds, so they are never used as durations here.
 */
import { z } from 'zod';
import type { DailyReadiness, DailySleep, IsoDate, SleepPeriod } from '../../../oura/types.js';
import { lowestHeartRateOf, mainSleepByDay } from '../../../analysis/sleepPeriods.js';
import {
  BEDTIME_ANCHOR,
  WAKE_ANCHOR,
  formatClock,
  localClockMinutes,
  medianClockTime,
} from '../../../analysis/clockTimes.js';
import { compareText, finiteOrNull, meanOrNull, textOrNull } from './rowGuards.js';

const seconds = (what: string) =>
  z
    .number()
    .nullable()
    .describe(`${what}, seconds, from the night's main sleep period; null when Oura has no period for the day.`);

export const sleepSummaryRowSchema = z.object({
  date: z.string().describe('The day the night ended (Oura files a night under the day you wake up), YYYY-MM-DD.'),
  score: z.number().nullable().describe("Oura's sleep score, 0–100; null when Oura has not scored the day."),
  bedtime: z.string().nullable().describe('Went to bed, local clock time HH:MM; null without a period.'),
  wake_time: z.string().nullable().describe('Got up, local clock time HH:MM; null without a period.'),
  total_sleep_duration: seconds('Time asleep (deep + light + REM)'),
  efficiency: z
    .number()
    .nullable()
    .describe('Sleep efficiency, % of the time in bed spent asleep (Oura 1–100); null without a period.'),
  latency: seconds('Time it took to fall asleep'),
  deep_sleep_duration: seconds('Deep sleep'),
  light_sleep_duration: seconds('Light sleep'),
  rem_sleep_duration: seconds('REM sleep'),
  awake_time: seconds('Time awake in bed'),
  lowest_heart_rate: z
    .number()
    .nullable()
    .describe("Resting heart rate: Oura's lowest of the night, bpm; null if absent."),
  restfulness: z
    .number()
    .nullable()
    .describe(
      "Restfulness contributor of Oura's sleep score, 0–100 (higher = fewer wake-ups and restless moments); null if absent.",
    ),
  timing: z
    .number()
    .nullable()
    .describe(
      "Sleep timing contributor of Oura's sleep score, 0–100 (higher = midpoint of sleep closer to the ideal, around 2–4 am); null if absent.",
    ),
  hrv_balance: z
    .number()
    .nullable()
    .optional()
    .describe(
      "Only with include_hrv: HRV balance contributor of that day's readiness, 0–100 (recent HRV against the long-term baseline); null when Oura has none.",
    ),
  average_hrv: z
    .number()
    .nullable()
    .optional()
    .describe(
      'Only with include_hrv: average heart-rate variability (RMSSD) during the main sleep period, ms; null when Oura has none.',
    ),
});

export const sleepSummaryOutputSchema = z.object({
  data: z
    .array(sleepSummaryRowSchema)
    .describe('One row per day with sleep data, sorted by date; days without data are left out.'),
  summary: z
    .object({
      average_score: z
        .number()
        .nullable()
        .describe('Mean sleep score over the days that have one, one decimal; null when none.'),
      average_duration: z
        .number()
        .nullable()
        .describe('Mean total sleep of the main periods, whole seconds; null when none.'),
      average_efficiency: z
        .number()
        .nullable()
        .describe('Mean sleep efficiency of the main periods, %, one decimal; null when none.'),
      total_days: z.number().int().describe('Days in data.'),
      median_bedtime: z.string().nullable().describe('Usual bedtime, median local clock time HH:MM; null when none.'),
      median_wake_time: z
        .string()
        .nullable()
        .describe('Usual wake time, median local clock time HH:MM; null when none.'),
      average_latency: z.number().nullable().describe('Mean time to fall asleep, whole seconds; null when none.'),
      average_lowest_heart_rate: z
        .number()
        .nullable()
        .describe('Mean resting (lowest) heart rate, bpm, one decimal; null when none.'),
    })
    .describe('Averages over the days with data (naps excluded).'),
});

export type SleepSummaryOutput = z.infer<typeof sleepSummaryOutputSchema>;
export type SleepSummaryRow = SleepSummaryOutput['data'][number];

/** The local clock time "23:12" of Oura's ISO date-time with the owner's offset; null without one. */
function clockOf(isoDateTime: unknown): string | null {
  const minutes = localClockMinutes(textOrNull(isoDateTime));
  return minutes === null ? null : formatClock(minutes);
}

/**
 * One row per day that has a `daily_sleep` row or a main sleep period. `readiness` is given only with
 * `include_hrv` (its presence adds the two HRV fields to every row).
 */
export function toSleepSummaryRows(
  dailySleep: readonly DailySleep[],
  periods: readonly SleepPeriod[],
  readiness: readonly DailyReadiness[] | null,
): SleepSummaryRow[] {
  const scores = new Map<IsoDate, DailySleep>(
    dailySleep.filter((row) => typeof row.day === 'string').map((row) => [row.day, row]),
  );
  const main = mainSleepByDay(periods);
  const readinessByDay = new Map<IsoDate, DailyReadiness>((readiness ?? []).map((row) => [row.day, row]));
  const days = [...new Set([...scores.keys(), ...main.keys()])].sort(compareText);
  return days.map((day) => {
    const daily = scores.get(day);
    const period = main.get(day);
    const row: SleepSummaryRow = {
      date: day,
      score: finiteOrNull(daily?.score),
      bedtime: clockOf(period?.bedtime_start),
      wake_time: clockOf(period?.bedtime_end),
      total_sleep_duration: finiteOrNull(period?.total_sleep_duration),
      efficiency: finiteOrNull(period?.efficiency),
      latency: finiteOrNull(period?.latency),
      deep_sleep_duration: finiteOrNull(period?.deep_sleep_duration),
      light_sleep_duration: finiteOrNull(period?.light_sleep_duration),
      rem_sleep_duration: finiteOrNull(period?.rem_sleep_duration),
      awake_time: finiteOrNull(period?.awake_time),
      lowest_heart_rate: period ? lowestHeartRateOf(period) : null,
      restfulness: finiteOrNull(daily?.contributors?.restfulness),
      timing: finiteOrNull(daily?.contributors?.timing),
    };
    if (readiness !== null) {
      row.hrv_balance = finiteOrNull(readinessByDay.get(day)?.contributors?.hrv_balance);
      row.average_hrv = finiteOrNull(period?.average_hrv);
    }
    return row;
  });
}

/**
 * Averages over the days that have each value: scores, efficiency and heart rate to one decimal,
 * durations to whole seconds. The usual bed and wake times are medians of the main periods' local
 * clock times (`analysis/clockTimes.ts`: one late party does not move them, midnight does not split them).
 */
export function summariseSleep(rows: readonly SleepSummaryRow[]): SleepSummaryOutput['summary'] {
  return {
    average_score: meanOrNull(
      rows.map((row) => row.score),
      1,
    ),
    average_duration: meanOrNull(
      rows.map((row) => row.total_sleep_duration),
      0,
    ),
    average_efficiency: meanOrNull(
      rows.map((row) => row.efficiency),
      1,
    ),
    total_days: rows.length,
    median_bedtime: medianClockTime(
      rows.map((row) => row.bedtime),
      BEDTIME_ANCHOR,
    ),
    median_wake_time: medianClockTime(
      rows.map((row) => row.wake_time),
      WAKE_ANCHOR,
    ),
    average_latency: meanOrNull(
      rows.map((row) => row.latency),
      0,
    ),
    average_lowest_heart_rate: meanOrNull(
      rows.map((row) => row.lowest_heart_rate),
      1,
    ),
  };
}
