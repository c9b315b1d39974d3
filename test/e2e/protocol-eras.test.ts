/**
 * Both protocol eras against the real app over `/mcp` and the real process over stdio:
 * - the official 2026-07-28 client (TypeScript SDK v2, pinned) discovers, lists and calls every tool,
 *   reads every resource, gets every prompt and completes an argument without ever sending
 *   `initialize`; its answers equal what the 2025 client (SDK 1.32, with `initialize`) gets;
 * - a 2026 request whose headers disagree with its body, or whose envelope is wrong, gets the
 *   specified JSON-RPC error on HTTP 400 with what to send instead, never a 5xx.
 */
import { APP_VIEWS, appUri } from '../../src/mcp/apps/views.js';
import {
  Client as ModernClient,
  StreamableHTTPClientTransport as ModernHttpTransport,
} from '@modelcontextprotocol/client';
import { StdioClientTransport as ModernStdioTransport } from '@modelcontextprotocol/client/stdio';
import type { Client as LegacyClient } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prompts } from '../../src/mcp/prompts/definitions.js';
import { tools as registryTools } from '../../src/mcp/registry.js';
import { NODE_ARGS, REPO_ROOT, spawnEnv } from '../helpers/spawn.js';
import { postMcp, startStack, type Stack } from '../helpers/stack.js';

const MODERN = '2026-07-28';
const ENVELOPE = {
  'io.modelcontextprotocol/protocolVersion': MODERN,
  'io.modelcontextprotocol/clientCapabilities': {},
};

/** Arguments that make every registered tool answer for the week ending 2025-10-26. */
function argumentsFor(name: string): Record<string, unknown> {
  const shape = registryTools.find((tool) => tool.name === name)!.inputSchema.shape;
  if ('start_datetime' in shape) return { start_datetime: '2025-10-25T00:00:00', end_datetime: '2025-10-25T06:00:00' };
  if ('start_date' in shape) return { start_date: '2025-10-20', end_date: '2025-10-26' };
  return {};
}

let stack: Stack;
let legacy: LegacyClient;
let modern: ModernClient;
const sentMethods: string[] = [];

beforeAll(async () => {
  stack = await startStack({ now: () => new Date('2025-10-26T11:00:00Z') });
  legacy = await stack.client();
  const transport = new ModernHttpTransport(new URL(`${stack.baseUrl}/mcp`), {
    requestInit: { headers: { authorization: `Bearer ${stack.authToken}` } },
    fetch: (input, init) => {
      const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as { method?: string }) : {};
      if (body.method) sentMethods.push(body.method);
      return fetch(input, init);
    },
  });
  modern = new ModernClient(
    { name: 'modern-client', version: '1.0.0' },
    { versionNegotiation: { mode: { pin: MODERN } } },
  );
  await modern.connect(transport);
});
afterAll(async () => {
  await modern?.close();
  await stack?.close();
});

