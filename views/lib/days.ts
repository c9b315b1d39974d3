/** The x axis of the per-day charts: one band per calendar day from the first row to the last. */
import { daysBetween } from '../../src/lib/time.js';
import { formatShortDay } from '../../src/lib/format.js';
import type { Frame } from './svg.js';

export interface DayAxis {
  /** Left edge of the day's band. */
  start(day: string): number;
  /** Centre of the day's band. */
  centre(day: string): number;
  band: number;
  labels: Array<{ x: number; label: string }>;
}

/** Days without a row keep their place, so a gap in the data shows as a gap. */
export function dayAxis(area: Frame, days: readonly string[]): DayAxis {
  const first = days[0] ?? '1970-01-01';
  const count = days.length === 0 ? 1 : daysBetween(first, days[days.length - 1]!) + 1;
  const band = (area.right - area.left) / count;
  const start = (day: string) => area.left + daysBetween(first, day) * band;
  const centre = (day: string) => start(day) + band / 2;
  return { start, centre, band, labels: days.map((day) => ({ x: centre(day), label: formatShortDay(day) })) };
}
