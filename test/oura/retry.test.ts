import { describe, expect, it } from 'vitest';
import {
  OuraAuthError,
  OuraForbiddenError,
  OuraNetworkError,
  OuraRateLimitError,
  OuraResponseError,
  OuraServerError,
  OuraTimeoutError,
  OuraValidationError,
} from '../../src/oura/errors.js';
import {
  backoffDelayMs,
  decideRetry,
  DEFAULT_RETRY_POLICY,
  parseRetryAfter,
  shouldRefreshToken,
} from '../../src/oura/retry.js';

const policy = { ...DEFAULT_RETRY_POLICY };
const half = () => 0.5;

describe('decideRetry', () => {
  it.each([
    ['500', new OuraServerError('x', { status: 500 }), true],
    ['408', new OuraServerError('x', { status: 408 }), true],
    ['timeout', new OuraTimeoutError('x'), true],
    ['network', new OuraNetworkError('x'), true],
    ['malformed body', new OuraResponseError('x'), true],
    ['429 without Retry-After', new OuraRateLimitError('x', undefined, { status: 429 }), true],
    ['401', new OuraAuthError('x', { status: 401 }), false],
    ['403', new OuraForbiddenError('x', { status: 403 }), false],
    ['422', new OuraValidationError('x', { status: 422 }), false],
    ['a non-Oura error', new Error('bug'), false],
  ])('GET after $0 → retry $2', (_name, error, expected) => {
    expect(decideRetry({ method: 'GET', error, retriesSoFar: 0, policy, random: half }).retry).toBe(expected);
  });

  it.each(['POST', 'PUT', 'DELETE', 'PATCH'])('never retries %s, even on a 503', (method) => {
    expect(
      decideRetry({ method, error: new OuraServerError('x', { status: 503 }), retriesSoFar: 0, policy, random: half }),
    ).toEqual({
      retry: false,
      reason: 'method',
    });
  });

  it('stops after maxRetries', () => {
    const error = new OuraServerError('x', { status: 500 });
    expect(decideRetry({ method: 'GET', error, retriesSoFar: 1, policy, random: half }).retry).toBe(true);
    expect(decideRetry({ method: 'GET', error, retriesSoFar: 2, policy, random: half })).toEqual({
      retry: false,
      reason: 'exhausted',
    });
  });

  it('waits exactly Retry-After when it is short enough', () => {
    const error = new OuraRateLimitError('x', 3_000, { status: 429 });
    expect(decideRetry({ method: 'GET', error, retriesSoFar: 0, policy, random: half })).toEqual({
      retry: true,
      delayMs: 3_000,
    });
    expect(
      decideRetry({ method: 'GET', error: new OuraRateLimitError('x', 8_000), retriesSoFar: 0, policy, random: half }),
    ).toEqual({
      retry: true,
      delayMs: 8_000,
    });
  });

  it('does not wait for a Retry-After longer than maxRetryAfterMs', () => {
    const error = new OuraRateLimitError('x', 8_001, { status: 429 });
    expect(decideRetry({ method: 'GET', error, retriesSoFar: 0, policy, random: half })).toEqual({
      retry: false,
      reason: 'retry_after_too_long',
    });
  });

  it('backs off exponentially with full jitter when there is no Retry-After', () => {
    const error = new OuraServerError('x', { status: 502 });
    const delays = [0, 1].map((retriesSoFar) =>
      decideRetry({ method: 'GET', error, retriesSoFar, policy, random: () => 0.999 }),
    );
    expect(delays).toEqual([
      { retry: true, delayMs: 249 },
      { retry: true, delayMs: 499 },
    ]);
  });
});

describe('backoffDelayMs', () => {
  it('doubles the ceiling per retry and caps it', () => {
    const ceilings = [0, 1, 2, 3, 4, 5, 10].map((i) =>
      backoffDelayMs(i, { baseDelayMs: 250, maxDelayMs: 4_000 }, () => 1),
    );
    expect(ceilings).toEqual([250, 500, 1_000, 2_000, 4_000, 4_000, 4_000]);
  });

  it('is uniform between 0 and the ceiling (full jitter)', () => {
    expect(backoffDelayMs(2, { baseDelayMs: 250, maxDelayMs: 4_000 }, () => 0)).toBe(0);
    expect(backoffDelayMs(2, { baseDelayMs: 250, maxDelayMs: 4_000 }, () => 0.25)).toBe(250);
  });
});

describe('parseRetryAfter', () => {
  const now = new Date('2025-10-26T10:00:00Z');
  it.each([
    ['40', 40_000],
    ['0', 0],
    ['1.5', 1_500],
    [' 7 ', 7_000],
    ['Sun, 26 Oct 2025 10:00:30 GMT', 30_000],
    ['Sun, 26 Oct 2025 09:59:00 GMT', 0],
    ['soon', undefined],
    ['', undefined],
    [undefined, undefined],
    ['-5', undefined],
  ])('%j → %j ms', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});

describe('shouldRefreshToken', () => {
  it('refreshes once on a 401 and never on other errors', () => {
    expect(shouldRefreshToken(new OuraAuthError('x', { status: 401 }), false)).toBe(true);
    expect(shouldRefreshToken(new OuraAuthError('x', { status: 401 }), true)).toBe(false);
    expect(shouldRefreshToken(new OuraForbiddenError('x', { status: 403 }), false)).toBe(false);
    expect(shouldRefreshToken(new OuraServerError('x', { status: 500 }), false)).toBe(false);
  });
});
