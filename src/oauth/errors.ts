/**
 * Errors of the OAuth side that are not Oura's answers (those live in `tokenClient.ts`).
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
    super(`Another process is refreshing the Oura token (waited ${Math.round(waitedMs / 1000)} s); try again in a moment.`, options);
  }
}
