/**
 * Response validation at the boundary. The envelope is checked strictly (a body we cannot page through is
 * an error, and worth a retry); rows are checked leniently, because Oura omits fields it documents as
 * required (`timestamp_unix` on heart rate, `id` on cardiovascular age) and sends nulls for numbers. A row is
 * dropped only when it lacks what we key on (its day or timestamp); the rest is passed through untouched.
 */
import { z } from 'zod';
import type { Logger } from '../logger.js';
import { DAY_FIELD, isDatetimeCollection } from './collections.js';
import { ouraResponseError } from './errorFactory.js';
import type { DateCollection, DatetimeCollection, OuraPage } from './types.js';

const envelopeSchema = z.object({
  data: z.array(z.unknown()),
  next_token: z.string().nullable().optional(),
});

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses a 2xx body's text as JSON. @throws OuraResponseError (retryable) when malformed or truncated. */
export function parseJsonBody(text: string, collection: string, status: number): unknown {
  if (text.trim() === '') throw ouraResponseError(collection, 'empty body', text, status);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw ouraResponseError(collection, 'malformed JSON', text, status);
  }
}

/** Validates `{data: [...], next_token}`; an empty `next_token` counts as the end. @throws OuraResponseError */
export function parseEnvelope(body: unknown, collection: string): OuraPage<unknown> {
  const result = envelopeSchema.safeParse(body);
  if (!result.success) throw ouraResponseError(collection, 'no data list in the answer', JSON.stringify(body));
  const token = result.data.next_token;
  return { data: result.data.data, next_token: token ? token : null };
}

/** Validates a single-document answer (a bare JSON object). @throws OuraResponseError */
export function parseDocument<T>(body: unknown, collection: string): T {
  if (!isRecord(body)) throw ouraResponseError(collection, 'expected a JSON object', JSON.stringify(body));
  return body as T;
}

type Keyed = DateCollection | DatetimeCollection | 'ring_configuration';

/** Whether a row carries what the client keys on for `collection`. */
export function hasEssentials(collection: Keyed, row: unknown): row is Record<string, unknown> {
  if (!isRecord(row)) return false;
  if (collection === 'ring_configuration') return typeof row.id === 'string' && row.id !== '';
  if (isDatetimeCollection(collection)) {
    return typeof row.timestamp === 'string' && !Number.isNaN(Date.parse(row.timestamp));
  }
  const day = row[DAY_FIELD[collection]];
  return typeof day === 'string' && DAY_RE.test(day);
}

/**
 * Keeps the rows that carry their essentials; logs one debug line with the count of dropped ones.
 * No other field is checked: consumers cope with missing and null values.
 */
export function keepUsableRows<T>(collection: Keyed, rows: readonly unknown[], logger: Logger): T[] {
  const kept: T[] = [];
  let dropped = 0;
  for (const row of rows) {
    if (hasEssentials(collection, row)) kept.push(row as T);
    else dropped++;
  }
  if (dropped > 0) {
    logger.debug(`Dropped ${dropped} ${collection} row(s) without a usable ${essentialName(collection)}`, {
      collection,
      dropped,
    });
  }
  return kept;
}

function essentialName(collection: Keyed): string {
  if (collection === 'ring_configuration') return 'id';
  return isDatetimeCollection(collection) ? 'timestamp' : DAY_FIELD[collection];
}
