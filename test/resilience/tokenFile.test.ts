/**
 * Tokens-file faults through the app (issue 7): corrupt file, wrong key, missing directory, unreadable
 * and unwritable paths → a clear `error` in /oauth/status, a -32000 tool result naming the problem, and
 * a server that keeps answering. Then two real processes sharing one tokens file with 2-second tokens
 * under concurrent calls: the simulated Oura must never see a refresh token used twice.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSilentLogger } from '../../src/logger.js';
import { TokenStore } from '../../src/oauth/tokens.js';
import { startStack, type Stack, type StackOptions } from '../helpers/stack.js';
import { callTool } from './helpers/results.js';
import { rpcToolCall, secondServerEnv, spawnServer } from './helpers/secondServer.js';

let stack: Stack | undefined;
const cleanups: Array<() => void | Promise<void>> = [];

async function start(options: StackOptions = {}): Promise<Stack> {
  stack = await startStack({ ...options, env: { CACHE_TTL: '0', ...options.env } });
  return stack;
}

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await stack?.close();
  stack = undefined;
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'oura-resilience-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function oauthStatus(s: Stack): Promise<{ connected: boolean; error: string | null }> {
  const response = await fetch(`${s.baseUrl}/oauth/status`, { headers: { authorization: `Bearer ${s.authToken}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as { connected: boolean; error: string | null };
}

/** The server is alive: /health answers with the Bearer report, and a tool call gets an MCP answer. */
async function expectStillServing(s: Stack): Promise<void> {
  const health = await fetch(`${s.baseUrl}/health`, { headers: { authorization: `Bearer ${s.authToken}` } });
  expect(health.status).toBe(200);
  expect(((await health.json()) as { status: string }).status).toBe('ok');
}

/** Status error, tool -32000 text containing `expected`, still serving. */
async function expectClearError(s: Stack, expected: RegExp): Promise<void> {
  const status = await oauthStatus(s);
  expect(status.connected).toBe(false);
  expect(status.error).toMatch(expected);
  const client = await s.client();
  const outcome = await callTool(client, 'get_personal_info');
  expect(outcome.isError).toBe(true);
  expect(outcome.code).toBe(-32000);
  expect(outcome.text).toMatch(expected);
  expect(outcome.text).toContain('/oauth/authorize?grant=');
  await expectStillServing(s);
}

describe('tokens file faults', () => {
  it('a corrupt file → "not valid JSON" in status and tool text; reconnecting replaces it', async () => {
    const s = await start();
    writeFileSync(s.config.tokensFile, '{"access_token": "abc:def", "refresh_tok');
    await expectClearError(s, /not valid JSON/);
    await s.connectOura();
    expect((await oauthStatus(s)).connected).toBe(true);
    expect((await callTool(await s.client(), 'get_personal_info')).isError).toBe(false);
  });

  it('a file encrypted with another key → "cannot be decrypted" naming TOKEN_ENCRYPTION_KEY', async () => {
    const s = await start();
    const otherKey = randomBytes(32);
    const foreign = new TokenStore({ file: s.config.tokensFile, key: otherKey, logger: createSilentLogger() });
    const issued = s.sim.controls.issueTokens();
    await foreign.write({
      accessToken: issued.access_token,
      refreshToken: issued.refresh_token,
      expiresAt: Math.floor(Date.now() / 1000) + 3600,
      issuedAt: Math.floor(Date.now() / 1000),
      tokenType: 'Bearer',
      scope: issued.scope,
      tokenEndpoint: 'classic',
    });
    await expectClearError(s, /cannot be decrypted: TOKEN_ENCRYPTION_KEY/);
    // Nothing was sent to Oura with tokens we could not read.
    expect(s.sim.controls.oauthStats().refreshGrants).toBe(0);
  });

  it('a missing directory for TOKENS_FILE → plainly not connected, and connecting creates it', async () => {
    const file = path.join(tempDir(), 'not', 'yet', 'there', 'tokens.json');
    const s = await start({ connect: false, env: { TOKENS_FILE: file } });
    const status = await oauthStatus(s);
    expect(status).toMatchObject({ connected: false, error: null });
    const outcome = await callTool(await s.client(), 'get_personal_info');
    expect(outcome.code).toBe(-32000);
    await s.connectOura();
    expect(existsSync(file)).toBe(true);
    expect((await callTool(await s.client(), 'get_personal_info')).isError).toBe(false);
  });

  it('an unreadable TOKENS_FILE (a directory in its place) → "cannot be read (EISDIR)"', async () => {
    const file = path.join(tempDir(), 'tokens.json');
    mkdirSync(file);
    const s = await start({ connect: false, env: { TOKENS_FILE: file } });
    await expectClearError(s, /cannot be read \(EISDIR\)/);
  });

  it('an unwritable location (the parent is a file) → the callback fails clearly, nothing crashes', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'parent'), 'not a directory');
    const s = await start({ connect: false, env: { TOKENS_FILE: path.join(dir, 'parent', 'tokens.json') } });
    await expect(s.connectOura()).rejects.toThrow();
    const status = await oauthStatus(s);
    expect(status.connected).toBe(false);
    const outcome = await callTool(await s.client(), 'get_personal_info');
    expect(outcome.code).toBe(-32000);
    await expectStillServing(s);
  });

  it.skipIf(process.getuid?.() === 0)(
    'a read-only file (chmod 000, non-root only) → "cannot be read (EACCES)"',
    async () => {
      const s = await start();
      chmodSync(s.config.tokensFile, 0o000);
      cleanups.push(() => chmodSync(s.config.tokensFile, 0o600));
      await expectClearError(s, /cannot be read \(EACCES\)/);
    },
  );
});

describe('two processes sharing one tokens file', () => {
  it('with 2-second tokens under concurrent calls, Oura never sees a reused refresh token', async () => {
    const s = await start({ simulator: { accessTokenTtlSeconds: 2 } });
    const secondToken = randomBytes(32).toString('hex');
    const second = await spawnServer(secondServerEnv(s, secondToken));
    const exited = new Promise<void>((resolve) => second.child.once('exit', () => resolve()));
    cleanups.push(async () => {
      if (second.child.exitCode === null) second.child.kill('SIGTERM');
      await exited;
    });

    const client = await s.client();
    const before = s.sim.controls.oauthStats();
    const deadline = Date.now() + 4_500;
    const failures: string[] = [];
    let calls = 0;
    let id = 0;
    // Three workers per process, each calling back to back until the deadline: tokens expire
    // (and get refreshed, by whichever process gets there first) a few times meanwhile.
    const worker = async (which: 'in-process' | 'child'): Promise<void> => {
      while (Date.now() < deadline) {
        const outcome =
          which === 'in-process'
            ? await callTool(client, 'get_personal_info')
            : await rpcToolCall(second.url, secondToken, 'get_personal_info', ++id);
        calls++;
        if (outcome.isError) failures.push(`${which}: ${outcome.text}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    await Promise.all([
      worker('in-process'),
      worker('in-process'),
      worker('in-process'),
      worker('child'),
      worker('child'),
      worker('child'),
    ]);

    const after = s.sim.controls.oauthStats();
    expect(failures).toEqual([]);
    expect(calls).toBeGreaterThan(20);
    expect(after.reusedRefreshTokenAttempts).toBe(0);
    expect(after.refreshGrants - before.refreshGrants).toBeGreaterThanOrEqual(2);
    expect(second.child.exitCode).toBeNull();
  });
});
