/**
 * The Oura client's retry policy, written down once and kept pure (no I/O, no clock of its own):
 *
 * - Only idempotent reads (GET/HEAD) are retried.
 * - Retried: 408 and 5xx (`OuraServerError`), 429 (`OuraRateLimitError`), timeouts, network failures and
 *   unreadable 2xx bodies (`OuraResponseError`): every error whose `retryable` is true.
 * - A 429 with `Retry-After` waits exactly that long when it is at most `maxRetryAfterMs`; a longer wait is
 *   not spent inside a tool call: the error is thrown at once, carrying `retryAfterMs` for the caller.
 * - Otherwise exponential backoff with full jitter: `random() * min(maxDelayMs, baseDelayMs * 2^retry)`.
 * - At most `maxRetries` retries (so `maxRetries + 1` attempts).
 * - A 401 is not a retry: it triggers exactly one token refresh and one more attempt (`shouldRefreshToken`).
 */
import { OuraApiError, OuraAuthError, OuraRateLimitError } from './errors.js';

export interface RetryPolicy {
  /** Retries after the first attempt (default 2, so 3 attempts). */
  maxRetries: number;
  /** First backoff ceiling in ms (default 250). */
  baseDelayMs: number;
  /** Largest backoff ceiling in ms (default 4 000). */
  maxDelayMs: number;
  /** Longest `Retry-After` waited for in ms (default 8 000); longer ones fail at once. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  maxRetries: 2,
  baseDelayMs: 250,
  maxDelayMs: 4_000,
  maxRetryAfterMs: 8_000,
});

export type RetryDecision =
  | { retry: true; delayMs: number }
  | { retry: false; reason: 'method' | 'not_retryable' | 'exhausted' | 'retry_after_too_long' };

export interface RetryInput {
  method: string;
  error: unknown;
  /** Retries already made for this request (0 after the first attempt failed). */
  retriesSoFar: number;
  policy: RetryPolicy;
  /** Uniform in [0, 1); injected so tests are deterministic. */
  random: () => number;
}

const IDEMPOTENT = new Set(['GET', 'HEAD']);

/** Full-jitter exponential backoff for retry number `retryIndex` (0-based). */
export function backoffDelayMs(
  retryIndex: number,
  policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>,
  random: () => number,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retryIndex);
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.floor(r * ceiling);
}

/** Whether to try again after `error`, and how long to wait first. */
export function decideRetry(input: RetryInput): RetryDecision {
  const { error, policy } = input;
  if (!IDEMPOTENT.has(input.method.toUpperCase())) return { retry: false, reason: 'method' };
  if (!(error instanceof OuraApiError) || !error.retryable) return { retry: false, reason: 'not_retryable' };
  if (
    error instanceof OuraRateLimitError &&
    error.retryAfterMs !== undefined &&
    error.retryAfterMs > policy.maxRetryAfterMs
  ) {
    return { retry: false, reason: 'retry_after_too_long' };
  }
  if (input.retriesSoFar >= policy.maxRetries) return { retry: false, reason: 'exhausted' };
  if (error instanceof OuraRateLimitError && error.retryAfterMs !== undefined) {
    return { retry: true, delayMs: error.retryAfterMs };
  }
  return { retry: true, delayMs: backoffDelayMs(input.retriesSoFar, policy, input.random) };
}

/** A 401 earns one token refresh per request, never more. */
export function shouldRefreshToken(error: unknown, alreadyRefreshed: boolean): boolean {
  return error instanceof OuraAuthError && error.status === 401 && !alreadyRefreshed;
}

/**
 * `Retry-After` in ms: delta-seconds (`"40"`, `"1.5"`) or an HTTP date relative to `now`.
 * Undefined when absent or unreadable; never negative.
 */
export function parseRetryAfter(value: string | undefined | null, now: Date): number | undefined {
  if (value === undefined || value === null) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // An HTTP date names its month ("Sun, 26 Oct 2025 10:00:30 GMT"); a bare signed number is not one.
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now.getTime());
}
