/**
 * Time helpers for the generators: local wall-clock times of the synthetic person, and the two ISO
 * spellings Oura uses (local offset for "Localized" fields, `+00:00` for UTC fields).
 *
 * Generating a dataset formats ~100k timestamps, and `Intl` is slow, so zone offsets are cached per
 * UTC hour (checked at both ends of the hour, so a DST change at :30 still gets the exact answer).
 */
import type { IsoDate, IsoDateTime } from '../../oura/types.js';
import { formatOffset, zoneOffsetMinutes } from '../../lib/time.js';

export const MINUTE_MS = 60_000;
export const SLOT_MS = 5 * MINUTE_MS;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

const hourOffsets = new Map<string, Map<number, number>>();

function offsetAtHour(hour: number, timeZone: string): number {
  let cache = hourOffsets.get(timeZone);
  if (!cache) {
    cache = new Map();
    hourOffsets.set(timeZone, cache);
  }
  let offset = cache.get(hour);
  if (offset === undefined) {
    offset = zoneOffsetMinutes(new Date(hour * HOUR_MS), timeZone);
    // Bounded: a few years of hours per zone is plenty for any dataset.
    if (cache.size > 100_000) cache.clear();
    cache.set(hour, offset);
  }
  return offset;
}

/** The zone's offset from UTC at `ms`, in minutes. */
export function offsetMinutesAt(ms: number, timeZone: string): number {
  const hour = Math.floor(ms / HOUR_MS);
  const atStart = offsetAtHour(hour, timeZone);
  return atStart === offsetAtHour(hour + 1, timeZone) ? atStart : zoneOffsetMinutes(new Date(ms), timeZone);
}

/**
 * The instant of local wall-clock `minutes` after midnight of `day` (negative = the evening before,
 * ≥ 1440 = the next day). Minutes are wall-clock, so 23:00 stays 23:00 across DST changes; a time
 * skipped by DST lands on the later valid instant.
 */
export function localTime(day: IsoDate, minutes: number, timeZone: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d) + Math.round(minutes * MINUTE_MS);
  // Two passes converge for every real zone (offset at the guess, then at the result).
  let instant = guess - offsetMinutesAt(guess, timeZone) * MINUTE_MS;
  instant = guess - offsetMinutesAt(instant, timeZone) * MINUTE_MS;
  return new Date(instant);
}

const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const dayPrefixes = new Map<number, string>();

/** `YYYY-MM-DDTHH:MM:SS` of an instant read as UTC (fast path for shifted local times too). */
function wallIso(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  let prefix = dayPrefixes.get(day);
  if (prefix === undefined) {
    prefix = `${new Date(day * DAY_MS).toISOString().slice(0, 10)}T`;
    if (dayPrefixes.size > 100_000) dayPrefixes.clear();
    dayPrefixes.set(day, prefix);
  }
  const seconds = Math.floor((ms - day * DAY_MS) / 1000);
  return `${prefix}${TWO_DIGITS[Math.floor(seconds / 3600)]}:${TWO_DIGITS[Math.floor(seconds / 60) % 60]}:${TWO_DIGITS[seconds % 60]}`;
}

/** Oura's "Localized" spelling: `2025-03-01T23:12:00+01:00`. */
export function localIso(ms: number, timeZone: string): IsoDateTime {
  const offset = offsetMinutesAt(ms, timeZone);
  return `${wallIso(ms + offset * MINUTE_MS)}${formatOffset(offset)}`;
}

/** Oura's UTC spelling for heart rate and battery rows: `2025-03-01T22:12:00+00:00`. */
export function utcIso(ms: number): IsoDateTime {
  return `${wallIso(ms)}+00:00`;
}

/** A span of time in epoch milliseconds, `end` excluded. */
export interface Span {
  start: number;
  end: number;
}
