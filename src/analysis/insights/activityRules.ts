/**
 * Activity rules: daily steps against a guideline and the owner's baseline, and training load (medium +
 * high activity time) against the baseline.
 */
import { formatCount, formatDuration } from '../../lib/format.js';
import { mean, round, sum } from '../stats.js';
import { valuesOf, type DayValue, type Insight } from './types.js';

/** Steps a day below which the period is called low (≈ where the health benefit of walking levels off, per large cohort studies). */
export const STEPS_GUIDELINE = 7_500;
/** Below this average the step finding is medium priority. */
export const STEPS_VERY_LOW = 5_000;
/** Period average this fraction under the baseline counts as a drop. */
export const STEPS_DROP_FRACTION = 0.2;

/**
 * Steps: a finding when the period averages under 7,500 steps a day or at least 20% under the baseline
 * average; medium priority under 5,000, low otherwise. The text also says on how many days Oura's own
 * activity target (active calories ≥ target) was met.
 */
export function stepsInsight(
  steps: readonly DayValue[],
  baselineSteps: readonly DayValue[],
  targetMet: readonly DayValue[],
): Insight | null {
  const average = mean(valuesOf(steps));
  if (average === null) return null;
  const usual = mean(valuesOf(baselineSteps));
  const belowGuideline = average < STEPS_GUIDELINE;
  const dropped = usual !== null && usual > 0 && (usual - average) / usual >= STEPS_DROP_FRACTION;
  if (!belowGuideline && !dropped) return null;
  const parts = [`Steps averaged ${formatCount(average)} a day over ${steps.length} days`];
  if (usual !== null) parts.push(`against ${formatCount(usual)} in your baseline`);
  let finding = `${parts.join(' ')}${belowGuideline ? ` (guideline ${formatCount(STEPS_GUIDELINE)})` : ''}.`;
  if (targetMet.length > 0)
    finding += ` Oura's daily activity target was met on ${sum(valuesOf(targetMet))} of ${targetMet.length} days.`;
  return {
    category: 'activity',
    finding,
    recommendation: 'A brisk 20–30 minute walk adds roughly 2,500–3,500 steps; short walks after meals count too.',
    priority: average < STEPS_VERY_LOW ? 'medium' : 'low',
  };
}

/** Period training at least this multiple of the baseline counts as a spike. */
export const TRAINING_SPIKE_RATIO = 1.5;
/** Period training at most this multiple of the baseline counts as a slump. */
export const TRAINING_SLUMP_RATIO = 0.5;
/** Spikes below this daily average (seconds) are too small to matter. */
export const TRAINING_SPIKE_MIN_SECONDS = 30 * 60;
/** Slumps from a baseline below this daily average (seconds) are not worth a finding. */
export const TRAINING_SLUMP_MIN_BASELINE_SECONDS = 20 * 60;

/**
 * Training load: medium + high activity time per day in the period against the baseline. A spike
 * (≥ 1.5× the baseline and ≥ 30 min a day) is a finding, medium priority when readiness also dropped
 * below 70 in the period (load outpacing recovery), low otherwise. A slump (≤ 0.5× a baseline of
 * ≥ 20 min a day) is a low-priority finding.
 */
export function trainingLoadInsight(
  training: readonly DayValue[],
  baselineTraining: readonly DayValue[],
  lowReadinessDays: number,
): Insight | null {
  const average = mean(valuesOf(training));
  const usual = mean(valuesOf(baselineTraining));
  if (average === null || usual === null) return null;
  const ratio = usual > 0 ? average / usual : Number.POSITIVE_INFINITY;
  const figures = `${formatDuration(average)} a day of medium and high activity against ${formatDuration(usual)} in your baseline`;
  if (ratio >= TRAINING_SPIKE_RATIO && average >= TRAINING_SPIKE_MIN_SECONDS) {
    const change = Number.isFinite(ratio) ? ` (+${round((ratio - 1) * 100)}%)` : '';
    return {
      category: 'activity',
      finding: `Training load is up: ${figures}${change}${lowReadinessDays > 0 ? `, while readiness fell below 70 on ${lowReadinessDays} day${lowReadinessDays === 1 ? '' : 's'}` : ''}.`,
      recommendation: 'Build load gradually (about 10% a week) and plan an easy day after hard ones.',
      priority: lowReadinessDays > 0 ? 'medium' : 'low',
    };
  }
  if (ratio <= TRAINING_SLUMP_RATIO && usual >= TRAINING_SLUMP_MIN_BASELINE_SECONDS) {
    return {
      category: 'activity',
      finding: `Activity is well below your usual: ${figures} (${round((ratio - 1) * 100)}%).`,
      recommendation:
        'If this is planned rest, fine; otherwise add a few short, moderate sessions to get back to your routine.',
      priority: 'low',
    };
  }
  return null;
}
