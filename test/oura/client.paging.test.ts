import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { OuraResponseError } from '../../src/oura/errors.js';
import { BASE, dailyRow, makeClient, ROUTE } from './helpers.js';

const window = { start_date: '2025-10-18', end_date: '2025-10-28' };

describe('pagination', () => {
  it('follows next_token across 3 pages, repeating the other parameters', async () => {
    nock(BASE)
      .get(`${ROUTE}/daily_readiness`)
      .query(window)
      .reply(200, { data: [dailyRow('2025-10-20'), dailyRow('2025-10-21')], next_token: 'cursor-a' })
      .get(`${ROUTE}/daily_readiness`)
      .query({ ...window, next_token: 'cursor-a' })
      .reply(200, { data: [dailyRow('2025-10-22'), dailyRow('2025-10-23')], next_token: 'cursor-b' })
      .get(`${ROUTE}/daily_readiness`)
      .query({ ...window, next_token: 'cursor-b' })
      .reply(200, { data: [dailyRow('2025-10-24')], next_token: null });
    const { client } = makeClient();
    const rows = await client.listByDate('daily_readiness', { start_date: '2025-10-20', end_date: '2025-10-26' });
    expect(rows.map((r) => r.day)).toEqual(['2025-10-20', '2025-10-21', '2025-10-22', '2025-10-23', '2025-10-24']);
  });

  it('exposes the pages as an async iterator', async () => {
    nock(BASE)
      .get(`${ROUTE}/ring_configuration`)
      .reply(200, { data: [{ id: 'ring-1' }], next_token: 'n1' })
      .get(`${ROUTE}/ring_configuration`)
      .query({ next_token: 'n1' })
      .reply(200, { data: [{ id: 'ring-2' }] });
    const { client } = makeClient();
    const pages: string[][] = [];
    for await (const page of client.pages<{ id: string }>('ring_configuration', {})) pages.push(page.map((r) => r.id));
    expect(pages).toEqual([['ring-1'], ['ring-2']]);
  });

  it('reads every ring configuration page', async () => {
    nock(BASE)
      .get(`${ROUTE}/ring_configuration`)
      .reply(200, { data: [{ id: 'old', set_up_at: '2023-01-01T00:00:00+00:00' }], next_token: 'n1' })
      .get(`${ROUTE}/ring_configuration`)
      .query({ next_token: 'n1' })
      .reply(200, { data: [{ id: 'new', set_up_at: '2025-01-01T00:00:00+00:00' }], next_token: null });
    const { client } = makeClient();
    expect((await client.listRingConfigurations()).map((r) => r.id)).toEqual(['old', 'new']);
  });

  it('stops with an error when Oura repeats a cursor (loop detection)', async () => {
    nock(BASE)
      .get(`${ROUTE}/daily_sleep`)
      .query(window)
      .reply(200, { data: [dailyRow('2025-10-20')], next_token: 'same' })
      .get(`${ROUTE}/daily_sleep`)
      .query({ ...window, next_token: 'same' })
      .reply(200, { data: [dailyRow('2025-10-21')], next_token: 'same' });
    const { client } = makeClient();
    const error = await client
      .listByDate('daily_sleep', { start_date: '2025-10-20', end_date: '2025-10-26' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OuraResponseError);
    expect((error as Error).message).toBe(
      'Oura sent the same page cursor twice while listing daily_sleep (after page 2); stopped instead of looping. Try again shortly.',
    );
  });

  it('stops at the page cap with a clear error', async () => {
    const scope = nock(BASE)
      .get(`${ROUTE}/heartrate`)
      .query(true)
      .times(3)
      .reply(200, () => ({ data: [], next_token: `t-${Math.random()}` }));
    const { client } = makeClient({ maxPages: 3 });
    const error = await client
      .listByDatetime('heartrate', { start_datetime: '2025-10-20T00:00:00Z', end_datetime: '2025-10-21T00:00:00Z' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OuraResponseError);
    expect((error as Error).message).toBe(
      'Listing heartrate needed more than 3 pages from Oura; ask for a shorter range.',
    );
    expect(scope.isDone()).toBe(true);
  });

  it('treats an empty next_token as the last page', async () => {
    nock(BASE)
      .get(`${ROUTE}/ring_configuration`)
      .reply(200, { data: [{ id: 'r' }], next_token: '' });
    const { client } = makeClient();
    expect(await client.listRingConfigurations()).toEqual([{ id: 'r' }]);
  });
});
