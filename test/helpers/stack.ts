/**
 * The whole server against the simulated Oura cloud, for end-to-end tests: simulator + real config +
 * real deps + real app on 127.0.0.1, connected to Oura through the real OAuth routes.
 *
 *   const stack = await startStack({ now: () => new Date('2025-10-26T08:00:00Z') });
 *   const client = await stack.client();
 *   const result = await client.callTool({ name: 'get_personal_info', arguments: {} });
 *   await stack.close();
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createApp } from '../../src/http/app.js';
import { appsPreviewHandler } from '../../src/mcp/apps/preview.js';
import { todayIn } from '../../src/lib/time.js';
import { parseConfig, type Config } from '../../src/config.js';
import { buildDeps, type BuildDepsOptions, type Deps } from '../../src/deps.js';
import { connectThroughOAuth } from '../../src/demo/connect.js';
import { listenWithFactory, type RunningServer } from '../../src/http/httpServer.js';
import { createSilentLogger, type Logger } from '../../src/logger.js';
import { simulatorEnv, startSimulator } from '../../src/simulator/index.js';
import type { RunningSimulator, SimulatorOptions } from '../../src/simulator/types.js';

export interface StackOptions {
  /** The owner's zone (OURA_TIMEZONE) and the simulated person's; default `Europe/Berlin`. */
  timezone?: string;
  /** One clock for the simulator, tokens, cache and tools; default the real clock. */
  now?: () => Date;
  /** Extra simulator options (`seed`, `accessTokenTtlSeconds`, …). */
  simulator?: Partial<SimulatorOptions>;
  /** Connect Oura through the OAuth routes before returning (default true). */
  connect?: boolean;
  /** Extra or overriding environment variables (e.g. `{ RATE_LIMIT_MAX: '5', CACHE_TTL: '0' }`). */
  env?: Record<string, string>;
  /** Oura client overrides (e.g. `{ timeoutMs: 500, sleep: async () => {} }`). */
  ouraClient?: BuildDepsOptions['ouraClient'];
  /** Default: silent. */
  logger?: Logger;
  /** MCP authorization test seams (metadata documents served on 127.0.0.1 with a test CA). */
  mcpAuthorization?: BuildDepsOptions['mcpAuthorization'];
  /** Serve `/apps/preview` as demo mode does (default: not, as in production). */
  appsPreview?: boolean;
}

export interface Stack extends ServerUnderTest {
  sim: RunningSimulator;
  /** Closes our server and the simulator. */
  close(): Promise<void>;
}

/** The real OAuth routes (Bearer instead of a one-time link) → the simulator's consent → our callback. */
async function connectThroughOAuthRoutes(baseUrl: string, authToken: string, deps: Deps): Promise<void> {
  await connectThroughOAuth({
    authorizeUrl: `${baseUrl}/oauth/authorize`,
    headers: { authorization: `Bearer ${authToken}` },
  });
  const status = await deps.connection.status();
  if (!status.connected) throw new Error(`OAuth flow finished but not connected: ${status.error ?? ''}`);
}

/** Our server under test, pointed at an Oura (the simulator, or the replay of captured bodies). */
export interface ServerUnderTest {
  config: Config;
  deps: Deps;
  /** `http://127.0.0.1:PORT` of our server. */
  baseUrl: string;
  authToken: string;
  /** A connected SDK client over Streamable HTTP `/mcp` with the Bearer header; closed by `close()`. */
  client(): Promise<Client>;
  /** Runs the OAuth flow (one-time link → the Oura's approval → callback). */
  connectOura(): Promise<void>;
  /** Closes the clients and our server (not the Oura it points at). */
  close(): Promise<void>;
}

export type ServerOptions = Pick<StackOptions, 'env' | 'ouraClient' | 'logger' | 'mcpAuthorization' | 'appsPreview'> & {
  timezone: string;
  now: () => Date;
};

/** Real config + real deps + real app on 127.0.0.1, pointed at the Oura on `ouraUrl` (simulator OAuth client). */
export async function startServerAgainst(ouraUrl: string, options: ServerOptions): Promise<ServerUnderTest> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'oura-stack-'));
  const authToken = randomBytes(32).toString('hex');
  let config: Config | undefined;
  let deps: Deps | undefined;
  let running: RunningServer;
  try {
    running = await listenWithFactory(
      ({ url }) => {
        config = parseConfig(
          {
            AUTH_TOKEN: authToken,
            TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
            ...simulatorEnv(ouraUrl),
            OURA_REDIRECT_URI: `${url}/oauth/callback`,
            OURA_TIMEZONE: options.timezone,
            TOKENS_FILE: path.join(dir, 'tokens.json'),
            NODE_ENV: 'test',
            LOG_LEVEL: 'debug',
            // Tool tests make many calls; tests of the limiter set their own.
            RATE_LIMIT_MAX: '100000',
            // Oura's own allowance: tests of the budget set a smaller one.
            UPSTREAM_BUDGET_MAX: '5000',
            UPSTREAM_CONCURRENCY: '32',
            ...options.env,
          },
          dir,
        );
        deps = buildDeps(config, {
          logger: options.logger ?? createSilentLogger(),
          now: options.now,
          ouraClient: options.ouraClient,
          mcpAuthorization: options.mcpAuthorization,
        });
        const now = options.now;
        const appsPreview = options.appsPreview
          ? appsPreviewHandler({ today: () => todayIn(options.timezone, now()) })
          : undefined;
        return createApp({ ...deps, appsPreview });
      },
      { port: 0, host: '127.0.0.1' },
    );
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const builtDeps = deps!;
  const baseUrl = running.url;
  const clients: Client[] = [];
  return {
    config: config!,
    deps: builtDeps,
    baseUrl,
    authToken,
    async client() {
      const client = new Client({ name: 'stack-test-client', version: '1.0.0' });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(`${baseUrl}/mcp`), {
          requestInit: { headers: { Authorization: `Bearer ${authToken}` } },
        }),
      );
      clients.push(client);
      return client;
    },
    connectOura: () => connectThroughOAuthRoutes(baseUrl, authToken, builtDeps),
    async close() {
      await Promise.allSettled(clients.splice(0).map((client) => client.close()));
      await running.close(500);
      await builtDeps.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `server` connected to Oura unless `connect` is false; on failure both are closed. */
export async function connected<T extends { connectOura(): Promise<void>; close(): Promise<void> }>(
  server: T,
  connect = true,
): Promise<T> {
  if (!connect) return server;
  try {
    await server.connectOura();
  } catch (error) {
    await server.close();
    throw error;
  }
  return server;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const timezone = options.timezone ?? 'Europe/Berlin';
  const now = options.now ?? (() => new Date());
  const sim = await startSimulator({ timezone, now, autoApprove: true, ...options.simulator });
  let server: ServerUnderTest;
  try {
    server = await startServerAgainst(sim.url, { ...options, timezone, now });
  } catch (error) {
    await sim.close();
    throw error;
  }
  const stack: Stack = {
    ...server,
    sim,
    async close() {
      await server.close();
      await sim.close();
    },
  };
  return connected(stack, options.connect !== false);
}

/** One raw JSON-RPC POST to `/mcp` with the Bearer header (plus `headers`): the status and the parsed body. */
export async function postMcp<Body = unknown>(
  server: Pick<ServerUnderTest, 'baseUrl' | 'authToken'>,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Body }> {
  const response = await fetch(`${server.baseUrl}/mcp`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${server.authToken}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...headers,
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Body };
}
