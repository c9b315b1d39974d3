/**
 * The real OuraClient over real HTTP against the simulated Oura cloud: every collection, paging, Oura's date
 * quirks switched on, chunked heart rate, and a few injected faults. Expected values come straight from the
 * simulator's raw dataset.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSilentLogger } from '../../src/logger.js';
import type { AccessTokenProvider } from '../../src/oura/clientOptions.js';
import { OuraClient } from '../../src/oura/client.js';
import { OuraForbiddenError, OuraNotFoundError } from '../../src/oura/errors.js';
import { DATE_COLLECTIONS, type DateCollection, rowDay } from '../../src/oura/types.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { CachedOuraSource } from '../../src/oura/cache/cachedSource.js';
import { addDays } from '../../src/lib/time.js';

/** Hands out the simulator's tokens; a refresh asks the simulator for a fresh pair. */
class SimTokens implements AccessTokenProvider {
  refreshes = 0;
  private token: string;
  constructor(
    private readonly sim: RunningSimulator,
    private readonly scope?: string,
  ) {
    this.token = sim.controls.issueTokens(scope ? { scope } : {}).access_token;
  }
  getAccessToken(): Promise<string> {
    return Promise.resolve(this.token);
  }
  refreshAfterUnauthorized(rejected: string): Promise<string> {
    if (rejected === this.token) {
      this.refreshes++;
      this.token = this.sim.controls.issueTokens(this.scope ? { scope: this.scope } : {}).access_token;
    }
    return Promise.resolve(this.token);
  }
}

/** The rows as they come over the wire (JSON turns the dataset's `-0` into `0`). */
const wire = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

let sim: RunningSimulator;
let client: OuraClient;
let tokens: SimTokens;
const sleeps: number[] = [];
const clients: OuraClient[] = [];

function newClient(
  provider: AccessTokenProvider,
  extra: Partial<ConstructorParameters<typeof OuraClient>[0]> = {},
): OuraClient {
  const made = new OuraClient({
    baseUrl: sim.url,
    tokenProvider: provider,
    logger: createSilentLogger(),
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    ...extra,
  });
  clients.push(made);
  return made;
}

beforeAll(async () => {
  sim = await startSimulator({ seed: 11, pageSize: 10, heartRatePageSize: 200, quirks: true });
  tokens = new SimTokens(
    sim,
    'email personal daily heartrate workout tag session spo2 stress heart_health ring_configuration',
  );
  client = newClient(tokens);
});

afterEach(() => {
  sim.controls.clearFaults();
  sim.controls.resetCounters();
  sleeps.length = 0;
});

afterAll(async () => {
  for (const c of clients) c.close();
  await sim.close();
});

describe('every collection through the real client', () => {
  it.each(DATE_COLLECTIONS.map((c) => [c] as [DateCollection]))(
    '%s: rows of the asked days, all pages, quirks survived',
    async (collection) => {
      const { today } = sim.dataset;
      const range = { start_date: addDays(today, -45), end_date: addDays(today, -3) };
      const expected = sim.dataset.byDate[collection].filter((row) => {
        const day = rowDay(collection, row);
        return day >= range.start_date && day <= range.end_date;
      });
      const rows = await client.listByDate(collection, range);
      expect(rows).toEqual(wire(expected));
      const pages = sim.controls.counters()[collection] ?? 0;
      // Widened by 2 days each side and paged by 10: at least ceil(expected / 10) requests.
      expect(pages).toBeGreaterThanOrEqual(Math.max(1, Math.ceil(expected.length / 10)));
    },
  );

  it('the simulator really has data in most collections, and really pages', async () => {
    const { today } = sim.dataset;
    const range = { start_date: addDays(today, -45), end_date: addDays(today, -3) };
    const empty = DATE_COLLECTIONS.filter(
      (c) =>
        !sim.dataset.byDate[c].some((row) => rowDay(c, row) >= range.start_date && rowDay(c, row) <= range.end_date),
    );
    expect(empty.length).toBeLessThanOrEqual(2);
    await client.listByDate('sleep', range);
    expect(sim.controls.counters().sleep).toBeGreaterThan(3);
  });

  it('without widening, the quirks lose edge days (so the widening is what keeps them)', async () => {
    const narrow = newClient(tokens, { windowPaddingDays: 0 });
    const { today } = sim.dataset;
    const range = { start_date: addDays(today, -10), end_date: addDays(today, -3) };
    const expected = sim.dataset.byDate.daily_activity.filter(
      (r) => r.day >= range.start_date && r.day <= range.end_date,
    );
    const lossy = await narrow.listByDate('daily_activity', range);
    expect(lossy.map((r) => r.day)).not.toContain(range.end_date);
    expect(lossy.length).toBeLessThan(expected.length);
    expect((await client.listByDate('daily_activity', range)).map((r) => r.day)).toEqual(expected.map((r) => r.day));
  });

  it('heart rate: a 40-day window in 2 chunks, every page, de-duplicated, sorted, timestamps as Oura sends them', async () => {
    const { today } = sim.dataset;
    const start = `${addDays(today, -42)}T00:00:00+02:00`;
    const end = `${addDays(today, -2)}T00:00:00+02:00`;
    const startMs = Date.parse(start);
    const endMs = Date.parse(end);
    const expected = sim.dataset.byDatetime.heartrate.filter(
      (r) => Date.parse(r.timestamp) >= startMs && Date.parse(r.timestamp) <= endMs,
    );
    const rows = await client.listByDatetime('heartrate', { start_datetime: start, end_datetime: end });
    expect(rows.length).toBe(expected.length);
    expect(rows).toEqual(wire(expected));
    // 2 chunks of ≤ 30 days, each many pages of 200.
    expect(sim.controls.counters().heartrate).toBeGreaterThanOrEqual(Math.max(2, Math.ceil(expected.length / 200)));
  });

  it('ring battery: a window and the latest sample', async () => {
    const now = Date.now();
    const window = {
      start_datetime: new Date(now - 7 * 86_400_000).toISOString(),
      end_datetime: new Date(now).toISOString(),
    };
    const expected = sim.dataset.byDatetime.ring_battery_level.filter(
      (r) => Date.parse(r.timestamp) >= Date.parse(window.start_datetime) && Date.parse(r.timestamp) <= now,
    );
    expect(await client.listByDatetime('ring_battery_level', window)).toEqual(wire(expected));
    const past = sim.dataset.byDatetime.ring_battery_level.filter((r) => Date.parse(r.timestamp) <= Date.now());
    expect(await client.getLatest('ring_battery_level')).toEqual(wire(past[past.length - 1] ?? null));
  });

  it('personal info, ring configurations (all pages) and single documents', async () => {
    expect(await client.getPersonalInfo()).toEqual(wire(sim.dataset.personalInfo));
    expect(await client.listRingConfigurations()).toEqual(wire(sim.dataset.ringConfigurations));
    for (const collection of ['daily_sleep', 'sleep', 'workout', 'enhanced_tag'] as const) {
      const row = sim.dataset.byDate[collection][0];
      if (!row) continue;
      expect(await client.getDocument(collection, row.id)).toEqual(wire(row));
    }
    await expect(client.getDocument('workout', 'no-such-id')).rejects.toBeInstanceOf(OuraNotFoundError);
  });

  it('fields= returns only the asked fields plus the essentials', async () => {
    const { today } = sim.dataset;
    const rows = await client.listByDate(
      'daily_activity',
      { start_date: addDays(today, -5), end_date: addDays(today, -3) },
      { fields: ['steps'] },
    );
    expect(rows.length).toBe(3);
    for (const row of rows) expect(Object.keys(row).sort()).toEqual(['day', 'id', 'steps']);
  });
});

