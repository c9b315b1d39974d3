/**
 * Calendar math in the owner's time zone. Dates are `YYYY-MM-DD` local days; all arithmetic is done
 * on UTC-midnight instants so DST never shifts a day.
 */

/** `YYYY-MM-DD`, a local day of the owner (Oura's `day`). */
export type IsoDate = string;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** UTC midnight of a calendar date; unlike `Date.UTC`, years 0–99 are not moved to 1900–1999. */
function utcMidnight(year: number, month: number, day: number): Date {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(0, 0, 0, 0);
  return date;
}

/** True for a well-formed, existing calendar date (rejects 2025-02-30). */
export function isValidDate(value: string): boolean {
  const match = DATE_RE.exec(value);
  if (!match) return false;
  const [, y, m, d] = match;
  const date = utcMidnight(Number(y), Number(m), Number(d));
  return date.getUTCFullYear() === Number(y) && date.getUTCMonth() === Number(m) - 1 && date.getUTCDate() === Number(d);
}

function toEpochDay(date: IsoDate): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return utcMidnight(y, m, d).getTime() / DAY_MS;
}

function fromEpochDay(epochDay: number): IsoDate {
  return new Date(epochDay * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromEpochDay(toEpochDay(date) + days);
}

/** Whole days from `from` to `to` (`to - from`); 0 for the same day. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toEpochDay(to) - toEpochDay(from);
}

/** Every date from `start` to `end`, both included. */
export function eachDay(start: IsoDate, end: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  for (let day = toEpochDay(start); day <= toEpochDay(end); day++) out.push(fromEpochDay(day));
  return out;
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = partsFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormatters.set(timeZone, formatter);
  }
  return formatter;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(instant: Date, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour! % 24,
    minute: parts.minute!,
    second: parts.second!,
  };
}

