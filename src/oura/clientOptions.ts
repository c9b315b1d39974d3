/**
 * Options of {@link OuraClient} and their defaults (anthropic-sdk-typescript's `ClientOptions` pattern:
 * every seam injectable, every default written down once).
 */
import type http from 'node:http';
import type https from 'node:https';
import type { Logger } from '../logger.js';
import type { StartTimer } from './http.js';
import { DEFAULT_RETRY_POLICY } from './retry.js';
import { type UpstreamBudget, UPSTREAM_BUDGET_DEFAULTS } from './upstreamBudget.js';

/** Hands the Oura client a valid access token; owned by the client, implemented by the OAuth token manager. */
export interface AccessTokenProvider {
  /** A token valid for at least 5 more minutes, refreshing first when needed. @throws NotConnectedError */
  getAccessToken(): Promise<string>;
  /**
   * Oura answered 401 to `rejectedToken`: refresh once (single-flight) and return the new token; if another
   * caller already replaced it, return the current one without refreshing again. @throws NotConnectedError
   */
  refreshAfterUnauthorized(rejectedToken: string): Promise<string>;
}

export interface OuraClientOptions {
  /** e.g. `https://api.ouraring.com` or the simulator's URL; data routes are `/v2/usercollection/<collection>`. */
  baseUrl: string;
  tokenProvider: AccessTokenProvider;
  logger: Logger;
  /** Per attempt, default 10 000 ms. */
  timeoutMs?: number;
  /**
   * Budget of one upstream request including retries and waits, default 15 000 ms: a hanging Oura ends
   * within it, so a tool call always answers (issue 7: within 20 s). Real elapsed time, not `now()`.
   */
  requestBudgetMs?: number;
  /** Retries after the first attempt, default 2 (3 attempts). */
  maxRetries?: number;
  /** Backoff base, default 250 ms. */
  retryBaseDelayMs?: number;
  /** Backoff cap, default 4 000 ms. */
  retryMaxDelayMs?: number;
  /** A `Retry-After` longer than this is not waited for: `OuraRateLimitError` at once (default 8 000 ms). */
  maxRetryAfterMs?: number;
  /** Page cap per listing, default 200. */
  maxPages?: number;
  /**
   * Largest datetime window per request, default 1 day (Oura allows 30): heart rate pages by time, so a long
   * range read as one window is a chain of pages one after another, while day windows fetch concurrently.
   */
  heartRateChunkDays?: number;
  /**
   * Datetime windows of one listing fetched at once, default the budget's `maxConcurrent` (12 without one):
   * the budget bounds the total, so a month of one-day windows takes ⌈31 / 12⌉ round trips.
   */
  chunkConcurrency?: number;
  /** Days added on each side of a date window, default 2. */
  windowPaddingDays?: number;
  /**
   * How far back `getLatest` looks, default 28 days: under Oura's 30-day datetime window limit with room
   * for clock skew between us and Oura (the end defaults to Oura's "now").
   */
  latestLookbackDays?: number;
  /**
   * The guard on the owner's Oura allowance: every request (each page, each retry) takes a token first.
   * The composition root always passes one; without it requests are not limited.
   */
  budget?: UpstreamBudget;
  /** Injected for tests so retries do not really wait. */
  sleep?: (ms: number) => Promise<void>;
  /** Uniform in [0, 1), for backoff jitter. */
  random?: () => number;
  now?: () => Date;
  /** Monotonic clock for the request budget, default `performance.now()`; tests pass a virtual one. */
  monotonicMs?: () => number;
  /** Starts a per-attempt timeout, default a real `setTimeout`; tests fire it themselves instead of racing it. */
  startTimer?: StartTimer;
  /** Custom agents; by default keep-alive agents are created (disable with `keepAlive: false`). */
  httpAgent?: http.Agent;
  httpsAgent?: https.Agent;
  keepAlive?: boolean;
}

/** Defaults of {@link OuraClientOptions}. */
export const OURA_CLIENT_DEFAULTS = Object.freeze({
  timeoutMs: 10_000,
  requestBudgetMs: 15_000,
  maxRetries: DEFAULT_RETRY_POLICY.maxRetries,
  retryBaseDelayMs: DEFAULT_RETRY_POLICY.baseDelayMs,
  retryMaxDelayMs: DEFAULT_RETRY_POLICY.maxDelayMs,
  maxRetryAfterMs: DEFAULT_RETRY_POLICY.maxRetryAfterMs,
  maxPages: 200,
  heartRateChunkDays: 1,
  chunkConcurrency: UPSTREAM_BUDGET_DEFAULTS.maxConcurrent,
  windowPaddingDays: 2,
  latestLookbackDays: 28,
});
