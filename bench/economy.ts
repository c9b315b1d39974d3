/**
 * Upstream economy against its lower bound (issue #17, item 5). The bound of a conversation is what a
 * perfect cache would still have to ask Oura for: per call and collection, the days (UTC days for heart
 * rate) that no earlier call asked for with the same or more fields, grouped into contiguous windows, each
 * window costing the pages it needs. The windows are the ones the simulator saw our tools ask for, so the
 * bound charges re-fetches, split windows and extra pages, not the width a tool asks for (Oura's edge-day
 * quirks make that width a choice, see `widenDateRange`).
 *
 * Pages: heart rate under the bench's network model is cut into one page per UTC day, so a window needs
 * one page per UTC day it touches; every other collection fits a window's rows in one page (≤ 50 rows).
 */
import type { LoggedListRequest } from '../src/simulator/faults.js';

const DAY_MS = 86_400_000;

export interface EconomyCall {
  /** The list requests Oura received during the call, in order. */
  requests: readonly LoggedListRequest[];
  /** Requests per data route during the call (every page, documents and personal_info included). */
  upstream: Readonly<Record<string, number>>;
}

export interface EconomyBound {
  /** Per call, the requests a perfect cache would still make. */
  perCall: number[];
  total: number;
}

/** `YYYY-MM-DD` of an epoch-ms instant in UTC. */
const utcDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** Every day from `first` to `last` (both `YYYY-MM-DD`), ascending. */
function daysBetween(first: string, last: string): string[] {
  const days: string[] = [];
  for (let ms = Date.parse(`${first}T00:00:00Z`); ms <= Date.parse(`${last}T00:00:00Z`); ms += DAY_MS)
    days.push(utcDay(ms));
  return days;
}

/** The days a request covers: dates for date routes, the UTC days touched for datetime routes. */
function daysOf(request: LoggedListRequest): string[] {
  const [from, to] = request.window ?? ['', ''];
  if (typeof from === 'number' && typeof to === 'number') return daysBetween(utcDay(from), utcDay(to));
  if (typeof from === 'string' && typeof to === 'string' && from !== '') return daysBetween(from, to);
  return [];
}

/** Whether a cell fetched with `have` fields serves a request for `want` (null: all fields). */
function covers(have: string | null, want: string | null): boolean {
  if (have === null || have === want) return true;
  if (want === null) return false;
  const haveSet = new Set(have.split(','));
  return want.split(',').every((field) => haveSet.has(field));
}

/** Runs of consecutive days in an ascending list. */
function runsOf(days: readonly string[]): string[][] {
  const runs: string[][] = [];
  for (const day of days) {
    const run = runs[runs.length - 1];
    const previous = run?.[run.length - 1];
    if (run && previous !== undefined && Date.parse(day) - Date.parse(previous) === DAY_MS) run.push(day);
    else runs.push([day]);
  }
  return runs;
}

/** The lower bound of each call of a conversation, the calls in the order they were made. */
export function economyBound(calls: readonly EconomyCall[]): EconomyBound {
  /** `collection|day` → the field sets it was fetched with; keyed reads (`latest`, documents) by their key. */
  const fetched = new Map<string, Array<string | null>>();
  const isCovered = (key: string, fields: string | null): boolean =>
    (fetched.get(key) ?? []).some((have) => covers(have, fields));
  const remember = (key: string, fields: string | null): void => {
    fetched.set(key, [...(fetched.get(key) ?? []), fields]);
  };

  const perCall = calls.map((call) => {
    let needed = 0;
    const firstPages = call.requests.filter((request) => !request.followUp);
    const listed = new Set(firstPages.map((request) => request.collection));
    // Per collection and field set, the days this call asked that no earlier call had.
    const asked = new Map<string, { collection: string; fields: string | null; days: Set<string> }>();
    const keyed: Array<{ key: string; fields: string | null }> = [];
    for (const request of firstPages) {
      const days = daysOf(request);
      if (request.latest || days.length === 0) {
        keyed.push({ key: `${request.collection}|${request.latest ? 'latest' : 'all'}`, fields: request.fields });
        continue;
      }
      const group = `${request.collection}|${request.fields ?? '*'}`;
      const entry = asked.get(group) ?? { collection: request.collection, fields: request.fields, days: new Set() };
      for (const day of days) entry.days.add(day);
      asked.set(group, entry);
    }
    for (const { collection, fields, days } of asked.values()) {
      const fresh = [...days].filter((day) => !isCovered(`${collection}|${day}`, fields)).sort();
      for (const run of runsOf(fresh)) needed += collection === 'heartrate' ? run.length : 1;
    }
    for (const { key, fields } of keyed) if (!isCovered(key, fields)) needed++;
    // Routes the log does not list (personal_info, single documents): one request each, once.
    for (const route of Object.keys(call.upstream))
      if (!listed.has(route) && !isCovered(`${route}|document`, null)) needed++;

    for (const { collection, fields, days } of asked.values())
      for (const day of days) remember(`${collection}|${day}`, fields);
    for (const { key, fields } of keyed) remember(key, fields);
    for (const route of Object.keys(call.upstream)) if (!listed.has(route)) remember(`${route}|document`, null);
    return needed;
  });
  return { perCall, total: perCall.reduce((a, b) => a + b, 0) };
}
