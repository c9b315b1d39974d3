import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { UpstreamBudgetError } from '../../src/oura/errors.js';
import { UpstreamBudget } from '../../src/oura/upstreamBudget.js';
import { BASE, dailyRow, makeClient, ROUTE } from './helpers.js';

const window = { start_date: '2025-10-18', end_date: '2025-10-28' };

describe('the Oura client under an upstream budget', () => {
  it('every page and every retry takes a token; an empty bucket stops before Oura is asked', async () => {
    let now = 0;
    const budget = new UpstreamBudget({ maxRequests: 3, windowMs: 300_000, now: () => now });
    nock(BASE)
      .get(`${ROUTE}/daily_readiness`)
      .query(window)
      .reply(503, 'busy')
      .get(`${ROUTE}/daily_readiness`)
      .query(window)
      .reply(200, { data: [dailyRow('2025-10-20')], next_token: 'cursor-a' })
      .get(`${ROUTE}/daily_readiness`)
      .query({ ...window, next_token: 'cursor-a' })
      .reply(200, { data: [dailyRow('2025-10-21')], next_token: 'cursor-b' });
    // No interceptor for cursor-b: reaching Oura a fourth time would fail the test with a nock error.
    const { client } = makeClient({ budget });
    const error = await client
      .listByDate('daily_readiness', { start_date: '2025-10-20', end_date: '2025-10-26' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamBudgetError);
    expect((error as UpstreamBudgetError).retryAfterMs).toBe(100_000);
    expect(client.budgetStatus()).toMatchObject({ remaining: 0, limit: 3, refused: 1 });
    now += 100_000;
    expect(client.budgetStatus()?.remaining).toBe(1);
  });
});
