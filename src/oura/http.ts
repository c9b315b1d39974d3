/**
 * One GET against Oura, with the retry policy applied: a fresh bearer token per attempt, a per-attempt
 * timeout (an AbortController on an injectable timer, so a hanging upstream always ends), one token refresh
 * on a 401, retries per `retry.ts`, rate-limit header tracking, one debug line per attempt, and the
 * outcome remembered for `/health`. Tokens travel only in the `Authorization` header: never in URLs, never
 * in logs or errors.
 */
import http from 'node:http';
import https from 'node:https';
import type { AxiosInstance, AxiosStatic } from 'axios';
import { CallCancelledError } from '../errors.js';
import type { Logger } from '../logger.js';
import { abortable, throwIfCancelled } from './callScope.js';
import type { AccessTokenProvider } from './clientOptions.js';
import {
  ouraAuthErrorAfterRefresh,
  ouraErrorFromResponse,
  ouraErrorFromTransport,
  type TransportFailure,
} from './errorFactory.js';
import {
  OuraApiError,
  OuraNetworkError,
  OuraRateLimitError,
  OuraResponseError,
  OuraServerError,
  OuraTimeoutError,
} from './errors.js';
import { parseJsonBody } from './parse.js';
import { type RateLimitStatus, RateLimitTracker } from './rateLimit.js';
import { decideRetry, parseRetryAfter, type RetryPolicy, shouldRefreshToken } from './retry.js';
import { type UpstreamBudget, UPSTREAM_BUDGET_DEFAULTS } from './upstreamBudget.js';

export interface OuraHttpOptions {
  baseUrl: string;
  tokenProvider: AccessTokenProvider;
  logger: Logger;
  timeoutMs: number;
  /**
   * Real elapsed-time budget of one request including retries and waits: no wait starts that would leave
   * no time for another attempt, and an attempt's timeout is shortened to fit. Measured with the monotonic
   * `monotonicMs`, not the wall-clock `now()`, because it bounds how long a caller really waits.
   */
  requestBudgetMs: number;
  retry: RetryPolicy;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  now: () => Date;
  /** Monotonic milliseconds (`performance.now()` in production) for the request budget and logged durations. */
  monotonicMs: () => number;
  /** Starts an attempt's timeout and returns its cancel function: the one per-attempt timer there is. */
  startTimer: StartTimer;
  /** Every attempt (pages and retries included) takes a token from it first; none means unlimited. */
  budget?: UpstreamBudget | undefined;
  /** Keep-alive agents are created when these are not given and `keepAlive` is not false. */
  httpAgent?: http.Agent | undefined;
  httpsAgent?: https.Agent | undefined;
  keepAlive?: boolean | undefined;
}

export interface GetRequest<T> {
  /** Path below the base URL, e.g. `/v2/usercollection/daily_sleep`. */
  path: string;
  /** Collection name for messages and logs. */
  collection: string;
  /** Query parameters; undefined values are left out. Values are URL-encoded (`+` becomes `%2B`). */
  params?: Readonly<Record<string, string | undefined>>;
  /** Page number for the log line. */
  page?: number;
  /** Validates the parsed JSON; throwing an `OuraResponseError` makes the attempt retryable. */
  parse: (body: unknown) => T;
  /** The caller's cancellation: aborts the attempt in flight and stops retries (`CallCancelledError`). */
  signal?: AbortSignal | undefined;
}

/** What `/health` reports as `oura_api_available` without calling Oura. */
export interface LastOutcome {
  /** False when Oura was unreachable or failing (timeouts, network, 5xx, 429, unreadable answers). */
  ok: boolean;
  at: Date;
  /** The safe message of the last failure, also for refusals that still show Oura is up (401/403/404/422). */
  error?: string;
}

/** Calls `onTimeout` after `ms` unless the returned function is called first. */
export type StartTimer = (onTimeout: () => void, ms: number) => () => void;

/** The real timer behind {@link StartTimer}. */
export const realTimer: StartTimer = (onTimeout, ms) => {
  const timer = setTimeout(onTimeout, ms);
  return () => clearTimeout(timer);
};

/** Shortest attempt worth making inside the request budget. */
const MIN_ATTEMPT_MS = 250;

