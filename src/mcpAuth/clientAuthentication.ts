/**
 * Client authentication at the token and revocation endpoints (RFC 6749 §2.3, OAuth 2.1 §2.4):
 * `none` (public clients send only `client_id`), `client_secret_post` and `client_secret_basic`.
 * Every failure is `invalid_client` with 401, which makes Claude register again.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import type { ClientRegistry } from './clientRegistry.js';
import { OAuthError } from './oauthError.js';
import { hashSecret, type ClientRecord } from './store.js';

function formString(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  return typeof value === 'string' ? value : undefined;
}

function basicCredentials(req: Request): { id: string; secret: string } | null {
  const header = req.headers.authorization;
  if (typeof header !== 'string' || !/^basic /i.test(header)) return null;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return null;
  try {
    // RFC 6749 §2.3.1: both parts are form-urlencoded before being joined.
    return {
      id: decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' ')),
      secret: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' ')),
    };
  } catch {
    return null;
  }
}

function sameHash(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

/** The authenticated client of a token or revocation request. @throws OAuthError `invalid_client` (401). */
export async function authenticateClient(
  req: Request,
  body: Record<string, unknown>,
  clients: ClientRegistry,
): Promise<ClientRecord> {
  const basic = basicCredentials(req);
  const clientId = basic?.id ?? formString(body, 'client_id');
  const secret = basic?.secret ?? formString(body, 'client_secret');
  if (clientId === undefined || clientId === '')
    throw new OAuthError('invalid_client', 'Client authentication failed: no client_id.');
  let client: ClientRecord | null;
  try {
    client = await clients.find(clientId);
  } catch (error) {
    if (error instanceof OAuthError) throw new OAuthError('invalid_client', error.description);
    throw error;
  }
  if (!client)
    throw new OAuthError('invalid_client', 'Client authentication failed: unknown client_id (register again).');
  if (client.authMethod === 'none') return client;
  if (secret === undefined || client.secretHash === null || !sameHash(hashSecret(secret), client.secretHash)) {
    throw new OAuthError('invalid_client', 'Client authentication failed: wrong or missing client secret.');
  }
  return client;
}
