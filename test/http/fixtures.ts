/**
 * Fakes for app and MCP tests that need no simulator: a config, a data source with canned personal
 * info, a connection with a scripted status and numbered one-time links.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { createApp, type AppDeps } from '../../src/http/app.js';
import { parseConfig, type Config } from '../../src/config.js';
import type { HealthFacts } from '../../src/http/health.js';
import { createSilentLogger, type Logger } from '../../src/logger.js';
import type { ToolContext } from '../../src/mcp/tool.js';
import type { ConnectionStatus, OuraConnection } from '../../src/oauth/types.js';
import type { OuraDataSource } from '../../src/oura/source.js';
import type { PersonalInfo } from '../../src/oura/types.js';

export const TEST_TOKEN = 'test-auth-token-0123456789abcdef0123456789abcdef';

export function testConfig(env: Record<string, string> = {}): Config {
  return parseConfig(
    {
      AUTH_TOKEN: TEST_TOKEN,
      OURA_CLIENT_ID: 'client-id',
      OURA_CLIENT_SECRET: 'client-secret-value',
      OURA_REDIRECT_URI: 'http://127.0.0.1:3001/oauth/callback',
      TOKEN_ENCRYPTION_KEY: 'ab'.repeat(32),
      NODE_ENV: 'test',
      OURA_TIMEZONE: 'Europe/Berlin',
      ...env,
    },
    mkdtempSync(path.join(os.tmpdir(), 'oura-app-')),
  );
}

export class FakeConnection implements OuraConnection {
  links = 0;
  current: ConnectionStatus = { connected: false, scope: null, expires_at: null, error: null };
  statusCalls = 0;
  status(): Promise<ConnectionStatus> {
    this.statusCalls += 1;
    return Promise.resolve(this.current);
  }
  createAuthorizeLink(): string {
    this.links += 1;
    return `http://127.0.0.1:3001/oauth/authorize?link=one-time-${this.links}`;
  }
}

export const PERSONAL_INFO: PersonalInfo = {
  id: 'user-1',
  age: 34,
  weight: 72.46,
  height: 1.78,
  biological_sex: 'male',
  email: 'owner@example.com',
};

/** Serves canned personal info; `failWith` makes every call throw that error instead. */
export class FakeSource implements OuraDataSource {
  calls = 0;
  failWith: Error | undefined = undefined;
  personalInfo: PersonalInfo = PERSONAL_INFO;
  private next<T>(value: T): Promise<T> {
    this.calls += 1;
    if (this.failWith !== undefined) return Promise.reject(this.failWith);
    return Promise.resolve(value);
  }
  getPersonalInfo(): Promise<PersonalInfo> {
    return this.next(this.personalInfo);
  }
  listRingConfigurations(): Promise<never[]> {
    return this.next([]);
  }
  listByDate(): Promise<never[]> {
    return this.next([]);
  }
  listByDatetime(): Promise<never[]> {
    return this.next([]);
  }
  getLatest(): Promise<null> {
    return this.next(null);
  }
  getDocument(): Promise<never> {
    return Promise.reject(new Error('not in the fake'));
  }
}

export interface Fixture {
  config: Config;
  source: FakeSource;
  connection: FakeConnection;
  context: ToolContext;
  deps: AppDeps;
  app: express.Express;
}

export function toolContext(
  source: OuraDataSource,
  connection: OuraConnection,
  logger: Logger = createSilentLogger(),
): ToolContext {
  return {
    source,
    connection,
    timezone: 'Europe/Berlin',
    now: () => new Date('2025-10-26T09:00:00Z'),
    logger,
    signal: new AbortController().signal,
    progress: () => undefined,
  };
}

/** A stub of the OAuth router's two authenticated routes (the real one lives in src/oauth/routes.ts). */
function stubOAuthRouter(connection: FakeConnection): express.Router {
  const router = express.Router();
  router.get('/oauth/status', async (_req, res) => {
    res.json(await connection.status());
  });
  router.post('/oauth/disconnect', (_req, res) => {
    res.json({ disconnected: true });
  });
  return router;
}

export function buildFixture(
  options: {
    env?: Record<string, string>;
    health?: Partial<HealthFacts>;
    sseKeepAliveMs?: number;
    maxSseSessions?: number;
    logger?: Logger;
  } = {},
): Fixture {
  const config = testConfig(options.env);
  const source = new FakeSource();
  const connection = new FakeConnection();
  const logger = options.logger ?? createSilentLogger();
  const context = toolContext(source, connection, logger);
  const deps: AppDeps = {
    config,
    logger,
    mcp: { context },
    health: {
      connectionStatus: () => connection.status(),
      ouraApiAvailable: () => true,
      cacheSize: () => 7,
      ...options.health,
    },
    oauthRouter: stubOAuthRouter(connection),
    sseKeepAliveMs: options.sseKeepAliveMs,
    maxSseSessions: options.maxSseSessions,
  };
  return { config, source, connection, context, deps, app: createApp(deps) };
}
