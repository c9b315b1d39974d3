/**
 * `doctor` and `status` against a real running server, connected to the simulated Oura cloud through
 * the real OAuth flow: every check passes; then each check fails for its own reason with its fix.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseCommandLine } from '../../src/cli/args.js';
import { collectChecks, renderCheck } from '../../src/cli/doctor.js';
import { runStatus } from '../../src/cli/status.js';
import type { CheckResult } from '../../src/cli/doctorChecks.js';
import { startStack, type Stack } from '../helpers/stack.js';

describe('doctor and status against a running, connected server', () => {
  let stack: Stack;
  let dir: string;
  let base: Record<string, string>;
  const secrets: string[] = [];

  beforeAll(async () => {
    stack = await startStack();
    dir = mkdtempSync(path.join(os.tmpdir(), 'oura-doctor-'));
    const { config } = stack;
    base = {
      AUTH_TOKEN: stack.authToken,
      TOKEN_ENCRYPTION_KEY: config.tokenEncryptionKey.toString('hex'),
      OURA_CLIENT_ID: config.ouraClientId,
      OURA_CLIENT_SECRET: config.ouraClientSecret,
      OURA_REDIRECT_URI: config.ouraRedirectUri,
      OURA_API_BASE_URL: config.ouraApiBaseUrl,
      OURA_TOKEN_URL: config.ouraTokenUrl,
      TOKENS_FILE: config.tokensFile,
      HOST: '127.0.0.1',
      PORT: new URL(stack.baseUrl).port,
      PUBLIC_URL: stack.baseUrl,
    };
    secrets.push(stack.authToken, base.TOKEN_ENCRYPTION_KEY!, config.ouraClientSecret);
  });
  afterAll(async () => {
    await stack?.close();
  });

  function envFile(overrides: Record<string, string> = {}): string {
    const file = path.join(dir, `${Object.keys(overrides).join('-') || 'base'}.env`);
    const values = { ...base, ...overrides };
    writeFileSync(
      file,
      Object.entries(values)
        .map(([k, v]) => `${k}=${v}\n`)
        .join(''),
      { mode: 0o600 },
    );
    return file;
  }

  const byName = (checks: CheckResult[]) => Object.fromEntries(checks.map((check) => [check.name, check]));

  it('every check passes, each on one line, and no line holds a secret', async () => {
    const checks = await collectChecks(parseCommandLine(['doctor', '--env-file', envFile()]));
    expect(checks.map((check) => [check.name, check.status])).toEqual([
      ['configuration', 'ok'],
      ['config file', 'ok'],
      ['tokens file', 'ok'],
      ['Oura API', 'ok'],
      ['clock', 'ok'],
      ['port', 'ok'],
      ['public URL', 'ok'],
    ]);
    const found = byName(checks);
    const account = /account (\S+);/.exec(found['tokens file']!.detail)?.[1];
    expect(account).toBeDefined();
    expect(found['Oura API']!.detail).toBe(`the token works (account ${account})`);
    expect(found['tokens file']!.detail).toMatch(
      /^decrypts; account \S+; scopes .*heartrate.*; access token valid for \d+ min$/,
    );
    expect(found.port!.detail).toBe(`oura-mcp-server already answers on ${stack.baseUrl}`);
    const text = checks.map(renderCheck).join('\n');
    for (const secret of secrets) expect(text).not.toContain(secret);
  });

  it('a skewed clock, an unreachable public URL and a port held by another program fail with their fix', async () => {
    const blocker = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = String((blocker.address() as net.AddressInfo).port);
    try {
      const skewed = () => new Date(Date.now() + 5 * 60_000);
      const checks = byName(
        await collectChecks(
          parseCommandLine(['doctor', '--env-file', envFile({ PORT: port, PUBLIC_URL: 'http://127.0.0.1:9' })]),
          skewed,
        ),
      );
      expect(checks.clock).toMatchObject({ status: 'fail', fix: expect.stringContaining('network time') as unknown });
      expect(checks.clock!.detail).toMatch(/^(29\d|30\d) s off Oura's clock$/);
      expect(checks.port).toMatchObject({ status: 'fail', detail: `127.0.0.1:${port} is taken by another program` });
      expect(checks['public URL']).toMatchObject({
        status: 'fail',
        detail: 'http://127.0.0.1:9/health does not answer',
        fix: expect.stringContaining('start the server and the tunnel') as unknown,
      });
    } finally {
      blocker.close();
    }
  });

  it('an unreachable Oura, a group-readable config file and an unreadable tokens file are named', async () => {
    const file = envFile({ OURA_API_BASE_URL: 'http://127.0.0.1:9', TOKEN_ENCRYPTION_KEY: 'b'.repeat(64) });
    const { chmodSync } = await import('node:fs');
    chmodSync(file, 0o644);
    const checks = byName(await collectChecks(parseCommandLine(['doctor', '--env-file', file])));
    expect(checks['config file']).toMatchObject({ status: 'warn', fix: `chmod 600 ${file}` });
    expect(checks['tokens file']!.status).toBe('fail');
    expect(checks['tokens file']!.detail).toContain(stack.config.tokensFile);
    expect(checks['Oura API']).toMatchObject({ status: 'skip', detail: 'no tokens yet' });
    expect(checks.clock).toMatchObject({ status: 'fail', fix: 'check the network (and OURA_API_BASE_URL)' });
  });

  it('a broken configuration is one failed check naming the variable', async () => {
    const checks = await collectChecks(
      parseCommandLine([
        'doctor',
        '--env-file',
        envFile({ OURA_REDIRECT_URI: 'https://your-domain.ngrok.dev/oauth/callback' }),
      ]),
    );
    expect(checks).toHaveLength(1);
    expect(checks[0]).toMatchObject({ name: 'configuration', status: 'fail' });
    expect(checks[0]!.detail).toContain('OURA_REDIRECT_URI still holds a placeholder');
  });

  it('status shows the connection, scopes, expiry, cache and MCP clients of the running server', async () => {
    const written: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      expect(await runStatus(parseCommandLine(['status', '--env-file', envFile()]))).toBe(0);
    } finally {
      spy.mockRestore();
    }
    const text = written.join('');
    const status = await stack.deps.connection.status();
    expect(text).toContain(`Server:      ${stack.baseUrl}`);
    expect(text).toContain('Oura:        connected');
    expect(text).toContain(`Scopes:      ${status.scope}`);
    expect(text).toContain(`Expires:     ${status.expires_at}`);
    expect(text).toMatch(/Cache:\s+\d+ entries/);
    expect(text).toContain('MCP clients: none');
    expect(text).not.toContain(stack.authToken);
  });

  it('status without a running server says so and what the tokens file holds, exit 1', async () => {
    const written: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      expect(await runStatus(parseCommandLine(['status', '--env-file', envFile({ PORT: '9' })]))).toBe(1);
    } finally {
      spy.mockRestore();
    }
    const text = written.join('');
    expect(text).toContain('Server:      not running on http://127.0.0.1:9');
    expect(text).toMatch(/Tokens:\s+decrypts; account \S+; scopes /);
  });
});
