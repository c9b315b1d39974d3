/**
 * Token manager rules against the simulated Oura cloud: margin, single-flight, cross-process safety,
 * persistence order, invalid_grant, outages.
 */
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NotConnectedError } from '../../src/errors.js';
import { TokenLockTimeoutError } from '../../src/oauth/errors.js';
import type { TokenCallResult } from '../../src/oauth/tokenClient.js';
import { OuraServerError } from '../../src/oura/errors.js';
import { acquireFileLock } from '../../src/lib/fileLock.js';
import { AUTH_TOKEN, createClock, makeManager, startHarness, type Harness } from './harness.js';
import { statusBody } from '../helpers/rpcBody.js';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

/** Stores a fresh pair issued by the simulator, as a completed browser flow would. */
async function seed(harness: Harness): Promise<TokenCallResult> {
  const issued = harness.sim.controls.issueTokens();
  const result: TokenCallResult = {
    grant: {
      accessToken: issued.access_token,
      refreshToken: issued.refresh_token,
      expiresIn: issued.expires_in,
      tokenType: 'Bearer',
      scope: issued.scope,
    },
    endpoint: 'classic',
  };
  await harness.manager.saveFromExchange(result, null);
  return result;
}

const stats = () => h.sim.controls.oauthStats();

describe('getValidAccessToken', () => {
  it('not connected yet: NotConnectedError(never_connected)', async () => {
    h = await startHarness();
    await expect(h.manager.getAccessToken()).rejects.toMatchObject({ reason: 'never_connected' });
    await expect(h.manager.getAccessToken()).rejects.toBeInstanceOf(NotConnectedError);
  });

  it('uses the cached token until 5 minutes before expiry, then refreshes', async () => {
    h = await startHarness({ sim: { accessTokenTtlSeconds: 3600 } });
    const first = await seed(h);
    h.clock.advanceSeconds(3600 - 301);
    expect(await h.manager.getAccessToken()).toBe(first.grant.accessToken);
    expect(stats().refreshGrants).toBe(0);
    h.clock.advanceSeconds(2);
    const next = await h.manager.getAccessToken();
    expect(next).not.toBe(first.grant.accessToken);
    expect(stats().refreshGrants).toBe(1);
  });

  it("uses Oura's expires_in, never an assumed 24 h", async () => {
    h = await startHarness({ sim: { accessTokenTtlSeconds: 7200 } });
    await seed(h);
    h.clock.advanceSeconds(7200);
    await h.manager.getAccessToken();
    const read = await h.store.read();
    expect(read.kind === 'ok' && read.tokens.expiresAt).toBe(Math.floor(h.clock.now().getTime() / 1000) + 7200);
  });

  it('short-lived tokens: the margin shrinks to half the lifetime instead of refreshing on every call', async () => {
    h = await startHarness({ sim: { accessTokenTtlSeconds: 120 } });
    const first = await seed(h);
    h.clock.advanceSeconds(59);
    expect(await h.manager.getAccessToken()).toBe(first.grant.accessToken);
    h.clock.advanceSeconds(2);
    expect(await h.manager.getAccessToken()).not.toBe(first.grant.accessToken);
    expect(stats().refreshGrants).toBe(1);
  });

  it('50 concurrent callers after expiry → exactly one refresh grant, all get the same new token', async () => {
    h = await startHarness();
    const first = await seed(h);
    h.clock.advanceSeconds(86_400);
    h.sim.controls.expireAccessTokens();
    const reads = vi.spyOn(h.store, 'read');
    const tokens = await Promise.all(Array.from({ length: 50 }, () => h.manager.getAccessToken()));
    expect(stats().refreshGrants).toBe(1);
    // Single-flight inside the process: one refresh (one lock, one re-read), not 50 queued at the lock.
    expect(reads).toHaveBeenCalledTimes(1);
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]).not.toBe(first.grant.accessToken);
    const data = await fetch(`${h.sim.url}/v2/usercollection/personal_info`, {
      headers: { Authorization: `Bearer ${tokens[0]}` },
    });
    expect(data.status).toBe(200);
  });

  it('the rotated pair is on disk before the new access token is returned', async () => {
    h = await startHarness();
    await seed(h);
    h.clock.advanceSeconds(86_400);
    const token = await h.manager.getAccessToken();
    // A second "process" reading the file right now sees the new pair.
    const other = makeManager(h.config, h.log.logger, h.clock);
    const read = await other.store.read();
    expect(read.kind === 'ok' && read.tokens.accessToken).toBe(token);
  });

  it('if persisting the rotated pair fails, the new access token is not handed out', async () => {
    let failWrites = false;
    h = await startHarness({
      store: {
        writeOptions: {
          beforeRename: () => {
            if (failWrites) throw Object.assign(new Error('disk full'), { code: 'ENOSPC' });
          },
        },
      },
    });
    const first = await seed(h);
    h.clock.advanceSeconds(86_400);
    failWrites = true;
    await expect(h.manager.getAccessToken()).rejects.toMatchObject({ name: 'TokenFileWriteError' });
    expect(stats().refreshGrants).toBe(1);
    // The old file is intact (atomic write), not torn.
    const read = await h.store.read();
    expect(read.kind === 'ok' && read.tokens.accessToken).toBe(first.grant.accessToken);
  });

  it('Oura down (5xx) during refresh: a retryable error, tokens kept, still connected', async () => {
    h = await startHarness();
    await seed(h);
    h.clock.advanceSeconds(86_400);
    h.sim.controls.setFault('oauth/token', { kind: 'status', status: 500 });
    const error = await h.manager.getAccessToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OuraServerError);
    expect((error as OuraServerError).retryable).toBe(true);
    expect((await h.store.read()).kind).toBe('ok');
    expect((await h.manager.status()).connected).toBe(true);
    // A network failure is no reason to try the fallback URL either.
    expect(h.sim.controls.counters()['oauth/v2/ext/oauth-token'] ?? 0).toBe(0);
    h.sim.controls.clearFaults();
    await expect(h.manager.getAccessToken()).resolves.toEqual(expect.any(String));
    expect(stats().refreshGrants).toBe(1);
  });

  it('invalid_grant on refresh: tokens cleared, not connected with an explanation, NotConnectedError(refresh_rejected)', async () => {
    h = await startHarness();
    const first = await seed(h);
    // Revoked elsewhere (e.g. in the Oura app): the refresh token dies with the access token.
    await fetch(`${h.sim.url}/oauth/revoke?access_token=${first.grant.accessToken}`);
    h.clock.advanceSeconds(86_400);
    await expect(h.manager.getAccessToken()).rejects.toMatchObject({
      name: 'NotConnectedError',
      reason: 'refresh_rejected',
    });
    await expect(fs.stat(h.config.tokensFile)).rejects.toThrow();
    const status = await h.manager.status();
    expect(status).toMatchObject({
      connected: false,
      scope: null,
      expires_at: null,
      error: expect.stringContaining('Connect Oura again'),
    });
    const http = await request(h.app).get('/oauth/status').set('Authorization', `Bearer ${AUTH_TOKEN}`);
    expect(http.body).toMatchObject({ connected: false, error: expect.stringContaining('refused') });
    expect(statusBody(http).authorize_url).toMatch(/grant=/);
    // Later calls keep saying why, without asking Oura again.
    await expect(h.manager.getAccessToken()).rejects.toMatchObject({ reason: 'refresh_rejected' });
    expect(h.sim.controls.counters()['oauth/token']).toBe(1);
  });

  it('an unreadable tokens file: NotConnectedError(token_file_unreadable), no crash', async () => {
    h = await startHarness();
    await fs.writeFile(h.config.tokensFile, 'garbage');
    await expect(h.manager.getAccessToken()).rejects.toMatchObject({ reason: 'token_file_unreadable' });
    expect((await h.manager.status()).error).toMatch(/not valid JSON/);
  });

  it('tokens saved by another process later are picked up without a restart', async () => {
    h = await startHarness();
    await expect(h.manager.getAccessToken()).rejects.toBeInstanceOf(NotConnectedError);
    const other = makeManager(h.config, h.log.logger, h.clock);
    const issued = h.sim.controls.issueTokens();
    await other.manager.saveFromExchange(
      {
        grant: {
          accessToken: issued.access_token,
          refreshToken: issued.refresh_token,
          expiresIn: issued.expires_in,
          tokenType: 'Bearer',
          scope: null,
        },
        endpoint: 'classic',
      },
      'daily',
    );
    expect(await h.manager.getAccessToken()).toBe(issued.access_token);
    expect((await h.manager.status()).scope).toBe('daily');
  });

  it('a lock held too long by another process: TokenLockTimeoutError, nothing changed', async () => {
    h = await startHarness({ manager: { lockTimeoutMs: 150 } });
    await seed(h);
    h.clock.advanceSeconds(86_400);
    const release = await acquireFileLock(`${h.config.tokensFile}.lock`);
    try {
      await expect(h.manager.getAccessToken()).rejects.toBeInstanceOf(TokenLockTimeoutError);
    } finally {
      await release();
    }
    expect(stats().refreshGrants).toBe(0);
  });

  it('new tokens are added to the log redactor', async () => {
    h = await startHarness();
    await seed(h);
    h.clock.advanceSeconds(86_400);
    const token = await h.manager.getAccessToken();
    h.log.logger.info(`oops ${token}`);
    expect(h.log.text()).not.toContain(token);
  });
});

