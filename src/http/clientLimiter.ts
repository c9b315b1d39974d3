/**
 * Fixed-window request counting per client key, with weights (a JSON-RPC batch of n requests costs n)
 * and a bounded table: at most `maxClients` keys are tracked, the least recently seen forgotten first,
 * so a flood of distinct addresses cannot grow memory. The clock is injected for tests.
 */
import { LruMap } from '../lib/lruMap.js';

export interface ClientLimiterOptions {
  windowMs: number;
  /** Requests (sum of weights) allowed per key per window. */
  max: number;
  /** Keys tracked at once (default 10 000). */
  maxClients?: number;
  now?: () => number;
}

export interface LimitDecision {
  allowed: boolean;
  limit: number;
  /** What is left in this window after this hit (0 when refused). */
  remaining: number;
  /** Ms until the window resets. */
  resetMs: number;
}

interface Window {
  startedAt: number;
  used: number;
}

export class ClientLimiter {
  private readonly windows: LruMap<Window>;
  private readonly now: () => number;

  constructor(private readonly options: ClientLimiterOptions) {
    this.windows = new LruMap<Window>({ maxEntries: options.maxClients ?? 10_000 });
    this.now = options.now ?? Date.now;
  }

  /** Counts `weight` requests for `key`; refused (and not counted) when they would pass the limit. */
  hit(key: string, weight = 1): LimitDecision {
    const { windowMs, max } = this.options;
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || now - window.startedAt >= windowMs) {
      window = { startedAt: now, used: 0 };
      this.windows.set(key, window);
    }
    const resetMs = window.startedAt + windowMs - now;
    if (window.used + weight > max) {
      // Count the refused attempt too, so a client that keeps hammering stays refused for the window.
      window.used = Math.max(window.used, max);
      return { allowed: false, limit: max, remaining: 0, resetMs };
    }
    window.used += weight;
    return { allowed: true, limit: max, remaining: max - window.used, resetMs };
  }

  /** Keys tracked now (bounded by `maxClients`). */
  get trackedClients(): number {
    return this.windows.size;
  }
}
