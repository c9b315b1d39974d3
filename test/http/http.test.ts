import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { buildFixture, TEST_TOKEN } from './fixtures.js';
import { rpcBody, rateLimitedAnswer } from '../helpers/rpcBody.js';

const AUTH = `Bearer ${TEST_TOKEN}`;
const ACCEPT = 'application/json, text/event-stream';

function rpc(method: string, params: Record<string, unknown> = {}, id: string | number = 1): Record<string, unknown> {
  return { jsonrpc: '2.0', id, method, params };
}

describe('POST /sse (Poke probes Streamable HTTP first)', () => {
  it.each([
    ['without credentials', undefined],
    ['with a wrong token', 'Bearer nope'],
    ['with the right token', AUTH],
  ])('answers 405 %s, never 401', async (_name, header) => {
    const req = request(buildFixture().app).post('/sse').set('content-type', 'application/json');
    if (header) req.set('authorization', header);
    const res = await req.send(rpc('initialize'));
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET');
    expect(res.body).toMatchObject({ jsonrpc: '2.0', error: { code: -32000 } });
  });
});

describe('POST /message', () => {
  const { app } = buildFixture();
  it('400 without sessionId', async () => {
    const res = await request(app).post('/message').set('authorization', AUTH).send(rpc('ping'));
    expect(res.status).toBe(400);
    expect(rpcBody(res).error.message).toMatch(/sessionId/);
  });
  it('400 with an empty or repeated sessionId', async () => {
    expect((await request(app).post('/message?sessionId=').set('authorization', AUTH).send(rpc('ping'))).status).toBe(
      400,
    );
    expect(
      (await request(app).post('/message?sessionId=a&sessionId=b').set('authorization', AUTH).send(rpc('ping'))).status,
    ).toBe(400);
  });
  it('404 for an unknown session', async () => {
    const res = await request(app)
      .post('/message?sessionId=does-not-exist')
      .set('authorization', AUTH)
      .send(rpc('ping'));
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/application\/json/);
  });
});

describe('/mcp', () => {
  const { app } = buildFixture();
  it('answers initialize as plain JSON (no SSE framing)', async () => {
    const res = await request(app)
      .post('/mcp')
      .set({ authorization: AUTH, accept: ACCEPT })
      .send(
        rpc('initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } }),
      );
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.headers['mcp-session-id']).toBeUndefined();
    expect(rpcBody(res).result.serverInfo).toMatchObject({ name: 'oura-mcp-server' });
    expect(rpcBody(res).result.capabilities).toMatchObject({ tools: {}, logging: {} });
    expect(rpcBody(res).result.instructions).toContain('Europe/Berlin');
  });
  it.each(['get', 'delete'] as const)('%s → 405', async (method) => {
    const res = await request(app)[method]('/mcp').set({ authorization: AUTH, accept: ACCEPT });
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('POST');
  });
  it('answers a request without initialize (stateless: every request stands alone)', async () => {
    const res = await request(app).post('/mcp').set({ authorization: AUTH, accept: ACCEPT }).send(rpc('tools/list'));
    expect(res.status).toBe(200);
    expect(rpcBody(res).result.tools.map((tool) => tool.name)).toContain('get_personal_info');
  });
});

