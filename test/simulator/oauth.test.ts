import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type IssuedTokens, type RunningSimulator } from '../../src/simulator/index.js';
import { getJson, manualClock, postForm } from './helpers.js';

const CLIENT = { clientId: 'sim-client-id', clientSecret: 'sim-client-secret', name: 'Poke <Assistant> & Co' };
const REDIRECT = 'https://mcp.example.com/oauth/callback';

let sim: RunningSimulator;
const clock = manualClock();

beforeAll(async () => {
  sim = await startSimulator({ now: clock.now, historyDays: 5, clients: [CLIENT] });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  sim.controls.setTokenEndpointMode('classic');
  sim.controls.setAccessTokenTtl(86_400);
  sim.controls.clearFaults();
});

function authorizeUrl(params: Record<string, string>): string {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: CLIENT.clientId,
    redirect_uri: REDIRECT,
    scope: 'email personal daily heartrate',
    state: 'st-123',
    ...params,
  });
  return `${sim.url}/oauth/authorize?${query.toString()}`;
}

/** GET the consent page and return the request id of its form. */
async function openConsent(params: Record<string, string> = {}): Promise<{ html: string; requestId: string }> {
  const response = await fetch(authorizeUrl(params), { redirect: 'manual' });
  expect(response.status).toBe(200);
  const html = await response.text();
  const requestId = /name="request_id" value="([^"]+)"/.exec(html)?.[1];
  if (!requestId) throw new Error('no request id in the consent page');
  return { html, requestId };
}

async function decide(
  requestId: string,
  decision: 'approve' | 'deny',
  extra: Record<string, string> = {},
): Promise<URL> {
  const response = await postForm(`${sim.url}/oauth/authorize/decision`, { request_id: requestId, decision, ...extra });
  expect(response.status).toBe(302);
  return new URL(response.headers.get('location')!);
}

/** The whole browser part: consent page → Approve → the code from the redirect. */
async function obtainCode(params: Record<string, string> = {}): Promise<string> {
  const { requestId } = await openConsent(params);
  const location = await decide(requestId, 'approve');
  return location.searchParams.get('code')!;
}

function exchange(code: string, extra: Record<string, string> = {}, url = `${sim.url}/oauth/token`) {
  return postForm(url, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT,
    client_id: CLIENT.clientId,
    client_secret: CLIENT.clientSecret,
    ...extra,
  });
}

function refresh(refreshToken: string, url = `${sim.url}/oauth/token`) {
  return postForm(url, {
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
    client_id: CLIENT.clientId,
    client_secret: CLIENT.clientSecret,
  });
}

function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

describe('consent page', () => {
  it('names the app and the scopes, escapes them, and offers Approve and Deny buttons', async () => {
    const { html } = await openConsent();
    expect(html).toContain('Poke &#60;Assistant&#62; &#38; Co wants to read your Oura data');
    expect(html).not.toContain('<Assistant>');
    expect(html).toContain('Scopes: email, personal, daily, heartrate');
    expect(html).toMatch(/<button[^>]*id="approve"/);
    expect(html).toMatch(/<button[^>]*id="deny"/);
  });

  it('Approve redirects with code, granted scope and state', async () => {
    const { requestId } = await openConsent();
    const location = await decide(requestId, 'approve');
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
    expect(location.searchParams.get('code')).toMatch(/^[\w-]{20,}$/);
    expect(location.searchParams.get('scope')).toBe('email personal daily heartrate');
    expect(location.searchParams.get('state')).toBe('st-123');
  });

  it('grants only the scope boxes left ticked', async () => {
    const { requestId } = await openConsent();
    const body = new URLSearchParams({ request_id: requestId, decision: 'approve', scopes_offered: '1' });
    body.append('scope', 'daily');
    body.append('scope', 'heartrate');
    const response = await fetch(`${sim.url}/oauth/authorize/decision`, { method: 'POST', body, redirect: 'manual' });
    expect(new URL(response.headers.get('location')!).searchParams.get('scope')).toBe('daily heartrate');
  });

  it('Deny redirects with error=access_denied and the state, and no code', async () => {
    const { requestId } = await openConsent();
    const location = await decide(requestId, 'deny');
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe('st-123');
    expect(location.searchParams.has('code')).toBe(false);
  });

  it('a request id answers only once', async () => {
    const { requestId } = await openConsent();
    await decide(requestId, 'approve');
    const again = await postForm(`${sim.url}/oauth/authorize/decision`, { request_id: requestId, decision: 'approve' });
    expect(again.status).toBe(400);
  });

  it.each([
    ['an unknown client_id', { client_id: 'who-is-this' }, 'Unknown client_id'],
    ['a missing redirect_uri', { redirect_uri: '' }, 'redirect_uri is missing'],
  ])('answers %s with a 400 HTML page', async (_name, params, text) => {
    const response = await fetch(authorizeUrl(params), { redirect: 'manual' });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(await response.text()).toContain(text);
  });

  it('counts authorize requests', async () => {
    sim.controls.resetCounters();
    await openConsent();
    await openConsent();
    expect(sim.controls.counters()['oauth/authorize']).toBe(2);
  });
});

