/**
 * Shapes shared by the insight rules. Rules are pure functions over plain day series, so they can be
 * tested on crafted data without Oura, a clock or a zone.
 */
import type { IsoDate } from '../../oura/types.js';

export type InsightCategory = 'sleep' | 'activity' | 'readiness' | 'recovery';
export type InsightPriority = 'high' | 'medium' | 'low';

/** One finding, worded with the numbers behind it. */
export interface Insight {
  category: InsightCategory;
  finding: string;
  recommendation?: string;
  priority: InsightPriority;
}

/** One value of a daily series. Series are sorted by day, at most one value per day, no nulls. */
export interface DayValue {
  day: IsoDate;
  value: number;
}

/** Every daily series the rules read, for one span of days (the period, or the baseline before it). */
export interface InsightSeries {
  /** daily_sleep score, 1–100. */
  sleepScore: DayValue[];
  /** Total sleep of the night's main sleep period, seconds (day = wake-up day). */
  sleepSeconds: DayValue[];
  /** Lowest heart rate of the main sleep period, bpm: the nightly resting heart rate. */
  restingHr: DayValue[];
  /** Average HRV of the main sleep period, ms. */
  hrv: DayValue[];
  /** daily_readiness score, 1–100. */
  readinessScore: DayValue[];
  /** daily_readiness temperature_deviation, °C from the owner's own baseline. */
  temperatureDeviation: DayValue[];
  /** daily_readiness contributors.hrv_balance, 1–100. */
  hrvBalance: DayValue[];
  /** daily_activity score, 1–100 (finished days only). */
  activityScore: DayValue[];
  /** daily_activity steps (finished days only). */
  steps: DayValue[];
  /** Medium + high activity time, seconds (finished days only). */
  trainingSeconds: DayValue[];
  /** 1 when active calories reached Oura's target that day, else 0 (finished days only). */
  targetMet: DayValue[];
}

/** The period being analysed and the baseline it is compared with. */
export interface InsightInput {
  period: InsightSeries;
  baseline: InsightSeries;
}

/** Values of a series, without their days. */
export function valuesOf(series: readonly DayValue[]): number[] {
  return series.map((point) => point.value);
}
