import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, type RunningServer } from '../../src/http/httpServer.js';
import { buildFixture, TEST_TOKEN } from './fixtures.js';

const INITIALIZE = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'auth-test', version: '1' } },
});

/** Every protected route, with the status it answers once authenticated. */
const ROUTES: Array<{ method: string; path: string; body?: string; authenticated: number }> = [
  { method: 'GET', path: '/sse', authenticated: 200 },
  { method: 'POST', path: '/message?sessionId=00000000-0000-0000-0000-000000000000', body: '{}', authenticated: 404 },
  { method: 'POST', path: '/mcp', body: INITIALIZE, authenticated: 200 },
  { method: 'GET', path: '/mcp', authenticated: 405 },
  { method: 'DELETE', path: '/mcp', authenticated: 405 },
  { method: 'GET', path: '/oauth/status', authenticated: 200 },
  { method: 'POST', path: '/oauth/disconnect', body: '{}', authenticated: 200 },
];

const CREDENTIALS: Array<{ name: string; header: string | undefined; ok: boolean }> = [
  { name: 'no header', header: undefined, ok: false },
  { name: 'wrong token', header: `Bearer ${'x'.repeat(TEST_TOKEN.length)}`, ok: false },
  { name: 'wrong scheme', header: `Basic ${TEST_TOKEN}`, ok: false },
  { name: 'right token', header: `Bearer ${TEST_TOKEN}`, ok: true },
];

const CASES = ROUTES.flatMap((route) => CREDENTIALS.map((credentials) => ({ ...route, ...credentials })));

describe('Bearer authentication on every protected route', () => {
  let running: RunningServer;
  beforeAll(async () => {
    running = await listen(buildFixture().app, { port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await running.close();
  });

  it.each(CASES)('$method $path with $name', async ({ method, path, body, header, ok, authenticated }) => {
    const abort = new AbortController();
    const headers: Record<string, string> = { accept: 'application/json, text/event-stream' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (header !== undefined) headers.authorization = header;
    const response = await fetch(`${running.url}${path}`, { method, headers, body, signal: abort.signal });
    try {
      if (ok) {
        expect(response.status).toBe(authenticated);
      } else {
        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
        const json = (await response.json()) as { error: string; message: string };
        expect(json.error).toBe('unauthorized');
        // The presented credentials are never echoed back.
        expect(JSON.stringify(json)).not.toContain(TEST_TOKEN);
      }
    } finally {
      abort.abort();
    }
  });
});
