/**
 * `get_readiness_score`: Oura's daily readiness with its contributors and temperature deviations,
 * and the range's average and trend.
 */
import { z } from 'zod';
import { defineDateRange } from './dateRange.js';
import { defineTool, readOnlyAnnotations } from '../tool.js';
import { appUi } from '../apps/views.js';
import {
  READINESS_TREND_THRESHOLD,
  readinessOutputSchema,
  summariseReadiness,
  toReadinessRows,
  type ReadinessOutput,
  type ReadinessRow,
} from './mappers/readiness.js';
import { explainEmpty } from './emptyAnswer.js';
import { formatDayRange, formatShortDay, formatSigned } from '../../lib/format.js';

export const READINESS_MAX_DAYS = 90;

const dates = defineDateRange({
  maxDays: READINESS_MAX_DAYS,
  startHelp: 'First day',
});

const inputSchema = z.object({
  ...dates.fields,
});

/** The two weakest contributors of a day: what held the score back. */
function weakest(row: ReadinessRow): string {
  const entries = Object.entries(row).filter(
    (entry): entry is [string, number] =>
      !['date', 'score', 'temperature_deviation', 'temperature_trend_deviation'].includes(entry[0]) &&
      typeof entry[1] === 'number',
  );
  entries.sort((a, b) => a[1] - b[1]);
  return entries
    .slice(0, 2)
    .map(([name, value]) => `${name.replaceAll('_', ' ')} ${value}/100`)
    .join(', ');
}

/** One day as a table row (~55 bytes): every day fits the text, a month in under 2 KB. */
function line(row: ReadinessRow): string {
  const temperature = row.temperature_deviation === null ? '–' : formatSigned(row.temperature_deviation, '°C', 2);
  return `- ${formatShortDay(row.date)} | ${row.score ?? '–'} | ${temperature} | ${weakest(row) || '–'}`;
}

function describe(out: ReadinessOutput, range: string): string {
  const s = out.summary;
  // Answer rule (one day is one day): the day's own score, no average and no trend.
  const head =
    out.data.length === 1
      ? `Readiness ${range}: ${s.average_score === null ? 'not scored yet' : `score ${s.average_score}/100`}.`
      : s.average_score === null
        ? `Readiness ${range}: ${s.total_days} days, none scored yet.`
        : `Readiness ${range}: average score ${s.average_score}/100 over ${s.total_days} days, ${
            s.trend === 'not_enough_data'
              ? 'too few scored days for a trend (3 needed)'
              : `trend ${s.trend} (fitted change ${formatSigned(s.score_change, 'points')}; ±${READINESS_TREND_THRESHOLD} needed to count)`
          }.`;
  return [
    head,
    "day | score | temperature deviation from the owner's usual | two lowest contributor scores",
    ...out.data.map(line),
  ].join('\n');
}

export const getReadinessScore = defineTool({
  name: 'get_readiness_score',
  title: 'Readiness score',
  description: `Daily readiness score, temperature deviation and trend, nine contributors; average, trend. Up to ${READINESS_MAX_DAYS} days.`,
  inputSchema,
  outputSchema: readinessOutputSchema,
  annotations: readOnlyAnnotations('Readiness score'),
  ui: appUi('readiness'),
  async handler(args, context) {
    const range = dates.resolve(args, context);
    const rows = await context.source.listByDate('daily_readiness', {
      start_date: range.start_date,
      end_date: range.end_date,
    });
    const data = toReadinessRows(rows);
    const structured: ReadinessOutput = { data, summary: summariseReadiness(data) };
    if (data.length === 0) {
      return {
        structured,
        text: explainEmpty({
          what: 'readiness data',
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
