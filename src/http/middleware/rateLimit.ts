/**
 * Request rate limiting for the MCP endpoints (`RATE_LIMIT_WINDOW_MS` / `RATE_LIMIT_MAX` per client
 * IP; the IP honours `trust proxy`). Mounted after authentication, so strangers cannot use up the
 * owner's allowance (behind a tunnel every request may share one IP).
 */
import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { ErrorCode } from '../../errors.js';
import { jsonRpcErrorBody } from './jsonRpcError.js';

/** The spec's message. */
export const RATE_LIMIT_MESSAGE = 'Too many requests, please try again later';

export interface RateLimitOptions {
  windowMs: number;
  max: number;
}

export function createRateLimiter(options: RateLimitOptions): RequestHandler {
  return rateLimit({
    windowMs: options.windowMs,
    limit: options.max,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    statusCode: 429,
    message: jsonRpcErrorBody(ErrorCode.RateLimited, RATE_LIMIT_MESSAGE),
    // Its start-up checks print to the console; our config already validates TRUST_PROXY, and a
    // stray X-Forwarded-For without trust proxy is simply ignored.
    validate: { xForwardedForHeader: false, trustProxy: false },
  });
}
