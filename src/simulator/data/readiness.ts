/**
 * `daily_readiness`, computed from the night's long sleep (lowest heart rate and HRV against the
 * person's recent baseline, temperature), sleep balance and the previous days' activity. The same
 * object is embedded in the long sleep period's `readiness` field, as on Oura.
 */
import type {
  DailyActivity,
  DailyReadiness,
  DailySleep,
  ReadinessContributors,
  SleepPeriod,
} from '../../oura/types.js';
import { addDays } from '../../lib/time.js';
import { createRandom, round, score, stableId } from '../random.js';
import { localIso, localTime } from './clock.js';
import { weightedScore } from './dailySleep.js';
import type { DayPlan, Plan } from './plan.js';

/** Days of history before Oura reports every readiness contributor. */
const NEW_RING_DAYS = 14;

const WEIGHTS: Record<keyof ReadinessContributors, number> = {
  resting_heart_rate: 0.15,
  hrv_balance: 0.15,
  body_temperature: 0.15,
  previous_night: 0.15,
  sleep_balance: 0.1,
  previous_day_activity: 0.1,
  activity_balance: 0.05,
  recovery_index: 0.1,
  sleep_regularity: 0.05,
};

function average(values: readonly number[], fallback: number): number {
  return values.length === 0 ? fallback : values.reduce((a, b) => a + b, 0) / values.length;
}

function median(values: readonly number[], fallback: number): number {
  if (values.length === 0) return fallback;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function standardDeviation(values: readonly number[]): number {
  const m = average(values, 0);
  return Math.sqrt(
    average(
      values.map((v) => (v - m) ** 2),
      0,
    ),
  );
}

export interface ReadinessInputs {
  plan: Plan;
  /** Long sleeps by day (only nights finished by now). */
  mains: ReadonlyMap<string, SleepPeriod>;
  dailySleep: ReadonlyMap<string, DailySleep>;
  activity: ReadonlyMap<string, DailyActivity>;
}

function readinessFor(inputs: ReadinessInputs, dayPlan: DayPlan, index: number): DailyReadiness | null {
  const { plan, mains, dailySleep, activity } = inputs;
  const day = dayPlan.day;
  const main = mains.get(day);
  if (!main) return null;
  const rng = createRandom(plan.seed, `readiness:${day}`);
  const previous = plan.days.slice(Math.max(0, index - 14), index);
  const previousMains = previous.map((d) => mains.get(d.day)).filter((p): p is SleepPeriod => p !== undefined);
  // Baselines are medians, so a few sick nights do not shift "normal" for the days after them.
  const lowest = main.lowest_heart_rate ?? dayPlan.physiology.restingHr;
  const baselineLowest = median(
    previousMains.map((p) => p.lowest_heart_rate ?? lowest),
    lowest,
  );
  const hrv = main.average_hrv ?? dayPlan.physiology.hrv;
  const baselineHrv = median(
    previousMains.map((p) => p.average_hrv ?? hrv),
    hrv,
  );
  const deviation = dayPlan.physiology.temperatureDeviation;
  const sleepHours = average(
    [...previousMains, main].map((p) => (p.total_sleep_duration ?? 0) / 3600),
    7.5,
  );
  const bedtimes = [...previousMains.slice(-6), main].map(
    (p) => (Date.parse(p.bedtime_start) - localTime(p.day, 0, plan.timezone).getTime()) / 60_000,
  );
  const weekActivity = previous
    .slice(-7)
    .map((d) => activity.get(d.day)?.score)
    .filter((s): s is number => typeof s === 'number');
  const recentDeviations = plan.days
    .slice(Math.max(0, index - 2), index + 1)
    .map((d) => d.physiology.temperatureDeviation);

  const contributors: ReadinessContributors = {
    activity_balance: score(average(weekActivity, 75) + 5),
    body_temperature: score(100 - Math.max(0, Math.abs(deviation) - 0.1) * 110),
    hrv_balance: score(82 + (hrv - baselineHrv) * 1.5),
    previous_day_activity: score(activity.get(addDays(day, -1))?.score ?? 75),
    previous_night: score(dailySleep.get(day)?.score ?? 70),
    recovery_index: score(92 - 60 * dayPlan.physiology.illness + rng.normal(0, 4)),
    resting_heart_rate: score(95 - Math.max(0, lowest - baselineLowest) * 9),
    sleep_balance: score(100 - Math.max(0, 7.5 - sleepHours) * 25),
    sleep_regularity: score(100 - standardDeviation(bedtimes) * 0.8),
  };
  // As live for a new ring: no HRV balance for the first two weeks, and no sleep_regularity key at all.
  if (index < NEW_RING_DAYS) {
    contributors.hrv_balance = null;
    delete contributors.sleep_regularity;
  }
  return {
    id: stableId(plan.seed, `daily_readiness:${day}`),
    day,
    score: weightedScore(contributors, WEIGHTS),
    temperature_deviation: deviation,
    temperature_trend_deviation: round(average(recentDeviations, 0) * 0.8, 2),
    timestamp: localIso(localTime(day, 0, plan.timezone).getTime(), plan.timezone),
    contributors,
  };
}

/**
 * Readiness for every day whose night has ended by now. Also fills each long sleep's `readiness`
 * (the periods are fresh objects owned by the generator, so mutating them here is safe).
 */
export function buildReadiness(inputs: ReadinessInputs): DailyReadiness[] {
  const rows: DailyReadiness[] = [];
  inputs.plan.days.forEach((dayPlan, index) => {
    const row = readinessFor(inputs, dayPlan, index);
    if (!row) return;
    rows.push(row);
    const main = inputs.mains.get(row.day);
    if (main) {
      main.readiness = {
        contributors: row.contributors,
        score: row.score,
        temperature_deviation: row.temperature_deviation,
        temperature_trend_deviation: row.temperature_trend_deviation,
      };
    }
  });
  return rows;
}
