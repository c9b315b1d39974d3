/**
 * `get_activity_summary`: Oura's daily activity (steps, calories, activity time, score) and totals.
 */
import { z } from 'zod';
import { defineDateRange } from './dateRange.js';
import { defineTool, readOnlyAnnotations } from '../tool.js';
import { appUi } from '../apps/views.js';
import {
  activityOutputSchema,
  summariseActivity,
  toActivityRows,
  type ActivityOutput,
  type ActivityRow,
} from './mappers/activity.js';
import { explainEmpty } from './emptyAnswer.js';
import { ACTIVITY_FIELDS } from './ouraFields.js';
import { formatCount, formatDayRange, formatHoursMinutes, formatShortDay } from '../../lib/format.js';

export const ACTIVITY_MAX_DAYS = 90;

const dates = defineDateRange({
  maxDays: ACTIVITY_MAX_DAYS,
  startHelp: 'First day',
});

const inputSchema = z.object({
  ...dates.fields,
});

const count = (value: number | null): string => (value === null ? '–' : formatCount(value));

/** One day as a table row (~55 bytes): every day fits the text, a month in under 2 KB. */
function line(row: ActivityRow, today: string): string {
  const active =
    row.high_activity_time === null && row.medium_activity_time === null
      ? null
      : (row.high_activity_time ?? 0) + (row.medium_activity_time ?? 0);
  // Oura updates today's row through the day: say so, or a partial day reads like a lazy one.
  const day = `${formatShortDay(row.date)}${row.date === today ? ' (today so far)' : ''}`;
  return `- ${day} | ${row.score ?? '–'} | ${count(row.steps)} | ${count(row.active_calories)}/${count(row.target_calories)} | ${count(row.total_calories)} | ${formatHoursMinutes(active)} | ${formatHoursMinutes(row.sedentary_time)}`;
}

function describe(out: ActivityOutput, range: string, today: string): string {
  const s = out.summary;
  const table = [
    'day | score | steps | active kcal/target | total kcal | medium+high activity h:mm | sedentary h:mm',
    ...out.data.map((row) => line(row, today)),
  ];
  // Answer rule (one day is one day): the day's own figures, no average.
  if (out.data.length === 1) {
    const row = out.data[0]!;
    const day = [
      row.score !== null ? `score ${row.score}/100` : null,
      row.steps !== null ? `${formatCount(row.steps)} steps` : null,
      row.total_calories !== null ? `${formatCount(row.total_calories)} kcal burned` : null,
    ].filter((part) => part !== null);
    return [`Activity ${range}${row.date === today ? ' (today so far)' : ''}: ${day.join(', ')}.`, ...table].join('\n');
  }
  // Answer rule (one quantity, one value): steps a day over finished days, as get_health_insights.
  const finished = out.data.filter((row) => row.date !== today && row.steps !== null).length;
  const head = [
    `Activity ${range}: ${s.total_days} days`,
    s.average_score !== null ? `average score ${s.average_score}/100` : null,
    `${formatCount(s.total_steps)} steps in all`,
    s.average_steps_per_day !== null
      ? `${formatCount(s.average_steps_per_day)} a day over ${finished} finished day${finished === 1 ? '' : 's'}${out.data.some((row) => row.date === today) ? ' (today not averaged)' : ''}`
      : null,
    `${formatCount(s.total_calories)} kcal burned`,
  ].filter((part) => part !== null);
  return [`${head.join(', ')}.`, ...table].join('\n');
}

export const getActivitySummary = defineTool({
  name: 'get_activity_summary',
  title: 'Activity summary',
  description: `Daily activity score, steps, calories and target, distance, time by intensity, sedentary, MET, inactivity alerts (day 04:00–04:00). Up to ${ACTIVITY_MAX_DAYS} days.`,
  inputSchema,
  outputSchema: activityOutputSchema,
  annotations: readOnlyAnnotations('Activity summary'),
  ui: appUi('activity'),
  async handler(args, context) {
    const range = dates.resolve(args, context);
    const rows = await context.source.listByDate(
      'daily_activity',
      { start_date: range.start_date, end_date: range.end_date },
      { fields: ACTIVITY_FIELDS },
    );
    const data = toActivityRows(rows);
    const structured: ActivityOutput = { data, summary: summariseActivity(data, range.today) };
    if (data.length === 0) {
      return {
        structured,
        text: explainEmpty({
          what: 'activity data',
          start: range.start_date,
          end: range.end_date,
          today: range.today,
          scope: 'daily',
        }),
      };
    }
    return { structured, text: describe(structured, formatDayRange(range.start_date, range.end_date), range.today) };
  },
});
