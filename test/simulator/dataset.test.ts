import { beforeAll, describe, expect, it } from 'vitest';
import type { HeartRateRow, SleepPeriod } from '../../src/oura/types.js';
import { generateDataset, type SimulatedDataset } from '../../src/simulator/index.js';
import { addDays, localDate, startOfLocalDay, toZonedIso } from '../../src/lib/time.js';
import { FIXED_NOW } from './helpers.js';

const BERLIN = { timezone: 'Europe/Berlin', today: '2025-03-15', historyDays: 120, seed: 42, now: FIXED_NOW };
let ds: SimulatedDataset;

beforeAll(() => {
  ds = generateDataset(BERLIN);
});

const count = (text: string, c: string) => [...text].filter((x) => x === c).length;
const ms = (iso: string) => Date.parse(iso);
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const localMinutes = (iso: string) => Number(iso.slice(11, 13)) * 60 + Number(iso.slice(14, 16));

describe('determinism', () => {
  it('the same seed and clock give identical data; another seed gives another person', () => {
    expect(generateDataset(BERLIN)).toEqual(ds);
    const other = generateDataset({ ...BERLIN, seed: 43 });
    expect(other.byDate.sleep[0]!.id).not.toBe(ds.byDate.sleep[0]!.id);
    expect(other.byDate.daily_activity.map((a) => a.steps)).not.toEqual(ds.byDate.daily_activity.map((a) => a.steps));
  });

  it('covers historyDays up to today', () => {
    expect(ds.firstDay).toBe('2024-11-16');
    expect(ds.byDate.daily_activity[0]!.day).toBe(ds.firstDay);
    expect(ds.byDate.daily_activity.at(-1)!.day).toBe('2025-03-15');
    expect(ds.byDate.daily_sleep).toHaveLength(120);
  });
});

