/**
 * Fault injection end to end (issue 7): a real MCP client → our app → the simulated Oura cloud with its
 * fault switches. Each case asserts what the model sees (result, error code, text) and what Oura saw
 * (request counters, OAuth stats). CACHE_TTL=0 so every call reaches the simulator.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startStack, type Stack, type StackOptions } from '../helpers/stack.js';
import { callTool } from './helpers/results.js';

let stack: Stack | undefined;

async function start(options: StackOptions = {}): Promise<Stack> {
  stack = await startStack({ ...options, env: { CACHE_TTL: '0', ...options.env } });
  return stack;
}

afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

async function oauthStatus(s: Stack): Promise<{ connected: boolean; error: string | null }> {
  const response = await fetch(`${s.baseUrl}/oauth/status`, { headers: { authorization: `Bearer ${s.authToken}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as { connected: boolean; error: string | null };
}

describe('rate limiting (429 with Retry-After)', () => {
  it('waits out a short Retry-After inside the call and succeeds', async () => {
    const s = await start();
    const client = await s.client();
    s.sim.controls.resetCounters();
    s.sim.controls.setFault('personal_info', { kind: 'status', status: 429, retryAfterSeconds: 1, times: 1 });
    const outcome = await callTool(client, 'get_personal_info');
    expect(outcome.isError, outcome.text).toBe(false);
    expect(outcome.structured).toBeDefined();
    // One refused request, one answered: the wait happened inside the call.
    expect(s.sim.controls.counters().personal_info).toBe(2);
    expect(outcome.elapsedMs).toBeGreaterThanOrEqual(900);
  });

  it('returns -32001 at once with the wait when Retry-After is long', async () => {
    const s = await start();
    const client = await s.client();
    s.sim.controls.resetCounters();
    s.sim.controls.setFault('personal_info', { kind: 'status', status: 429, retryAfterSeconds: 60 });
    const outcome = await callTool(client, 'get_personal_info');
    expect(outcome.isError).toBe(true);
    expect(outcome.code).toBe(-32001);
    expect(outcome.text).toMatch(/retry in 60 s/);
    expect((outcome.meta?.details as Record<string, unknown>).retry_after_seconds).toBe(60);
    expect(outcome.elapsedMs).toBeLessThan(3_000);
    expect(s.sim.controls.counters().personal_info).toBe(1);
  });
});

describe('5xx from Oura', () => {
  it('retries a burst shorter than the retries and succeeds', async () => {
    const s = await start();
    const client = await s.client();
    s.sim.controls.resetCounters();
    s.sim.controls.setFault('personal_info', { kind: 'status', status: 503, times: 2 });
    const outcome = await callTool(client, 'get_personal_info');
    expect(outcome.isError, outcome.text).toBe(false);
    expect(s.sim.controls.counters().personal_info).toBe(3);
  });

  it('gives a clear -32002 naming the upstream status when the 5xx persists', async () => {
    const s = await start();
    const client = await s.client();
    s.sim.controls.resetCounters();
    s.sim.controls.setFault('personal_info', { kind: 'status', status: 502 });
    const outcome = await callTool(client, 'get_personal_info');
    expect(outcome.isError).toBe(true);
    expect(outcome.code).toBe(-32002);
    expect(outcome.text).toContain('upstream HTTP 502');
    // First attempt + 2 retries, then it gives up.
    expect(s.sim.controls.counters().personal_info).toBe(3);
  });
});

describe('a hanging upstream', () => {
  it('ends each attempt at the per-attempt timeout and answers -32002 within the budget', async () => {
    const s = await start({ ouraClient: { timeoutMs: 1_000, requestBudgetMs: 3_000 } });
    const client = await s.client();
    s.sim.controls.setFault('*', { kind: 'hang' });
    const outcome = await callTool(client, 'get_personal_info');
    expect(outcome.isError).toBe(true);
    expect(outcome.code).toBe(-32002);
    expect(outcome.elapsedMs).toBeLessThan(5_000);
    // The server is still healthy and recovers once Oura answers again.
    s.sim.controls.clearFaults();
    const after = await callTool(client, 'get_personal_info');
    expect(after.isError, after.text).toBe(false);
  });

  it('with the default timeouts, every call (several at once) answers within 20 s', async () => {
    const s = await start();
    const client = await s.client();
    s.sim.controls.setFault('*', { kind: 'hang' });
    const today = s.sim.dataset.today;
    const calls = [
      callTool(client, 'get_personal_info'),
      callTool(client, 'get_sleep_summary', { start_date: today }),
      callTool(client, 'get_readiness_score', { start_date: today }),
      callTool(client, 'get_heart_rate', { start_datetime: `${today}T00:00:00` }),
    ];
    const outcomes = await Promise.all(calls);
    for (const outcome of outcomes) {
      expect(outcome.isError).toBe(true);
      expect(outcome.elapsedMs).toBeLessThan(20_000);
      expect(outcome.code, outcome.text).toBe(-32002);
    }
  });
});

describe('bad bodies from Oura', () => {
  it('malformed (truncated) JSON becomes a -32002, and the next good answer succeeds', async () => {
    const s = await start();
    const client = await s.client();
    s.sim.controls.setFault('personal_info', { kind: 'malformed' });
    const outcome = await callTool(client, 'get_personal_info');
    expect(outcome.isError).toBe(true);
    expect(outcome.code).toBe(-32002);
    s.sim.controls.clearFaults();
    expect((await callTool(client, 'get_personal_info')).isError).toBe(false);
  });

  it('rows missing "required" fields still produce an answer (regression: get_personal_info threw on an omitted biological_sex)', async () => {
    const s = await start();
    const client = await s.client();
    const today = s.sim.dataset.today;
    s.sim.controls.setFault('personal_info', { kind: 'drop-fields', fields: ['age', 'weight', 'biological_sex'] });
    s.sim.controls.setFault('daily_readiness', {
      kind: 'drop-fields',
      fields: ['score', 'temperature_deviation', 'contributors'],
    });
    const info = await callTool(client, 'get_personal_info');
    expect(info.isError, info.text).toBe(false);
    expect(info.structured?.age).toBeNull();
    const readiness = await callTool(client, 'get_readiness_score', { start_date: today });
    expect(readiness.isError, readiness.text).toBe(false);
  });
});

describe('Oura authorization during calls', () => {
  it('401 → exactly one refresh, then success', async () => {
    const s = await start();
    const client = await s.client();
    const before = s.sim.controls.oauthStats().refreshGrants;
    s.sim.controls.expireAccessTokens();
    const outcome = await callTool(client, 'get_personal_info');
    expect(outcome.isError, outcome.text).toBe(false);
    expect(s.sim.controls.oauthStats().refreshGrants).toBe(before + 1);
    expect(s.sim.controls.oauthStats().reusedRefreshTokenAttempts).toBe(0);
  });

  it('invalid_grant on refresh (tokens revoked at Oura) → -32000 with a one-time link; status says not connected', async () => {
    const s = await start();
    const client = await s.client();
    // Revoke the stored pair at the simulated Oura (as an owner revoking the app would), then make the access token fail.
    const read = await s.deps.tokenManager.status();
    expect(read.connected).toBe(true);
    const accessToken = await s.deps.tokenManager.getValidAccessToken();
    const revoke = await fetch(`${s.sim.url}/oauth/revoke?access_token=${encodeURIComponent(accessToken)}`, {
      method: 'POST',
    });
    expect(revoke.status).toBe(200);
    expect(s.sim.controls.oauthStats().revocations).toBe(1);

    const outcome = await callTool(client, 'get_personal_info');
    expect(outcome.isError).toBe(true);
    expect(outcome.code).toBe(-32000);
    expect(outcome.text).toMatch(
      new RegExp(`${s.baseUrl.replace(/[.]/g, '\\.')}/oauth/authorize\\?grant=[A-Za-z0-9_-]+`),
    );
    const status = await oauthStatus(s);
    expect(status.connected).toBe(false);
    expect(status.error).toMatch(/refused|connect/i);
  });
});
