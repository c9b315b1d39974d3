/**
 * `get_sleep_summary`: one row per night (filed under the wake-up day) with Oura's sleep score, the
 * main sleep period's durations in seconds, and the range's averages.
 */
import { z } from 'zod';
import { defineDateRange } from './dateRange.js';
import { defineTool, readOnlyAnnotations } from '../tool.js';
import { appUi } from '../apps/views.js';
import {
  sleepSummaryOutputSchema,
  summariseSleep,
  toSleepSummaryRows,
  type SleepSummaryOutput,
  type SleepSummaryRow,
} from './mappers/sleepSummary.js';
import { explainEmpty } from './emptyAnswer.js';
import { SLEEP_SUMMARY_FIELDS } from './ouraFields.js';
import { formatDay, formatDayRange, formatDuration, formatHoursMinutes, formatShortDay } from '../../lib/format.js';

/** 90 nights: about 9 KB of structured answer, three months of trends. */
export const SLEEP_SUMMARY_MAX_DAYS = 90;
const MAX_TEXT_LINES = 31;

const dates = defineDateRange({
  maxDays: SLEEP_SUMMARY_MAX_DAYS,
  startHelp: 'First wake-up day (last night = today)',
});

const inputSchema = z.object({
  ...dates.fields,
  include_hrv: z.boolean().default(false).describe('Add HRV (ms) and HRV balance'),
});

/** One night in a line: score, bed and wake time, time asleep with deep and REM, efficiency, latency, resting HR. */
function night(row: SleepSummaryRow): string {
  const parts: string[] = [];
  if (row.score !== null) parts.push(`score ${row.score}/100`);
  if (row.bedtime !== null) parts.push(`bed ${row.bedtime}–${row.wake_time ?? '?'}`);
  if (row.total_sleep_duration !== null) {
    const stages = [
      row.deep_sleep_duration !== null ? `deep ${formatDuration(row.deep_sleep_duration)}` : null,
      row.rem_sleep_duration !== null ? `REM ${formatDuration(row.rem_sleep_duration)}` : null,
    ].filter((part) => part !== null);
    parts.push(
      `${formatDuration(row.total_sleep_duration)} asleep${stages.length > 0 ? ` (${stages.join(', ')})` : ''}`,
    );
  } else {
    parts.push('no sleep period details');
  }
  if (row.efficiency !== null) parts.push(`efficiency ${row.efficiency}%`);
  if (row.latency !== null) parts.push(`fell asleep in ${formatDuration(row.latency)}`);
  if (row.lowest_heart_rate !== null) parts.push(`resting HR ${row.lowest_heart_rate} bpm`);
  if (row.hrv_balance !== undefined && row.hrv_balance !== null) parts.push(`HRV balance ${row.hrv_balance}/100`);
  if (row.average_hrv !== undefined && row.average_hrv !== null) parts.push(`HRV ${row.average_hrv} ms`);
  return `${formatDay(row.date)}: ${parts.join(', ')}`;
}

const orDash = (value: number | null | undefined): string => (value === null || value === undefined ? '–' : `${value}`);

/** One night as a table row (~55 bytes, cells split by a bare "|"), so a month of nights fits the 12 KB answer. */
function tableRow(row: SleepSummaryRow, withHrv: boolean): string {
  const cells = [
    formatShortDay(row.date),
    orDash(row.score),
    row.bedtime === null ? '–' : `${row.bedtime}–${row.wake_time ?? '?'}`,
    formatHoursMinutes(row.total_sleep_duration),
    `${formatHoursMinutes(row.deep_sleep_duration)} ${formatHoursMinutes(row.rem_sleep_duration)}`,
    orDash(row.efficiency),
    formatHoursMinutes(row.latency),
    orDash(row.lowest_heart_rate),
  ];
  if (withHrv) cells.push(orDash(row.average_hrv), orDash(row.hrv_balance));
  return `- ${cells.join('|')}`;
}

const TABLE_HEAD =
  'night (wake-up day)|score /100|bed–up|asleep h:mm|deep REM h:mm|efficiency %|fell asleep h:mm|resting HR bpm';

/** Short form for best/worst. */
function brief(row: SleepSummaryRow): string {
  const parts = [
    row.score !== null ? `score ${row.score}` : null,
    row.total_sleep_duration !== null ? `${formatDuration(row.total_sleep_duration)} asleep` : null,
  ].filter((part) => part !== null);
  return `${formatDay(row.date)} (${parts.join(', ')})`;
}

