/**
 * Issue #11 proof: mcp-remote (pinned, spawned as a real process over stdio) started without
 * `--header`. It discovers from the 401, registers, and wants a browser: `BROWSER` is a small script
 * that records the URL (its stderr prints it too). The test approves on the consent page with the API
 * key, delivers the redirect to mcp-remote's callback listener, and lists and calls tools over stdio.
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { approveWithApiKey } from '../helpers/mcpOAuth.js';
import { startStack, type Stack } from '../helpers/stack.js';

const PROXY = path.resolve('node_modules/mcp-remote/dist/proxy.js');
const NOW = new Date('2025-10-26T11:00:00Z');

let stack: Stack;
let dir: string;

beforeAll(async () => {
  stack = await startStack({ now: () => NOW });
  dir = mkdtempSync(path.join(os.tmpdir(), 'mcp-remote-'));
}, 30_000);
afterAll(async () => {
  await stack?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A free ephemeral port for mcp-remote's OAuth callback listener (it takes a port number, not 0). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitFor<T>(what: string, probe: () => T | null, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

it(
  'mcp-remote without --header discovers, registers, is approved by the owner, and lists and calls tools',
  { timeout: 40_000 },
  async () => {
    const urlFile = path.join(dir, 'browser-url.txt');
    const browser = path.join(dir, 'record-url.sh');
    writeFileSync(browser, `#!/bin/sh\nprintf '%s' "$1" > '${urlFile}'\n`);
    chmodSync(browser, 0o755);

    let stderr = '';
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [
        PROXY,
        `${stack.baseUrl}/mcp`,
        String(await freePort()),
        '--host',
        '127.0.0.1',
        '--transport',
        'http-only',
      ],
      env: {
        PATH: process.env.PATH ?? '',
        HOME: dir,
        MCP_REMOTE_CONFIG_DIR: path.join(dir, 'config'),
        BROWSER: browser,
      },
      stderr: 'pipe',
    });
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const client = new Client({ name: 'desktop-app', version: '1.0.0' });
    const connected = client.connect(transport);
    try {
      const authorizationUrl = await waitFor('the authorization URL', () => {
        if (existsSync(urlFile)) return readFileSync(urlFile, 'utf8');
        const printed = /Please authorize this client by visiting:\s*(\S+)/.exec(stderr);
        return printed ? printed[1]! : null;
      });
      expect(authorizationUrl.startsWith(`${stack.baseUrl}/auth/authorize?`)).toBe(true);
      const callback = await approveWithApiKey(stack.baseUrl, authorizationUrl, stack.authToken);
      expect(callback.hostname).toBe('127.0.0.1');
      // The browser lands on mcp-remote's listener, which exchanges the code.
      expect((await fetch(callback)).status).toBe(200);
      await connected;

      const tools = await client.listTools();
      expect(tools.tools.map((tool) => tool.name)).toContain('get_personal_info');
      const result = (await client.callTool({ name: 'get_personal_info', arguments: {} })) as {
        isError?: boolean;
        structuredContent?: { age: number | null };
      };
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent?.age).toBe(stack.sim.dataset.personalInfo.age);
    } catch (error) {
      throw new Error(`${(error as Error).message}\nmcp-remote stderr:\n${stderr.slice(-3000)}`, { cause: error });
    } finally {
      await client.close().catch(() => undefined);
    }
  },
);