describe('refreshAfterUnauthorized', () => {
  it('when the rejected token is no longer current, returns the current one without refreshing', async () => {
    h = await startHarness();
    const first = await seed(h);
    h.clock.advanceSeconds(86_400);
    const current = await h.manager.getAccessToken();
    expect(await h.manager.refreshAfterUnauthorized(first.grant.accessToken)).toBe(current);
    expect(stats().refreshGrants).toBe(1);
  });

  it('when the current token is rejected, 20 concurrent callers force exactly one refresh', async () => {
    h = await startHarness();
    const first = await seed(h);
    h.sim.controls.expireAccessTokens(); // Oura says 401 although our clock says it is valid
    const reads = vi.spyOn(h.store, 'read');
    const tokens = await Promise.all(
      Array.from({ length: 20 }, () => h.manager.refreshAfterUnauthorized(first.grant.accessToken)),
    );
    expect(stats().refreshGrants).toBe(1);
    expect(reads).toHaveBeenCalledTimes(1);
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]).not.toBe(first.grant.accessToken);
  });

  it('joins an expiry refresh already in flight instead of starting a second one', async () => {
    h = await startHarness();
    const first = await seed(h);
    h.clock.advanceSeconds(86_400);
    const [a, b] = await Promise.all([
      h.manager.getAccessToken(),
      h.manager.refreshAfterUnauthorized(first.grant.accessToken),
    ]);
    expect(a).toBe(b);
    expect(stats().refreshGrants).toBe(1);
  });
});

