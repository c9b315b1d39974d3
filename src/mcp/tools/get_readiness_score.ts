/**
 * `get_readiness_score`: Oura's daily readiness with its contributors and temperature deviations,
 * and the range's average and trend.
 */
import { z } from 'zod';
import { defineDateRange } from './dateRange.js';
import { defineTool, readOnlyAnnotations } from '../tool.js';
import { READINESS_TREND_THRESHOLD, readinessOutputSchema, summariseReadiness, toReadinessRows, type ReadinessOutput, type ReadinessRow } from './mappers/readiness.js';
import { explainEmpty } from './emptyAnswer.js';
import { formatDay, formatDayRange, formatSigned } from '../../lib/format.js';

export const READINESS_MAX_DAYS = 90;
const MAX_TEXT_LINES = 31;

const dates = defineDateRange({
  maxDays: READINESS_MAX_DAYS,
  startHelp: "First day, YYYY-MM-DD, the owner's local day (for today's readiness use today).",
});

const inputSchema = z.object({
  ...dates.fields,
});

/** The two weakest contributors of a day: what held the score back. */
function weakest(row: ReadinessRow): string {
  const entries = Object.entries(row).filter(
    (entry): entry is [string, number] => !['date', 'score', 'temperature_deviation', 'temperature_trend_deviation'].includes(entry[0]) && typeof entry[1] === 'number',
  );
  entries.sort((a, b) => a[1] - b[1]);
  return entries
    .slice(0, 2)
    .map(([name, value]) => `${name.replaceAll('_', ' ')} ${value}`)
    .join(', ');
}

function line(row: ReadinessRow): string {
  const parts = [row.score === null ? 'no score' : `score ${row.score}`];
  if (row.temperature_deviation !== null) parts.push(`temperature ${formatSigned(row.temperature_deviation, '°C', 2)}`);
  const low = weakest(row);
  if (low) parts.push(`lowest contributors: ${low}`);
  return `- ${formatDay(row.date)}: ${parts.join(', ')}`;
}

function describe(out: ReadinessOutput, range: string): string {
  const s = out.summary;
  const head =
    s.average_score === null
      ? `Readiness ${range}: ${s.total_days} days, none scored yet.`
      : `Readiness ${range}: average score ${s.average_score} over ${s.total_days} day${s.total_days === 1 ? '' : 's'}, ${
          s.trend === 'not_enough_data'
            ? 'too few scored days for a trend (3 needed)'
            : `trend ${s.trend} (fitted change ${formatSigned(s.score_change, 'points')}; ±${READINESS_TREND_THRESHOLD} needed to count)`
        }.`;
  const shown = out.data.slice(-MAX_TEXT_LINES);
  const lines = [head];
  if (out.data.length > shown.length) lines.push(`Last ${shown.length} days:`);
  lines.push(...shown.map(line));
  return lines.join('\n');
}

export const getReadinessScore = defineTool({
  name: 'get_readiness_score',
  title: 'Readiness score',
  description:
    "Oura's daily readiness for a range of the owner's local days: score (0–100), body temperature deviation and its trend (°C from the owner's baseline), and the contributors (0–100): activity balance, body temperature, HRV balance, previous day activity, previous night, recovery index, resting heart rate, sleep balance, sleep regularity. " +
    `Summary: average score, a trend (improving/declining when the least-squares line through the daily scores changes by at least ${READINESS_TREND_THRESHOLD} points over the period, else stable) and the number of days. At most ${READINESS_MAX_DAYS} days. ` +
    'For the sleep behind it use get_sleep_summary; for an overview across sleep, activity and readiness use get_health_insights.',
  inputSchema,
  outputSchema: readinessOutputSchema,
  annotations: readOnlyAnnotations('Readiness score'),
  async handler(args, context) {
    const range = dates.resolve(args, context);
    const rows = await context.source.listByDate('daily_readiness', { start_date: range.start_date, end_date: range.end_date });
    const data = toReadinessRows(rows);
    const structured: ReadinessOutput = { data, summary: summariseReadiness(data) };
    if (data.length === 0) {
      return { structured, text: explainEmpty({ what: 'readiness data', start: range.start_date, end: range.end_date, today: range.today, scope: 'daily' }) };
    }
    return { structured, text: describe(structured, formatDayRange(range.start_date, range.end_date)) };
  },
});
