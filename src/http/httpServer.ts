/**
 * Listening and graceful shutdown, shared by `src/index.ts`, the test harness, the demo and the
 * benchmarks: `listen(app, …)` resolves once the port is bound and hands back a `close()` that stops
 * accepting, ends SSE streams, lets in-flight requests finish and force-closes stragglers.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type express from 'express';
import { sseSessionsOf } from './app.js';
import { applyServerLimits, type ServerLimitOptions } from './connectionLimits.js';

export interface ListenOptions {
  port: number;
  host: string;
  /** Timeouts and connection caps (defaults: `SERVER_LIMIT_DEFAULTS`). */
  limits?: ServerLimitOptions;
}

export interface RunningServer {
  server: http.Server;
  /** `http://host:port` as bound (the real port when 0 was asked for). */
  url: string;
  port: number;
  /**
   * Graceful stop: no new connections, SSE streams ended, in-flight requests finished; connections
   * still open after `graceMs` (default 3000) are destroyed. Idempotent.
   */
  close(graceMs?: number): Promise<void>;
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/** Where the server ended up; given to an app factory that needs its own URL (e.g. for OAuth redirects). */
export interface BoundAddress {
  port: number;
  url: string;
}

/** Binds `options.host:port` (0 picks a free port) and serves `app`. */
export function listen(app: express.Express, options: ListenOptions): Promise<RunningServer> {
  return bindAndServe(() => app, options);
}

/**
 * Binds first, then builds the app with the final address and serves it: for callers whose config
 * depends on their own URL (the test harness and the demo put it in OURA_REDIRECT_URI).
 */
export function listenWithFactory(
  factory: (bound: BoundAddress) => express.Express,
  options: ListenOptions,
): Promise<RunningServer> {
  return bindAndServe(factory, options);
}

async function bindAndServe(
  build: (bound: BoundAddress) => express.Express,
  options: ListenOptions,
): Promise<RunningServer> {
  const server = http.createServer();
  applyServerLimits(server, options.limits);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${urlHost(options.host)}:${port}`;
  let served: express.Express;
  try {
    served = build({ port, url });
  } catch (error) {
    server.close();
    throw error;
  }
  server.on('request', served);
  let closing: Promise<void> | undefined;

  const close = (graceMs = 3000): Promise<void> => {
    closing ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await sseSessionsOf(served).closeAll();
      // Keep-alive sockets with no request in flight would otherwise hold close() open.
      server.closeIdleConnections();
      const force = setTimeout(() => server.closeAllConnections(), graceMs);
      force.unref();
      // Connections that finish their request while closing become idle: sweep them too.
      const sweep = setInterval(() => server.closeIdleConnections(), 100);
      sweep.unref();
      await closed;
      clearTimeout(force);
      clearInterval(sweep);
    })();
    return closing;
  };

  return { server, url, port, close };
}
