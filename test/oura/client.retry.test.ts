import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { NotConnectedError } from '../../src/errors.js';
import {
  OuraAuthError,
  OuraNetworkError,
  OuraRateLimitError,
  OuraResponseError,
  OuraServerError,
  OuraTimeoutError,
  OuraValidationError,
} from '../../src/oura/errors.js';
import { BASE, captureLogger, makeClient, manualTimers, ROUTE } from './helpers.js';

const PATH = `${ROUTE}/personal_info`;
/** nock 15 hangs on `replyWithError({code})` objects; an Error instance with a code works. */
const socketError = (code: string, message: string) => Object.assign(new Error(message), { code });
const person = { id: 'u1', age: 35, weight: 70, height: 1.8, biological_sex: 'male', email: 'a@b.c' };

describe('retry policy through the client', () => {
  it('honours a short Retry-After (seconds), then succeeds', async () => {
    nock(BASE).get(PATH).reply(429, { detail: 'slow down' }, { 'Retry-After': '2' }).get(PATH).reply(200, person);
    const { client, sleeps } = makeClient();
    expect(await client.getPersonalInfo()).toEqual(person);
    expect(sleeps).toEqual([2_000]);
  });

  it('honours a Retry-After given as an HTTP date', async () => {
    nock(BASE)
      .get(PATH)
      .reply(429, '', { 'Retry-After': 'Sun, 26 Oct 2025 10:00:05 GMT' })
      .get(PATH)
      .reply(200, person);
    const { client, sleeps } = makeClient({ now: () => new Date('2025-10-26T10:00:00Z') });
    await client.getPersonalInfo();
    expect(sleeps).toEqual([5_000]);
  });

  it('throws at once when Retry-After is longer than maxRetryAfterMs, carrying the wait', async () => {
    nock(BASE).get(PATH).reply(429, { detail: 'Too many requests' }, { 'Retry-After': '40' });
    const { client, sleeps } = makeClient();
    const error = await client.getPersonalInfo().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OuraRateLimitError);
    expect((error as OuraRateLimitError).retryAfterMs).toBe(40_000);
    expect((error as OuraRateLimitError).message).toBe("Oura's rate limit was reached; try again in 40 s.");
    expect((error as OuraRateLimitError).details).toEqual({ retry_after_seconds: 40, upstream_status: 429 });
    expect(sleeps).toEqual([]);
  });

  it('backs off on 429 without Retry-After and gives up after 3 attempts', async () => {
    nock(BASE).get(PATH).times(3).reply(429, '');
    const { client, sleeps } = makeClient();
    const error = await client.getPersonalInfo().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OuraRateLimitError);
    expect((error as OuraRateLimitError).retryAfterMs).toBeUndefined();
    expect(sleeps).toEqual([125, 250]);
  });

  it('500, 500, 200 → success after 2 retries with jittered exponential backoff', async () => {
    nock(BASE).get(PATH).times(2).reply(500, 'boom').get(PATH).reply(200, person);
    const { client, sleeps } = makeClient();
    expect(await client.getPersonalInfo()).toEqual(person);
    expect(sleeps).toEqual([125, 250]);
  });

  it('500 × 3 → OuraServerError', async () => {
    nock(BASE).get(PATH).times(3).reply(503, { detail: 'maintenance' });
    const { client } = makeClient();
    const error = await client.getPersonalInfo().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OuraServerError);
    expect((error as OuraServerError).status).toBe(503);
    expect((error as OuraServerError).message).toBe(
      'Oura had a problem answering for personal_info (HTTP 503); try again shortly.',
    );
    expect((error as OuraServerError).logDetail).toEqual({
      collection: 'personal_info',
      status: 503,
      body: '{"detail":"maintenance"}',
    });
  });

  it('respects maxRetries and the delay cap', async () => {
    nock(BASE).get(PATH).times(5).reply(502, '');
    const { client, sleeps } = makeClient({
      maxRetries: 4,
      retryBaseDelayMs: 1_000,
      retryMaxDelayMs: 3_000,
      random: () => 1,
    });
    await expect(client.getPersonalInfo()).rejects.toBeInstanceOf(OuraServerError);
    expect(sleeps).toEqual([1_000, 2_000, 3_000, 3_000]);
  });

  // Oura would answer only after a minute; each attempt's 40 ms timeout is fired by the test once nock holds
  // the request, so a busy machine cannot make the answer win the race (it once did: issue 10, item 8).
  it('a hanging upstream ends with OuraTimeoutError after every attempt timed out', async () => {
    const timers = manualTimers();
    nock(BASE)
      .get(PATH)
      .times(3)
      .delay(60_000)
      .reply(200, person)
      .on('request', () => setImmediate(timers.fire));
    const { client, sleeps } = makeClient({ timeoutMs: 40, startTimer: timers.startTimer });
    const error = await client.getPersonalInfo().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OuraTimeoutError);
    expect((error as Error).message).toBe(
      'Oura did not answer within 40 ms while reading personal_info; try again shortly.',
    );
    expect(timers.requested).toEqual([40, 40, 40]);
    expect(sleeps).toEqual([125, 250]);
  });

  it('a timeout then a fast answer succeeds', async () => {
    const timers = manualTimers();
    nock(BASE)
      .get(PATH)
      .delay(60_000)
      .reply(200, person)
      .get(PATH)
      .reply(200, person)
      .once('request', () => setImmediate(timers.fire));
    const { client, sleeps } = makeClient({ timeoutMs: 40, startTimer: timers.startTimer });
    expect(await client.getPersonalInfo()).toEqual(person);
    expect(timers.requested).toEqual([40, 40]);
    expect(sleeps).toEqual([125]);
  });

  it('network errors are retried, then reported as OuraNetworkError', async () => {
    nock(BASE).get(PATH).times(3).replyWithError(socketError('ECONNRESET', 'socket hang up'));
    const { client, sleeps } = makeClient();
    const error = await client.getPersonalInfo().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OuraNetworkError);
    expect((error as Error).message).toBe(
      'Could not reach Oura (ECONNRESET) to read personal_info: check the internet connection and try again.',
    );
    expect(sleeps).toHaveLength(2);
  });

  it('a network error then success', async () => {
    nock(BASE)
      .get(PATH)
      .replyWithError(socketError('ECONNREFUSED', 'connect ECONNREFUSED'))
      .get(PATH)
      .reply(200, person);
    const { client } = makeClient();
    expect(await client.getPersonalInfo()).toEqual(person);
  });

  it('malformed JSON is retried, then OuraResponseError', async () => {
    nock(BASE).get(PATH).times(3).reply(200, '{"id": "u1", "age": 3', { 'Content-Type': 'application/json' });
    const { client, sleeps } = makeClient();
    const error = await client.getPersonalInfo().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OuraResponseError);
    expect((error as Error).message).toBe(
      'Oura sent a response for personal_info that could not be read (malformed JSON); try again shortly.',
    );
    expect(sleeps).toHaveLength(2);
  });

  it('a truncated body then a good one succeeds', async () => {
    nock(BASE)
      .get(`${ROUTE}/daily_sleep`)
      .query(true)
      .reply(200, '{"data": [{"id"')
      .get(`${ROUTE}/daily_sleep`)
      .query(true)
      .reply(200, { data: [{ id: 'a', day: '2025-10-20' }], next_token: null });
    const { client } = makeClient();
    expect(await client.listByDate('daily_sleep', { start_date: '2025-10-20', end_date: '2025-10-20' })).toEqual([
      { id: 'a', day: '2025-10-20' },
    ]);
  });

  it.each([
    ['no data list', { items: [] }],
    ['data not a list', { data: { id: 1 } }],
    ['next_token a number', { data: [], next_token: 5 }],
    ['an array', [1, 2]],
  ])('a wrong envelope (%s) is OuraResponseError', async (_name, body) => {
    nock(BASE).get(`${ROUTE}/daily_sleep`).query(true).times(3).reply(200, body);
    const { client } = makeClient();
    await expect(
      client.listByDate('daily_sleep', { start_date: '2025-10-20', end_date: '2025-10-20' }),
    ).rejects.toBeInstanceOf(OuraResponseError);
  });

  it('a 422 is not retried', async () => {
    nock(BASE)
      .get(PATH)
      .reply(422, { detail: [{ loc: ['query', 'start_date'], msg: 'invalid date' }] });
    const { client, sleeps } = makeClient();
    await expect(client.getPersonalInfo()).rejects.toBeInstanceOf(OuraValidationError);
    expect(sleeps).toEqual([]);
  });
});

