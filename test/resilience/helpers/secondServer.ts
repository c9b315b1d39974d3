/**
 * A second server process (the real entry point) sharing the in-process stack's simulator and
 * tokens file, for multi-process tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { expect } from 'vitest';
import type { Stack } from '../../helpers/stack.js';
import { NODE_ARGS, REPO_ROOT } from '../../helpers/spawn.js';

/** Environment for a second server on the same simulator, TOKENS_FILE and key as `stack`. */
export function secondServerEnv(stack: Stack, authToken: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? os.tmpdir(),
    AUTH_TOKEN: authToken,
    TOKEN_ENCRYPTION_KEY: stack.config.tokenEncryptionKey.toString('hex'),
    OURA_CLIENT_ID: 'sim-client-id',
    OURA_CLIENT_SECRET: 'sim-client-secret',
    OURA_REDIRECT_URI: 'http://127.0.0.1:1/oauth/callback',
    OURA_API_BASE_URL: stack.sim.url,
    OURA_TOKEN_URL: `${stack.sim.url}/oauth/token`,
    OURA_TOKEN_URL_FALLBACK: `${stack.sim.url}/oauth/v2/ext/oauth-token`,
    OURA_TIMEZONE: 'Europe/Berlin',
    TOKENS_FILE: stack.config.tokensFile,
    HOST: '127.0.0.1',
    PORT: '0',
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    CACHE_TTL: '0',
    RATE_LIMIT_MAX: '100000',
    UPSTREAM_BUDGET_MAX: '5000',
  };
}

/** Starts `src/index.ts` in a child process; resolves with its URL once it listens. */
export async function spawnServer(
  env: Record<string, string>,
): Promise<{ url: string; child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, NODE_ARGS, { env, cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`second server did not listen in 90 s:\n${output}`)), 90_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`second server exited (${code}) before listening:\n${output}`));
    });
  });
  return { url, child, output: () => output };
}

/** One `tools/call` over stateless JSON-RPC on `/mcp` (plain fetch: the second process has no SDK client here). */
export async function rpcToolCall(
  url: string,
  token: string,
  name: string,
  id: number,
): Promise<{ isError: boolean; text: string }> {
  const response = await fetch(`${url}/mcp`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    },
    body: JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: {} } }),
  });
  const body = await response.text();
  expect(response.status, body).toBe(200);
  const json = (body.startsWith('{') ? JSON.parse(body) : JSON.parse(/^data: (.*)$/m.exec(body)![1]!)) as {
    result: { isError?: boolean; content: Array<{ text: string }> };
  };
  const result = json.result;
  return { isError: result.isError === true, text: result.content.map((c) => c.text).join('\n') };
}
