/**
 * The synthetic person's life, day by day: physiology (resting heart rate, HRV, temperature), when they
 * slept, napped, trained, meditated and charged the ring. Every collection is generated from this one
 * plan, which is what keeps them coherent (heart rate follows sleep and workouts, activity has rest
 * minutes while asleep, readiness falls during the illness, …).
 */
import type { IsoDate, SessionType, WorkoutIntensity, WorkoutSource } from '../../oura/types.js';
import { addDays, daysBetween } from '../../lib/time.js';
import { createRandom, round, type Random } from '../random.js';
import { MINUTE_MS } from '../../lib/time.js';
import { localTime, type Span } from './clock.js';

/** Physiology of one night (the night ending on the plan's day). */
export interface Physiology {
  restingHr: number;
  /** ms */
  hrv: number;
  /** °C from the person's baseline. */
  temperatureDeviation: number;
  /** breaths per minute */
  breath: number;
  /** 0 (healthy) … 1 (worst day of the illness). */
  illness: number;
}

export type PlannedSleepKind = 'long_sleep' | 'sleep' | 'late_nap' | 'rest';

export interface PlannedSleep extends Span {
  kind: PlannedSleepKind;
  /** Oura's `day`: the wake-up day; a late nap counts to the next day. */
  day: IsoDate;
  /** Length in 5-minute slots (time in bed = slots × 300 s). */
  slots: number;
}

export interface WorkoutKind {
  activity: string;
  /** MET while doing it (min, max). */
  met: [number, number];
  /** Steps per minute. */
  stepsPerMinute: [number, number];
  /** km/h for distance sports, null for the others (Oura sends `distance: null`). */
  speedKmh: number | null;
  durationMinutes: [number, number];
  intensities: readonly WorkoutIntensity[];
  sources: readonly WorkoutSource[];
}

export const WORKOUT_KINDS: readonly WorkoutKind[] = [
  {
    activity: 'walking',
    met: [3.3, 4.3],
    stepsPerMinute: [100, 118],
    speedKmh: 5.2,
    durationMinutes: [30, 55],
    intensities: ['easy', 'moderate'],
    sources: ['autodetected', 'confirmed'],
  },
  {
    activity: 'walking',
    met: [3.3, 4.3],
    stepsPerMinute: [100, 118],
    speedKmh: 5.2,
    durationMinutes: [30, 55],
    intensities: ['easy', 'moderate'],
    sources: ['autodetected', 'confirmed'],
  },
  {
    activity: 'running',
    met: [8, 11],
    stepsPerMinute: [150, 170],
    speedKmh: 10.5,
    durationMinutes: [25, 50],
    intensities: ['moderate', 'hard'],
    sources: ['confirmed', 'workout_heart_rate'],
  },
  {
    activity: 'running',
    met: [8, 11],
    stepsPerMinute: [150, 170],
    speedKmh: 10.5,
    durationMinutes: [25, 50],
    intensities: ['moderate', 'hard'],
    sources: ['confirmed', 'workout_heart_rate'],
  },
  {
    activity: 'cycling',
    met: [6, 8.5],
    stepsPerMinute: [0, 6],
    speedKmh: 22,
    durationMinutes: [40, 90],
    intensities: ['moderate', 'hard'],
    sources: ['autodetected', 'manual'],
  },
  {
    activity: 'strength_training',
    met: [4.5, 6],
    stepsPerMinute: [8, 20],
    speedKmh: null,
    durationMinutes: [35, 60],
    intensities: ['moderate', 'hard'],
    sources: ['manual'],
  },
  {
    activity: 'yoga',
    met: [2.5, 3.2],
    stepsPerMinute: [2, 8],
    speedKmh: null,
    durationMinutes: [30, 60],
    intensities: ['easy'],
    sources: ['manual'],
  },
];

/** Late-night dancing: starts after midnight, so its UTC date is the day before in Europe/Berlin. */
export const DANCING: WorkoutKind = {
  activity: 'dancing',
  met: [4.5, 6],
  stepsPerMinute: [90, 120],
  speedKmh: null,
  durationMinutes: [30, 45],
  intensities: ['moderate'],
  sources: ['confirmed'],
};

export interface PlannedWorkout extends Span {
  kind: WorkoutKind;
  intensity: WorkoutIntensity;
  source: WorkoutSource;
  label: string | null;
  /** Local day of the start (Oura's `day`). */
  day: IsoDate;
}