describe('request budget', () => {
  /** Wall clock and monotonic clock that move forward only by every (fake) sleep. */
  function virtualTime(startIso = '2025-10-26T10:00:00Z') {
    const start = Date.parse(startIso);
    let at = start;
    const sleeps: number[] = [];
    return {
      sleeps,
      now: () => new Date(at),
      monotonicMs: () => at - start,
      sleep: (ms: number) => {
        sleeps.push(ms);
        at += ms;
        return Promise.resolve();
      },
    };
  }

  it('a hanging upstream ends within the budget even when the per-attempt timeout is longer', async () => {
    const timers = manualTimers();
    nock(BASE)
      .get(PATH)
      .delay(60_000)
      .reply(200, person)
      .on('request', () => setImmediate(timers.fire));
    const time = virtualTime();
    const { client } = makeClient({ ...time, startTimer: timers.startTimer, timeoutMs: 10_000, requestBudgetMs: 150 });
    const error = await client.getPersonalInfo().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OuraTimeoutError);
    expect((error as Error).message).toBe(
      'Oura did not answer within 150 ms while reading personal_info; try again shortly.',
    );
    // The attempt got the whole budget, and a backoff (125 ms) plus another attempt (250 ms) no longer fit.
    expect(timers.requested).toEqual([150]);
    expect(time.sleeps).toEqual([]);
  });

  it('does not start a backoff that would leave no time for another attempt', async () => {
    nock(BASE).get(PATH).times(2).reply(500, '');
    const time = virtualTime();
    const { client } = makeClient({ ...time, requestBudgetMs: 1_000, retryBaseDelayMs: 500, random: () => 1 });
    await expect(client.getPersonalInfo()).rejects.toBeInstanceOf(OuraServerError);
    // 500 ms then a second attempt; the next wait (1 000 ms) would pass the deadline.
    expect(time.sleeps).toEqual([500]);
  });

  it('a Retry-After beyond the remaining budget fails at once with the wait', async () => {
    nock(BASE).get(PATH).reply(429, '', { 'Retry-After': '6' });
    const time = virtualTime();
    const { client } = makeClient({ ...time, requestBudgetMs: 5_000 });
    const error = await client.getPersonalInfo().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OuraRateLimitError);
    expect((error as OuraRateLimitError).retryAfterMs).toBe(6_000);
    expect(time.sleeps).toEqual([]);
  });
});