describe('sleep periods', () => {
  it('durations add up as on Oura, and differ from the 5-minute phase string as on real nights', () => {
    let stagesDiffer = 0;
    let spanDiffers = 0;
    for (const p of ds.byDate.sleep) {
      const phases = p.sleep_phase_5_min!;
      expect(p.total_sleep_duration).toBe(p.deep_sleep_duration! + p.light_sleep_duration! + p.rem_sleep_duration!);
      expect(p.time_in_bed).toBe(p.total_sleep_duration! + p.awake_time!);
      expect(ms(p.bedtime_end!) - ms(p.bedtime_start)).toBe(p.time_in_bed * 1000);
      // Within a few minutes of the phase counts (30-second steps), never equal to them on every night.
      expect(Math.abs(count(phases, '1') * 300 - p.deep_sleep_duration!)).toBeLessThanOrEqual(300);
      expect(Math.abs(count(phases, '3') * 300 - p.rem_sleep_duration!)).toBeLessThanOrEqual(300);
      expect(Math.abs(phases.length * 300 - p.time_in_bed)).toBeLessThanOrEqual(290);
      if (count(phases, '1') * 300 !== p.deep_sleep_duration || count(phases, '3') * 300 !== p.rem_sleep_duration)
        stagesDiffer++;
      if (phases.length * 300 !== p.time_in_bed) spanDiffers++;
      expect(p.movement_30_sec).toHaveLength(phases.length * 10);
      expect(p.efficiency).toBe(Math.round((100 * p.total_sleep_duration!) / p.time_in_bed));
    }
    expect(stagesDiffer).toBeGreaterThan(ds.byDate.sleep.length / 2);
    expect(spanDiffers).toBeGreaterThan(ds.byDate.sleep.length / 2);
  });

  it("Oura's averages differ from the 5-minute items' mean, and the series have gaps", () => {
    let gaps = 0;
    for (const p of ds.byDate.sleep) {
      const hr = p.heart_rate!.items.filter((v): v is number => v !== null);
      const hrv = p.hrv!.items.filter((v): v is number => v !== null);
      expect(p.heart_rate!.interval).toBe(300);
      expect(p.heart_rate!.items).toHaveLength(p.sleep_phase_5_min!.length);
      expect(Math.abs(p.average_heart_rate! - mean(hr))).toBeGreaterThan(0.3);
      expect(Math.abs(p.average_heart_rate! - mean(hr))).toBeLessThan(1.7);
      expect((p.average_heart_rate! * 8) % 1).toBe(0);
      expect(Math.abs(p.average_hrv! - mean(hrv))).toBeLessThan(2.2);
      expect(p.lowest_heart_rate).toBe(Math.min(...hr));
      expect(p.heart_rate!.timestamp).toBe(p.bedtime_start);
      if (p.heart_rate!.items.slice(1, -1).includes(null)) gaps++;
    }
    expect(gaps).toBeGreaterThan(ds.byDate.sleep.length / 4);
  });

  it('one long sleep a night: bedtime 22:00–02:00 local, 6–9 h in bed, woke up on its day', () => {
    const mains = ds.byDate.sleep.filter((p) => p.type === 'long_sleep');
    expect(mains.map((p) => p.day)).toEqual(ds.byDate.daily_sleep.map((d) => d.day));
    for (const p of mains) {
      const bed = localMinutes(p.bedtime_start);
      expect(bed >= 22 * 60 || bed <= 2 * 60, p.bedtime_start).toBe(true);
      expect(p.time_in_bed).toBeGreaterThanOrEqual(6 * 3600);
      expect(p.time_in_bed).toBeLessThanOrEqual(9 * 3600);
      expect(p.bedtime_end!.slice(0, 10)).toBe(p.day);
      expect(p.readiness?.score).toBe(ds.byDate.daily_readiness.find((r) => r.day === p.day)!.score);
    }
  });

  it('naps on some days; a late nap ends after 18:00 and counts to the next day', () => {
    const naps = ds.byDate.sleep.filter((p) => p.type === 'sleep');
    expect(naps.length).toBeGreaterThan(5);
    for (const nap of naps) {
      expect(nap.time_in_bed).toBeGreaterThanOrEqual(20 * 60 - 290);
      expect(nap.time_in_bed).toBeLessThanOrEqual(90 * 60 + 290);
    }
    const lateNaps = ds.byDate.sleep.filter((p) => p.type === 'late_nap');
    expect(lateNaps.length).toBeGreaterThan(0);
    for (const nap of lateNaps) {
      expect(localMinutes(nap.bedtime_end!)).toBeGreaterThan(18 * 60);
      expect(nap.day).toBe(addDays(nap.bedtime_start.slice(0, 10), 1));
    }
  });

  it('the daily sleep score follows the main period only (a nap never changes it)', () => {
    const withNap = ds.byDate.sleep.find((p) => p.type === 'sleep')!;
    const main = ds.byDate.sleep.find((p) => p.type === 'long_sleep' && p.day === withNap.day)!;
    const daily = ds.byDate.daily_sleep.find((d) => d.day === withNap.day)!;
    const hours = main.total_sleep_duration! / 3600;
    expect(daily.contributors.total_sleep).toBe(
      Math.round(Math.min(100, Math.max(1, hours >= 8 ? 100 : 100 - (8 - hours) * 22))),
    );
  });
});

