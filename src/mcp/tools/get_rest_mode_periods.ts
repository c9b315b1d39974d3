/**
 * `get_rest_mode_periods`: when the owner had Oura's Rest Mode on (sick or recovering), with the
 * symptoms they logged.
 */
import { z } from 'zod';
import { addDays } from '../../lib/time.js';
import { defineDateRange } from './dateRange.js';
import { defineTool, readOnlyAnnotations } from '../tool.js';
import { restModeOutputSchema, toRestModeRows, type RestModeOutput, type RestModeRow } from './mappers/restMode.js';
import { readableTagCode } from './mappers/tags.js';
import { formatDay, formatDayRange } from '../../lib/format.js';

export const REST_MODE_MAX_DAYS = 365;
const REST_MODE_DEFAULT_DAYS = 90;
/**
 * Oura files a period under its `start_day`: to find one that began before the range and still runs
 * into it, the request reaches this many days further back.
 */
const LOOKBACK_DAYS = 90;

const dates = defineDateRange({
  maxDays: REST_MODE_MAX_DAYS,
  defaultDays: REST_MODE_DEFAULT_DAYS,
  startHelp: 'First day',
});

const inputSchema = z.object({
  ...dates.fields,
});

function line(row: RestModeRow): string {
  const span = row.ongoing
    ? `since ${formatDay(row.start_day)} (still on, ${row.days} days)`
    : `${formatDayRange(row.start_day, row.end_day!)} (${row.days} day${row.days === 1 ? '' : 's'})`;
  const logged = [...new Set(row.episodes.flatMap((episode) => episode.tags))].map((tag) =>
    readableTagCode(tag).toLowerCase(),
  );
  return `- ${span}${logged.length > 0 ? `: logged ${logged.join(', ')}` : ''}`;
}

function describe(out: RestModeOutput, range: string): string {
  const s = out.summary;
  const head = `Rest Mode ${range}: ${s.total_periods} period${s.total_periods === 1 ? '' : 's'}${s.ongoing ? '; Rest Mode is on now' : ''}.`;
  return [head, ...out.data.map(line)].join('\n');
}

export const getRestModePeriods = defineTool({
  name: 'get_rest_mode_periods',
  title: 'Rest Mode periods',
  description: `Rest Mode periods (sick or recovering): start, end, days, symptoms logged. Default 90 days, up to ${REST_MODE_MAX_DAYS}.`,
  inputSchema,
  outputSchema: restModeOutputSchema,
  annotations: readOnlyAnnotations('Rest Mode periods'),
  async handler(args, context) {
    const range = dates.resolve(args, context);
    const periods = await context.source.listByDate('rest_mode_period', {
      start_date: addDays(range.start_date, -LOOKBACK_DAYS),
      end_date: range.end_date,
    });
    const data = toRestModeRows(periods, range.start_date, range.end_date, range.today);
    const structured: RestModeOutput = {
      data,
      summary: { total_periods: data.length, ongoing: data.some((row) => row.ongoing) },
    };
    if (data.length === 0) {
      // Not explainEmpty: no Rest Mode is the normal case, not missing data.
      const text = `No Rest Mode periods in ${formatDayRange(range.start_date, range.end_date)}: Rest Mode appears only when the owner switches it on in the Oura app (when sick or recovering).`;
      return { structured, text };
    }
    return { structured, text: describe(structured, formatDayRange(range.start_date, range.end_date)) };
  },
});
