/** The x axis of the per-day charts (one band per calendar day from the first row to the last), and what those views share. */
import { daysBetween } from '../../src/lib/time.js';
import { formatDayRange, formatShortDay } from '../../src/lib/format.js';
import { frame, type Frame } from './svg.js';

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

/** What every per-day view of `data` rows shares: 7/30/90-day ranges, empty without rows, ends on the last row. */
export function dailyRanges<Out extends { data: ReadonlyArray<{ date: string }> }>(noun: 'days' | 'nights') {
  return {
    ranges: [7, 30, 90],
    rangeLabel: (days: number) => `${days} ${noun}`,
    isEmpty: (out: Out) => out.data.length === 0,
    lastDay: (out: Out) => out.data[out.data.length - 1]?.date,
  };
}

/** `14 days, 13–26 Oct 2025`: how many and which, the start of each daily summary. */
export function countedRange(count: number, noun: 'day' | 'night', dates: readonly string[]): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}, ${formatDayRange(dates[0]!, dates[dates.length - 1]!)}`;
}

/** A chart of two panels over one day axis: the main measure above (narrower on phones), a second below. */
export function twoPanels(
  width: number,
  upper: { narrow: number; wide: number },
  lowerHeight: number,
  dates: readonly string[],
): { area: Frame; upper: Frame; lower: Frame; days: DayAxis } {
  const upperHeight = width < 500 ? upper.narrow : upper.wide;
  const area = frame(width, upperHeight + lowerHeight + 16);
  const top = { ...area, bottom: area.top + upperHeight - 28 };
  return { area, upper: top, lower: { ...area, top: top.bottom + 28 }, days: dayAxis(area, dates) };
}
