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
}

export interface Stack {
  sim: RunningSimulator;
  config: Config;
  deps: Deps;
  /** `http://127.0.0.1:PORT` of our server. */
  baseUrl: string;
  authToken: string;
  /** A connected SDK client over Streamable HTTP `/mcp` with the Bearer header; closed by `close()`. */
  client(): Promise<Client>;
  /** Runs the OAuth flow (one-time link → simulator approval → callback); done already when `connect` is true. */
  connectOura(): Promise<void>;
  close(): Promise<void>;
}

/** The real OAuth routes (Bearer instead of a one-time link) → the simulator's consent → our callback. */
async function connectThroughOAuthRoutes(baseUrl: string, authToken: string, deps: Deps): Promise<void> {
  await connectThroughOAuth({ authorizeUrl: `${baseUrl}/oauth/authorize`, headers: { authorization: `Bearer ${authToken}` } });
  const status = await deps.connection.status();
  if (!status.connected) throw new Error(`OAuth flow finished but not connected: ${status.error ?? ''}`);
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const timezone = options.timezone ?? 'Europe/Berlin';
  const now = options.now ?? (() => new Date());
  const logger = options.logger ?? createSilentLogger();
  const sim = await startSimulator({ timezone, now, autoApprove: true, ...options.simulator });
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
            ...simulatorEnv(sim.url),
            OURA_REDIRECT_URI: `${url}/oauth/callback`,
            OURA_TIMEZONE: timezone,
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
        deps = buildDeps(config, { logger, now, ouraClient: options.ouraClient });
        return createApp(deps);
      },
      { port: 0, host: '127.0.0.1' },
    );
  } catch (error) {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const builtConfig = config!;
  const builtDeps = deps!;
  const baseUrl = running.url;
  const clients: Client[] = [];

  const stack: Stack = {
    sim,
    config: builtConfig,
    deps: builtDeps,
    baseUrl,
    authToken,
    async client() {
      const client = new Client({ name: 'stack-test-client', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(`${baseUrl}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${authToken}` } } }));
      clients.push(client);
      return client;
    },
    connectOura: () => connectThroughOAuthRoutes(baseUrl, authToken, builtDeps),
    async close() {
      await Promise.allSettled(clients.splice(0).map((client) => client.close()));
      await running.close(500);
      await builtDeps.close();
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };

  if (options.connect !== false) {
    try {
      await stack.connectOura();
    } catch (error) {
      await stack.close();
      throw error;
    }
  }
  return stack;
}
