/**
 * Oura rows → the plain day series the insight rules read, split into period and baseline.
 */
import type { DailyActivity, DailyReadiness, DailySleep, IsoDate, SleepPeriod } from '../../oura/types.js';
import { lowestHeartRateOf, mainSleepByDay } from '../sleepPeriods.js';
import type { DayValue, InsightSeries } from './types.js';

export interface InsightRows {
  dailySleep: readonly DailySleep[];
  sleep: readonly Pick<
    SleepPeriod,
    'day' | 'type' | 'total_sleep_duration' | 'lowest_heart_rate' | 'average_hrv' | 'time_in_bed'
  >[];
  readiness: readonly DailyReadiness[];
  activity: readonly Pick<
    DailyActivity,
    'day' | 'score' | 'steps' | 'medium_activity_time' | 'high_activity_time' | 'active_calories' | 'target_calories'
  >[];
}

function series<T extends { day: IsoDate }>(
  rows: Iterable<T>,
  pick: (row: T) => number | null | undefined,
): DayValue[] {
  const out: DayValue[] = [];
  for (const row of rows) {
    const value = pick(row);
    if (typeof value === 'number' && Number.isFinite(value)) out.push({ day: row.day, value });
  }
  return out.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
}

/**
 * Every series over all fetched days. Activity of `today` is left out: the day is not over, so its
 * steps and activity time would read as a slump.
 */
export function buildSeries(rows: InsightRows, today: IsoDate): InsightSeries {
  const mains = [...mainSleepByDay(rows.sleep).values()];
  const finished = rows.activity.filter((row) => row.day < today);
  return {
    sleepScore: series(rows.dailySleep, (r) => r.score),
    sleepSeconds: series(mains, (r) => r.total_sleep_duration),
    restingHr: series(mains, lowestHeartRateOf),
    hrv: series(mains, (r) => r.average_hrv),
    readinessScore: series(rows.readiness, (r) => r.score),
    temperatureDeviation: series(rows.readiness, (r) => r.temperature_deviation),
    hrvBalance: series(rows.readiness, (r) => r.contributors?.hrv_balance),
    activityScore: series(finished, (r) => r.score),
    steps: series(finished, (r) => r.steps),
    trainingSeconds: series(finished, (r) => (r.medium_activity_time ?? 0) + (r.high_activity_time ?? 0)),
    targetMet: series(finished, (r) =>
      typeof r.active_calories === 'number' && typeof r.target_calories === 'number' && r.target_calories > 0
        ? r.active_calories >= r.target_calories
          ? 1
          : 0
        : null,
    ),
  };
}

/** The part of every series whose day lies in `[start, end]`. */
export function sliceSeries(all: InsightSeries, start: IsoDate, end: IsoDate): InsightSeries {
  const keep = (values: DayValue[]) => values.filter((point) => point.day >= start && point.day <= end);
  return {
    sleepScore: keep(all.sleepScore),
    sleepSeconds: keep(all.sleepSeconds),
    restingHr: keep(all.restingHr),
    hrv: keep(all.hrv),
    readinessScore: keep(all.readinessScore),
    temperatureDeviation: keep(all.temperatureDeviation),
    hrvBalance: keep(all.hrvBalance),
    activityScore: keep(all.activityScore),
    steps: keep(all.steps),
    trainingSeconds: keep(all.trainingSeconds),
    targetMet: keep(all.targetMet),
  };
}