describe('readiness and the illness stretch', () => {
  it('has a few days where temperature and resting heart rate rise and readiness falls', () => {
    const readiness = ds.byDate.daily_readiness;
    const typical = [...readiness.map((r) => r.score!)].sort((a, b) => a - b)[60]!;
    // The fever days: consecutive, with readiness well below usual.
    const sick = readiness.filter((r) => r.temperature_deviation! > 0.6);
    expect(sick.length).toBeGreaterThanOrEqual(3);
    expect(sick.length).toBeLessThanOrEqual(5);
    expect(sick.map((r) => r.day)).toEqual(sick.map((_, i) => addDays(sick[0]!.day, i)));
    for (const r of sick) expect(r.score!).toBeLessThan(typical - 10);
    const lowest = (day: string) =>
      ds.byDate.sleep.find((p) => p.type === 'long_sleep' && p.day === day)!.lowest_heart_rate!;
    const usual = mean(readiness.filter((r) => r.temperature_deviation! < 0.2).map((r) => lowest(r.day)));
    expect(mean(sick.map((r) => lowest(r.day)))).toBeGreaterThan(usual + 3);
    expect(ds.byDate.rest_mode_period).toHaveLength(1);
    expect(ds.byDate.rest_mode_period[0]!.start_day).toBe(sick[0]!.day);
  });

  it('keeps every score and contributor in 1–100; a new ring has no HRV balance and no sleep regularity for two weeks', () => {
    const readiness = ds.byDate.daily_readiness;
    for (const r of readiness.slice(0, 14)) {
      expect(r.contributors.hrv_balance).toBeNull();
      expect('sleep_regularity' in r.contributors).toBe(false);
    }
    // Object.values of an interface is any[] to TypeScript; the contributors are numbers (or null) by type.
    const values = (contributors: object): unknown[] => Object.values(contributors);
    const scores = [
      ...readiness.flatMap((r) => [r.score, ...values(r.contributors).filter((value) => value !== null)]),
      ...ds.byDate.daily_sleep.flatMap((r) => [r.score, ...values(r.contributors)]),
      ...ds.byDate.daily_activity.flatMap((r) => [r.score, ...values(r.contributors)]),
    ];
    for (const s of scores) {
      expect(Number.isInteger(s)).toBe(true);
      expect(s).toBeGreaterThanOrEqual(1);
      expect(s).toBeLessThanOrEqual(100);
    }
  });
});

describe('activity and workouts', () => {
  it('full days: 1440 MET minutes, 288 classes, times summing to 24 h, 3k–16k steps', () => {
    for (const a of ds.byDate.daily_activity.slice(0, -1)) {
      expect(a.met.items).toHaveLength(1440);
      expect(a.met.interval).toBe(60);
      expect(a.class_5_min).toHaveLength(288);
      const classSeconds = (c: string) => count(a.class_5_min!, c) * 300;
      expect(a.high_activity_time).toBe(classSeconds('5'));
      expect(a.resting_time).toBe(classSeconds('1'));
      expect(a.non_wear_time).toBe(classSeconds('0'));
      expect(
        a.high_activity_time +
          a.medium_activity_time +
          a.low_activity_time +
          a.sedentary_time +
          a.resting_time +
          a.non_wear_time,
      ).toBe(86_400);
      expect(a.steps).toBeGreaterThanOrEqual(2500);
      expect(a.steps).toBeLessThanOrEqual(17_000);
      expect(a.timestamp).toMatch(/T04:00:00\+0[12]:00$/);
      expect(a.meters_to_target).toBe(Math.max(0, a.target_meters - a.equivalent_walking_distance));
    }
  });

  it("today's activity is partial: it stops at now", () => {
    const today = ds.byDate.daily_activity.at(-1)!;
    const minutesSince4 = (FIXED_NOW.getTime() - ms(today.timestamp)) / 60_000;
    expect(today.met.items.length).toBe(Math.ceil(minutesSince4 / 5) * 5);
    expect(today.class_5_min!.length).toBe(today.met.items.length / 5);
  });

  it('workouts: several a week, local offsets, distance only for distance sports, one after local midnight', () => {
    const workouts = ds.byDate.workout;
    expect(workouts.length).toBeGreaterThan(17 * 2);
    for (const w of workouts) {
      expect(w.start_datetime).toMatch(/\+0[12]:00$/);
      expect(w.start_datetime.slice(0, 10)).toBe(w.day);
      expect(['walking', 'running', 'cycling'].includes(w.activity)).toBe(w.distance !== null);
      expect(w.calories!).toBeGreaterThan(0);
    }
    const utcShifted = workouts.filter((w) => new Date(w.start_datetime).toISOString().slice(0, 10) !== w.day);
    expect(utcShifted.length).toBeGreaterThan(0);
    expect(new Set(workouts.map((w) => w.activity))).toEqual(
      new Set(['walking', 'running', 'cycling', 'strength_training', 'yoga', 'dancing']),
    );
  });
});

