/**
 * Request windows: the widened date window of date routes and the ≤ N-day chunks of datetime routes.
 */
import { addDays, DAY_MS, formatWithOffset } from '../lib/time.js';
import type { DateRange } from './types.js';

/**
 * The upstream window for a date route: `paddingDays` wider on each side. Oura's `daily_activity` and `sleep`
 * were seen dropping the end or start day and `workout` filters by UTC date, so asking exactly for the
 * range loses rows at its edges; the client trims back to the asked days afterwards.
 */
export function widenDateRange(range: DateRange, paddingDays: number): DateRange {
  return { start_date: addDays(range.start_date, -paddingDays), end_date: addDays(range.end_date, paddingDays) };
}

export interface DatetimeChunk {
  start_datetime: string;
  end_datetime: string;
}

/**
 * Splits `[startMs, endMs]` into consecutive windows of at most `chunkDays` days (Oura advises ≤ 30 days of
 * heart rate per request; the client uses one-day windows so a long range is fetched concurrently).
 * Boundaries are written in the caller's offset. A window ends one second before the next one starts:
 * Oura's timestamps are whole seconds, and a shared edge instant would ask for the sample there twice
 * (under time-cut pages, a whole extra page for that one sample). The client still de-duplicates.
 */
export function datetimeChunks(
  startMs: number,
  endMs: number,
  chunkDays: number,
  offsetMinutes: number,
): DatetimeChunk[] {
  const size = Math.max(1, chunkDays) * DAY_MS;
  const chunks: DatetimeChunk[] = [];
  for (let from = startMs; from < endMs || chunks.length === 0; from += size) {
    const last = from + size >= endMs;
    const to = last ? endMs : from + size - EDGE_GAP_MS;
    chunks.push({
      start_datetime: formatWithOffset(from, offsetMinutes),
      end_datetime: formatWithOffset(to, offsetMinutes),
    });
    if (last) break;
  }
  return chunks;
}

/** Gap between one window's end and the next one's start: Oura's timestamps are whole seconds. */
const EDGE_GAP_MS = 1000;

/**
 * Runs `task` over `items` with at most `limit` in flight; results keep the input order. After a failure no
 * new task starts and the first error is thrown.
 */
export async function mapWithConcurrency<I, O>(
  items: readonly I[],
  limit: number,
  task: (item: I, index: number) => Promise<O>,
): Promise<O[]> {
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
