import nock from 'nock';
import { describe, expect, it } from 'vitest';
import {
  OuraAppTooOldError,
  OuraAuthError,
  OuraForbiddenError,
  OuraNotFoundError,
  OuraRateLimitError,
  OuraServerError,
  OuraValidationError,
} from '../../src/oura/errors.js';
import {
  describeErrorBody,
  ouraErrorFromResponse,
  ouraErrorFromTransport,
  scopeForCollection,
} from '../../src/oura/errorFactory.js';
import { BASE, makeClient, ROUTE } from './helpers.js';

describe('error mapping through the client (no retries)', () => {
  it.each([
    [
      400,
      { detail: 'start_date must be before end_date' },
      OuraValidationError,
      'Oura rejected the request for heartrate (start_date must be before end_date). Check the dates and parameters.',
    ],
    [
      422,
      {
        detail: [
          { loc: ['query', 'start_datetime'], msg: 'invalid datetime format' },
          { loc: ['query', 'end_datetime'], msg: 'field required' },
        ],
      },
      OuraValidationError,
      'Oura rejected the request for heartrate (start_datetime: invalid datetime format; end_datetime: field required). Check the dates and parameters.',
    ],
    [
      422,
      { detail: 'Invalid value for start_datetime' },
      OuraValidationError,
      'Oura rejected the request for heartrate (Invalid value for start_datetime). Check the dates and parameters.',
    ],
    [
      422,
      { status: 422, title: 'Validation error', detail: 'end_datetime before start_datetime' },
      OuraValidationError,
      'Oura rejected the request for heartrate (Validation error: end_datetime before start_datetime). Check the dates and parameters.',
    ],
    [
      403,
      { detail: 'Forbidden' },
      OuraForbiddenError,
      "Oura refused access to heartrate: the 'heartrate' permission was probably not granted — reconnect Oura and allow it (an expired Oura membership has the same effect).",
    ],
    [404, { detail: 'Not Found' }, OuraNotFoundError, 'Oura has no such heartrate document (HTTP 404): check the id.'],
    [
      426,
      { detail: 'Upgrade required' },
      OuraAppTooOldError,
      "Oura says the owner's Oura app is too old to provide heartrate: update the Oura app on your phone, open it to sync, then try again.",
    ],
    [418, 'teapot', OuraValidationError, 'Oura refused the request for heartrate (HTTP 418).'],
  ])('HTTP %i %j → %o', async (status, body, errorClass, message) => {
    nock(BASE).get(`${ROUTE}/heartrate`).query(true).reply(status, body);
    const { client, sleeps } = makeClient();
    const error = await client
      .listByDatetime('heartrate', { start_datetime: '2025-10-20T00:00:00Z', end_datetime: '2025-10-21T00:00:00Z' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(errorClass);
    expect((error as Error).message).toBe(message);
    expect((error as OuraValidationError).status).toBe(status);
    expect((error as OuraValidationError).collection).toBe('heartrate');
    expect(sleeps).toEqual([]);
  });
});

describe('ouraErrorFromResponse', () => {
  it.each([
    [401, OuraAuthError, false],
    [403, OuraForbiddenError, false],
    [404, OuraNotFoundError, false],
    [408, OuraServerError, true],
    [426, OuraAppTooOldError, false],
    [429, OuraRateLimitError, true],
    [500, OuraServerError, true],
    [502, OuraServerError, true],
    [504, OuraServerError, true],
  ])('%i → %o (retryable %s)', (status, errorClass, retryable) => {
    const error = ouraErrorFromResponse({ status, body: '', collection: 'daily_sleep' });
    expect(error).toBeInstanceOf(errorClass);
    expect(error.retryable).toBe(retryable);
  });

  it('names the scope of each collection in a 403', () => {
    expect(ouraErrorFromResponse({ status: 403, body: '', collection: 'workout' }).message).toMatch(
      /^Oura refused access to workout: the 'workout' permission/,
    );
    expect(ouraErrorFromResponse({ status: 403, body: '', collection: 'daily_spo2' }).message).toContain(
      "the 'spo2' permission (called 'spo2Daily'",
    );
    expect(scopeForCollection('enhanced_tag')).toBe('tag');
    expect(scopeForCollection('daily_readiness')).toBe('daily');
  });

  it('keeps the upstream body for the logs, truncated, and out of the message', () => {
    const body = JSON.stringify({ detail: 'x'.repeat(5_000) });
    const error = ouraErrorFromResponse({ status: 500, body, collection: 'sleep' });
    expect(error.message).not.toContain('xxx');
    expect((error.logDetail as { body: string }).body).toHaveLength(2_001);
  });

  it('never repeats a query string from an error body', () => {
    const error = ouraErrorFromResponse({
      status: 400,
      body: { detail: 'bad url /v2/usercollection/sleep?start_date=2025-01-01&access_token=secret' },
      collection: 'sleep',
    });
    expect(error.message).not.toContain('secret');
    expect(error.message).not.toContain('?');
  });

  it('maps transport failures to timeouts and network errors', () => {
    expect(
      ouraErrorFromTransport(
        { code: 'ECONNABORTED', message: 'timeout of 10000ms exceeded', timedOut: false },
        'sleep',
        10_000,
      ).message,
    ).toBe('Oura did not answer within 10 s while reading sleep; try again shortly.');
    expect(
      ouraErrorFromTransport({ code: 'ERR_CANCELED', message: 'canceled', timedOut: true }, 'sleep', 2_500).name,
    ).toBe('OuraTimeoutError');
    expect(
      ouraErrorFromTransport({ code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND', timedOut: false }, 'sleep', 1_000)
        .name,
    ).toBe('OuraNetworkError');
  });
});

describe('describeErrorBody', () => {
  it.each([
    ['{"detail":"Token expired"}', 'Token expired'],
    [{ detail: [{ loc: ['query', 'start_date'], msg: 'bad' }] }, 'start_date: bad'],
    [{ detail: [{ msg: 'no loc' }] }, 'no loc'],
    [{ status: 403, title: 'Forbidden', detail: 'Membership expired' }, 'Forbidden: Membership expired'],
    [{ title: 'Only a title' }, 'Only a title'],
    ['<html>Bad gateway</html>', undefined],
    ['', undefined],
    [{ detail: [] }, undefined],
  ])('%j → %j', (body, expected) => {
    expect(describeErrorBody(body)).toBe(expected);
  });
});
