/**
 * Oura Cloud API v2 response types, written once from Oura's OpenAPI export 1.35
 * (`shared/oura/models-1.35.txt`). Fields Oura documents as required but was seen to omit live
 * (e.g. `timestamp_unix` on heart rate, `id` on cardiovascular age) are optional here, and the
 * client parses leniently: consumers must cope with `null`/missing values.
 */
import type { IsoDate } from '../lib/time.js';

/** `YYYY-MM-DD`, a local day of the owner (declared with the date rules in `src/lib/time.ts`). */
export type { IsoDate } from '../lib/time.js';
/** ISO 8601 date-time; for Oura's "Localized" fields it carries the owner's local offset. */
export type IsoDateTime = string;

/** A sampled series: `items[i]` was recorded at `timestamp + i * interval` seconds. */
export interface OuraSample {
  interval: number;
  items: Array<number | null>;
  timestamp: IsoDateTime;
}

export interface PersonalInfo {
  id: string;
  age: number | null;
  /** kg */
  weight: number | null;
  /** METRES (e.g. 1.8), not centimetres. */
  height: number | null;
  biological_sex: string | null;
  email: string | null;
}

export interface SleepContributors {
  deep_sleep: number | null;
  efficiency: number | null;
  latency: number | null;
  rem_sleep: number | null;
  restfulness: number | null;
  timing: number | null;
  total_sleep: number | null;
}

/** One per day; contributors are 1–100 scores, not durations. */
export interface DailySleep {
  id: string;
  day: IsoDate;
  score: number | null;
  timestamp: IsoDateTime;
  contributors: SleepContributors;
}

export type SleepType = 'deleted' | 'sleep' | 'long_sleep' | 'late_nap' | 'rest';

export interface ReadinessContributors {
  activity_balance: number | null;
  body_temperature: number | null;
  hrv_balance: number | null;
  previous_day_activity: number | null;
  previous_night: number | null;
  recovery_index: number | null;
  resting_heart_rate: number | null;
  sleep_balance: number | null;
  sleep_regularity?: number | null;
}

export interface SleepReadiness {
  contributors: ReadinessContributors;
  score: number | null;
  temperature_deviation: number | null;
  temperature_trend_deviation: number | null;
}

/** A sleep period; `day` is the wake-up day. Durations in seconds. */
export interface SleepPeriod {
  id: string;
  day: IsoDate;
  type: SleepType | null;
  period?: number;
  bedtime_start: IsoDateTime;
  /** Oura was seen sending null while a sleep is still being tracked. */
  bedtime_end: IsoDateTime | null;
  average_breath: number | null;
  average_heart_rate: number | null;
  /** ms */
  average_hrv: number | null;
  lowest_heart_rate: number | null;
  awake_time: number | null;
  deep_sleep_duration: number | null;
  light_sleep_duration: number | null;
  rem_sleep_duration: number | null;
  total_sleep_duration: number | null;
  time_in_bed: number;
  latency: number | null;
  /** 1–100 */
  efficiency: number | null;
  heart_rate: OuraSample | null;
  hrv: OuraSample | null;
  /** '1' no motion, '2' restless, '3' tossing and turning, '4' active. */
  movement_30_sec: string | null;
  /** '1' deep, '2' light, '3' REM, '4' awake. */
  sleep_phase_5_min: string | null;
  sleep_phase_30_sec?: string | null;
  readiness: SleepReadiness | null;
  readiness_score_delta?: number | null;
  sleep_score_delta?: number | null;
  restless_periods: number | null;
  low_battery_alert?: boolean;
  sleep_algorithm_version?: 'v1' | 'v2' | null;
  ring_id?: string | null;
}

export interface DailyReadiness {
  id: string;
  day: IsoDate;
  score: number | null;
  /** °C */
  temperature_deviation: number | null;
  /** °C */
  temperature_trend_deviation: number | null;
  timestamp: IsoDateTime;
  contributors: ReadinessContributors;
}

export interface ActivityContributors {
  meet_daily_targets: number | null;
  move_every_hour: number | null;
  recovery_time: number | null;
  stay_active: number | null;
  training_frequency: number | null;
  training_volume: number | null;
}

