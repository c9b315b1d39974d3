/**
 * Which of a day's sleep periods is "the night". Oura files several periods under one `day` (the
 * wake-up day): the night itself (`long_sleep`, over 3 h), short sleeps (`sleep`, 15 min–3 h),
 * evening naps (`late_nap`, ending after 18:00 and filed under the next day), rejected `rest` periods
 * and `deleted` ones. Nightly figures must come from the main period only: adding a nap to the night
 * would inflate every duration, and Oura's own daily sleep score ignores naps too.
 */
import type { IsoDate, SleepPeriod, SleepType } from '../oura/types.js';

/** Types that are real sleep: `rest` was rejected by Oura's algorithm, `deleted` by the owner. */
const REAL_SLEEP: ReadonlySet<unknown> = new Set<SleepType>(['long_sleep', 'sleep', 'late_nap']);

/** True for periods the owner actually slept in (not `rest`, not `deleted`, not a missing type). */
export function isRealSleep(period: Pick<SleepPeriod, 'type'>): boolean {
  return REAL_SLEEP.has(period.type);
}

/** Oura's `lowest_heart_rate` when it had none: 255 (a byte's maximum), seen on real naps without heart-rate series. */
const NO_HEART_RATE = 255;

/** The period's lowest heart rate, bpm; null when absent, not positive or Oura's 255 "no value". */
export function lowestHeartRateOf(period: Pick<SleepPeriod, 'lowest_heart_rate'>): number | null {
  const low = period.lowest_heart_rate;
  return typeof low === 'number' && Number.isFinite(low) && low > 0 && low !== NO_HEART_RATE ? low : null;
}

/** How long a period is, for ranking: total sleep, else time in bed, else 0. */
export function periodLength(period: Pick<SleepPeriod, 'total_sleep_duration' | 'time_in_bed'>): number {
  if (typeof period.total_sleep_duration === 'number' && Number.isFinite(period.total_sleep_duration))
    return period.total_sleep_duration;
  if (typeof period.time_in_bed === 'number' && Number.isFinite(period.time_in_bed)) return period.time_in_bed;
  return 0;
}

/** The fields the choice reads, so callers with trimmed rows can use it too. */
export type RankablePeriod = Pick<SleepPeriod, 'day' | 'type' | 'total_sleep_duration' | 'time_in_bed'>;

function better(candidate: RankablePeriod, current: RankablePeriod | undefined): boolean {
  if (current === undefined) return true;
  const candidateLong = candidate.type === 'long_sleep';
  const currentLong = current.type === 'long_sleep';
  if (candidateLong !== currentLong) return candidateLong;
  return periodLength(candidate) > periodLength(current);
}

/**
 * The main sleep period of each day: the `long_sleep` (the longest one if Oura split the night),
 * else the longest real period of that day (a short night Oura typed `sleep`). `rest` and `deleted`
 * periods never count. Naps are not the night's sleep when a `long_sleep` exists.
 */
export function mainSleepByDay<P extends RankablePeriod>(periods: readonly P[]): Map<IsoDate, P> {
  const main = new Map<IsoDate, P>();
  for (const period of periods) {
    if (!isRealSleep(period) || typeof period.day !== 'string') continue;
    if (better(period, main.get(period.day))) main.set(period.day, period);
  }
  return main;
}
