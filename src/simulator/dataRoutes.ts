/**
 * `/v2/usercollection/*`: bearer and scope checks, date/datetime filtering (with Oura's quirks when on),
 * `fields=`, `{data, next_token}` paging and single documents. The same handlers serve
 * `/v2/sandbox/usercollection/*`, which (as on Oura) accepts any bearer string.
 */
import express, { type Request, type Response, type Router } from 'express';
import { DAY_MS } from '../lib/time.js';
import type { DateCollection, DatetimeCollection, PersonalInfo } from '../oura/types.js';
import { collectionKind, fieldNames, requiredScopes, rowsOf, supportsFields } from './collections.js';
import { applyFault, type FaultRegistry, type RequestCounters } from './faults.js';
import type { OAuthStore } from './oauth.js';
import { decodeCursor, pageOf, queryFingerprint, type Cursor } from './paging.js';
import {
  inDateRange,
  parseBoolean,
  parseDateRange,
  parseDatetimeWindow,
  parseFields,
  type QueryError,
} from './query.js';
import type { SimulatedDataset, SimulatorAccount, SimulatorFault } from './types.js';

/** The second Oura account's `personal_info`: same body, another person (see {@link SimulatorAccount}). */
export function otherAccountPersonalInfo(owner: PersonalInfo): PersonalInfo {
  return { ...owner, id: `other-${owner.id}`, email: 'someone.else@example.com' };
}

export interface DataRouteDeps {
  dataset: SimulatedDataset;
  store: OAuthStore;
  faults: FaultRegistry;
  counters: RequestCounters;
  now: () => Date;
  /** Read per request so tests can flip them. */
  settings: { quirks: boolean; pageSize: number; heartRatePageSize: number; heartRatePaging: 'rows' | 'utcDay' };
}

/** Flattens Express's query object: first value per key, except `fields`, whose repeats are joined. */
function flatQuery(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.query as Record<string, unknown>)) {
    const values = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
    if (values.length === 0) continue;
    out[key] = key === 'fields' ? values.join(',') : values[0]!;
  }
  return out;
}

function pick(row: object, fields: readonly string[] | null, drop: readonly string[]): object {
  if (fields === null && drop.length === 0) return row;
  const source = row as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of fields ?? Object.keys(source)) {
    if (key in source && !drop.includes(key)) out[key] = source[key];
  }
  return out;
}

function sendError(res: Response, error: QueryError): void {
  res.status(error.status).json(error.body);
}

