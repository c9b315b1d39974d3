/**
 * The composition root: builds every long-lived object from the config, once. Used by
 * `src/index.ts`, the test harness, the demo and the benchmarks, so they all run the same wiring.
 *
 * The result satisfies {@link AppDeps} (pass it to `createApp`) and carries `mcp` for
 * `createMcpServer` (stdio).
 */
import type { AppDeps } from './http/app.js';
import type { Config } from './config.js';
import type { HealthFacts } from './http/health.js';
import type { Logger } from './logger.js';
import type { McpServerDeps } from './mcp/server.js';
import { SseSessions } from './http/transports/sse.js';
import {
  createMcpAuthorization,
  type McpAuthorization,
  type McpAuthorizationOptions,
} from './mcpAuth/authorizationServer.js';
import { createOuraConnection, ouraSignInUrl } from './oauth/connection.js';
import { createOuraOAuthRouter } from './oauth/routes.js';
import { linksFolderFor, OneTimeLinks } from './oauth/links.js';
import { OwnerAccount, siblingOfTokensFile } from './oauth/ownerAccount.js';
import { OuraTokenClient } from './oauth/tokenClient.js';
import { TokenManager } from './oauth/tokenManager.js';
import { TokenStore } from './oauth/tokens.js';
import type { OuraConnection } from './oauth/types.js';
import { OuraClient, type OuraClientOptions } from './oura/client.js';
import { CachedOuraSource } from './oura/cache/cachedSource.js';
import { UpstreamBudget } from './oura/upstreamBudget.js';

export interface BuildDepsOptions {
  logger: Logger;
  /** One clock for tokens, links, the Oura client, the cache and the tools (tests and the demo pin it). */
  now?: () => Date;
  /** Overrides for the Oura client (e.g. shorter timeouts in tests). */
  ouraClient?: Partial<Omit<OuraClientOptions, 'baseUrl' | 'tokenProvider' | 'logger'>>;
  /** Test seams of the MCP authorization server (metadata documents served by the test on 127.0.0.1). */
  mcpAuthorization?: Pick<
    McpAuthorizationOptions,
    'metadataFetch' | 'registrationsPerMinute' | 'maxClients' | 'requestsPerMinute'
  >;
}

export interface Deps extends AppDeps {
  config: Config;
  tokenManager: TokenManager;
  links: OneTimeLinks;
  connection: OuraConnection;
  /** The pinned owner's Oura account id. */
  owner: OwnerAccount;
  /** The OAuth authorization server for MCP clients; null when MCP_AUTHORIZATION=off. */
  mcpAuthorization: McpAuthorization | null;
  ouraClient: OuraClient;
  cache: CachedOuraSource;
  mcp: McpServerDeps;
  health: HealthFacts;
  sseSessions: SseSessions;
  /** Releases what the deps hold (keep-alive sockets to Oura). Call after the HTTP server closed. */
  close(): Promise<void>;
}

export function buildDeps(config: Config, options: BuildDepsOptions): Deps {
  const { logger } = options;
  const now = options.now ?? (() => new Date());

  const store = new TokenStore({ file: config.tokensFile, key: config.tokenEncryptionKey, logger });
  const tokenClient = new OuraTokenClient({
    tokenUrl: config.ouraTokenUrl,
    fallbackTokenUrl: config.ouraTokenUrlFallback,
    revokeUrl: config.ouraRevokeUrl,
    clientId: config.ouraClientId,
    clientSecret: config.ouraClientSecret,
    redirectUri: config.ouraRedirectUri,
    logger,
  });
  const tokenManager = new TokenManager({
    store,
    client: tokenClient,
    logger,
    configuredScope: config.ouraScopes,
    now,
  });
  // Shared through a folder beside TOKENS_FILE: a link the stdio process hands out works on the HTTP server.
  const links = new OneTimeLinks({
    now,
    shared: { dir: linksFolderFor(config.tokensFile), key: config.tokenEncryptionKey },
  });
  const connection = createOuraConnection(tokenManager, links, config);

  // One budget for every request to Oura, whatever asks: it protects the owner's Oura allowance.
  const budget = new UpstreamBudget({
    maxRequests: config.upstreamBudgetMax,
    windowMs: config.upstreamBudgetWindowMs,
    maxConcurrent: config.upstreamConcurrency,
  });
  // The client asks the token manager for tokens: the owner's API key never reaches Oura.
  const ouraClient = new OuraClient({
    budget,
    ...options.ouraClient,
    baseUrl: config.ouraApiBaseUrl,
    tokenProvider: tokenManager,
    logger,
    now,
  });
  const cache = new CachedOuraSource(ouraClient, {
    ttlSeconds: config.cacheTtl,
    now,
    logger,
    bounds: { maxEntries: config.cacheMaxEntries, maxBytes: config.cacheMaxMb * 2 ** 20 },
  });

  const owner = new OwnerAccount({
    file: siblingOfTokensFile(config.tokensFile, 'owner'),
    key: config.tokenEncryptionKey,
    logger,
  });
  const isConnected = async () => (await tokenManager.status()).connected;
  const mcpAuthorization = config.mcpAuthorization
    ? createMcpAuthorization({
        ...options.mcpAuthorization,
        publicUrl: config.publicUrl,
        apiKey: config.authToken,
        file: siblingOfTokensFile(config.tokensFile, 'mcp-auth'),
        encryptionKey: config.tokenEncryptionKey,
        accessTokenTtlSeconds: config.mcpAccessTokenTtl,
        refreshTokenTtlSeconds: config.mcpRefreshTokenTtl,
        logger,
        now,
        owner: {
          isConnected,
          ownerKnown: async () =>
            (await isConnected()) &&
            (await owner.recordIfMissing(() => tokenManager.getValidAccessToken(), config.ouraApiBaseUrl)) !== null,
          signInUrl: (purpose) => ouraSignInUrl(config, links, purpose),
          signInOrigin: new URL(config.ouraAuthorizeUrl).origin,
        },
      })
    : null;

  const oauthRouter = createOuraOAuthRouter({
    config,
    tokenManager,
    links,
    logger,
    owner,
    ...(mcpAuthorization ? { followUp: mcpAuthorization.followUp, mcpClients: mcpAuthorization.clients } : {}),
    // Another account (or none) may be connected now: cached rows would belong to the old one.
    onDisconnect: () => cache.clear(),
    onConnect: () => cache.clear(),
  });

  const health: HealthFacts = {
    connectionStatus: () => tokenManager.status(),
    // From the outcome of the last real call; no call yet means nothing has failed.
    ouraApiAvailable: () => ouraClient.lastOutcome()?.ok ?? true,
    cacheSize: () => cache.stats().size,
    upstreamBudget: () => budget.status(),
  };

  const mcp: McpServerDeps = {
    context: { source: cache, connection, timezone: config.ouraTimezone, now, logger },
  };

  return {
    config,
    logger,
    tokenManager,
    links,
    connection,
    owner,
    mcpAuthorization,
    ouraClient,
    cache,
    mcp,
    health,
    oauthRouter,
    sseSessions: new SseSessions(),
    close() {
      ouraClient.close();
      cache.clear();
      return Promise.resolve();
    },
  };
}