export interface PlannedSession extends Span {
  type: SessionType;
  day: IsoDate;
}

export interface DayPlan {
  day: IsoDate;
  /** Days since the first day of history. */
  index: number;
  /** The night ending this morning. */
  physiology: Physiology;
  /** The night's long sleep (wakes up on `day`). */
  main: PlannedSleep;
  /** Naps, rest periods and late naps during this local day. */
  naps: PlannedSleep[];
  /** Workouts starting on this local day (the late-night one first). */
  workouts: PlannedWorkout[];
  session: PlannedSession | null;
  /** The ring sits in its charger (no heart rate, non-wear activity). */
  charge: Span | null;
  /** Wine in the evening of this day: the next night is worse. */
  alcoholEvening: boolean;
  /** Coffee in the morning (an enhanced tag). */
  caffeineMorning: boolean;
  /** How much the person moves outside workouts (0.6 ill … 1.15 busy). */
  activeness: number;
}

export interface Plan {
  seed: number;
  timezone: string;
  firstDay: IsoDate;
  today: IsoDate;
  nowMs: number;
  /** First day of the illness stretch (resting HR and temperature up, readiness down). */
  illnessStart: IsoDate;
  days: DayPlan[];
}

/** Illness severity by day offset from its start: a warm-up night, three bad days, recovery. */
const ILLNESS_CURVE: Record<number, number> = { [-1]: 0.25, 0: 0.8, 1: 1, 2: 0.85, 3: 0.45, 4: 0.15 };

function illnessOn(day: IsoDate, illnessStart: IsoDate): number {
  return ILLNESS_CURVE[daysBetween(illnessStart, day)] ?? 0;
}

function physiologyFor(rng: Random, index: number, illness: number, alcoholBefore: boolean): Physiology {
  // A slow fitness gain over the history: resting HR drifts down by ~1.5 bpm.
  const fitness = Math.min(1.5, index / 80);
  return {
    restingHr: round(50 + rng.normal(0, 1.2) + 7 * illness + (alcoholBefore ? 3 : 0) - fitness, 1),
    hrv: round(Math.max(15, 52 + rng.normal(0, 5) - 20 * illness - (alcoholBefore ? 9 : 0)), 1),
    temperatureDeviation: round(rng.normal(0, 0.1) + 0.9 * illness + (alcoholBefore ? 0.15 : 0), 2),
    breath: round(14.2 + rng.normal(0, 0.3) + 1.5 * illness, 1),
    illness,
  };
}

function span(day: IsoDate, startMinute: number, minutes: number, timeZone: string): Span {
  const start = localTime(day, startMinute, timeZone).getTime();
  return { start, end: start + minutes * MINUTE_MS };
}

function planWorkout(
  rng: Random,
  kind: WorkoutKind,
  day: IsoDate,
  startMinute: number,
  maxMinutes: number,
  timeZone: string,
): PlannedWorkout {
  const minutes = Math.min(maxMinutes, rng.int(kind.durationMinutes[0], kind.durationMinutes[1]));
  const label = rng.chance(0.15) ? `${kind.activity === 'running' ? 'Evening run' : 'Session'} ${rng.int(1, 9)}` : null;
  return {
    ...span(day, startMinute, minutes, timeZone),
    kind,
    intensity: rng.pick(kind.intensities),
    source: rng.pick(kind.sources),
    label,
    day,
  };
}

