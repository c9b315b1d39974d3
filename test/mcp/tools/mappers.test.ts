/**
 * The mappers of cardio_fitness, spo2, stress_and_resilience, personal_info and workouts, on Oura rows written
 * here; every expected value is worked out by hand in the comments.
 */
import { describe, expect, it } from 'vitest';
import {
  cardioFitnessOutputSchema,
  latestAndChange,
  toCardioFitness,
} from '../../../src/mcp/tools/mappers/cardioFitness.js';
import {
  heightInCm,
  mapBiologicalSex,
  personalInfoOutputSchema,
  toPersonalInfo,
} from '../../../src/mcp/tools/mappers/personalInfo.js';
import { spo2OutputSchema, summariseSpo2, toSpo2Rows } from '../../../src/mcp/tools/mappers/spo2.js';
import {
  joinStressAndResilience,
  stressOutputSchema,
  summariseStress,
} from '../../../src/mcp/tools/mappers/stressAndResilience.js';
import {
  datedWorkouts,
  summariseWorkouts,
  toWorkoutRow,
  workoutsOutputSchema,
} from '../../../src/mcp/tools/mappers/workouts.js';
import type {
  DailyCardiovascularAge,
  DailyResilience,
  DailySpo2,
  DailyStress,
  PersonalInfo,
  Vo2Max,
  Workout,
} from '../../../src/oura/types.js';

describe('cardio fitness mapper', () => {
  const ages: DailyCardiovascularAge[] = [
    { day: '2025-10-22', vascular_age: 41, pulse_wave_velocity: 7.456 },
    { day: '2025-10-20', vascular_age: 43, pulse_wave_velocity: 7.8 },
    { day: '2025-10-21', vascular_age: null, pulse_wave_velocity: null },
  ];
  const vo2 = [
    { id: 'b', day: '2025-10-24', timestamp: '2025-10-24T08:00:00+02:00', vo2_max: 42.06 },
    { id: 'a', day: '2025-10-19', timestamp: '2025-10-19T08:00:00+02:00', vo2_max: 40.44 },
    { id: 'c', day: '2025-10-25', timestamp: '2025-10-25T08:00:00+02:00', vo2_max: null },
  ] as unknown as Vo2Max[];

  it('sorts both series, rounds once, and reports the latest value; two values cannot tell a change from noise', () => {
    const out = toCardioFitness(ages, vo2);
    expect(out.cardiovascular_age).toEqual([
      { date: '2025-10-20', vascular_age: 43, pulse_wave_velocity: 7.8 },
      { date: '2025-10-21', vascular_age: null, pulse_wave_velocity: null },
      { date: '2025-10-22', vascular_age: 41, pulse_wave_velocity: 7.46 },
    ]);
    // The row without vo2_max is dropped; 42.06 → 42.1, 40.44 → 40.4.
    expect(out.vo2_max).toEqual([
      { date: '2025-10-19', timestamp: '2025-10-19T08:00:00+02:00', vo2_max: 40.4 },
      { date: '2025-10-24', timestamp: '2025-10-24T08:00:00+02:00', vo2_max: 42.1 },
    ]);
    expect(out.summary).toEqual({
      latest_vascular_age: { date: '2025-10-22', value: 41 },
      vascular_age_change: null, // 2 values: fewer than the 4 the noise rule needs
      latest_pulse_wave_velocity: { date: '2025-10-22', value: 7.46 },
      pulse_wave_velocity_change: null,
      latest_vo2_max: { date: '2025-10-24', value: 42.1 },
      vo2_max_change: null,
    });
    expect(() => cardioFitnessOutputSchema.parse(out)).not.toThrow();
  });

  it('reports a change only beyond the day-to-day swings (first-week mean vs last-week mean)', () => {
    const dated = (values: number[]) =>
      values.map((value, i) => ({ date: `2025-10-${String(i + 1).padStart(2, '0')}`, value }));
    // Swinging 40–42: last − first would say +2, but the first week averages 287/7 = 41.0, the last
    // 288/7 = 41.14, and +0.14 is well inside the day-to-day spread (≈ 0.8) → steady.
    const noisy = [40, 42, 41, 40, 41, 42, 41, 41, 40, 42, 41, 42, 40, 42];
    expect(latestAndChange(dated(noisy), 1).change).toBeNull();
    // 8 values, windows of 4: 40.25 → 43.25 = +3.0; spread sqrt((4 × 0.0625 × 2) / 6) = 0.29 < 3 → a change.
    expect(latestAndChange(dated([40, 40.5, 40, 40.5, 43, 43.5, 43, 43.5]), 1).change).toBe(3);
    // Rounded once from the unrounded means: 40.125 → 42.1625 = +2.0375 → 2.04.
    expect(latestAndChange(dated([40.1, 40.15, 40.1, 40.15, 42.15, 42.175, 42.15, 42.175]), 2).change).toBe(2.04);
  });

  it('has no change with a single value and nothing at all without values', () => {
    expect(latestAndChange([{ date: '2025-10-20', value: 40 }], 1)).toEqual({
      latest: { date: '2025-10-20', value: 40 },
      change: null,
    });
    expect(toCardioFitness([], []).summary).toEqual({
      latest_vascular_age: null,
      vascular_age_change: null,
      latest_pulse_wave_velocity: null,
      pulse_wave_velocity_change: null,
      latest_vo2_max: null,
      vo2_max_change: null,
    });
  });
});