describe('authorization code grant', () => {
  it('exchanges a code once: tokens work, a reused code is invalid_grant', async () => {
    const code = await obtainCode();
    const first = await exchange(code);
    expect(first.status).toBe(200);
    const tokens = first.body as IssuedTokens;
    expect(tokens).toMatchObject({ token_type: 'bearer', expires_in: 86_400, scope: 'email personal daily heartrate' });
    expect((await getJson(sim, '/v2/usercollection/personal_info', tokens.access_token)).status).toBe(200);

    const reused = await exchange(code);
    expect(reused.status).toBe(400);
    expect(reused.body).toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses a code older than 10 minutes', async () => {
    const code = await obtainCode();
    clock.advance(10 * 60_000 + 1000);
    const response = await exchange(code);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: 'invalid_grant' });
  });

  it('accepts a code just under 10 minutes old', async () => {
    const code = await obtainCode();
    clock.advance(9 * 60_000 + 50_000);
    expect((await exchange(code)).status).toBe(200);
  });

  it('refuses a redirect_uri different from the one used at authorize', async () => {
    const code = await obtainCode();
    const response = await exchange(code, { redirect_uri: `${REDIRECT}/other` });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: 'invalid_grant' });
  });

  it('checks the PKCE verifier: wrong or missing → invalid_grant, right → tokens', async () => {
    const verifier = 'a-very-long-random-verifier-0123456789-abcdefghijklmnop';
    const pkce = { code_challenge: s256(verifier), code_challenge_method: 'S256' };

    const wrong = await exchange(await obtainCode(pkce), { code_verifier: `${verifier}x` });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ error: 'invalid_grant' });
    expect(sim.controls.oauthStats().lastTokenRequest).toEqual({
      grant_type: 'authorization_code',
      endpoint: 'classic',
      hadCodeVerifier: true,
    });

    const missing = await exchange(await obtainCode(pkce));
    expect(missing.status).toBe(400);
    expect(sim.controls.oauthStats().lastTokenRequest?.hadCodeVerifier).toBe(false);

    const grantsBefore = sim.controls.oauthStats().authorizationCodeGrants;
    const right = await exchange(await obtainCode(pkce), { code_verifier: verifier });
    expect(right.status).toBe(200);
    expect(sim.controls.oauthStats().authorizationCodeGrants).toBe(grantsBefore + 1);
  });

  it('refuses a wrong client secret with 401 invalid_client, and accepts HTTP Basic credentials', async () => {
    const code = await obtainCode();
    const wrong = await exchange(code, { client_secret: 'nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ error: 'invalid_client' });

    const basic = Buffer.from(`${CLIENT.clientId}:${CLIENT.clientSecret}`).toString('base64');
    const code2 = await obtainCode();
    const viaBasic = await postForm(
      `${sim.url}/oauth/token`,
      { grant_type: 'authorization_code', code: code2, redirect_uri: REDIRECT },
      { authorization: `Basic ${basic}` },
    );
    expect(viaBasic.status).toBe(200);
  });

  it('answers an unknown grant type with unsupported_grant_type', async () => {
    const response = await postForm(`${sim.url}/oauth/token`, {
      grant_type: 'password',
      client_id: CLIENT.clientId,
      client_secret: CLIENT.clientSecret,
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: 'unsupported_grant_type' });
  });
});

