import { describe, expect, it } from 'vitest';
import type { HeartRateSource } from '../../src/oura/types.js';
import {
  AUTO_LIMITS,
  chooseResolution,
  dominantSource,
  MAX_EXPLICIT_POINTS,
  toPoints,
  toReadings,
  type Reading,
} from '../../src/analysis/heartRateBuckets.js';
import { ZoneOffsets } from '../../src/lib/time.js';

const at = (iso: string, bpm = 60, source: HeartRateSource = 'awake'): Reading => ({
  ms: Date.parse(iso),
  bpm,
  source,
});

/** A reading every `stepMinutes` from `startIso` for `hours`. */
function series(startIso: string, hours: number, stepMinutes = 5): Reading[] {
  const start = Date.parse(startIso);
  const out: Reading[] = [];
  for (let ms = start; ms < start + hours * 3_600_000; ms += stepMinutes * 60_000)
    out.push({ ms, bpm: 50 + (out.length % 40), source: 'awake' });
  return out;
}

describe('toReadings', () => {
  it('keeps readings inside the window (both ends), drops junk, sorts by time', () => {
    const rows = [
      { bpm: 70, source: 'awake' as const, timestamp: '2025-10-26T10:00:00+00:00' },
      { bpm: 60, source: 'rest' as const, timestamp: '2025-10-26T08:00:00Z' },
      { bpm: 0, source: 'awake' as const, timestamp: '2025-10-26T09:00:00Z' },
      { bpm: 65, source: 'awake' as const, timestamp: 'not a time' },
      { bpm: 99, source: 'awake' as const, timestamp: '2025-10-26T10:00:01Z' },
    ];
    const readings = toReadings(rows, Date.parse('2025-10-26T08:00:00Z'), Date.parse('2025-10-26T10:00:00Z'));
    expect(readings.map((r) => r.bpm)).toEqual([60, 70]);
  });
});

describe('daily buckets are local days, not UTC dates', () => {
  it('groups by the day in a zone west of UTC (New York)', () => {
    const zone = new ZoneOffsets('America/New_York');
    // 03:30Z on the 26th is 23:30 on the 25th in New York (EDT, -04:00).
    const points = toPoints(
      [at('2025-10-25T12:00:00Z', 70), at('2025-10-26T03:30:00Z', 50), at('2025-10-26T05:00:00Z', 90)],
      'daily',
      zone,
    );
    expect(points).toEqual([
      { timestamp: '2025-10-25T00:00:00-04:00', bpm: 60, source: 'awake', min_bpm: 50, max_bpm: 70, readings: 2 },
      { timestamp: '2025-10-26T00:00:00-04:00', bpm: 90, source: 'awake', min_bpm: 90, max_bpm: 90, readings: 1 },
    ]);
  });

  it('gives a 25-hour fall-back day one bucket (Berlin, 26 Oct 2025)', () => {
    const zone = new ZoneOffsets('Europe/Berlin');
    // Local day 26 Oct runs 25 Oct 22:00Z (+02:00) to 26 Oct 23:00Z (+01:00).
    const readings = [
      at('2025-10-25T21:59:00Z'),
      at('2025-10-25T22:00:00Z'),
      at('2025-10-26T22:59:00Z'),
      at('2025-10-26T23:00:00Z'),
    ];
    const points = toPoints(readings, 'daily', zone);
    expect(points.map((p) => [p.timestamp, p.readings])).toEqual([
      ['2025-10-25T00:00:00+02:00', 1],
      ['2025-10-26T00:00:00+02:00', 2],
      ['2025-10-27T00:00:00+01:00', 1],
    ]);
  });

  it('gives the repeated fall-back hour two hourly buckets with their own offsets', () => {
    const zone = new ZoneOffsets('Europe/Berlin');
    // 00:30Z = 02:30 CEST, 01:30Z = 02:30 CET: the same wall-clock hour, two real hours.
    const points = toPoints([at('2025-10-26T00:30:00Z', 50), at('2025-10-26T01:30:00Z', 70)], 'hourly', zone);
    expect(points.map((p) => p.timestamp)).toEqual(['2025-10-26T02:00:00+02:00', '2025-10-26T02:00:00+01:00']);
  });

  it('handles the spring-forward gap (Berlin, 30 Mar 2025: 02:00 does not exist)', () => {
    const zone = new ZoneOffsets('Europe/Berlin');
    const points = toPoints([at('2025-03-30T00:59:00Z'), at('2025-03-30T01:00:00Z')], 'hourly', zone);
    expect(points.map((p) => p.timestamp)).toEqual(['2025-03-30T01:00:00+01:00', '2025-03-30T03:00:00+02:00']);
  });

  it('starts hours on local hours in a half-hour zone (Kolkata, +05:30)', () => {
    const zone = new ZoneOffsets('Asia/Kolkata');
    const points = toPoints([at('2025-10-26T04:29:00Z'), at('2025-10-26T04:31:00Z')], 'hourly', zone);
    expect(points.map((p) => p.timestamp)).toEqual(['2025-10-26T09:00:00+05:30', '2025-10-26T10:00:00+05:30']);
  });

  it('writes raw readings in local time and 5-minute slots on local 5-minute marks', () => {
    const zone = new ZoneOffsets('Europe/Berlin');
    expect(toPoints([at('2025-10-20T06:07:30Z', 61, 'sleep')], 'raw', zone)).toEqual([
      { timestamp: '2025-10-20T08:07:30+02:00', bpm: 61, source: 'sleep' },
    ]);
    expect(toPoints([at('2025-10-20T06:07:30Z'), at('2025-10-20T06:09:59Z')], '5min', zone)[0]).toMatchObject({
      timestamp: '2025-10-20T08:05:00+02:00',
      readings: 2,
    });
  });
});

