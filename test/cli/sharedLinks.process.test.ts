/**
 * Issue 15: the `connect_oura` link a stdio process (Claude Desktop) hands out works when the HTTP
 * server (another process, same TOKENS_FILE) receives it and the Oura callback. Two real server
 * processes, the simulated Oura cloud, the real OAuth flow.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { connectThroughOAuth } from '../../src/demo/connect.js';
import { simulatorEnv, startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { NODE_ARGS, REPO_ROOT } from '../helpers/spawn.js';
import { spawnServer } from '../resilience/helpers/secondServer.js';

/** A port free right now (the HTTP server must know its public origin before it starts). */
async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('one-time links shared through TOKENS_FILE', () => {
  let sim: RunningSimulator | undefined;
  const cleanups: Array<() => Promise<void> | void> = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await sim?.close();
  });

  it("the stdio process's connect_oura link connects Oura through the HTTP server", async () => {
    sim = await startSimulator({ timezone: 'Europe/Berlin' });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'oura-shared-links-'));
    const port = await freePort();
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: dir,
      XDG_CONFIG_HOME: dir,
      AUTH_TOKEN: randomBytes(32).toString('hex'),
      TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
      ...simulatorEnv(sim.url),
      OURA_REDIRECT_URI: `http://127.0.0.1:${port}/oauth/callback`,
      OURA_TIMEZONE: 'Europe/Berlin',
      TOKENS_FILE: path.join(dir, 'tokens.json'),
      HOST: '127.0.0.1',
      PORT: String(port),
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
    };
    const http = await spawnServer(env);
    cleanups.push(() => void http.child.kill('SIGTERM'));
    expect(http.url).toBe(`http://127.0.0.1:${port}`);

    // Same port: the stdio process cannot serve HTTP, so only the other process can honour its link.
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [...NODE_ARGS, '--stdio'],
      env,
      cwd: REPO_ROOT,
      stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const client = new Client({ name: 'claude-desktop-like', version: '1.0.0' });
    await client.connect(transport);
    cleanups.push(() => client.close());

    const before = await client.callTool({ name: 'connect_oura', arguments: {} });
    const { authorize_url: link, connected } = before.structuredContent as {
      authorize_url: string;
      connected: boolean;
    };
    expect(connected).toBe(false);
    expect(link).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/oauth/authorize\\?grant=`));
    // stdio answers first and tries its HTTP side afterwards: the port is taken by the other process.
    await vi.waitFor(() => expect(stderr).toContain('the HTTP port is taken'), { timeout: 20_000, interval: 50 });

    await connectThroughOAuth({ authorizeUrl: link });

    // The link was single use across processes: the HTTP server refuses it now.
    const again = await fetch(link);
    expect(again.status).toBe(401);
    expect(await again.text()).toContain('This one-time link was already used');
    // And the stdio process reads the tokens the HTTP server stored.
    const personal = await client.callTool({ name: 'get_personal_info', arguments: {} });
    expect(personal.isError).toBeFalsy();
    const after = await client.callTool({ name: 'connect_oura', arguments: {} });
    expect((after.structuredContent as { connected: boolean }).connected).toBe(true);
  });
});
