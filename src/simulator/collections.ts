/**
 * What the simulated cloud serves under `/v2/usercollection/<name>`: each collection's query style, the
 * scopes that unlock it, and the field names `fields=` accepts.
 */
import {
  COLLECTIONS_WITHOUT_FIELDS,
  DATE_COLLECTIONS,
  type DateCollection,
  type DatetimeCollection,
} from '../oura/types.js';
import type { SimulatedDataset } from './types.js';

export const DATETIME_COLLECTIONS: readonly DatetimeCollection[] = ['heartrate', 'ring_battery_level'];

export type CollectionKind = 'date' | 'datetime' | 'personal_info' | 'ring_configuration';

export function collectionKind(name: string): CollectionKind | null {
  if ((DATE_COLLECTIONS as readonly string[]).includes(name)) return 'date';
  if ((DATETIME_COLLECTIONS as readonly string[]).includes(name)) return 'datetime';
  if (name === 'personal_info' || name === 'ring_configuration') return name;
  return null;
}

/**
 * Scopes that unlock a collection (any one suffices). The classic scope is listed first; the newer
 * portal's finer scopes (`stress`, `heart_health`, `ring_configuration`) and the OpenAPI's `spo2Daily`
 * spelling are accepted too.
 */
export function requiredScopes(name: string): readonly string[] {
  switch (name) {
    case 'personal_info':
      return ['personal'];
    case 'heartrate':
      return ['heartrate'];
    case 'workout':
      return ['workout'];
    case 'tag':
    case 'enhanced_tag':
      return ['tag'];
    case 'session':
      return ['session'];
    case 'daily_spo2':
      return ['spo2', 'spo2Daily'];
    case 'daily_stress':
    case 'daily_resilience':
      return ['daily', 'stress'];
    case 'daily_cardiovascular_age':
    case 'vO2_max':
      return ['daily', 'heart_health'];
    case 'ring_configuration':
      return ['daily', 'ring_configuration'];
    default:
      return ['daily'];
  }
}

/**
 * Documented top-level fields per collection (OpenAPI 1.35), so `fields=` is validated the same way even
 * when a short history leaves a collection empty. Keys seen in generated rows are added on top.
 */
const DOCUMENTED_FIELDS: Record<string, readonly string[]> = {
  daily_sleep: ['id', 'day', 'score', 'timestamp', 'contributors'],
  sleep: [
    'id',
    'day',
    'type',
    'period',
    'bedtime_start',
    'bedtime_end',
    'average_breath',
    'average_heart_rate',
    'average_hrv',
    'lowest_heart_rate',
    'awake_time',
    'deep_sleep_duration',
    'light_sleep_duration',
    'rem_sleep_duration',
    'total_sleep_duration',
    'time_in_bed',
    'latency',
    'efficiency',
    'heart_rate',
    'hrv',
    'movement_30_sec',
    'sleep_phase_5_min',
    'sleep_phase_30_sec',
    'readiness',
    'readiness_score_delta',
    'sleep_score_delta',
    'restless_periods',
    'low_battery_alert',
    'sleep_algorithm_version',
    'sleep_analysis_reason',
    'ring_id',
    'app_sleep_phase_5_min',
  ],
  daily_readiness: [
    'id',
    'day',
    'score',
    'temperature_deviation',
    'temperature_trend_deviation',
    'timestamp',
    'contributors',
  ],
  daily_activity: [
    'id',
    'day',
    'score',
    'timestamp',
    'active_calories',
    'total_calories',
    'target_calories',
    'steps',
    'equivalent_walking_distance',
    'target_meters',
    'meters_to_target',
    'high_activity_time',
    'medium_activity_time',
    'low_activity_time',
    'sedentary_time',
    'resting_time',
    'non_wear_time',
    'average_met_minutes',
    'high_activity_met_minutes',
    'medium_activity_met_minutes',
    'low_activity_met_minutes',
    'sedentary_met_minutes',
    'inactivity_alerts',
    'met',
    'class_5_min',
    'contributors',
  ],
  workout: [
    'id',
    'day',
    'activity',
    'intensity',
    'calories',
    'distance',
    'start_datetime',
    'end_datetime',
    'label',
    'source',
  ],
  session: [
    'id',
    'day',
    'type',
    'mood',
    'start_datetime',
    'end_datetime',
    'heart_rate',
    'heart_rate_variability',
    'motion_count',
  ],
  tag: ['id', 'day', 'text', 'timestamp', 'tags'],
  enhanced_tag: ['id', 'tag_type_code', 'start_time', 'end_time', 'start_day', 'end_day', 'comment', 'custom_name'],
  daily_stress: ['id', 'day', 'stress_high', 'recovery_high', 'day_summary'],
  daily_resilience: ['id', 'day', 'level', 'contributors'],
  daily_spo2: ['id', 'day', 'spo2_percentage', 'breathing_disturbance_index'],
  daily_cardiovascular_age: ['id', 'day', 'vascular_age', 'pulse_wave_velocity'],
  vO2_max: ['id', 'day', 'timestamp', 'vo2_max'],
  sleep_time: ['id', 'day', 'optimal_bedtime', 'recommendation', 'status'],
  rest_mode_period: ['id', 'start_day', 'end_day', 'start_time', 'end_time', 'episodes'],
  heartrate: ['bpm', 'source', 'timestamp', 'timestamp_unix'],
  ring_battery_level: ['timestamp', 'timestamp_unix', 'level', 'charging', 'in_charger'],
  ring_configuration: ['id', 'color', 'design', 'firmware_version', 'hardware_type', 'set_up_at', 'size'],
};

/** Whether `fields=` is honoured (Oura ignores it for daily_resilience, enhanced_tag and tag). */
export function supportsFields(name: string): boolean {
  return !COLLECTIONS_WITHOUT_FIELDS.has(name);
}

/** The rows of a list collection. */
export function rowsOf(
  dataset: SimulatedDataset,
  name: DateCollection | DatetimeCollection | 'ring_configuration',
): readonly object[] {
  if (name === 'ring_configuration') return dataset.ringConfigurations;
  if (name === 'heartrate' || name === 'ring_battery_level') return dataset.byDatetime[name];
  return dataset.byDate[name];
}

/** Top-level field names per collection: the documented ones plus every key seen in the rows. */
export function fieldNames(dataset: SimulatedDataset): Map<string, ReadonlySet<string>> {
  const names = new Map<string, ReadonlySet<string>>();
  const all: Array<DateCollection | DatetimeCollection | 'ring_configuration'> = [
    ...DATE_COLLECTIONS,
    ...DATETIME_COLLECTIONS,
    'ring_configuration',
  ];
  for (const name of all) {
    const keys = new Set<string>(DOCUMENTED_FIELDS[name] ?? []);
    // Rows of one collection share a shape: the first few are enough.
    for (const row of rowsOf(dataset, name).slice(0, 20)) for (const key of Object.keys(row)) keys.add(key);
    names.set(name, keys);
  }
  return names;
}
