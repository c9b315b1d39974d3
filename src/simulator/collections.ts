/**
 * What the simulated cloud serves under `/v2/usercollection/<name>`: each collection's query style, the
 * scopes that unlock it, and the field names `fields=` accepts.
 */
import { COLLECTIONS_WITHOUT_FIELDS, DATE_COLLECTIONS, type DateCollection, type DatetimeCollection } from '../oura/types.js';
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

/** Fields documented but omitted by our rows (as live); still valid in `fields=`. */
const DOCUMENTED_EXTRAS: Record<string, readonly string[]> = {
  daily_cardiovascular_age: ['id'],
  heartrate: ['timestamp_unix'],
  ring_battery_level: ['timestamp_unix'],
};

/** Whether `fields=` is honoured (Oura ignores it for daily_resilience, enhanced_tag and tag). */
export function supportsFields(name: string): boolean {
  return !COLLECTIONS_WITHOUT_FIELDS.has(name);
}

/** The rows of a list collection. */
export function rowsOf(dataset: SimulatedDataset, name: DateCollection | DatetimeCollection | 'ring_configuration'): readonly object[] {
  if (name === 'ring_configuration') return dataset.ringConfigurations;
  if (name === 'heartrate' || name === 'ring_battery_level') return dataset.byDatetime[name];
  return dataset.byDate[name];
}

/** Top-level field names per collection: every key seen in the rows, plus documented extras. */
export function fieldNames(dataset: SimulatedDataset): Map<string, ReadonlySet<string>> {
  const names = new Map<string, ReadonlySet<string>>();
  const all: Array<DateCollection | DatetimeCollection | 'ring_configuration'> = [...DATE_COLLECTIONS, ...DATETIME_COLLECTIONS, 'ring_configuration'];
  for (const name of all) {
    const keys = new Set<string>(DOCUMENTED_EXTRAS[name] ?? []);
    for (const row of rowsOf(dataset, name)) for (const key of Object.keys(row)) keys.add(key);
    names.set(name, keys);
  }
  return names;
}
