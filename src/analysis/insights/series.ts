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

/** Every series with only the values whose day passes `keep`. */
function filterSeries(all: InsightSeries, keep: (day: IsoDate) => boolean): InsightSeries {
  const only = (values: DayValue[]) => values.filter((point) => keep(point.day));
  return {
    sleepScore: only(all.sleepScore),
    sleepSeconds: only(all.sleepSeconds),
    restingHr: only(all.restingHr),
    hrv: only(all.hrv),
    readinessScore: only(all.readinessScore),
    temperatureDeviation: only(all.temperatureDeviation),
    hrvBalance: only(all.hrvBalance),
    activityScore: only(all.activityScore),
    steps: only(all.steps),
    trainingSeconds: only(all.trainingSeconds),
    targetMet: only(all.targetMet),
  };
}

/** The part of every series whose day lies in `[start, end]`. */
export function sliceSeries(all: InsightSeries, start: IsoDate, end: IsoDate): InsightSeries {
  return filterSeries(all, (day) => day >= start && day <= end);
}

/** Every series without the values of `days` (the baseline without illness days, see `illnessDays.ts`). */
export function withoutDays(all: InsightSeries, days: ReadonlySet<IsoDate>): InsightSeries {
  return filterSeries(all, (day) => !days.has(day));
}
