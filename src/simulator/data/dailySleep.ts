/**
 * `daily_sleep` and `sleep_time`, both derived from the night's long sleep only (naps never count to
 * daily totals, as on Oura). Contributors are 1–100 scores computed from the period's durations.
 */
import type { DailySleep, IsoDate, SleepContributors, SleepPeriod, SleepTime } from '../../oura/types.js';
import { score, stableId } from '../random.js';
import { localIso, localTime, offsetMinutesAt } from './clock.js';

const HOUR = 3600;

/** Minutes after local midnight of `day` (negative = the evening before) of an ISO date-time. */
function minutesFromMidnight(iso: string, day: IsoDate, timezone: string): number {
  return (Date.parse(iso) - localTime(day, 0, timezone).getTime()) / 60_000;
}

/** Oura-like contributors of one long sleep. */
export function sleepContributors(period: SleepPeriod, timezone: string): SleepContributors {
  const total = (period.total_sleep_duration ?? 0) / HOUR;
  const latencyMinutes = (period.latency ?? 0) / 60;
  const midpoint = minutesFromMidnight(period.bedtime_start, period.day, timezone) + period.time_in_bed / 120;
  // Best midpoint between 02:00 and 04:00.
  const timingPenalty = midpoint < 120 ? (120 - midpoint) / 3 : midpoint > 240 ? (midpoint - 240) / 3 : 0;
  return {
    total_sleep: score(total >= 8 ? 100 : 100 - (8 - total) * 22),
    efficiency: score(100 - Math.max(0, 92 - (period.efficiency ?? 0)) * 3),
    latency: score(latencyMinutes < 5 ? 80 : latencyMinutes <= 20 ? 100 : 100 - (latencyMinutes - 20) * 2),
    deep_sleep: score(((period.deep_sleep_duration ?? 0) / 60 / 90) * 100),
    rem_sleep: score(((period.rem_sleep_duration ?? 0) / 60 / 100) * 100),
    restfulness: score(100 - (period.restless_periods ?? 0) / 6),
    timing: score(100 - timingPenalty),
  };
}

const WEIGHTS: Record<keyof SleepContributors, number> = {
  total_sleep: 0.35,
  efficiency: 0.1,
  latency: 0.1,
  deep_sleep: 0.1,
  rem_sleep: 0.1,
  restfulness: 0.15,
  timing: 0.1,
};

/** Weighted mean of contributors, 1–100. */
export function weightedScore<K extends string>(
  contributors: Partial<Record<K, number | null>>,
  weights: Record<K, number>,
): number {
  let sum = 0;
  let weight = 0;
  for (const key of Object.keys(weights) as K[]) {
    const value = contributors[key];
    if (typeof value === 'number') {
      sum += value * weights[key];
      weight += weights[key];
    }
  }
  return score(weight === 0 ? 50 : sum / weight);
}

/** The `daily_sleep` row of the day a long sleep woke up on. */
export function buildDailySleep(seed: number, timezone: string, period: SleepPeriod): DailySleep {
  const contributors = sleepContributors(period, timezone);
  return {
    id: stableId(seed, `daily_sleep:${period.day}`),
    day: period.day,
    score: weightedScore(contributors, WEIGHTS),
    timestamp: localIso(localTime(period.day, 0, timezone).getTime(), timezone),
    contributors,
  };
}

/**
 * Bedtime guidance: after a week of nights, an optimal window around the median bedtime of the last two
 * weeks; "earlier_bedtime" when the last three nights were later than the window.
 */
export function buildSleepTimes(seed: number, timezone: string, mains: readonly SleepPeriod[]): SleepTime[] {
  return mains.map((period, index) => {
    const id = stableId(seed, `sleep_time:${period.day}`);
    if (index < 7)
      return { id, day: period.day, optimal_bedtime: null, recommendation: null, status: 'not_enough_nights' };
    const recent = mains
      .slice(Math.max(0, index - 14), index)
      .map((p) => minutesFromMidnight(p.bedtime_start, p.day, timezone));
    recent.sort((a, b) => a - b);
    const median = recent[Math.floor(recent.length / 2)] ?? -60;
    const start = Math.round((median - 15) / 15) * 15;
    const end = start + 45;
    const lastThree = mains.slice(index - 3, index).map((p) => minutesFromMidnight(p.bedtime_start, p.day, timezone));
    const late = lastThree.every((m) => m > end);
    const dayStart = localTime(period.day, 0, timezone);
    return {
      id,
      day: period.day,
      optimal_bedtime: {
        day_tz: offsetMinutesAt(dayStart.getTime(), timezone) * 60,
        start_offset: start * 60,
        end_offset: end * 60,
      },
      recommendation: late ? 'earlier_bedtime' : 'follow_optimal_bedtime',
      status: 'optimal_found',
    };
  });
}
