/**
 * Errors of the OAuth side: Oura's refusals at the token endpoint (outages reuse the Oura client's
 * retryable classes), the refresh lock timing out, and a log-safe summary of any error.
 */
import { OuraApiError, type OuraErrorOptions } from '../oura/errors.js';

/**
 * Another process held the tokens-file lock for too long (it is refreshing, or hung). Nothing was
 * changed; the caller can simply try again. Mapped like an Oura outage (-32002, HTTP 503).
 */
export class TokenLockTimeoutError extends OuraApiError {
  override readonly httpStatus: number = 503;
  readonly retryable = false;
  constructor(waitedMs: number, options: OuraErrorOptions = {}) {
    super(
      `Another process is refreshing the Oura token (waited ${Math.round(waitedMs / 1000)} s); try again in a moment.`,
      options,
    );
  }
}

/**
 * Oura refused the request (400/401) for a reason other than `invalid_grant`, e.g. `invalid_client`
 * (wrong client id or secret) or `invalid_request`. Not retryable; the stored tokens stay.
 */
export class OuraTokenRejectedError extends OuraApiError {
  readonly retryable: boolean = false;
  constructor(
    message: string,
    /** The OAuth `error` code Oura sent (sanitised), if any. */
    readonly oauthError: string | null,
    options: OuraErrorOptions = {},
  ) {
    super(message, options);
  }
}

/**
 * `invalid_grant`: the authorization code or refresh token is expired, already used or revoked. For a
 * refresh this means the connection is gone and the owner must connect again.
 */
export class InvalidGrantError extends OuraTokenRejectedError {}

/** A loggable summary of an error (class and safe message only; no axios config, no bodies). */
export function errorSummary(error: unknown): { name: string; message: string; status?: number } {
  if (error instanceof Error) {
    const status = (error as { status?: unknown }).status;
    return { name: error.name, message: error.message, ...(typeof status === 'number' ? { status } : {}) };
  }
  return { name: 'unknown', message: String(error) };
}
