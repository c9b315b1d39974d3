/**
 * The composition root: builds every long-lived object from the config, once. Used by the HTTP server
 * (`src/cli/start.ts`), the test harness, the demo and the benchmarks, so they all run the same wiring.
 * {@link buildCoreDeps} (`src/coreDeps.ts`) is the half stdio needs first; {@link withHttp} adds the
 * routes and the MCP authorization server, which load express.
 *
 * The result satisfies {@link AppDeps} (pass it to `createApp`) and carries `mcp` for
 * `createMcpServer` (stdio).
 */
import type { AppDeps } from './http/app.js';
import type { Config } from './config.js';
import { buildCoreDeps, type CoreDeps, type CoreDepsOptions } from './coreDeps.js';
import { SseSessions } from './http/transports/sse.js';
import {
  createMcpAuthorization,
  type McpAuthorization,
  type McpAuthorizationOptions,
} from './mcpAuth/authorizationServer.js';
import { ouraSignInUrl } from './oauth/connection.js';
import { siblingOfTokensFile } from './oauth/ownerAccount.js';
import { createOuraOAuthRouter } from './oauth/routes.js';

export interface BuildDepsOptions extends CoreDepsOptions {
  /** Test seams of the MCP authorization server (metadata documents served by the test on 127.0.0.1). */
  mcpAuthorization?: Pick<
    McpAuthorizationOptions,
    'metadataFetch' | 'registrationsPerMinute' | 'maxClients' | 'requestsPerMinute'
  >;
}

export interface Deps extends CoreDeps, Omit<AppDeps, 'config'> {
  /** The OAuth authorization server for MCP clients; null when MCP_AUTHORIZATION=off. */
  mcpAuthorization: McpAuthorization | null;
  sseSessions: SseSessions;
}

/** The core deps plus the HTTP half: `/oauth/*` and, unless MCP_AUTHORIZATION=off, the MCP authorization server. */
export function withHttp(core: CoreDeps, options: Pick<BuildDepsOptions, 'mcpAuthorization'> = {}): Deps {
  const { config, logger, now, tokenManager, links, owner, cache } = core;
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

  return { ...core, mcpAuthorization, oauthRouter, sseSessions: new SseSessions() };
}

export function buildDeps(config: Config, options: BuildDepsOptions): Deps {
  return withHttp(buildCoreDeps(config, options), options);
}
