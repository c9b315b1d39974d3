import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createSilentLogger } from '../../../src/logger.js';
import { CachedOuraSource } from '../../../src/oura/cache/cachedSource.js';
import { eachDay } from '../../../src/lib/time.js';
import { BASE, dailyRow, makeClient, ROUTE } from '../helpers.js';

/** Oura's answer for a widened window: a row for every day of it. */
const replyDays = (start: string, end: string) => ({
  data: eachDay(start, end).map((day) => dailyRow(day)),
  next_token: null,
});

describe('CachedOuraSource over the real OuraClient (nock)', () => {
  it('50 concurrent identical cold calls reach Oura once; an overlapping range fetches only its new days', async () => {
    nock(BASE)
      .get(`${ROUTE}/daily_sleep`)
      .query({ start_date: '2025-10-18', end_date: '2025-10-28', fields: 'day,id,score' })
      .once()
      .delay(20)
      .reply(200, replyDays('2025-10-18', '2025-10-28'))
      .get(`${ROUTE}/daily_sleep`)
      // Days 27–28 are new: the client widens 27..28 to 25..30.
      .query({ start_date: '2025-10-25', end_date: '2025-10-30', fields: 'day,id,score' })
      .once()
      .reply(200, replyDays('2025-10-25', '2025-10-30'));
    const { client } = makeClient();
    const cache = new CachedOuraSource(client, { ttlSeconds: 300, logger: createSilentLogger() });
    const range = { start_date: '2025-10-20', end_date: '2025-10-26' };
    const results = await Promise.all(
      Array.from({ length: 50 }, () => cache.listByDate('daily_sleep', range, { fields: ['score'] })),
    );
    expect(results[0]?.map((r) => r.day)).toEqual(eachDay('2025-10-20', '2025-10-26'));
    const later = await cache.listByDate(
      'daily_sleep',
      { start_date: '2025-10-22', end_date: '2025-10-28' },
      { fields: ['score'] },
    );
    expect(later.map((r) => r.day)).toEqual(eachDay('2025-10-22', '2025-10-28'));
    expect(cache.stats()).toMatchObject({ size: 9, hits: 49, misses: 2 });
    cache.close();
  });

  it('does not cache an Oura failure', async () => {
    nock(BASE)
      .get(`${ROUTE}/personal_info`)
      .reply(403, { detail: 'Forbidden' })
      .get(`${ROUTE}/personal_info`)
      .reply(200, { id: 'u1', age: 40 });
    const { client } = makeClient();
    const cache = new CachedOuraSource(client, { ttlSeconds: 300, logger: createSilentLogger() });
    await expect(cache.getPersonalInfo()).rejects.toThrow(/the 'personal' permission/);
    expect((await cache.getPersonalInfo()).age).toBe(40);
    expect((await cache.getPersonalInfo()).age).toBe(40);
    cache.close();
  });
});
