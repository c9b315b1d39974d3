import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type {
  DailyActivity,
  DailySleep,
  HeartRateRow,
  RingConfiguration,
  SleepPeriod,
  Tag,
  Workout,
} from '../../src/oura/types.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { addDays, startOfLocalDay } from '../../src/lib/time.js';
import { FIXED_NOW, getJson, readAllPages, type Page } from './helpers.js';

let sim: RunningSimulator;
let token: string;

beforeAll(async () => {
  sim = await startSimulator({ now: () => FIXED_NOW, seed: 42 });
  token = sim.controls.issueTokens().access_token;
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  sim.controls.clearFaults();
  sim.controls.setQuirks(true);
  sim.controls.resetCounters();
});

const days = (collection: string, start: string, end: string) =>
  `/v2/usercollection/${collection}?start_date=${start}&end_date=${end}`;

describe('paging', () => {
  it('returns every daily_activity row exactly once over 3 pages of 50', async () => {
    sim.controls.setQuirks(false);
    const { rows, pages } = await readAllPages<DailyActivity>(
      sim,
      days('daily_activity', sim.dataset.firstDay, sim.dataset.today),
      token,
    );
    expect(rows).toEqual(sim.dataset.byDate.daily_activity);
    expect(rows).toHaveLength(120);
    expect(new Set(rows.map((r) => r.id)).size).toBe(120);
    expect(pages).toBe(3);
    expect(sim.controls.counters().daily_activity).toBe(3);
  });

  it('logs each list request with its resolved window, fields and whether it follows a first page', async () => {
    sim.controls.setQuirks(false);
    await readAllPages<DailyActivity>(sim, days('daily_activity', sim.dataset.firstDay, sim.dataset.today), token);
    await getJson(sim, `${days('daily_sleep', '2025-10-20', '2025-10-26')}&fields=day,score`, token);
    expect(sim.controls.listRequests()).toEqual([
      ...[false, true, true].map((followUp) => ({
        collection: 'daily_activity',
        window: [sim.dataset.firstDay, sim.dataset.today],
        fields: null,
        latest: false,
        followUp,
      })),
      {
        collection: 'daily_sleep',
        window: ['2025-10-20', '2025-10-26'],
        fields: 'day,score',
        latest: false,
        followUp: false,
      },
    ]);
    sim.controls.resetCounters();
    expect(sim.controls.listRequests()).toEqual([]);
  });

  it('spreads one local day of heart rate over at least 2 pages, every row once', async () => {
    const day = addDays(sim.dataset.today, -3);
    const start = startOfLocalDay(day, sim.dataset.timezone);
    const end = new Date(startOfLocalDay(addDays(day, 1), sim.dataset.timezone).getTime() - 1000);
    const path = `/v2/usercollection/heartrate?start_datetime=${encodeURIComponent(start.toISOString())}&end_datetime=${encodeURIComponent(end.toISOString())}`;
    const { rows, pages } = await readAllPages<HeartRateRow>(sim, path, token);
    const expected = sim.dataset.byDatetime.heartrate.filter(
      (r) => Date.parse(r.timestamp) >= start.getTime() && Date.parse(r.timestamp) <= end.getTime(),
    );
    expect(rows).toEqual(expected);
    expect(rows.length).toBeGreaterThan(200);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(new Set(rows.map((r) => r.timestamp)).size).toBe(rows.length);
  });

  it('refuses a next_token sent with different parameters, and a forged one', async () => {
    const first = await getJson(sim, days('daily_sleep', sim.dataset.firstDay, sim.dataset.today), token);
    const next = (first.body as Page<DailySleep>).next_token!;
    expect(next).toEqual(expect.any(String));
    const changed = await getJson(
      sim,
      `${days('daily_sleep', sim.dataset.firstDay, addDays(sim.dataset.today, -1))}&next_token=${encodeURIComponent(next)}`,
      token,
    );
    expect(changed.status).toBe(400);
    expect(changed.body).toEqual({ detail: 'Invalid next_token' });
    const forged = await getJson(
      sim,
      `${days('daily_sleep', sim.dataset.firstDay, sim.dataset.today)}&next_token=bm9wZQ`,
      token,
    );
    expect(forged.status).toBe(400);
  });

  it('pages ring configurations too; the newest ring is a gen4', async () => {
    const { rows } = await readAllPages<RingConfiguration>(sim, '/v2/usercollection/ring_configuration', token);
    expect(rows.map((r) => r.hardware_type)).toEqual(['gen3', 'gen4']);
    expect(Date.parse(rows[1]!.set_up_at!)).toBeGreaterThan(Date.parse(rows[0]!.set_up_at!));
  });
});

