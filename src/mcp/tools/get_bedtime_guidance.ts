/**
 * `get_bedtime_guidance`: Oura's optimal bedtime window (`sleep_time`) as local clock times, with its
 * recommendation and status in words.
 */
import { z } from 'zod';
import type { SleepTime } from '../../oura/types.js';
import { defineDateRange } from './dateRange.js';
import { defineTool, readOnlyAnnotations } from '../tool.js';
import { bedtimeOutputSchema, toBedtimeRows, type BedtimeOutput, type BedtimeRow } from './mappers/bedtime.js';
import { explainEmpty } from './emptyAnswer.js';
import { addDays } from '../../lib/time.js';
import { formatDay, formatDayRange } from '../../lib/format.js';

export const BEDTIME_MAX_DAYS = 90;
const BEDTIME_DEFAULT_DAYS = 7;
const MAX_TEXT_LINES = 14;
const SLEEP_TIME_FIELDS: ReadonlyArray<keyof SleepTime> = ['id', 'day', 'optimal_bedtime', 'recommendation', 'status'];

const dates = defineDateRange({
  maxDays: BEDTIME_MAX_DAYS,
  defaultDays: BEDTIME_DEFAULT_DAYS,
  startHelp: 'First day',
});

const inputSchema = z.object({
  ...dates.fields,
});

function line(row: BedtimeRow): string {
  const parts = [row.optimal_bedtime === null ? 'no window' : `bedtime ${row.optimal_bedtime}`];
  if (row.recommendation_meaning !== null) parts.push(row.recommendation_meaning);
  else if (row.status_meaning !== null) parts.push(row.status_meaning);
  return `- ${formatDay(row.date)}: ${parts.join('. ')}`;
}

function describe(out: BedtimeOutput, range: string): string {
  const latest = out.data[out.data.length - 1]!;
  const head =
    latest.optimal_bedtime !== null
      ? `Bedtime guidance ${range}: latest optimal bedtime ${latest.optimal_bedtime} local time (Oura's window for the evening of ${formatDay(addDays(latest.date, -1))}, filed under ${formatDay(latest.date)}; it stands as the current guidance until Oura files the next). ${latest.recommendation_meaning ?? ''}`.trim()
      : `Bedtime guidance ${range}: no optimal window for ${formatDay(latest.date)}. ${latest.status_meaning ?? ''}`.trim();
  const shown = out.data.slice(-MAX_TEXT_LINES);
  return [head, ...shown.map(line)].join('\n');
}

export const getBedtimeGuidance = defineTool({
  name: 'get_bedtime_guidance',
  title: 'Bedtime guidance',
  description: `Oura's bedtime window per day (for the evening before it; the latest is current), recommendation, status. Default 7 days, up to ${BEDTIME_MAX_DAYS}. Actual bedtimes: get_sleep_summary.`,
  inputSchema,
  outputSchema: bedtimeOutputSchema,
  annotations: readOnlyAnnotations('Bedtime guidance'),
  async handler(args, context) {
    const range = dates.resolve(args, context);
    const rows = await context.source.listByDate(
      'sleep_time',
      { start_date: range.start_date, end_date: range.end_date },
      { fields: SLEEP_TIME_FIELDS },
    );
    const structured: BedtimeOutput = { data: toBedtimeRows(rows) };
    if (structured.data.length === 0) {
      return {
        structured,
        text: explainEmpty({
          what: 'bedtime guidance',
          start: range.start_date,
          end: range.end_date,
          today: range.today,
          scope: 'daily',
        }),
      };
    }
    return { structured, text: describe(structured, formatDayRange(range.start_date, range.end_date)) };
  },
});
