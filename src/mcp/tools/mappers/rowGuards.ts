/**
 * Small guards for reading Oura rows. The client parses leniently (Oura omits fields it documents as
 * required), so every value is checked before it reaches an answer: a missing number becomes `null`,
 * never `undefined` or `NaN`, which the published output schemas would reject.
 */
import type { IsoDate } from '../../../oura/types.js';
import { mean, numbers, round } from '../../../analysis/stats.js';

/** A finite number (rounded to `digits` decimals when given), else null. */
export function finiteOrNull(value: unknown, digits?: number): number | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  return digits === undefined ? value : round(value, digits);
}

/** A non-empty string, else null. */
export function textOrNull(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

/** Mean of the finite values rounded to `digits`, or null when there are none. */
export function meanOrNull(values: ReadonlyArray<number | null | undefined>, digits: number): number | null {
  const m = mean(numbers(values));
  return m === null ? null : round(m, digits);
}

/** Sum of the finite values (nulls count as nothing). */
export function sumOf(values: ReadonlyArray<number | null | undefined>): number {
  return numbers(values).reduce((total, value) => total + value, 0);
}

/** Ascending comparator on ISO dates / ISO date-times of the same offset style. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sorts rows by their `date`, keeping Oura's order within a day. */
export function sortByDate<Row extends { date: IsoDate }>(rows: Row[]): Row[] {
  return rows.sort((a, b) => compareText(a.date, b.date));
}

/** Milliseconds of an ISO date-time, or null when absent or unparseable. */
export function instantOf(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}