describe('date parameters and Oura quirks', () => {
  const D = '2025-03-10';

  it('defaults to yesterday and today', async () => {
    const response = await getJson(sim, '/v2/usercollection/daily_sleep', token);
    expect((response.body as Page<DailySleep>).data.map((r) => r.day)).toEqual([
      addDays(sim.dataset.today, -1),
      sim.dataset.today,
    ]);
  });

  it('daily_activity drops the end day with quirks on, keeps it with quirks off', async () => {
    const on = await getJson(sim, days('daily_activity', D, addDays(D, 2)), token);
    expect((on.body as Page<DailyActivity>).data.map((r) => r.day)).toEqual([D, addDays(D, 1)]);
    expect((await getJson(sim, days('daily_activity', D, D), token)).body).toEqual({ data: [], next_token: null });
    sim.controls.setQuirks(false);
    const off = await getJson(sim, days('daily_activity', D, addDays(D, 2)), token);
    expect((off.body as Page<DailyActivity>).data.map((r) => r.day)).toEqual([D, addDays(D, 1), addDays(D, 2)]);
  });

  it('sleep drops the start day with quirks on, keeps it with quirks off', async () => {
    const expectedDays = (from: string) =>
      sim.dataset.byDate.sleep.filter((p) => p.day >= from && p.day <= addDays(D, 1)).map((p) => p.id);
    const on = await getJson(sim, days('sleep', D, addDays(D, 1)), token);
    expect((on.body as Page<SleepPeriod>).data.map((p) => p.id)).toEqual(expectedDays(addDays(D, 1)));
    sim.controls.setQuirks(false);
    const off = await getJson(sim, days('sleep', D, addDays(D, 1)), token);
    expect((off.body as Page<SleepPeriod>).data.map((p) => p.id)).toEqual(expectedDays(D));
    expect(expectedDays(D).length).toBeGreaterThan(expectedDays(addDays(D, 1)).length);
  });

  it('workout filters by the UTC date of start_datetime with quirks on', async () => {
    // A workout after local midnight in Berlin starts on the previous UTC date.
    const lateNight = sim.dataset.byDate.workout.find(
      (w) => new Date(w.start_datetime).toISOString().slice(0, 10) !== w.day,
    );
    expect(lateNight).toBeDefined();
    const w = lateNight!;
    const utcDay = new Date(w.start_datetime).toISOString().slice(0, 10);
    const ids = async (start: string, end: string) =>
      ((await getJson(sim, days('workout', start, end), token)).body as Page<Workout>).data.map((r) => r.id);
    expect(await ids(w.day, w.day)).not.toContain(w.id);
    expect(await ids(utcDay, utcDay)).toContain(w.id);
    sim.controls.setQuirks(false);
    expect(await ids(w.day, w.day)).toContain(w.id);
    expect(await ids(utcDay, utcDay)).not.toContain(w.id);
  });

  it.each([
    ['start_date', '2025-3-1'],
    ['end_date', '2025-02-30'],
  ])('answers a malformed %s with 422 and a FastAPI-style detail', async (param, value) => {
    const response = await getJson(sim, `/v2/usercollection/daily_sleep?${param}=${value}`, token);
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ detail: [{ loc: ['query', param], type: 'date_from_datetime_parsing' }] });
  });

  it('answers start after end with 400', async () => {
    expect((await getJson(sim, days('daily_sleep', '2025-03-10', '2025-03-01'), token)).status).toBe(400);
  });
});