describe('heart rate', () => {
  let rows: HeartRateRow[];
  beforeAll(() => {
    rows = ds.byDatetime.heartrate;
  });

  it('is sorted, UTC, and stops at now', () => {
    const times = rows.map((r) => ms(r.timestamp));
    expect(times.findIndex((t, i) => i > 0 && t <= times[i - 1]!)).toBe(-1);
    expect(rows.every((r) => r.timestamp.endsWith('+00:00'))).toBe(true);
    expect(ms(rows.at(-1)!.timestamp)).toBeLessThanOrEqual(FIXED_NOW.getTime());
    expect(FIXED_NOW.getTime() - ms(rows.at(-1)!.timestamp)).toBeLessThan(10 * 60_000);
  });

  it('has source workout every 5–10 s inside workouts, and higher than at rest', () => {
    const w = ds.byDate.workout.find((x) => x.activity === 'running')!;
    const inside = rows.filter((r) => ms(r.timestamp) >= ms(w.start_datetime) && ms(r.timestamp) < ms(w.end_datetime));
    expect(inside.every((r) => r.source === 'workout')).toBe(true);
    for (let i = 1; i < inside.length; i++) {
      const gap = ms(inside[i]!.timestamp) - ms(inside[i - 1]!.timestamp);
      expect(gap).toBeGreaterThanOrEqual(5000);
      expect(gap).toBeLessThanOrEqual(10_000);
    }
    const sleepBpm = mean(rows.filter((r) => r.source === 'sleep').map((r) => r.bpm));
    expect(mean(inside.map((r) => r.bpm))).toBeGreaterThan(sleepBpm + 40);
    const spans = ds.byDate.workout.map((x) => [ms(x.start_datetime), ms(x.end_datetime)] as const);
    const outside = rows.filter((r) => {
      if (r.source !== 'workout') return false;
      const t = ms(r.timestamp);
      return !spans.some(([start, end]) => t >= start && t < end);
    });
    expect(outside).toEqual([]);
  });

  it('during a sleep period has source sleep with the period’s own samples', () => {
    const p: SleepPeriod = ds.byDate.sleep.filter((x) => x.type === 'long_sleep')[50]!;
    // The items cover the phase string, which may run a few minutes past the bedtime span.
    const itemsEnd = ms(p.bedtime_start) + p.heart_rate!.items.length * 300_000;
    const inside = rows.filter((r) => ms(r.timestamp) >= ms(p.bedtime_start) && ms(r.timestamp) < itemsEnd);
    expect(inside.every((r) => r.source === 'sleep')).toBe(true);
    expect(inside.map((r) => r.bpm)).toEqual(p.heart_rate!.items.filter((v) => v !== null));
  });

  it('one local day holds more than 200 rows (so it spans 2+ pages), with awake and rest samples', () => {
    const day = '2025-03-12';
    const from = startOfLocalDay(day, ds.timezone).getTime();
    const to = startOfLocalDay(addDays(day, 1), ds.timezone).getTime();
    const dayRows = rows.filter((r) => ms(r.timestamp) >= from && ms(r.timestamp) < to);
    expect(dayRows.length).toBeGreaterThan(200);
    expect(new Set(dayRows.map((r) => r.source))).toEqual(expect.objectContaining({ size: expect.any(Number) }));
    expect(dayRows.some((r) => r.source === 'awake')).toBe(true);
    expect(dayRows.some((r) => r.source === 'sleep')).toBe(true);
  });
});