/** Best and worst night by score, or by time asleep when Oura scored none. */
function extremes(rows: readonly SleepSummaryRow[]): { best: SleepSummaryRow; worst: SleepSummaryRow } | null {
  const byScore = rows.filter((row) => row.score !== null);
  const pool = byScore.length >= 2 ? byScore : rows.filter((row) => row.total_sleep_duration !== null);
  if (pool.length < 2) return null;
  const value = (row: SleepSummaryRow) => (byScore.length >= 2 ? row.score! : row.total_sleep_duration!);
  let best = pool[0]!;
  let worst = pool[0]!;
  for (const row of pool) {
    if (value(row) > value(best)) best = row;
    if (value(row) < value(worst)) worst = row;
  }
  return { best, worst };
}

function describe(out: SleepSummaryOutput, range: string, days: number): string {
  const s = out.summary;
  // Answer rule (one day is one day): a single night's own values, never "an average over 1 night".
  if (out.data.length === 1)
    return `Sleep ${range} (the night filed under this day; naps not counted):\n- ${night(out.data[0]!)}`;
  const averages = [
    s.average_score !== null ? `average score ${s.average_score}/100` : null,
    s.average_duration !== null ? `${formatDuration(s.average_duration)} asleep a night` : null,
    s.average_efficiency !== null ? `efficiency ${s.average_efficiency}%` : null,
    s.average_latency !== null ? `${formatDuration(s.average_latency)} to fall asleep` : null,
    s.average_lowest_heart_rate !== null ? `resting HR ${s.average_lowest_heart_rate} bpm` : null,
  ].filter((part) => part !== null);
  const usual =
    s.median_bedtime !== null && s.median_wake_time !== null
      ? ` Usual bedtime ${s.median_bedtime}, wake time ${s.median_wake_time} (medians).`
      : '';
  const missing = days - s.total_days;
  const lines = [
    `Sleep ${range}: ${averages.join(', ')} over ${s.total_days} nights${missing > 0 ? ` (no data for ${missing} of ${days} days)` : ''}. Naps are not counted.${usual}`,
  ];
  const pair = extremes(out.data);
  if (pair) lines.push(`Best night: ${brief(pair.best)}; worst: ${brief(pair.worst)}.`);
  const withHrv = out.data.some((row) => row.average_hrv !== undefined);
  const shown = out.data.slice(-MAX_TEXT_LINES);
  if (out.data.length > shown.length) lines.push(`Last ${shown.length} nights:`);
  lines.push(withHrv ? `${TABLE_HEAD}|HRV ms|HRV balance /100` : TABLE_HEAD);
  lines.push(...shown.map((row) => tableRow(row, withHrv)));
  return lines.join('\n');
}

export const getSleepSummary = defineTool({
  name: 'get_sleep_summary',
  title: 'Sleep summary',
  description: `Nightly score, bed and wake time, sleep, stages, awake, latency, efficiency, resting HR (no naps); usual bedtime; HRV ms on request. Up to ${SLEEP_SUMMARY_MAX_DAYS} days. Naps, phases: get_sleep_detailed.`,
  inputSchema,
  outputSchema: sleepSummaryOutputSchema,
  annotations: readOnlyAnnotations('Sleep summary'),
  ui: appUi('sleep'),
  async handler(args, context) {
    const range = dates.resolve(args, context);
    const query = { start_date: range.start_date, end_date: range.end_date };
    const [dailySleep, periods, readiness] = await Promise.all([
      context.source.listByDate('daily_sleep', query),
      context.source.listByDate('sleep', query, { fields: SLEEP_SUMMARY_FIELDS }),
      args.include_hrv ? context.source.listByDate('daily_readiness', query) : Promise.resolve(null),
    ]);
    const data = toSleepSummaryRows(dailySleep, periods, readiness);
    const structured: SleepSummaryOutput = { data, summary: summariseSleep(data) };
    if (data.length === 0) {
      return {
        structured,
        text: explainEmpty({
          what: 'sleep data',
          start: range.start_date,
          end: range.end_date,
          today: range.today,
          scope: 'daily',
        }),
      };
    }
    return { structured, text: describe(structured, formatDayRange(range.start_date, range.end_date), range.days) };
  },
});
