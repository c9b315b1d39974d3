import { describe, expect, it } from 'vitest';
import { sessionsOutputSchema, summariseSessions, toSessionRows } from '../../../src/mcp/tools/mappers/sessions.js';
import type { Session } from '../../../src/oura/types.js';

const session = (
  id: string,
  type: Session['type'],
  start: string,
  minutes: number,
  hr: Array<number | null> | null,
  hrv: Array<number | null> | null,
): Session => {
  const end = new Date(Date.parse(start) + minutes * 60_000).toISOString().replace('.000Z', '+00:00');
  return {
    id,
    day: start.slice(0, 10),
    type,
    mood: id === 'a' ? 'good' : null,
    start_datetime: start,
    end_datetime: end,
    heart_rate: hr === null ? null : { interval: 5, items: hr, timestamp: start },
    heart_rate_variability: hrv === null ? null : { interval: 5, items: hrv, timestamp: start },
    motion_count: null,
  };
};

describe('sessions', () => {
  const rows = toSessionRows([
    session('b', 'meditation', '2025-10-21T07:00:00+00:00', 10, [60, null, 56], [40, 50, null]),
    session('a', 'breathing', '2025-10-20T21:00:00+00:00', 5, [66, 64.5, 62], null),
    session('c', 'meditation', '2025-10-22T07:00:00+00:00', 15, null, null),
  ]);

  it('averages heart rate and HRV over the non-null samples, sorted by start', () => {
    expect(rows.map((r) => r.id)).toEqual(['a', 'b', 'c']);
    expect(rows[0]).toEqual({
      id: 'a',
      date: '2025-10-20',
      type: 'breathing',
      mood: 'good',
      start_datetime: '2025-10-20T21:00:00+00:00',
      end_datetime: '2025-10-20T21:05:00+00:00',
      duration: 300,
      average_heart_rate: 64.2,
      lowest_heart_rate: 62,
      average_hrv: null,
    });
    expect(rows[1]).toMatchObject({ duration: 600, average_heart_rate: 58, lowest_heart_rate: 56, average_hrv: 45 });
    expect(rows[2]).toMatchObject({ average_heart_rate: null, lowest_heart_rate: null, average_hrv: null });
  });

  it('counts sessions per type, most frequent first', () => {
    const summary = summariseSessions(rows);
    expect(summary).toEqual({
      total_sessions: 3,
      total_duration: 1800,
      by_type: [
        { type: 'meditation', count: 2, total_duration: 1500 },
        { type: 'breathing', count: 1, total_duration: 300 },
      ],
    });
    expect(() => sessionsOutputSchema.parse({ data: rows, summary })).not.toThrow();
  });
});
