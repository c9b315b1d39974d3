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
import { createApp } from '../../src/app.js';
import { parseConfig, type Config } from '../../src/config.js';
import { buildDeps, type BuildDepsOptions, type Deps } from '../../src/deps.js';
import { listenWithFactory, type RunningServer } from '../../src/httpServer.js';
import { createSilentLogger, type Logger } from '../../src/logger.js';
import { startSimulator } from '../../src/simulator/index.js';
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

/**
 * GET /oauth/authorize (with the Bearer token instead of a one-time link) → follow the 302 to the
 * simulator, which with `autoApprove` redirects straight back → GET our /oauth/callback.
 */
async function connectThroughOAuth(baseUrl: string, authToken: string, deps: Deps): Promise<void> {
  const authorize = await fetch(`${baseUrl}/oauth/authorize`, { headers: { authorization: `Bearer ${authToken}` }, redirect: 'manual' });
  const toOura = authorize.headers.get('location');
  if (authorize.status !== 302 || !toOura) throw new Error(`/oauth/authorize answered ${authorize.status}, expected a redirect to Oura`);
  const approval = await fetch(toOura, { redirect: 'manual' });
  const back = approval.headers.get('location');
  if (!back || !back.startsWith(`${baseUrl}/oauth/callback`)) {
    throw new Error(`the simulator answered ${approval.status} without redirecting to our callback (is autoApprove on?)`);
  }
  const callback = await fetch(back, { redirect: 'manual' });
  await callback.text();
  const status = await deps.connection.status();
  if (callback.status !== 200 || !status.connected) {
    throw new Error(`/oauth/callback answered ${callback.status}; connected=${status.connected} ${status.error ?? ''}`);
  }
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
            OURA_CLIENT_ID: 'sim-client-id',
            OURA_CLIENT_SECRET: 'sim-client-secret',
            OURA_REDIRECT_URI: `${url}/oauth/callback`,
            OURA_API_BASE_URL: sim.url,
            OURA_AUTHORIZE_URL: `${sim.url}/oauth/authorize`,
            OURA_TOKEN_URL: `${sim.url}/oauth/token`,
            OURA_TOKEN_URL_FALLBACK: `${sim.url}/oauth/v2/ext/oauth-token`,
            OURA_TIMEZONE: timezone,
            TOKENS_FILE: path.join(dir, 'tokens.json'),
            NODE_ENV: 'test',
            LOG_LEVEL: 'debug',
            // Tool tests make many calls; tests of the limiter set their own.
            RATE_LIMIT_MAX: '100000',
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
    connectOura: () => connectThroughOAuth(baseUrl, authToken, builtDeps),
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
