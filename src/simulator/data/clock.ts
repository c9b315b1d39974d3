/**
 * Time helpers for the generators: local wall-clock times of the synthetic person, and the two ISO
 * spellings Oura uses (local offset for "Localized" fields, `+00:00` for UTC fields).
 */
import type { IsoDate, IsoDateTime } from '../../oura/types.js';
import { addDays, toZonedIso, zonedTimeToInstant } from '../../utils/dates.js';

export const MINUTE_MS = 60_000;
export const SLOT_MS = 5 * MINUTE_MS;

/**
 * The instant of local wall-clock `minutes` after midnight of `day` (negative = the evening before,
 * ≥ 1440 = the next day). Minutes are wall-clock, so 23:00 stays 23:00 across DST changes.
 */
export function localTime(day: IsoDate, minutes: number, timeZone: string): Date {
  const dayShift = Math.floor(minutes / 1440);
  const inDay = minutes - dayShift * 1440;
  const h = Math.floor(inDay / 60);
  const m = Math.floor(inDay % 60);
  const s = Math.round((inDay * 60) % 60);
  const pad = (n: number) => String(n).padStart(2, '0');
  return zonedTimeToInstant(addDays(day, dayShift), `${pad(h)}:${pad(m)}:${pad(s)}`, timeZone);
}

/** Oura's "Localized" spelling: `2025-03-01T23:12:00+01:00`. */
export function localIso(ms: number, timeZone: string): IsoDateTime {
  return toZonedIso(new Date(ms), timeZone);
}

/** Oura's UTC spelling for heart rate and battery rows: `2025-03-01T22:12:00+00:00`. */
export function utcIso(ms: number): IsoDateTime {
  return `${new Date(ms).toISOString().slice(0, 19)}+00:00`;
}

/** A span of time in epoch milliseconds, `end` excluded. */
export interface Span {
  start: number;
  end: number;
}
