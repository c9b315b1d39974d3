/**
 * Test harness: the simulated Oura cloud plus our OAuth pieces wired as `src/index.ts` would wire them,
 * sharing one controllable clock. Every HTTP call goes to servers started here on 127.0.0.1.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import express from 'express';
import request from 'supertest';
import { parseConfig, type Config } from '../../src/config.js';
import { createOuraOAuthRouter } from '../../src/oauth/routes.js';
import { OneTimeLinks } from '../../src/oauth/links.js';
import { OwnerAccount, siblingOfTokensFile } from '../../src/oauth/ownerAccount.js';
import { OuraTokenClient } from '../../src/oauth/tokenClient.js';
import { TokenManager, type TokenManagerOptions } from '../../src/oauth/tokenManager.js';
import { TokenStore, type TokenStoreOptions } from '../../src/oauth/tokens.js';
import {
  simulatorEnv,
  startSimulator,
  type RunningSimulator,
  type SimulatorOptions,
} from '../../src/simulator/index.js';
import { captureLogger, tempDir, type CapturedLogger } from './helpers.js';
import { statusBody } from '../helpers/rpcBody.js';

export const AUTH_TOKEN = 'test-auth-token-0123456789abcdef0123456789';
export const ENCRYPTION_KEY_HEX = 'ab'.repeat(32);
export const PUBLIC_ORIGIN = 'http://127.0.0.1:3001';

export interface Clock {
  now: () => Date;
  advanceSeconds(seconds: number): void;
}

export function createClock(start = Date.now()): Clock {
  let t = start;
  return { now: () => new Date(t), advanceSeconds: (s) => (t += s * 1000) };
}

export function makeConfig(simUrl: string, tokensFile: string, overrides: Record<string, string> = {}): Config {
  return parseConfig(
    {
      AUTH_TOKEN,
      ...simulatorEnv(simUrl),
      OURA_REDIRECT_URI: `${PUBLIC_ORIGIN}/oauth/callback`,
      TOKEN_ENCRYPTION_KEY: ENCRYPTION_KEY_HEX,
      TOKENS_FILE: tokensFile,
      ...overrides,
    },
    path.dirname(tokensFile),
  );
}

export interface ManagerParts {
  store: TokenStore;
  client: OuraTokenClient;
  manager: TokenManager;
}

/** One "process": its own store, token client and manager over `config.tokensFile`. */
export function makeManager(
  config: Config,
  logger: CapturedLogger['logger'],
  clock: Clock,
  extra: { manager?: Partial<TokenManagerOptions>; store?: Partial<TokenStoreOptions> } = {},
): ManagerParts {
  const store = new TokenStore({ file: config.tokensFile, key: config.tokenEncryptionKey, logger, ...extra.store });
  const client = new OuraTokenClient({
    tokenUrl: config.ouraTokenUrl,
    fallbackTokenUrl: config.ouraTokenUrlFallback,
    revokeUrl: config.ouraRevokeUrl,
    clientId: config.ouraClientId,
    clientSecret: config.ouraClientSecret,
    redirectUri: config.ouraRedirectUri,
    logger,
    timeoutMs: 3000,
  });
  const manager = new TokenManager({
    store,
    client,
    logger,
    configuredScope: config.ouraScopes,
    now: clock.now,
    ...extra.manager,
  });
  return { store, client, manager };
}

export interface Harness extends ManagerParts {
  sim: RunningSimulator;
  config: Config;
  clock: Clock;
  dir: string;
  log: CapturedLogger;
  links: OneTimeLinks;
  owner: OwnerAccount;
  app: express.Express;
  events: { disconnects: number; connects: number };
  close(): Promise<void>;
}

export async function startHarness(
  options: {
    sim?: SimulatorOptions;
    clock?: Clock;
    manager?: Partial<TokenManagerOptions>;
    store?: Partial<TokenStoreOptions>;
  } = {},
): Promise<Harness> {
  const clock = options.clock ?? createClock();
  const sim = await startSimulator({ autoApprove: true, now: clock.now, historyDays: 3, ...options.sim });
  const dir = await tempDir();
  const config = makeConfig(sim.url, path.join(dir, 'tokens.json'));
  const log = captureLogger([AUTH_TOKEN, config.ouraClientSecret, ENCRYPTION_KEY_HEX]);
  const parts = makeManager(config, log.logger, clock, { manager: options.manager, store: options.store });
  const links = new OneTimeLinks({ now: clock.now });
  const events = { disconnects: 0, connects: 0 };
  const owner = new OwnerAccount({
    file: siblingOfTokensFile(config.tokensFile, 'owner'),
    key: config.tokenEncryptionKey,
    logger: log.logger,
  });
  const app = express();
  app.use(
    createOuraOAuthRouter({
      config,
      tokenManager: parts.manager,
      links,
      logger: log.logger,
      owner,
      onDisconnect: () => (events.disconnects += 1),
      onConnect: () => (events.connects += 1),
    }),
  );
  return {
    ...parts,
    sim,
    config,
    clock,
    dir,
    log,
    links,
    owner,
    app,
    events,
    close: async () => {
      await sim.close();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

/** Path + query of an absolute URL, for supertest. */
export function pathOf(url: string): string {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
}

/** GET a fresh one-time link from /oauth/status (as the owner would). */
export async function freshLink(h: Harness): Promise<string> {
  const res = await request(h.app).get('/oauth/status').set('Authorization', `Bearer ${AUTH_TOKEN}`);
  return statusBody(res).authorize_url;
}

/** What the Continue button of a one-time link's page does: POST the grant in the form body. */
export function pressContinue(h: Harness, grant: string): request.Test {
  return request(h.app).post('/oauth/authorize').type('form').send({ grant });
}

/** The grant of a one-time link. */
export function grantOf(link: string): string {
  return new URL(link).searchParams.get('grant')!;
}

/** Opens a one-time link (the Continue page), then presses Continue; the answer redirects to Oura. */
export async function followLink(h: Harness, link: string): Promise<request.Response> {
  const page = await request(h.app).get(pathOf(link));
  if (page.status !== 200 || !page.text.includes('Continue')) throw new Error(`the link answered ${page.status}`);
  return pressContinue(h, grantOf(link));
}

/** Authorize at our server, then at the simulator (auto-approve); returns the callback URL Oura sends back. */
export async function authorizeAtOura(
  h: Harness,
  link?: string,
): Promise<{ authorizeLocation: URL; callbackUrl: URL }> {
  const res = await followLink(h, link ?? (await freshLink(h)));
  if (res.status !== 303) throw new Error(`authorize answered ${res.status}`);
  const authorizeLocation = new URL(res.headers.location as string);
  const simRes = await fetch(authorizeLocation, { redirect: 'manual' });
  const location = simRes.headers.get('location');
  if (simRes.status !== 302 || !location) throw new Error(`simulator answered ${simRes.status}`);
  return { authorizeLocation, callbackUrl: new URL(location) };
}

/** The whole browser flow; returns the callback response. */
export async function connect(h: Harness): Promise<request.Response> {
  const { callbackUrl } = await authorizeAtOura(h);
  return request(h.app).get(pathOf(callbackUrl.toString()));
}
