import { describe, expect, it } from 'vitest';
import type { ToolContext } from '../../../src/mcp/tool.js';
import { getWorkouts, heartRateSpans } from '../../../src/mcp/tools/get_workouts.js';
import type { Reading } from '../../../src/analysis/heartRateBuckets.js';
import { heartRateInWindows } from '../../../src/analysis/heartRateWindows.js';
import { OuraForbiddenError } from '../../../src/oura/errors.js';
import type { HeartRateRow } from '../../../src/oura/types.js';
import { FakeConnection, FakeSource, toolContext } from '../../http/fixtures.js';

const t = (minute: number) => Date.parse('2025-10-20T06:00:00Z') + minute * 60_000;
const r = (minute: number, bpm: number): Reading => ({ ms: t(minute), bpm, source: 'workout' });

describe('workout heart rate from readings', () => {
  const readings = [r(-1, 200), r(0, 100), r(10, 120), r(29, 151), r(30, 180), r(45, 90)];

  it('includes the start and excludes the end', () => {
    // 100, 120 and 151 each stand for 5 min (the time to the next, capped at 5 min; the last gets 5):
    // (100 + 120 + 151) / 3 = 123.67 → 123.7.
    expect(heartRateInWindows(readings, [{ startMs: t(0), endMs: t(30) }])).toEqual([
      { average: 123.7, max: 151, readings: 3 },
    ]);
  });

  it('averages over time, as get_heart_rate does for the same window, not a plain mean of readings', () => {
    // 100 at 0 min stands for 1 min, 160 at 1 min for 5, 100 at 6 min for 5 (the last):
    // (100·1 + 160·5 + 100·5) / 11 = 1400 / 11 = 127.27 → 127.3 (the plain mean would be 120).
    const dense = [r(0, 100), r(1, 160), r(6, 100)];
    expect(heartRateInWindows(dense, [{ startMs: t(0), endMs: t(10) }])).toEqual([
      { average: 127.3, max: 160, readings: 3 },
    ]);
  });

  it('gives null for a workout without readings, and serves many windows from one list', () => {
    expect(
      heartRateInWindows(readings, [
        { startMs: t(31), endMs: t(44) },
        { startMs: t(30), endMs: t(46) },
      ]),
    ).toEqual([null, { average: 135, max: 180, readings: 2 }]);
    expect(heartRateInWindows([], [{ startMs: t(0), endMs: t(30) }])).toEqual([null]);
  });
});

describe('get_workouts handler edge cases (a fake source)', () => {
  const workout = {
    id: 'w1',
    day: '2025-10-20',
    activity: 'rowing',
    intensity: 'moderate' as const,
    calories: null,
    distance: null,
    start_datetime: '2025-10-20T08:00:00+02:00',
    end_datetime: '2025-10-20T08:30:00+02:00',
    label: null,
    source: 'manual' as const,
  };
  const context = (heartRate: () => Promise<HeartRateRow[]>): ToolContext => {
    const source = new FakeSource();
    source.listByDate = (() => Promise.resolve([workout])) as unknown as FakeSource['listByDate'];
    source.listByDatetime = heartRate as unknown as FakeSource['listByDatetime'];
    return toolContext(source, new FakeConnection());
  };

  it('leaves heart-rate fields and distance out when the ring recorded nothing inside the workout', async () => {
    // Readings just before the start and exactly at the end: neither is inside [start, end).
    const rows: HeartRateRow[] = [
      { bpm: 90, source: 'awake', timestamp: '2025-10-20T05:59:59Z' },
      { bpm: 95, source: 'awake', timestamp: '2025-10-20T06:30:00Z' },
    ];
    const output = await getWorkouts.handler(
      { start_date: '2025-10-20', end_date: '2025-10-20' },
      context(() => Promise.resolve(rows)),
    );
    const row = (getWorkouts.outputSchema.parse(output.structured) as { data: Array<Record<string, unknown>> }).data[0];
    expect(row).toEqual({
      id: 'w1',
      date: '2025-10-20',
      activity: 'rowing',
      intensity: 'moderate',
      start_datetime: workout.start_datetime,
      end_datetime: workout.end_datetime,
      duration: 1800,
      calories: null,
      label: null,
      source: 'manual',
    });
    expect(output.text).toContain('rowing, moderate, 30 min');
  });

  it("still answers when the 'heartrate' scope was not granted, and says so", async () => {
    const output = await getWorkouts.handler(
      { start_date: '2025-10-20', end_date: '2025-10-20' },
      context(() =>
        Promise.reject(
          new OuraForbiddenError('Oura refused heartrate: missing scope', { status: 403, collection: 'heartrate' }),
        ),
      ),
    );
    expect((output.structured as { data: unknown[] }).data).toHaveLength(1);
    expect(output.text).toContain("'heartrate' permission was not granted");
  });
});