describe('the other collections', () => {
  it('personal info in kg and metres; two rings, the newer gen4 current', () => {
    expect(ds.personalInfo.height).toBeGreaterThan(1.6);
    expect(ds.personalInfo.height).toBeLessThan(2);
    expect(ds.personalInfo.weight).toBeGreaterThan(60);
    expect(ds.ringConfigurations.map((r) => r.hardware_type)).toEqual(['gen3', 'gen4']);
    expect(ds.ringConfigurations[1]!.set_up_at).toMatch(/\+00:00$/);
  });

  it('battery drains, charges (in charger) and stays within 0–100', () => {
    const battery = ds.byDatetime.ring_battery_level;
    expect(battery.every((b) => b.level >= 0 && b.level <= 100)).toBe(true);
    expect(battery.filter((b) => b.charging).length).toBeGreaterThan(10);
    expect(battery.some((b) => b.in_charger && !b.charging && b.level === 100)).toBe(true);
    const gaps = battery.slice(1).map((b, i) => ms(b.timestamp) - ms(battery[i]!.timestamp));
    expect(new Set(gaps)).toEqual(new Set([30 * 60_000]));
  });

  it('tags: old-style on early days only; enhanced tags of every kind', () => {
    expect(ds.byDate.tag.length).toBeGreaterThan(0);
    expect(ds.byDate.tag.every((t) => t.day < addDays(ds.firstDay, 21))).toBe(true);
    const codes = new Set(ds.byDate.enhanced_tag.map((t) => t.tag_type_code));
    expect(codes).toEqual(expect.objectContaining({}));
    for (const code of ['tag_generic_caffeine', 'tag_generic_alcohol', 'custom', null])
      expect(codes.has(code), String(code)).toBe(true);
    expect(
      ds.byDate.enhanced_tag.filter((t) => t.tag_type_code === 'custom').every((t) => t.custom_name === 'Sauna'),
    ).toBe(true);
    expect(ds.byDate.enhanced_tag.filter((t) => t.tag_type_code === null).every((t) => t.comment !== null)).toBe(true);
  });

  it('daily summaries in Oura units: SpO2 %, stress seconds, cardiovascular age without id, VO2 max every few days', () => {
    for (const s of ds.byDate.daily_spo2) {
      expect(s.spo2_percentage!.average).toBeGreaterThanOrEqual(94);
      expect(s.spo2_percentage!.average).toBeLessThanOrEqual(100);
    }
    expect(ds.byDate.daily_stress.every((s) => s.stress_high! % 300 === 0)).toBe(true);
    expect(ds.byDate.daily_stress.at(-1)!.day).toBe(addDays(ds.today, -1));
    expect(ds.byDate.daily_cardiovascular_age.every((c) => !('id' in c))).toBe(true);
    const vo2Days = ds.byDate.vO2_max.map((v) => v.day);
    expect(vo2Days.length).toBeGreaterThan(15);
    expect(vo2Days.length).toBeLessThan(45);
    expect(ds.byDate.sleep_time.at(-1)!.optimal_bedtime!.day_tz).toBe(3600);
    expect(ds.byDate.session.length).toBeGreaterThan(10);
  });
});

describe('other zones and clocks', () => {
  it('America/New_York: local offsets and days follow that zone', () => {
    const ny = generateDataset({
      ...BERLIN,
      timezone: 'America/New_York',
      today: '2025-03-15',
      historyDays: 30,
      now: new Date('2025-03-15T20:00:00Z'),
    });
    for (const w of ny.byDate.workout) expect(w.start_datetime).toMatch(/-0[45]:00$/);
    for (const p of ny.byDate.sleep)
      expect(localDate(new Date(p.bedtime_end!), 'America/New_York') <= p.day).toBe(true);
    // DST began on 9 March 2025 in New York.
    expect(ny.byDate.daily_sleep.find((d) => d.day === '2025-03-08')!.timestamp).toBe('2025-03-08T00:00:00-05:00');
    expect(ny.byDate.daily_sleep.find((d) => d.day === '2025-03-10')!.timestamp).toBe('2025-03-10T00:00:00-04:00');
  });

  it('before the owner wakes up, last night is not there yet', () => {
    const early = generateDataset({ ...BERLIN, now: new Date('2025-03-15T02:00:00Z'), historyDays: 10 });
    expect(early.byDate.daily_sleep.at(-1)!.day).toBe('2025-03-14');
    expect(early.byDate.sleep.every((p) => ms(p.bedtime_end!) <= ms('2025-03-15T02:00:00Z'))).toBe(true);
    // …but its heart rate is already recorded while asleep.
    expect(early.byDatetime.heartrate.at(-1)!.source).toBe('sleep');
    expect(toZonedIso(new Date(ms(early.byDatetime.heartrate.at(-1)!.timestamp)), 'Europe/Berlin').slice(0, 10)).toBe(
      '2025-03-15',
    );
  });
});