describe('refresh tokens', () => {
  it('rotate: each refresh returns a new pair and the old refresh token becomes invalid_grant', async () => {
    const initial = sim.controls.issueTokens();
    const before = sim.controls.oauthStats();

    const first = await refresh(initial.refresh_token);
    expect(first.status).toBe(200);
    const rotated = first.body as IssuedTokens;
    expect(rotated.refresh_token).not.toBe(initial.refresh_token);
    expect(rotated.access_token).not.toBe(initial.access_token);
    expect(rotated.scope).toBe(initial.scope);

    const reused = await refresh(initial.refresh_token);
    expect(reused.status).toBe(400);
    expect(reused.body).toMatchObject({ error: 'invalid_grant' });

    const second = await refresh(rotated.refresh_token);
    expect(second.status).toBe(200);

    const after = sim.controls.oauthStats();
    expect(after.refreshGrants - before.refreshGrants).toBe(2);
    expect(after.reusedRefreshTokenAttempts - before.reusedRefreshTokenAttempts).toBe(1);
  });

  it('an unknown refresh token is invalid_grant but not counted as reuse', async () => {
    const before = sim.controls.oauthStats().reusedRefreshTokenAttempts;
    const response = await refresh('never-issued');
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: 'invalid_grant' });
    expect(sim.controls.oauthStats().reusedRefreshTokenAttempts).toBe(before);
  });
});

describe('new-portal token endpoint mode', () => {
  it('refuses every grant on the classic URL with invalid_request and works on the new URL', async () => {
    sim.controls.setTokenEndpointMode('new-portal');
    const tokens = sim.controls.issueTokens();
    const classic = await refresh(tokens.refresh_token);
    expect(classic.status).toBe(400);
    expect(classic.body).toMatchObject({ error: 'invalid_request' });

    const viaNew = await refresh(tokens.refresh_token, `${sim.url}/oauth/v2/ext/oauth-token`);
    expect(viaNew.status).toBe(200);
    expect(sim.controls.oauthStats().lastTokenRequest).toEqual({
      grant_type: 'refresh_token',
      endpoint: 'new-portal',
      hadCodeVerifier: false,
    });

    const code = await obtainCode();
    expect((await exchange(code)).body).toMatchObject({ error: 'invalid_request' });
  });

  it('in classic mode both URLs work', async () => {
    const tokens = sim.controls.issueTokens();
    const viaNew = await refresh(tokens.refresh_token, `${sim.url}/oauth/v2/ext/oauth-token`);
    expect(viaNew.status).toBe(200);
    expect((await refresh((viaNew.body as IssuedTokens).refresh_token)).status).toBe(200);
  });
});

