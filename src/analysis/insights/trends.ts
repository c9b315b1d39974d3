/**
 * Period trends for sleep, activity and readiness.
 */
import { trendOf, type Trend } from '../stats.js';
import { valuesOf, type InsightSeries } from './types.js';

/**
 * Points of fitted change across the period that make a score trend improving or declining: Oura's
 * scores are 1–100 and move a few points day to day, so 5 points over the period is a real shift.
 */
export const TREND_THRESHOLD_POINTS = 5;

export interface Trends {
  sleep: Trend;
  activity: Trend;
  readiness: Trend;
}

/**
 * Each trend is {@link trendOf} over the period's daily scores (daily_sleep, daily_activity without
 * today, daily_readiness): the least-squares fitted change across the period must reach 5 points;
 * fewer than 3 days is stable.
 */
export function periodTrends(period: InsightSeries): Trends {
  return {
    sleep: trendOf(valuesOf(period.sleepScore), TREND_THRESHOLD_POINTS),
    activity: trendOf(valuesOf(period.activityScore), TREND_THRESHOLD_POINTS),
    readiness: trendOf(valuesOf(period.readinessScore), TREND_THRESHOLD_POINTS),
  };
}
