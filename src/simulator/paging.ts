/**
 * Opaque `next_token` cursors. A token carries the offset of the next page, the resolved query window
 * (so "now"-relative defaults do not drift between pages) and a fingerprint of the other query
 * parameters: a client that changes them between pages gets a 400, as it would deserve.
 */
import { createHash } from 'node:crypto';

export interface Cursor {
  /** Index of the first row of the next page. */
  offset: number;
  /** The resolved window of the first request (dates or epoch ms, as the route stored them). */
  window: [string | number, string | number] | null;
}

/** A stable hash of the route and every query parameter except `next_token`. */
export function queryFingerprint(route: string, query: Record<string, string>): string {
  const parts = Object.keys(query)
    .filter((key) => key !== 'next_token')
    .sort()
    .map((key) => `${key}=${query[key]}`);
  return createHash('sha256')
    .update(`${route}?${parts.join('&')}`)
    .digest('base64url')
    .slice(0, 16);
}

/** Oura's tokens look like `1:eyJ1Ijp7…` (a version, a colon, base64 with `+`, `/` and `=`): clients must encode them. */
const TOKEN_PREFIX = '1:';

export function encodeCursor(cursor: Cursor, fingerprint: string): string {
  return (
    TOKEN_PREFIX +
    Buffer.from(JSON.stringify({ o: cursor.offset, w: cursor.window, f: fingerprint })).toString('base64')
  );
}

function isWindow(value: unknown): value is [string | number, string | number] {
  return (
    Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string' || typeof v === 'number')
  );
}

/** The cursor inside `token`, or null when it is not one of ours or was made for other parameters. */
export function decodeCursor(token: string, fingerprint: string): Cursor | null {
  let parsed: unknown;
  try {
    if (!token.startsWith(TOKEN_PREFIX)) return null;
    parsed = JSON.parse(Buffer.from(token.slice(TOKEN_PREFIX.length), 'base64').toString('utf8'));
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { o, w, f } = parsed as Record<string, unknown>;
  if (f !== fingerprint || typeof o !== 'number' || !Number.isInteger(o) || o < 0) return null;
  if (w !== null && !isWindow(w)) return null;
  return { offset: o, window: w };
}

/** One page of `rows` starting at `offset`, with the token for the next page (null on the last). */
export function pageOf<T>(
  rows: readonly T[],
  offset: number,
  pageSize: number,
  window: Cursor['window'],
  fingerprint: string,
): { data: T[]; next_token: string | null } {
  const end = offset + pageSize;
  return {
    data: rows.slice(offset, end),
    next_token: end < rows.length ? encodeCursor({ offset: end, window }, fingerprint) : null,
  };
}
