/**
 * The one place that turns an Oura HTTP answer or a transport failure into an {@link OuraApiError}.
 * Messages are safe to show (no tokens, no query strings) and say what to do next; the upstream status and
 * body go to `logDetail` for the logs only.
 */
import {
  type OuraApiError,
  OuraAppTooOldError,
  OuraAuthError,
  OuraForbiddenError,
  OuraNetworkError,
  OuraNotFoundError,
  OuraRateLimitError,
  OuraResponseError,
  OuraServerError,
  OuraTimeoutError,
  OuraValidationError,
} from './errors.js';

/** OAuth scope that unlocks each collection (classic scope names; newer-portal apps have extra ones). */
const SCOPE_BY_COLLECTION: Readonly<Record<string, { scope: string; alternative?: string }>> = {
  personal_info: { scope: 'personal' },
  daily_sleep: { scope: 'daily' },
  sleep: { scope: 'daily' },
  daily_readiness: { scope: 'daily' },
  daily_activity: { scope: 'daily' },
  sleep_time: { scope: 'daily' },
  rest_mode_period: { scope: 'daily' },
  daily_stress: { scope: 'daily', alternative: 'stress' },
  daily_resilience: { scope: 'daily', alternative: 'stress' },
  daily_cardiovascular_age: { scope: 'daily', alternative: 'heart_health' },
  vO2_max: { scope: 'daily', alternative: 'heart_health' },
  heartrate: { scope: 'heartrate' },
  workout: { scope: 'workout' },
  session: { scope: 'session' },
  tag: { scope: 'tag' },
  enhanced_tag: { scope: 'tag' },
  // The OpenAPI export names this scope `spo2Daily`; the authorize page uses `spo2`.
  daily_spo2: { scope: 'spo2', alternative: 'spo2Daily' },
  ring_configuration: { scope: 'daily', alternative: 'ring_configuration' },
  ring_battery_level: { scope: 'daily', alternative: 'ring_configuration' },
};

/** The OAuth scope Oura requires for `collection` (e.g. `heartrate`), `daily` when unknown. */
export function scopeForCollection(collection: string): string {
  return SCOPE_BY_COLLECTION[collection]?.scope ?? 'daily';
}

function scopePhrase(collection: string): string {
  const entry = SCOPE_BY_COLLECTION[collection] ?? { scope: 'daily' };
  return entry.alternative
    ? `the '${entry.scope}' permission (called '${entry.alternative}' on apps from Oura's newer developer portal)`
    : `the '${entry.scope}' permission`;
}

const MAX_LOGGED_BODY = 2_000;
const MAX_SHOWN_DETAIL = 300;

/** The body as text for the logs, truncated. */
function bodyForLog(body: unknown): unknown {
  if (typeof body === 'string') return body.length > MAX_LOGGED_BODY ? `${body.slice(0, MAX_LOGGED_BODY)}…` : body;
  return body;
}

