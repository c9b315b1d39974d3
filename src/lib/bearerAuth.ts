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

/** Whether the client announced a body that nobody has read yet. */
function hasPendingBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return (typeof length === 'string' && length !== '0') || req.headers['transfer-encoding'] !== undefined;
}

/**
 * Middleware answering 401 (JSON, `WWW-Authenticate: Bearer`) unless the request has the AUTH_TOKEN.
 * A refused request whose body is still coming gets `Connection: close`: the socket ends with the
 * answer instead of staying open while a stranger trickles the body in.
 */
export function requireBearer(expectedToken: string): RequestHandler {
  const expected = digest(expectedToken);
  return (req: Request, res: Response, next: NextFunction) => {
    const presented = bearerTokenOf(req);
    if (presented !== null && timingSafeEqual(digest(presented), expected)) {
      next();
      return;
    }
    if (hasPendingBody(req)) res.set('Connection', 'close');
    res
      .status(401)
      .set('WWW-Authenticate', presented === null ? 'Bearer realm="oura-mcp-server"' : 'Bearer realm="oura-mcp-server", error="invalid_token"')
      .json({
        error: 'unauthorized',
        message: 'Missing or wrong API key: send "Authorization: Bearer <AUTH_TOKEN>" with the AUTH_TOKEN from the server\'s .env.',
      });
  };
}
