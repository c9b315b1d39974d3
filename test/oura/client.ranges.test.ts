import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { InvalidParamsError } from '../../src/errors.js';
import { OuraNotFoundError } from '../../src/oura/errors.js';
import { BASE, dailyRow, makeClient, ROUTE } from './helpers.js';

describe('date routes', () => {
  it('widens the window by 2 days each side, trims back to the asked days, de-dups by id and sorts', async () => {
    nock(BASE)
      .get(`${ROUTE}/daily_activity`)
      .query({ start_date: '2025-10-18', end_date: '2025-10-28' })
      .reply(200, {
        data: [
          dailyRow('2025-10-18'),
          dailyRow('2025-10-19'),
          dailyRow('2025-10-22'),
          dailyRow('2025-10-20'),
          dailyRow('2025-10-26'),
          dailyRow('2025-10-27'),
        ],
        next_token: 'p2',
      })
      .get(`${ROUTE}/daily_activity`)
      .query({ start_date: '2025-10-18', end_date: '2025-10-28', next_token: 'p2' })
      // The same document again on the next page (it happens at page edges): kept once.
      .reply(200, { data: [dailyRow('2025-10-22'), dailyRow('2025-10-21'), dailyRow('2025-10-28')], next_token: null });
    const { client } = makeClient();
    const rows = await client.listByDate('daily_activity', { start_date: '2025-10-20', end_date: '2025-10-26' });
    expect(rows.map((r) => r.day)).toEqual(['2025-10-20', '2025-10-21', '2025-10-22', '2025-10-26']);
  });

  it('honours windowPaddingDays', async () => {
    nock(BASE)
      .get(`${ROUTE}/workout`)
      .query({ start_date: '2025-10-19', end_date: '2025-10-21' })
      .reply(200, { data: [] });
    const { client } = makeClient({ windowPaddingDays: 1 });
    expect(await client.listByDate('workout', { start_date: '2025-10-20', end_date: '2025-10-20' })).toEqual([]);
  });

  it('keeps several sleep periods of a day, ordered by bedtime_start', async () => {
    const period = (id: string, day: string, start: string) => ({ id, day, bedtime_start: start, type: 'sleep' });
    nock(BASE)
      .get(`${ROUTE}/sleep`)
      .query(true)
      .reply(200, {
        data: [
          period('nap', '2025-10-21', '2025-10-21T14:00:00+02:00'),
          period('night2', '2025-10-21', '2025-10-20T23:10:00+02:00'),
          period('night1', '2025-10-20', '2025-10-19T22:30:00+02:00'),
        ],
        next_token: null,
      });
    const { client } = makeClient();
    const rows = await client.listByDate('sleep', { start_date: '2025-10-20', end_date: '2025-10-21' });
    expect(rows.map((r) => r.id)).toEqual(['night1', 'night2', 'nap']);
  });

  it('de-dups cardiovascular age (no id live) by day', async () => {
    const row = (day: string, vascular_age: number) => ({ day, vascular_age, pulse_wave_velocity: 7.1 });
    nock(BASE)
      .get(`${ROUTE}/daily_cardiovascular_age`)
      .query(true)
      .reply(200, { data: [row('2025-10-20', 40), row('2025-10-21', 41), row('2025-10-20', 40)], next_token: null });
    const { client } = makeClient();
    const rows = await client.listByDate('daily_cardiovascular_age', {
      start_date: '2025-10-20',
      end_date: '2025-10-21',
    });
    expect(rows).toEqual([row('2025-10-20', 40), row('2025-10-21', 41)]);
  });

  it('trims enhanced tags and rest-mode periods by start_day', async () => {
    nock(BASE)
      .get(`${ROUTE}/enhanced_tag`)
      .query(true)
      .reply(200, {
        data: [
          { id: 'a', start_day: '2025-10-19', start_time: '2025-10-19T08:00:00+02:00', end_day: '2025-10-20' },
          { id: 'b', start_day: '2025-10-20', start_time: '2025-10-20T09:00:00+02:00', end_day: null },
        ],
      });
    const { client } = makeClient();
    expect(
      (await client.listByDate('enhanced_tag', { start_date: '2025-10-20', end_date: '2025-10-20' })).map((r) => r.id),
    ).toEqual(['b']);
  });

  it('sends fields= with the essentials added, only where Oura supports it', async () => {
    nock(BASE)
      .get(`${ROUTE}/daily_sleep`)
      .query({ start_date: '2025-10-18', end_date: '2025-10-22', fields: 'contributors,day,id,score' })
      .reply(200, { data: [{ id: 'x', day: '2025-10-20', score: 81, contributors: {} }] })
      .get(`${ROUTE}/tag`)
      .query({ start_date: '2025-10-18', end_date: '2025-10-22' })
      .reply(200, { data: [] });
    const { client } = makeClient();
    const sleep = await client.listByDate(
      'daily_sleep',
      { start_date: '2025-10-20', end_date: '2025-10-20' },
      { fields: ['score', 'contributors'] },
    );
    expect(sleep).toEqual([{ id: 'x', day: '2025-10-20', score: 81, contributors: {} }]);
    expect(
      await client.listByDate('tag', { start_date: '2025-10-20', end_date: '2025-10-20' }, { fields: ['text'] }),
    ).toEqual([]);
  });

  it.each([
    [{ start_date: '2025-02-30', end_date: '2025-03-01' }],
    [{ start_date: '2025-10-26', end_date: '2025-10-20' }],
    [{ start_date: '0024-11-11', end_date: 'today' }],
  ])('refuses %j without calling Oura', async (range) => {
    const { client } = makeClient();
    await expect(client.listByDate('daily_sleep', range)).rejects.toBeInstanceOf(InvalidParamsError);
  });
});

