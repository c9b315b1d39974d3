/**
 * `get_health_insights`: findings and trends computed here, with fixed rules, from the owner's recent
 * Oura data compared with their own baseline (the 28 days before the period). No outside AI: the same
 * data always gives the same answer, and the text shows the figures behind each finding.
 */
import { z } from 'zod';
import { addDays } from '../../lib/time.js';
import { resolveDateRange } from './dateRange.js';
import { defineTool, readOnlyAnnotations } from '../tool.js';
import { appUi } from '../apps/views.js';
import { explainEmpty } from './emptyAnswer.js';
import { ACTIVITY_FIELDS, SLEEP_SUMMARY_FIELDS } from './ouraFields.js';
import { formatCount, formatDayRange, formatDuration, formatSigned } from '../../lib/format.js';
import { analyse, type SpanAverages } from '../../analysis/insights/analyse.js';
import { buildSeries, sliceSeries } from '../../analysis/insights/series.js';

export const INSIGHTS_MAX_DAYS = 90;
export const BASELINE_DAYS = 28;

const inputSchema = z.object({
  days: z
    .number()
    .int()
    .min(1)
    .max(INSIGHTS_MAX_DAYS)
    .optional()
    .describe('Days to analyse, ending at end_date; default 7'),
  end_date: z.string().max(32).optional().describe('Last day of the period; default today'),
});

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

const outputSchema = z.object({
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
    })
    .describe(`The ${BASELINE_DAYS} days before the period that findings compare with.`),
  averages: z
    .object({ period: averagesSchema('period'), baseline: averagesSchema('baseline') })
    .describe('The figures behind the findings.'),
});

type Output = z.infer<typeof outputSchema>;

/** `sleep stable, activity not enough days to tell, …`: a trend is named only where one was computed. */
function trendWords(trends: Output['trends']): string {
  const word = (trend: Output['trends']['sleep']) => (trend === 'not_enough_data' ? 'not enough days to tell' : trend);
  return `sleep ${word(trends.sleep)}, activity ${word(trends.activity)}, readiness ${word(trends.readiness)}`;
}

function averagesLine(period: SpanAverages, baseline: SpanAverages): string {
  const pair = (label: string, a: number | null, b: number | null, show: (value: number) => string) =>
    a === null ? null : `${label} ${show(a)}${b === null ? '' : ` (baseline ${show(b)})`}`;
  const parts = [
    pair('sleep score', period.sleep_score, baseline.sleep_score, String),
    pair('sleep', period.sleep_duration, baseline.sleep_duration, formatDuration),
    pair('readiness', period.readiness_score, baseline.readiness_score, String),
    pair('lowest night heart rate', period.resting_heart_rate, baseline.resting_heart_rate, (v) => `${v} bpm`),
    pair('HRV', period.hrv, baseline.hrv, (v) => `${v} ms`),
    pair('temperature', period.temperature_deviation, baseline.temperature_deviation, (v) => formatSigned(v, '°C', 2)),
    pair('steps', period.steps, baseline.steps, formatCount),
  ].filter((part): part is string => part !== null);
  return parts.length === 0 ? 'No sleep, readiness or activity data in the period.' : `Averages: ${parts.join('; ')}.`;
}

function describe(out: Output, today: string): string {
  const lines = [
    `Health insights ${formatDayRange(out.period.start_date, out.period.end_date)}, compared with your baseline ${formatDayRange(out.baseline.start_date, out.baseline.end_date)} (computed from Oura data with fixed rules).`,
    `Trends: ${trendWords(out.trends)}.`,
    averagesLine(out.averages.period, out.averages.baseline),
  ];
  out.insights.forEach((insight, i) => {
    lines.push(
      `${i + 1}. [${insight.priority}, ${insight.category}] ${insight.finding}${insight.recommendation ? ` Suggestion: ${insight.recommendation}` : ''}`,
    );
  });
  if (out.insights.length === 0) {
    lines.push(
      `No findings. ${explainEmpty({ what: 'sleep, readiness or activity data', start: out.period.start_date, end: out.period.end_date, today, scope: 'daily' })}`,
    );
  }
  return lines.join('\n');
}

export const getHealthInsights = defineTool({
  name: 'get_health_insights',
  title: 'Health insights',
  description: `Findings from fixed rules (no AI), the last days (default 7) against the 28 before: trends; findings with priority and suggestion (sleep, readiness, HRV, resting heart rate, temperature, steps, load); averages. Up to ${INSIGHTS_MAX_DAYS} days.`,
  inputSchema,
  outputSchema,
  annotations: readOnlyAnnotations('Health insights'),
  ui: appUi('insights'),
  async handler(args, context) {
    const range = resolveDateRange(
      { end_date: args.end_date },
      { timezone: context.timezone, now: context.now(), maxDays: INSIGHTS_MAX_DAYS, defaultDays: args.days ?? 7 },
    );
    const baseline = { start_date: addDays(range.start_date, -BASELINE_DAYS), end_date: addDays(range.start_date, -1) };
    const all = { start_date: baseline.start_date, end_date: range.end_date };
    const [dailySleep, sleep, readiness, activity] = await Promise.all([
      context.source.listByDate('daily_sleep', all),
      context.source.listByDate('sleep', all, { fields: SLEEP_SUMMARY_FIELDS }),
      context.source.listByDate('daily_readiness', all),
      context.source.listByDate('daily_activity', all, { fields: ACTIVITY_FIELDS }),
    ]);
    const series = buildSeries({ dailySleep, sleep, readiness, activity }, range.today);
    const analysis = analyse({
      period: sliceSeries(series, range.start_date, range.end_date),
      baseline: sliceSeries(series, baseline.start_date, baseline.end_date),
    });
    const structured: Output = {
      period: { start_date: range.start_date, end_date: range.end_date },
      insights: analysis.insights,
      trends: analysis.trends,
      baseline,
      averages: analysis.averages,
    };
    return { structured, text: describe(structured, range.today) };
  },
});
