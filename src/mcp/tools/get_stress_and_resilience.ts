/**
 * `get_stress_and_resilience`: Oura's daily stress (time in high stress and high recovery, the day's
 * summary) joined per day with daily resilience (level and its contributors).
 */
import { z } from 'zod';
import type { DailyStress } from '../../oura/types.js';
import { defineDateRange } from './dateRange.js';
import { defineTool, readOnlyAnnotations } from '../tool.js';
import { explainEmpty } from './emptyAnswer.js';
import { formatDay, formatDayRange, formatDuration } from '../../lib/format.js';
import {
  joinStressAndResilience,
  stressOutputSchema,
  summariseStress,
  type StressDayRow,
  type StressOutput,
} from './mappers/stressAndResilience.js';

export const STRESS_MAX_DAYS = 90;
const STRESS_FIELDS: ReadonlyArray<keyof DailyStress> = ['id', 'day', 'stress_high', 'recovery_high', 'day_summary'];

const dates = defineDateRange({
  maxDays: STRESS_MAX_DAYS,
  defaultDays: 7,
  startHelp: 'First day',
});

const inputSchema = z.object({
  ...dates.fields,
});

function line(row: StressDayRow): string {
  const parts: string[] = [];
  if (row.stress_high !== null) parts.push(`stressed ${formatDuration(row.stress_high)}`);
  if (row.recovery_high !== null) parts.push(`recovering ${formatDuration(row.recovery_high)}`);
  if (row.day_summary !== null) parts.push(row.day_summary);
  if (row.resilience_level !== null) parts.push(`resilience ${row.resilience_level}`);
  return `- ${formatDay(row.date)}: ${parts.join(', ')}`;
}

function describe(out: StressOutput, range: string): string {
  const s = out.summary;
  // Answer rule (counts add up): days without Oura's day summary (today, not summarised yet; days with
  // resilience only) are counted as such, so the parts sum to the whole.
  const unsummarised = s.total_days - s.stressful_days - s.normal_days - s.restored_days;
  const counts = [
    `${s.stressful_days} stressful`,
    `${s.normal_days} normal`,
    `${s.restored_days} restored`,
    ...(unsummarised > 0 ? [`${unsummarised} without a summary yet`] : []),
  ];
  const head = [
    `Stress and resilience ${range}: ${s.total_days} day${s.total_days === 1 ? '' : 's'} (${counts.join(', ')})`,
  ];
  // Answer rule (one day is one day): no average over a single day.
  if (s.total_days > 1 && s.average_stress_high !== null && s.average_recovery_high !== null) {
    head.push(
      `on average ${formatDuration(s.average_stress_high)} of high stress and ${formatDuration(s.average_recovery_high)} of high recovery a day`,
    );
  }
  if (s.latest_resilience_level !== null) head.push(`latest resilience ${s.latest_resilience_level}`);
  return [`${head.join('; ')}.`, ...out.data.slice(-31).map(line)].join('\n');
}

export const getStressAndResilience = defineTool({
  name: 'get_stress_and_resilience',
  title: 'Stress and resilience',
  description: `Daily high stress and recovery time, day summary, resilience and contributors. Default 7 days, up to ${STRESS_MAX_DAYS}. HRV: get_sleep_summary include_hrv.`,
  inputSchema,
  outputSchema: stressOutputSchema,
  annotations: readOnlyAnnotations('Stress and resilience'),
  async handler(args, context) {
    const range = dates.resolve(args, context);
    const query = { start_date: range.start_date, end_date: range.end_date };
    const [stress, resilience] = await Promise.all([
      context.source.listByDate('daily_stress', query, { fields: STRESS_FIELDS }),
      // Oura ignores `fields=` on daily_resilience, so none is sent.
      context.source.listByDate('daily_resilience', query),
    ]);
    const data = joinStressAndResilience(stress, resilience);
    const structured: StressOutput = { data, summary: summariseStress(data) };
    const span = formatDayRange(range.start_date, range.end_date);
    if (data.length === 0) {
      return {
        structured,
        text: explainEmpty({
          what: 'stress or resilience data',
          start: range.start_date,
          end: range.end_date,
          today: range.today,
          scope: 'daily',
        }),
      };
    }
    return { structured, text: describe(structured, span) };
  },
});
