/** The token client against the simulated cloud: fallback rules and error classes. */
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidGrantError, OuraTokenClient, OuraTokenRejectedError } from '../../src/oauth/tokenClient.js';
import {
  OuraNetworkError,
  OuraRateLimitError,
  OuraResponseError,
  OuraServerError,
  OuraTimeoutError,
} from '../../src/oura/errors.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { captureLogger } from './helpers.js';

let sim: RunningSimulator;
afterEach(async () => {
  await sim?.close();
});

function client(options: { secret?: string; timeoutMs?: number; tokenUrl?: string } = {}) {
  const log = captureLogger(['sim-client-secret']);
  const c = new OuraTokenClient({
    tokenUrl: options.tokenUrl ?? `${sim.url}/oauth/token`,
    fallbackTokenUrl: `${sim.url}/oauth/v2/ext/oauth-token`,
    revokeUrl: `${sim.url}/oauth/revoke`,
    clientId: 'sim-client-id',
    clientSecret: options.secret ?? 'sim-client-secret',
    redirectUri: 'http://127.0.0.1:3001/oauth/callback',
    logger: log.logger,
    timeoutMs: options.timeoutMs ?? 2000,
  });
  return { c, log };
}

describe('OuraTokenClient', () => {
  it('refresh returns the rotated pair, expires_in and scope, from the classic URL', async () => {
    sim = await startSimulator({ historyDays: 3, accessTokenTtlSeconds: 1234 });
    const issued = sim.controls.issueTokens();
    const { grant, endpoint } = await client().c.refresh(issued.refresh_token);
    expect(endpoint).toBe('classic');
    expect(grant.refreshToken).not.toBe(issued.refresh_token);
    expect(grant.expiresIn).toBe(1234);
    expect(grant.scope).toBe(issued.scope);
    expect(sim.controls.oauthStats().lastTokenRequest).toMatchObject({
      grant_type: 'refresh_token',
      endpoint: 'classic',
    });
  });

  it('new-portal app: classic 400 → fallback works and is reported', async () => {
    sim = await startSimulator({ historyDays: 3, tokenEndpointMode: 'new-portal' });
    const issued = sim.controls.issueTokens();
    const { endpoint } = await client().c.refresh(issued.refresh_token, 'classic');
    expect(endpoint).toBe('fallback');
    expect(sim.controls.counters()).toMatchObject({ 'oauth/token': 1, 'oauth/v2/ext/oauth-token': 1 });
  });

  it('remembered fallback is tried first; if the app moved back, classic is tried once', async () => {
    sim = await startSimulator({ historyDays: 3, tokenEndpointMode: 'new-portal' });
    const { c } = client();
    const r1 = await c.refresh(sim.controls.issueTokens().refresh_token, 'fallback');
    expect(r1.endpoint).toBe('fallback');
    expect(sim.controls.counters()['oauth/token'] ?? 0).toBe(0);
    sim.controls.setTokenEndpointMode('classic');
    sim.controls.setFault('oauth/v2/ext/oauth-token', {
      kind: 'status',
      status: 400,
      body: { error: 'invalid_request' },
    });
    const r2 = await c.refresh(sim.controls.issueTokens().refresh_token, 'fallback');
    expect(r2.endpoint).toBe('classic');
  });

  it('invalid_grant is its own error class, also when the other URL says invalid_request', async () => {
    sim = await startSimulator({ historyDays: 3, tokenEndpointMode: 'new-portal' });
    const error = await client()
      .c.refresh('not-a-refresh-token', 'fallback')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidGrantError);
    expect((error as InvalidGrantError).retryable).toBe(false);
  });

  it('wrong client secret: OuraTokenRejectedError(invalid_client), not invalid_grant', async () => {
    sim = await startSimulator({ historyDays: 3 });
    const error = await client({ secret: 'wrong' })
      .c.refresh(sim.controls.issueTokens().refresh_token)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OuraTokenRejectedError);
    expect(error).not.toBeInstanceOf(InvalidGrantError);
    expect((error as OuraTokenRejectedError).oauthError).toBe('invalid_client');
  });

  it.each([
    ['5xx', { kind: 'status', status: 502 } as const, OuraServerError],
    ['429', { kind: 'status', status: 429, retryAfterSeconds: 7 } as const, OuraRateLimitError],
    ['malformed JSON', { kind: 'malformed' } as const, OuraResponseError],
  ])('%s is retryable, and does not make the client try the other URL', async (_name, fault, cls) => {
    sim = await startSimulator({ historyDays: 3 });
    sim.controls.setFault('oauth/token', fault);
    const error = await client()
      .c.refresh(sim.controls.issueTokens().refresh_token)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(cls);
    expect((error as { retryable: boolean }).retryable).toBe(true);
    expect(sim.controls.counters()['oauth/v2/ext/oauth-token'] ?? 0).toBe(0);
    if (error instanceof OuraRateLimitError) expect(error.retryAfterMs).toBe(7000);
    // The refresh token was not spent.
    sim.controls.clearFaults();
  });

  it('a hanging token endpoint times out with OuraTimeoutError', async () => {
    sim = await startSimulator({ historyDays: 3 });
    sim.controls.setFault('oauth/token', { kind: 'hang' });
    const started = Date.now();
    const error = await client({ timeoutMs: 200 })
      .c.refresh('x')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OuraTimeoutError);
    // A real timer against a real hanging endpoint: seconds of margin, so a busy machine cannot fail it.
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('an unreachable token endpoint is OuraNetworkError', async () => {
    sim = await startSimulator({ historyDays: 3 });
    const url = `${sim.url}/oauth/token`;
    await sim.close();
    const error = await client({ tokenUrl: url })
      .c.refresh('x')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OuraNetworkError);
  });

  it('revoke sends the access token to the revoke URL; the token then gets 401', async () => {
    sim = await startSimulator({ historyDays: 3 });
    const issued = sim.controls.issueTokens();
    await client().c.revoke(issued.access_token);
    expect(sim.controls.oauthStats().revocations).toBe(1);
    const res = await fetch(`${sim.url}/v2/usercollection/personal_info`, {
      headers: { Authorization: `Bearer ${issued.access_token}` },
    });
    expect(res.status).toBe(401);
  });

  it('revoke failure throws (callers decide it is not fatal)', async () => {
    sim = await startSimulator({ historyDays: 3 });
    sim.controls.setFault('oauth/revoke', { kind: 'status', status: 500 });
    await expect(client().c.revoke('abc')).rejects.toBeInstanceOf(OuraServerError);
  });

  it('errors and logs never carry the tokens, the code, the verifier or the client secret', async () => {
    sim = await startSimulator({ historyDays: 3, tokenEndpointMode: 'new-portal' });
    const { c, log } = client();
    const issued = sim.controls.issueTokens();
    const ok = await c.refresh(issued.refresh_token);
    const failures = await Promise.all([
      c
        .exchangeCode('some-authorization-code-value', 'some-code-verifier-value-0123456789012345678')
        .catch((e: unknown) => e),
      c.refresh(issued.refresh_token).catch((e: unknown) => e),
    ]);
    sim.controls.setFault('oauth/revoke', { kind: 'status', status: 500 });
    failures.push(await c.revoke(ok.grant.accessToken).catch((e: unknown) => e));
    const text = `${log.text()}${failures.map((e) => `${String(e)} ${JSON.stringify(e)}`).join('')}`;
    for (const secret of [
      issued.refresh_token,
      issued.access_token,
      ok.grant.accessToken,
      ok.grant.refreshToken!,
      'some-authorization-code-value',
      'some-code-verifier-value',
      'sim-client-secret',
    ]) {
      expect(text).not.toContain(secret);
    }
  });
});
