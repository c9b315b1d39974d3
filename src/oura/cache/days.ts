/**
 * Day-granular caching for range queries. Per scope (a collection) and field set, each day is a cell holding
 * that day's rows; a day with no rows is a cell too, so "nothing recorded" is remembered. A request is served
 * from fresh cells where it can; the remaining days are fetched as ONE upstream range (first to last missing
 * day), and every day of that range becomes a cell. Requests that need days an in-flight fetch is already
 * getting wait for it instead of fetching again. A cell fetched with more fields (or all fields) also serves
 * a request for fewer, projected down.
 */
import type { Logger } from '../../logger.js';
import { projectRow } from '../collections.js';
import type { RequestOptions } from '../source.js';
import { SharedFetch } from './sharedFetch.js';
import type { CacheStore } from './store.js';

/** `*` for all fields, else the normalised field list joined by commas. */
export type FieldsKey = string;
export const ALL_FIELDS: FieldsKey = '*';

/** The key of a normalised field list (`null` = all fields). */
export function fieldsKeyOf(fields: readonly string[] | null): FieldsKey {
  return fields === null ? ALL_FIELDS : fields.join(',');
}

/** Whether rows fetched with `have` contain every field a request for `want` needs. */
export function fieldsCover(have: FieldsKey, want: FieldsKey): boolean {
  if (have === ALL_FIELDS || have === want) return true;
  if (want === ALL_FIELDS) return false;
  const haveSet = new Set(have.split(','));
  return want.split(',').every((field) => haveSet.has(field));
}

interface Flight<Row> {
  fieldsKey: FieldsKey;
  first: string;
  last: string;
  shared: SharedFetch<Map<string, Row[]>>;
}

export interface DayRequest<Row> {
  /** e.g. the collection name; cells of different scopes never mix. */
  scope: string;
  /** The asked days (`YYYY-MM-DD`), ascending. */
  days: readonly string[];
  /** Normalised field list, or null for all fields. */
  fields: readonly string[] | null;
  /** For log lines, e.g. `daily_sleep (2025-10-20..2025-10-26)`. */
  label: string;
  /** The caller's signal and upstream-step hook (see `callScope.ts`). */
  options?: RequestOptions | undefined;
  /**
   * Fetches days `first..last` and returns the rows of every day in that span (empty arrays included);
   * `options` are the shared fetch's own (aborted only when every waiting caller gave up).
   */
  fetch: (first: string, last: string, options: RequestOptions) => Promise<Map<string, Row[]>>;
}

export interface DayCellCounters {
  hit(): void;
  miss(): void;
}

/** Serves day-bucketed range requests from cells and shared in-flight fetches. */
export class DayCells {
  private readonly flights = new Map<string, Array<Flight<unknown>>>();
  /** Field sets ever stored per scope, to find cells that can serve a request. */
  private readonly fieldSets = new Map<string, Set<FieldsKey>>();

  constructor(
    private readonly store: CacheStore,
    private readonly logger: Logger,
    private readonly counters: DayCellCounters,
  ) {}

  /** Forgets in-flight fetches and known field sets (their results will not be stored: see `CacheStore`). */
  clear(): void {
    this.flights.clear();
    this.fieldSets.clear();
  }

  /** The rows of each asked day, from cells, shared fetches, or one new fetch. */
  async read<Row>(request: DayRequest<Row>): Promise<Map<string, Row[]>> {
    const wantKey = fieldsKeyOf(request.fields);
    const found = new Map<string, Row[]>();
    const waitFor = new Map<string, Flight<Row>>();
    const missing: string[] = [];

    for (const day of request.days) {
      const cell = this.freshCell<Row>(request.scope, wantKey, day);
      if (cell) {
        found.set(day, cell.fieldsKey === wantKey ? cell.rows : this.project(cell.rows, request.fields));
        continue;
      }
      const flight = this.flightFor<Row>(request.scope, wantKey, day);
      if (flight) waitFor.set(day, flight);
      else missing.push(day);
    }

    let own: Flight<Row> | undefined;
    const first = missing[0];
    const last = missing[missing.length - 1];
    if (first !== undefined && last !== undefined) {
      this.counters.miss();
      this.logger.debug(`Cache miss for ${request.label}: fetching ${first}..${last}`, { scope: request.scope });
      own = this.startFlight(request, wantKey, first, last);
    } else {
      this.counters.hit();
      this.logger.debug(`Cache hit for ${request.label}${waitFor.size > 0 ? ' (sharing a fetch in flight)' : ''}`, {
        scope: request.scope,
      });
    }

    const pending = new Set<Flight<Row>>(waitFor.values());
    if (own) pending.add(own);
    // Settle every flight together so one failing while we wait for another is never left unhandled.
    const results = new Map<Flight<Row>, Map<string, Row[]>>();
    await Promise.all(
      [...pending].map(async (flight) => results.set(flight, await flight.shared.join(request.options))),
    );

    // Rebuilt in the asked order: callers rely on days coming out ascending.
    const out = new Map<string, Row[]>();
    for (const day of request.days) {
      const cached = found.get(day);
      if (cached) {
        out.set(day, cached);
        continue;
      }
      const flight = waitFor.get(day) ?? own;
      const rows = (flight && results.get(flight)?.get(day)) ?? [];
      out.set(day, flight && flight.fieldsKey !== wantKey ? this.project(rows, request.fields) : rows);
    }
    return out;
  }

