/**
 * Day-level tools on the go_oura account's captured bodies (America/New_York, Dec 2023 – Jan 2024, and a
 * March 2023 session): every expected value is computed here from the raw rows.
 */
import { describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { useReplayStack } from '../helpers/replayStack.js';
import { callerFor, textOf, type ToolResult } from '../helpers/toolResults.js';
import { num, roundTo, rowWhere, rowsWhere, seriesNumbers, type RawRow } from './raw.js';

type Rows = { data: Array<Record<string, unknown>>; summary?: Record<string, unknown> };
const call = (client: Client, name: string, args: Record<string, unknown>): Promise<ToolResult<Rows>> =>
  callerFor<Rows>(name)(client, args);
const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);
const meanOf = (values: number[]): number => sum(values) / values.length;

describe('replaying the go_oura account (America/New_York)', () => {
  const stack = useReplayStack({ now: () => new Date('2024-01-22T15:00:00Z'), timezone: 'America/New_York' });

  it('get_personal_info: age, weight, height in cm and sex as captured (the email was redacted upstream)', async () => {
    const person = stack.oura.bodies.get('personal_info')![0]!.rows[0]!;
    const result = await call(stack.client, 'get_personal_info', {});
    expect(result.structuredContent).toMatchObject({
      age: num(person, 'age'),
      weight: num(person, 'weight'),
      height: roundTo(num(person, 'height') * 100, 1),
      biological_sex: person.biological_sex,
    });
  });

  it('get_readiness_score: score, temperature deviations and every contributor of 2024-01-01', async () => {
    const raw = rowWhere(stack.oura, 'daily_readiness', 'day', '2024-01-01');
    const result = await call(stack.client, 'get_readiness_score', {
      start_date: '2024-01-01',
      end_date: '2024-01-01',
    });
    const row = result.structuredContent!.data[0]!;
    expect(row).toMatchObject({
      date: '2024-01-01',
      score: num(raw, 'score'),
      temperature_deviation: num(raw, 'temperature_deviation'),
      temperature_trend_deviation: num(raw, 'temperature_trend_deviation'),
    });
    for (const [name, value] of Object.entries(raw.contributors as RawRow)) expect(row[name]).toBe(value);
  });

  it("get_activity_summary: steps, calories and activity times of 2024-01-01; MET average from Oura's 1.3125", async () => {
    const raw = rowWhere(stack.oura, 'daily_activity', 'day', '2024-01-01');
    const result = await call(stack.client, 'get_activity_summary', {
      start_date: '2024-01-01',
      end_date: '2024-01-01',
    });
    const row = result.structuredContent!.data[0]!;
    for (const field of [
      'score',
      'steps',
      'active_calories',
      'total_calories',
      'equivalent_walking_distance',
      'high_activity_time',
      'medium_activity_time',
      'low_activity_time',
      'sedentary_time',
      'resting_time',
    ]) {
      expect(row[field]).toBe(num(raw, field));
    }
    expect(row.average_met).toBe(roundTo(num(raw, 'average_met_minutes'), 2));
    expect(textOf(result)).toContain(`${num(raw, 'steps').toLocaleString('en-US')} steps`);
  });

  it('get_spo2: the range average is the mean of the unrounded nightly averages, rounded once', async () => {
    const nights = [
      rowWhere(stack.oura, 'daily_spo2', 'day', '2024-01-09'),
      rowWhere(stack.oura, 'daily_spo2', 'day', '2024-01-10'),
    ];
    const averages = nights.map((night) => num(night, 'spo2_percentage.average'));
    const result = await call(stack.client, 'get_spo2', { start_date: '2024-01-09', end_date: '2024-01-10' });
    const expected = roundTo(meanOf(averages), 1);
    // 98.781 and 98.688: rounded first they would give 98.8.
    expect(roundTo(meanOf(averages.map((value) => roundTo(value, 1))), 1)).not.toBe(expected);
    expect(result.structuredContent!.summary).toMatchObject({
      average_spo2_percentage: expected,
      lowest_spo2_percentage: roundTo(Math.min(...averages), 1),
      total_days: 2,
    });
    expect(textOf(result)).toContain(`average ${expected}% over 2 nights`);
  });

  it('get_spo2 for one night states that night\'s average, not an average over "1 nights"', async () => {
    const night = rowWhere(stack.oura, 'daily_spo2', 'day', '2024-01-10');
    const result = await call(stack.client, 'get_spo2', { start_date: '2024-01-10', end_date: '2024-01-10' });
    const value = roundTo(num(night, 'spo2_percentage.average'), 1);
    expect(result.structuredContent!.data).toEqual([
      { date: '2024-01-10', average_spo2_percentage: value, breathing_disturbance_index: null },
    ]);
    expect(textOf(result)).toContain(`SpO2 10 Jan 2024: ${value}% on average during the night.`);
    expect(textOf(result)).not.toMatch(/1 nights|lowest night/);
  });

  it('get_stress_and_resilience: seconds per day as captured, null day_summary kept, averages over the days', async () => {
    const days = ['2024-01-09', '2024-01-10', '2024-01-11'].map((day) =>
      rowWhere(stack.oura, 'daily_stress', 'day', day),
    );
    const result = await call(stack.client, 'get_stress_and_resilience', {
      start_date: '2024-01-09',
      end_date: '2024-01-11',
    });
    const rows = result.structuredContent!.data;
    expect(rows.map((row) => [row.date, row.stress_high, row.recovery_high, row.day_summary])).toEqual(
      days.map((day) => [day.day, day.stress_high, day.recovery_high, day.day_summary]),
    );
    expect(result.structuredContent!.summary).toMatchObject({
      total_days: 3,
      average_stress_high: meanOf(days.map((day) => num(day, 'stress_high'))),
      average_recovery_high: meanOf(days.map((day) => num(day, 'recovery_high'))),
      normal_days: days.filter((day) => day.day_summary === 'normal').length,
    });
  });

  it('get_workouts: a 46.9 m house-work workout reads as metres in the text, not "0.0 km"', async () => {
    const raw = rowWhere(stack.oura, 'workout', 'day', '2024-01-06');
    const result = await call(stack.client, 'get_workouts', { start_date: '2024-01-06', end_date: '2024-01-06' });
    const row = result.structuredContent!.data[0]!;
    expect(row).toMatchObject({
      activity: raw.activity,
      calories: roundTo(num(raw, 'calories'), 1),
      distance: roundTo(num(raw, 'distance'), 1),
      label: null,
      source: raw.source,
    });
    expect(row.duration).toBe((Date.parse(String(raw.end_datetime)) - Date.parse(String(raw.start_datetime))) / 1000);
    const text = textOf(result);
    expect(text).toContain(`${Math.round(num(raw, 'distance'))} m`);
    expect(text).not.toMatch(/0\.0 km/);
  });

  it('get_tags: both captured tags with their codes, the open one without an end', async () => {
    const raw = [
      ...rowsWhere(stack.oura, 'enhanced_tag', 'start_day', '2023-12-04'),
      ...rowsWhere(stack.oura, 'enhanced_tag', 'start_day', '2023-12-21'),
    ];
    const result = await call(stack.client, 'get_tags', { start_date: '2023-12-01', end_date: '2023-12-25' });
    const rows = result.structuredContent!.data;
    expect(rows.map((row) => [row.id, row.timestamp, row.end_timestamp, row.tags])).toEqual(
      raw.map((tag) => [tag.id, tag.start_time, tag.end_time, [tag.tag_type_code]]),
    );
  });

  it("get_sessions: duration from the session's own times, heart rate and HRV from the non-null items", async () => {
    const raw = rowWhere(stack.oura, 'session', 'day', '2023-03-13');
    const result = await call(stack.client, 'get_sessions', { start_date: '2023-03-13', end_date: '2023-03-13' });
    const heart = seriesNumbers(raw, 'heart_rate');
    const hrv = seriesNumbers(raw, 'heart_rate_variability');
    expect(result.structuredContent!.data[0]).toMatchObject({
      type: raw.type,
      mood: raw.mood,
      duration: (Date.parse(String(raw.end_datetime)) - Date.parse(String(raw.start_datetime))) / 1000,
      average_heart_rate: roundTo(meanOf(heart), 1),
      lowest_heart_rate: Math.min(...heart),
      average_hrv: roundTo(meanOf(hrv), 1),
    });
  });

  it('get_bedtime_guidance: no optimal window yet, recommendation and status verbatim', async () => {
    const raw = rowWhere(stack.oura, 'sleep_time', 'day', '2024-01-12');
    const result = await call(stack.client, 'get_bedtime_guidance', {
      start_date: '2024-01-12',
      end_date: '2024-01-12',
    });
    expect(result.structuredContent!.data[0]).toMatchObject({
      date: raw.day,
      optimal_bedtime: null,
      recommendation: raw.recommendation,
      status: raw.status,
    });
    expect(textOf(result)).not.toMatch(/\d{2}:\d{2}/);
  });

  it('get_heart_rate follows Oura\'s real next_token (an opaque "1:<base64>" cursor) and summarises the readings', async () => {
    const page = stack.oura.bodies.get('heartrate')!.find((body) => body.nextToken !== null)!;
    const bpm = page.rows.map((row) => num(row, 'bpm'));
    const before = stack.oura.requests.length;
    const result = await callerFor<{
      data: Array<{ bpm: number; timestamp: string }>;
      summary: Record<string, unknown>;
    }>('get_heart_rate')(stack.client, {
      start_datetime: '2024-01-09T00:00:00-05:00',
      end_datetime: '2024-01-10T00:00:00-05:00',
      resolution: 'raw',
    });
    expect(result.structuredContent!.data.map((row) => row.bpm)).toEqual(bpm);
    expect(result.structuredContent!.summary).toMatchObject({
      min_bpm: Math.min(...bpm),
      max_bpm: Math.max(...bpm),
      total_readings: bpm.length,
    });
    const followed = stack.oura.requests
      .slice(before)
      .filter((request) => request.collection === 'heartrate' && request.query.next_token !== undefined);
    expect(followed.map((request) => request.query.next_token)).toEqual([page.nextToken]);
  });

  it("get_latest_ring_status: no ring configuration captured; last sync is the newest heart-rate reading before now, in the owner's time", async () => {
    const result = await callerFor<Record<string, unknown>>('get_latest_ring_status')(stack.client, {});
    // The newest captured reading before 2024-01-22 is 2024-01-10T01:46:00+00:00 = 2024-01-09 20:46 in New York.
    const newest = rowWhere(stack.oura, 'heartrate', 'timestamp', '2024-01-10T01:46:00+00:00');
    expect(Date.parse(String(result.structuredContent!.last_sync))).toBe(Date.parse(String(newest.timestamp)));
    expect(result.structuredContent).toMatchObject({
      total_rings: 0,
      ring_id: null,
      last_sync: '2024-01-09T20:46:00-05:00',
    });
    // The text does not say "the ring may not have been set up" next to data from that ring.
    const text = textOf(result);
    expect(text).toContain('Last data from the ring: 9 Jan 2024 20:46');
    expect(text).not.toMatch(/not have been set up/);
  });

  it('get_health_insights never claims values "stayed near your usual levels" when nothing was compared', async () => {
    const result = await callerFor<{
      insights: Array<{ finding: string }>;
      averages: { period: Record<string, number | null>; baseline: Record<string, number | null> };
    }>('get_health_insights')(stack.client, {});
    const { period, baseline } = result.structuredContent!.averages;
    // The capture has no resting heart rate or HRV before the period and no temperature in it.
    expect(baseline.resting_heart_rate).toBeNull();
    expect(period.temperature_deviation).toBeNull();
    expect(textOf(result)).not.toMatch(/usual levels/);
    expect(textOf(result)).not.toMatch(/\b(sleep|activity|readiness) (stable|improving|declining)\b/);
  });

  it('tools whose collections have no real capture answer with no data and invent nothing', async () => {
    const cardio = await callerFor<{ cardiovascular_age: unknown[]; vo2_max: unknown[] }>('get_cardio_fitness')(
      stack.client,
      {},
    );
    expect(cardio.structuredContent).toMatchObject({ cardiovascular_age: [], vo2_max: [] });
    const rest = await call(stack.client, 'get_rest_mode_periods', {});
    expect(rest.structuredContent).toMatchObject({ data: [], summary: { total_periods: 0 } });
    const asked = new Set(stack.oura.requests.map((request) => request.collection));
    for (const collection of ['daily_cardiovascular_age', 'vO2_max', 'rest_mode_period'])
      expect(asked).toContain(collection);
  });

  it('connect_oura reports the connection made through the real OAuth routes', async () => {
    const result = await callerFor<{ connected: boolean }>('connect_oura')(stack.client, {});
    expect(result.structuredContent!.connected).toBe(true);
  });
});