describe('fields', () => {
  it('returns only the asked top-level fields', async () => {
    const response = await getJson(sim, `${days('daily_sleep', '2025-03-01', '2025-03-03')}&fields=day,score`, token);
    const rows = (response.body as Page<Record<string, unknown>>).data;
    const expected = sim.dataset.byDate.daily_sleep
      .filter((r) => r.day >= '2025-03-01' && r.day <= '2025-03-03')
      .map((r) => ({ day: r.day, score: r.score }));
    expect(rows).toEqual(expected);
  });

  it('answers an unknown field with 422', async () => {
    const response = await getJson(sim, `${days('sleep', '2025-03-01', '2025-03-03')}&fields=day,score`, token);
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ detail: [{ loc: ['query', 'fields'], msg: 'Unknown field(s): score' }] });
  });

  it('is ignored for tag, as on Oura', async () => {
    const tag = sim.dataset.byDate.tag[0]!;
    const response = await getJson(sim, `${days('tag', tag.day, tag.day)}&fields=day`, token);
    expect((response.body as Page<Tag>).data).toEqual([tag]);
  });
});

describe('datetime collections', () => {
  const hr = (query: string) => `/v2/usercollection/heartrate?${query}`;

  it('refuses a window longer than 30 days with 400 and accepts exactly 30', async () => {
    const tooLong = await getJson(
      sim,
      hr('start_datetime=2025-01-01T00:00:00Z&end_datetime=2025-01-31T00:00:01Z'),
      token,
    );
    expect(tooLong.status).toBe(400);
    expect(tooLong.body).toEqual({
      detail: 'The range between start_datetime and end_datetime must not exceed 30 days',
    });
    expect(
      (await getJson(sim, hr('start_datetime=2025-01-01T00:00:00Z&end_datetime=2025-01-31T00:00:00Z'), token)).status,
    ).toBe(200);
  });

  it('latest=true returns only the newest sample', async () => {
    const response = await getJson(sim, hr('latest=true'), token);
    expect(response.body).toEqual({ data: [sim.dataset.byDatetime.heartrate.at(-1)], next_token: null });
    const battery = await getJson(sim, '/v2/usercollection/ring_battery_level?latest=true', token);
    expect((battery.body as Page<unknown>).data).toEqual([sim.dataset.byDatetime.ring_battery_level.at(-1)]);
  });

  it('reads an unencoded + offset (arrives as a space) the same as an encoded one', async () => {
    const encoded = await getJson(
      sim,
      hr('start_datetime=2025-03-10T08:00:00%2B01:00&end_datetime=2025-03-10T09:00:00%2B01:00'),
      token,
    );
    const raw = await getJson(
      sim,
      hr('start_datetime=2025-03-10T08:00:00+01:00&end_datetime=2025-03-10T09:00:00+01:00'),
      token,
    );
    expect(raw.status).toBe(200);
    expect(raw.body).toEqual(encoded.body);
    const rows = (encoded.body as Page<HeartRateRow>).data;
    expect(rows[0]!.timestamp).toBe('2025-03-10T07:00:00+00:00');
    expect(rows.at(-1)!.timestamp).toBe('2025-03-10T08:00:00+00:00');
  });

  it('answers a malformed datetime with 422', async () => {
    const response = await getJson(sim, hr('start_datetime=yesterday'), token);
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ detail: [{ loc: ['query', 'start_datetime'] }] });
  });
});

describe('scopes and documents', () => {
  it('answers 403 {detail} for a collection outside the granted scopes', async () => {
    const daily = sim.controls.issueTokens({ scope: 'daily' }).access_token;
    expect((await getJson(sim, '/v2/usercollection/daily_sleep', daily)).status).toBe(200);
    for (const collection of ['heartrate', 'personal_info', 'workout', 'session', 'tag', 'daily_spo2']) {
      const response = await getJson(sim, `/v2/usercollection/${collection}`, daily);
      expect(response.status, collection).toBe(403);
      expect(response.body).toEqual({ detail: expect.stringContaining('Missing scope') });
    }
  });

  it('hides the email without the email scope', async () => {
    const personal = sim.controls.issueTokens({ scope: 'personal' }).access_token;
    const response = await getJson(sim, '/v2/usercollection/personal_info', personal);
    expect(response.body).toEqual({ ...sim.dataset.personalInfo, email: null });
    expect(sim.dataset.personalInfo.height).toBeGreaterThan(1.5);
    expect(sim.dataset.personalInfo.height).toBeLessThan(2.1);
  });

  it('serves single documents by id and 404s unknown ids', async () => {
    const row = sim.dataset.byDate.daily_readiness[10]!;
    expect((await getJson(sim, `/v2/usercollection/daily_readiness/${row.id}`, token)).body).toEqual(row);
    const missing = await getJson(sim, '/v2/usercollection/daily_readiness/nope', token);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ detail: expect.any(String) });
  });

  it('404s an unknown collection', async () => {
    expect((await getJson(sim, '/v2/usercollection/daily_mood', token)).status).toBe(404);
  });

  it('sandbox routes accept any bearer string', async () => {
    const response = await getJson(sim, '/v2/sandbox/usercollection/daily_sleep', 'anything');
    expect(response.status).toBe(200);
  });
});

