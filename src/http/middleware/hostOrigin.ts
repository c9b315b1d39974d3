/**
 * DNS-rebinding protection from the MCP spec: the `Host` header must name this server (by
 * `ALLOWED_HOSTS`, any port) and an `Origin`, when a browser sends one, must be in `ALLOWED_ORIGINS`
 * or be this server's own origin (same-origin requests carry no cross-site risk, and the Host they
 * name has just been checked). Both answer 403 before anything else runs.
 *
 * Parsing is strict (`src/lib/hostHeader.ts`): numeric ports only, nothing after an IPv6 literal but a
 * port, and origins compared with their scheme and port, so `http://` never passes for `https://`.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { parseHostHeader, parseOrigin } from '../../lib/hostHeader.js';
import { sendJsonRpcError } from './jsonRpcError.js';

export interface HostOriginOptions {
  /** Lower-case host names without port. */
  allowedHosts: readonly string[];
  /** Exact origins, e.g. `https://poke.com` (no trailing slash). */
  allowedOrigins: readonly string[];
  /**
   * The server's public origin (from OURA_REDIRECT_URI): a request whose Host is its host is same-origin
   * only with its scheme. Any other allowed host is reached directly, over plain HTTP.
   */
  publicOrigin?: string;
  /**
   * Requests whose Origin is not checked: the browser hops of the OAuth flow (/oauth/authorize,
   * /oauth/callback), which are protected by one-time links and `state` instead.
   */
  originExempt?: (req: Request) => boolean;
}

/** Builds the guard; lookups are sets built once. */
export function hostOriginGuard(options: HostOriginOptions): RequestHandler {
  const hosts = new Set(options.allowedHosts.map((host) => host.toLowerCase()));
  const origins = new Set(
    options.allowedOrigins.map((origin) => parseOrigin(origin)?.key).filter((key) => key !== undefined),
  );
  const publicOrigin = options.publicOrigin === undefined ? null : parseOrigin(options.publicOrigin);

  /** The origin a browser would send for a page served at `Host` (scheme from the public origin, else http). */
  const ownOriginKey = (hostname: string, port: number | null): string => {
    if (publicOrigin && hostname === publicOrigin.hostname)
      return `${publicOrigin.scheme}://${hostname}:${port ?? publicOrigin.port}`;
    return `http://${hostname}:${port ?? 80}`;
  };

  return (req: Request, res: Response, next: NextFunction) => {
    // The raw Host header, not req.hostname: with `trust proxy` Express would read X-Forwarded-Host,
    // which a client can set freely.
    const host = parseHostHeader(req.headers.host);
    if (!host || !hosts.has(host.hostname)) {
      sendJsonRpcError(
        res,
        403,
        -32000,
        'Forbidden: Host header not allowed (add the public host name to ALLOWED_HOSTS)',
      );
      return;
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !options.originExempt?.(req)) {
      const parsed = parseOrigin(origin);
      // `Origin: null` (sandboxed frames, file://) and garbage are not us.
      const allowed =
        parsed !== null && (origins.has(parsed.key) || parsed.key === ownOriginKey(host.hostname, host.port));
      if (!allowed) {
        sendJsonRpcError(res, 403, -32000, 'Forbidden: Origin not allowed (see ALLOWED_ORIGINS)');
        return;
      }
    }
    next();
  };
}
