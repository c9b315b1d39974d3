/**
 * Request windows: the widened date window of date routes and the ≤ N-day chunks of datetime routes.
 */
import { addDays } from '../lib/time.js';
import type { DateRange } from './types.js';

const DAY_MS = 86_400_000;

/**
 * The upstream window for a date route: `paddingDays` wider on each side. Oura's `daily_activity` and `sleep`
 * were seen dropping the end or start day and `workout` filters by UTC date, so asking exactly for the
 * range loses rows at its edges; the client trims back to the asked days afterwards.
 */
export function widenDateRange(range: DateRange, paddingDays: number): DateRange {
  return { start_date: addDays(range.start_date, -paddingDays), end_date: addDays(range.end_date, paddingDays) };
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
  const local = new Date(epochMs + offsetMinutes * 60_000).toISOString();
  const body = local.endsWith('.000Z') ? local.slice(0, 19) : local.slice(0, 23);
  if (offsetMinutes === 0) return `${body}+00:00`;
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${body}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

export interface DatetimeChunk {
  start_datetime: string;
  end_datetime: string;
}

/**
 * Splits `[startMs, endMs]` into consecutive windows of at most `chunkDays` days (Oura advises ≤ 30 days of
 * heart rate per request). Boundaries are written in the caller's offset; neighbouring chunks share their
 * edge instant, and the client de-duplicates a sample returned by both.
 */
export function datetimeChunks(startMs: number, endMs: number, chunkDays: number, offsetMinutes: number): DatetimeChunk[] {
  const size = Math.max(1, chunkDays) * DAY_MS;
  const chunks: DatetimeChunk[] = [];
  for (let from = startMs; from < endMs || chunks.length === 0; from += size) {
    const to = Math.min(from + size, endMs);
    chunks.push({ start_datetime: formatWithOffset(from, offsetMinutes), end_datetime: formatWithOffset(to, offsetMinutes) });
    if (to >= endMs) break;
  }
  return chunks;
}

/**
 * Runs `task` over `items` with at most `limit` in flight; results keep the input order. After a failure no
 * new task starts and the first error is thrown.
 */
export async function mapWithConcurrency<I, O>(items: readonly I[], limit: number, task: (item: I, index: number) => Promise<O>): Promise<O[]> {
  const results = new Array<O>(items.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = await task(items[index] as I, index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return results;
}
