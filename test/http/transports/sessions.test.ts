import http from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sseSessionsOf } from '../../../src/http/app.js';
import { listen, type RunningServer } from '../../../src/http/httpServer.js';
import { buildFixture, TEST_TOKEN, type Fixture } from '../fixtures.js';

const AUTH = { Authorization: `Bearer ${TEST_TOKEN}` };

/** Headers for both the POSTs (requestInit) and the EventSource GET (eventSourceInit.fetch). */
function sseTransport(url: string): SSEClientTransport {
  return new SSEClientTransport(new URL(`${url}/sse`), {
    requestInit: { headers: AUTH },
    eventSourceInit: {
      fetch: (input, init) =>
        fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), ...AUTH } }),
    },
  });
}

/** Reads the raw SSE stream until `predicate` holds on the accumulated text. */
function readStream(
  url: string,
  predicate: (text: string) => boolean,
): Promise<{ text: string; status: number; close: () => void }> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${url}/sse`, { headers: { ...AUTH, accept: 'text/event-stream' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
        if (predicate(text)) resolve({ text, status: res.statusCode ?? 0, close: () => req.destroy() });
      });
    });
    req.on('error', reject);
  });
}

describe('transports end to end with the SDK clients', () => {
  let fixture: Fixture;
  let running: RunningServer;
  beforeAll(async () => {
    fixture = buildFixture({ sseKeepAliveMs: 50 });
    running = await listen(fixture.app, { port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await running.close();
  });

  it('a full legacy SSE session: initialize, list tools, call a real tool', async () => {
    const client = new Client({ name: 'sse-test', version: '1.0.0' });
    await client.connect(sseTransport(running.url));
    expect(sseSessionsOf(fixture.app).size).toBe(1);
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toContain('get_personal_info');
    const result = await client.callTool({ name: 'get_personal_info', arguments: {} });
    expect(result.structuredContent).toMatchObject({ height: 178, age: 34 });
    const link = await client.callTool({ name: 'connect_oura', arguments: {} });
    expect(link.structuredContent).toMatchObject({
      connected: false,
      authorize_url: expect.stringContaining('/oauth/authorize'),
    });
    await client.close();
    await expect.poll(() => sseSessionsOf(fixture.app).size).toBe(0);
  });

  it('announces the message endpoint and sends keep-alive comments', async () => {
    const stream = await readStream(running.url, (text) => text.includes(': keepalive'));
    try {
      expect(stream.status).toBe(200);
      expect(stream.text).toMatch(/^event: endpoint\ndata: \/message\?sessionId=[0-9a-f-]{36}\n\n/);
    } finally {
      stream.close();
    }
  });

  it('forgets a session when its stream closes (a later POST gets 404)', async () => {
    const stream = await readStream(running.url, (text) => text.includes('sessionId='));
    const sessionId = /sessionId=([0-9a-f-]+)/.exec(stream.text)![1]!;
    stream.close();
    await expect.poll(() => sseSessionsOf(fixture.app).size).toBe(0);
    const res = await fetch(`${running.url}/message?sessionId=${sessionId}`, {
      method: 'POST',
      headers: { ...AUTH, 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
    });
    expect(res.status).toBe(404);
  });

  it('rejects a non-JSON-RPC body and a wrong content type on a live session with JSON errors', async () => {
    const stream = await readStream(running.url, (text) => text.includes('sessionId='));
    try {
      const path = /data: (\/message\?sessionId=[0-9a-f-]+)/.exec(stream.text)![1]!;
      const notRpc = await fetch(`${running.url}${path}`, {
        method: 'POST',
        headers: { ...AUTH, 'content-type': 'application/json' },
        body: '{"hello":1}',
      });
      expect(notRpc.status).toBe(400);
      expect(await notRpc.json()).toMatchObject({ error: { code: -32600 } });
      const text = await fetch(`${running.url}${path}`, {
        method: 'POST',
        headers: { ...AUTH, 'content-type': 'text/plain' },
        body: 'hi',
      });
      expect(text.status).toBe(415);
      const ok = await fetch(`${running.url}${path}`, {
        method: 'POST',
        headers: { ...AUTH, 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
      });
      expect(ok.status).toBe(202);
    } finally {
      stream.close();
    }
  });

  it('HEAD /sse is refused instead of opening a stream', async () => {
    const res = await fetch(`${running.url}/sse`, { method: 'HEAD', headers: AUTH });
    expect(res.status).toBe(405);
  });

  it('caps the number of open streams (429 beyond the limit)', async () => {
    const capped = await listen(buildFixture({ maxSseSessions: 1 }).app, { port: 0, host: '127.0.0.1' });
    try {
      const first = await readStream(capped.url, (text) => text.includes('sessionId='));
      const second = await fetch(`${capped.url}/sse`, { headers: AUTH });
      expect(second.status).toBe(429);
      // Our own limit, not Oura's: -32004, never -32001 ("rate limited by Oura").
      expect(((await second.json()) as { error: { code: number } }).error.code).toBe(-32004);
      first.close();
    } finally {
      await capped.close();
    }
  });

  it('a Streamable HTTP session: initialize, list tools, call a real tool', async () => {
    const client = new Client({ name: 'http-test', version: '1.0.0' });
    const transport = new StreamableHTTPClientTransport(new URL(`${running.url}/mcp`), {
      requestInit: { headers: AUTH },
    });
    await client.connect(transport);
    expect(transport.sessionId).toBeUndefined();
    const { tools } = await client.listTools();
    expect(tools.length).toBeGreaterThanOrEqual(2);
    const result = await client.callTool({ name: 'get_personal_info', arguments: {} });
    expect(result.structuredContent).toMatchObject({ email: 'owner@example.com' });
    await client.close();
  });
});
