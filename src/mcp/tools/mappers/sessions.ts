/**
 * `get_sessions` answer shape and mapping from Oura's `session` collection (guided and unguided
 * breathing, meditation, nap, relaxation and rest sessions started in the Oura app). The raw 5-second
 * series are summarised into averages rather than returned.
 */
import { z } from 'zod';
import type { OuraSample, Session } from '../../../oura/types.js';
import { numbers } from '../../../analysis/stats.js';
import { compareText, instantOf, meanOrNull, textOrNull } from './rowGuards.js';

export const sessionRowSchema = z.object({
  id: z.string().describe("Oura's id of the session."),
  date: z.string().describe("The owner's local day of the session, YYYY-MM-DD."),
  type: z
    .string()
    .describe(
      "Oura's session type: breathing, meditation, nap, relaxation, rest or body_status ('unknown' if Oura sent none).",
    ),
  mood: z
    .string()
    .nullable()
    .describe(
      "The owner's mood afterwards as logged in the app: bad, worse, same, good or great; null when not logged.",
    ),
  start_datetime: z.string().describe('Start, ISO 8601 with the local offset.'),
  end_datetime: z.string().describe('End, ISO 8601 with the local offset.'),
  duration: z.number().describe('End minus start, seconds.'),
  average_heart_rate: z
    .number()
    .nullable()
    .describe("Mean of the session's heart-rate samples, bpm, one decimal; null when the ring recorded none."),
  lowest_heart_rate: z.number().nullable().describe('Lowest heart-rate sample, bpm; null when none.'),
  average_hrv: z
    .number()
    .nullable()
    .describe("Mean of the session's heart-rate variability samples, ms, one decimal; null when none."),
});

export const sessionsOutputSchema = z.object({
  data: z.array(sessionRowSchema).describe('Sessions sorted by start time.'),
  summary: z
    .object({
      total_sessions: z.number().int().describe('Sessions in the range.'),
      total_duration: z.number().describe('Sum of durations, seconds.'),
      by_type: z
        .array(
          z.object({
            type: z.string().describe('Session type.'),
            count: z.number().int().describe('Sessions of that type.'),
            total_duration: z.number().describe('Their total duration, seconds.'),
          }),
        )
        .describe('Counts per session type, most frequent first.'),
    })
    .describe('Over the range.'),
});

export type SessionsOutput = z.infer<typeof sessionsOutputSchema>;
export type SessionRow = SessionsOutput['data'][number];

function sampleValues(sample: OuraSample | null | undefined): number[] {
  return Array.isArray(sample?.items) ? numbers(sample.items) : [];
}

/** Sessions with a readable start and end, sorted by start. */
export function toSessionRows(sessions: readonly Session[]): SessionRow[] {
  const rows: Array<SessionRow & { startMs: number }> = [];
  for (const session of sessions) {
    const startMs = instantOf(session.start_datetime);
    const endMs = instantOf(session.end_datetime);
    if (startMs === null || endMs === null) continue;
    const heart = sampleValues(session.heart_rate);
    rows.push({
      startMs,
      id: textOrNull(session.id) ?? session.start_datetime,
      date: textOrNull(session.day) ?? session.start_datetime.slice(0, 10),
      type: textOrNull(session.type) ?? 'unknown',
      mood: textOrNull(session.mood),
      start_datetime: session.start_datetime,
      end_datetime: session.end_datetime,
      duration: Math.max(0, Math.round((endMs - startMs) / 1000)),
      average_heart_rate: meanOrNull(heart, 1),
      lowest_heart_rate: heart.length === 0 ? null : Math.min(...heart),
      average_hrv: meanOrNull(sampleValues(session.heart_rate_variability), 1),
    });
  }
  rows.sort((a, b) => a.startMs - b.startMs || compareText(a.id, b.id));
  return rows.map(({ startMs: _startMs, ...row }) => row);
}

export function summariseSessions(rows: readonly SessionRow[]): SessionsOutput['summary'] {
  const byType = new Map<string, { type: string; count: number; total_duration: number }>();
  for (const row of rows) {
    const entry = byType.get(row.type) ?? { type: row.type, count: 0, total_duration: 0 };
    entry.count += 1;
    entry.total_duration += row.duration;
    byType.set(row.type, entry);
  }
  return {
    total_sessions: rows.length,
    total_duration: rows.reduce((total, row) => total + row.duration, 0),
    by_type: [...byType.values()].sort((a, b) => b.count - a.count || compareText(a.type, b.type)),
  };
}
