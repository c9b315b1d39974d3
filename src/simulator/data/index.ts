/**
 * Builds the whole synthetic dataset from one plan. Generation order follows the dependencies:
 * plan → slot grid → sleep periods → daily sleep → workouts → activity → readiness (needs sleep and
 * activity) → the rest. Everything is cut at `now`: only finished nights, workouts and sessions exist,
 * today's activity is partial, heart rate and battery stop at `now`.
 */
import type { DateCollection, DateCollections, IsoDate, SleepPeriod } from '../../oura/types.js';
import { rowDay } from '../../oura/types.js';
import { addDays } from '../../lib/time.js';
import type { SimulatedDataset } from '../types.js';
import { buildDailyActivity, buildWorkouts } from './activity.js';
import { buildDailySleep, buildSleepTimes } from './dailySleep.js';
import { buildHeartRate } from './heartrate.js';
import { buildPlan, type PlannedSleep } from './plan.js';
import { buildBatteryLevels, buildPersonalInfo, buildRings } from './profile.js';
import { buildReadiness } from './readiness.js';
import { buildSleepPeriod } from './sleep.js';
import { buildEnhancedTags, buildLegacyTags, buildRestModePeriods, buildSessions } from './tags.js';
import { buildSlotGrid } from './timeline.js';
import { buildCardiovascularAge, buildResilience, buildSpo2, buildStress, buildVo2Max } from './wellness.js';

export interface DatasetOptions {
  /** The person's IANA zone. */
  timezone: string;
  /** The person's local today; history ends here. */
  today: IsoDate;
  /** Days of history up to and including today. */
  historyDays: number;
  seed: number;
  /** Nothing later than this exists yet. */
  now: Date;
}

/** Sorts rows by their day, then by a start time when they have one (stable otherwise). */
function byDayThenStart<C extends DateCollection>(
  collection: C,
  rows: Array<DateCollections[C]>,
  start: (row: DateCollections[C]) => string,
): Array<DateCollections[C]> {
  return rows
    .map((row, i) => ({ row, i, day: rowDay(collection, row), start: start(row) }))
    .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : Date.parse(a.start) - Date.parse(b.start) || a.i - b.i))
    .map((x) => x.row);
}

/** A deterministic synthetic person: the same options always give the same records. */
export function generateDataset(options: DatasetOptions): SimulatedDataset {
  const { timezone, today, seed } = options;
  const nowMs = options.now.getTime();
  const firstDay = addDays(today, -(Math.max(1, options.historyDays) - 1));
  const plan = buildPlan({ seed, timezone, firstDay, today, nowMs });
  const personalInfo = buildPersonalInfo(seed);
  const ringConfigurations = buildRings(plan);
  const grid = buildSlotGrid(plan);

  // Every planned sleep, including one still in progress at `now` (its heart rate is already there).
  const periods = new Map<PlannedSleep, SleepPeriod>();
  for (const d of plan.days) {
    periods.set(d.main, buildSleepPeriod(seed, timezone, d.main, d.physiology, ringConfigurations, 0));
    d.naps.forEach((nap, i) =>
      periods.set(nap, buildSleepPeriod(seed, timezone, nap, d.physiology, ringConfigurations, i + 1)),
    );
  }
  const allPeriods = [...periods.values()];
  const sleep = allPeriods.filter((p) => p.bedtime_end !== null && Date.parse(p.bedtime_end) <= nowMs);
  const mainPeriods = sleep.filter((p) => p.type === 'long_sleep');
  const mains = new Map(mainPeriods.map((p) => [p.day, p]));
  const dailySleep = mainPeriods.map((p) => buildDailySleep(seed, timezone, p));
  const workouts = buildWorkouts(plan, grid, personalInfo);
  const dailyActivity = buildDailyActivity(plan, grid, personalInfo, workouts);
  const dailyReadiness = buildReadiness({
    plan,
    mains,
    dailySleep: new Map(dailySleep.map((s) => [s.day, s])),
    activity: new Map(dailyActivity.map((a) => [a.day, a])),
  });
  const dailyStress = buildStress(plan);
  const nightDays = mainPeriods.map((p) => p.day);

  return {
    timezone,
    today,
    firstDay,
    personalInfo,
    ringConfigurations,
    byDate: {
      daily_sleep: dailySleep,
      sleep: byDayThenStart('sleep', sleep, (p) => p.bedtime_start),
      daily_readiness: dailyReadiness,
      daily_activity: dailyActivity,
      workout: byDayThenStart('workout', workouts, (w) => w.start_datetime),
      session: buildSessions(plan),
      tag: buildLegacyTags(plan),
      enhanced_tag: byDayThenStart('enhanced_tag', buildEnhancedTags(plan), (t) => t.start_time),
      daily_stress: dailyStress,
      daily_resilience: buildResilience(plan, dailySleep, dailyStress, dailyReadiness),
      daily_spo2: buildSpo2(plan, nightDays),
      daily_cardiovascular_age: buildCardiovascularAge(plan, personalInfo, nightDays),
      vO2_max: buildVo2Max(plan),
      sleep_time: buildSleepTimes(seed, timezone, mainPeriods),
      rest_mode_period: buildRestModePeriods(plan),
    },
    byDatetime: {
      heartrate: buildHeartRate(plan, grid, periods),
      ring_battery_level: buildBatteryLevels(plan, grid.startMs),
    },
  };
}
