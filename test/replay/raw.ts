/**
 * Reading the captured bodies in replay tests: expected values are computed here from the raw rows,
 * independently of the tools (no import from `src/mcp`).
 */
import type { RealOura } from '../helpers/realOura.js';
import { realRows } from '../helpers/realOura.js';

export type RawRow = Record<string, unknown>;

/** Every captured row of `collection` whose `field` equals `value`. */
export function rowsWhere(oura: RealOura, collection: string, field: string, value: unknown): RawRow[] {
  return realRows(oura.bodies, collection).filter((row) => row[field] === value);
}

/** The one captured row of `collection` whose `field` equals `value`. */
export function rowWhere(oura: RealOura, collection: string, field: string, value: unknown): RawRow {
  const rows = rowsWhere(oura, collection, field, value);
  if (rows.length !== 1)
    throw new Error(`expected one ${collection} row with ${field}=${String(value)}, found ${rows.length}`);
  return rows[0]!;
}

/** A number field of a raw row (nested with dots: `spo2_percentage.average`). */
export function num(row: RawRow, field: string): number {
  let value: unknown = row;
  for (const key of field.split('.')) value = (value as RawRow | null)?.[key];
  if (typeof value !== 'number') throw new Error(`${field} is not a number: ${String(value)}`);
  return value;
}

/** Seconds as people say them, computed by hand: `3 h 32 min`, `48 min`. */
export function hoursMinutes(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h === 0 ? `${m} min` : m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** Rounds once, half away from zero, to `digits` decimals. */
export function roundTo(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** The items of a raw `{interval, items, timestamp}` series that are numbers. */
export function seriesNumbers(row: RawRow, field: string): number[] {
  const series = row[field] as { items?: unknown[] } | null;
  return (series?.items ?? []).filter((item): item is number => typeof item === 'number');
}
