/**
 * Bearer authentication of the MCP endpoints: the AUTH_TOKEN (API key), or, when MCP authorization is
 * on, an access token this server issued for itself. The key comparison is constant-time over SHA-256
 * digests, so neither the content nor the length of the expected key leaks through timing.
 *
 * A 401 carries `WWW-Authenticate: Bearer resource_metadata="…"` (RFC 9728 §5.1) so OAuth clients
 * (Claude, ChatGPT, mcp-remote) discover where to authorize, with `error="invalid_token"` when a
 * credential was presented.
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

/** True when `presented` is exactly the expected key (constant time). */
export function isApiKey(presented: string, expectedToken: string): boolean {
  return timingSafeEqual(digest(presented), digest(expectedToken));
}

/** True when the request carries exactly the expected bearer token. */
export function hasValidBearer(req: Request, expectedToken: string): boolean {
  const presented = bearerTokenOf(req);
  return presented !== null && isApiKey(presented, expectedToken);
}

/** The resource side of MCP authorization, as this middleware needs it. */
export interface AccessTokenCheck {
  /** True for a live access token issued here for this server. */
  verify(token: string): boolean;
  /** The RFC 9728 metadata URL to name in the challenge for a request path. */
  resourceMetadataUrl(path: string): string;
}

const KEY_ONLY_MESSAGE =
  'Missing or wrong API key: send "Authorization: Bearer <AUTH_TOKEN>" with the AUTH_TOKEN from the server\'s .env.';
const OAUTH_MESSAGE =
  'Missing, expired or wrong credentials: connect through OAuth (Claude, ChatGPT and mcp-remote do it from the resource_metadata in WWW-Authenticate), or send "Authorization: Bearer <AUTH_TOKEN>".';

/**
 * Middleware answering 401 (JSON, `WWW-Authenticate: Bearer`) unless the request has the AUTH_TOKEN
 * or, when `accessTokens` is given, a valid access token issued here. (A refused request whose body is
 * still coming also closes its connection: see `src/http/middleware/unreadBody.ts`.)
 */
export function requireBearer(expectedToken: string, accessTokens?: AccessTokenCheck): RequestHandler {
  const expected = digest(expectedToken);
  return (req: Request, res: Response, next: NextFunction) => {
    const presented = bearerTokenOf(req);
    if (presented !== null && (timingSafeEqual(digest(presented), expected) || accessTokens?.verify(presented))) {
      next();
      return;
    }
    const params = accessTokens
      ? [`resource_metadata="${accessTokens.resourceMetadataUrl(req.path)}"`]
      : ['realm="oura-mcp-server"'];
    if (presented !== null) params.push('error="invalid_token"');
    res
      .status(401)
      .set('WWW-Authenticate', `Bearer ${params.join(', ')}`)
      .json({ error: 'unauthorized', message: accessTokens ? OAUTH_MESSAGE : KEY_ONLY_MESSAGE });
  };
}