function planDay(
  seed: number,
  timeZone: string,
  day: IsoDate,
  index: number,
  today: IsoDate,
  illnessStart: IsoDate,
  alcoholBefore: boolean,
): DayPlan {
  const rng = createRandom(seed, `plan:${day}`);
  const illness = illnessOn(day, illnessStart);
  const sick = illness >= 0.4;
  const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
  const weekendMorning = weekday === 0 || weekday === 6;
  const chargeDay = index % 5 === seed % 5;
  const workouts: PlannedWorkout[] = [];

  // The night ending this morning. Sometimes it starts with a late-night dance after midnight.
  let bedtimeMinute: number;
  if (!sick && index > 0 && rng.chance(0.07)) {
    const dance = planWorkout(rng, DANCING, day, rng.int(10, 30), 45, timeZone);
    workouts.push(dance);
    bedtimeMinute = (dance.end - localTime(day, 0, timeZone).getTime()) / MINUTE_MS + rng.int(15, 35);
  } else if (sick) {
    bedtimeMinute = -120 + rng.int(0, 60);
  } else {
    bedtimeMinute = -90 + Math.min(120, rng.int(0, 100) + (weekendMorning ? 20 : 0));
  }
  const mainSlots = sick ? rng.int(96, 108) : rng.int(78, 96) + (weekendMorning ? rng.int(0, 6) : 0);
  const main: PlannedSleep = {
    ...span(day, bedtimeMinute, mainSlots * 5, timeZone),
    kind: 'long_sleep',
    day,
    slots: mainSlots,
  };

  // Daytime: one workout on about half the days, at lunch or in the evening (lunch on charge days).
  if (!sick && rng.chance(0.5)) {
    const kind = rng.pick(WORKOUT_KINDS);
    const lunch = chargeDay || rng.chance(0.5);
    workouts.push(
      lunch
        ? planWorkout(rng, kind, day, 12 * 60 + rng.int(0, 30), 55, timeZone)
        : planWorkout(rng, kind, day, 17 * 60 + 30 + rng.int(0, 45), 90, timeZone),
    );
  }
  const eveningWorkout = workouts.some((w) => w.start >= localTime(day, 17 * 60, timeZone).getTime());

  const naps: PlannedSleep[] = [];
  if (rng.chance(sick ? 0.7 : 0.18)) {
    const slots = rng.int(4, 18);
    naps.push({ ...span(day, 13 * 60 + 30 + rng.int(0, 60), slots * 5, timeZone), kind: 'sleep', day, slots });
  }
  if (rng.chance(0.06)) {
    const slots = rng.int(4, 8);
    naps.push({ ...span(day, 16 * 60 + rng.int(0, 30), slots * 5, timeZone), kind: 'rest', day, slots });
  }
  // A nap ending after 18:00 counts to the next day (Oura's `late_nap`). One is always there three
  // evenings ago, so "did I nap on the evening of …?" has an answer in every dataset; after the
  // charger or an evening workout it starts at 21:45, before the night's earliest bedtime (22:30).
  const usualNap = !eveningWorkout && !chargeDay && day < today && rng.chance(0.08);
  if (usualNap || day === addDays(today, -3)) {
    const slots = rng.int(4, 8);
    const start = usualNap || (!eveningWorkout && !chargeDay) ? 19 * 60 + 10 + rng.int(0, 20) : 21 * 60 + 45;
    naps.push({ ...span(day, start, slots * 5, timeZone), kind: 'late_nap', day: addDays(day, 1), slots });
  }

  const session: PlannedSession | null = rng.chance(0.3)
    ? {
        ...span(day, 20 * 60 + 40 + rng.int(0, 30), rng.int(5, 20), timeZone),
        type: rng.pick(['meditation', 'breathing', 'relaxation'] as const),
        day,
      }
    : null;

  return {
    day,
    index,
    physiology: physiologyFor(rng, index, illness, alcoholBefore),
    main,
    naps,
    workouts,
    session,
    charge: chargeDay ? span(day, 19 * 60, 90, timeZone) : null,
    alcoholEvening: !sick && rng.chance(0.12),
    caffeineMorning: rng.chance(0.6),
    activeness: sick ? 0.6 : rng.range(0.6, 1.15),
  };
}

/** Plans every day from `firstDay` to `today`. */
export function buildPlan(options: {
  seed: number;
  timezone: string;
  firstDay: IsoDate;
  today: IsoDate;
  nowMs: number;
}): Plan {
  const { seed, timezone, firstDay, today } = options;
  const historyDays = daysBetween(firstDay, today) + 1;
  const rng = createRandom(seed, 'illness');
  // Somewhere 4–7 weeks back, but never before the third week of history.
  const back = Math.min(rng.int(28, 50), Math.max(6, historyDays - 15));
  const illnessStart = addDays(today, -back);
  const days: DayPlan[] = [];
  let alcoholBefore = false;
  for (let index = 0; index < historyDays; index++) {
    const day = addDays(firstDay, index);
    const plan = planDay(seed, timezone, day, index, today, illnessStart, alcoholBefore);
    days.push(plan);
    alcoholBefore = plan.alcoholEvening;
  }
  return { seed, timezone, firstDay, today, nowMs: options.nowMs, illnessStart, days };
}
