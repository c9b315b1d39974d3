import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeartRateRow, Workout } from '../../../src/oura/types.js';
import { addDays } from '../../../src/lib/time.js';
import { startStack, type Stack } from '../../helpers/stack.js';
import { callerFor, textOf } from '../../helpers/toolResults.js';

interface WorkoutRow {
  id: string;
  date: string;
  activity: string;
  intensity: string;
  start_datetime: string;
  end_datetime: string;
  duration: number;
  calories: number | null;
  distance?: number;
  average_heart_rate?: number;
  max_heart_rate?: number;
  heart_rate_readings?: number;
  label: string | null;
  source: string;
}
interface WorkoutsAnswer {
  data: WorkoutRow[];
  summary: {
    total_workouts: number;
    total_calories: number;
    total_duration: number;
    total_distance: number;
    activities: string[];
  };
}

const call = callerFor<unknown>('get_workouts');
const utcDayOf = (datetime: string): string => new Date(Date.parse(datetime)).toISOString().slice(0, 10);

/** Heart rate of a workout computed straight from the raw readings: start included, end excluded. */
function expectedHeartRate(
  readings: readonly HeartRateRow[],
  workout: Workout,
): { average: number; max: number; count: number } | null {
  const from = Date.parse(workout.start_datetime);
  const to = Date.parse(workout.end_datetime);
  const rows = readings
    .filter((r) => Date.parse(r.timestamp) >= from && Date.parse(r.timestamp) < to)
    .sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
  if (rows.length === 0) return null;
  // Average over time: each reading weighs the time to the next, at most 5 min (the last: 5 min).
  const weights = rows.map((r, i) =>
    i + 1 < rows.length ? Math.min(Date.parse(rows[i + 1]!.timestamp) - Date.parse(r.timestamp), 300_000) : 300_000,
  );
  const weighted = rows.reduce((total, r, i) => total + r.bpm * weights[i]!, 0) / weights.reduce((a, b) => a + b, 0);
  const inside = rows.map((r) => r.bpm);
  return { average: Math.round(weighted * 10) / 10, max: Math.max(...inside), count: inside.length };
}

