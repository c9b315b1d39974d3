import { describe, expect, it } from 'vitest';
import { heartRateInWindows } from '../../../src/mcp/tools/shared/heartRateWindows.js';
import type { Reading } from '../../../src/mcp/tools/shared/heartRateBuckets.js';

const t = (minute: number) => Date.parse('2025-10-20T06:00:00Z') + minute * 60_000;
const r = (minute: number, bpm: number): Reading => ({ ms: t(minute), bpm, source: 'workout' });

describe('workout heart rate from readings', () => {
  const readings = [r(-1, 200), r(0, 100), r(10, 120), r(29, 151), r(30, 180), r(45, 90)];

  it('includes the start and excludes the end', () => {
    expect(heartRateInWindows(readings, [{ startMs: t(0), endMs: t(30) }])).toEqual([{ average: 124, max: 151, readings: 3 }]);
  });

  it('gives null for a workout without readings, and serves many windows from one list', () => {
    expect(heartRateInWindows(readings, [{ startMs: t(31), endMs: t(44) }, { startMs: t(30), endMs: t(46) }])).toEqual([null, { average: 135, max: 180, readings: 2 }]);
    expect(heartRateInWindows([], [{ startMs: t(0), endMs: t(30) }])).toEqual([null]);
  });
});
