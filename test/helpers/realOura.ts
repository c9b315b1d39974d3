/**
 * Real captured Oura API v2 bodies (`test/fixtures/oura-real`, see its PROVENANCE.md) served on Oura's
 * routes on 127.0.0.1, behind the simulator's OAuth routes, so the real app and a real MCP client can
 * replay them:
 *
 *   const oura = await startRealOura({ now: () => NOW });
 *   // oura.url is the API base; oura.bodies holds the raw bodies; oura.requests logs every data request.
 *   await oura.close();
 *
 * Date routes filter rows by their day field (`start_date`/`end_date`, inclusive), datetime routes by
 * `start_datetime`/`end_datetime` (as on Oura: end defaults to now, start to a day before the end;
 * `latest=true` keeps the newest row). A captured page with a `next_token` answers with that token; asked for
 * the token, the server sends the page captured after it, or (none was published) an empty last page.
 * `fields=` is ignored: Oura may always send more than asked.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Request, type Response } from 'express';
import { DAY_FIELD, isDatetimeCollection } from '../../src/oura/collections.js';
import type { DateCollection } from '../../src/oura/types.js';
import { DEFAULT_CLIENT } from '../../src/simulator/env.js';
import { listenOnce } from '../../src/simulator/listen.js';
import { FaultRegistry, RequestCounters } from '../../src/simulator/faults.js';
import { OAuthStore } from '../../src/simulator/oauth.js';
import { createOAuthRouter } from '../../src/simulator/oauthRoutes.js';

export const REAL_FIXTURES_DIR = fileURLToPath(new URL('../fixtures/oura-real/', import.meta.url));

type Row = Record<string, unknown>;

/** One captured answer: a list page, or a single document (served as the only row of a page). */
export interface CapturedBody {
  file: string;
  rows: Row[];
  nextToken: string | null;
}

export interface RealOura {
  /** API base, `http://127.0.0.1:PORT`. */
  url: string;
  /** Captured bodies by collection, as read from the files. */
  bodies: ReadonlyMap<string, readonly CapturedBody[]>;
  /** Every data request: the collection and its query. */
  requests: Array<{ collection: string; query: Record<string, string> }>;
  close(): Promise<void>;
}

function isRecord(value: unknown): value is Row {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readBody(file: string): CapturedBody {
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!isRecord(parsed)) throw new Error(`${file}: not a JSON object`);
  const name = path.relative(REAL_FIXTURES_DIR, file);
  if (!Array.isArray(parsed.data)) return { file: name, rows: [parsed], nextToken: null };
  const rows = parsed.data.filter(isRecord);
  return {
    file: name,
    rows,
    nextToken: typeof parsed.next_token === 'string' && parsed.next_token !== '' ? parsed.next_token : null,
  };
}

/** Every captured body under `dir`, by collection (the folder name). */
export function loadRealBodies(dir = REAL_FIXTURES_DIR): Map<string, CapturedBody[]> {
  const out = new Map<string, CapturedBody[]>();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const files = readdirSync(path.join(dir, entry.name))
      .filter((name) => name.endsWith('.json'))
      .sort();
    out.set(
      entry.name,
      files.map((name) => readBody(path.join(dir, entry.name, name))),
    );
  }
  return out;
}

/** Rows of every captured body of `collection`, in file order. */
export function realRows(bodies: ReadonlyMap<string, readonly CapturedBody[]>, collection: string): Row[] {
  return (bodies.get(collection) ?? []).flatMap((body) => body.rows);
}

function flatQuery(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.query as Record<string, unknown>)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') out[key] = first;
  }
  return out;
}

function inDays(row: Row, field: string, start: string | undefined, end: string | undefined): boolean {
  const day = row[field];
  if (typeof day !== 'string') return false;
  return (start === undefined || day >= start) && (end === undefined || day <= end);
}

const DAY_MS = 86_400_000;

/** Whether a datetime row falls in the query's window, with Oura's defaults for a missing edge. */
function inWindow(row: Row, query: Record<string, string>, nowMs: number): boolean {
  const at = typeof row.timestamp === 'string' ? Date.parse(row.timestamp) : Number.NaN;
  const end = query.end_datetime === undefined ? nowMs : Date.parse(query.end_datetime);
  const start = query.start_datetime === undefined ? end - DAY_MS : Date.parse(query.start_datetime);
  return at >= start && at <= end;
}

function isDateCollection(collection: string): collection is DateCollection {
  return Object.hasOwn(DAY_FIELD, collection);
}

/** Starts the fixture server (OAuth as the simulator's, consent auto-approved). */
export async function startRealOura(options: { now: () => Date; dir?: string }): Promise<RealOura> {
  const bodies = loadRealBodies(options.dir);
  const store = new OAuthStore({
    clients: [DEFAULT_CLIENT],
    now: options.now,
    accessTokenTtlSeconds: 86_400,
    tokenEndpointMode: 'classic',
  });
  const requests: RealOura['requests'] = [];
  // The page captured after each token; none was published, so a known token leads to an empty last page.
  const knownTokens = new Set(
    [...bodies.values()].flat().flatMap((body) => (body.nextToken === null ? [] : [body.nextToken])),
  );

  const app = express();
  app.disable('x-powered-by');
  app.use(
    createOAuthRouter({
      store,
      faults: new FaultRegistry(),
      counters: new RequestCounters(),
      autoApprove: () => true,
      signInAccount: () => 'owner',
    }),
  );
  app.get('/v2/usercollection/:collection', (req: Request, res: Response) => {
    const collection = String(req.params.collection);
    const query = flatQuery(req);
    requests.push({ collection, query });
    const header = req.headers.authorization;
    const auth = store.authenticate(header?.toLowerCase().startsWith('bearer ') ? header.slice(7).trim() : undefined);
    if (!auth.ok) return void res.status(401).json({ detail: auth.detail });

    const captured = bodies.get(collection) ?? [];
    if (collection === 'personal_info') return void res.json(captured[0]?.rows[0] ?? {});
    if (query.next_token !== undefined) {
      if (!knownTokens.has(query.next_token)) return void res.status(400).json({ detail: 'Invalid next_token' });
      return void res.json({ data: [], next_token: null });
    }
    const keep = (row: Row): boolean => {
      if (isDatetimeCollection(collection)) return inWindow(row, query, options.now().getTime());
      if (isDateCollection(collection)) return inDays(row, DAY_FIELD[collection], query.start_date, query.end_date);
      return true;
    };
    const answering = captured
      .map((body) => ({ body, rows: body.rows.filter(keep) }))
      .filter((part) => part.rows.length > 0);
    const rows = answering.flatMap((part) => part.rows);
    if (query.latest === 'true') return void res.json({ data: rows.slice(-1), next_token: null });
    res.json({
      data: rows,
      next_token: answering.find((part) => part.body.nextToken !== null)?.body.nextToken ?? null,
    });
  });
  app.use((_req: Request, res: Response) => {
    res.status(404).json({ detail: 'Not Found' });
  });

  const listening = await listenOnce(app);
  return { url: listening.url, bodies, requests, close: listening.close };
}
