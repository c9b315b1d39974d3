/**
 * No secret in the logs (issue 7): at LOG_LEVEL=debug, through a full OAuth + tools flow (connect,
 * several tools, a 401 → refresh, a replayed callback, disconnect, a not-connected call), the captured
 * JSON log lines contain none of the secrets used: AUTH_TOKEN, the client secret, the encryption key,
 * authorization codes, PKCE verifiers, access and refresh tokens, one-time grants. The token traffic
 * runs through a recording proxy in front of the simulated Oura token endpoint, so the test knows
 * every code, verifier and token that was really exchanged.
 */
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { startRecordingProxy, type RecordingProxy } from './helpers/recordingProxy.js';
import { callTool } from './helpers/results.js';

const CLIENT_SECRET = 'sim-client-secret';

let stack: Stack | undefined;
let proxy: RecordingProxy | undefined;

afterAll(async () => {
  await stack?.close();
  await proxy?.close();
});

function formValues(body: string, names: readonly string[]): string[] {
  const params = new URLSearchParams(body);
  return names.map((name) => params.get(name)).filter((v): v is string => v !== null && v !== '');
}

function jsonValues(body: string, names: readonly string[]): string[] {
  try {
    const json = JSON.parse(body) as Record<string, unknown>;
    return names.map((name) => json[name]).filter((v): v is string => typeof v === 'string' && v !== '');
  } catch {
    return [];
  }
}

describe('secrets in logs', () => {
  it('a full OAuth + tools flow at debug level logs none of the secrets used', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    // As src/index.ts builds it: the configured secrets are known to the redactor from the start.
    const logger = createLogger({ level: 'debug', format: 'json', secrets: [CLIENT_SECRET], stream });
    proxy = await startRecordingProxy();
    stack = await startStack({
      connect: false,
      logger,
      env: { LOG_LEVEL: 'debug', OURA_TOKEN_URL: `${proxy.url}/oauth/token` },
    });
    const s = stack;
    proxy.setTarget(s.sim.url);
    const keyHex = s.config.tokenEncryptionKey.toString('hex');
    // startStack makes AUTH_TOKEN and the key itself; register them before any request, as index.ts does at start.
    logger.redactor.addSecret(s.authToken);
    logger.redactor.addSecret(keyHex);

    // Connect, and replay the callback (a spent state: the server logs the refusal).
    const authorize = await fetch(`${s.baseUrl}/oauth/authorize`, {
      headers: { authorization: `Bearer ${s.authToken}` },
      redirect: 'manual',
    });
    const approval = await fetch(authorize.headers.get('location')!, { redirect: 'manual' });
    const callbackUrl = approval.headers.get('location')!;
    const callback = await fetch(callbackUrl, { redirect: 'manual' });
    expect(callback.status).toBe(200);
    // A replay of the spent callback is logged as refused and shows the live connection (no second exchange).
    const replay = await fetch(callbackUrl, { redirect: 'manual' });
    expect(replay.status).toBe(200);
    const callbackCode = new URL(callbackUrl).searchParams.get('code')!;
    const callbackState = new URL(callbackUrl).searchParams.get('state')!;

    const client = await s.client();
    const today = s.sim.dataset.today;
    const toolArgs: Record<string, Record<string, unknown>> = {
      get_personal_info: {},
      get_sleep_summary: { start_date: today },
      get_readiness_score: { start_date: today },
      get_heart_rate: { start_datetime: `${today}T00:00:00` },
      connect_oura: {},
    };
    const toolNames = Object.keys(toolArgs);
    for (const name of toolNames) {
      const outcome = await callTool(client, name, toolArgs[name]);
      expect(outcome.isError, `${name}: ${outcome.text}`).toBe(false);
    }
    // 401 → refresh (a rotated pair passes the proxy), then the call succeeds.
    s.sim.controls.expireAccessTokens();
    expect((await callTool(client, 'get_activity_summary', { start_date: today })).isError).toBe(false);
    expect(s.sim.controls.oauthStats().refreshGrants).toBe(1);

    // A bad Bearer carrying the real access token (clients do send wrong things) must not be logged either.
    const tokenResponses = proxy.exchanges.filter((e) => e.path.startsWith('/oauth/token'));
    const accessTokens = tokenResponses.flatMap((e) => jsonValues(e.responseBody, ['access_token']));
    await fetch(`${s.baseUrl}/mcp`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessTokens[0]}`, 'content-type': 'application/json' },
      body: '{}',
    });

    const disconnect = await fetch(`${s.baseUrl}/oauth/disconnect`, {
      method: 'POST',
      headers: { authorization: `Bearer ${s.authToken}` },
    });
    expect(disconnect.status).toBe(200);
    const notConnected = await callTool(client, 'get_sleep_summary', { start_date: today });
    expect(notConnected.code).toBe(-32000);
    const grant = /[?&]grant=([\w-]+)/.exec(notConnected.text)?.[1];
    await new Promise((resolve) => setTimeout(resolve, 50));

    const secrets: Record<string, string[]> = {
      AUTH_TOKEN: [s.authToken],
      client_secret: [CLIENT_SECRET],
      encryption_key: [keyHex, keyHex.toUpperCase()],
      authorization_code: [callbackCode, ...tokenResponses.flatMap((e) => formValues(e.requestBody, ['code']))],
      pkce_verifier: tokenResponses.flatMap((e) => formValues(e.requestBody, ['code_verifier'])),
      oauth_state: [callbackState],
      access_token: accessTokens,
      refresh_token: [
        ...tokenResponses.flatMap((e) => jsonValues(e.responseBody, ['refresh_token'])),
        ...tokenResponses.flatMap((e) => formValues(e.requestBody, ['refresh_token'])),
      ],
      one_time_grant: grant ? [grant] : [],
    };
    // The flow really used each kind of secret (else the test could not fail for it).
    expect(secrets.pkce_verifier!.length).toBe(1);
    expect(new Set(secrets.authorization_code).size).toBe(1);
    expect(secrets.access_token!.length).toBe(2);
    expect(new Set(secrets.refresh_token).size).toBe(2);
    expect(secrets.one_time_grant!.length).toBe(1);

    const log = lines.join('');
    // The log is real and detailed: debug lines, every tool by name, the refresh, the disconnect.
    expect(lines.length).toBeGreaterThan(20);
    expect(log).toContain('"level":"debug"');
    for (const name of [...toolNames, 'get_activity_summary']) expect(log).toContain(name);
    expect(log).toMatch(/refresh/i);
    expect(log).toMatch(/disconnect/i);

    const leaks: string[] = [];
    for (const [kind, values] of Object.entries(secrets)) {
      for (const value of values) {
        for (const form of new Set([value, encodeURIComponent(value), Buffer.from(value).toString('base64')])) {
          if (log.includes(form)) leaks.push(`${kind} (${form.slice(0, 6)}…)`);
        }
      }
    }
    expect(leaks).toEqual([]);
  });
});
