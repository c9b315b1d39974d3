import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createMcpServer } from '../../../src/mcp/server.js';
import { StatelessJsonTransport, MAX_BATCH_SIZE } from '../../../src/http/transports/statelessJson.js';
import { buildFixture, FakeConnection, FakeSource, TEST_TOKEN, toolContext } from '../fixtures.js';
import { type RpcBody, rpcBody } from '../../helpers/rpcBody.js';

const HEADERS = {
  authorization: `Bearer ${TEST_TOKEN}`,
  accept: 'application/json, text/event-stream',
  'content-type': 'application/json',
};
const INIT = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } },
};
const ping = (id: number | string) => ({ jsonrpc: '2.0', id, method: 'ping' });

describe('POST /mcp (stateless JSON transport)', () => {
  const { app } = buildFixture();
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    request(app)
      .post('/mcp')
      .set({ ...HEADERS, ...headers })
      .send(body as object);

  it('answers a single request with a single JSON object', async () => {
    const res = await post(ping(7));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ jsonrpc: '2.0', id: 7, result: {} });
  });

  it('answers a batch with an array in request order, skipping notifications', async () => {
    const res = await post([
      ping('b'),
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      { jsonrpc: '2.0', id: 'a', method: 'tools/list' },
    ]);
    expect(res.status).toBe(200);
    const batch = res.body as RpcBody[];
    expect(batch.map((item) => item.id)).toEqual(['b', 'a']);
    expect(batch[1]?.result.tools.length).toBeGreaterThan(0);
  });

  it('202 with no body for notifications only', async () => {
    const res = await post({ jsonrpc: '2.0', method: 'notifications/initialized' });
    expect(res.status).toBe(202);
    expect(res.text).toBe('');
  });

  it('JSON-RPC errors from the server travel in a 200 (unknown method)', async () => {
    const res = await post({ jsonrpc: '2.0', id: 3, method: 'sampling/createMessage' });
    expect(res.status).toBe(200);
    expect(rpcBody(res).error.code).toBe(-32601);
  });

  it.each([
    ['406 without text/event-stream in Accept', ping(1), { accept: 'application/json' }, 406, -32000],
    ['415 for a non-JSON content type', 'x', { 'content-type': 'text/plain' }, 415, -32000],
    ['400 -32700 for a non-JSON-RPC body', { hello: 'world' }, {}, 400, -32700],
    ['400 for an empty batch', [], {}, 400, -32600],
    [
      `400 for a batch over ${MAX_BATCH_SIZE}`,
      Array.from({ length: MAX_BATCH_SIZE + 1 }, (_, i) => ping(i)),
      {},
      400,
      -32600,
    ],
    ['400 for initialize inside a batch', [INIT, ping(2)], {}, 400, -32600],
    ['400 for duplicate ids in a batch', [ping(1), ping(1)], {}, 400, -32600],
    ['400 for an unsupported Mcp-Protocol-Version', ping(1), { 'mcp-protocol-version': '1999-01-01' }, 400, -32000],
  ])('%s', async (_name, body, headers, status, code) => {
    const res = await post(body, headers);
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ jsonrpc: '2.0', id: null, error: { code } });
  });

  it('accepts a supported Mcp-Protocol-Version and initialize with any version the SDK negotiates', async () => {
    expect((await post(ping(1), { 'mcp-protocol-version': '2025-06-18' })).status).toBe(200);
    const init = await post({ ...INIT, params: { ...INIT.params, protocolVersion: '2024-11-05' } });
    expect(rpcBody(init).result.protocolVersion).toBe('2024-11-05');
  });
});

describe('StatelessJsonTransport', () => {
  it('settles a pending answer when closed before the server responded', async () => {
    const transport = new StatelessJsonTransport();
    // No server connected: nothing answers the ping.
    const pending = transport.handle(
      { accept: 'application/json, text/event-stream', 'content-type': 'application/json' },
      ping(1),
    );
    await transport.close();
    expect((await pending).status).toBe(503);
  });

  it('refuses to handle a second request', async () => {
    const server = createMcpServer({ context: toolContext(new FakeSource(), new FakeConnection()) });
    const transport = new StatelessJsonTransport();
    await server.connect(transport);
    const headers = { accept: 'application/json, text/event-stream', 'content-type': 'application/json' };
    expect((await transport.handle(headers, ping(1))).status).toBe(200);
    await expect(transport.handle(headers, ping(2))).rejects.toThrow(/exactly one/);
  });
});
