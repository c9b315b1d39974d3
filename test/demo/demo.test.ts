/**
 * `npm run demo` as a newcomer runs it: a fresh directory with no .env, the demo process connects Oura
 * through the real OAuth routes, and the commands it prints answer with real (simulated) data.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { auth } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  approveWithApiKey,
  openConsentPage,
  submitConsent,
  TEST_REDIRECT_URL,
  TestOAuthProvider,
} from '../helpers/mcpOAuth.js';
import { REPO_ROOT } from '../helpers/spawn.js';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** The built command's `demo` when the build is fresh (CI builds first), else the sources through tsx. */
function demoArgs(): string[] {
  const built = path.join(REPO_ROOT, 'dist', 'index.js');
  if (existsSync(built) && statSync(built).mtimeMs >= newestMtime(path.join(REPO_ROOT, 'src'))) return [built, 'demo'];
  const tsx = pathToFileURL(path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
  return ['--import', tsx, path.join(REPO_ROOT, 'src', 'demo', 'main.ts')];
}

interface Banner {
  mcpUrl: string;
  sseUrl: string;
  apiKey: string;
  weekStart: string;
  browserLink: string;
  connectorUrl: string;
}

function parseBanner(text: string): Banner {
  const grab = (pattern: RegExp, name: string): string => {
    const match = pattern.exec(text);
    if (!match) throw new Error(`the demo banner has no ${name}:\n${text}`);
    return match[1]!;
  };
  return {
    mcpUrl: grab(/Streamable HTTP:\s+(\S+)/, 'MCP URL'),
    sseUrl: grab(/Legacy SSE:\s+(\S+)/, 'SSE URL'),
    apiKey: grab(/API key:\s+([0-9a-f]{64})/, 'API key'),
    weekStart: grab(/--tool-arg start_date=(\d{4}-\d{2}-\d{2})/, 'sample start date'),
    browserLink: grab(/(http:\/\/\S+\/oauth\/authorize\?grant=\S+)/, 'browser link'),
    connectorUrl: grab(/Connector URL for OAuth clients[^\n]*\n\s*\n\s+(\S+)/, 'connector URL'),
  };
}

describe('npm run demo', () => {
  let child: ChildProcess;
  let dir: string;
  let banner: Banner;
  let output = '';

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'oura-demo-'));
    child = spawn(process.execPath, demoArgs(), {
      cwd: dir,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: dir,
        PORT: '0',
        OURA_TIMEZONE: 'Europe/Berlin',
        RATE_LIMIT_MAX: '432',
        RATE_LIMIT_WINDOW_MS: '120000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the demo did not get ready:\n${output}`)), 90_000);
      const poll = setInterval(() => {
        if (output.includes('Ctrl-C stops the demo.')) {
          clearInterval(poll);
          clearTimeout(timer);
          resolve();
        }
      }, 50);
      child.once('exit', (code) => {
        clearInterval(poll);
        clearTimeout(timer);
        reject(new Error(`the demo exited with ${code}:\n${output}`));
      });
    });
    banner = parseBanner(output);
  });

  afterAll(async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('connected Oura through the OAuth routes and keeps its tokens in its own encrypted file', async () => {
    const status = await fetch(banner.mcpUrl.replace(/\/mcp$/, '/oauth/status'), {
      headers: { Authorization: `Bearer ${banner.apiKey}` },
    });
    const body = (await status.json()) as { connected: boolean; scope: string };
    expect(body.connected).toBe(true);
    expect(body.scope).toContain('heartrate');
    expect(existsSync(path.join(dir, '.demo', 'tokens.json'))).toBe(true);
    expect(output).not.toMatch(/access_token|refresh_token/);
  });

  it('answers the printed sample question over /mcp with real numbers', async () => {
    const client = new Client({ name: 'demo-test', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(banner.mcpUrl), {
        requestInit: { headers: { Authorization: `Bearer ${banner.apiKey}` } },
      }),
    );
    const result = await client.callTool({ name: 'get_sleep_summary', arguments: { start_date: banner.weekStart } });
    await client.close();
    expect(result.isError).toBeFalsy();
    const summary = (result.structuredContent as { summary: { total_days: number; average_score: number } }).summary;
    expect(summary.total_days).toBeGreaterThanOrEqual(6);
    expect(summary.average_score).toBeGreaterThan(40);
    expect(summary.average_score).toBeLessThanOrEqual(100);
  });

  it('honours RATE_LIMIT_* from the environment', async () => {
    const response = await fetch(banner.mcpUrl, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${banner.apiKey}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('ratelimit-policy')).toBe('432;w=120');
  });

  it('serves the legacy SSE URL it prints', async () => {
    const headers = { Authorization: `Bearer ${banner.apiKey}` };
    const client = new Client({ name: 'demo-test-sse', version: '1.0.0' });
    await client.connect(
      new SSEClientTransport(new URL(banner.sseUrl), {
        requestInit: { headers },
        eventSourceInit: {
          fetch: (url, init) =>
            fetch(url, { ...init, headers: { ...(init?.headers as Record<string, string>), ...headers } }),
        },
      }),
    );
    const { tools } = await client.listTools();
    await client.close();
    expect(tools.map((tool) => tool.name)).toContain('get_readiness_score');
  });

  it('prints a one-time link that opens the consent flow once', async () => {
    // Opening the link shows a Continue page (previews and prefetchers spend nothing); Continue POSTs the grant.
    const page = await fetch(banner.browserLink, { redirect: 'manual' });
    expect(page.status).toBe(200);
    const grant = /name="grant" value="([^"]+)"/.exec(await page.text())?.[1];
    expect(grant).toBe(new URL(banner.browserLink).searchParams.get('grant'));
    const first = await fetch(new URL('/oauth/authorize', banner.browserLink), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant: grant! }),
      redirect: 'manual',
    });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toMatch(/\/oauth\/authorize\?/);
    const again = await fetch(banner.browserLink, { redirect: 'manual' });
    expect(again.status).toBe(401);
  });

  it('prints a connector URL whose 401 leads OAuth clients to the authorization server', async () => {
    expect(banner.connectorUrl).toBe(banner.mcpUrl);
    const challenge = await fetch(banner.connectorUrl, { method: 'POST' });
    expect(challenge.status).toBe(401);
    const metadataUrl = /resource_metadata="([^"]+)"/.exec(challenge.headers.get('www-authenticate') ?? '')?.[1];
    const metadata = (await (await fetch(metadataUrl!)).json()) as { authorization_servers: string[] };
    const server = (await (
      await fetch(`${metadata.authorization_servers[0]}/.well-known/oauth-authorization-server`)
    ).json()) as { registration_endpoint: string };
    expect(server.registration_endpoint).toBe(`${new URL(banner.mcpUrl).origin}/auth/register`);
  });

  it('lets a connector go the whole way: approved with the printed API key, then with "Continue with Oura" as the simulated owner', async () => {
    const ageOver = async (provider: TestOAuthProvider): Promise<number | null> => {
      const client = new Client({ name: 'demo-connector', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(banner.connectorUrl), { authProvider: provider }));
      const result = await client.callTool({ name: 'get_personal_info', arguments: {} });
      await client.close();
      expect(result.isError).toBeFalsy();
      return (result.structuredContent as { age: number | null }).age;
    };
    const origin = new URL(banner.connectorUrl).origin;
    const withKey = new TestOAuthProvider({ clientName: 'Demo connector' });
    expect(await auth(withKey, { serverUrl: banner.connectorUrl })).toBe('REDIRECT');
    const back = await approveWithApiKey(origin, withKey.authorizationUrl!, banner.apiKey);
    expect(
      await auth(withKey, { serverUrl: banner.connectorUrl, authorizationCode: back.searchParams.get('code')! }),
    ).toBe('AUTHORIZED');
    // The same answer the printed API key gets: the connector reads the owner's data, not someone else's.
    const keyed = new Client({ name: 'demo-key', version: '1.0.0' });
    await keyed.connect(
      new StreamableHTTPClientTransport(new URL(banner.mcpUrl), {
        requestInit: { headers: { Authorization: `Bearer ${banner.apiKey}` } },
      }),
    );
    const expected = (await keyed.callTool({ name: 'get_personal_info', arguments: {} })).structuredContent as {
      age: number;
    };
    await keyed.close();
    expect(expected.age).toBeGreaterThan(0);
    const age = await ageOver(withKey);
    expect(age).toBe(expected.age);

    // "Continue with Oura": the demo's simulated Oura shows its sign-in page; the owner approves there.
    const withOura = new TestOAuthProvider({ clientName: 'Demo connector' });
    expect(await auth(withOura, { serverUrl: banner.connectorUrl })).toBe('REDIRECT');
    const consent = await openConsentPage(withOura.authorizationUrl!);
    const toOura = await submitConsent(origin, consent, { action: 'oura' });
    const signIn = new URL(toOura.headers.get('location')!);
    const requestId = /name="request_id" value="([^"]+)"/.exec(await (await fetch(signIn)).text())?.[1];
    const signedIn = await fetch(new URL('/oauth/authorize/decision', signIn), {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ request_id: requestId!, decision: 'approve', account: 'owner' }).toString(),
    });
    const callback = await fetch(signedIn.headers.get('location')!, { redirect: 'manual' });
    const backFromOura = new URL(callback.headers.get('location')!);
    expect(`${backFromOura.origin}${backFromOura.pathname}`).toBe(TEST_REDIRECT_URL);
    expect(
      await auth(withOura, {
        serverUrl: banner.connectorUrl,
        authorizationCode: backFromOura.searchParams.get('code')!,
      }),
    ).toBe('AUTHORIZED');
    expect(await ageOver(withOura)).toBe(age);
  });

  it('stops cleanly on Ctrl-C', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});
