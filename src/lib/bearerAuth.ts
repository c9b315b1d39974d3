/**
 * Bearer AUTH_TOKEN authentication. The comparison is constant-time over SHA-256 digests, so neither
 * the content nor the length of the expected token leaks through timing.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Extracts the credentials of an `Authorization: Bearer <token>` header (scheme case-insensitive). */
export function bearerTokenOf(req: Request): string | null {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return null;
  const match = /^Bearer[ ]+([^\s]+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}

/** True when the request carries exactly the expected bearer token. */
export function hasValidBearer(req: Request, expectedToken: string): boolean {
  const presented = bearerTokenOf(req);
  if (presented === null) return false;
  return timingSafeEqual(digest(presented), digest(expectedToken));
}

/** Middleware answering 401 (JSON, `WWW-Authenticate: Bearer`) unless the request has the AUTH_TOKEN. */
export function requireBearer(expectedToken: string): RequestHandler {
  const expected = digest(expectedToken);
  return (req: Request, res: Response, next: NextFunction) => {
    const presented = bearerTokenOf(req);
    if (presented !== null && timingSafeEqual(digest(presented), expected)) {
      next();
      return;
    }
    res
      .status(401)
      .set('WWW-Authenticate', presented === null ? 'Bearer realm="oura-mcp-server"' : 'Bearer realm="oura-mcp-server", error="invalid_token"')
      .json({
        error: 'unauthorized',
        message: 'Missing or wrong API key: send "Authorization: Bearer <AUTH_TOKEN>" with the AUTH_TOKEN from the server\'s .env.',
      });
  };
}
