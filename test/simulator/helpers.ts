/**
 * Shared helpers for the simulator tests: a fixed clock, JSON GETs with a bearer token, and a
 * follow-every-page reader.
 */
import type { RunningSimulator } from '../../src/simulator/index.js';

/** Saturday 15 March 2025, 12:20 in Berlin: last night is over, today's activity is partial. */
export const FIXED_NOW = new Date('2025-03-15T11:20:00Z');

/** A clock tests can move forward. */
export function manualClock(start: Date = FIXED_NOW): { now: () => Date; advance(ms: number): void } {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance: (ms) => {
      current += ms;
    },
  };
}

export interface JsonResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

/** GET `path` (relative to the simulator) with an optional bearer token; parses JSON bodies. */
export async function getJson(sim: RunningSimulator, path: string, token?: string): Promise<JsonResponse> {
  const response = await fetch(`${sim.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON (the malformed fault, HTML pages): keep the text.
  }
  return { status: response.status, headers: response.headers, body };
}

export interface Page<T> {
  data: T[];
  next_token: string | null;
}

/** Follows `next_token` to the end; returns every row and the number of pages read. */
export async function readAllPages<T>(
  sim: RunningSimulator,
  path: string,
  token: string,
): Promise<{ rows: T[]; pages: number }> {
  const rows: T[] = [];
  let pages = 0;
  let next: string | null = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const url: string = next === null ? path : `${path}${separator}next_token=${encodeURIComponent(next)}`;
    const response = await getJson(sim, url, token);
    if (response.status !== 200) throw new Error(`GET ${url} → ${response.status} ${JSON.stringify(response.body)}`);
    const page = response.body as Page<T>;
    rows.push(...page.data);
    next = page.next_token;
    pages++;
    if (pages > 1000) throw new Error('paging loop');
  } while (next !== null);
  return { rows, pages };
}

/** POSTs a form to the token URL (classic by default). */
export async function postForm(
  url: string,
  form: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<JsonResponse> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
    redirect: 'manual',
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // HTML or empty
  }
  return { status: response.status, headers: response.headers, body };
}