describe('dominant source', () => {
  it('is the most frequent source; ties go to the more specific one', () => {
    expect(
      dominantSource(
        new Map<HeartRateSource, number>([
          ['awake', 3],
          ['workout', 2],
        ]),
      ),
    ).toBe('awake');
    expect(
      dominantSource(
        new Map<HeartRateSource, number>([
          ['awake', 2],
          ['workout', 2],
        ]),
      ),
    ).toBe('workout');
    expect(
      dominantSource(
        new Map<HeartRateSource, number>([
          ['rest', 1],
          ['sleep', 1],
        ]),
      ),
    ).toBe('sleep');
    expect(dominantSource(new Map<HeartRateSource, number>())).toBeNull();
  });

  it('is the source covering most time; the bucket bpm is the average over time', () => {
    const zone = new ZoneOffsets('UTC');
    // 20 workout readings 10 s apart (200 s + 300 s for the last one before a 5-min gap) against 3 awake readings (900 s).
    const workout = Array.from({ length: 20 }, (_, i) => ({
      ms: Date.parse('2025-10-20T06:00:00Z') + i * 10_000,
      bpm: 150,
      source: 'workout' as const,
    }));
    const awake = [10, 15, 20].map((m) => at(`2025-10-20T06:${m}:00Z`, 60, 'awake'));
    const [point] = toPoints([...workout, ...awake], 'hourly', zone);
    expect(point).toMatchObject({ source: 'awake', readings: 23, min_bpm: 60, max_bpm: 150 });
    // Workout: 19 × 10 s + min(06:10 − 06:03:10, 300 s) = 490 s at 150; awake: 3 × 300 s at 60.
    expect(point!.bpm).toBe(Math.round((150 * 490 + 60 * 900) / 1390));
  });

  it('is used for aggregated rows, with the rounded mean', () => {
    const zone = new ZoneOffsets('UTC');
    const readings = [
      at('2025-10-20T06:00:00Z', 100, 'workout'),
      at('2025-10-20T06:10:00Z', 101, 'workout'),
      at('2025-10-20T06:20:00Z', 60, 'awake'),
    ];
    expect(toPoints(readings, 'hourly', zone)).toEqual([
      { timestamp: '2025-10-20T06:00:00+00:00', bpm: 87, source: 'workout', min_bpm: 60, max_bpm: 101, readings: 3 },
    ]);
  });
});

describe('automatic resolution', () => {
  const zone = new ZoneOffsets('Europe/Berlin');

  it('returns raw readings when they fit in 24 points (two hours at rest)', () => {
    const choice = chooseResolution(series('2025-10-20T06:00:00Z', 2), zone);
    expect(choice.resolution).toBe('raw');
    expect(choice.points).toHaveLength(24);
    expect(chooseResolution(series('2025-10-20T06:00:00Z', 3), zone).resolution).toBe('hourly');
  });

  it('averages a full day by the hour (288 raw readings are too many bytes)', () => {
    expect(chooseResolution(series('2025-10-20T00:00:00Z', 24), zone).resolution).toBe('hourly');
  });

  it('uses 5-minute buckets for a short window dense with workout readings', () => {
    const choice = chooseResolution(series('2025-10-20T06:00:00Z', 2, 0.1), zone);
    expect(choice.resolution).toBe('5min');
    expect(choice.points).toHaveLength(24);
  });

  it('answers a week with daily rows, within the byte budget and the point ceiling', () => {
    const choice = chooseResolution(series('2025-10-19T22:00:00Z', 7 * 24), zone);
    expect(choice.resolution).toBe('daily');
    expect(choice.points.length).toBeLessThanOrEqual(8);
    expect(JSON.stringify(choice.points).length).toBeLessThanOrEqual(AUTO_LIMITS.maxDataBytes);
  });

  it('keeps every automatic answer within the limits for windows up to 22 days (longer ones come back daily)', () => {
    for (const hours of [1, 6, 12, 30, 72, 120, 22 * 24]) {
      const choice = chooseResolution(series('2025-10-01T00:00:00Z', hours), zone);
      expect(choice.points.length, `${hours} h`).toBeLessThanOrEqual(AUTO_LIMITS.maxPoints);
      expect(JSON.stringify(choice.points).length, `${hours} h`).toBeLessThanOrEqual(AUTO_LIMITS.maxDataBytes);
    }
  });

  it('honours an explicit resolution, coarsening only beyond the explicit ceiling', () => {
    const week = series('2025-10-19T22:00:00Z', 7 * 24);
    expect(chooseResolution(week, zone, 'hourly')).toMatchObject({ resolution: 'hourly' });
    expect(chooseResolution(week, zone, 'hourly').coarsenedFrom).toBeUndefined();
    const raw = chooseResolution(week, zone, 'raw');
    expect(week.length).toBeGreaterThan(MAX_EXPLICIT_POINTS);
    expect(raw).toMatchObject({ resolution: 'hourly', coarsenedFrom: 'raw' });
    expect(chooseResolution([], zone, 'raw')).toEqual({ resolution: 'raw', points: [] });
  });
});
