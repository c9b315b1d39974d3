/**
 * Strict clients still accept every answer after the tool list was made compact (issue #13): the SDK
 * 1.17.3 client Poke runs, the current SDK client, and the Python SDK (when a Python with `mcp` is
 * available: MCP_PYTHON, else `python3`) each list the tools and call every tool of the capability
 * table; each validates `structuredContent` against the published output schema and rejects a mismatch.
 */
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { Client as CurrentClient } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as CurrentTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Client as PokeClient } from 'sdk-1.17.3/client/index.js';
import { StreamableHTTPClientTransport as PokeTransport } from 'sdk-1.17.3/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../helpers/stack.js';
import { CAPABILITIES, CAPABILITY_NOW, CAPABILITY_TIMEZONE } from './capabilities.js';

/** One call per distinct (tool, arguments) of the table. */
const CALLS = [
  ...new Map(
    CAPABILITIES.map((row) => [`${row.tool} ${JSON.stringify(row.args)}`, [row.tool, row.args] as const]),
  ).values(),
];

interface MinimalClient {
  listTools(): Promise<{ tools: Array<{ name: string }> }>;
  callTool(params: { name: string; arguments: Record<string, unknown> }): Promise<unknown>;
  close(): Promise<void>;
}

/** Calls every tool; returns the failures (the SDK throws on structuredContent its schema rejects). */
async function failures(client: MinimalClient): Promise<string[]> {
  const failed: string[] = [];
  await client.listTools();
  for (const [name, args] of CALLS) {
    try {
      const result = (await client.callTool({ name, arguments: args })) as {
        isError?: boolean;
        structuredContent?: unknown;
      };
      if (result.isError) failed.push(`${name}: isError`);
      else if (result.structuredContent === undefined) failed.push(`${name}: no structuredContent`);
    } catch (error) {
      failed.push(`${name}: ${String(error).slice(0, 300)}`);
    }
  }
  return failed;
}

function pythonWithMcp(): string | null {
  for (const candidate of [process.env.MCP_PYTHON, 'python3'].filter((value): value is string => Boolean(value))) {
    const probe = spawnSync(candidate, ['-c', 'import mcp.client.streamable_http'], { stdio: 'ignore' });
    if (probe.status === 0) return candidate;
  }
  return null;
}
const python = pythonWithMcp();

describe('strict clients validate every answer against the compact output schemas', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ now: () => CAPABILITY_NOW, timezone: CAPABILITY_TIMEZONE });
  });
  afterAll(async () => {
    await stack?.close();
  });
  const headers = () => ({ Authorization: `Bearer ${stack.authToken}` });

  it('SDK 1.17.3 (Poke) accepts every structuredContent', async () => {
    const client = new PokeClient({ name: 'poke-like', version: '1.0.0' });
    await client.connect(new PokeTransport(new URL(`${stack.baseUrl}/mcp`), { requestInit: { headers: headers() } }));
    try {
      expect(await failures(client as unknown as MinimalClient)).toEqual([]);
    } finally {
      await client.close();
    }
  });

  it('the current SDK accepts every structuredContent', async () => {
    const client = new CurrentClient({ name: 'current', version: '1.0.0' });
    await client.connect(
      new CurrentTransport(new URL(`${stack.baseUrl}/mcp`), { requestInit: { headers: headers() } }),
    );
    try {
      expect(await failures(client as unknown as MinimalClient)).toEqual([]);
    } finally {
      await client.close();
    }
  });

  // Asynchronous: the server under test runs in this process and must keep answering.
  it.skipIf(python === null)('the Python SDK accepts every structuredContent', async () => {
    const script = fileURLToPath(new URL('../../scripts/pythonClientCheck.py', import.meta.url));
    const running = promisify(execFile)(python!, [script, `${stack.baseUrl}/mcp`, stack.authToken], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    running.child.stdin!.end(JSON.stringify(CALLS));
    const { stdout } = await running;
    const report = JSON.parse(stdout.trim().split('\n').pop()!) as {
      tools: string[];
      ok: string[];
      failed: Record<string, string>;
    };
    expect(report.failed).toEqual({});
    expect(report.ok.length).toBe(CALLS.length);
    expect(report.tools.length).toBe(17);
  });
});
