/**
 * DNS-rebinding protection from the MCP spec: the `Host` header must name this server (by
 * `ALLOWED_HOSTS`, port ignored) and an `Origin`, when a browser sends one, must be in
 * `ALLOWED_ORIGINS` or be this server's own origin (same-origin requests carry no cross-site risk,
 * and the Host they name has just been checked). Both answer 403 before anything else runs.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { hostWithoutPort } from '../../config.js';
import { sendJsonRpcError } from './jsonRpcError.js';

export interface HostOriginOptions {
  /** Lower-case host names without port. */
  allowedHosts: readonly string[];
  /** Exact origins, e.g. `https://poke.com` (no trailing slash). */
  allowedOrigins: readonly string[];
  /**
   * Requests whose Origin is not checked: the browser hops of the OAuth flow (/oauth/authorize,
   * /oauth/callback), which are protected by one-time links and `state` instead.
   */
  originExempt?: (req: Request) => boolean;
}

/** True when `origin` is the origin the request was sent to (its host:port equals the Host header). */
function isSameOrigin(origin: string, host: string): boolean {
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.host.toLowerCase() === host.toLowerCase();
  } catch {
    // `Origin: null` (sandboxed frames, file://) and garbage are not us.
    return false;
  }
}

/** Builds the guard; lookups are sets built once. */
export function hostOriginGuard(options: HostOriginOptions): RequestHandler {
  const hosts = new Set(options.allowedHosts.map((host) => host.toLowerCase()));
  const origins = new Set(options.allowedOrigins.map((origin) => origin.toLowerCase()));
  return (req: Request, res: Response, next: NextFunction) => {
    // The raw Host header, not req.hostname: with `trust proxy` Express would read X-Forwarded-Host,
    // which a client can set freely.
    const host = req.headers.host;
    if (typeof host !== 'string' || !hosts.has(hostWithoutPort(host))) {
      sendJsonRpcError(res, 403, -32000, 'Forbidden: Host header not allowed (add the public host name to ALLOWED_HOSTS)');
      return;
    }
    const origin = req.headers.origin;
    if (
      origin !== undefined &&
      !origins.has(origin.toLowerCase().replace(/\/+$/, '')) &&
      !isSameOrigin(origin, host) &&
      !options.originExempt?.(req)
    ) {
      sendJsonRpcError(res, 403, -32000, 'Forbidden: Origin not allowed (see ALLOWED_ORIGINS)');
      return;
    }
    next();
  };
}
