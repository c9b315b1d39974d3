/**
 * Typical clock times (the usual bedtime, the usual wake time) from ISO date-times with the local
 * offset as Oura sends them. A clock time wraps at midnight, so bedtimes are measured from noon
 * (23:30 and 00:30 are an hour apart, not 23 hours) and wake times from 18:00; the median, not the
 * mean, so that one late party does not move the "usual" bedtime.
 */

const DAY_MINUTES = 1440;

/**
 * Minutes after local midnight of a clock time "23:12" or of an ISO date-time's own clock reading
 * ("2026-11-24T23:12:00+01:00" → 1392), or null.
 */
export function localClockMinutes(isoDateTime: string | null | undefined): number | null {
  const match = typeof isoDateTime === 'string' ? /(?:^|T)(\d{2}):(\d{2})/.exec(isoDateTime) : null;
  if (!match) return null;
  return Number(match[1]) * 60 + Number(match[2]);
}

/** "HH:MM" for minutes after midnight (any integer, wrapped into one day). */
export function formatClock(minutes: number): string {
  const wrapped = ((Math.round(minutes) % DAY_MINUTES) + DAY_MINUTES) % DAY_MINUTES;
  return `${String(Math.floor(wrapped / 60)).padStart(2, '0')}:${String(wrapped % 60).padStart(2, '0')}`;
}

/**
 * The median clock time of `times`, counted from `anchorMinutes` (720 = noon for bedtimes, 1080 = 18:00
 * for wake times) so the day's wrap falls where nobody goes to bed or wakes; "HH:MM", or null when none.
 */
export function medianClockTime(times: ReadonlyArray<string | null | undefined>, anchorMinutes: number): string | null {
  const shifted = times
    .map(localClockMinutes)
    .filter((minutes): minutes is number => minutes !== null)
    .map((minutes) => (minutes - anchorMinutes + DAY_MINUTES) % DAY_MINUTES)
    .sort((a, b) => a - b);
  if (shifted.length === 0) return null;
  const middle = Math.floor(shifted.length / 2);
  const median = shifted.length % 2 === 1 ? shifted[middle]! : (shifted[middle - 1]! + shifted[middle]!) / 2;
  return formatClock(median + anchorMinutes);
}

/** Anchors: bedtimes wrap at noon, wake times at 18:00. */
export const BEDTIME_ANCHOR = 12 * 60;
export const WAKE_ANCHOR = 18 * 60;