/** A day runs 04:00 → 04:00 local. Calories kcal, distances metres, times seconds. */
export interface DailyActivity {
  id: string;
  day: IsoDate;
  score: number | null;
  timestamp: IsoDateTime;
  active_calories: number;
  total_calories: number;
  target_calories: number;
  steps: number;
  equivalent_walking_distance: number;
  target_meters: number;
  meters_to_target: number;
  high_activity_time: number;
  medium_activity_time: number;
  low_activity_time: number;
  sedentary_time: number;
  resting_time: number;
  non_wear_time: number;
  average_met_minutes: number;
  high_activity_met_minutes: number;
  medium_activity_met_minutes: number;
  low_activity_met_minutes: number;
  sedentary_met_minutes: number;
  inactivity_alerts: number;
  met: OuraSample;
  class_5_min: string | null;
  contributors: ActivityContributors;
}

export type HeartRateSource = 'awake' | 'rest' | 'sleep' | 'session' | 'live' | 'workout';
export const HEART_RATE_SOURCES: readonly HeartRateSource[] = ['awake', 'rest', 'sleep', 'session', 'live', 'workout'];

export interface HeartRateRow {
  bpm: number;
  source: HeartRateSource;
  /** UTC */
  timestamp: IsoDateTime;
  /** Documented, but missing live. */
  timestamp_unix?: number;
}

export type WorkoutIntensity = 'easy' | 'moderate' | 'hard';
export type WorkoutSource = 'manual' | 'autodetected' | 'confirmed' | 'workout_heart_rate';

/** No heart-rate fields: those come from the heart-rate collection. */
export interface Workout {
  id: string;
  day: IsoDate;
  activity: string;
  intensity: WorkoutIntensity;
  /** kcal */
  calories: number | null;
  /** metres */
  distance: number | null;
  start_datetime: IsoDateTime;
  end_datetime: IsoDateTime;
  label: string | null;
  source: WorkoutSource;
}

export type SessionType = 'breathing' | 'meditation' | 'nap' | 'relaxation' | 'rest' | 'body_status';
export type SessionMood = 'bad' | 'worse' | 'same' | 'good' | 'great';

export interface Session {
  id: string;
  day: IsoDate;
  type: SessionType;
  mood: SessionMood | null;
  start_datetime: IsoDateTime;
  end_datetime: IsoDateTime;
  heart_rate: OuraSample | null;
  heart_rate_variability: OuraSample | null;
  motion_count: OuraSample | null;
}

/** Deprecated by Oura in favour of enhanced_tag, but older accounts still have data. */
export interface Tag {
  id: string;
  day: IsoDate;
  text: string | null;
  timestamp: IsoDateTime;
  tags: string[];
}

export interface EnhancedTag {
  id: string;
  /** e.g. `tag_generic_nocaffeine`, `custom`, or null for a text-only tag. */
  tag_type_code: string | null;
  start_time: IsoDateTime;
  end_time: IsoDateTime | null;
  start_day: IsoDate;
  end_day: IsoDate | null;
  comment: string | null;
  custom_name: string | null;
}

export type RingHardwareType = 'gen1' | 'gen2' | 'gen2m' | 'gen3' | 'gen4' | 'or5';

export interface RingConfiguration {
  id: string;
  color: string | null;
  design: string | null;
  firmware_version: string | null;
  /** A {@link RingHardwareType} so far; typed open because Oura adds ring models without notice. */
  hardware_type: string | null;
  /** UTC */
  set_up_at: IsoDateTime | null;
  size: number | null;
}

export interface RingBatteryLevel {
  /** UTC */
  timestamp: IsoDateTime;
  timestamp_unix?: number;
  /** 0–100 */
  level: number;
  charging: boolean | null;
  in_charger: boolean | null;
}

export interface DailyStress {
  id: string;
  day: IsoDate;
  /** seconds */
  stress_high: number | null;
  /** seconds */
  recovery_high: number | null;
  day_summary: 'restored' | 'normal' | 'stressful' | null;
}

export type ResilienceLevel = 'limited' | 'adequate' | 'solid' | 'strong' | 'exceptional';

export interface DailyResilience {
  id: string;
  day: IsoDate;
  level: ResilienceLevel;
  contributors: { sleep_recovery: number; daytime_recovery: number; stress: number };
}