describe('2026-07-28 (SDK v2 client) and 2025-11-25 (SDK 1.32 client) on /mcp', () => {
  it('the 2026 client negotiated 2026-07-28 through server/discover, with no initialize', () => {
    expect(modern.getNegotiatedProtocolVersion()).toBe(MODERN);
    expect(sentMethods[0]).toBe('server/discover');
    expect(sentMethods).not.toContain('initialize');
    expect(modern.getServerVersion()).toMatchObject({ name: 'oura-mcp-server' });
    expect(modern.getInstructions()).toContain('Europe/Berlin');
  });

  it('both eras list the same tools, resources, templates and prompts', async () => {
    const [modernTools, legacyTools] = await Promise.all([modern.listTools(), legacy.listTools()]);
    expect(modernTools.tools.map((tool) => tool.name)).toEqual(registryTools.map((tool) => tool.name));
    expect(modernTools.tools).toEqual(legacyTools.tools);
    expect((await modern.listResources()).resources).toEqual((await legacy.listResources()).resources);
    expect((await modern.listResourceTemplates()).resourceTemplates).toEqual(
      (await legacy.listResourceTemplates()).resourceTemplates,
    );
    expect((await modern.listPrompts()).prompts.map((prompt) => prompt.name)).toEqual(prompts.map((p) => p.name));
  });

  it.each(registryTools.map((tool) => tool.name))('%s answers the same in both eras', async (name) => {
    const args = argumentsFor(name);
    const [fromModern, fromLegacy] = await Promise.all([
      modern.callTool({ name, arguments: args }),
      legacy.callTool({ name, arguments: args }),
    ]);
    expect(fromLegacy.isError, JSON.stringify(fromLegacy.content)).toBeFalsy();
    expect(fromModern.isError).toBeFalsy();
    // connect_oura mints a fresh one-time link per call; everything else is the same data.
    if (name !== 'connect_oura') {
      expect(fromModern.structuredContent).toEqual(fromLegacy.structuredContent);
      expect(fromModern.content).toEqual(fromLegacy.content);
    }
  });

  it.each(['oura://profile', 'oura://today', 'oura://day/2025-10-25', 'oura://week/2025-10-20'])(
    'reads %s in both eras',
    async (uri) => {
      const [fromModern, fromLegacy] = await Promise.all([modern.readResource({ uri }), legacy.readResource({ uri })]);
      expect(fromModern.contents).toEqual(fromLegacy.contents);
      expect(fromModern.contents).toHaveLength(2);
    },
  );

  it.each(prompts.map((prompt) => prompt.name))('gets the prompt %s in both eras', async (name) => {
    const args = name === 'compare_periods' ? { period_a: 'last week', period_b: 'this week' } : undefined;
    const [fromModern, fromLegacy] = await Promise.all([
      modern.getPrompt({ name, arguments: args }),
      legacy.getPrompt({ name, arguments: args }),
    ]);
    expect(fromModern.messages).toEqual(fromLegacy.messages);
  });

  it('completes in both eras', async () => {
    const ref = { type: 'ref/resource' as const, uri: 'oura://week/{start}' };
    const fromModern = await modern.complete({ ref, argument: { name: 'start', value: '2025-10' } });
    expect(fromModern.completion.values.slice(0, 2)).toEqual(['2025-10-20', '2025-10-13']);
  });
});

