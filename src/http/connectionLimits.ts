/**
 * Socket-level protection for the HTTP server: timeouts so no exchange can hold a socket for long, and
 * caps on connections open at once, overall and per client address. A connection over a cap is closed
 * at once, before any byte is read.
 *
 * The per-address cap applies to public peers only: behind a tunnel (ngrok) every request arrives from
 * the tunnel's agent on loopback, and the overall cap (plus the per-client request limits, which see
 * through trusted proxies) protects that path.
 */
import type http from 'node:http';
import type { Socket } from 'node:net';
import { isLocalOrPrivate } from './clientAddress.js';

export interface ServerLimits {
  /** Time to receive the complete request headers (default 10 s). */
  headersTimeoutMs: number;
  /** Time to receive the complete request, body included (default 30 s). */
  requestTimeoutMs: number;
  /** Idle keep-alive sockets are closed after this (default 5 s). */
  keepAliveTimeoutMs: number;
  /** Connections open at once (default 512). */
  maxConnections: number;
  /** Connections open at once from one public address (default 32). */
  maxConnectionsPerClient: number;
}

export const SERVER_LIMIT_DEFAULTS: Readonly<ServerLimits> = Object.freeze({
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 512,
  maxConnectionsPerClient: 32,
});

export interface ConnectionCounts {
  open: number;
  refused: number;
}

export interface ServerLimitOptions extends Partial<ServerLimits> {
  /** Peers the per-address cap does not apply to (default: local and private addresses). */
  exempt?: (address: string) => boolean;
}

/**
 * Applies the timeouts and caps to `server`. Call before `listen` (Node reads the timeout-check
 * interval when it starts listening). Returns live counts (for tests and diagnostics).
 */
export function applyServerLimits(server: http.Server, options: ServerLimitOptions = {}): () => ConnectionCounts {
  const { exempt = isLocalOrPrivate, ...limits } = options;
  const l = { ...SERVER_LIMIT_DEFAULTS, ...limits };
  server.headersTimeout = l.headersTimeoutMs;
  server.requestTimeout = l.requestTimeoutMs;
  server.keepAliveTimeout = l.keepAliveTimeoutMs;
  // Node checks headersTimeout/requestTimeout on this interval (default 30 s): check often enough to honour short limits.
  // (a constructor option in Node's typings; the server reads the property when it starts listening).
  (server as http.Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = Math.max(
    250,
    Math.min(1000, Math.floor(l.headersTimeoutMs / 4)),
  );

  const perAddress = new Map<string, number>();
  let open = 0;
  let refused = 0;
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? 'unknown';
    const counted = !exempt(address);
    const mine = perAddress.get(address) ?? 0;
    if (open >= l.maxConnections || (counted && mine >= l.maxConnectionsPerClient)) {
      refused++;
      socket.destroy();
      return;
    }
    open++;
    if (counted) perAddress.set(address, mine + 1);
    socket.once('close', () => {
      open--;
      if (!counted) return;
      const left = (perAddress.get(address) ?? 1) - 1;
      if (left <= 0) perAddress.delete(address);
      else perAddress.set(address, left);
    });
  });
  return () => ({ open, refused });
}
