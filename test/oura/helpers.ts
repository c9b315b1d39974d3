/**
 * Test helpers for the Oura client: a scripted token provider, a client factory with retries that do not
 * really wait, and a log capture.
 */
import { Writable } from 'node:stream';
import { createLogger, createSilentLogger, type Logger } from '../../src/logger.js';
import type { AccessTokenProvider } from '../../src/oura/clientOptions.js';
import { OuraClient, type OuraClientOptions } from '../../src/oura/client.js';
import type { StartTimer } from '../../src/oura/http.js';

export const BASE = 'https://api.ouraring.test';
export const ROUTE = '/v2/usercollection';

/** Token provider that hands out `token-1`, then `token-2` after a refresh, and records the calls. */
export class FakeTokenProvider implements AccessTokenProvider {
  current = 'token-1';
  refreshes: string[] = [];
  gets = 0;
  getAccessToken(): Promise<string> {
    this.gets++;
    return Promise.resolve(this.current);
  }
  refreshAfterUnauthorized(rejected: string): Promise<string> {
    this.refreshes.push(rejected);
    this.current = `token-${this.refreshes.length + 1}`;
    return Promise.resolve(this.current);
  }
}

export interface TestClient {
  client: OuraClient;
  tokens: FakeTokenProvider;
  sleeps: number[];
}

/** A client against {@link BASE} whose sleeps are recorded, not waited, and whose jitter is fixed at 0.5. */
export function makeClient(overrides: Partial<OuraClientOptions> = {}): TestClient {
  const tokens = new FakeTokenProvider();
  const sleeps: number[] = [];
  const client = new OuraClient({
    baseUrl: BASE,
    tokenProvider: tokens,
    logger: createSilentLogger(),
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    random: () => 0.5,
    keepAlive: false,
    ...overrides,
  });
  return { client, tokens, sleeps };
}

/**
 * Per-attempt timeouts that only the test fires, so no test races a real timer against a delayed answer:
 * `requested` lists every timeout asked for (ms); `fire()` ends every attempt still waiting.
 */
export function manualTimers(): { requested: number[]; startTimer: StartTimer; fire: () => void } {
  const pending = new Set<() => void>();
  const requested: number[] = [];
  return {
    requested,
    startTimer: (onTimeout, ms) => {
      requested.push(ms);
      pending.add(onTimeout);
      return () => {
        pending.delete(onTimeout);
      };
    },
    fire: () => {
      for (const onTimeout of [...pending]) {
        pending.delete(onTimeout);
        onTimeout();
      }
    },
  };
}

export interface CapturedLog {
  level: string;
  message: string;
  [key: string]: unknown;
}

/** A debug-level JSON logger whose lines land in `lines`. */
export function captureLogger(): { logger: Logger; lines: CapturedLog[] } {
  const lines: CapturedLog[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim()) lines.push(JSON.parse(line) as CapturedLog);
      }
      callback();
    },
  });
  return { logger: createLogger({ level: 'debug', format: 'json', stream }), lines };
}

/** A daily row of a date collection. */
export function dailyRow(day: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: `id-${day}`, day, score: 80, timestamp: `${day}T00:00:00+00:00`, ...extra };
}