describe('two processes sharing one tokens file', () => {
  it('two managers (standing for two processes) under concurrent calls never reuse a rotated refresh token', async () => {
    const clock = createClock();
    h = await startHarness({ clock, sim: { accessTokenTtlSeconds: 600 } });
    await seed(h);
    const other = makeManager(h.config, h.log.logger, clock);
    const rounds = 8;
    for (let round = 0; round < rounds; round += 1) {
      clock.advanceSeconds(600);
      const calls = Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? h.manager : other.manager).getAccessToken());
      const tokens = await Promise.all(calls);
      // Both "processes" end up with the one token of this round.
      expect(new Set(tokens).size).toBe(1);
    }
    expect(stats().reusedRefreshTokenAttempts).toBe(0);
    expect(stats().refreshGrants).toBe(rounds);
  });

  it('without the lock-and-reread the rule would break: a stale second manager refreshing its old token is refused', async () => {
    // Documents what the lock prevents: the refresh token a process remembers is spent once rotated.
    h = await startHarness();
    const first = await seed(h);
    h.clock.advanceSeconds(86_400);
    await h.manager.getAccessToken();
    const res = await fetch(`${h.sim.url}/oauth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: first.grant.refreshToken!,
        client_id: 'sim-client-id',
        client_secret: 'sim-client-secret',
      }),
    });
    expect(res.status).toBe(400);
    expect(stats().reusedRefreshTokenAttempts).toBe(1);
  });

  it('a real child process and this process refresh concurrently without ever reusing a refresh token', async () => {
    // Real clock, 2 s tokens: both processes hit the refresh window repeatedly for 2.5 s or more.
    h = await startHarness({
      clock: { now: () => new Date(), advanceSeconds: () => undefined },
      sim: { accessTokenTtlSeconds: 2, now: () => new Date() },
    });
    await seed(h);
    const script = path.join(h.dir, 'child.mjs');
    const root = path.resolve('.');
    await fs.writeFile(
      script,
      `const { makeConfig, makeManager, createClock } = await import(${JSON.stringify(path.join(root, 'test/oauth/harness.ts'))});
       const { createSilentLogger } = await import(${JSON.stringify(path.join(root, 'src/logger.ts'))});
       const config = makeConfig(process.argv[2], process.argv[3]);
       const { manager } = makeManager(config, createSilentLogger(), { now: () => new Date(), advanceSeconds() {} });
       process.stdout.write('ready\\n');
       const until = Date.now() + 2500;
       let calls = 0;
       while (Date.now() < until || calls < 20) {
         await Promise.all([manager.getAccessToken(), manager.getAccessToken()]);
         calls += 2;
         await new Promise((r) => setTimeout(r, 5));
       }
       process.stdout.write(String(calls));`,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script, h.sim.url, h.config.tokensFile], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
    // Both loops start once the child is up (loading tsx takes seconds on a busy machine) and run for at
    // least 2.5 s (past a 2 s token's refresh window) and at least 20 calls, however slow the machine is.
    await Promise.race([
      exited,
      new Promise<void>((resolve) => {
        const check = () => (out.includes('ready\n') ? resolve() : setTimeout(check, 20));
        check();
      }),
    ]);
    const until = Date.now() + 2500;
    let ours = 0;
    while (Date.now() < until || ours < 20) {
      await Promise.all([h.manager.getAccessToken(), h.manager.getAccessToken()]);
      ours += 2;
      await new Promise((r) => setTimeout(r, 5));
    }
    const code = await exited;
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(Number(out.split('\n').at(-1))).toBeGreaterThanOrEqual(20);
    expect(ours).toBeGreaterThanOrEqual(20);
    expect(stats().refreshGrants).toBeGreaterThanOrEqual(2);
    expect(stats().reusedRefreshTokenAttempts).toBe(0);
    // The file still holds a working pair.
    const token = await h.manager.getAccessToken();
    expect(
      (await fetch(`${h.sim.url}/v2/usercollection/personal_info`, { headers: { Authorization: `Bearer ${token}` } }))
        .status,
    ).toBe(200);
  });
});
