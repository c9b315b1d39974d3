/**
 * The simulator is as untidy as the real Oura API (issue #14, item 2): every quirk the issue lists,
 * each checked on the generated rows, and the heart-rate cursor on the real HTTP route. What the
 * sleep durations, averages and series gaps look like is in `dataset.test.ts` ("sleep periods").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeartRateRow } from '../../src/oura/types.js';
import {
  generateDataset,
  startSimulator,
  type RunningSimulator,
  type SimulatedDataset,
} from '../../src/simulator/index.js';
import { addDays, startOfLocalDay } from '../../src/lib/time.js';
import { FIXED_NOW, getJson, type Page } from './helpers.js';

const BERLIN = { timezone: 'Europe/Berlin', today: '2025-03-15', historyDays: 120, seed: 42, now: FIXED_NOW };
let ds: SimulatedDataset;
let sim: RunningSimulator;
let token: string;

beforeAll(async () => {
  ds = generateDataset(BERLIN);
  sim = await startSimulator({ now: () => FIXED_NOW, seed: 42 });
  token = sim.controls.issueTokens().access_token;
});
afterAll(async () => {
  await sim?.close();
});

const ms = (iso: string) => Date.parse(iso);
/** More significant digits than anyone would type: a float written out by a machine. */
const digitsOf = (value: number) => String(value).replace(/^-?0*|\.|e.*$/g, '').length;

describe('the simulated Oura cloud is as untidy as the real one', () => {
  it('sleep periods of type rest, late_nap and deleted, besides long_sleep and sleep', () => {
    const types = new Set(ds.byDate.sleep.map((p) => p.type));
    expect(types).toEqual(new Set(['long_sleep', 'sleep', 'late_nap', 'rest', 'deleted']));
  });

  it("stress days with day_summary null, besides Oura's three summaries", () => {
    const summaries = ds.byDate.daily_stress.map((s) => s.day_summary);
    expect(summaries.filter((s) => s === null).length).toBeGreaterThan(0);
    expect(new Set(summaries.filter((s) => s !== null))).toEqual(new Set(['stressful', 'normal', 'restored']));
  });

  it('readiness with missing contributors: hrv_balance null and no sleep_regularity key on a new ring', () => {
    const early = ds.byDate.daily_readiness[0]!;
    expect(early.contributors.hrv_balance).toBeNull();
    expect(Object.hasOwn(early.contributors, 'sleep_regularity')).toBe(false);
    const later = ds.byDate.daily_readiness.at(-1)!;
    expect(later.contributors.sleep_regularity).toEqual(expect.any(Number));
  });

  it('a ring configuration with design null', () => {
    expect(ds.ringConfigurations.map((ring) => ring.design)).toContain(null);
  });

  it('enhanced tags with a custom name, and comments emptied to "" as the app saves them', () => {
    const tags = ds.byDate.enhanced_tag;
    expect(tags.some((tag) => tag.tag_type_code === 'custom' && tag.custom_name === 'Sauna')).toBe(true);
    expect(tags.some((tag) => tag.comment === '')).toBe(true);
    expect(tags.some((tag) => tag.comment === null)).toBe(true);
  });

  it('workouts logged by hand have no heart-rate samples inside them', () => {
    const manual = ds.byDate.workout.filter((w) => w.source === 'manual');
    expect(manual.length).toBeGreaterThan(0);
    const readings = ds.byDatetime.heartrate.map((r) => ms(r.timestamp));
    for (const workout of manual) {
      const inside = readings.filter((t) => t >= ms(workout.start_datetime) && t < ms(workout.end_datetime));
      expect(inside, workout.id).toEqual([]);
    }
    const tracked = ds.byDate.workout.find((w) => w.source !== 'manual')!;
    expect(readings.some((t) => t >= ms(tracked.start_datetime) && t < ms(tracked.end_datetime))).toBe(true);
  });

  it('float artefacts: workout distances and pulse wave velocities with 15+ significant digits, SpO2 with three decimals', () => {
    const distances = ds.byDate.workout.flatMap((w) => (w.distance === null ? [] : [w.distance]));
    expect(distances.length).toBeGreaterThan(0);
    expect(distances.every((d) => digitsOf(d) >= 12)).toBe(true);
    const velocities = ds.byDate.daily_cardiovascular_age.map((c) => c.pulse_wave_velocity!);
    // A float32 written as a double, like Oura's 6.5778117179870605.
    expect(velocities.every((v) => Math.fround(v) === v && digitsOf(v) >= 15)).toBe(true);
    const spo2 = ds.byDate.daily_spo2.map((s) => s.spo2_percentage!.average);
    expect(spo2.some((v) => Math.round(v * 10) / 10 !== v)).toBe(true);
    expect(spo2.every((v) => Math.round(v * 1000) / 1000 === v)).toBe(true);
  });

  it('a DST change inside a range: the offsets of one New York month change on 9 March', () => {
    const ny = generateDataset({
      ...BERLIN,
      timezone: 'America/New_York',
      historyDays: 30,
      now: new Date('2025-03-15T20:00:00Z'),
    });
    const offsets = new Set(ny.byDate.sleep.map((p) => p.bedtime_start.slice(-6)));
    expect(offsets).toEqual(new Set(['-05:00', '-04:00']));
  });

  it("heart-rate next_tokens look like Oura's: opaque, '1:' and base64 (with + / =), to be URL-encoded", async () => {
    const day = addDays(sim.dataset.today, -3);
    const start = startOfLocalDay(day, sim.dataset.timezone).toISOString();
    const end = startOfLocalDay(addDays(day, 1), sim.dataset.timezone).toISOString();
    const first = await getJson(
      sim,
      `/v2/usercollection/heartrate?start_datetime=${encodeURIComponent(start)}&end_datetime=${encodeURIComponent(end)}`,
      token,
    );
    const next = (first.body as Page<HeartRateRow>).next_token!;
    expect(next).toMatch(/^1:[A-Za-z0-9+/]+={0,2}$/);
    // Nothing readable in it (no offset or date in clear text), as Oura's.
    expect(next).not.toMatch(/offset|\d{4}-\d{2}-\d{2}/);
  });
});
