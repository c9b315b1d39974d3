/**
 * `get_stress_and_resilience` output: the schema and the join of Oura's `daily_stress` and
 * `daily_resilience` rows by day, with the range summary.
 */
import { z } from 'zod';
import type { DailyResilience, DailyStress } from '../../../oura/types.js';
import { mean, numbers, round } from '../../../analysis/stats.js';
import { finiteOrNull } from './rowGuards.js';

const LEVELS = ['limited', 'adequate', 'solid', 'strong', 'exceptional'] as const;

const dayRowSchema = z.object({
  date: z.string().describe("The owner's local day, YYYY-MM-DD."),
  stress_high: z
    .number()
    .nullable()
    .describe('Time in high stress during the day, seconds; null without stress data for the day.'),
  recovery_high: z
    .number()
    .nullable()
    .describe('Time in high recovery (restorative) during the day, seconds; null without stress data.'),
  day_summary: z
    .enum(['restored', 'normal', 'stressful'])
    .nullable()
    .describe("Oura's verdict on the day; null when Oura gave none."),
  resilience_level: z
    .enum(LEVELS)
    .nullable()
    .describe(
      "Oura's resilience level (limited < adequate < solid < strong < exceptional); null without resilience data for the day.",
    ),
  resilience_contributors: z
    .object({
      sleep_recovery: z.number().nullable().describe('How well sleep restored the owner, 0–100.'),
      daytime_recovery: z.number().nullable().describe('Recovery during the day, 0–100.'),
      stress: z.number().nullable().describe('Stress load contributor, 0–100 (higher = less stress strain).'),
    })
    .nullable()
    .describe('Contributors to resilience, 0–100 scores; null without resilience data.'),
});

export const stressOutputSchema = z.object({
  data: z.array(dayRowSchema).describe('One row per day with stress or resilience data, sorted by date.'),
  summary: z
    .object({
      total_days: z.number().int().describe('Days with any data.'),
      stressful_days: z.number().int().describe("Days Oura summarised as 'stressful'."),
      normal_days: z.number().int().describe("Days summarised as 'normal'."),
      restored_days: z.number().int().describe("Days summarised as 'restored'."),
      average_stress_high: z
        .number()
        .nullable()
        .describe('Mean daily high-stress time, seconds; null without stress data.'),
      average_recovery_high: z
        .number()
        .nullable()
        .describe('Mean daily high-recovery time, seconds; null without stress data.'),
      latest_resilience_level: z.enum(LEVELS).nullable().describe('Resilience level of the newest day that has one.'),
    })
    .describe('Counts and averages over the range.'),
});

export type StressOutput = z.infer<typeof stressOutputSchema>;
export type StressDayRow = StressOutput['data'][number];

/** Joins the two collections by day; a day present in only one keeps nulls for the other. */
export function joinStressAndResilience(
  stress: readonly DailyStress[],
  resilience: readonly DailyResilience[],
): StressDayRow[] {
  const rows = new Map<string, StressDayRow>();
  const rowFor = (day: string): StressDayRow => {
    let row = rows.get(day);
    if (!row) {
      row = {
        date: day,
        stress_high: null,
        recovery_high: null,
        day_summary: null,
        resilience_level: null,
        resilience_contributors: null,
      };
      rows.set(day, row);
    }
    return row;
  };
  for (const s of stress) {
    const row = rowFor(s.day);
    row.stress_high = s.stress_high ?? null;
    row.recovery_high = s.recovery_high ?? null;
    row.day_summary = s.day_summary ?? null;
  }
  for (const r of resilience) {
    const row = rowFor(r.day);
    row.resilience_level = (LEVELS as readonly string[]).includes(r.level) ? r.level : null;
    const c = r.contributors;
    row.resilience_contributors = c
      ? {
          sleep_recovery: finiteOrNull(c.sleep_recovery),
          daytime_recovery: finiteOrNull(c.daytime_recovery),
          stress: finiteOrNull(c.stress),
        }
      : null;
  }
  return [...rows.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

export function summariseStress(data: readonly StressDayRow[]): StressOutput['summary'] {
  const count = (summary: StressDayRow['day_summary']) => data.filter((row) => row.day_summary === summary).length;
  const averageOf = (values: Array<number | null>) => {
    const m = mean(numbers(values));
    return m === null ? null : round(m);
  };
  const withLevel = data.filter((row) => row.resilience_level !== null);
  return {
    total_days: data.length,
    stressful_days: count('stressful'),
    normal_days: count('normal'),
    restored_days: count('restored'),
    average_stress_high: averageOf(data.map((row) => row.stress_high)),
    average_recovery_high: averageOf(data.map((row) => row.recovery_high)),
    latest_resilience_level: withLevel[withLevel.length - 1]?.resilience_level ?? null,
  };
}
