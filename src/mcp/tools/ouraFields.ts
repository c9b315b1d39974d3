/**
 * The `fields=` each tool asks Oura for, one list per use. Tools that read the same collection use
 * the same list, so the cache serves one tool's fetch to the next; heavy series (the 1440-item `met`
 * of daily_activity, sleep's 5-minute heart rate) are fetched only by the tools that show them.
 */
import type { DailyActivity, SleepPeriod } from '../../oura/types.js';

/** daily_activity without `met` (1440 numbers a day) and `class_5_min`: ~95% of its bytes. */
export const ACTIVITY_FIELDS: ReadonlyArray<keyof DailyActivity> = [
  'id',
  'day',
  'score',
  'timestamp',
  'active_calories',
  'total_calories',
  'target_calories',
  'steps',
  'equivalent_walking_distance',
  'meters_to_target',
  'high_activity_time',
  'medium_activity_time',
  'low_activity_time',
  'sedentary_time',
  'resting_time',
  'non_wear_time',
  'average_met_minutes',
  'inactivity_alerts',
  'contributors',
];

/** Sleep periods for nightly summaries: durations and averages, none of the sampled series. */
export const SLEEP_SUMMARY_FIELDS: ReadonlyArray<keyof SleepPeriod> = [
  'id',
  'day',
  'type',
  'bedtime_start',
  'bedtime_end',
  'total_sleep_duration',
  'deep_sleep_duration',
  'light_sleep_duration',
  'rem_sleep_duration',
  'awake_time',
  'time_in_bed',
  'latency',
  'efficiency',
  'average_breath',
  'average_heart_rate',
  'lowest_heart_rate',
  'average_hrv',
];

/** Sleep periods with their series, for the detailed view. */
export const SLEEP_DETAILED_FIELDS: ReadonlyArray<keyof SleepPeriod> = [
  ...SLEEP_SUMMARY_FIELDS,
  'heart_rate',
  'hrv',
  'movement_30_sec',
  'sleep_phase_5_min',
];
