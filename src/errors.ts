/**
 * The one error hierarchy. Every failure a user can hit is an {@link AppError} with a safe message
 * (what happened and what to do next) and a JSON-RPC code from the spec's table. Upstream detail is
 * kept in `logDetail` for the logs only and never returned to a client.
 */

/** The spec's JSON-RPC error codes ("API Reference → Error Codes"). */
export const ErrorCode = {
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  InternalError: -32603,
  NotConnected: -32000,
  RateLimited: -32001,
  OuraApiError: -32002,
  /** Our own guard on the owner's Oura allowance refused the call (see `src/oura/upstreamBudget.ts`). */
  UpstreamBudgetExhausted: -32003,
  /** This server's per-client request limit (RATE_LIMIT_*), not Oura's: the client sent too much. */
  TooManyRequests: -32004,
  /** The caller cancelled the call (MCP `notifications/cancelled`, or it closed the exchange); LSP's code. */
  RequestCancelled: -32800,
} as const;
export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface AppErrorOptions {
  /** Extra, safe-to-show facts (e.g. `{ retry_after_seconds: 40 }`). */
  details?: Record<string, unknown>;
  /** Upstream detail for logs only (already free of secrets, redacted again by the logger). */
  logDetail?: unknown;
  cause?: unknown;
}

export abstract class AppError extends Error {
  abstract readonly code: ErrorCodeValue;
  /** HTTP status used when the error answers an HTTP route directly. */
  abstract readonly httpStatus: number;
  readonly details: Record<string, unknown>;
  readonly logDetail: unknown;

  constructor(message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.details = options.details ?? {};
    this.logDetail = options.logDetail;
  }
}

/** Tool input or request parameters are wrong (-32602, HTTP 400). */
export class InvalidParamsError extends AppError {
  readonly code = ErrorCode.InvalidParams;
  readonly httpStatus = 400;
}

/**
 * Oura is not connected, or the connection was lost (refresh refused): the owner must connect again
 * (-32000, HTTP 403). `authorizeUrl` is a fresh one-time link when the caller could build one.
 */
export class NotConnectedError extends AppError {
  readonly code = ErrorCode.NotConnected;
  readonly httpStatus = 403;
  constructor(
    message = 'Oura is not connected.',
    readonly reason:
      'never_connected' | 'refresh_rejected' | 'token_file_unreadable' | 'disconnected' = 'never_connected',
    options: AppErrorOptions = {},
  ) {
    super(message, options);
  }
}

/** Internal failure; the client sees a short safe message, the log sees everything (-32603, HTTP 500). */
export class InternalError extends AppError {
  readonly code = ErrorCode.InternalError;
  readonly httpStatus = 500;
}

/**
 * The caller gave up on the call: its upstream requests were stopped. Rarely seen by anyone (the SDK drops
 * the answer to a cancelled request), so the message is for logs and for callers that close the exchange.
 */
export class CallCancelledError extends AppError {
  readonly code = ErrorCode.RequestCancelled;
  readonly httpStatus = 499;
  constructor(
    message = 'The call was cancelled before it finished; nothing more was fetched from Oura. Call the tool again if the answer is still needed.',
  ) {
    super(message);
  }
}

/** Narrowing helper for `catch (error: unknown)`. */
export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
