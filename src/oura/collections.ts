/**
 * Per-collection facts the client and the cache key on: which field holds a row's day, which holds its
 * start time, which fields must always be fetched, and how rows are identified, ordered and sent as `fields=`.
 */
import {
  COLLECTIONS_WITHOUT_FIELDS,
  type DateCollection,
  type DateCollections,
  type DatetimeCollection,
  rowDay,
} from './types.js';

/** Field holding the day a row belongs to (enhanced tags and rest-mode periods start on `start_day`). */
export const DAY_FIELD: Readonly<Record<DateCollection, 'day' | 'start_day'>> = {
  daily_sleep: 'day',
  sleep: 'day',
  daily_readiness: 'day',
  daily_activity: 'day',
  workout: 'day',
  session: 'day',
  tag: 'day',
  enhanced_tag: 'start_day',
  daily_stress: 'day',
  daily_resilience: 'day',
  daily_spo2: 'day',
  daily_cardiovascular_age: 'day',
  vO2_max: 'day',
  sleep_time: 'day',
  rest_mode_period: 'start_day',
};

/** Start-time field of collections with several rows per day (orders rows within a day). */
export const START_FIELD: Readonly<Partial<Record<DateCollection, string>>> = {
  sleep: 'bedtime_start',
  workout: 'start_datetime',
  session: 'start_datetime',
  tag: 'timestamp',
  enhanced_tag: 'start_time',
  rest_mode_period: 'start_time',
};

/** True for the datetime collections (`heartrate`, `ring_battery_level`). */
export function isDatetimeCollection(collection: string): collection is DatetimeCollection {
  return collection === 'heartrate' || collection === 'ring_battery_level';
}

/**
 * Fields every row must carry for trimming, de-duplication and ordering; always added to `fields=`.
 * Cardiovascular age leaves out `id`: Oura was seen omitting it live, so we never ask for it.
 */
export function essentialFields(collection: DateCollection | DatetimeCollection): string[] {
  if (isDatetimeCollection(collection)) return ['timestamp'];
  const out: string[] = collection === 'daily_cardiovascular_age' ? [] : ['id'];
  out.push(DAY_FIELD[collection]);
  const start = START_FIELD[collection];
  if (start) out.push(start);
  return out;
}

/** Whether Oura honours `fields=` on this collection (it ignores it on `daily_resilience`, `enhanced_tag`, `tag`). */
export function supportsFields(collection: string): boolean {
  return !COLLECTIONS_WITHOUT_FIELDS.has(collection);
}

/**
 * The normalised field set of a query: sorted, de-duplicated, essentials included; `null` means every field
 * (none asked, or the collection ignores `fields=`).
 */
export function normaliseFields(
  collection: DateCollection | DatetimeCollection,
  fields: ReadonlyArray<string> | undefined,
): string[] | null {
  if (!fields || fields.length === 0 || !supportsFields(collection)) return null;
  return [...new Set([...fields, ...essentialFields(collection)])].sort();
}

/** Copies only `fields` of `row` (those present). */
export function projectRow<T>(row: T, fields: ReadonlyArray<string>): T {
  const source = row as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    if (Object.prototype.hasOwnProperty.call(source, field)) out[field] = source[field];
  }
  return out as T;
}

function stringField(row: unknown, field: string): string | undefined {
  const value = (row as Record<string, unknown>)[field];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Identity used to de-duplicate rows of a date collection: the `id`, or (cardiovascular age has none live)
 * the day plus start time.
 */
export function dateRowIdentity<C extends DateCollection>(collection: C, row: DateCollections[C]): string {
  const id = stringField(row, 'id');
  if (id) return `id:${id}`;
  const start = START_FIELD[collection];
  return `day:${rowDay(collection, row)}|${start ? (stringField(row, start) ?? '') : ''}`;
}

/** Epoch ms of an ISO timestamp, or NaN. */
function instant(value: string | undefined): number {
  return value === undefined ? Number.NaN : Date.parse(value);
}

/** Orders rows of a date collection by day, then by start instant where the collection has one. */
export function compareDateRows<C extends DateCollection>(
  collection: C,
): (a: DateCollections[C], b: DateCollections[C]) => number {
  const start = START_FIELD[collection];
  return (a, b) => {
    const dayA = rowDay(collection, a);
    const dayB = rowDay(collection, b);
    if (dayA !== dayB) return dayA < dayB ? -1 : 1;
    if (!start) return 0;
    const ta = instant(stringField(a, start));
    const tb = instant(stringField(b, start));
    if (Number.isNaN(ta) || Number.isNaN(tb)) return Number.isNaN(ta) ? (Number.isNaN(tb) ? 0 : 1) : -1;
    return ta - tb;
  };
}

/** Identity of a datetime row (a chunk edge can return the same sample twice). */
export function datetimeRowIdentity(row: unknown): string {
  return `${stringField(row, 'timestamp') ?? ''}|${stringField(row, 'source') ?? ''}`;
}

/** Epoch ms of a datetime row's `timestamp`. */
export function datetimeRowInstant(row: unknown): number {
  return instant(stringField(row, 'timestamp'));
}
