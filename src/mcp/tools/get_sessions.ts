/**
 * `get_sessions`: breathing, meditation, nap and relaxation sessions the owner recorded with the Oura
 * app, with heart rate and HRV averaged from the session's samples.
 */
import { z } from 'zod';
import type { Session } from '../../oura/types.js';
import { defineDateRange } from './dateRange.js';
import { defineTool, readOnlyAnnotations } from '../tool.js';
import {
  sessionsOutputSchema,
  summariseSessions,
  toSessionRows,
  type SessionRow,
  type SessionsOutput,
} from './mappers/sessions.js';
import { explainEmpty } from './emptyAnswer.js';
import { formatDay, formatDayRange, formatDuration } from '../../lib/format.js';

export const SESSIONS_MAX_DAYS = 90;
const SESSIONS_DEFAULT_DAYS = 30;
const MAX_TEXT_LINES = 31;
/** The motion_count series is not shown, so it is not fetched. */
const SESSION_FIELDS: ReadonlyArray<keyof Session> = [
  'id',
  'day',
  'type',
  'mood',
  'start_datetime',
  'end_datetime',
  'heart_rate',
  'heart_rate_variability',
];

const dates = defineDateRange({
  maxDays: SESSIONS_MAX_DAYS,
  defaultDays: SESSIONS_DEFAULT_DAYS,
  startHelp: 'First day',
});

const inputSchema = z.object({
  ...dates.fields,
});

function line(row: SessionRow): string {
  const parts = [
    `${formatDay(row.date)} ${row.start_datetime.slice(11, 16)} ${row.type.replaceAll('_', ' ')}`,
    formatDuration(row.duration),
  ];
  if (row.average_heart_rate !== null)
    parts.push(
      `heart rate avg ${row.average_heart_rate} bpm${row.lowest_heart_rate !== null ? ` (lowest ${row.lowest_heart_rate})` : ''}`,
    );
  if (row.average_hrv !== null) parts.push(`HRV ${row.average_hrv} ms`);
  if (row.mood !== null) parts.push(`mood ${row.mood}`);
  return `- ${parts.join(', ')}`;
}

function describe(out: SessionsOutput, range: string): string {
  const s = out.summary;
  const types = s.by_type.map((t) => `${t.count} ${t.type.replaceAll('_', ' ')}`).join(', ');
  const shown = out.data.slice(-MAX_TEXT_LINES);
  const lines = [`Sessions ${range}: ${s.total_sessions} (${types}), ${formatDuration(s.total_duration)} in all.`];
  if (out.data.length > shown.length) lines.push(`Last ${shown.length}:`);
  lines.push(...shown.map(line));
  return lines.join('\n');
}

export const getSessions = defineTool({
  name: 'get_sessions',
  title: 'Breathing and meditation sessions',
  description: `Breathing, meditation, nap, relaxation, rest sessions: type, mood, times, heart rate, HRV. Default 30 days, up to ${SESSIONS_MAX_DAYS}.`,
  inputSchema,
  outputSchema: sessionsOutputSchema,
  annotations: readOnlyAnnotations('Breathing and meditation sessions'),
  async handler(args, context) {
    const range = dates.resolve(args, context);
    const sessions = await context.source.listByDate(
      'session',
      { start_date: range.start_date, end_date: range.end_date },
      { fields: SESSION_FIELDS },
    );
    const data = toSessionRows(sessions);
    const structured: SessionsOutput = { data, summary: summariseSessions(data) };
    if (data.length === 0) {
      return {
        structured,
        text: explainEmpty({
          what: 'sessions',
          start: range.start_date,
          end: range.end_date,
          today: range.today,
          scope: 'session',
        }),
      };
    }
    return { structured, text: describe(structured, formatDayRange(range.start_date, range.end_date)) };
  },
});
