/**
 * `get_health_insights`: findings and trends computed here, with fixed rules, from the owner's recent
 * Oura data compared with their own baseline (the 28 days before the period). No outside AI: the same
 * data always gives the same answer, and the text shows the figures behind each finding.
 */
import { z } from 'zod';
import { addDays } from '../../lib/time.js';
import { resolveDateRange } from './dateRange.js';
import { defineTool, readOnlyAnnotations, type ToolContext } from '../tool.js';
import { OuraForbiddenError } from '../../oura/errors.js';
import { illnessDays } from '../../analysis/insights/illnessDays.js';
import { appUi } from '../apps/views.js';
import { explainEmpty } from './emptyAnswer.js';
import { ACTIVITY_FIELDS, SLEEP_SUMMARY_FIELDS } from './ouraFields.js';
import { formatCount, formatDayRange, formatDuration, formatSigned } from '../../lib/format.js';
import type { SpanAverages } from '../../analysis/insights/analyse.js';
import {
  BASELINE_DAYS,
  healthInsightsOutputSchema,
  toHealthInsights,
  type DaySpan,
  type HealthInsightsOutput,
} from './mappers/healthInsights.js';

export const INSIGHTS_MAX_DAYS = 90;

const inputSchema = z.object({
  days: z.number().int().min(1).max(INSIGHTS_MAX_DAYS).optional().describe('Days to analyse'),
  end_date: z.string().max(32).optional().describe('Last day'),
});

type Output = HealthInsightsOutput;

/** Rest Mode periods are filed under their start day: one begun this long before the baseline can still cover it. */
const REST_MODE_LOOKBACK_DAYS = 30;

/**
 * The baseline days to leave out (Rest Mode, sick tags; `analysis/insights/illnessDays.ts`), or null
 * when the token lacks the scope for them: the answer then says the baseline may include sick days.
 */
async function baselineIllnessDays(context: ToolContext, baseline: DaySpan): Promise<string[] | null> {
  try {
    const [restMode, tags] = await Promise.all([
      context.source.listByDate('rest_mode_period', {
        start_date: addDays(baseline.start_date, -REST_MODE_LOOKBACK_DAYS),
        end_date: baseline.end_date,
      }),
      context.source.listByDate('enhanced_tag', baseline),
    ]);
    return illnessDays(restMode, tags, baseline.start_date, baseline.end_date);
  } catch (error) {
    if (error instanceof OuraForbiddenError) return null;
    throw error;
  }
}

/** `sleep stable, activity not enough days to tell, …`: a trend is named only where one was computed. */
function trendWords(trends: Output['trends']): string {
  const word = (trend: Output['trends']['sleep']) => (trend === 'not_enough_data' ? 'not enough days to tell' : trend);
  return `sleep ${word(trends.sleep)}, activity ${word(trends.activity)}, readiness ${word(trends.readiness)}`;
}

function averagesLine(period: SpanAverages, baseline: SpanAverages, oneDay: boolean): string {
  const pair = (label: string, a: number | null, b: number | null, show: (value: number) => string) =>
    a === null ? null : `${label} ${show(a)}${b === null ? '' : ` (baseline ${show(b)})`}`;
  const parts = [
    pair('sleep score', period.sleep_score, baseline.sleep_score, (v) => `${v}/100`),
    pair('sleep', period.sleep_duration, baseline.sleep_duration, formatDuration),
    pair('readiness', period.readiness_score, baseline.readiness_score, (v) => `${v}/100`),
    pair('lowest night heart rate', period.resting_heart_rate, baseline.resting_heart_rate, (v) => `${v} bpm`),
    pair('HRV', period.hrv, baseline.hrv, (v) => `${v} ms`),
    pair('temperature deviation', period.temperature_deviation, baseline.temperature_deviation, (v) =>
      formatSigned(v, '°C', 2),
    ),
    pair('steps a day (finished days)', period.steps, baseline.steps, formatCount),
  ].filter((part): part is string => part !== null);
  if (parts.length === 0) return 'No sleep, readiness or activity data in the period.';
  // Answer rule (one day is one day): a single day's values are not called averages.
  return `${oneDay ? 'The day' : 'Averages'}: ${parts.join('; ')}.`;
}

/** What the baseline left out, or that it could not: the comparison says what "usual" means. */
function baselineNote(excluded: number | null): string {
  if (excluded === null) return ' (Rest Mode and sick tags could not be read: sick days may be in it)';
  if (excluded === 0) return '';
  return ` leaving out ${excluded} day${excluded === 1 ? '' : 's'} of illness (Rest Mode or tagged sick, and the day after)`;
}

function describe(out: Output, today: string): string {
  const oneDay = out.period.start_date === out.period.end_date;
  const lines = [
    `Health insights ${formatDayRange(out.period.start_date, out.period.end_date)}, compared with your baseline ${formatDayRange(out.baseline.start_date, out.baseline.end_date)}${baselineNote(out.baseline.excluded_days)} (computed from Oura data with fixed rules).`,
    ...(oneDay ? [] : [`Trends: ${trendWords(out.trends)}.`]),
    averagesLine(out.averages.period, out.averages.baseline, oneDay),
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
  description: `Findings by fixed rules (no AI): last days (default 7) vs the 28 before, sick days left out; trends, suggestions, averages. Up to ${INSIGHTS_MAX_DAYS} days.`,
  inputSchema,
  outputSchema: healthInsightsOutputSchema,
  annotations: readOnlyAnnotations('Health insights'),
  ui: appUi('insights'),
  async handler(args, context) {
    const range = resolveDateRange(
      { end_date: args.end_date },
      { timezone: context.timezone, now: context.now(), maxDays: INSIGHTS_MAX_DAYS, defaultDays: args.days ?? 7 },
    );
    const baseline = { start_date: addDays(range.start_date, -BASELINE_DAYS), end_date: addDays(range.start_date, -1) };
    const all = { start_date: baseline.start_date, end_date: range.end_date };
    const [dailySleep, sleep, readiness, activity, excluded] = await Promise.all([
      context.source.listByDate('daily_sleep', all),
      context.source.listByDate('sleep', all, { fields: SLEEP_SUMMARY_FIELDS }),
      context.source.listByDate('daily_readiness', all),
      context.source.listByDate('daily_activity', all, { fields: ACTIVITY_FIELDS }),
      baselineIllnessDays(context, baseline),
    ]);
    const structured = toHealthInsights(
      { dailySleep, sleep, readiness, activity },
      range,
      baseline,
      range.today,
      excluded,
    );
    return { structured, text: describe(structured, range.today) };
  },
});
