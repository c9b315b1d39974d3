/**
 * Per-client request limits, for every route that needs one: `/mcp` and `/message` (RATE_LIMIT_* per
 * client, each request of a JSON-RPC batch counted), and light limits on `/health` and `/oauth/*`. The
 * client is the address behind trusted proxies (see `clientAddress.ts`); the table of clients is
 * bounded. Answers 429 with `Retry-After`, the draft-7 `RateLimit` headers, and a JSON body (a JSON-RPC
 * error with the request's id and code -32004 where the route speaks JSON-RPC).
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ErrorCode } from '../../errors.js';
import { clientKeyOf } from '../clientAddress.js';
import { ClientLimiter } from '../clientLimiter.js';

/** The spec's message. */
export const RATE_LIMIT_MESSAGE = 'Too many requests, please try again later';

export interface ClientRateLimitOptions {
  windowMs: number;
  /** Requests (weights) per client per window. */
  max: number;
  /** What one request costs (default 1). */
  weightOf?: (req: Request) => number;
  /** `jsonrpc` answers a JSON-RPC error body, `json` a plain `{ error, message }` (default `jsonrpc`). */
  body?: 'jsonrpc' | 'json';
  /** Clients tracked at once (default 10 000). */
  maxClients?: number;
  now?: () => number;
}

/** The id of a JSON-RPC request (string or number), else null (notifications, malformed bodies). */
function idOf(message: unknown): string | number | null {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return null;
  const id = (message as { id?: unknown }).id;
  return typeof id === 'string' || typeof id === 'number' ? id : null;
}

/**
 * The 429 body in JSON-RPC: an error answering the request's own id (a batch gets one per request
 * that has an id), so the client can match it to the call it made. -32004, not Oura's -32001.
 */
export function rateLimitedBody(body: unknown, message: string, retryAfterSeconds: number): unknown {
  const error = (id: string | number | null) => ({
    jsonrpc: '2.0',
    id,
    error: { code: ErrorCode.TooManyRequests, message, data: { retry_after_seconds: retryAfterSeconds } },
  });
  if (!Array.isArray(body)) return error(idOf(body));
  const ids = body.map(idOf).filter((id): id is string | number => id !== null);
  return ids.length === 0 ? error(null) : ids.map(error);
}

/** The number of JSON-RPC messages in a parsed body: a batch costs one per request in it. */
export function jsonRpcWeight(req: Request): number {
  const body: unknown = req.body;
  return Array.isArray(body) ? Math.max(1, body.length) : 1;
}

export function clientRateLimit(options: ClientRateLimitOptions): RequestHandler {
  const limiter = new ClientLimiter({
    windowMs: options.windowMs,
    max: options.max,
    maxClients: options.maxClients,
    now: options.now,
  });
  const weightOf = options.weightOf ?? (() => 1);
  const policy = `${options.max};w=${Math.ceil(options.windowMs / 1000)}`;
  return (req: Request, res: Response, next: NextFunction) => {
    const decision = limiter.hit(clientKeyOf(req), weightOf(req));
    const resetSeconds = Math.max(1, Math.ceil(decision.resetMs / 1000));
    res.set({
      RateLimit: `limit=${decision.limit}, remaining=${decision.remaining}, reset=${resetSeconds}`,
      'RateLimit-Policy': policy,
    });
    if (decision.allowed) {
      next();
      return;
    }
    res.set('Retry-After', String(resetSeconds)).status(429);
    const message = `${RATE_LIMIT_MESSAGE}: this server allows ${options.max} requests per ${Math.ceil(options.windowMs / 60_000)} min per client; retry in ${resetSeconds} s.`;
    if (options.body === 'json') res.json({ error: 'rate_limited', message });
    else res.json(rateLimitedBody(req.body, message, resetSeconds));
  };
}