/** The local calendar day of an instant in `timeZone`. */
export function localDate(instant: Date, timeZone: string): IsoDate {
  const w = wallClock(instant, timeZone);
  return `${String(w.year).padStart(4, '0')}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}

/** Per zone: the local day last computed and the instants [from, until) it covers. */
const todayCache = new Map<string, { day: IsoDate; from: number; until: number }>();

/**
 * Today in the owner's zone. Every tool call asks, and the `Intl` lookup behind it was a measurable
 * share of a cached call (bench profile), so the answer is kept until the next local midnight.
 */
export function todayIn(timeZone: string, now: Date = new Date()): IsoDate {
  const at = now.getTime();
  const cached = todayCache.get(timeZone);
  if (cached && at >= cached.from && at < cached.until) return cached.day;
  const day = localDate(now, timeZone);
  todayCache.set(timeZone, {
    day,
    from: startOfLocalDay(day, timeZone).getTime(),
    until: startOfLocalDay(addDays(day, 1), timeZone).getTime(),
  });
  return day;
}

/** Offset of `timeZone` from UTC at `instant`, in minutes (e.g. +60 for Berlin in winter). */
export function zoneOffsetMinutes(instant: Date, timeZone: string): number {
  const w = wallClock(instant, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/** `+01:00` style offset string. */
export function formatOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

const OFFSET_RE = /(Z|[+-]\d{2}:?\d{2})$/i;

/** The UTC offset in minutes written at the end of an ISO 8601 string (`Z` → 0), or null when none. */
export function offsetOf(isoDateTime: string): number | null {
  const match = OFFSET_RE.exec(isoDateTime.trim());
  if (!match?.[1]) return null;
  const text = match[1];
  if (text.toUpperCase() === 'Z') return 0;
  const digits = text.replace(':', '');
  const sign = digits.startsWith('-') ? -1 : 1;
  return sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
}

/** ISO 8601 for `epochMs` written with `offsetMinutes` (e.g. `2025-10-26T07:00:00+02:00`); ms only when non-zero. */
export function formatWithOffset(epochMs: number, offsetMinutes: number): string {
  const local = new Date(epochMs + offsetMinutes * MINUTE_MS).toISOString();
  const body = local.endsWith('.000Z') ? local.slice(0, 19) : local.slice(0, 23);
  return `${body}${formatOffset(offsetMinutes)}`;
}

const QUARTER_HOUR_MS = 900_000;

/**
 * UTC offsets of one zone, memoised per UTC quarter hour: every DST transition falls on a quarter hour,
 * and `Intl` per reading would dominate a month of heart rate (~10,000 readings).
 */
export class ZoneOffsets {
  private readonly cache = new Map<number, number>();
  constructor(readonly timezone: string) {}

  /** Offset from UTC in minutes at `ms`. */
  at(ms: number): number {
    const slot = Math.floor(ms / QUARTER_HOUR_MS);
    let offset = this.cache.get(slot);
    if (offset === undefined) {
      offset = zoneOffsetMinutes(new Date(slot * QUARTER_HOUR_MS), this.timezone);
      this.cache.set(slot, offset);
    }
    return offset;
  }

  /** ISO 8601 in the zone, with its offset at that instant. */
  iso(ms: number): string {
    return formatWithOffset(ms, this.at(ms));
  }

  /** The local calendar day of `ms`. */
  day(ms: number): string {
    return new Date(ms + this.at(ms) * MINUTE_MS).toISOString().slice(0, 10);
  }
}

/**
 * The instant at which the local wall-clock time `date`T`time` happens in `timeZone`.
 * For a time skipped by DST the later valid instant is returned.
 */
export function zonedTimeToInstant(date: IsoDate, time: string, timeZone: string): Date {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [h = 0, mi = 0, s = 0] = time.split(':').map(Number);
  const guess = Date.UTC(y, mo - 1, d, h, mi, s);
  // Two passes converge for every real zone (the offset at the guessed instant, then at the result).
  let instant = guess - zoneOffsetMinutes(new Date(guess), timeZone) * 60_000;
  instant = guess - zoneOffsetMinutes(new Date(instant), timeZone) * 60_000;
  return new Date(instant);
}

/** Start of local day `date` in `timeZone`, as an instant. */
export function startOfLocalDay(date: IsoDate, timeZone: string): Date {
  return zonedTimeToInstant(date, '00:00:00', timeZone);
}

/** ISO 8601 with the zone's offset at that instant, e.g. `2025-10-26T07:12:00+01:00`. */
export function toZonedIso(instant: Date, timeZone: string): string {
  const w = wallClock(instant, timeZone);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}${formatOffset(zoneOffsetMinutes(instant, timeZone))}`;
}

/** Real UTC offsets run from -12:00 to +14:00; `+23:59` parses in JavaScript but names no place on Earth. */
function isRealOffset(offset: string): boolean {
  if (offset.toUpperCase() === 'Z') return true;
  const match = /^([+-])(\d{2}):?(\d{2})$/.exec(offset);
  if (!match) return false;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  if (Number(match[3]) >= 60) return false;
  return match[1] === '+' ? minutes <= 14 * 60 : minutes <= 12 * 60;
}

const DATETIME_RE = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?))?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Parses an ISO 8601 date-time. Without an offset (or a bare date) it is read as wall-clock time in
 * `timeZone`. Returns null when malformed or impossible.
 */
export function parseDateTimeInZone(value: string, timeZone: string): Date | null {
  const match = DATETIME_RE.exec(value.trim());
  if (!match) return null;
  const [, date, time, offset] = match;
  if (!date || !isValidDate(date)) return null;
  if (time) {
    const [h, m, s] = time.split(':').map(Number);
    if (h! > 23 || m! > 59 || (s ?? 0) >= 60) return null;
  }
  if (offset && !isRealOffset(offset)) return null;
  if (offset) {
    const instant = new Date(
      `${date}T${time ?? '00:00:00'}${offset.toUpperCase() === 'Z' ? 'Z' : offset.length === 5 ? `${offset.slice(0, 3)}:${offset.slice(3)}` : offset}`,
    );
    return Number.isNaN(instant.getTime()) ? null : instant;
  }
  return zonedTimeToInstant(date, time ?? '00:00:00', timeZone);
}
