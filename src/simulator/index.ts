/**
 * A simulated Oura cloud (API v2 + OAuth) on a real HTTP port, for tests, benchmarks and demo mode.
 *
 *   const sim = await startSimulator({ seed: 7, now: () => fixedNow });
 *   // sim.url is the API base; sim.controls steer faults, quirks, tokens; sim.dataset holds the raw rows.
 *   await sim.close();
 */
import { localDate } from '../lib/time.js';
import { generateDataset } from './data/index.js';
import { DEFAULT_CLIENT } from './env.js';
import { listenOnce } from './listen.js';
import { createSimulatorApp } from './server.js';
import type { RunningSimulator, SimulatorLogger, SimulatorOptions } from './types.js';

const SILENT: SimulatorLogger = { debug: () => undefined, error: () => undefined };

export { generateDataset } from './data/index.js';
export type { DatasetOptions } from './data/index.js';
export { createSimulatorApp } from './server.js';
export type { SimulatorApp, SimulatorAppOptions } from './server.js';
export type { LatencyModel } from './latency.js';
export * from './types.js';

export { DEFAULT_CLIENT, simulatorEnv } from './env.js';
export { listenOnce, type Listening } from './listen.js';
export { otherAccountPersonalInfo } from './dataRoutes.js';

/**
 * Generates the dataset for "today" (the local date of `now()` in `timezone`) and starts the server.
 * Defaults: 127.0.0.1, a free port, Europe/Berlin, seed 42, 120 days, pages of 50 (heart rate 200),
 * 24 h access tokens, quirks on, classic token endpoint, consent page shown, no added latency.
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const now = options.now ?? (() => new Date());
  const timezone = options.timezone ?? 'Europe/Berlin';
  const startedAt = now();
  const dataset = generateDataset({
    timezone,
    today: localDate(startedAt, timezone),
    historyDays: options.historyDays ?? 120,
    seed: options.seed ?? 42,
    now: startedAt,
  });
  const { app, controls } = createSimulatorApp({
    dataset,
    clients: options.clients ?? [DEFAULT_CLIENT],
    now,
    pageSize: options.pageSize ?? 50,
    heartRatePageSize: options.heartRatePageSize ?? 200,
    heartRatePaging: options.heartRatePaging ?? 'rows',
    latency: options.latency ?? null,
    seed: options.seed ?? 42,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 86_400,
    quirks: options.quirks ?? true,
    tokenEndpointMode: options.tokenEndpointMode ?? 'classic',
    autoApprove: options.autoApprove ?? false,
    logger: options.logger ?? SILENT,
  });

  const listening = await listenOnce(app, { host: options.host, port: options.port });
  return { url: listening.url, dataset, controls, close: listening.close };
}