/** Index of the first timestamp ≥ `ms` in an ascending list. */
function lowerBound(times: Float64Array, ms: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! < ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Rows from `offset` up to (not including) the first one of the next UTC day; at least one. */
function rowsUntilNextUtcDay(rows: ReadonlyArray<{ timestamp: string }>, offset: number): number {
  const first = rows[offset];
  if (!first) return 1;
  const nextDay = (Math.floor(Date.parse(first.timestamp) / DAY_MS) + 1) * DAY_MS;
  let end = offset + 1;
  while (end < rows.length && Date.parse(rows[end]!.timestamp) < nextDay) end++;
  return end - offset;
}

export function createDataRouter(deps: DataRouteDeps): Router {
  const { dataset, store, faults, counters, settings } = deps;
  const router = express.Router();
  const fields = fieldNames(dataset);
  const timestamps = new Map<DatetimeCollection, Float64Array>(
    (['heartrate', 'ring_battery_level'] as const).map((c) => {
      const rows: ReadonlyArray<{ timestamp: string }> = dataset.byDatetime[c];
      return [c, Float64Array.from(rows, (r) => Date.parse(r.timestamp))];
    }),
  );

  /** Counting, faults, bearer and scope. Null when the request was answered (or left hanging) here. */
  const gate = async (
    req: Request,
    res: Response,
    collection: string,
    sandbox: boolean,
  ): Promise<{ fault: SimulatorFault | null; scopes: ReadonlySet<string>; account: SimulatorAccount } | null> => {
    const routeKey = sandbox ? `sandbox/${collection}` : collection;
    counters.increment(routeKey);
    const fault = faults.take(routeKey, true);
    if (await applyFault(fault, res)) return null;
    const kind = collectionKind(collection);
    if (kind === null) {
      res.status(404).json({ detail: 'Not Found' });
      return null;
    }
    if (sandbox)
      return { fault, scopes: new Set(requiredScopes(collection).concat('email', 'personal')), account: 'owner' };
    const header = req.headers.authorization;
    const token = header?.toLowerCase().startsWith('bearer ') ? header.slice(7).trim() : undefined;
    const auth = store.authenticate(token);
    if (!auth.ok) {
      res.status(401).json({ detail: auth.detail });
      return null;
    }
    const needed = requiredScopes(collection);
    if (!needed.some((s) => auth.scopes.has(s))) {
      res.status(403).json({ detail: `Missing scope: this endpoint requires the "${needed[0]}" scope` });
      return null;
    }
    return { fault, scopes: auth.scopes, account: auth.account };
  };

  const listHandler = (sandbox: boolean) => async (req: Request, res: Response) => {
    const collection = String(req.params.collection);
    const passed = await gate(req, res, collection, sandbox);
    if (!passed) return;
    const drop = passed.fault?.kind === 'drop-fields' ? passed.fault.fields : [];
    const kind = collectionKind(collection)!;
    const query = flatQuery(req);

    if (kind === 'personal_info') {
      const person = passed.account === 'other' ? otherAccountPersonalInfo(dataset.personalInfo) : dataset.personalInfo;
      const info = { ...person, email: passed.scopes.has('email') ? person.email : null };
      return void res.json(pick(info, null, drop));
    }

    let selected: string[] | null = null;
    if (supportsFields(collection)) {
      const parsed = parseFields(query.fields, fields.get(collection) ?? new Set());
      if (!parsed.ok) return sendError(res, parsed.error);
      selected = parsed.value;
    }
    const fingerprint = queryFingerprint(collection, query);
    let cursor: Cursor = { offset: 0, window: null };
    if (query.next_token !== undefined) {
      const decoded = decodeCursor(query.next_token, fingerprint);
      if (!decoded) return void res.status(400).json({ detail: 'Invalid next_token' });
      cursor = decoded;
    }

    let rows: readonly object[];
    let window: Cursor['window'] = null;
    if (kind === 'date') {
      const parsed = parseDateRange(query, dataset.today);
      if (!parsed.ok) return sendError(res, parsed.error);
      const start = (cursor.window?.[0] as string | undefined) ?? parsed.value.start;
      const end = (cursor.window?.[1] as string | undefined) ?? parsed.value.end;
      window = [start, end];
      const name = collection as DateCollection;
      rows = dataset.byDate[name].filter((row) => inDateRange(name, row, start, end, settings.quirks));
    } else if (kind === 'datetime') {
      const name = collection as DatetimeCollection;
      const latest = parseBoolean('latest', query.latest);
      if (!latest.ok) return sendError(res, latest.error);
      const all = dataset.byDatetime[name];
      const times = timestamps.get(name)!;
      if (latest.value && query.start_datetime === undefined && query.end_datetime === undefined) {
        const last = lowerBound(times, deps.now().getTime() + 1) - 1;
        rows = last >= 0 ? [all[last]!] : [];
      } else {
        const parsed = parseDatetimeWindow(query, deps.now().getTime());
        if (!parsed.ok) return sendError(res, parsed.error);
        const start = (cursor.window?.[0] as number | undefined) ?? parsed.value.start;
        const end = (cursor.window?.[1] as number | undefined) ?? parsed.value.end;
        window = [start, end];
        const from = lowerBound(times, start);
        const to = lowerBound(times, end + 1);
        rows = latest.value ? (to > from ? [all[to - 1]!] : []) : all.slice(from, to);
      }
    } else {
      rows = rowsOf(dataset, 'ring_configuration');
    }

    if (cursor.offset > 0 && cursor.offset >= rows.length)
      return void res.status(400).json({ detail: 'Invalid next_token' });
    const size =
      collection !== 'heartrate'
        ? settings.pageSize
        : settings.heartRatePaging === 'utcDay'
          ? rowsUntilNextUtcDay(rows as ReadonlyArray<{ timestamp: string }>, cursor.offset)
          : settings.heartRatePageSize;
    counters.record({
      collection,
      window,
      fields: query.fields ?? null,
      latest: query.latest === 'true',
      followUp: cursor.offset > 0,
    });
    const page = pageOf(rows, cursor.offset, size, window, fingerprint);
    res.json({ data: page.data.map((row) => pick(row, selected, drop)), next_token: page.next_token });
  };

  const documentHandler = (sandbox: boolean) => async (req: Request, res: Response) => {
    const collection = String(req.params.collection);
    const passed = await gate(req, res, collection, sandbox);
    if (!passed) return;
    const kind = collectionKind(collection);
    const id = String(req.params.id);
    const rows: readonly object[] =
      kind === 'date'
        ? dataset.byDate[collection as DateCollection]
        : kind === 'ring_configuration'
          ? dataset.ringConfigurations
          : [];
    const row = rows.find((r) => (r as { id?: unknown }).id === id);
    if (!row) return void res.status(404).json({ detail: `No ${collection} document with id ${id}` });
    res.json(pick(row, null, passed.fault?.kind === 'drop-fields' ? passed.fault.fields : []));
  };

  router.get('/v2/usercollection/:collection', listHandler(false));
  router.get('/v2/usercollection/:collection/:id', documentHandler(false));
  router.get('/v2/sandbox/usercollection/:collection', listHandler(true));
  router.get('/v2/sandbox/usercollection/:collection/:id', documentHandler(true));
  return router;
}
