/**
 * How many requests the Oura client lets fly at once, against a real HTTP server on 127.0.0.1 (not nock:
 * the socket pool is the point).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { UpstreamBudget } from '../../src/oura/upstreamBudget.js';
import { makeClient } from './helpers.js';

describe('requests in flight', () => {
  /**
   * A real server on 127.0.0.1 that holds every heart-rate request until `release` are in flight at once
   * (or 5 s passed), then answers them all: the most it ever held is what the client let fly together.
   */
  async function holdingServer(
    release: number,
  ): Promise<{ url: string; mostInFlight: () => number; close: () => Promise<void> }> {
    const held: http.ServerResponse[] = [];
    let most = 0;
    const answerAll = (): void => {
      for (const res of held.splice(0))
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":[],"next_token":null}');
    };
    const fallback = setTimeout(answerAll, 5_000);
    const server = http.createServer((_req, res) => {
      held.push(res);
      most = Math.max(most, held.length);
      if (held.length >= release) answerAll();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}`,
      mostInFlight: () => most,
      close: () => {
        clearTimeout(fallback);
        server.closeAllConnections();
        return new Promise((resolve) => server.close(() => resolve()));
      },
    };
  }

  it("lets as many one-day windows fly as the budget's concurrency, over keep-alive sockets (no smaller socket pool)", async () => {
    const server = await holdingServer(12);
    try {
      const { client } = makeClient({
        baseUrl: server.url,
        keepAlive: true,
        budget: new UpstreamBudget({ maxConcurrent: 12 }),
      });
      // 24 one-day windows: two full waves of the 12 slots.
      const rows = await client.listByDatetime('heartrate', {
        start_datetime: '2025-10-01T00:00:00+00:00',
        end_datetime: '2025-10-24T23:59:59+00:00',
      });
      client.close();
      expect(rows).toEqual([]);
      expect(server.mostInFlight()).toBe(12);
    } finally {
      await server.close();
    }
  });
});
