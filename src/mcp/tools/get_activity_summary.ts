/**
 * `get_activity_summary`: Oura's daily activity (steps, calories, activity time, score) and totals.
 */
import { z } from 'zod';
import { defineDateRange } from './dateRange.js';
import { defineTool, readOnlyAnnotations } from '../tool.js';
import { activityOutputSchema, summariseActivity, toActivityRows, type ActivityOutput, type ActivityRow } from './mappers/activity.js';
import { explainEmpty } from './emptyAnswer.js';
import { ACTIVITY_FIELDS } from './ouraFields.js';
import { formatCount, formatDay, formatDayRange, formatDuration } from '../../lib/format.js';

export const ACTIVITY_MAX_DAYS = 90;
const MAX_TEXT_LINES = 31;

const dates = defineDateRange({
  maxDays: ACTIVITY_MAX_DAYS,
  startHelp: "First day, YYYY-MM-DD, the owner's local day.",
  endNote: " (today's figures grow until the day ends)",
});

const inputSchema = z.object({
  ...dates.fields,
});

function line(row: ActivityRow, today: string): string {
  const parts: string[] = [];
  if (row.score !== null) parts.push(`score ${row.score}`);
  if (row.steps !== null) parts.push(`${formatCount(row.steps)} steps`);
  if (row.active_calories !== null) parts.push(`${formatCount(row.active_calories)} active kcal${row.target_calories !== null ? ` (target ${formatCount(row.target_calories)})` : ''}`);
  if (row.total_calories !== null) parts.push(`${formatCount(row.total_calories)} kcal in all`);
  const active = (row.high_activity_time ?? 0) + (row.medium_activity_time ?? 0);
  if (row.high_activity_time !== null || row.medium_activity_time !== null) parts.push(`${formatDuration(active)} medium/high activity`);
  if (row.sedentary_time !== null) parts.push(`${formatDuration(row.sedentary_time)} sedentary`);
  // Oura updates today's row through the day: say so, or a partial day reads like a lazy one.
  return `- ${formatDay(row.date)}${row.date === today ? ' (today so far)' : ''}: ${parts.join(', ') || 'no figures'}`;
}

function describe(out: ActivityOutput, range: string, today: string): string {
  const s = out.summary;
  const head = [
    `Activity ${range}: ${s.total_days} day${s.total_days === 1 ? '' : 's'}`,
    s.average_score !== null ? `average score ${s.average_score}` : null,
    `${formatCount(s.total_steps)} steps in all`,
    s.average_steps_per_day !== null ? `${formatCount(s.average_steps_per_day)} a day` : null,
    `${formatCount(s.total_calories)} kcal burned`,
  ].filter((part) => part !== null);
  const shown = out.data.slice(-MAX_TEXT_LINES);
  const lines = [`${head.join(', ')}.`];
  if (out.data.length > shown.length) lines.push(`Last ${shown.length} days:`);
  lines.push(...shown.map((row) => line(row, today)));
  return lines.join('\n');
}

export const getActivitySummary = defineTool({
  name: 'get_activity_summary',
  title: 'Activity summary',
  description:
    "Daily activity for a range of the owner's local days (Oura's activity day runs 04:00 to 04:00): activity score (0–100), steps, active and total calories (kcal), equivalent walking distance (m), time in high/medium/low activity, sedentary and resting (seconds), average MET, inactivity alerts, calorie and distance targets, and the meet-daily-targets contributor. " +
    `Summary: average score, total steps and calories, average steps per day, number of days. At most ${ACTIVITY_MAX_DAYS} days. ` +
    'For individual workouts use get_workouts; for heart rate use get_heart_rate.',
  inputSchema,
  outputSchema: activityOutputSchema,
  annotations: readOnlyAnnotations('Activity summary'),
  async handler(args, context) {
    const range = dates.resolve(args, context);
    const rows = await context.source.listByDate('daily_activity', { start_date: range.start_date, end_date: range.end_date }, { fields: ACTIVITY_FIELDS });
    const data = toActivityRows(rows);
    const structured: ActivityOutput = { data, summary: summariseActivity(data) };
    if (data.length === 0) {
      return { structured, text: explainEmpty({ what: 'activity data', start: range.start_date, end: range.end_date, today: range.today, scope: 'daily' }) };
    }
    return { structured, text: describe(structured, formatDayRange(range.start_date, range.end_date), range.today) };
  },
});