describe('spo2 mapper', () => {
  const rows: DailySpo2[] = [
    { id: '2', day: '2025-10-21', spo2_percentage: { average: 95.44 }, breathing_disturbance_index: null },
    { id: '1', day: '2025-10-20', spo2_percentage: { average: 97.26 }, breathing_disturbance_index: 3.14 },
    { id: '3', day: '2025-10-22', spo2_percentage: null, breathing_disturbance_index: 6 },
  ];

  it('flattens the nested average, rounds to 0.1 and sorts by date', () => {
    expect(toSpo2Rows(rows)).toEqual([
      { date: '2025-10-20', average_spo2_percentage: 97.3, breathing_disturbance_index: 3.1 },
      { date: '2025-10-21', average_spo2_percentage: 95.4, breathing_disturbance_index: null },
      { date: '2025-10-22', average_spo2_percentage: null, breathing_disturbance_index: 6 },
    ]);
  });

  it('summarises the nights that have values', () => {
    const data = toSpo2Rows(rows);
    const summary = summariseSpo2(rows);
    expect(summary).toEqual({
      average_spo2_percentage: 96.4, // from Oura's unrounded values: (97.26 + 95.44) / 2 = 96.35 → 96.4
      lowest_spo2_percentage: 95.4,
      average_breathing_disturbance_index: 4.6, // (3.14 + 6) / 2 = 4.57 → 4.6
      total_days: 3,
    });
    expect(() => spo2OutputSchema.parse({ data, summary })).not.toThrow();
  });
});

describe('stress and resilience mapper', () => {
  const stress: DailyStress[] = [
    { id: 's2', day: '2025-10-21', stress_high: 3600, recovery_high: 1800, day_summary: 'stressful' },
    { id: 's1', day: '2025-10-20', stress_high: 900, recovery_high: 5400, day_summary: 'restored' },
    { id: 's3', day: '2025-10-22', stress_high: null, recovery_high: 601, day_summary: 'normal' },
  ];
  const resilience = [
    {
      id: 'r1',
      day: '2025-10-20',
      level: 'solid',
      contributors: { sleep_recovery: 70, daytime_recovery: 55.5, stress: 40 },
    },
    { id: 'r4', day: '2025-10-23', level: 'unheard_of', contributors: null },
    { id: 'r2', day: '2025-10-21', level: 'strong', contributors: { sleep_recovery: 80 } },
  ] as unknown as DailyResilience[];

  it('joins by day, keeps nulls for the side a day lacks, and drops unknown levels', () => {
    expect(joinStressAndResilience(stress, resilience)).toEqual([
      {
        date: '2025-10-20',
        stress_high: 900,
        recovery_high: 5400,
        day_summary: 'restored',
        resilience_level: 'solid',
        resilience_contributors: { sleep_recovery: 70, daytime_recovery: 55.5, stress: 40 },
      },
      {
        date: '2025-10-21',
        stress_high: 3600,
        recovery_high: 1800,
        day_summary: 'stressful',
        resilience_level: 'strong',
        resilience_contributors: { sleep_recovery: 80, daytime_recovery: null, stress: null },
      },
      {
        date: '2025-10-22',
        stress_high: null,
        recovery_high: 601,
        day_summary: 'normal',
        resilience_level: null,
        resilience_contributors: null,
      },
      {
        date: '2025-10-23',
        stress_high: null,
        recovery_high: null,
        day_summary: null,
        resilience_level: null,
        resilience_contributors: null,
      },
    ]);
  });

  it('counts days per summary and averages the seconds (rounded to whole seconds)', () => {
    const data = joinStressAndResilience(stress, resilience);
    const summary = summariseStress(data);
    expect(summary).toEqual({
      total_days: 4,
      stressful_days: 1,
      normal_days: 1,
      restored_days: 1,
      average_stress_high: 2250, // (900 + 3600) / 2
      average_recovery_high: 2600, // (5400 + 1800 + 601) / 3 = 2600.33 → 2600
      latest_resilience_level: 'strong', // 2025-10-21; the 23rd's level was unknown
    });
    expect(() => stressOutputSchema.parse({ data, summary })).not.toThrow();
  });
});