describe('access token life', () => {
  it('revoke: the access token gets 401 and its refresh token invalid_grant', async () => {
    const tokens = sim.controls.issueTokens();
    const before = sim.controls.oauthStats().revocations;
    const response = await fetch(`${sim.url}/oauth/revoke?access_token=${encodeURIComponent(tokens.access_token)}`);
    expect(response.status).toBe(200);
    expect(sim.controls.oauthStats().revocations).toBe(before + 1);

    const data = await getJson(sim, '/v2/usercollection/daily_sleep', tokens.access_token);
    expect(data.status).toBe(401);
    expect(data.body).toEqual({ detail: 'Access token has been revoked' });
    expect((await refresh(tokens.refresh_token)).body).toMatchObject({ error: 'invalid_grant' });
  });

  it('expires access tokens after the configured lifetime, by the injected clock', async () => {
    sim.controls.setAccessTokenTtl(5);
    const tokens = sim.controls.issueTokens();
    expect(tokens.expires_in).toBe(5);
    expect((await getJson(sim, '/v2/usercollection/daily_sleep', tokens.access_token)).status).toBe(200);
    clock.advance(6000);
    const expired = await getJson(sim, '/v2/usercollection/daily_sleep', tokens.access_token);
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual({ detail: 'Access token has expired' });
  });

  it('expireAccessTokens() makes every current token answer 401; refresh still works', async () => {
    const tokens = sim.controls.issueTokens();
    sim.controls.expireAccessTokens();
    expect((await getJson(sim, '/v2/usercollection/daily_sleep', tokens.access_token)).status).toBe(401);
    const refreshed = (await refresh(tokens.refresh_token)).body as IssuedTokens;
    expect((await getJson(sim, '/v2/usercollection/daily_sleep', refreshed.access_token)).status).toBe(200);
  });

  it.each([
    ['no Authorization header', undefined, 'Missing bearer token'],
    ['an unknown token', 'not-a-token', 'Invalid access token'],
  ])('answers %s with 401 {detail}', async (_name, token, detail) => {
    const response = await getJson(sim, '/v2/usercollection/daily_sleep', token);
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ detail });
  });
});

describe('autoApprove', () => {
  it('redirects straight from GET /oauth/authorize with a working code', async () => {
    const auto = await startSimulator({ autoApprove: true, historyDays: 3, now: clock.now });
    try {
      const response = await fetch(
        `${auto.url}/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: 'sim-client-id', redirect_uri: REDIRECT, state: 's' }).toString()}`,
        { redirect: 'manual' },
      );
      expect(response.status).toBe(302);
      const location = new URL(response.headers.get('location')!);
      expect(location.searchParams.get('scope')).toBe('email personal daily heartrate workout tag session spo2');
      const token = await postForm(`${auto.url}/oauth/token`, {
        grant_type: 'authorization_code',
        code: location.searchParams.get('code')!,
        redirect_uri: REDIRECT,
        client_id: 'sim-client-id',
        client_secret: 'sim-client-secret',
      });
      expect(token.status).toBe(200);
    } finally {
      await auto.close();
    }
  });
});

describe('a second Oura account', () => {
  async function personalInfoId(accessToken: string): Promise<string> {
    const response = await fetch(`${sim.url}/v2/usercollection/personal_info`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { id: string }).id;
  }

  async function tokensAfterConsent(extra: Record<string, string>): Promise<IssuedTokens> {
    const { requestId } = await openConsent();
    const location = await decide(requestId, 'approve', extra);
    const token = await exchange(location.searchParams.get('code')!);
    expect(token.status).toBe(200);
    return token.body as IssuedTokens;
  }

  it('signs in as the owner by default and as the other account when chosen; a refresh keeps the account', async () => {
    const owner = await tokensAfterConsent({});
    expect(await personalInfoId(owner.access_token)).toBe(sim.dataset.personalInfo.id);

    const other = await tokensAfterConsent({ account: 'other' });
    expect(await personalInfoId(other.access_token)).toBe(`other-${sim.dataset.personalInfo.id}`);
    const refreshed = await refresh(other.refresh_token);
    expect(await personalInfoId((refreshed.body as IssuedTokens).access_token)).toBe(
      `other-${sim.dataset.personalInfo.id}`,
    );
  });

  it('auto-approval signs in as the account set by setSignInAccount, and the consent page preselects it', async () => {
    sim.controls.setSignInAccount('other');
    try {
      const { html } = await openConsent();
      expect(html).toContain('id="account-other" value="other" checked');
    } finally {
      sim.controls.setSignInAccount('owner');
    }
  });
});