describe('2026 requests that disagree with themselves', () => {
  const post = (body: unknown, headers: Record<string, string>) =>
    postMcp<{ error?: { code: number; message: string }; result?: Record<string, unknown> }>(stack, body, headers);
  const call = (params: Record<string, unknown> = {}, meta: Record<string, unknown> = ENVELOPE) => ({
    jsonrpc: '2.0',
    id: 1,
    method: 'tools/call',
    params: { name: 'get_personal_info', arguments: {}, ...params, _meta: meta },
  });
  const good = { 'mcp-protocol-version': MODERN, 'mcp-method': 'tools/call', 'mcp-name': 'get_personal_info' };

  it('a well-formed 2026 call is answered with resultType complete', async () => {
    const answer = await post(call(), good);
    expect(answer.status).toBe(200);
    expect(answer.body.result).toMatchObject({
      resultType: 'complete',
      structuredContent: { email: stack.sim.dataset.personalInfo.email },
    });
    const discover = await post(
      { jsonrpc: '2.0', id: 2, method: 'server/discover', params: { _meta: ENVELOPE } },
      { 'mcp-protocol-version': MODERN, 'mcp-method': 'server/discover' },
    );
    expect(discover.body.result).toMatchObject({
      supportedVersions: expect.arrayContaining([MODERN, '2025-11-25']),
      capabilities: { tools: {}, resources: {}, prompts: {}, completions: {} },
      ttlMs: 3_600_000,
      cacheScope: 'private',
      resultType: 'complete',
    });
  });

  it.each([
    [
      'Mcp-Method disagrees',
      call(),
      { ...good, 'mcp-method': 'tools/list' },
      400,
      -32020,
      /Mcp-Method tools\/list disagrees/,
    ],
    [
      'Mcp-Name disagrees',
      call(),
      { ...good, 'mcp-name': 'get_tags' },
      400,
      -32020,
      /Mcp-Name must equal params.name of tools\/call \("get_personal_info"\)/,
    ],
    [
      'Mcp-Name missing',
      call(),
      { 'mcp-protocol-version': MODERN, 'mcp-method': 'tools/call' },
      400,
      -32020,
      /it is missing/,
    ],
    ['Mcp-Method missing', call(), { 'mcp-protocol-version': MODERN }, 400, -32020, /send Mcp-Method: tools\/call/],
    [
      'version header missing',
      call(),
      { 'mcp-method': 'tools/call', 'mcp-name': 'get_personal_info' },
      400,
      -32020,
      /send MCP-Protocol-Version: 2026-07-28/,
    ],
    [
      'version header disagrees',
      call(),
      { ...good, 'mcp-protocol-version': '2025-11-25' },
      400,
      -32020,
      /disagrees with the body's _meta protocol version/,
    ],
    [
      'a revision not served',
      call({}, { ...ENVELOPE, 'io.modelcontextprotocol/protocolVersion': '2027-01-01' }),
      { ...good, 'mcp-protocol-version': '2027-01-01' },
      400,
      -32022,
      /Unsupported protocol version "2027-01-01": send 2026-07-28/,
    ],
    [
      'no client capabilities',
      call({}, { 'io.modelcontextprotocol/protocolVersion': MODERN }),
      good,
      400,
      -32602,
      /clientCapabilities is required/,
    ],
    [
      '2026 header, no envelope',
      { jsonrpc: '2.0', id: 1, method: 'tools/list' },
      { 'mcp-protocol-version': MODERN, 'mcp-method': 'tools/list' },
      400,
      -32602,
      /the body has no envelope/,
    ],
    ['a 2026 batch', [call(), { ...call(), id: 2 }], good, 400, -32600, /has no batches/],
    [
      'initialize in 2026',
      { jsonrpc: '2.0', id: 1, method: 'initialize', params: { _meta: ENVELOPE } },
      { 'mcp-protocol-version': MODERN, 'mcp-method': 'initialize' },
      200,
      -32601,
      /initialize does not exist in 2026-07-28 \(call server\/discover/,
    ],
    [
      'ping in 2026',
      { jsonrpc: '2.0', id: 1, method: 'ping', params: { _meta: ENVELOPE } },
      { 'mcp-protocol-version': MODERN, 'mcp-method': 'ping' },
      200,
      -32601,
      /ping does not exist/,
    ],
  ])('%s → HTTP %i, %i', async (_case, body, headers, status, code, message) => {
    const answer = await post(body, headers);
    expect(answer.status).toBe(status);
    expect(answer.body.error?.code).toBe(code);
    expect(answer.body.error?.message).toMatch(message);
  });
});

describe('2026-07-28 over stdio (the real process, SDK v2 client)', () => {
  it('discovers, lists and answers without initialize', async () => {
    const { env } = spawnEnv({});
    const transport = new ModernStdioTransport({
      command: process.execPath,
      args: [...NODE_ARGS, '--stdio'],
      env,
      cwd: REPO_ROOT,
      stderr: 'pipe',
    });
    const client = new ModernClient(
      { name: 'modern-stdio', version: '1.0.0' },
      { versionNegotiation: { mode: { pin: MODERN } } },
    );
    await client.connect(transport);
    try {
      expect(client.getNegotiatedProtocolVersion()).toBe(MODERN);
      expect((await client.listTools()).tools.map((tool) => tool.name)).toContain('connect_oura');
      expect((await client.listResources()).resources.map((resource) => resource.uri)).toEqual([
        'oura://profile',
        'oura://today',
        ...APP_VIEWS.map((view) => appUri(view.name)),
      ]);
      const connect = await client.callTool({ name: 'connect_oura', arguments: {} });
      expect(connect.structuredContent).toMatchObject({ connected: false });
      // Not connected: a resource read is the tool's -32000 with its next step, not a crash.
      await expect(client.readResource({ uri: 'oura://profile' })).rejects.toThrow(/Oura is not connected/);
    } finally {
      await client.close();
    }
  }, 60_000);
});