describe('personal info mapper', () => {
  const info = (overrides: Partial<PersonalInfo>): PersonalInfo => ({
    id: 'p',
    age: 38,
    weight: 72.46,
    height: 1.784,
    biological_sex: 'Female',
    email: 'owner@example.com',
    ...overrides,
  });

  it('turns metres into centimetres and rounds weight to 0.1 kg', () => {
    const out = toPersonalInfo(info({}));
    expect(out).toEqual({ age: 38, weight: 72.5, height: 178.4, biological_sex: 'female', email: 'owner@example.com' });
    expect(() => personalInfoOutputSchema.parse(out)).not.toThrow();
  });

  it('makes missing, blank and impossible values null', () => {
    expect(toPersonalInfo(info({ age: null, weight: 0, height: null, biological_sex: '  ', email: ' ' }))).toEqual({
      age: null,
      weight: null,
      height: null,
      biological_sex: null,
      email: null,
    });
  });

  it.each([
    [1.78, 178],
    [178, 178], // already centimetres: nobody is 3 m tall
    [-1, null],
    [Number.NaN, null],
  ])('height %s → %s cm', (value, expected) => {
    expect(heightInCm(value)).toBe(expected);
  });

  it.each([
    ['M', 'male'],
    [' female ', 'female'],
    ['nonbinary', 'other'],
    [undefined, null],
  ])('biological sex %s → %s', (value, expected) => {
    expect(mapBiologicalSex(value)).toBe(expected);
  });
});

describe('workouts mapper', () => {
  const run = {
    id: 'w1',
    day: '2025-10-21',
    activity: 'running',
    intensity: 'hard',
    calories: 412.36,
    distance: 5012.44,
    start_datetime: '2025-10-21T07:00:00+02:00',
    end_datetime: '2025-10-21T07:41:30+02:00',
    label: null,
    source: 'autodetected',
  } as Workout;
  const walk = {
    day: '2025-10-20',
    activity: '',
    intensity: 'brisk',
    calories: null,
    distance: null,
    start_datetime: '2025-10-20T18:00:00+02:00',
    end_datetime: '2025-10-20T18:30:00+02:00',
    label: 'dog',
    source: 'manual',
  } as unknown as Workout;
  const broken: Workout = { ...run, id: 'w3', start_datetime: 'not a time' };

  it('keeps the workouts that can be placed in time, in start order', () => {
    expect(datedWorkouts([run, broken, walk]).map((w) => [w.workout.day, w.startMs, w.endMs])).toEqual([
      ['2025-10-20', Date.parse('2025-10-20T16:00:00Z'), Date.parse('2025-10-20T16:30:00Z')],
      ['2025-10-21', Date.parse('2025-10-21T05:00:00Z'), Date.parse('2025-10-21T05:41:30Z')],
    ]);
  });

  it('checks every field, adds the heart rate of the window, and totals the range', () => {
    const [w0, w1] = datedWorkouts([run, walk]);
    const data = [
      toWorkoutRow(w0!.workout, w0!.startMs, w0!.endMs, null),
      toWorkoutRow(w1!.workout, w1!.startMs, w1!.endMs, { average: 151, max: 178, readings: 9 }),
    ];
    expect(data).toEqual([
      // No id → its start time; '' activity → unknown; an intensity Oura does not define → null; no distance → absent.
      {
        id: '2025-10-20T18:00:00+02:00',
        date: '2025-10-20',
        activity: 'unknown',
        intensity: null,
        start_datetime: '2025-10-20T18:00:00+02:00',
        end_datetime: '2025-10-20T18:30:00+02:00',
        duration: 1800,
        calories: null,
        label: 'dog',
        source: 'manual',
      },
      {
        id: 'w1',
        date: '2025-10-21',
        activity: 'running',
        intensity: 'hard',
        start_datetime: '2025-10-21T07:00:00+02:00',
        end_datetime: '2025-10-21T07:41:30+02:00',
        duration: 2490,
        calories: 412.4,
        distance: 5012.4,
        average_heart_rate: 151,
        max_heart_rate: 178,
        heart_rate_readings: 9,
        label: null,
        source: 'autodetected',
      },
    ]);
    const summary = summariseWorkouts(data, [run, walk]);
    // 1800 + 2490 s; calories 0 + 412.4; distance 0 + 5012.4
    expect(summary).toEqual({
      total_workouts: 2,
      total_calories: 412.4,
      total_duration: 4290,
      total_distance: 5012.4,
      activities: ['running', 'unknown'],
    });
    expect(() => workoutsOutputSchema.parse({ data, summary })).not.toThrow();
  });
});
