import { describe, expect, it } from 'vitest';
import { datetimeChunks, mapWithConcurrency, widenDateRange } from '../../src/oura/windows.js';

describe('widenDateRange', () => {
  it('adds padding days on both sides, across month ends', () => {
    expect(widenDateRange({ start_date: '2025-10-20', end_date: '2025-10-26' }, 2)).toEqual({
      start_date: '2025-10-18',
      end_date: '2025-10-28',
    });
    expect(widenDateRange({ start_date: '2025-03-01', end_date: '2025-12-31' }, 2)).toEqual({
      start_date: '2025-02-27',
      end_date: '2026-01-02',
    });
  });
});

describe('datetimeChunks', () => {
  const day = 86_400_000;
  const start = Date.parse('2025-08-01T00:00:00Z');
  it('splits into ≤ N-day chunks, each ending a second before the next starts', () => {
    expect(datetimeChunks(start, start + 70 * day, 30, 0)).toEqual([
      { start_datetime: '2025-08-01T00:00:00+00:00', end_datetime: '2025-08-30T23:59:59+00:00' },
      { start_datetime: '2025-08-31T00:00:00+00:00', end_datetime: '2025-09-29T23:59:59+00:00' },
      { start_datetime: '2025-09-30T00:00:00+00:00', end_datetime: '2025-10-10T00:00:00+00:00' },
    ]);
  });
  it('cuts one-day windows on the caller’s midnights', () => {
    expect(datetimeChunks(start, start + 2 * day + 3_600_000, 1, 120)).toEqual([
      { start_datetime: '2025-08-01T02:00:00+02:00', end_datetime: '2025-08-02T01:59:59+02:00' },
      { start_datetime: '2025-08-02T02:00:00+02:00', end_datetime: '2025-08-03T01:59:59+02:00' },
      { start_datetime: '2025-08-03T02:00:00+02:00', end_datetime: '2025-08-03T03:00:00+02:00' },
    ]);
  });
  it('keeps exactly 30 days in one chunk and an empty window as one request', () => {
    expect(datetimeChunks(start, start + 30 * day, 30, 0)).toHaveLength(1);
    expect(datetimeChunks(start, start + 30 * day + 1000, 30, 0)).toHaveLength(2);
    expect(datetimeChunks(start, start, 30, 0)).toEqual([
      { start_datetime: '2025-08-01T00:00:00+00:00', end_datetime: '2025-08-01T00:00:00+00:00' },
    ]);
  });
});

describe('mapWithConcurrency', () => {
  it('keeps order and never exceeds the limit', async () => {
    let running = 0;
    let peak = 0;
    const out = await mapWithConcurrency([5, 1, 4, 2, 3], 2, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, n));
      running--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30]);
    expect(peak).toBe(2);
  });
  it('starts no new task after a failure', async () => {
    const started: number[] = [];
    await expect(
      mapWithConcurrency([1, 2, 3, 4], 1, (n) => {
        started.push(n);
        return n === 2 ? Promise.reject(new Error('boom')) : Promise.resolve(n);
      }),
    ).rejects.toThrow('boom');
    expect(started).toEqual([1, 2]);
  });
});
