/**
 * The browser flow end to end against the simulated Oura cloud: one-time link → our /oauth/authorize →
 * Oura's consent (auto-approve) → our /oauth/callback → encrypted tokens on disk.
 */
import { promises as fs } from 'node:fs';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { codeChallengeS256, createCodeVerifier } from '../../src/oauth/pkce.js';
import {
  AUTH_TOKEN,
  authorizeAtOura,
  connect,
  followLink,
  freshLink,
  grantOf,
  pathOf,
  pressContinue,
  PUBLIC_ORIGIN,
  startHarness,
  type Harness,
} from './harness.js';
import { statusBody } from '../helpers/rpcBody.js';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const bearer = { Authorization: `Bearer ${AUTH_TOKEN}` };

async function fileExists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    () => true,
    () => false,
  );
}

describe('GET /oauth/authorize', () => {
  it('without API key or one-time link: 401 page saying how to get a link', async () => {
    h = await startHarness();
    const res = await request(h.app).get('/oauth/authorize');
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('/oauth/status');
    expect(res.text).toContain('connect my Oura');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it.each([
    ['a wrong API key', { Authorization: 'Bearer not-the-token-but-long-enough-00000000' }, ''],
    ['a made-up grant', {}, '?grant=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    ['an empty grant', {}, '?grant='],
  ])('with %s: 401', async (_name, headers, query) => {
    h = await startHarness();
    const res = await request(h.app).get(`/oauth/authorize${query}`).set(headers);
    expect(res.status).toBe(401);
    expect(h.links.sizes().states).toBe(0);
  });

  it('with the API key: 302 to Oura with every parameter, state and an S256 challenge', async () => {
    h = await startHarness();
    const res = await request(h.app).get('/oauth/authorize').set(bearer);
    expect(res.status).toBe(302);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    const location = new URL(res.headers.location as string);
    expect(`${location.origin}${location.pathname}`).toBe(h.config.ouraAuthorizeUrl);
    const q = location.searchParams;
    expect(q.get('response_type')).toBe('code');
    expect(q.get('client_id')).toBe('sim-client-id');
    expect(q.get('redirect_uri')).toBe(`${PUBLIC_ORIGIN}/oauth/callback`);
    expect(q.get('scope')).toBe(h.config.ouraScopes);
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // ≥ 128 random bits: 43 base64url characters carry 256.
    expect(q.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('a one-time link shows a Continue page; pressing Continue spends it (303 to Oura); the second use is refused', async () => {
    h = await startHarness();
    const link = await freshLink(h);
    expect(link.startsWith(`${PUBLIC_ORIGIN}/oauth/authorize?grant=`)).toBe(true);
    const page = await request(h.app).get(pathOf(link));
    expect(page.status).toBe(200);
    expect(page.text).toContain('<form method="post" action="/oauth/authorize">');
    expect(page.headers['content-security-policy']).toContain(
      `form-action 'self' ${new URL(h.config.ouraAuthorizeUrl).origin}`,
    );
    expect(h.links.sizes().states).toBe(0);
    const pressed = await pressContinue(h, grantOf(link));
    expect(pressed.status).toBe(303);
    expect(new URL(pressed.headers.location as string).searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    for (const again of [await request(h.app).get(pathOf(link)), await pressContinue(h, grantOf(link))]) {
      expect(again.status).toBe(401);
      expect(again.text).toContain('already used');
    }
  });

  it('a one-time link expires after 10 minutes', async () => {
    h = await startHarness();
    const link = await freshLink(h);
    h.clock.advanceSeconds(601);
    const res = await request(h.app).get(pathOf(link));
    expect(res.status).toBe(401);
    expect(res.text).toContain('expired');
  });

  it.each([
    [
      'iMessage link preview',
      {
        'User-Agent':
          'Mozilla/5.0 (Macintosh) AppleWebKit/601.2.4 Safari/601.2.4 facebookexternalhit/1.1 Facebot Twitterbot/1.0',
      },
      'get',
    ],
    ['Slack unfurl', { 'User-Agent': 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)' }, 'get'],
    // Issue 16: a preview bot on no list used up the owner's link.
    ['preview bot nobody listed', { 'User-Agent': 'Iframely/1.3.1 (+https://iframely.com/docs/about)' }, 'get'],
    [
      'link scanner posing as a browser',
      { 'User-Agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0' },
      'get',
    ],
    ['browser prefetch', { 'Sec-Purpose': 'prefetch' }, 'get'],
    ['HEAD', {}, 'head'],
  ] as const)('a %s does not use up the one-time link', async (_name, headers, method) => {
    h = await startHarness();
    const link = await freshLink(h);
    for (let i = 0; i < 3; i++) expect((await request(h.app)[method](pathOf(link)).set(headers)).status).toBe(200);
    expect(h.links.sizes().states).toBe(0);
    expect((await followLink(h, link)).status).toBe(303);
  });

  it('a HEAD on the callback does not use up the state', async () => {
    h = await startHarness();
    const { callbackUrl } = await authorizeAtOura(h);
    expect((await request(h.app).head(pathOf(callbackUrl.toString()))).status).toBe(200);
    expect((await request(h.app).get(pathOf(callbackUrl.toString()))).status).toBe(200);
  });

  it('accepts the `connect` alias used by the startup log line', async () => {
    h = await startHarness();
    const grant = grantOf(await freshLink(h));
    const page = await request(h.app).get(`/oauth/authorize?connect=${grant}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`name="grant" value="${grant}"`);
    expect((await pressContinue(h, grant)).status).toBe(303);
  });

  it.each(['?grant=a&grant=b', `?grant=${'x'.repeat(300)}`])('refuses malformed grant %s with 400', async (query) => {
    h = await startHarness();
    expect((await request(h.app).get(`/oauth/authorize${query.slice(0, 400)}`)).status).toBe(400);
  });
});

describe('full flow', () => {
  it('one-time link → Oura → callback stores encrypted tokens; status says connected', async () => {
    h = await startHarness();
    const res = await connect(h);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Oura is connected — you can close this tab and ask about your sleep');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(h.events.connects).toBe(1);

    const stats = h.sim.controls.oauthStats();
    expect(stats.authorizationCodeGrants).toBe(1);
    expect(stats.lastTokenRequest).toEqual({
      grant_type: 'authorization_code',
      endpoint: 'classic',
      hadCodeVerifier: true,
    });

    const read = await h.store.read();
    expect(read.kind).toBe('ok');
    if (read.kind !== 'ok') return;
    expect(read.tokens.tokenEndpoint).toBe('classic');
    expect(read.tokens.scope).toBe(h.config.ouraScopes);
    // Oura's expires_in (24 h in the simulator by default), counted from the injected clock.
    expect(read.tokens.expiresAt).toBe(Math.floor(h.clock.now().getTime() / 1000) + 86_400);

    const raw = await fs.readFile(h.config.tokensFile, 'utf8');
    expect(raw).not.toContain(read.tokens.accessToken);
    expect(raw).not.toContain(read.tokens.refreshToken);
    expect((await fs.stat(h.config.tokensFile)).mode & 0o777).toBe(0o600);

    // The stored token works at Oura.
    const data = await fetch(`${h.sim.url}/v2/usercollection/personal_info`, {
      headers: { Authorization: `Bearer ${await h.manager.getAccessToken()}` },
    });
    expect(data.status).toBe(200);

    const status = await request(h.app).get('/oauth/status').set(bearer);
    expect(status.body).toMatchObject({ connected: true, scope: h.config.ouraScopes, error: null });
    expect(new Date(statusBody(status).expires_at ?? '').getTime()).toBe(read.tokens.expiresAt * 1000);
  });

  it('records the scope Oura granted (from the token answer), not the configured one', async () => {
    h = await startHarness();
    const res = await followLink(h, await freshLink(h));
    const location = new URL(res.headers.location as string);
    location.searchParams.set('scope', 'daily heartrate');
    const simRes = await fetch(location, { redirect: 'manual' });
    const callback = await request(h.app).get(pathOf(simRes.headers.get('location')!));
    expect(callback.status).toBe(200);
    expect(statusBody(await request(h.app).get('/oauth/status').set(bearer)).scope).toBe('daily heartrate');
  });

  it('the logs of the whole flow contain no secret', async () => {
    h = await startHarness();
    const { callbackUrl } = await authorizeAtOura(h);
    await request(h.app).get(pathOf(callbackUrl.toString()));
    await h.manager.refreshAfterUnauthorized(await h.manager.getAccessToken());
    const read = await h.store.read();
    if (read.kind !== 'ok') throw new Error('not stored');
    const text = h.log.text();
    expect(text.length).toBeGreaterThan(0);
    for (const secret of [
      AUTH_TOKEN,
      h.config.ouraClientSecret,
      callbackUrl.searchParams.get('code')!,
      callbackUrl.searchParams.get('state')!,
      read.tokens.accessToken,
      read.tokens.refreshToken,
    ]) {
      expect(text).not.toContain(secret);
    }
  });
});

describe('GET /oauth/callback', () => {
  it('a replayed callback after success exchanges nothing and shows the connection; after a disconnect it is refused', async () => {
    h = await startHarness();
    const { callbackUrl } = await authorizeAtOura(h);
    expect((await request(h.app).get(pathOf(callbackUrl.toString()))).status).toBe(200);
    const before = await fs.readFile(h.config.tokensFile, 'utf8');
    const replay = await request(h.app).get(pathOf(callbackUrl.toString()));
    expect(replay.status).toBe(200);
    expect(replay.text).toContain('Oura is connected');
    expect(h.sim.controls.counters()['oauth/token']).toBe(1);
    expect(await fs.readFile(h.config.tokensFile, 'utf8')).toBe(before);
    await request(h.app).post('/oauth/disconnect').set(bearer);
    const afterDisconnect = await request(h.app).get(pathOf(callbackUrl.toString()));
    expect(afterDisconnect.status).toBe(400);
    expect(afterDisconnect.text).toContain('already used');
  });

  it('a prefetcher racing the owner to the callback: one exchange, both see the connection (issue 16)', async () => {
    h = await startHarness();
    const { callbackUrl } = await authorizeAtOura(h);
    const [bot, owner] = await Promise.all([
      request(h.app).get(pathOf(callbackUrl.toString())).set('User-Agent', 'Iframely/1.3.1'),
      request(h.app).get(pathOf(callbackUrl.toString())),
    ]);
    expect([bot.status, owner.status]).toEqual([200, 200]);
    expect(owner.text).toContain('Oura is connected');
    expect(h.sim.controls.counters()['oauth/token']).toBe(1);
  });

  it('a forged callback with a wrong code does not spend the state: the real one still connects', async () => {
    h = await startHarness();
    const { callbackUrl } = await authorizeAtOura(h);
    const forged = new URL(callbackUrl);
    forged.searchParams.set('code', 'not-the-code-0000000000');
    expect((await request(h.app).get(pathOf(forged.toString()))).status).toBe(502);
    const real = await request(h.app).get(pathOf(callbackUrl.toString()));
    expect(real.status).toBe(200);
    expect(real.text).toContain('Oura is connected');
  });

  it('an unknown state is refused (400), nothing stored, Oura not called', async () => {
    h = await startHarness();
    const { callbackUrl } = await authorizeAtOura(h);
    callbackUrl.searchParams.set('state', 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    const res = await request(h.app).get(pathOf(callbackUrl.toString()));
    expect(res.status).toBe(400);
    expect(await fileExists(h.config.tokensFile)).toBe(false);
    expect(h.sim.controls.counters()['oauth/token'] ?? 0).toBe(0);
  });

  it('a missing state is refused (400)', async () => {
    h = await startHarness();
    const res = await request(h.app).get('/oauth/callback?code=abc');
    expect(res.status).toBe(400);
    expect(await fileExists(h.config.tokensFile)).toBe(false);
  });

  it('an expired state (over 10 minutes) is refused (400), nothing stored', async () => {
    h = await startHarness();
    const { callbackUrl } = await authorizeAtOura(h);
    h.clock.advanceSeconds(10 * 60 + 1);
    const res = await request(h.app).get(pathOf(callbackUrl.toString()));
    expect(res.status).toBe(400);
    expect(res.text).toContain('expired');
    expect(await fileExists(h.config.tokensFile)).toBe(false);
    expect(h.sim.controls.counters()['oauth/token'] ?? 0).toBe(0);
  });

  it('denied consent (the Deny button at Oura) shows a friendly page and stores nothing', async () => {
    h = await startHarness({ sim: { autoApprove: false } });
    const res = await followLink(h, await freshLink(h));
    const consent = await fetch(res.headers.location as string);
    const html = await consent.text();
    const requestId = /name="request_id" value="([^"]+)"/.exec(html)?.[1];
    expect(requestId).toBeDefined();
    const decision = await fetch(`${h.sim.url}/oauth/authorize/decision`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ request_id: requestId!, decision: 'deny' }).toString(),
    });
    const callbackUrl = decision.headers.get('location')!;
    expect(new URL(callbackUrl).searchParams.get('error')).toBe('access_denied');
    const page = await request(h.app).get(pathOf(callbackUrl));
    expect(page.status).toBe(200);
    expect(page.text).toContain('You declined');
    expect(await fileExists(h.config.tokensFile)).toBe(false);
    // The state is used up: replaying the denial is refused.
    expect((await request(h.app).get(pathOf(callbackUrl))).status).toBe(400);
  });

  it('another OAuth error is shown escaped (400); an unrecognisable one is not echoed', async () => {
    h = await startHarness();
    const stateA = h.links.createState({ codeVerifier: createCodeVerifier() });
    const a = await request(h.app).get(`/oauth/callback?state=${stateA}&error=invalid_scope`);
    expect(a.status).toBe(400);
    expect(a.text).toContain('invalid_scope');
    const stateB = h.links.createState({ codeVerifier: createCodeVerifier() });
    const b = await request(h.app).get(
      `/oauth/callback?state=${stateB}&error=${encodeURIComponent('<script>alert(1)</script>')}`,
    );
    expect(b.status).toBe(400);
    expect(b.text).not.toContain('<script>alert');
  });

  it('a valid state without a code: 400', async () => {
    h = await startHarness();
    const state = h.links.createState({ codeVerifier: createCodeVerifier() });
    expect((await request(h.app).get(`/oauth/callback?state=${state}`)).status).toBe(400);
  });

  it.each([
    ['a repeated code', (s: string) => `?state=${s}&code=a&code=b`],
    ['a repeated state', (s: string) => `?state=${s}&state=${s}&code=a`],
    ['an oversized code', (s: string) => `?state=${s}&code=${'c'.repeat(5000)}`],
  ])('%s: 400, nothing stored, Oura not called', async (_name, query) => {
    h = await startHarness();
    const state = h.links.createState({ codeVerifier: createCodeVerifier() });
    const res = await request(h.app).get(`/oauth/callback${query(state)}`);
    expect(res.status).toBe(400);
    expect(h.sim.controls.counters()['oauth/token'] ?? 0).toBe(0);
  });

  it('the simulator checks the PKCE verifier: a verifier that does not match the challenge fails (502), nothing stored', async () => {
    h = await startHarness();
    // Start a flow whose state remembers a different verifier than the challenge sent to Oura.
    const sentVerifier = createCodeVerifier();
    const state = h.links.createState({ codeVerifier: createCodeVerifier() });
    const authorize = new URL(h.config.ouraAuthorizeUrl);
    for (const [k, v] of Object.entries({
      response_type: 'code',
      client_id: h.config.ouraClientId,
      redirect_uri: h.config.ouraRedirectUri,
      scope: h.config.ouraScopes,
      state,
      code_challenge: codeChallengeS256(sentVerifier),
      code_challenge_method: 'S256',
    })) {
      authorize.searchParams.set(k, v);
    }
    const simRes = await fetch(authorize, { redirect: 'manual' });
    const res = await request(h.app).get(pathOf(simRes.headers.get('location')!));
    expect(res.status).toBe(502);
    expect(res.text).toContain('byte for byte');
    expect(h.sim.controls.oauthStats().lastTokenRequest?.hadCodeVerifier).toBe(true);
    expect(h.sim.controls.oauthStats().authorizationCodeGrants).toBe(0);
    expect(await fileExists(h.config.tokensFile)).toBe(false);
  });

  it('a wrong client secret gives the 502 page naming the client credentials', async () => {
    h = await startHarness();
    const { callbackUrl } = await authorizeAtOura(h);
    // Swap in a token client with a wrong secret.
    const { OuraTokenClient } = await import('../../src/oauth/tokenClient.js');
    (h.manager as unknown as { options: { client: unknown } }).options.client = new OuraTokenClient({
      tokenUrl: h.config.ouraTokenUrl,
      fallbackTokenUrl: h.config.ouraTokenUrlFallback,
      revokeUrl: h.config.ouraRevokeUrl,
      clientId: h.config.ouraClientId,
      clientSecret: 'wrong-secret',
      redirectUri: h.config.ouraRedirectUri,
      logger: h.log.logger,
    });
    const res = await request(h.app).get(pathOf(callbackUrl.toString()));
    expect(res.status).toBe(502);
    expect(res.text).toContain('OURA_CLIENT_SECRET');
  });

  it('Oura down during the exchange: 502 page, nothing stored', async () => {
    h = await startHarness();
    const { callbackUrl } = await authorizeAtOura(h);
    h.sim.controls.setFault('oauth/token', { kind: 'status', status: 503 });
    const res = await request(h.app).get(pathOf(callbackUrl.toString()));
    expect(res.status).toBe(502);
    expect(res.text).toContain('could not be reached or had a problem');
    expect(await fileExists(h.config.tokensFile)).toBe(false);
  });
});

describe('fallback token URL (apps from the newer developer portal)', () => {
  it('classic URL answers 400 → fallback used, remembered, and tried first for refresh', async () => {
    h = await startHarness({ sim: { tokenEndpointMode: 'new-portal' } });
    expect((await connect(h)).status).toBe(200);
    expect(h.sim.controls.oauthStats().lastTokenRequest?.endpoint).toBe('new-portal');
    const counters = h.sim.controls.counters();
    expect(counters['oauth/token']).toBe(1);
    expect(counters['oauth/v2/ext/oauth-token']).toBe(1);
    const read = await h.store.read();
    expect(read.kind === 'ok' && read.tokens.tokenEndpoint).toBe('fallback');

    h.clock.advanceSeconds(86_400);
    await h.manager.getAccessToken();
    expect(h.sim.controls.oauthStats().refreshGrants).toBe(1);
    // Refresh went straight to the remembered endpoint: the classic one saw no second request.
    expect(h.sim.controls.counters()['oauth/token']).toBe(1);
    expect(h.sim.controls.counters()['oauth/v2/ext/oauth-token']).toBe(2);
  });

  it('classic mode never touches the fallback', async () => {
    h = await startHarness();
    await connect(h);
    expect(h.sim.controls.counters()['oauth/v2/ext/oauth-token'] ?? 0).toBe(0);
  });
});

describe('GET /oauth/status', () => {
  it('requires the API key', async () => {
    h = await startHarness();
    expect((await request(h.app).get('/oauth/status')).status).toBe(401);
  });

  it('has exactly the documented shape, with an absolute one-time link that polling does not multiply', async () => {
    h = await startHarness();
    const a = await request(h.app).get('/oauth/status').set(bearer);
    expect(a.status).toBe(200);
    expect(a.headers['cache-control']).toBe('no-store');
    expect(Object.keys(a.body as object).sort()).toEqual([
      'authorize_url',
      'connected',
      'error',
      'expires_at',
      'owner_account_recorded',
      'scope',
    ]);
    expect(a.body).toMatchObject({
      connected: false,
      scope: null,
      expires_at: null,
      error: null,
      owner_account_recorded: false,
    });
    const link = statusBody(a).authorize_url;
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:3001\/oauth\/authorize\?grant=[A-Za-z0-9_-]{43}$/);
    // Issue 16: each call minted a link, and at the cap of 1000 live links were evicted.
    for (let i = 0; i < 50; i++)
      expect(statusBody(await request(h.app).get('/oauth/status').set(bearer)).authorize_url).toBe(link);
    expect(h.links.sizes().grants).toBe(1);
    // Once used, the next status call hands out a new one.
    await followLink(h, link);
    expect(statusBody(await request(h.app).get('/oauth/status').set(bearer)).authorize_url).not.toBe(link);
  });

  it.each([
    ['a widened scope', (json: Record<string, unknown>) => (json.scope = 'email personal daily heartrate spo2')],
    ['an expiry in 2100', (json: Record<string, unknown>) => (json.expires_at = 4_102_444_800)],
    [
      'swapped ciphertexts',
      (json: Record<string, unknown>) =>
        ([json.access_token, json.refresh_token] = [json.refresh_token, json.access_token]),
    ],
  ])(
    'a tokens file edited by hand (%s): /oauth/status reports tampering, not the edit (issue 16)',
    async (_name, edit) => {
      h = await startHarness();
      expect((await connect(h)).status).toBe(200);
      const json = JSON.parse(await fs.readFile(h.config.tokensFile, 'utf8')) as Record<string, unknown>;
      edit(json);
      await fs.writeFile(h.config.tokensFile, JSON.stringify(json));
      const res = await request(h.app).get('/oauth/status').set(bearer);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        connected: false,
        scope: null,
        expires_at: null,
        error: expect.stringMatching(/modified.*integrity check.*connect Oura again/s),
      });
    },
  );

  it('a corrupt tokens file: not connected with an error, never a crash; connecting again fixes it', async () => {
    h = await startHarness();
    await fs.writeFile(h.config.tokensFile, '{ not json');
    const res = await request(h.app).get('/oauth/status').set(bearer);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ connected: false, error: expect.stringContaining('not valid JSON') });
    expect((await connect(h)).status).toBe(200);
    expect((await request(h.app).get('/oauth/status').set(bearer)).body).toMatchObject({
      connected: true,
      error: null,
    });
  });
});

describe('POST /oauth/disconnect', () => {
  it('requires the API key', async () => {
    h = await startHarness();
    expect((await request(h.app).post('/oauth/disconnect')).status).toBe(401);
  });

  it('revokes at Oura, deletes the tokens file, clears the cache, answers {connected:false}', async () => {
    h = await startHarness();
    await connect(h);
    const token = await h.manager.getAccessToken();
    const res = await request(h.app).post('/oauth/disconnect').set(bearer);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ connected: false });
    expect(h.sim.controls.oauthStats().revocations).toBe(1);
    const data = await fetch(`${h.sim.url}/v2/usercollection/personal_info`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(data.status).toBe(401);
    expect(await fileExists(h.config.tokensFile)).toBe(false);
    expect(h.events.disconnects).toBe(1);
    await expect(h.manager.getAccessToken()).rejects.toMatchObject({
      name: 'NotConnectedError',
      reason: 'disconnected',
    });
    expect((await request(h.app).get('/oauth/status').set(bearer)).body).toMatchObject({
      connected: false,
      error: null,
    });
  });

  it('a failed revocation is logged, not fatal: the tokens are still deleted', async () => {
    h = await startHarness();
    await connect(h);
    h.sim.controls.setFault('oauth/revoke', { kind: 'status', status: 500 });
    const res = await request(h.app).post('/oauth/disconnect').set(bearer);
    expect(res.status).toBe(200);
    expect(await fileExists(h.config.tokensFile)).toBe(false);
    expect(h.log.text()).toContain('Could not revoke');
  });

  it('when not connected it still answers {connected:false}', async () => {
    h = await startHarness();
    const res = await request(h.app).post('/oauth/disconnect').set(bearer);
    expect(res.body).toEqual({ connected: false });
    expect(h.sim.controls.oauthStats().revocations).toBe(0);
  });
});

describe('account pinning', () => {
  const ownerId = () => h.sim.dataset.personalInfo.id;

  it('records the first account that connects, and refuses another account afterwards without storing its tokens', async () => {
    h = await startHarness();
    expect((await connect(h)).status).toBe(200);
    expect(await h.owner.read()).toBe(ownerId());
    const before = await fs.readFile(h.config.tokensFile, 'utf8');

    h.sim.controls.setSignInAccount('other');
    const refused = await connect(h);
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('not the owner’s Oura account');
    // The owner's tokens are untouched and the pin still names the owner.
    expect(await fs.readFile(h.config.tokensFile, 'utf8')).toBe(before);
    expect(await h.owner.read()).toBe(ownerId());
    // Oura's fresh tokens for the other account were revoked, not kept.
    expect(h.sim.controls.oauthStats().revocations).toBe(1);
  });

  it('lets another account in only after the owner disconnects with the API key', async () => {
    h = await startHarness();
    await connect(h);
    expect((await request(h.app).post('/oauth/disconnect').set(bearer)).status).toBe(200);
    expect(await h.owner.read()).toBeNull();
    h.sim.controls.setSignInAccount('other');
    expect((await connect(h)).status).toBe(200);
    expect(await h.owner.read()).toBe(`other-${ownerId()}`);
  });

  it('records the connected account on the next successful look-up for installs connected before pinning', async () => {
    h = await startHarness();
    await connect(h);
    await h.owner.clear();
    const status = await request(h.app).get('/oauth/status').set(bearer);
    expect(status.body.owner_account_recorded).toBe(true);
    expect(await h.owner.read()).toBe(ownerId());
  });

  it('keeps the pin in an encrypted 0600 file that holds no plaintext id', async () => {
    h = await startHarness();
    await connect(h);
    const file = h.config.tokensFile.replace(/\.json$/, '.owner.json');
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    expect(await fs.readFile(file, 'utf8')).not.toContain(ownerId());
  });
});