describe('get_workouts against the simulated Oura cloud (Berlin)', () => {
  const NOW = new Date('2025-10-26T09:30:00Z');
  let stack: Stack;
  let client: Client;
  beforeAll(async () => {
    stack = await startStack({ now: () => NOW });
    client = await stack.client();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('returns every workout of the range with heart rate from its readings, reading heart rate only on the days that hold a workout', async () => {
    const range = { start_date: '2025-10-13', end_date: '2025-10-26' };
    stack.sim.controls.resetCounters();
    const result = await call(client, range);
    expect(result.isError).toBeFalsy();
    const answer = result.structuredContent as WorkoutsAnswer;

    const expected = stack.sim.dataset.byDate.workout
      .filter((w) => w.day >= range.start_date && w.day <= range.end_date)
      .sort((a, b) => Date.parse(a.start_datetime) - Date.parse(b.start_datetime));
    expect(expected.length).toBeGreaterThanOrEqual(4);
    expect(answer.data.map((w) => w.id)).toEqual(expected.map((w) => w.id));

    const readings = stack.sim.dataset.byDatetime.heartrate;
    // Workouts logged by hand have no heart-rate samples inside (as live): no heart rate is invented for them.
    expect(expected.some((workout) => expectedHeartRate(readings, workout) === null)).toBe(true);
    for (const [i, workout] of expected.entries()) {
      const row = answer.data[i]!;
      const heart = expectedHeartRate(readings, workout);
      if (heart === null) {
        expect(row.average_heart_rate, workout.id).toBeUndefined();
        expect(row.max_heart_rate, workout.id).toBeUndefined();
        continue;
      }
      expect(row).toMatchObject({
        date: workout.day,
        activity: workout.activity,
        intensity: workout.intensity,
        start_datetime: workout.start_datetime,
        end_datetime: workout.end_datetime,
        duration: (Date.parse(workout.end_datetime) - Date.parse(workout.start_datetime)) / 1000,
        average_heart_rate: heart.average,
        max_heart_rate: heart.max,
        heart_rate_readings: heart.count,
      });
      if (workout.distance === null) expect(row.distance).toBeUndefined();
      else expect(row.distance).toBe(Math.round(workout.distance * 10) / 10);
    }
    expect(answer.summary).toEqual({
      total_workouts: expected.length,
      total_calories: Math.round(expected.reduce((a, w) => a + (w.calories ?? 0), 0) * 10) / 10,
      total_duration: expected.reduce(
        (a, w) => a + (Date.parse(w.end_datetime) - Date.parse(w.start_datetime)) / 1000,
        0,
      ),
      total_distance: Math.round(expected.reduce((a, w) => a + (w.distance ?? 0), 0) * 10) / 10,
      activities: [...new Set(expected.map((w) => w.activity))].sort(),
    });

    // Heart rate is read only for the UTC days a workout touches (the cache widens each workout's span to
    // whole UTC days; two workouts of one day share a fetch), each day in one-day windows page by page
    // (200 rows a page): not every day from the first workout to the last, and not one fetch per workout.
    const workoutDays = new Set<string>();
    for (const workout of expected) {
      const endDay = utcDayOf(workout.end_datetime);
      for (let day = utcDayOf(workout.start_datetime); day <= endDay; day = addDays(day, 1)) workoutDays.add(day);
    }
    const spanDays =
      Math.round(
        (Date.parse(utcDayOf(expected[expected.length - 1]!.end_datetime)) -
          Date.parse(utcDayOf(expected[0]!.start_datetime))) /
          86_400_000,
      ) + 1;
    expect(workoutDays.size).toBeLessThan(spanDays);
    let pages = 0;
    for (const day of workoutDays) {
      const from = Date.parse(`${day}T00:00:00Z`);
      const to = Math.min(Date.parse(`${day}T23:59:59Z`), NOW.getTime());
      const inDay = readings.filter((r) => Date.parse(r.timestamp) >= from && Date.parse(r.timestamp) <= to).length;
      pages += Math.max(1, Math.ceil(inDay / 200));
    }
    const counters = stack.sim.controls.counters();
    expect(counters.heartrate).toBe(pages);
    expect(counters.workout).toBe(1);
    expect(textOf(result)).toContain(`Workouts 13–26 Oct 2025: ${expected.length}`);
  });

  it('copes with workouts missing fields Oura calls required', async () => {
    stack.sim.controls.setFault('workout', {
      kind: 'drop-fields',
      fields: ['intensity', 'source', 'activity', 'label'],
    });
    try {
      const result = await call(client, { start_date: '2025-09-01', end_date: '2025-09-10' });
      expect(result.isError).toBeFalsy();
      const answer = result.structuredContent as WorkoutsAnswer;
      expect(answer.data.length).toBeGreaterThan(0);
      expect(answer.data.every((w) => w.intensity === null && w.source === null && w.activity === 'unknown')).toBe(
        true,
      );
      expect(answer.data.some((w) => w.average_heart_rate !== undefined)).toBe(true);
    } finally {
      stack.sim.controls.clearFaults();
    }
  });

  it('explains an empty range', async () => {
    const empty = await call(client, { start_date: '2025-01-01', end_date: '2025-01-07' });
    expect(empty.structuredContent).toEqual({
      data: [],
      summary: { total_workouts: 0, total_calories: 0, total_duration: 0, total_distance: 0, activities: [] },
    });
    expect(textOf(empty)).toContain('No workouts recorded for 1–7 Jan 2025');
  });

  it.each([
    [{ start_date: '2025-02-30' }, 'not a real calendar date'],
    [{ start_date: '26/10/2025' }, 'not a real calendar date'],
    [{ start_date: '2025-10-20', end_date: '2025-10-10' }, 'is after end_date'],
    [{ start_date: '2025-11-20' }, 'in the future'],
    [{ start_date: '2025-08-01', end_date: '2025-10-01' }, 'at most 31 days'],
    [{}, 'start_date'],
  ])('refuses %j with -32602 (%s)', async (args, message) => {
    const result = await call(client, args);
    expect(result.isError).toBe(true);
    expect(result._meta?.code).toBe(-32602);
    expect(textOf(result)).toContain(message);
  });
});

describe('get_workouts with the quirks on, in a zone where evening workouts fall on the next UTC date', () => {
  // Los Angeles (UTC-7 in October): a workout at 17:52 local starts at 00:52 UTC the next day, and the
  // simulated Oura (like the real one) filters workouts by that UTC date.
  const NOW = new Date('2025-10-26T17:30:00Z');
  let stack: Stack;
  let client: Client;
  beforeAll(async () => {
    stack = await startStack({ now: () => NOW, timezone: 'America/Los_Angeles', simulator: { quirks: true } });
    client = await stack.client();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('returns such a workout exactly once, on its local day, and on no other day', async () => {
    const crossing = stack.sim.dataset.byDate.workout.filter(
      (w) => w.day >= '2025-10-01' && new Date(w.start_datetime).toISOString().slice(0, 10) !== w.day,
    );
    expect(crossing.length).toBeGreaterThan(0);
    const workout = crossing[crossing.length - 1]!;
    for (const range of [
      { start_date: workout.day, end_date: workout.day },
      { start_date: addDays(workout.day, -2), end_date: workout.day },
      { start_date: workout.day, end_date: addDays(workout.day, 1) },
    ]) {
      const answer = (await call(client, range)).structuredContent as WorkoutsAnswer;
      expect(
        answer.data.filter((w) => w.id === workout.id),
        JSON.stringify(range),
      ).toHaveLength(1);
      expect(answer.data.every((w) => w.date >= range.start_date && w.date <= range.end_date)).toBe(true);
    }
    const nextDay = (await call(client, { start_date: addDays(workout.day, 1), end_date: addDays(workout.day, 1) }))
      .structuredContent as WorkoutsAnswer;
    expect(nextDay.data.some((w) => w.id === workout.id)).toBe(false);
    const row = (
      (await call(client, { start_date: workout.day, end_date: workout.day })).structuredContent as WorkoutsAnswer
    ).data[0]!;
    const heart = expectedHeartRate(stack.sim.dataset.byDatetime.heartrate, workout);
    expect(row).toMatchObject({ date: workout.day, average_heart_rate: heart!.average, max_heart_rate: heart!.max });
  });
});