describe('401: one refresh, one retry', () => {
  it('401 → exactly one refresh → success with the new token', async () => {
    nock(BASE)
      .get(PATH)
      .matchHeader('authorization', 'Bearer token-1')
      .reply(401, { detail: 'expired' })
      .get(PATH)
      .matchHeader('authorization', 'Bearer token-2')
      .reply(200, person);
    const { client, tokens, sleeps } = makeClient();
    expect(await client.getPersonalInfo()).toEqual(person);
    expect(tokens.refreshes).toEqual(['token-1']);
    expect(sleeps).toEqual([]);
  });

  it('401 twice → OuraAuthError telling the owner to reconnect, after a single refresh', async () => {
    nock(BASE).get(PATH).times(2).reply(401, { detail: 'invalid token' });
    const { client, tokens } = makeClient();
    const error = await client.getPersonalInfo().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OuraAuthError);
    expect((error as Error).message).toBe(
      "Oura refused the access token for personal_info even after refreshing it: reconnect Oura (the connection may have been revoked), or allow the 'personal' permission if it was not granted.",
    );
    expect(tokens.refreshes).toEqual(['token-1']);
  });

  it('a 401 after a retried 500 still refreshes only once', async () => {
    nock(BASE).get(PATH).reply(401, '').get(PATH).reply(500, '').get(PATH).reply(401, '');
    const { client, tokens } = makeClient();
    await expect(client.getPersonalInfo()).rejects.toBeInstanceOf(OuraAuthError);
    expect(tokens.refreshes).toHaveLength(1);
  });

  it('NotConnectedError from the token provider passes through untouched, without calling Oura', async () => {
    const { client, tokens } = makeClient();
    const notConnected = new NotConnectedError('Oura is not connected.', 'never_connected');
    tokens.getAccessToken = () => Promise.reject(notConnected);
    await expect(client.getPersonalInfo()).rejects.toBe(notConnected);
  });

  it('NotConnectedError from the refresh passes through untouched', async () => {
    nock(BASE).get(PATH).reply(401, '');
    const { client, tokens } = makeClient();
    const refused = new NotConnectedError('Oura refused the refresh.', 'refresh_rejected');
    tokens.refreshAfterUnauthorized = () => Promise.reject(refused);
    await expect(client.getPersonalInfo()).rejects.toBe(refused);
  });
});