describe('Host and Origin (DNS rebinding protection)', () => {
  const { app } = buildFixture({ env: { ALLOWED_ORIGINS: 'https://poke.com' } });
  it('403 for a Host not in ALLOWED_HOSTS, on every route', async () => {
    for (const path of ['/health', '/mcp', '/sse', '/oauth/authorize']) {
      const res = await request(app).get(path).set({ host: 'evil.example:3001', authorization: AUTH });
      expect(res.status).toBe(403);
      expect(rpcBody(res).error.message).toMatch(/Host/);
    }
  });
  it('accepts allowed hosts with any port and in any case', async () => {
    for (const host of ['localhost:3001', 'LOCALHOST', '127.0.0.1:9999', '[::1]:3001']) {
      expect((await request(app).get('/health').set('host', host)).status).toBe(200);
    }
  });
  it('accepts a public host configured in ALLOWED_HOSTS', async () => {
    const { app: tunnelled } = buildFixture({ env: { ALLOWED_HOSTS: 'localhost,random-words.ngrok.dev' } });
    expect((await request(tunnelled).get('/health').set('host', 'random-words.ngrok.dev')).status).toBe(200);
    expect((await request(tunnelled).get('/health').set('host', '127.0.0.1')).status).toBe(403);
  });
  it('403 for an Origin not in ALLOWED_ORIGINS', async () => {
    const res = await request(app)
      .post('/mcp')
      .set({ origin: 'https://evil.example', authorization: AUTH, accept: ACCEPT })
      .send(rpc('tools/list'));
    expect(res.status).toBe(403);
    expect(rpcBody(res).error.message).toMatch(/Origin/);
  });
  it('passes an allowed Origin, and requests without one', async () => {
    const allowed = await request(app)
      .post('/mcp')
      .set({ origin: 'https://poke.com', authorization: AUTH, accept: ACCEPT })
      .send(rpc('tools/list'));
    expect(allowed.status).toBe(200);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://poke.com');
    const none = await request(app).post('/mcp').set({ authorization: AUTH, accept: ACCEPT }).send(rpc('tools/list'));
    expect(none.status).toBe(200);
  });
  it('accepts a same-origin request (Origin equals the Host it was sent to), as the conformance suite sends', async () => {
    const res = await request(app)
      .post('/mcp')
      .set({ host: '127.0.0.1:3001', origin: 'http://127.0.0.1:3001', authorization: AUTH, accept: ACCEPT })
      .send(rpc('tools/list'));
    expect(res.status).toBe(200);
    const crossPort = await request(app)
      .post('/mcp')
      .set({ host: '127.0.0.1:3001', origin: 'http://127.0.0.1:5173', authorization: AUTH, accept: ACCEPT })
      .send(rpc('tools/list'));
    expect(crossPort.status).toBe(403);
    expect((await request(app).get('/health').set({ origin: 'null' })).status).toBe(403);
  });
  it('rejects a rebound name even when Origin matches it', async () => {
    const res = await request(app)
      .post('/mcp')
      .set({ host: 'evil.example.com', origin: 'http://evil.example.com', authorization: AUTH, accept: ACCEPT })
      .send(rpc('tools/list'));
    expect(res.status).toBe(403);
  });
  it('does not check Origin on the OAuth browser hops', async () => {
    const res = await request(app).get('/oauth/callback').set('origin', 'https://cloud.ouraring.com');
    expect(res.status).not.toBe(403);
  });
});

describe('CORS', () => {
  const { app } = buildFixture({ env: { ALLOWED_ORIGINS: 'https://poke.com' } });
  it('preflight on /mcp allows the MCP headers, without credentials', async () => {
    const res = await request(app).options('/mcp').set({
      origin: 'https://poke.com',
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization,content-type,mcp-protocol-version',
    });
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('https://poke.com');
    expect(res.headers['access-control-allow-credentials']).toBe('true');
    expect(res.headers['access-control-allow-methods']).toBe('GET,POST');
    const allowed = String(res.headers['access-control-allow-headers']).toLowerCase();
    for (const header of ['authorization', 'content-type', 'mcp-session-id', 'mcp-protocol-version', 'last-event-id'])
      expect(allowed).toContain(header);
    expect(String(res.headers['access-control-expose-headers']).toLowerCase()).toContain('mcp-session-id');
  });
  it('preflight on /sse allows Authorization and Content-Type only', async () => {
    const res = await request(app)
      .options('/sse')
      .set({ origin: 'https://poke.com', 'access-control-request-method': 'GET' });
    expect(res.status).toBe(204);
    expect(String(res.headers['access-control-allow-headers'])).toBe('Authorization,Content-Type');
  });
  it('preflight from a foreign origin is refused', async () => {
    const res = await request(app)
      .options('/mcp')
      .set({ origin: 'https://evil.example', 'access-control-request-method': 'POST' });
    expect(res.status).toBe(403);
  });
});