  private cellKey(scope: string, fieldsKey: FieldsKey, day: string): string {
    return `cell|${scope}|${fieldsKey}|${day}`;
  }

  /** A fresh cell able to serve `wantKey`, preferring the exact field set. */
  private freshCell<Row>(
    scope: string,
    wantKey: FieldsKey,
    day: string,
  ): { rows: Row[]; fieldsKey: FieldsKey } | undefined {
    const exact = this.store.get<Row[]>(this.cellKey(scope, wantKey, day));
    if (exact) return { rows: exact.value, fieldsKey: wantKey };
    for (const haveKey of this.fieldSets.get(scope) ?? []) {
      if (haveKey === wantKey || !fieldsCover(haveKey, wantKey)) continue;
      const cell = this.store.get<Row[]>(this.cellKey(scope, haveKey, day));
      if (cell) return { rows: cell.value, fieldsKey: haveKey };
    }
    return undefined;
  }

  private flightFor<Row>(scope: string, wantKey: FieldsKey, day: string): Flight<Row> | undefined {
    const flights = (this.flights.get(scope) ?? []) as Array<Flight<Row>>;
    return flights.find(
      (f) => f.first <= day && day <= f.last && !f.shared.abandoned && fieldsCover(f.fieldsKey, wantKey),
    );
  }

  private startFlight<Row>(request: DayRequest<Row>, fieldsKey: FieldsKey, first: string, last: string): Flight<Row> {
    const generation = this.store.generation;
    const flight: Flight<Row> = {
      fieldsKey,
      first,
      last,
      shared: new SharedFetch(async (options) => {
        const byDay = await request.fetch(first, last, options);
        if (this.store.generation === generation && this.store.enabled) {
          for (const [day, rows] of byDay)
            this.store.set(this.cellKey(request.scope, fieldsKey, day), rows, generation);
          let sets = this.fieldSets.get(request.scope);
          if (!sets) this.fieldSets.set(request.scope, (sets = new Set()));
          sets.add(fieldsKey);
        }
        return byDay;
      }),
    };
    const list = this.flights.get(request.scope) ?? [];
    list.push(flight);
    this.flights.set(request.scope, list);
    // Errors are never cached: the flight is forgotten either way and the next caller fetches again.
    const forget = (): void => {
      const current = this.flights.get(request.scope);
      if (!current) return;
      const rest = current.filter((f) => f !== (flight as Flight<unknown>));
      if (rest.length > 0) this.flights.set(request.scope, rest);
      else this.flights.delete(request.scope);
    };
    flight.shared.promise.then(forget, forget);
    return flight;
  }

  private project<Row>(rows: Row[], fields: readonly string[] | null): Row[] {
    return fields === null ? rows : rows.map((row) => projectRow(row, fields));
  }
}

/** Groups rows into the days of `first..last` (every day present, possibly empty); rows outside are dropped. */
export function groupByDay<Row>(
  rows: readonly Row[],
  days: readonly string[],
  dayOf: (row: Row) => string | undefined,
): Map<string, Row[]> {
  const out = new Map<string, Row[]>(days.map((day) => [day, []]));
  for (const row of rows) {
    const day = dayOf(row);
    if (day !== undefined) out.get(day)?.push(row);
  }
  return out;
}
