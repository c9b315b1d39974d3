/**
 * The simulated cloud's Express app and the controls tests use to steer it. Kept apart from
 * `startSimulator` (which binds a port) so it can be mounted or tested on its own.
 */
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { createDataRouter } from './dataRoutes.js';
import { FaultRegistry, RequestCounters } from './faults.js';
import { latencyMiddleware, type LatencyModel } from './latency.js';
import { OAuthStore } from './oauth.js';
import { createOAuthRouter } from './oauthRoutes.js';
import {
  DEFAULT_SCOPE,
  type SimulatedDataset,
  type SimulatorAccount,
  type SimulatorClient,
  type SimulatorControls,
  type SimulatorLogger,
  type TokenEndpointMode,
} from './types.js';

export interface SimulatorAppOptions {
  dataset: SimulatedDataset;
  clients: readonly SimulatorClient[];
  now: () => Date;
  pageSize: number;
  heartRatePageSize: number;
  heartRatePaging: 'rows' | 'utcDay';
  /** Delays every data request (the benchmark's network model); null for instant answers. */
  latency: LatencyModel | null;
  /** Seeds the latency draws. */
  seed: number;
  accessTokenTtlSeconds: number;
  quirks: boolean;
  tokenEndpointMode: TokenEndpointMode;
  autoApprove: boolean;
  logger: SimulatorLogger;
}

export interface SimulatorApp {
  app: Express;
  controls: SimulatorControls;
}

/** Builds the app (OAuth + data routes) and its controls. */
export function createSimulatorApp(options: SimulatorAppOptions): SimulatorApp {
  const faults = new FaultRegistry();
  const counters = new RequestCounters();
  const store = new OAuthStore({
    clients: options.clients,
    now: options.now,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds,
    tokenEndpointMode: options.tokenEndpointMode,
  });
  const settings = {
    quirks: options.quirks,
    pageSize: options.pageSize,
    heartRatePageSize: options.heartRatePageSize,
    heartRatePaging: options.heartRatePaging,
  };
  const { logger } = options;

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use((req: Request, res: Response, next: NextFunction) => {
    const started = Date.now();
    res.on('finish', () =>
      logger.debug('simulator request', {
        method: req.method,
        path: req.path,
        status: res.statusCode,
        ms: Date.now() - started,
      }),
    );
    next();
  });
  let signInAccount: SimulatorAccount = 'owner';
  app.use(
    createOAuthRouter({
      store,
      faults,
      counters,
      autoApprove: () => options.autoApprove,
      signInAccount: () => signInAccount,
    }),
  );
  let latency = options.latency;
  app.use(
    '/v2',
    latencyMiddleware(() => latency, options.seed),
  );
  app.use(createDataRouter({ dataset: options.dataset, store, faults, counters, now: options.now, settings }));
  app.use((_req: Request, res: Response) => {
    res.status(404).json({ detail: 'Not Found' });
  });
  // Express 5 needs all four parameters to recognise an error handler.
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    logger.error('simulator route failed', { error: error instanceof Error ? error.message : String(error) });
    const status =
      typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number'
        ? error.status
        : 500;
    if (!res.headersSent) res.status(status).json({ detail: status === 500 ? 'Internal Server Error' : 'Bad request' });
  });

  const controls: SimulatorControls = {
    setSignInAccount: (account) => {
      signInAccount = account;
    },
    setFault: (route, fault) => faults.set(route, fault),
    clearFaults: () => faults.clear(),
    setQuirks: (on) => {
      settings.quirks = on;
    },
    setTokenEndpointMode: (mode) => {
      store.tokenEndpointMode = mode;
    },
    setAccessTokenTtl: (seconds) => {
      store.accessTokenTtlSeconds = seconds;
    },
    counters: () => counters.snapshot(),
    listRequests: () => counters.requests(),
    resetCounters: () => counters.reset(),
    setLatency: (model) => {
      latency = model;
    },
    oauthStats: () => store.getStats(),
    issueTokens: (issue) =>
      store.issueTokens(options.clients[0]?.clientId ?? 'sim-client-id', issue?.scope ?? DEFAULT_SCOPE),
    expireAccessTokens: () => store.expireAccessTokens(),
  };
  return { app, controls };
}
