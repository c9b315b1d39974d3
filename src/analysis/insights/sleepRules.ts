/**
 * Sleep rules: nights against the 7-hour guideline (the AASM/SRS recommendation for adults: at least
 * 7 hours a night).
 */
import { formatDuration } from '../../lib/format.js';
import { mean } from '../stats.js';
import { valuesOf, type DayValue, type Insight } from './types.js';

export const SLEEP_GUIDELINE_SECONDS = 7 * 3600;
/** Below this average the shortfall is high priority (a chronic deficit). */
export const SLEEP_HIGH_PRIORITY_SECONDS = 6 * 3600;

/**
 * Short sleep: nights whose main sleep period gave less than 7 h of sleep.
 * - no finding with fewer than 2 short nights (one short night is normal life);
 * - high priority when the average night is under 6 h, medium when at least half the nights are
 *   short, low otherwise.
 * When every night (at least 3) reached 7 h, a low-priority positive finding says so.
 */
export function shortSleepInsight(nights: readonly DayValue[]): Insight | null {
  if (nights.length === 0) return null;
  const average = mean(valuesOf(nights)) ?? 0;
  const short = nights.filter((night) => night.value < SLEEP_GUIDELINE_SECONDS);
  if (short.length === 0) {
    if (nights.length < 3) return null;
    return {
      category: 'sleep',
      finding: `Slept at least 7 h on all ${nights.length} nights (average ${formatDuration(average)}).`,
      priority: 'low',
    };
  }
  if (short.length < 2) return null;
  const priority =
    average < SLEEP_HIGH_PRIORITY_SECONDS ? 'high' : short.length * 2 >= nights.length ? 'medium' : 'low';
  const shortest = short.reduce((low, night) => (night.value < low.value ? night : low));
  return {
    category: 'sleep',
    finding: `Slept less than 7 h on ${short.length} of ${nights.length} nights (average ${formatDuration(average)} a night, shortest ${formatDuration(shortest.value)} on ${shortest.day}).`,
    recommendation: `Aim for at least 7 h: going to bed about ${formatDuration(Math.max(15 * 60, Math.ceil((SLEEP_GUIDELINE_SECONDS - average) / 900) * 900))} earlier would close the average gap.`,
    priority,
  };
}
