/**
 * Readable fragments for tool texts: durations, day ranges, numbers. Texts are short and for a model
 * to read aloud, so units are spelled the way people say them.
 */
import type { IsoDate } from './time.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `7 h 12 min`, `45 min`, `40 s`, `0 min`: seconds below a minute, so a short span never reads as none. */
export function formatDuration(seconds: number): string {
  if (seconds > 0 && seconds < 59.5) return `${Math.round(seconds)} s`;
  const totalMinutes = Math.round(seconds / 60);
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  if (hours === 0) return `${minutes} min`;
  return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
}

/** `47 m`, `5.2 km`: metres below a kilometre, so a short distance never reads as `0.0 km`. */
export function formatDistance(metres: number): string {
  return metres < 999.5 ? `${Math.round(metres)} m` : `${(metres / 1000).toFixed(1)} km`;
}

/** `7:05` (hours:minutes) for a table cell; `–` when absent. */
export function formatHoursMinutes(seconds: number | null): string {
  if (seconds === null) return '–';
  const minutes = Math.round(seconds / 60);
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}

/** `20 Nov` of `2025-11-20`: a table row's day, the year being in the answer's heading. */
export function formatShortDay(day: IsoDate): string {
  return formatDay(day).replace(/ \d{4}$/, '');
}

/** `26 Oct 2025`. */
export function formatDay(day: IsoDate): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

/** `20–26 Oct 2025`, `28 Sep – 4 Oct 2025`, `30 Dec 2024 – 2 Jan 2025`, or one day. */
export function formatDayRange(start: IsoDate, end: IsoDate): string {
  if (start === end) return formatDay(start);
  const [ys, ms, ds] = start.split('-').map(Number) as [number, number, number];
  const [ye, me, de] = end.split('-').map(Number) as [number, number, number];
  if (ys !== ye) return `${formatDay(start)} – ${formatDay(end)}`;
  if (ms !== me) return `${ds} ${MONTHS[ms - 1]} – ${de} ${MONTHS[me - 1]} ${ye}`;
  return `${ds}–${de} ${MONTHS[me - 1]} ${ye}`;
}

/** Thousands separators for counts: `12,345`. */
export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** `+0.3 °C` / `-0.2 °C`. */
export function formatSigned(value: number, unit: string, digits = 1): string {
  const text = value.toFixed(digits);
  return `${value > 0 ? '+' : ''}${text}${unit ? ` ${unit}` : ''}`;
}