export interface DailySpo2 {
  id: string;
  day: IsoDate;
  spo2_percentage: { average: number } | null;
  /** Gen 3+ only; 0–100. */
  breathing_disturbance_index: number | null;
}

export interface DailyCardiovascularAge {
  /** Documented, but missing live. */
  id?: string;
  day: IsoDate;
  vascular_age: number | null;
  /** m/s */
  pulse_wave_velocity: number | null;
}

export interface Vo2Max {
  id: string;
  day: IsoDate;
  timestamp: IsoDateTime;
  /** ml/kg/min */
  vo2_max: number;
}

export type SleepTimeRecommendation =
  | 'improve_efficiency'
  | 'earlier_bedtime'
  | 'later_bedtime'
  | 'earlier_wake_up_time'
  | 'later_wake_up_time'
  | 'follow_optimal_bedtime';
export type SleepTimeStatus =
  'not_enough_nights' | 'not_enough_recent_nights' | 'bad_sleep_quality' | 'only_recommended_found' | 'optimal_found';

export interface SleepTime {
  id: string;
  day: IsoDate;
  /** Offsets in seconds from local midnight of `day` (negative = the evening before); `day_tz` seconds from GMT. */
  optimal_bedtime: { day_tz: number; start_offset: number; end_offset: number } | null;
  recommendation: SleepTimeRecommendation | null;
  status: SleepTimeStatus | null;
}

export interface RestModePeriod {
  id: string;
  start_day: IsoDate;
  end_day: IsoDate | null;
  start_time: IsoDateTime | null;
  end_time: IsoDateTime | null;
  episodes: Array<{ tags: string[]; timestamp: IsoDateTime }>;
}

/** Collections queried by `start_date`/`end_date`, with the row type each returns. */
export interface DateCollections {
  daily_sleep: DailySleep;
  sleep: SleepPeriod;
  daily_readiness: DailyReadiness;
  daily_activity: DailyActivity;
  workout: Workout;
  session: Session;
  tag: Tag;
  enhanced_tag: EnhancedTag;
  daily_stress: DailyStress;
  daily_resilience: DailyResilience;
  daily_spo2: DailySpo2;
  daily_cardiovascular_age: DailyCardiovascularAge;
  vO2_max: Vo2Max;
  sleep_time: SleepTime;
  rest_mode_period: RestModePeriod;
}
export type DateCollection = keyof DateCollections;

export const DATE_COLLECTIONS: readonly DateCollection[] = [
  'daily_sleep',
  'sleep',
  'daily_readiness',
  'daily_activity',
  'workout',
  'session',
  'tag',
  'enhanced_tag',
  'daily_stress',
  'daily_resilience',
  'daily_spo2',
  'daily_cardiovascular_age',
  'vO2_max',
  'sleep_time',
  'rest_mode_period',
];

/** Collections queried by `start_datetime`/`end_datetime` (timestamps UTC). */
export interface DatetimeCollections {
  heartrate: HeartRateRow;
  ring_battery_level: RingBatteryLevel;
}
export type DatetimeCollection = keyof DatetimeCollections;

/** Collections that accept `fields=` (Oura ignores it for these three, so we never send it). */
export const COLLECTIONS_WITHOUT_FIELDS: ReadonlySet<string> = new Set(['daily_resilience', 'enhanced_tag', 'tag']);

/** The "day" a row of a date collection belongs to (enhanced tags and rest mode use `start_day`). */
export function rowDay<C extends DateCollection>(collection: C, row: DateCollections[C]): IsoDate {
  if (collection === 'enhanced_tag') return (row as EnhancedTag).start_day;
  if (collection === 'rest_mode_period') return (row as RestModePeriod).start_day;
  return (row as { day: IsoDate }).day;
}

/** The list envelope of every collection route. */
export interface OuraPage<T> {
  data: T[];
  next_token: string | null;
}

export interface DateRange {
  start_date: IsoDate;
  end_date: IsoDate;
}

export interface DatetimeRange {
  /** ISO 8601 with offset */
  start_datetime: IsoDateTime;
  /** ISO 8601 with offset */
  end_datetime: IsoDateTime;
}
