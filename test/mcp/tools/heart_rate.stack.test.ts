import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeartRateRow } from '../../../src/oura/types.js';
import { localDate } from '../../../src/lib/time.js';
import { startStack, type Stack } from '../../helpers/stack.js';
import { callerFor, textOf } from '../../helpers/toolResults.js';

/** Sunday 26 Oct 2025, 10:30 in Berlin: the night of the DST fall-back is over. */
const NOW = new Date('2025-10-26T09:30:00Z');
const HOUR = 3_600_000;

interface Point {
  timestamp: string;
  bpm: number;
  source: string;
  min_bpm?: number;
  max_bpm?: number;
  readings?: number;
}
interface HeartRateAnswer {
  data: Point[];
  summary: {
    average_bpm: number | null;
    min_bpm: number | null;
    max_bpm: number | null;
    resting_hr: number | null;
    resting_hr_basis: string;
    total_readings: number;
  };
  resolution: string;
}

const call = callerFor<unknown>('get_heart_rate');

/** Each reading stands for the time to the next one, at most 5 min (the last one: 5 min). Rows sorted. */
function weightsOf(rows: readonly HeartRateRow[]): number[] {
  return rows.map((row, i) => {
    const next = rows[i + 1];
    return next ? Math.min(Date.parse(next.timestamp) - Date.parse(row.timestamp), 300_000) : 300_000;
  });
}
function weightedMean(values: ReadonlyArray<{ bpm: number; weight: number }>): number {
  return values.reduce((a, v) => a + v.bpm * v.weight, 0) / values.reduce((a, v) => a + v.weight, 0);
}

