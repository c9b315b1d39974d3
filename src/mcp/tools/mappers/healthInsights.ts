/**
 * `get_health_insights` output: the schema and the mapping of Oura's sleep, readiness and activity rows
 * of the period and its baseline (the 28 days before it) into findings, trends and averages, by the
 * fixed rules of `analysis/insights`. Pure: the same rows always give the same answer.
 */
import { z } from 'zod';
import type { IsoDate } from '../../../oura/types.js';
import { analyse } from '../../../analysis/insights/analyse.js';
import { buildSeries, sliceSeries, withoutDays, type InsightRows } from '../../../analysis/insights/series.js';

export const BASELINE_DAYS = 28;

const trendSchema = (what: string) =>
  z
    .enum(['improving', 'declining', 'stable', 'not_enough_data'])
    .describe(
      `${what} across the period: least-squares fitted change of at least 5 points up (improving) or down (declining); stable otherwise; not_enough_data with fewer than 3 days of scores.`,
    );

const averagesSchema = (span: string) =>
  z
    .object({
      sleep_score: z.number().nullable().describe('Mean daily sleep score (1–100).'),
      sleep_duration: z.number().nullable().describe("Mean total sleep of the night's main sleep period, seconds."),
      readiness_score: z.number().nullable().describe('Mean readiness score (1–100).'),
      resting_heart_rate: z.number().nullable().describe("Mean of the nights' lowest heart rate, bpm."),
      hrv: z.number().nullable().describe("Mean of the nights' average HRV, ms."),
      temperature_deviation: z
        .number()
        .nullable()
        .describe("Mean temperature deviation from the owner's baseline, °C."),
      activity_score: z.number().nullable().describe('Mean activity score (1–100), finished days only.'),
      steps: z.number().nullable().describe('Mean daily steps, finished days only.'),
    })
    .describe(`Averages over the ${span}; null where there is no data.`);

export const healthInsightsOutputSchema = z.object({
  period: z
    .object({
      start_date: z.string().describe('First day analysed, YYYY-MM-DD.'),
      end_date: z.string().describe('Last day analysed, YYYY-MM-DD.'),
    })
    .describe('The analysed days.'),
  insights: z
    .array(
      z.object({
        category: z.enum(['sleep', 'activity', 'readiness', 'recovery']).describe('Area of the finding.'),
        finding: z.string().describe('What the data shows, with its numbers.'),
        recommendation: z.string().optional().describe('A practical next step, where one helps.'),
        priority: z.enum(['high', 'medium', 'low']).describe('How much attention it deserves.'),
      }),
    )
    .describe('Findings, most important first.'),
  trends: z
    .object({
      sleep: trendSchema('Daily sleep score'),
      activity: trendSchema('Daily activity score'),
      readiness: trendSchema('Daily readiness score'),
    })
    .describe('Direction of the scores within the period.'),
  baseline: z
    .object({
      start_date: z.string().describe('First baseline day, YYYY-MM-DD.'),
      end_date: z.string().describe('Last baseline day (the day before the period), YYYY-MM-DD.'),
      excluded_days: z
        .number()
        .int()
        .nullable()
        .describe(
          'Baseline days left out: in Rest Mode or tagged sick, and the day after; null when Oura gave no access to Rest Mode and tags (then they are included).',
        ),
    })
    .describe(`The ${BASELINE_DAYS} days before the period that findings compare with.`),
  averages: z
    .object({ period: averagesSchema('period'), baseline: averagesSchema('baseline') })
    .describe('The figures behind the findings.'),
});

export type HealthInsightsOutput = z.infer<typeof healthInsightsOutputSchema>;

export interface DaySpan {
  start_date: IsoDate;
  end_date: IsoDate;
}

/**
 * The rows of the baseline and the period (fetched as one span) as the answer. `today`'s activity is
 * left out of the series: the day is not over. `excludedDays` (see `analysis/insights/illnessDays.ts`)
 * are left out of the baseline only, never out of the period the owner asks about; null when they
 * could not be read.
 */
export function toHealthInsights(
  rows: InsightRows,
  period: DaySpan,
  baseline: DaySpan,
  today: IsoDate,
  excludedDays: readonly IsoDate[] | null,
): HealthInsightsOutput {
  const series = buildSeries(rows, today);
  const analysis = analyse({
    period: sliceSeries(series, period.start_date, period.end_date),
    baseline: withoutDays(sliceSeries(series, baseline.start_date, baseline.end_date), new Set(excludedDays)),
  });
  return {
    period: { start_date: period.start_date, end_date: period.end_date },
    insights: analysis.insights,
    trends: analysis.trends,
    baseline: {
      start_date: baseline.start_date,
      end_date: baseline.end_date,
      excluded_days: excludedDays === null ? null : excludedDays.length,
    },
    averages: analysis.averages,
  };
}
