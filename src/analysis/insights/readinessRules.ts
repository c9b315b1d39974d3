/**
 * Readiness rules: low readiness days (Oura's bands) and a falling HRV balance.
 */
import { mean, round, trendOf } from '../stats.js';
import { valuesOf, type DayValue, type Insight } from './types.js';

/** Oura's readiness bands: 85+ optimal, 70–84 good, below 70 "pay attention". */
export const READINESS_LOW = 70;
/** A score this low on any day makes the finding high priority. */
export const READINESS_VERY_LOW = 60;

/**
 * Low readiness: days scoring below 70 (Oura's "pay attention" band). High priority with 3 or more
 * such days or any day below 60, medium with 2, low with 1.
 */
export function lowReadinessInsight(scores: readonly DayValue[]): Insight | null {
  const low = scores.filter((day) => day.value < READINESS_LOW);
  if (low.length === 0) return null;
  const lowest = low.reduce((min, day) => (day.value < min.value ? day : min));
  const priority = low.length >= 3 || lowest.value < READINESS_VERY_LOW ? 'high' : low.length === 2 ? 'medium' : 'low';
  const days = low.map((day) => `${day.day} (${day.value})`).join(', ');
  return {
    category: 'readiness',
    finding: `Readiness was below 70 (Oura's "pay attention" band) on ${low.length} of ${scores.length} days: ${days}.`,
    recommendation:
      'On low-readiness days favour easy movement over hard training, and protect the next night of sleep.',
    priority,
  };
}

/** Fitted change of hrv_balance across the period (points) that counts as falling. */
export const HRV_BALANCE_TREND_POINTS = 10;
/** Period mean of hrv_balance this many points under the baseline mean counts as falling. */
export const HRV_BALANCE_DROP_POINTS = 10;
/** Nightly HRV this fraction under the baseline mean counts as falling. */
export const HRV_MS_DROP_FRACTION = 0.15;

/**
 * HRV balance falling: Oura's hrv_balance contributor declining across the period (least-squares fit
 * ≥ 10 points down) or averaging ≥ 10 points under the baseline, or the nightly HRV (ms) averaging
 * ≥ 15% under the baseline. Medium priority; high when two of the three signals agree.
 */
export function hrvBalanceInsight(
  balance: readonly DayValue[],
  baselineBalance: readonly DayValue[],
  hrv: readonly DayValue[],
  baselineHrv: readonly DayValue[],
): Insight | null {
  const signals: string[] = [];
  const periodBalance = mean(valuesOf(balance));
  const usualBalance = mean(valuesOf(baselineBalance));
  if (trendOf(valuesOf(balance), HRV_BALANCE_TREND_POINTS) === 'declining') {
    signals.push(
      `HRV balance fell from ${balance[0]?.value} to ${balance[balance.length - 1]?.value} across the period`,
    );
  }
  if (periodBalance !== null && usualBalance !== null && usualBalance - periodBalance >= HRV_BALANCE_DROP_POINTS) {
    signals.push(`HRV balance averaged ${round(periodBalance)} against ${round(usualBalance)} in the baseline`);
  }
  const periodHrv = mean(valuesOf(hrv));
  const usualHrv = mean(valuesOf(baselineHrv));
  if (
    periodHrv !== null &&
    usualHrv !== null &&
    usualHrv > 0 &&
    (usualHrv - periodHrv) / usualHrv >= HRV_MS_DROP_FRACTION
  ) {
    signals.push(
      `nightly HRV averaged ${round(periodHrv)} ms against ${round(usualHrv)} ms (${round(((periodHrv - usualHrv) / usualHrv) * 100)}%)`,
    );
  }
  if (signals.length === 0) return null;
  return {
    category: 'recovery',
    finding: `HRV is falling: ${signals.join('; ')}.`,
    recommendation:
      'Lower HRV usually means the body is under more load: add recovery (lighter training, alcohol-free evenings, regular sleep) until it returns to your usual level.',
    priority: signals.length >= 2 ? 'high' : 'medium',
  };
}