describe('datetime routes', () => {
  it('reads a 70-day window in 3 chunks of 30 days with exact boundaries, "+" encoded as %2B', async () => {
    const seenPaths: string[] = [];
    const hr = (timestamp: string, bpm: number) => ({ bpm, source: 'rest', timestamp });
    const scope = nock(BASE)
      .get(`${ROUTE}/heartrate`)
      .query({ start_datetime: '2025-08-01T00:00:00+02:00', end_datetime: '2025-08-30T23:59:59+02:00' })
      .reply(200, (req: Request) => {
        seenPaths.push(req.url);
        return { data: [hr('2025-07-31T22:05:00+00:00', 60), hr('2025-08-30T22:00:00+00:00', 61)], next_token: null };
      })
      .get(`${ROUTE}/heartrate`)
      .query({ start_datetime: '2025-08-31T00:00:00+02:00', end_datetime: '2025-09-29T23:59:59+02:00' })
      .reply(200, (req: Request) => {
        seenPaths.push(req.url);
        // The edge sample again (Oura answers the neighbouring window's sample too), then a later one.
        return { data: [hr('2025-08-30T22:00:00+00:00', 61), hr('2025-09-15T10:00:00+00:00', 70)], next_token: null };
      })
      .get(`${ROUTE}/heartrate`)
      .query({ start_datetime: '2025-09-30T00:00:00+02:00', end_datetime: '2025-10-10T00:00:00+02:00' })
      .reply(200, (req: Request) => {
        seenPaths.push(req.url);
        return { data: [hr('2025-10-09T21:59:59+00:00', 55)], next_token: null };
      });
    const { client } = makeClient({ heartRateChunkDays: 30 });
    const rows = await client.listByDatetime('heartrate', {
      start_datetime: '2025-08-01T00:00:00+02:00',
      end_datetime: '2025-10-10T00:00:00+02:00',
    });
    expect(scope.isDone()).toBe(true);
    expect(seenPaths).toHaveLength(3);
    for (const path of seenPaths)
      expect(path).toMatch(/start_datetime=2025-\d\d-\d\dT00%3A00%3A00%2B02%3A00&end_datetime=/);
    expect(rows).toEqual([
      hr('2025-07-31T22:05:00+00:00', 60),
      hr('2025-08-30T22:00:00+00:00', 61),
      hr('2025-09-15T10:00:00+00:00', 70),
      hr('2025-10-09T21:59:59+00:00', 55),
    ]);
  });

  it('pages within a chunk, keeps rows missing timestamp_unix, drops rows without a timestamp, sorts by time', async () => {
    nock(BASE)
      .get(`${ROUTE}/heartrate`)
      .query({ start_datetime: '2025-10-20T00:00:00+00:00', end_datetime: '2025-10-21T00:00:00+00:00' })
      .reply(200, {
        data: [
          { bpm: 62, source: 'awake', timestamp: '2025-10-20T10:05:00+00:00' },
          { bpm: 61, source: 'awake', timestamp: '2025-10-20T10:00:00+00:00', timestamp_unix: 1760954400000 },
          { bpm: 99, source: 'awake' },
          'not a row',
        ],
        next_token: 'hr2',
      })
      .get(`${ROUTE}/heartrate`)
      .query({
        start_datetime: '2025-10-20T00:00:00+00:00',
        end_datetime: '2025-10-21T00:00:00+00:00',
        next_token: 'hr2',
      })
      .reply(200, { data: [{ bpm: null, source: 'sleep', timestamp: '2025-10-20T23:00:00+00:00' }], next_token: null });
    const { client } = makeClient();
    const rows = await client.listByDatetime('heartrate', {
      start_datetime: '2025-10-20T00:00:00Z',
      end_datetime: '2025-10-21T00:00:00Z',
    });
    expect(rows).toEqual([
      { bpm: 61, source: 'awake', timestamp: '2025-10-20T10:00:00+00:00', timestamp_unix: 1760954400000 },
      { bpm: 62, source: 'awake', timestamp: '2025-10-20T10:05:00+00:00' },
      { bpm: null, source: 'sleep', timestamp: '2025-10-20T23:00:00+00:00' },
    ]);
  });

  it('refuses an unreadable or reversed window', async () => {
    const { client } = makeClient();
    await expect(
      client.listByDatetime('heartrate', { start_datetime: 'yesterday', end_datetime: '2025-10-21T00:00:00Z' }),
    ).rejects.toBeInstanceOf(InvalidParamsError);
    await expect(
      client.listByDatetime('heartrate', {
        start_datetime: '2025-10-22T00:00:00Z',
        end_datetime: '2025-10-21T00:00:00Z',
      }),
    ).rejects.toBeInstanceOf(InvalidParamsError);
  });

  it('getLatest asks latest=true with a 28-day start and returns the newest row', async () => {
    nock(BASE)
      .get(`${ROUTE}/ring_battery_level`)
      .query({ latest: 'true', start_datetime: '2025-09-28T12:00:00+00:00' })
      .reply(200, {
        data: [
          { timestamp: '2025-10-26T11:00:00+00:00', level: 71, charging: false, in_charger: false },
          { timestamp: '2025-10-26T11:30:00+00:00', level: 70, charging: false, in_charger: false },
        ],
        next_token: null,
      })
      .get(`${ROUTE}/ring_battery_level`)
      .query(true)
      .reply(200, { data: [], next_token: null });
    const { client } = makeClient({ now: () => new Date('2025-10-26T12:00:00Z') });
    expect(await client.getLatest('ring_battery_level')).toEqual({
      timestamp: '2025-10-26T11:30:00+00:00',
      level: 70,
      charging: false,
      in_charger: false,
    });
    expect(await client.getLatest('ring_battery_level')).toBeNull();
  });
});

describe('single documents', () => {
  it('reads personal info and a document by id (id URL-encoded)', async () => {
    nock(BASE)
      .get(`${ROUTE}/personal_info`)
      .reply(200, { id: 'u1', age: 35, weight: 70, height: 1.8, biological_sex: 'female', email: 'a@b.c' })
      .get(`${ROUTE}/workout/abc%2F1`)
      .reply(200, { id: 'abc/1', day: '2025-10-20', activity: 'running' })
      .get(`${ROUTE}/workout/missing`)
      .reply(404, { detail: 'Not found' });
    const { client } = makeClient();
    expect((await client.getPersonalInfo()).height).toBe(1.8);
    expect((await client.getDocument('workout', 'abc/1')).activity).toBe('running');
    await expect(client.getDocument('workout', 'missing')).rejects.toBeInstanceOf(OuraNotFoundError);
  });
});
