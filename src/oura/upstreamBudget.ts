/**
 * The owner's Oura allowance, guarded on our side: every request to Oura (each page, each retry) first
 * takes a token from one bucket, and at most `maxConcurrent` requests are in flight at once.
 *
 * Oura allows 5,000 requests per 5 minutes per token; the default here (1,000 per 5 minutes) leaves most
 * of it to the owner's other apps and stops one caller with the API key (or a batch of cold calls) from
 * spending it. An empty bucket does not queue: the call fails at once with {@link UpstreamBudgetError},
 * which says how long until the next request is allowed. Waiting for a concurrency slot is bounded too.
 * The clock is injected so tests refill the bucket by moving time, not by sleeping.
 */
import { CallCancelledError } from '../errors.js';
import { UpstreamBudgetError } from './errors.js';

export interface UpstreamBudgetOptions {
  /** Requests allowed per window (the bucket's capacity), default 1000. */
  maxRequests?: number;
  /** Window in ms over which the bucket refills completely, default 5 minutes. */
  windowMs?: number;
  /**
   * Requests to Oura in flight at once, default 12: heart rate is read in one-day windows, and a month of
   * it (31 windows) then takes 3 round trips instead of 8 at 4.
   */
  maxConcurrent?: number;
  /** Longest wait for a free concurrency slot before failing, default 10 s. */
  maxQueueWaitMs?: number;
  /** Most callers waiting for a slot; more fail at once (default 256). */
  maxQueued?: number;
  /** Clock in ms (default `Date.now`). */
  now?: () => number;
}

/** What `/health` shows about the budget. */
export interface UpstreamBudgetStatus {
  /** Whole requests left in the bucket now. */
  remaining: number;
  limit: number;
  window_seconds: number;
  in_flight: number;
  /** Requests refused because the bucket was empty, since start. */
  refused: number;
}

export const UPSTREAM_BUDGET_DEFAULTS = Object.freeze({
  maxRequests: 1000,
  windowMs: 5 * 60_000,
  maxConcurrent: 12,
  maxQueueWaitMs: 10_000,
  maxQueued: 256,
});

interface Waiter {
  grant: () => void;
  timer: ReturnType<typeof setTimeout>;
}

export class UpstreamBudget {
  readonly limit: number;
  /** Requests in flight at once; the HTTP agent keeps as many sockets, so the budget is the only bound. */
  readonly maxConcurrent: number;
  private readonly windowMs: number;
  private readonly maxQueueWaitMs: number;
  private readonly maxQueued: number;
  private readonly now: () => number;
  /** Fractional tokens left at `refilledAt`. */
  private tokens: number;
  private refilledAt: number;
  private inFlight = 0;
  private refusedCount = 0;
  private readonly queue: Waiter[] = [];

  constructor(options: UpstreamBudgetOptions = {}) {
    const d = UPSTREAM_BUDGET_DEFAULTS;
    this.limit = options.maxRequests ?? d.maxRequests;
    this.windowMs = options.windowMs ?? d.windowMs;
    this.maxConcurrent = options.maxConcurrent ?? d.maxConcurrent;
    this.maxQueueWaitMs = options.maxQueueWaitMs ?? d.maxQueueWaitMs;
    this.maxQueued = options.maxQueued ?? d.maxQueued;
    this.now = options.now ?? Date.now;
    if (!(this.limit >= 1 && this.windowMs >= 1 && this.maxConcurrent >= 1)) {
      throw new RangeError('UpstreamBudget needs maxRequests, windowMs and maxConcurrent of at least 1');
    }
    this.tokens = this.limit;
    this.refilledAt = this.now();
  }

  /**
   * Runs `request` once a token and a concurrency slot are free.
   * @throws UpstreamBudgetError at once when the bucket is empty, or when no slot frees up in time;
   *   CallCancelledError when `signal` aborts while waiting for a slot.
   */
  async run<T>(collection: string, request: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    this.take(collection);
    await this.acquireSlot(collection, signal);
    try {
      return await request();
    } finally {
      this.releaseSlot();
    }
  }

  status(): UpstreamBudgetStatus {
    this.refill();
    return {
      remaining: Math.floor(this.tokens),
      limit: this.limit,
      window_seconds: Math.round(this.windowMs / 1000),
      in_flight: this.inFlight,
      refused: this.refusedCount,
    };
  }

  private refill(): void {
    const now = this.now();
    const elapsed = Math.max(0, now - this.refilledAt);
    this.tokens = Math.min(this.limit, this.tokens + (elapsed * this.limit) / this.windowMs);
    this.refilledAt = now;
  }

  private take(collection: string): void {
    this.refill();
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return;
    }
    this.refusedCount++;
    const waitMs = Math.ceil(((1 - this.tokens) * this.windowMs) / this.limit);
    throw UpstreamBudgetError.exhausted(collection, waitMs, this.limit, this.windowMs);
  }

  private acquireSlot(collection: string, signal: AbortSignal | undefined): Promise<void> {
    if (this.inFlight < this.maxConcurrent) {
      this.inFlight++;
      return Promise.resolve();
    }
    if (this.queue.length >= this.maxQueued) {
      this.refusedCount++;
      return Promise.reject(UpstreamBudgetError.busy(collection, this.maxQueueWaitMs));
    }
    return new Promise<void>((resolve, reject) => {
      const leaveQueue = (): void => {
        const index = this.queue.indexOf(waiter);
        if (index !== -1) this.queue.splice(index, 1);
        signal?.removeEventListener('abort', onCancel);
      };
      // A cancelled call gives its place in the queue up at once.
      const onCancel = (): void => {
        clearTimeout(waiter.timer);
        leaveQueue();
        reject(new CallCancelledError());
      };
      const waiter: Waiter = {
        grant: () => {
          clearTimeout(waiter.timer);
          signal?.removeEventListener('abort', onCancel);
          resolve();
        },
        timer: setTimeout(() => {
          leaveQueue();
          this.refusedCount++;
          reject(UpstreamBudgetError.busy(collection, this.maxQueueWaitMs));
        }, this.maxQueueWaitMs),
      };
      this.queue.push(waiter);
      signal?.addEventListener('abort', onCancel, { once: true });
    });
  }

  private releaseSlot(): void {
    const next = this.queue.shift();
    // The slot passes straight to the next waiter: inFlight stays the same.
    if (next) next.grant();
    else this.inFlight--;
  }
}
