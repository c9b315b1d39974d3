/**
 * Query parameters of the data routes, validated the way Oura answers: malformed values → 422 with a
 * FastAPI-style `detail` list, impossible ranges → 400 `{detail}`. Also the date filter, with Oura's
 * boundary quirks when they are switched on.
 */
import type { DateCollection, DateCollections, IsoDate } from '../oura/types.js';
import { rowDay } from '../oura/types.js';
import { addDays, DAY_MS, isValidDate, parseDateTimeInZone } from '../lib/time.js';

/** Oura refuses datetime windows longer than this (clients must chunk). */
export const MAX_DATETIME_WINDOW_MS = 30 * DAY_MS;

/** A 4xx answer for a bad query. */
export interface QueryError {
  status: 400 | 422;
  body: unknown;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: QueryError };

/** The 422 body FastAPI (and so Oura) sends for one bad query parameter. */
export function validationError(param: string, msg: string, type: string, input?: string): QueryError {
  return {
    status: 422,
    body: { detail: [{ loc: ['query', param], msg, type, ...(input === undefined ? {} : { input }) }] },
  };
}

function badRequest(detail: string): QueryError {
  return { status: 400, body: { detail } };
}

/** `start_date`/`end_date` with Oura's defaults: end = today, start = end − 1 day. */
export function parseDateRange(
  query: Record<string, string>,
  today: IsoDate,
): Parsed<{ start: IsoDate; end: IsoDate }> {
  for (const param of ['start_date', 'end_date'] as const) {
    const value = query[param];
    if (value !== undefined && !isValidDate(value)) {
      return {
        ok: false,
        error: validationError(
          param,
          'Input should be a valid date in the format YYYY-MM-DD',
          'date_from_datetime_parsing',
          value,
        ),
      };
    }
  }
  const end = query.end_date ?? today;
  const start = query.start_date ?? addDays(end, -1);
  if (start > end) return { ok: false, error: badRequest(`Start date ${start} is after end date ${end}`) };
  return { ok: true, value: { start, end } };
}

/**
 * One datetime parameter. A `+` offset sent unencoded arrives as a space (`…T10:00:00 01:00`); it is
 * read back as `+01:00` rather than rejected, since that is what the client meant. A value without an
 * offset is taken as UTC.
 */
function parseInstant(param: string, raw: string): Parsed<number> {
  const repaired = raw.replace(/^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}:?\d{2})$/, '$1+$2');
  const instant = parseDateTimeInZone(repaired, 'UTC');
  if (!instant)
    return {
      ok: false,
      error: validationError(
        param,
        'Input should be a valid datetime (ISO 8601 with offset, e.g. 2025-01-31T00:00:00+01:00)',
        'datetime_parsing',
        raw,
      ),
    };
  return { ok: true, value: instant.getTime() };
}

/** `start_datetime`/`end_datetime` (defaults: end = now, start = end − 1 day), at most 30 days apart. */
export function parseDatetimeWindow(
  query: Record<string, string>,
  nowMs: number,
): Parsed<{ start: number; end: number }> {
  let start: number | undefined;
  let end = nowMs;
  if (query.start_datetime !== undefined) {
    const parsed = parseInstant('start_datetime', query.start_datetime);
    if (!parsed.ok) return parsed;
    start = parsed.value;
  }
  if (query.end_datetime !== undefined) {
    const parsed = parseInstant('end_datetime', query.end_datetime);
    if (!parsed.ok) return parsed;
    end = parsed.value;
  }
  start ??= end - DAY_MS;
  if (start > end) return { ok: false, error: badRequest('start_datetime must be before end_datetime') };
  if (end - start > MAX_DATETIME_WINDOW_MS)
    return {
      ok: false,
      error: badRequest('The range between start_datetime and end_datetime must not exceed 30 days'),
    };
  return { ok: true, value: { start, end } };
}

/** `true`/`false` (FastAPI also accepts 1/0, yes/no); anything else → 422. */
export function parseBoolean(param: string, raw: string | undefined): Parsed<boolean> {
  if (raw === undefined) return { ok: true, value: false };
  const lower = raw.toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(lower)) return { ok: true, value: true };
  if (['false', '0', 'no', 'off'].includes(lower)) return { ok: true, value: false };
  return { ok: false, error: validationError(param, 'Input should be a valid boolean', 'bool_parsing', raw) };
}

/** `fields=a,b` (or repeated `fields`), checked against the collection's field names. */
export function parseFields(raw: string | undefined, known: ReadonlySet<string>): Parsed<string[] | null> {
  if (raw === undefined) return { ok: true, value: null };
  const fields = raw
    .split(',')
    .map((f) => f.trim())
    .filter((f) => f !== '');
  const unknown = fields.filter((f) => !known.has(f));
  if (unknown.length > 0)
    return {
      ok: false,
      error: validationError('fields', `Unknown field(s): ${unknown.join(', ')}`, 'value_error', raw),
    };
  return { ok: true, value: fields.length > 0 ? fields : null };
}

/**
 * Whether a row falls inside [start, end]. With quirks on, as seen live: `daily_activity` drops the
 * end day, `sleep` drops the start day, and `workout` filters by the UTC date of `start_datetime`.
 */
export function inDateRange<C extends DateCollection>(
  collection: C,
  row: DateCollections[C],
  start: IsoDate,
  end: IsoDate,
  quirks: boolean,
): boolean {
  if (quirks && collection === 'workout') {
    const utcDay = new Date((row as DateCollections['workout']).start_datetime).toISOString().slice(0, 10);
    return utcDay >= start && utcDay <= end;
  }
  const day = rowDay(collection, row);
  if (quirks && collection === 'daily_activity') return day >= start && day < end;
  if (quirks && collection === 'sleep') return day > start && day <= end;
  return day >= start && day <= end;
}
