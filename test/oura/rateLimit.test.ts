import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { RateLimitTracker } from '../../src/oura/rateLimit.js';
import { BASE, captureLogger, makeClient, ROUTE } from './helpers.js';

const now = new Date('2025-10-26T10:00:00Z');

describe('RateLimitTracker', () => {
  it('keeps the last values, reading Reset as a unix time or as seconds from now', () => {
    const tracker = new RateLimitTracker(captureLogger().logger);
    expect(tracker.current()).toBeNull();
    tracker.observe(
      { 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '4800', 'x-ratelimit-reset': '1761472800' },
      now,
    );
    expect(tracker.current()).toEqual({
      limit: 5000,
      remaining: 4800,
      resetAt: new Date(1761472800 * 1000),
      observedAt: now,
    });
    tracker.observe({ 'x-ratelimit-remaining': '4700', 'x-ratelimit-reset': '120' }, now);
    expect(tracker.current()).toEqual({
      limit: 5000,
      remaining: 4700,
      resetAt: new Date(now.getTime() + 120_000),
      observedAt: now,
    });
  });

  it('ignores answers without rate-limit headers (Oura often sends none)', () => {
    const tracker = new RateLimitTracker(captureLogger().logger);
    tracker.observe({ 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '4000' }, now);
    tracker.observe({ 'content-type': 'application/json' }, new Date(now.getTime() + 1000));
    expect(tracker.current()?.remaining).toBe(4000);
    expect(tracker.current()?.observedAt).toEqual(now);
  });

  it('warns once when fewer than 10% remain, and again only after recovering', () => {
    const { logger, lines } = captureLogger();
    const tracker = new RateLimitTracker(logger);
    for (const remaining of [600, 499, 400, 300, 4999, 100])
      tracker.observe({ 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': String(remaining) }, now);
    const warnings = lines.filter((l) => l.level === 'warn').map((l) => l.message);
    expect(warnings).toEqual([
      'Rate limit approaching (499/5000 remaining)',
      'Rate limit approaching (100/5000 remaining)',
    ]);
  });
});

describe('through the client', () => {
  it('tracks X-RateLimit-* from successful and 429 answers', async () => {
    nock(BASE)
      .get(`${ROUTE}/personal_info`)
      .reply(200, { id: 'u' }, { 'X-RateLimit-Limit': '5000', 'X-RateLimit-Remaining': '4321' })
      .get(`${ROUTE}/personal_info`)
      .reply(200, { id: 'u' })
      .get(`${ROUTE}/personal_info`)
      .reply(429, '', { 'X-RateLimit-Limit': '5000', 'X-RateLimit-Remaining': '0', 'Retry-After': '300' });
    const { client } = makeClient({ now: () => now });
    expect(client.rateLimitStatus()).toBeNull();
    await client.getPersonalInfo();
    expect(client.rateLimitStatus()).toMatchObject({ limit: 5000, remaining: 4321 });
    await client.getPersonalInfo();
    expect(client.rateLimitStatus()).toMatchObject({ limit: 5000, remaining: 4321 });
    await client.getPersonalInfo().catch(() => undefined);
    expect(client.rateLimitStatus()).toMatchObject({ limit: 5000, remaining: 0 });
  });
});
