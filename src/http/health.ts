/**
 * `GET /health`. Without the Bearer token only `{"status":"ok"}` (safe for uptime probes); with it
 * the spec's object plus `version`. Answered from facts the server already has (connection status,
 * the outcome of recent Oura calls, cache size): a health check never calls Oura.
 */
import type { Request, RequestHandler, Response } from 'express';
import { hasValidBearer } from '../lib/bearerAuth.js';
import type { ConnectionStatus } from '../oauth/types.js';
import type { UpstreamBudgetStatus } from '../oura/upstreamBudget.js';
import { VERSION } from '../version.js';

export interface HealthFacts {
  connectionStatus(): Promise<ConnectionStatus>;
  /** Whether Oura answered the most recent calls; from cached outcomes, never a live request. */
  ouraApiAvailable(): boolean;
  /** Entries in the data cache. */
  cacheSize(): number;
  /** What is left of the upstream budget (requests to Oura), or null without one. */
  upstreamBudget?(): UpstreamBudgetStatus | null;
}

/** The authenticated health answer. */
export interface HealthReport {
  status: 'ok';
  oauth_connected: boolean;
  oura_api_available: boolean;
  /** Seconds since start. */
  uptime: number;
  cache_size: number;
  /** Requests to Oura this server may still make in the current window, and its size. */
  upstream_budget?: UpstreamBudgetStatus;
  version: string;
}

export interface HealthOptions {
  authToken: string;
  facts: HealthFacts;
  /** Clock in ms, for tests. */
  now?: () => number;
}

function budgetField(facts: HealthFacts): { upstream_budget?: UpstreamBudgetStatus } {
  const budget = facts.upstreamBudget?.() ?? null;
  return budget ? { upstream_budget: budget } : {};
}

export function createHealthHandler(options: HealthOptions): RequestHandler {
  const now = options.now ?? Date.now;
  const startedAt = now();
  return async (req: Request, res: Response) => {
    res.set('Cache-Control', 'no-store');
    if (!hasValidBearer(req, options.authToken)) {
      res.json({ status: 'ok' });
      return;
    }
    let connected = false;
    try {
      connected = (await options.facts.connectionStatus()).connected;
    } catch {
      // An unreadable tokens file means "not connected", not an unhealthy server.
    }
    const report: HealthReport = {
      status: 'ok',
      oauth_connected: connected,
      oura_api_available: options.facts.ouraApiAvailable(),
      uptime: Math.floor((now() - startedAt) / 1000),
      cache_size: options.facts.cacheSize(),
      ...budgetField(options.facts),
      version: VERSION,
    };
    res.json(report);
  };
}
