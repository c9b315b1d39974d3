/**
 * Builds the OAuth 2.1 authorization server for MCP clients from plain options: its routes, the
 * follow-up the Oura callback calls, the access-token check for the resource side, and the client
 * list for the owner's `/oauth/status`.
 *
 * Why not the SDK's `mcpAuthRouter`: measured against issue #11, its token endpoint answers
 * `invalid_client` with 400 (Claude re-registers only on 401), its authorize endpoint answers a bad
 * redirect URI with JSON instead of a page and relaxes loopback ports instead of matching exactly, its
 * client store has no Client ID Metadata Documents, and its rate limits run on the wall clock. Each
 * would need a wrapper larger than the endpoint it wraps.
 */
import type { RequestHandler } from 'express';
import express from 'express';
import type { Logger } from '../logger.js';
import type { AccessTokenCheck } from '../lib/bearerAuth.js';
import type { AuthorizedClients, SignInFollowUp } from '../oauth/types.js';
import { createAuthorizeRoutes, type OwnerSignIn } from './authorizeRoutes.js';
import { ClientMetadataFetcher, type ClientMetadataFetcherOptions } from './clientMetadataDocument.js';
import { ClientRegistry } from './clientRegistry.js';
import { ClientLimiter } from '../http/clientLimiter.js';
import { clientRateLimit } from '../http/middleware/clientRateLimit.js';
import { FailureLockout } from './limits.js';
import { resolveScope, ServerUrls } from './metadata.js';
import { OAuthError } from './oauthError.js';
import { PendingConsents } from './pendingConsents.js';
import { redirectHost } from './redirectUris.js';
import { McpAuthStore } from './store.js';
import { createTokenRoutes } from './tokenRoutes.js';
import { TokenService } from './tokenService.js';

export interface McpAuthorizationOptions {
  /** PUBLIC_URL: issuer and resource. */
  publicUrl: string;
  /** AUTH_TOKEN, which approves on the consent page. */
  apiKey: string;
  /** File of clients and token hashes. */
  file: string;
  /** TOKEN_ENCRYPTION_KEY. */
  encryptionKey: Buffer;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  owner: OwnerSignIn;
  logger: Logger;
  now: () => Date;
  /** Test seams for metadata-document fetches (private addresses, a test CA). */
  metadataFetch?: Pick<ClientMetadataFetcherOptions, 'allowPrivateAddresses' | 'ca' | 'timeoutMs'>;
  /** Registrations allowed per minute (default 10). */
  registrationsPerMinute?: number;
  /** Most registered clients (default 100). */
  maxClients?: number;
  /** Requests to `/auth/*` per client per minute (default {@link AUTH_REQUESTS_PER_MINUTE}). */
  requestsPerMinute?: number;
}

/** Enough for a client's sign-in and refreshes many times over; a guessing loop is stopped within a minute. */
export const AUTH_REQUESTS_PER_MINUTE = 60;

export interface McpAuthorization {
  router: RequestHandler;
  followUp: SignInFollowUp;
  accessTokens: AccessTokenCheck;
  clients: AuthorizedClients;
  urls: ServerUrls;
  tokens: TokenService;
  store: McpAuthStore;
}

export function createMcpAuthorization(options: McpAuthorizationOptions): McpAuthorization {
  const { logger, now } = options;
  const urls = new ServerUrls(options.publicUrl);
  const store = McpAuthStore.open({ file: options.file, key: options.encryptionKey, logger, now });
  const metadataDocuments = new ClientMetadataFetcher({ now, ...options.metadataFetch });
  const clients = new ClientRegistry({
    store,
    metadataDocuments,
    now,
    maxClients: options.maxClients,
    checkScope: (scope) => {
      const resolved = resolveScope(scope);
      if (resolved === null)
        throw new OAuthError('invalid_client_metadata', 'Unknown scope: this server offers oura:read.');
      return resolved;
    },
  });
  const tokens = new TokenService({
    store,
    clients,
    now,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds,
    refreshTokenTtlSeconds: options.refreshTokenTtlSeconds,
  });
  const authorize = createAuthorizeRoutes({
    urls,
    apiKey: options.apiKey,
    clients,
    tokens,
    consents: new PendingConsents(now),
    lockout: new FailureLockout({ maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000, now }),
    owner: options.owner,
    logger,
  });
  const router = express.Router();
  // Per client: a token endpoint without a limit lets one address grind refresh tokens and codes.
  router.use(
    '/auth',
    clientRateLimit({
      windowMs: 60_000,
      max: options.requestsPerMinute ?? AUTH_REQUESTS_PER_MINUTE,
      body: 'json',
      now: () => now().getTime(),
    }),
  );
  router.use(
    createTokenRoutes({
      urls,
      clients,
      tokens,
      registrations: new ClientLimiter({
        windowMs: 60_000,
        max: options.registrationsPerMinute ?? 10,
        now: () => now().getTime(),
      }),
      logger,
    }),
  );
  router.use(authorize.router);

  return {
    router,
    followUp: authorize.followUp,
    urls,
    tokens,
    store,
    accessTokens: {
      verify: (token) => tokens.verifyAccessToken(token, urls.resource) !== null,
      resourceMetadataUrl: (path) => urls.resourceMetadataUrl(path),
    },
    clients: {
      list: () =>
        clients.list().map((client) => ({
          client_id: client.clientId,
          name: client.name,
          redirect_host: client.redirectUris.map(redirectHost).join(', '),
          created_at: new Date(client.createdAt).toISOString(),
          last_used_at: client.lastUsedAt === null ? null : new Date(client.lastUsedAt).toISOString(),
        })),
      remove: (clientId) => tokens.removeClient(clientId),
    },
  };
}