describe('faults', () => {
  it('429 with Retry-After for `times` requests, then normal answers', async () => {
    sim.controls.setFault('daily_sleep', { kind: 'status', status: 429, retryAfterSeconds: 7, times: 2 });
    for (let i = 0; i < 2; i++) {
      const limited = await getJson(sim, '/v2/usercollection/daily_sleep', token);
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('7');
    }
    expect((await getJson(sim, '/v2/usercollection/daily_sleep', token)).status).toBe(200);
    expect(sim.controls.counters().daily_sleep).toBe(3);
  });

  it('a 500/503 with a custom body until cleared', async () => {
    sim.controls.setFault('sleep', { kind: 'status', status: 503, body: { detail: 'maintenance' } });
    for (let i = 0; i < 3; i++)
      expect((await getJson(sim, '/v2/usercollection/sleep', token)).body).toEqual({ detail: 'maintenance' });
    sim.controls.setFault('sleep', null);
    expect((await getJson(sim, '/v2/usercollection/sleep', token)).status).toBe(200);
  });

  it('malformed: 200 with a body that is not JSON', async () => {
    sim.controls.setFault('heartrate', { kind: 'malformed', times: 1 });
    const response = await fetch(`${sim.url}/v2/usercollection/heartrate`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(() => {
      JSON.parse(text);
    }).toThrow();
  });

  it('drop-fields: rows lack the named fields', async () => {
    sim.controls.setFault('daily_readiness', { kind: 'drop-fields', fields: ['score', 'temperature_deviation'] });
    const rows = (
      (await getJson(sim, '/v2/usercollection/daily_readiness', token)).body as Page<Record<string, unknown>>
    ).data;
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row).not.toHaveProperty('score');
      expect(row).not.toHaveProperty('temperature_deviation');
      expect(row).toHaveProperty('contributors');
    }
  });

  it("'*' hits every data route but not OAuth; a route's own fault wins", async () => {
    sim.controls.setFault('*', { kind: 'status', status: 500 });
    sim.controls.setFault('workout', { kind: 'status', status: 502 });
    expect((await getJson(sim, '/v2/usercollection/daily_stress', token)).status).toBe(500);
    expect((await getJson(sim, '/v2/usercollection/workout', token)).status).toBe(502);
    const revoke = await fetch(`${sim.url}/oauth/revoke?access_token=unknown`);
    expect(revoke.status).toBe(200);
  });

  it('delay: answers after the delay', async () => {
    sim.controls.setFault('vO2_max', { kind: 'delay', ms: 150, times: 1 });
    const started = Date.now();
    expect((await getJson(sim, '/v2/usercollection/vO2_max', token)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });
});

describe('hang and close', () => {
  it('a hanging request never answers, and close() still resolves quickly', async () => {
    const local = await startSimulator({ now: () => FIXED_NOW, historyDays: 3 });
    local.controls.setFault('daily_sleep', { kind: 'hang' });
    const tokens = local.controls.issueTokens();
    const pending = fetch(`${local.url}/v2/usercollection/daily_sleep`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    }).then(
      () => 'answered',
      () => 'failed',
    );
    const raced = await Promise.race([
      pending,
      new Promise((resolve) => setTimeout(() => resolve('still waiting'), 200)),
    ]);
    expect(raced).toBe('still waiting');
    const started = Date.now();
    await local.close();
    // close() must not wait for the hanging request (which never ends); seconds of margin for a busy machine.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await pending).toBe('failed');
  });
});
