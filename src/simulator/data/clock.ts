/**
 * Time helpers for the generators: local wall-clock times of the synthetic person, and the two ISO
 * spellings Oura uses (local offset for "Localized" fields, `+00:00` for UTC fields).
 *
 * Generating a dataset formats ~100k timestamps, and `Intl` is slow, so zone offsets come from one
 * memo per zone ({@link ZoneOffsets}, per UTC quarter hour).
 */
import type { IsoDate, IsoDateTime } from '../../oura/types.js';
import { DAY_MS, formatOffset, MINUTE_MS, ZoneOffsets } from '../../lib/time.js';

export const SLOT_MS = 5 * MINUTE_MS;

/** One memo of zone offsets per zone, shared by every generator. */
const zones = new Map<string, ZoneOffsets>();

/** The zone's offset from UTC at `ms`, in minutes. */
export function offsetMinutesAt(ms: number, timeZone: string): number {
  let zone = zones.get(timeZone);
  if (!zone) {
    zone = new ZoneOffsets(timeZone);
    zones.set(timeZone, zone);
  }
  return zone.at(ms);
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
