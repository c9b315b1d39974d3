/**
 * Tracks Oura's `X-RateLimit-*` headers. Oura's successful responses may carry none at all, so the status
 * keeps the last values seen and says when they were seen. Warns once when fewer than 10% of the requests
 * remain, and again only after the budget recovered.
 */
import type { Logger } from '../logger.js';

export interface RateLimitStatus {
  limit: number | null;
  remaining: number | null;
  /** When the window resets, if Oura said. */
  resetAt: Date | null;
  /** When these headers were last seen. */
  observedAt: Date;
}

/** Header values as axios exposes them (lower-case names). */
export type HeaderBag = Record<string, unknown>;

const LOW_FRACTION = 0.1;
/** Values above this are unix timestamps (seconds); smaller ones are seconds until reset. */
const UNIX_SECONDS_THRESHOLD = 1_000_000_000;

function headerNumber(headers: HeaderBag, name: string): number | null {
  const raw = headers[name];
  const value: unknown = Array.isArray(raw) ? (raw as unknown[])[0] : raw;
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

export class RateLimitTracker {
  private status: RateLimitStatus | null = null;
  private warned = false;

  constructor(private readonly logger: Logger) {}

  /** Reads the headers of any answer (2xx or not). */
  observe(headers: HeaderBag, now: Date): void {
    const limit = headerNumber(headers, 'x-ratelimit-limit');
    const remaining = headerNumber(headers, 'x-ratelimit-remaining');
    const reset = headerNumber(headers, 'x-ratelimit-reset');
    if (limit === null && remaining === null && reset === null) return;
    const resetAt =
      reset === null ? null : new Date(reset > UNIX_SECONDS_THRESHOLD ? reset * 1000 : now.getTime() + reset * 1000);
    this.status = {
      limit: limit ?? this.status?.limit ?? null,
      remaining,
      resetAt,
      observedAt: now,
    };
    const effectiveLimit = this.status.limit;
    if (remaining === null || effectiveLimit === null || effectiveLimit <= 0) return;
    const low = remaining < effectiveLimit * LOW_FRACTION;
    if (low && !this.warned) {
      this.warned = true;
      this.logger.warn(`Rate limit approaching (${remaining}/${effectiveLimit} remaining)`, {
        remaining,
        limit: effectiveLimit,
        reset_at: resetAt?.toISOString(),
      });
    } else if (!low) {
      this.warned = false;
    }
  }

  /** The last rate-limit facts seen, or null when Oura never sent any. */
  current(): RateLimitStatus | null {
    return this.status ? { ...this.status } : null;
  }
}