describe('rate limiting', () => {
  it('429 with the spec message after RATE_LIMIT_MAX requests, shared by /mcp and /message', async () => {
    const { app } = buildFixture({ env: { RATE_LIMIT_MAX: '3', RATE_LIMIT_WINDOW_MS: '60000' } });
    const send = () => request(app).post('/mcp').set({ authorization: AUTH, accept: ACCEPT }).send(rpc('ping'));
    for (let i = 0; i < 2; i += 1) expect((await send()).status).toBe(200);
    expect((await request(app).post('/message?sessionId=x').set('authorization', AUTH).send(rpc('ping'))).status).toBe(
      404,
    );
    const limited = await send();
    expect(limited.status).toBe(429);
    const { actual, expected } = rateLimitedAnswer(limited, 1, 3, 1);
    expect(actual).toEqual(expected);
    expect(limited.headers.ratelimit).toBeDefined();
  });
  it('a limited batch gets one -32004 error per request id; notifications alone get id null', async () => {
    const { app } = buildFixture({ env: { RATE_LIMIT_MAX: '1', RATE_LIMIT_WINDOW_MS: '60000' } });
    const post = (payload: unknown) =>
      request(app)
        .post('/mcp')
        .set({ authorization: AUTH, accept: ACCEPT })
        .send(payload as object);
    expect((await post(rpc('ping', {}, 'first'))).status).toBe(200);
    const batch = await post([
      rpc('ping', {}, 'a'),
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      rpc('ping', {}, 7),
    ]);
    expect(batch.status).toBe(429);
    expect((batch.body as Array<{ id: unknown; error: { code: number } }>).map((e) => [e.id, e.error.code])).toEqual([
      ['a', -32004],
      [7, -32004],
    ]);
    const notification = await post({ jsonrpc: '2.0', method: 'notifications/initialized' });
    expect(notification.body).toMatchObject({ id: null, error: { code: -32004 } });
  });
  it('does not count requests that fail authentication', async () => {
    const { app } = buildFixture({ env: { RATE_LIMIT_MAX: '1' } });
    for (let i = 0; i < 5; i += 1) expect((await request(app).post('/mcp').send(rpc('ping'))).status).toBe(401);
    expect(
      (await request(app).post('/mcp').set({ authorization: AUTH, accept: ACCEPT }).send(rpc('ping'))).status,
    ).toBe(200);
  });
});

describe('bodies and errors', () => {
  const { app } = buildFixture();
  it('413 JSON for a body over 1 MB', async () => {
    const huge = JSON.stringify({ ...rpc('tools/list'), padding: 'x'.repeat(1_100_000) });
    const res = await request(app)
      .post('/mcp')
      .set({ authorization: AUTH, accept: ACCEPT, 'content-type': 'application/json' })
      .send(huge);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32600 } });
  });
  it.each(['/mcp', '/message?sessionId=x'])('malformed JSON on %s → 400 with a JSON-RPC parse error', async (path) => {
    const res = await request(app)
      .post(path)
      .set({ authorization: AUTH, accept: ACCEPT, 'content-type': 'application/json' })
      .send('{"jsonrpc": "2.0", "id": 1,');
    expect(res.status).toBe(400);
    expect(rpcBody(res).jsonrpc).toBe('2.0');
    expect(rpcBody(res).id).toBeNull();
    expect(rpcBody(res).error.code).toBe(-32700);
    expect(rpcBody(res).error.message).toMatch(/^Parse error: /);
    expect(res.text).not.toMatch(/<html|at .*\.js/i);
  });
  it('unknown routes → 404 JSON', async () => {
    const res = await request(app).get('/nope/<script>alert(1)</script>?x=1');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect((res.body as { error: string }).error).toBe('not_found');
    expect(res.text).not.toContain('<script>');
  });
  it('wrong content type on /mcp → 415 JSON', async () => {
    const res = await request(app)
      .post('/mcp')
      .set({ authorization: AUTH, accept: ACCEPT, 'content-type': 'text/plain' })
      .send('hello');
    expect(res.status).toBe(415);
    expect(rpcBody(res).error.code).toBe(-32000);
  });
  it('no x-powered-by header', async () => {
    const res = await request(app).get('/health');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});

describe('GET /health', () => {
  it('without credentials: only {"status":"ok"}', async () => {
    const { app, connection } = buildFixture();
    const res = await request(app).get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
    expect((await request(app).get('/health').set('authorization', 'Bearer wrong')).body).toEqual({ status: 'ok' });
    expect(connection.statusCalls).toBe(0);
  });
  it('with the Bearer token: the spec object plus version, from cached facts', async () => {
    const { app, connection, source } = buildFixture({ health: { ouraApiAvailable: () => false } });
    connection.current = { connected: true, scope: 'daily', expires_at: '2025-10-27T09:00:00Z', error: null };
    const res = await request(app).get('/health').set('authorization', AUTH);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'ok',
      oauth_connected: true,
      oura_api_available: false,
      uptime: expect.any(Number),
      cache_size: 7,
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
    });
    expect(source.calls).toBe(0);
  });
});