describe('get_heart_rate against the simulated Oura cloud', () => {
  let stack: Stack;
  let client: Client;
  beforeAll(async () => {
    stack = await startStack({ now: () => NOW });
    client = await stack.client();
  });
  afterAll(async () => {
    await stack?.close();
  });

  const rowsIn = (startMs: number, endMs: number): HeartRateRow[] =>
    stack.sim.dataset.byDatetime.heartrate.filter((row) => {
      const at = Date.parse(row.timestamp);
      return at >= startMs && at <= endMs;
    });

  it('answers the default 7 days within 4 KB, summarising every reading across every page', async () => {
    const startMs = NOW.getTime() - 7 * 24 * HOUR;
    stack.sim.controls.resetCounters();
    const result = await call(client, { start_datetime: new Date(startMs).toISOString() });
    expect(result.isError).toBeFalsy();
    const answer = result.structuredContent as HeartRateAnswer;
    const bytes = Buffer.byteLength(textOf(result)) + Buffer.byteLength(JSON.stringify(answer));
    expect(bytes).toBeLessThanOrEqual(4 * 1024);

    const rows = rowsIn(startMs, NOW.getTime());
    const bpms = rows.map((row) => row.bpm);
    expect(rows.length).toBeGreaterThan(1000);
    // Heart rate really pages (200 rows a page in the simulator): every page was read.
    expect(stack.sim.controls.counters().heartrate).toBeGreaterThanOrEqual(Math.ceil(rows.length / 200));
    expect(answer.summary).toMatchObject({
      total_readings: rows.length,
      min_bpm: Math.min(...bpms),
      max_bpm: Math.max(...bpms),
      resting_hr_basis: 'lowest_sleep_heart_rate',
    });

    // Resting heart rate: the lowest nightly lowest heart rate of the sleep periods overlapping the window.
    const nights = stack.sim.dataset.byDate.sleep.filter(
      (p) =>
        p.type !== 'rest' &&
        p.type !== 'deleted' &&
        Date.parse(p.bedtime_start) <= NOW.getTime() &&
        p.bedtime_end !== null &&
        Date.parse(p.bedtime_end) >= startMs,
    );
    expect(answer.summary.resting_hr).toBe(Math.min(...nights.map((p) => p.lowest_heart_rate ?? Infinity)));

    // A week comes back as local days (Berlin), grouped by local date, not the UTC date.
    expect(answer.resolution).toBe('daily');
    const weights = weightsOf(rows);
    const weighted = rows.map((row, i) => ({ bpm: row.bpm, weight: weights[i]! }));
    expect(answer.summary.average_bpm).toBe(Math.round(weightedMean(weighted) * 10) / 10);
    // Workouts are sampled every few seconds: the plain mean of readings sits well above the average over
    // time, which is why only the latter is reported.
    expect(Math.round((bpms.reduce((a, b) => a + b, 0) / bpms.length) * 10) / 10).toBeGreaterThan(
      answer.summary.average_bpm! + 5,
    );
    expect(answer.summary).not.toHaveProperty('mean_of_readings_bpm');
    const byDay = new Map<string, Array<{ bpm: number; weight: number }>>();
    rows.forEach((row, i) => {
      const day = localDate(new Date(row.timestamp), 'Europe/Berlin');
      byDay.set(day, [...(byDay.get(day) ?? []), weighted[i]!]);
    });
    expect(answer.data.map((p) => p.timestamp.slice(0, 10))).toEqual([...byDay.keys()]);
    for (const point of answer.data) {
      const values = byDay.get(point.timestamp.slice(0, 10))!;
      const bpms = values.map((v) => v.bpm);
      expect(point).toMatchObject({
        readings: values.length,
        min_bpm: Math.min(...bpms),
        max_bpm: Math.max(...bpms),
        bpm: Math.round(weightedMean(values)),
      });
      expect(point.timestamp).toMatch(/T00:00:00\+0[12]:00$/);
    }
    expect(answer.data.find((p) => p.timestamp.startsWith('2025-10-26'))?.timestamp).toBe('2025-10-26T00:00:00+02:00');
  });

  it('returns raw readings in local time for a night window given without an offset', async () => {
    const result = await call(client, { start_datetime: '2025-10-24T02:00', end_datetime: '2025-10-24T04:00' });
    const answer = result.structuredContent as HeartRateAnswer;
    const rows = rowsIn(Date.parse('2025-10-24T00:00:00Z'), Date.parse('2025-10-24T02:00:00Z'));
    expect(rows.length).toBeGreaterThan(0);
    expect(answer.resolution).toBe('raw');
    // The text carries the readings too, for clients that read only the text.
    const last = rows[rows.length - 1]!;
    const lastLocal = new Date(Date.parse(last.timestamp) + 2 * HOUR).toISOString().slice(11, 16);
    expect(textOf(result)).toContain(`${lastLocal} ${last.bpm}`);
    expect(answer.data.map((p) => [Date.parse(p.timestamp), p.bpm, p.source])).toEqual(
      rows.map((r) => [Date.parse(r.timestamp), r.bpm, r.source]),
    );
    expect(answer.data.every((p) => p.timestamp.endsWith('+02:00') && p.min_bpm === undefined)).toBe(true);
    expect(answer.data.some((p) => p.source === 'sleep')).toBe(true);
  });

  it('averages by local hour on request, with the dominant source', async () => {
    const result = await call(client, {
      start_datetime: '2025-10-22T00:00:00+02:00',
      end_datetime: '2025-10-23T00:00:00+02:00',
      resolution: 'hourly',
    });
    const answer = result.structuredContent as HeartRateAnswer;
    expect(answer.resolution).toBe('hourly');
    const all = rowsIn(Date.parse('2025-10-22T00:00:00+02:00'), Date.parse('2025-10-23T00:00:00+02:00'));
    const weights = weightsOf(all);
    const hourStart = Date.parse('2025-10-22T08:00:00+02:00');
    const inHour = all.flatMap((row, i) =>
      Date.parse(row.timestamp) >= hourStart && Date.parse(row.timestamp) < hourStart + HOUR
        ? [{ bpm: row.bpm, weight: weights[i]! }]
        : [],
    );
    const point = answer.data.find((p) => p.timestamp === '2025-10-22T08:00:00+02:00')!;
    expect(point.readings).toBe(inHour.length);
    expect(point.bpm).toBe(Math.round(weightedMean(inHour)));
    expect(answer.data.reduce((n, p) => n + (p.readings ?? 0), 0)).toBe(answer.summary.total_readings);
  });

  it('copes with readings whose source Oura left out (source null, every reading still counted)', async () => {
    stack.sim.controls.setFault('heartrate', { kind: 'drop-fields', fields: ['source'] });
    try {
      const result = await call(client, { start_datetime: '2025-10-10T02:00', end_datetime: '2025-10-10T03:00' });
      expect(result.isError).toBeFalsy();
      const answer = result.structuredContent as HeartRateAnswer;
      const rows = rowsIn(Date.parse('2025-10-10T00:00:00Z'), Date.parse('2025-10-10T01:00:00Z'));
      expect(answer.summary.total_readings).toBe(rows.length);
      expect(answer.data.every((p) => p.source === null)).toBe(true);
    } finally {
      stack.sim.controls.clearFaults();
    }
  });

  it('explains an empty window', async () => {
    const result = await call(client, { start_datetime: '2025-01-01T00:00:00Z', end_datetime: '2025-01-02T00:00:00Z' });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({
      data: [],
      summary: { total_readings: 0, average_bpm: null, resting_hr: null, resting_hr_basis: 'none' },
    });
    expect(textOf(result)).toContain('no readings');
  });

  it.each([
    [{ start_datetime: 'yesterday' }, 'not a valid ISO 8601'],
    [{ start_datetime: '2025-02-30T08:00' }, 'not a valid ISO 8601'],
    [{ start_datetime: '2025-10-25T10:00:00Z', end_datetime: '2025-10-25T09:00:00Z' }, 'must be before'],
    [{ start_datetime: '2025-11-01T00:00:00Z' }, 'in the future'],
    [{ start_datetime: '2025-09-01T00:00:00Z', end_datetime: '2025-10-20T00:00:00Z' }, 'at most 744 hours (31 days)'],
    [{ start_datetime: '2025-10-25T00:00:00Z', resolution: 'minutely' }, 'resolution'],
    [{}, 'start_datetime'],
  ])('refuses %j with -32602 (%s)', async (args, message) => {
    const result = await call(client, args);
    expect(result.isError).toBe(true);
    expect(result._meta?.code).toBe(-32602);
    expect(textOf(result)).toContain(message);
  });
});
