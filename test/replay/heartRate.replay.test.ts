/**
 * get_heart_rate on the oura_charts account's captured readings (America/Chicago, 3 June 2024): five
 * awake readings at irregular seconds (1 s, 10 min 17 s, 5 s and 2 s apart). Expected values are
 * computed here from the raw rows.
 */
import { describe, expect, it } from 'vitest';
import { useReplayStack } from '../helpers/replayStack.js';
import { callerFor, textOf } from '../helpers/toolResults.js';
import { num, roundTo } from './raw.js';
import type { HeartRateOutput } from '../../src/mcp/tools/mappers/heartRate.js';

// The answer's type only: every expected value below is computed from the raw rows.
const heartRate = callerFor<HeartRateOutput>('get_heart_rate');

describe('oura_charts heart rate of 2 June 2024 evening (America/Chicago)', () => {
  const stack = useReplayStack({ now: () => new Date('2024-06-04T15:00:00Z'), timezone: 'America/Chicago' });

  it('the average is over time (each reading until the next, at most 5 min), not the plain mean of readings', async () => {
    const rows = stack.oura.bodies.get('heartrate')!.find((body) => body.file.includes('oura_charts'))!.rows;
    const times = rows.map((row) => Date.parse(String(row.timestamp)) / 1000);
    const bpm = rows.map((row) => num(row, 'bpm'));
    // By hand: 1 s, 300 s (617 s capped), 5 s, 2 s, and 300 s for the last reading.
    const weights = times.map((t, i) => Math.min(times[i + 1] === undefined ? 300 : times[i + 1]! - t, 300));
    expect(weights).toEqual([1, 300, 5, 2, 300]);
    const overTime = bpm.reduce((total, value, i) => total + value * weights[i]!, 0) / 608;
    const plainMean = bpm.reduce((a, b) => a + b, 0) / bpm.length;

    const result = await heartRate(stack.client, {
      start_datetime: '2024-06-02T21:00:00',
      end_datetime: '2024-06-02T22:00:00',
    });
    const answer = result.structuredContent!;
    expect(answer.resolution).toBe('raw');
    // Oura writes UTC; the answer gives the owner's clock (CDT, -05:00).
    expect(answer.data.map((point) => [point.timestamp, point.bpm])).toEqual([
      ['2024-06-02T21:27:32-05:00', 86],
      ['2024-06-02T21:27:33-05:00', 80],
      ['2024-06-02T21:37:50-05:00', 78],
      ['2024-06-02T21:37:55-05:00', 69],
      ['2024-06-02T21:37:57-05:00', 71],
    ]);
    expect(roundTo(overTime, 1)).toBe(75.5);
    expect(roundTo(plainMean, 1)).toBe(76.8);
    expect(answer.summary).toEqual({
      average_bpm: roundTo(overTime, 1),
      min_bpm: Math.min(...bpm),
      max_bpm: Math.max(...bpm),
      // Awake readings only and no night in the window: no resting heart rate is invented.
      resting_hr: null,
      resting_hr_basis: 'none',
      total_readings: 5,
    });
    const text = textOf(result);
    expect(text).toContain('5 readings, average 75.5 bpm (over time), min 69, max 86');
    expect(text).toContain('no resting heart rate');
    expect(text).toContain('21:27 86; 21:27 80; 21:37 78; 21:37 69; 21:37 71');
  });
});