describe('the heart rate get_workouts reads', () => {
  it('merges overlapping and touching workouts, keeps apart ones apart, in start order', () => {
    const span = (from: number, to: number) => ({ startMs: t(from), endMs: t(to) });
    // 60–90 overlaps 30–70 and 90–100 touches it: one span 30–100; 200–210 stays alone; input unsorted.
    expect(heartRateSpans([span(200, 210), span(60, 90), span(30, 70), span(90, 100)])).toEqual([
      span(30, 100),
      span(200, 210),
    ]);
    expect(heartRateSpans([])).toEqual([]);
  });

  it('asks for each span once, concurrently, and averages only the readings inside each workout', async () => {
    const asked: Array<{ start_datetime: string; end_datetime: string }> = [];
    const source = new FakeSource();
    const workouts = [
      { id: 'a', start: '2025-10-20T08:00:00+02:00', end: '2025-10-20T08:30:00+02:00' },
      { id: 'b', start: '2025-10-22T18:00:00+02:00', end: '2025-10-22T19:00:00+02:00' },
    ].map((w) => ({
      id: w.id,
      day: w.start.slice(0, 10),
      activity: 'running',
      intensity: 'hard' as const,
      calories: 300,
      distance: null,
      start_datetime: w.start,
      end_datetime: w.end,
      label: null,
      source: 'manual' as const,
    }));
    source.listByDate = (() => Promise.resolve(workouts)) as unknown as FakeSource['listByDate'];
    let inFlight = 0;
    let mostInFlight = 0;
    source.listByDatetime = (async (_collection: string, range: { start_datetime: string; end_datetime: string }) => {
      asked.push(range);
      inFlight++;
      mostInFlight = Math.max(mostInFlight, inFlight);
      await Promise.resolve();
      inFlight--;
      // Each window answers with one reading inside it (at its start) and one a minute before.
      const at = Date.parse(range.start_datetime);
      return [
        { bpm: 200, source: 'awake', timestamp: new Date(at - 60_000).toISOString() },
        {
          bpm: range.start_datetime.startsWith('2025-10-20') ? 120 : 150,
          source: 'workout',
          timestamp: new Date(at).toISOString(),
        },
      ];
    }) as unknown as FakeSource['listByDatetime'];
    const output = await getWorkouts.handler(
      { start_date: '2025-10-20', end_date: '2025-10-22' },
      toolContext(source, new FakeConnection()),
    );
    expect(asked).toEqual([
      { start_datetime: '2025-10-20T08:00:00+02:00', end_datetime: '2025-10-20T08:30:00+02:00' },
      { start_datetime: '2025-10-22T18:00:00+02:00', end_datetime: '2025-10-22T19:00:00+02:00' },
    ]);
    expect(mostInFlight).toBe(2);
    const rows = (output.structured as { data: Array<Record<string, unknown>> }).data;
    expect(rows.map((row) => [row.average_heart_rate, row.max_heart_rate, row.heart_rate_readings])).toEqual([
      [120, 120, 1],
      [150, 150, 1],
    ]);
  });
});
