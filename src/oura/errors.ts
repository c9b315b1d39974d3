/**
 * One error class per way an Oura call can fail. All extend {@link AppError}: the message is safe to
 * show (what happened, what to do next); the upstream status and body go to `logDetail` only.
 * Rate limiting maps to the spec's -32001, every other upstream failure to -32002.
 */
import { AppError, ErrorCode, type AppErrorOptions, type ErrorCodeValue } from '../errors.js';

export interface OuraErrorOptions extends AppErrorOptions {
  /** HTTP status from Oura, when there was a response. */
  status?: number;
  /** The route that failed, e.g. `daily_sleep` (no query string: it could carry a token). */
  collection?: string;
}

export abstract class OuraApiError extends AppError {
  readonly code: ErrorCodeValue = ErrorCode.OuraApiError;
  readonly httpStatus: number = 502;
  readonly status: number | undefined;
  readonly collection: string | undefined;
  /** Whether the retry policy may try again. */
  abstract readonly retryable: boolean;

  constructor(message: string, options: OuraErrorOptions = {}) {
    super(message, {
      ...options,
      details: { ...(options.status === undefined ? {} : { upstream_status: options.status }), ...options.details },
    });
    this.status = options.status;
    this.collection = options.collection;
  }
}

/** 401: the access token was refused (also seen for a missing scope). */
export class OuraAuthError extends OuraApiError {
  readonly retryable = false;
}

/** 403: a scope the owner did not grant, or an expired Oura membership. */
export class OuraForbiddenError extends OuraApiError {
  readonly retryable = false;
}

/** 404: unknown document or route. */
export class OuraNotFoundError extends OuraApiError {
  readonly retryable = false;
}

/** 400/422: Oura rejected the parameters. */
export class OuraValidationError extends OuraApiError {
  readonly retryable = false;
}

/** 426: the owner's Oura app is too old for this data. */
export class OuraAppTooOldError extends OuraApiError {
  readonly retryable = false;
}

/** 429: rate limited; `retryAfterMs` from `Retry-After` when Oura sent it. */
export class OuraRateLimitError extends OuraApiError {
  override readonly code: ErrorCodeValue = ErrorCode.RateLimited;
  override readonly httpStatus: number = 429;
  readonly retryable = true;
  constructor(
    message: string,
    readonly retryAfterMs: number | undefined,
    options: OuraErrorOptions = {},
  ) {
    super(message, {
      ...options,
      details: {
        ...(retryAfterMs === undefined ? {} : { retry_after_seconds: Math.ceil(retryAfterMs / 1000) }),
        ...options.details,
      },
    });
  }
}

/** 5xx or 408: Oura had a problem; worth retrying. */
export class OuraServerError extends OuraApiError {
  readonly retryable = true;
}

/** No answer within the per-attempt timeout. */
export class OuraTimeoutError extends OuraApiError {
  readonly retryable = true;
}

/** The connection failed (DNS, refused, reset). */
export class OuraNetworkError extends OuraApiError {
  readonly retryable = true;
}

/** Oura answered 2xx with a body we cannot read (malformed or truncated JSON, wrong envelope). */
export class OuraResponseError extends OuraApiError {
  readonly retryable = true;
}

/**
 * Not an answer from Oura: our own upstream budget refused to send the request (the bucket is empty, or
 * every slot stayed busy too long). `retryAfterMs` says when to try again. Never retried automatically.
 */
export class UpstreamBudgetError extends AppError {
  readonly code: ErrorCodeValue = ErrorCode.UpstreamBudgetExhausted;
  readonly httpStatus: number = 429;

  constructor(
    message: string,
    readonly retryAfterMs: number,
    options: AppErrorOptions = {},
  ) {
    super(message, {
      ...options,
      details: { retry_after_seconds: Math.max(1, Math.ceil(retryAfterMs / 1000)), ...options.details },
    });
  }

  /** The bucket is empty. */
  static exhausted(collection: string, waitMs: number, limit: number, windowMs: number): UpstreamBudgetError {
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    const minutes = Math.round(windowMs / 60_000);
    return new UpstreamBudgetError(
      `This server's budget for Oura requests is used up (at most ${limit} per ${minutes} minutes, to protect the owner's Oura allowance): retry in ${seconds} s, and ask for fewer or shorter ranges.`,
      waitMs,
      { details: { collection, limit, window_seconds: Math.round(windowMs / 1000) } },
    );
  }

  /** Every concurrency slot stayed busy for `waitedMs`. */
  static busy(collection: string, waitedMs: number): UpstreamBudgetError {
    return new UpstreamBudgetError(
      `Too many Oura requests are already in flight on this server: retry in a few seconds.`,
      Math.max(1000, Math.min(waitedMs, 5000)),
      { details: { collection } },
    );
  }
}
