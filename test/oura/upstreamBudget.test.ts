import { describe, expect, it } from 'vitest';
import { CallCancelledError, ErrorCode } from '../../src/errors.js';
import { UpstreamBudgetError } from '../../src/oura/errors.js';
import { UpstreamBudget } from '../../src/oura/upstreamBudget.js';

function manualClock(start = 1_000_000): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

const ok = (): Promise<string> => Promise.resolve('ok');

describe('UpstreamBudget', () => {
  it('allows exactly maxRequests per window, then refuses at once with the wait until the next token', async () => {
    const clock = manualClock();
    // 10 per 60 s: one token every 6 s.
    const budget = new UpstreamBudget({ maxRequests: 10, windowMs: 60_000, now: clock.now });
    for (let i = 0; i < 10; i++) await expect(budget.run('daily_sleep', ok)).resolves.toBe('ok');
    const refused = await budget.run('daily_sleep', ok).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(UpstreamBudgetError);
    const error = refused as UpstreamBudgetError;
    expect(error.code).toBe(ErrorCode.UpstreamBudgetExhausted);
    expect(error.retryAfterMs).toBe(6000);
    expect(error.details).toMatchObject({ retry_after_seconds: 6, limit: 10, window_seconds: 60 });
    expect(error.message).toContain('retry in 6 s');
    expect(budget.status()).toEqual({ remaining: 0, limit: 10, window_seconds: 60, in_flight: 0, refused: 1 });

    // 3 s later half a token has come back: still refused, 3 s to wait.
    clock.advance(3000);
    await expect(budget.run('daily_sleep', ok)).rejects.toMatchObject({ retryAfterMs: 3000 });
    clock.advance(3000);
    await expect(budget.run('daily_sleep', ok)).resolves.toBe('ok');
    // A whole window later the bucket is full again, never fuller.
    clock.advance(600_000);
    expect(budget.status().remaining).toBe(10);
  });

  it('never has more than maxConcurrent requests in flight, and hands slots over in order', async () => {
    const budget = new UpstreamBudget({ maxRequests: 100, maxConcurrent: 2 });
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const releases: Array<() => void> = [];
    const task = (n: number) => () =>
      new Promise<number>((resolve) => {
        running++;
        peak = Math.max(peak, running);
        order.push(n);
        releases.push(() => {
          running--;
          resolve(n);
        });
      });
    const calls = [1, 2, 3, 4, 5].map((n) => budget.run('heartrate', task(n)));
    await Promise.resolve();
    expect(order).toEqual([1, 2]);
    expect(budget.status().in_flight).toBe(2);
    while (releases.length > 0) {
      releases.shift()!();
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await Promise.all(calls)).toEqual([1, 2, 3, 4, 5]);
    expect(order).toEqual([1, 2, 3, 4, 5]);
    expect(peak).toBe(2);
    expect(budget.status().in_flight).toBe(0);
  });

  it('a failed request still frees its slot', async () => {
    const budget = new UpstreamBudget({ maxConcurrent: 1 });
    await expect(budget.run('tag', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(budget.run('tag', ok)).resolves.toBe('ok');
  });

  it('refuses at once when the queue of waiters is full', async () => {
    const budget = new UpstreamBudget({ maxConcurrent: 1, maxQueued: 1 });
    let release!: () => void;
    const first = budget.run('tag', () => new Promise<void>((resolve) => (release = resolve)));
    const second = budget.run('tag', ok);
    await expect(budget.run('tag', ok)).rejects.toBeInstanceOf(UpstreamBudgetError);
    release();
    await first;
    await expect(second).resolves.toBe('ok');
  });

  it('a cancelled call waiting for a slot leaves the queue at once; the next waiter gets the slot', async () => {
    const budget = new UpstreamBudget({ maxRequests: 100, maxConcurrent: 1 });
    let release: () => void = () => undefined;
    const holder = budget.run('heartrate', () => new Promise<string>((resolve) => (release = () => resolve('first'))));
    const cancelled = new AbortController();
    const waiting = budget.run('heartrate', ok, cancelled.signal);
    const next = budget.run('heartrate', () => Promise.resolve('third'));
    cancelled.abort();
    await expect(waiting).rejects.toBeInstanceOf(CallCancelledError);
    release();
    expect(await holder).toBe('first');
    expect(await next).toBe('third');
    expect(budget.status().in_flight).toBe(0);
  });
});
