/**
 * The OAuth routes inside the real app (`buildDeps` + `createApp`: Host/Origin guard, Bearer on status
 * and disconnect, error handler), against the simulated Oura cloud; plus hostile input on those routes.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.js';
import { buildDeps, type Deps } from '../../src/deps.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { captureLogger, tempDir, type CapturedLogger } from './helpers.js';
import { AUTH_TOKEN, ENCRYPTION_KEY_HEX, makeConfig, pathOf } from './harness.js';
import { statusBody } from '../helpers/rpcBody.js';

let sim: RunningSimulator;
let deps: Deps;
let app: ReturnType<typeof createApp>;
let dir: string;
let log: CapturedLogger;
const bearer = { Authorization: `Bearer ${AUTH_TOKEN}` };

beforeAll(async () => {
  sim = await startSimulator({ autoApprove: true, historyDays: 3 });
  dir = await tempDir();
  const config = makeConfig(sim.url, path.join(dir, 'tokens.json'), {
    NODE_ENV: 'test',
    OURA_TIMEZONE: 'Europe/Berlin',
  });
  log = captureLogger([AUTH_TOKEN, config.ouraClientSecret, ENCRYPTION_KEY_HEX]);
  deps = buildDeps(config, { logger: log.logger });
  app = createApp(deps);
});

afterAll(async () => {
  await deps?.close();
  await sim?.close();
  await fs.rm(dir, { recursive: true, force: true });
});

describe('OAuth inside the real app', () => {
  it('hostile input on the OAuth routes: only 4xx (or the harmless 200 pages), nothing echoed unescaped, nothing stored', async () => {
    const payload = encodeURIComponent('"><script>alert(1)</script>');
    const cases: Array<[string, string, Record<string, string>?]> = [
      ['get', '/oauth/authorize'],
      ['get', `/oauth/authorize?grant=${payload}`],
      ['get', '/oauth/authorize?grant=a&grant=b'],
      ['get', `/oauth/authorize?grant=${'g'.repeat(10_000)}`],
      ['get', '/oauth/authorize?grant[__proto__]=x'],
      ['get', '/oauth/authorize?__proto__[grant]=x'],
      ['get', '/oauth/authorize', { Authorization: 'Bearer wrong-wrong-wrong-wrong-wrong-wrong' }],
      ['get', '/oauth/authorize', { Authorization: 'Basic Zm9vOmJhcg==' }],
      ['get', '/oauth/callback'],
      ['get', `/oauth/callback?state=${payload}&code=${payload}`],
      ['get', `/oauth/callback?state=${payload}&error=${payload}&error_description=${payload}`],
      ['get', '/oauth/callback?state=a&state=b'],
      ['get', `/oauth/callback?state=${'s'.repeat(100_00)}`],
      ['get', '/oauth/callback?code[]=x&state[]=y'],
      ['get', '/oauth/callback?constructor=x&state=__proto__'],
      ['get', '/oauth/status'],
      ['post', '/oauth/status', bearer],
      ['post', '/oauth/disconnect'],
      ['get', '/oauth/disconnect', bearer],
      ['post', '/oauth/authorize'],
    ];
    for (const [method, url, headers] of cases) {
      const res = await (method === 'get' ? request(app).get(url) : request(app).post(url)).set(headers ?? {});
      expect(res.status, `${method} ${url.slice(0, 80)}`).toBeLessThan(500);
      expect(res.status === 200 || res.status >= 400, `${method} ${url.slice(0, 80)} → ${res.status}`).toBe(true);
      expect(res.text).not.toContain('<script>alert(1)</script>');
    }
    await expect(fs.stat(deps.config.tokensFile)).rejects.toThrow();
    expect(sim.controls.counters()['oauth/token'] ?? 0).toBe(0);
  });

  it('full flow through the app; /health and connect_oura facts follow; disconnect clears', async () => {
    const status = await request(app).get('/oauth/status').set(bearer);
    expect(status.status).toBe(200);
    const link = statusBody(status).authorize_url;
    expect((await request(app).get(pathOf(link))).status).toBe(200);
    const authorize = await request(app)
      .post('/oauth/authorize')
      .type('form')
      .send({ grant: new URL(link).searchParams.get('grant') });
    expect(authorize.status).toBe(303);
    const simRes = await fetch(authorize.headers.location as string, { redirect: 'manual' });
    const callback = await request(app).get(pathOf(simRes.headers.get('location')!));
    expect(callback.status).toBe(200);
    expect(callback.text).toContain('Oura is connected');

    expect((await request(app).get('/health').set(bearer)).body).toMatchObject({ oauth_connected: true });
    expect(await deps.connection.status()).toMatchObject({ connected: true });
    // The Oura client gets its token from the manager.
    const token = await deps.tokenManager.getAccessToken();
    expect(
      (await fetch(`${sim.url}/v2/usercollection/personal_info`, { headers: { Authorization: `Bearer ${token}` } }))
        .status,
    ).toBe(200);

    const disconnect = await request(app).post('/oauth/disconnect').set(bearer);
    expect(disconnect.body).toEqual({ connected: false });
    expect((await request(app).get('/health').set(bearer)).body).toMatchObject({ oauth_connected: false });
    expect(sim.controls.oauthStats().revocations).toBe(1);
  });

  it('the captured logs contain no secret of the flow', () => {
    const text = log.text();
    for (const secret of [AUTH_TOKEN, 'sim-client-secret', ENCRYPTION_KEY_HEX]) expect(text).not.toContain(secret);
  });
});