/** Builds a query string with `encodeURIComponent`, so `+` in an offset arrives as `+`. */
export function buildQuery(params: Readonly<Record<string, string | undefined>> | undefined): string {
  if (!params) return '';
  const parts: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(value)}`);
  }
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

/** Failures that mean Oura itself is not answering well (as opposed to refusing this request). */
function meansUnavailable(error: unknown): boolean {
  return (
    error instanceof OuraServerError ||
    error instanceof OuraTimeoutError ||
    error instanceof OuraNetworkError ||
    error instanceof OuraResponseError ||
    error instanceof OuraRateLimitError
  );
}

function transportFailure(error: unknown, timedOut: boolean): TransportFailure {
  if (error instanceof Error) {
    const code = (error as Error & { code?: unknown }).code;
    return { code: typeof code === 'string' ? code : undefined, message: error.message, timedOut };
  }
  return { message: String(error), timedOut };
}

/** Executes GETs against Oura with the retry policy. Used by `OuraClient`; not a public API of its own. */
export class OuraHttp {
  /**
   * Imported and created on the first request: axios and its dependencies cost start-up time and memory
   * (measured: the largest part of our module graph) that a server nobody asked yet need not pay.
   */
  private axios: Promise<AxiosInstance> | undefined;
  private readonly agents: { httpAgent: http.Agent | undefined; httpsAgent: https.Agent | undefined };
  private readonly rateLimits: RateLimitTracker;
  private readonly ownedAgents: Array<http.Agent | https.Agent> = [];
  private outcome: LastOutcome | null = null;

  constructor(private readonly options: OuraHttpOptions) {
    const keepAlive = options.keepAlive !== false;
    let httpAgent = options.httpAgent;
    let httpsAgent = options.httpsAgent;
    // Keep-alive saves a TCP+TLS handshake per request: most of the latency of a small Oura call. As many
    // sockets as the budget lets requests fly: fewer would queue the concurrent windows a second time.
    const maxSockets = options.budget?.maxConcurrent ?? UPSTREAM_BUDGET_DEFAULTS.maxConcurrent;
    if (!httpAgent && keepAlive) this.ownedAgents.push((httpAgent = new http.Agent({ keepAlive: true, maxSockets })));
    if (!httpsAgent && keepAlive)
      this.ownedAgents.push((httpsAgent = new https.Agent({ keepAlive: true, maxSockets })));
    this.agents = { httpAgent, httpsAgent };
    this.rateLimits = new RateLimitTracker(options.logger);
  }

  /** The axios instance, imported and created on first use. */
  private client(): Promise<AxiosInstance> {
    this.axios ??= import('axios').then(({ default: axios }) => this.createAxios(axios));
    return this.axios;
  }

  private createAxios(axios: AxiosStatic): AxiosInstance {
    return axios.create({
      baseURL: this.options.baseUrl.replace(/\/+$/, ''),
      ...this.agents,
      // A redirect could carry the bearer header somewhere else; Oura's data routes never redirect.
      maxRedirects: 0,
      // We read the text ourselves so a malformed body is detected instead of silently kept as a string.
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
    });
  }

  /** GET `request.path`, retried per the policy. @throws OuraApiError, or NotConnectedError from the token provider. */
  async get<T>(request: GetRequest<T>): Promise<T> {
    const { tokenProvider, logger, retry, random, monotonicMs } = this.options;
    const deadline = monotonicMs() + this.options.requestBudgetMs;
    let retries = 0;
    let refreshed = false;
    let refreshedToken: string | undefined;
    for (let attempt = 1; ; attempt++) {
      throwIfCancelled(request.signal);
      // NotConnectedError from the provider passes through untouched: it is the owner's next step, not Oura's.
      const token = refreshedToken ?? (await tokenProvider.getAccessToken());
      refreshedToken = undefined;
      let error: OuraApiError;
      try {
        // The timeout is computed once a budget slot is ours: waiting for one must not eat the attempt's time.
        const run = (): Promise<T> =>
          this.attempt(
            request,
            token,
            attempt,
            Math.max(1, Math.floor(Math.min(this.options.timeoutMs, deadline - monotonicMs()))),
          );
        const result = await (this.options.budget
          ? this.options.budget.run(request.collection, run, request.signal)
          : run());
        this.outcome = { ok: true, at: this.options.now() };
        return result;
      } catch (caught) {
        if (!(caught instanceof OuraApiError)) throw caught;
        error = caught;
      }

      if (error.status === 401) {
        if (shouldRefreshToken(error, refreshed)) {
          refreshed = true;
          logger.info(`Oura refused the access token for ${request.collection}; refreshing it once`, {
            collection: request.collection,
          });
          refreshedToken = await tokenProvider.refreshAfterUnauthorized(token);
          continue;
        }
        throw this.fail(
          ouraAuthErrorAfterRefresh(request.collection, (error.logDetail as { body?: unknown } | undefined)?.body),
        );
      }

      const decision = decideRetry({ method: 'GET', error, retriesSoFar: retries, policy: retry, random });
      if (!decision.retry) throw this.fail(error);
      // A wait that would leave no time for the next attempt is not worth starting: fail now, with the wait
      // (for a 429) in `retryAfterMs` so the caller can say when to come back.
      if (monotonicMs() + decision.delayMs + MIN_ATTEMPT_MS > deadline) throw this.fail(error);
      retries++;
      logger.warn(
        `Retrying Oura ${request.collection} in ${decision.delayMs} ms (retry ${retries} of ${retry.maxRetries}): ${error.name}`,
        {
          collection: request.collection,
          status: error.status,
          delay_ms: decision.delayMs,
          attempt,
        },
      );
      await abortable(this.options.sleep(decision.delayMs), request.signal);
    }
  }

  /** The last rate-limit headers Oura sent, or null. */
  rateLimitStatus(): RateLimitStatus | null {
    return this.rateLimits.current();
  }

  /** Outcome of the most recent request (after retries), or null before the first. */
  lastOutcome(): LastOutcome | null {
    return this.outcome ? { ...this.outcome } : null;
  }

  /** Closes the keep-alive sockets this instance opened. */
  close(): void {
    for (const agent of this.ownedAgents) agent.destroy();
  }

  private fail(error: OuraApiError): OuraApiError {
    this.outcome = { ok: !meansUnavailable(error), at: this.options.now(), error: error.message };
    return error;
  }

  private async attempt<T>(request: GetRequest<T>, token: string, attempt: number, timeoutMs: number): Promise<T> {
    const { logger, now, monotonicMs } = this.options;
    const started = monotonicMs();
    const controller = new AbortController();
    const cancelTimeout = this.options.startTimer(() => controller.abort(), timeoutMs);
    const onCancel = (): void => controller.abort();
    request.signal?.addEventListener('abort', onCancel, { once: true });
    const logLine = (status: number | string): void => {
      const ms = Math.round(monotonicMs() - started);
      logger.debug(`Oura GET ${request.collection} → ${status} in ${ms} ms`, {
        collection: request.collection,
        status,
        ms,
        page: request.page ?? 1,
        attempt,
      });
    };

    let status: number;
    let text: string;
    let headers: Record<string, unknown>;
    try {
      const response = await (
        await this.client()
      ).request<string>({
        method: 'GET',
        url: `${request.path}${buildQuery(request.params)}`,
        headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
        // No axios `timeout`: the abort above is the one per-attempt timer, so tests can drive it.
        signal: controller.signal,
      });
      status = response.status;
      text = typeof response.data === 'string' ? response.data : String(response.data ?? '');
      headers = { ...(response.headers as Record<string, unknown>) };
    } catch (caught) {
      if (request.signal?.aborted) {
        logLine('cancelled');
        throw new CallCancelledError();
      }
      const failure = transportFailure(caught, controller.signal.aborted);
      logLine(failure.timedOut ? 'timeout' : (failure.code ?? 'network error'));
      throw ouraErrorFromTransport(failure, request.collection, timeoutMs);
    } finally {
      cancelTimeout();
      request.signal?.removeEventListener('abort', onCancel);
    }

    logLine(status);
    this.rateLimits.observe(headers, now());
    if (status >= 200 && status < 300) {
      return request.parse(parseJsonBody(text, request.collection, status));
    }
    const retryAfter = headers['retry-after'];
    throw ouraErrorFromResponse({
      status,
      body: text,
      collection: request.collection,
      retryAfterMs: parseRetryAfter(typeof retryAfter === 'string' ? retryAfter : undefined, now()),
    });
  }
}