describe('requests, logs and health', () => {
  it('sends the token only in the Authorization header and logs one debug line per attempt without it', async () => {
    const { logger, lines } = captureLogger();
    const urls: string[] = [];
    nock(BASE)
      .get(`${ROUTE}/daily_sleep`)
      .query(true)
      .matchHeader('authorization', 'Bearer token-1')
      .reply(500, '')
      .get(`${ROUTE}/daily_sleep`)
      .query(true)
      .reply(200, (req: Request) => {
        urls.push(req.url);
        return { data: [], next_token: null };
      });
    const { client } = makeClient({ logger });
    await client.listByDate('daily_sleep', { start_date: '2025-10-20', end_date: '2025-10-26' });
    expect(urls[0]).not.toContain('token-1');
    const requestLines = lines.filter((l) => l.message.startsWith('Oura GET'));
    expect(
      requestLines.map(({ collection, status, page, attempt }) => ({ collection, status, page, attempt })),
    ).toEqual([
      { collection: 'daily_sleep', status: 500, page: 1, attempt: 1 },
      { collection: 'daily_sleep', status: 200, page: 1, attempt: 2 },
    ]);
    expect(requestLines.every((l) => l.level === 'debug' && typeof l.ms === 'number')).toBe(true);
    expect(JSON.stringify(lines)).not.toContain('token-1');
  });

  it('lastOutcome: null before any call, ok after success, not ok after Oura failed', async () => {
    nock(BASE)
      .get(PATH)
      .reply(200, person)
      .get(PATH)
      .times(3)
      .reply(500, '')
      .get(PATH)
      .reply(403, { detail: 'forbidden' });
    const at = new Date('2025-10-26T10:00:00Z');
    const { client } = makeClient({ now: () => at });
    expect(client.lastOutcome()).toBeNull();
    await client.getPersonalInfo();
    expect(client.lastOutcome()).toEqual({ ok: true, at });
    await client.getPersonalInfo().catch(() => undefined);
    expect(client.lastOutcome()).toEqual({
      ok: false,
      at,
      error: 'Oura had a problem answering for personal_info (HTTP 500); try again shortly.',
    });
    // A refusal still shows Oura is up.
    await client.getPersonalInfo().catch(() => undefined);
    expect(client.lastOutcome()?.ok).toBe(true);
    expect(client.lastOutcome()?.error).toMatch(/^Oura refused access to personal_info/);
  });
});
