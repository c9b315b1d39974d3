/**
 * The half of the composition root every mode needs: tokens, one-time links, the pinned owner, the Oura
 * client behind its budget and cache, and what the MCP server needs. Nothing here loads express or the
 * HTTP stack, so stdio (Claude Desktop starts it on every launch) answers `initialize` before those load;
 * `src/deps.ts` adds the HTTP half. Built once per process.
 */
import type { Config } from './config.js';
import type { HealthFacts } from './http/health.js';
import type { Logger } from './logger.js';
import type { McpServerDeps } from './mcp/server.js';
import { createOuraConnection } from './oauth/connection.js';
import { linksFolderFor, OneTimeLinks } from './oauth/links.js';
import { OwnerAccount, siblingOfTokensFile } from './oauth/ownerAccount.js';
import { OuraTokenClient } from './oauth/tokenClient.js';
import { TokenManager } from './oauth/tokenManager.js';
import { TokenStore } from './oauth/tokens.js';
import type { OuraConnection } from './oauth/types.js';
import { OuraClient, type OuraClientOptions } from './oura/client.js';
import { CachedOuraSource } from './oura/cache/cachedSource.js';
import { UpstreamBudget } from './oura/upstreamBudget.js';

export interface CoreDepsOptions {
  logger: Logger;
  /** One clock for tokens, links, the Oura client, the cache and the tools (tests and the demo pin it). */
  now?: () => Date;
  /** Overrides for the Oura client (e.g. shorter timeouts in tests). */
  ouraClient?: Partial<Omit<OuraClientOptions, 'baseUrl' | 'tokenProvider' | 'logger'>>;
}

export interface CoreDeps {
  config: Config;
  logger: Logger;
  now: () => Date;
  tokenManager: TokenManager;
  links: OneTimeLinks;
  connection: OuraConnection;
  /** The pinned owner's Oura account id. */
  owner: OwnerAccount;
  ouraClient: OuraClient;
  cache: CachedOuraSource;
  mcp: McpServerDeps;
  health: HealthFacts;
  /** Releases what the deps hold (keep-alive sockets to Oura). Call after the servers closed. */
  close(): Promise<void>;
}

export function buildCoreDeps(config: Config, options: CoreDepsOptions): CoreDeps {
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

  const health: HealthFacts = {
    connectionStatus: () => tokenManager.status(),
    // From the outcome of the last real call; no call yet means nothing has failed.
    ouraApiAvailable: () => ouraClient.lastOutcome()?.ok ?? true,
    cacheSize: () => cache.stats().size,
    upstreamBudget: () => budget.status(),
  };

  return {
    config,
    logger,
    now,
    tokenManager,
    links,
    connection,
    owner,
    ouraClient,
    cache,
    mcp: { context: { source: cache, connection, timezone: config.ouraTimezone, now, logger } },
    health,
    close() {
      ouraClient.close();
      cache.clear();
      return Promise.resolve();
    },
  };
}