describe('faults and auth over real HTTP', () => {
  it('a 429 with a short Retry-After is waited out; a malformed body is retried', async () => {
    sim.controls.setFault('personal_info', { kind: 'status', status: 429, retryAfterSeconds: 2, times: 1 });
    expect(await client.getPersonalInfo()).toEqual(sim.dataset.personalInfo);
    expect(sleeps).toEqual([2_000]);
    sim.controls.setFault('personal_info', { kind: 'malformed', times: 1 });
    expect(await client.getPersonalInfo()).toEqual(sim.dataset.personalInfo);
    expect(sim.controls.counters().personal_info).toBe(4);
  });

  it('keeps heart-rate rows missing timestamp_unix', async () => {
    sim.controls.setFault('heartrate', { kind: 'drop-fields', fields: ['timestamp_unix', 'source'] });
    const { today } = sim.dataset;
    const rows = await client.listByDatetime('heartrate', {
      start_datetime: `${addDays(today, -3)}T00:00:00Z`,
      end_datetime: `${addDays(today, -2)}T00:00:00Z`,
    });
    expect(rows.length).toBeGreaterThan(200);
    expect(rows.every((r) => r.source === undefined && typeof r.bpm === 'number')).toBe(true);
  });

  it('expired access token → one refresh → success', async () => {
    const own = new SimTokens(sim);
    const c = newClient(own);
    sim.controls.expireAccessTokens();
    expect(await c.getPersonalInfo()).toEqual(sim.dataset.personalInfo);
    expect(own.refreshes).toBe(1);
    // The shared client's token was expired too; it recovers the same way.
    expect((await client.getPersonalInfo()).id).toBe(sim.dataset.personalInfo.id);
  });

  it('a missing scope is explained as such', async () => {
    const c = newClient(new SimTokens(sim, 'personal daily'));
    const { today } = sim.dataset;
    const error = await c
      .listByDatetime('heartrate', {
        start_datetime: `${addDays(today, -2)}T00:00:00Z`,
        end_datetime: `${addDays(today, -1)}T00:00:00Z`,
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OuraForbiddenError);
    expect((error as Error).message).toMatch(
      /^Oura refused access to heartrate: the 'heartrate' permission was probably not granted/,
    );
  });
});

describe('cache over the real client', () => {
  it('overlapping questions reach the simulator only for new days; 50 identical cold calls → one request', async () => {
    const cached = new CachedOuraSource(client, { ttlSeconds: 300, logger: createSilentLogger() });
    const { today } = sim.dataset;
    const week = { start_date: addDays(today, -9), end_date: addDays(today, -3) };
    const requests = () => sim.controls.counters().daily_readiness ?? 0;
    await Promise.all(Array.from({ length: 50 }, () => cached.listByDate('daily_readiness', week)));
    // One listing: 7 days widened to 11 rows, pages of 10.
    expect(requests()).toBe(2);
    await cached.listByDate('daily_readiness', { start_date: addDays(today, -7), end_date: addDays(today, -1) });
    // Only days -2..-1 were new: one listing of a ≤ 6-day widened window, one page.
    expect(requests()).toBe(3);
    await cached.listByDate('daily_readiness', { start_date: addDays(today, -8), end_date: addDays(today, -2) });
    expect(requests()).toBe(3);
    const expected = sim.dataset.byDate.daily_readiness.filter(
      (r) => r.day >= addDays(today, -8) && r.day <= addDays(today, -2),
    );
    expect(
      await cached.listByDate('daily_readiness', { start_date: addDays(today, -8), end_date: addDays(today, -2) }),
    ).toEqual(wire(expected));
    cached.close();
  });
});