function tryJson(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Drops anything that looks like a URL query string, then trims to a readable length. */
function safeText(text: string): string {
  const cleaned = text
    .replace(/\?[^\s"']*/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return cleaned.length > MAX_SHOWN_DETAIL ? `${cleaned.slice(0, MAX_SHOWN_DETAIL)}…` : cleaned;
}

/**
 * Human-readable detail from an Oura error body. Handles the observed `{"detail": "..."}`, FastAPI's
 * `{"detail": [{"loc": [...], "msg": "..."}]}` (422) and the documented `{status, title, detail}`.
 */
export function describeErrorBody(body: unknown): string | undefined {
  const parsed = tryJson(body);
  if (!isRecord(parsed)) return undefined;
  const { detail, title, message } = parsed;
  if (Array.isArray(detail)) {
    const parts = detail.filter(isRecord).map((item) => {
      // `loc` is e.g. ["query", "start_date"]: the first element is where, not what.
      const loc = Array.isArray(item.loc)
        ? item.loc
            .filter((p) => p !== 'query' && p !== 'body')
            .map(String)
            .join('.')
        : '';
      const msg = typeof item.msg === 'string' ? item.msg : 'invalid';
      return loc ? `${loc}: ${msg}` : msg;
    });
    return parts.length > 0 ? safeText(parts.join('; ')) : undefined;
  }
  if (typeof detail === 'string' && detail.trim()) {
    return safeText(typeof title === 'string' && title.trim() && title !== detail ? `${title}: ${detail}` : detail);
  }
  if (typeof title === 'string' && title.trim()) return safeText(title);
  if (typeof message === 'string' && message.trim()) return safeText(message);
  return undefined;
}

export interface UpstreamAnswer {
  status: number;
  /** Raw body text (or already-parsed JSON). */
  body: unknown;
  /** Collection (route) that was read, never a URL. */
  collection: string;
  /** `Retry-After` in ms, already parsed (see `parseRetryAfter`). */
  retryAfterMs?: number | undefined;
}

/** Maps a non-2xx Oura answer to its error class. */
export function ouraErrorFromResponse(answer: UpstreamAnswer): OuraApiError {
  const { status, collection } = answer;
  const detail = describeErrorBody(answer.body);
  const options = { status, collection, logDetail: { collection, status, body: bodyForLog(answer.body) } };
  const because = detail ? ` (${detail})` : '';

  if (status === 400 || status === 422) {
    return new OuraValidationError(
      `Oura rejected the request for ${collection}${because}. Check the dates and parameters.`,
      options,
    );
  }
  if (status === 401) {
    return new OuraAuthError(
      `Oura refused the access token for ${collection}: the owner may need to reconnect Oura, or ${scopePhrase(collection)} was not granted.`,
      options,
    );
  }
  if (status === 403) {
    return new OuraForbiddenError(
      `Oura refused access to ${collection}: ${scopePhrase(collection)} was probably not granted — reconnect Oura and allow it (an expired Oura membership has the same effect).`,
      options,
    );
  }
  if (status === 404) {
    return new OuraNotFoundError(`Oura has no such ${collection} document (HTTP 404): check the id.`, options);
  }
  if (status === 426) {
    return new OuraAppTooOldError(
      `Oura says the owner's Oura app is too old to provide ${collection}: update the Oura app on your phone, open it to sync, then try again.`,
      options,
    );
  }
  if (status === 429) {
    const wait =
      answer.retryAfterMs === undefined
        ? 'in a few minutes'
        : `in ${Math.max(1, Math.ceil(answer.retryAfterMs / 1000))} s`;
    return new OuraRateLimitError(`Oura's rate limit was reached; try again ${wait}.`, answer.retryAfterMs, options);
  }
  if (status === 408 || status >= 500) {
    return new OuraServerError(
      `Oura had a problem answering for ${collection} (HTTP ${status}); try again shortly.`,
      options,
    );
  }
  if (status >= 400) {
    return new OuraValidationError(`Oura refused the request for ${collection} (HTTP ${status})${because}.`, options);
  }
  return new OuraResponseError(
    `Oura answered ${collection} with an unexpected HTTP ${status}; try again shortly.`,
    options,
  );
}

/** The final 401, after one refresh did not help. */
export function ouraAuthErrorAfterRefresh(collection: string, body: unknown): OuraAuthError {
  return new OuraAuthError(
    `Oura refused the access token for ${collection} even after refreshing it: reconnect Oura (the connection may have been revoked), or allow ${scopePhrase(collection)} if it was not granted.`,
    { status: 401, collection, logDetail: { collection, status: 401, body: bodyForLog(body), refreshed: true } },
  );
}

/** 2xx with a body we cannot use (malformed or truncated JSON, wrong envelope). */
export function ouraResponseError(collection: string, reason: string, body: unknown, status = 200): OuraResponseError {
  return new OuraResponseError(
    `Oura sent a response for ${collection} that could not be read (${reason}); try again shortly.`,
    {
      status,
      collection,
      logDetail: { collection, status, reason, body: bodyForLog(body) },
    },
  );
}

export interface TransportFailure {
  /** Node/axios error code, e.g. `ECONNREFUSED`, `ECONNABORTED`, `ERR_CANCELED`. */
  code?: string | undefined;
  message: string;
  /** Our per-attempt timer fired (the AbortController was used). */
  timedOut: boolean;
}

const TIMEOUT_CODES = new Set([
  'ECONNABORTED',
  'ETIMEDOUT',
  'ERR_CANCELED',
  'ESOCKETTIMEDOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** Maps a request that got no HTTP answer to a timeout or a network error. */
export function ouraErrorFromTransport(failure: TransportFailure, collection: string, timeoutMs: number): OuraApiError {
  const logDetail = { collection, code: failure.code, message: failure.message };
  if (failure.timedOut || (failure.code !== undefined && TIMEOUT_CODES.has(failure.code))) {
    return new OuraTimeoutError(
      `Oura did not answer within ${timeoutMs >= 1_000 ? `${Math.round(timeoutMs / 100) / 10} s` : `${timeoutMs} ms`} while reading ${collection}; try again shortly.`,
      { collection, logDetail },
    );
  }
  const code = failure.code ? ` (${failure.code})` : '';
  return new OuraNetworkError(
    `Could not reach Oura${code} to read ${collection}: check the internet connection and try again.`,
    {
      collection,
      logDetail,
    },
  );
}
