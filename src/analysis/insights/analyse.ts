/**
 * Runs every insight rule over a period and its baseline: deterministic, no outside AI.
 */
import { mean, round } from '../stats.js';
import { lowReadinessInsight, hrvBalanceInsight, READINESS_LOW } from './readinessRules.js';
import { stepsInsight, trainingLoadInsight } from './activityRules.js';
import { MIN_BASELINE_NIGHTS, strainInsights } from './recoveryRules.js';
import { shortSleepInsight } from './sleepRules.js';
import { periodTrends, type Trends } from './trends.js';
import { valuesOf, type DayValue, type Insight, type InsightInput, type InsightSeries } from './types.js';

/** Averages of one span, for the answer and the text; null where the span has no values. */
export interface SpanAverages {
  sleep_score: number | null;
  sleep_duration: number | null;
  readiness_score: number | null;
  resting_heart_rate: number | null;
  hrv: number | null;
  temperature_deviation: number | null;
  activity_score: number | null;
  steps: number | null;
}

export interface Analysis {
  insights: Insight[];
  trends: Trends;
  averages: { period: SpanAverages; baseline: SpanAverages };
}

const PRIORITY_ORDER: Record<Insight['priority'], number> = { high: 0, medium: 1, low: 2 };
const CATEGORY_ORDER: Record<Insight['category'], number> = { recovery: 0, readiness: 1, sleep: 2, activity: 3 };

function averageOf(series: readonly DayValue[], digits = 0): number | null {
  const m = mean(valuesOf(series));
  return m === null ? null : round(m, digits);
}

/**
 * Answer rule (one quantity, one value): each average is rounded as the tool that reports the same
 * quantity rounds it (scores to 0.1 as get_sleep_summary, get_readiness_score and get_activity_summary,
 * resting heart rate to 0.1 as get_sleep_summary), so the owner never hears 80 here and 80.3 there.
 */
export function spanAverages(series: InsightSeries): SpanAverages {
  return {
    sleep_score: averageOf(series.sleepScore, 1),
    sleep_duration: averageOf(series.sleepSeconds),
    readiness_score: averageOf(series.readinessScore, 1),
    resting_heart_rate: averageOf(series.restingHr, 1),
    hrv: averageOf(series.hrv),
    temperature_deviation: averageOf(series.temperatureDeviation, 2),
    activity_score: averageOf(series.activityScore, 1),
    steps: averageOf(series.steps),
  };
}

/**
 * The signals the rules compared with data on both sides: resting heart rate against a baseline of at
 * least {@link MIN_BASELINE_NIGHTS} nights, temperature (Oura's deviation from its own baseline) when the
 * period has values, HRV (ms or balance) when both the period and the baseline have it.
 */
export function comparedSignals({ period, baseline }: InsightInput): string[] {
  const out: string[] = [];
  if (period.restingHr.length > 0 && baseline.restingHr.length >= MIN_BASELINE_NIGHTS) out.push('resting heart rate');
  if (period.temperatureDeviation.length > 0) out.push('temperature');
  const hrv = period.hrv.length > 0 && baseline.hrv.length > 0;
  const balance = period.hrvBalance.length > 0 && baseline.hrvBalance.length > 0;
  if (hrv || balance) out.push('HRV');
  return out;
}

/** `a`, `a and b`, `a, b and c`. */
function joinWords(words: readonly string[]): string {
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/**
 * Every rule, then sorted by priority (high first) and category (recovery, readiness, sleep, activity).
 * When no recovery or readiness rule fires, a low-priority all-clear says so with the period's averages.
 */
export function analyse({ period, baseline }: InsightInput): Analysis {
  const lowReadinessDays = period.readinessScore.filter((day) => day.value < READINESS_LOW).length;
  const found: Array<Insight | null> = [
    ...strainInsights(period.restingHr, baseline.restingHr, period.temperatureDeviation, baseline.temperatureDeviation),
    hrvBalanceInsight(period.hrvBalance, baseline.hrvBalance, period.hrv, baseline.hrv),
    lowReadinessInsight(period.readinessScore),
    shortSleepInsight(period.sleepSeconds),
    stepsInsight(period.steps, baseline.steps, period.targetMet),
    trainingLoadInsight(period.trainingSeconds, baseline.trainingSeconds, lowReadinessDays),
  ];
  const insights = found
    .filter((insight): insight is Insight => insight !== null)
    .map((insight, index) => ({ insight, index }))
    .sort(
      (a, b) =>
        PRIORITY_ORDER[a.insight.priority] - PRIORITY_ORDER[b.insight.priority] ||
        CATEGORY_ORDER[a.insight.category] - CATEGORY_ORDER[b.insight.category] ||
        a.index - b.index,
    )
    .map(({ insight }) => insight);
  const averages = { period: spanAverages(period), baseline: spanAverages(baseline) };
  // The all-clear: nothing on recovery or readiness fired, so say so with the figures that show it.
  const warned = insights.some((insight) => insight.category === 'recovery' || insight.category === 'readiness');
  if (!warned && (averages.period.readiness_score !== null || averages.period.resting_heart_rate !== null)) {
    const parts: string[] = [];
    if (averages.period.readiness_score !== null)
      parts.push(`readiness averaged ${averages.period.readiness_score} with no day below ${READINESS_LOW}`);
    if (averages.period.resting_heart_rate !== null)
      parts.push(`lowest night heart rate averaged ${averages.period.resting_heart_rate} bpm`);
    // Only what the strain and HRV rules actually compared with a baseline may be called "usual".
    const compared = comparedSignals({ period, baseline });
    const usual = compared.length === 0 ? '' : `; ${joinWords(compared)} stayed near your usual levels`;
    insights.push({
      category: 'recovery',
      finding: `No signs of strain: ${parts.join(', ')}${usual}.`,
      priority: 'low',
    });
    insights.sort(
      (a, b) =>
        PRIORITY_ORDER[a.priority] - PRIORITY_ORDER[b.priority] ||
        CATEGORY_ORDER[a.category] - CATEGORY_ORDER[b.category],
    );
  }
  return { insights, trends: periodTrends(period), averages };
}
