import { PassThrough } from 'node:stream';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InvalidParamsError, NotConnectedError } from '../../src/errors.js';
import { createLogger } from '../../src/logger.js';
import { createMcpServer } from '../../src/mcp/server.js';
import { defineTool, readOnlyAnnotations, type AnyToolDefinition } from '../../src/mcp/tool.js';
import { OuraRateLimitError, OuraServerError } from '../../src/oura/errors.js';
import { FakeConnection, FakeSource, toolContext } from '../http/fixtures.js';

const clients: Client[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

function capturingLogger(): { logger: ReturnType<typeof createLogger>; lines: () => Array<Record<string, unknown>> } {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  const logger = createLogger({ level: 'info', format: 'json', stream });
  const lines = () =>
    chunks
      .join('')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, lines };
}

/** A tool with a real input schema, to exercise validation and output checking. */
const echoDays = defineTool({
  name: 'echo_days',
  title: 'Echo days',
  description: 'Test tool.',
  inputSchema: z.object({ days: z.number().int().min(1).max(30).describe('How many days.') }),
  outputSchema: z.object({ days: z.number() }),
  annotations: readOnlyAnnotations('Echo days'),
  handler(args) {
    // The extra key must be stripped before it reaches strict clients.
    return Promise.resolve({
      structured: { days: args.days, leaked: 'undeclared' } as { days: number },
      text: `${args.days} days`,
    });
  },
});
const badOutput = defineTool({
  name: 'bad_output',
  title: 'Bad output',
  description: 'Test tool returning the wrong shape.',
  inputSchema: z.object({}),
  outputSchema: z.object({ count: z.number() }),
  annotations: readOnlyAnnotations('Bad output'),
  handler() {
    return Promise.resolve({ structured: { count: 'many' } as unknown as { count: number }, text: 'oops' });
  },
});

async function connect(
  options: { tools?: readonly AnyToolDefinition[]; logger?: ReturnType<typeof createLogger> } = {},
) {
  const source = new FakeSource();
  const connection = new FakeConnection();
  const server = createMcpServer({ context: toolContext(source, connection, options.logger), tools: options.tools });
  const client = new Client({ name: 'test-client', version: '1.0.0' });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(serverTransport), client.connect(clientTransport)]);
  clients.push(client);
  return { client, source, connection };
}

const TEST_TOOLS = [echoDays, badOutput];

describe('createMcpServer', () => {
  it('identifies itself with tools and logging capabilities and instructions', async () => {
    const { client } = await connect();
    expect(client.getServerVersion()).toMatchObject({ name: 'oura-mcp-server' });
    expect(client.getServerCapabilities()).toMatchObject({ tools: {}, logging: {} });
    const instructions = client.getInstructions() ?? '';
    expect(instructions).toContain('Europe/Berlin');
    expect(instructions).toMatch(/last night/i);
    expect(instructions).toContain('connect_oura');
  });

  it('handles logging/setLevel and ping', async () => {
    const { client } = await connect();
    await expect(client.setLoggingLevel('warning')).resolves.toEqual({});
    await expect(client.ping()).resolves.toEqual({});
  });

  it('get_personal_info converts height from metres to cm and passes the SDK client’s output validation', async () => {
    const { client } = await connect();
    const result = await client.callTool({ name: 'get_personal_info', arguments: {} });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({
      age: 34,
      weight: 72.5,
      height: 178,
      biological_sex: 'male',
      email: 'owner@example.com',
    });
    expect((result.content as Array<{ text: string }>)[0]!.text).toBe(
      'Age 34, 1.78 m (178 cm), 72.5 kg, biological sex male, email owner@example.com.',
    );
  });

  it('get_personal_info: nulls where Oura has nothing, other for free-text sex', async () => {
    const { client, source } = await connect();
    source.personalInfo = { id: 'u', age: null, weight: null, height: null, biological_sex: 'Non-binary', email: null };
    const result = await client.callTool({ name: 'get_personal_info', arguments: {} });
    expect(result.structuredContent).toEqual({
      age: null,
      weight: null,
      height: null,
      biological_sex: 'other',
      email: null,
    });
  });

  it('connect_oura returns the status and a fresh one-time link each call', async () => {
    const { client, connection } = await connect();
    const first = await client.callTool({ name: 'connect_oura', arguments: {} });
    expect(first.structuredContent).toEqual({
      connected: false,
      scope: null,
      expires_at: null,
      authorize_url: expect.stringContaining('one-time-1'),
      error: null,
    });
    expect((first.content as Array<{ text: string }>)[0]!.text).toContain('one-time-1');
    connection.current = {
      connected: true,
      scope: 'email personal daily',
      expires_at: '2025-10-27T09:00:00.000Z',
      error: null,
    };
    const second = await client.callTool({ name: 'connect_oura', arguments: {} });
    expect(second.structuredContent).toMatchObject({
      connected: true,
      scope: 'email personal daily',
      authorize_url: expect.stringContaining('one-time-2'),
    });
  });

  it('strips undeclared output keys so strict clients accept the result', async () => {
    const { client } = await connect({ tools: TEST_TOOLS });
    const result = await client.callTool({ name: 'echo_days', arguments: { days: 3 } });
    expect(result.structuredContent).toEqual({ days: 3 });
  });
});

describe('the choke point maps every failure to an isError result', () => {
  function expectError(result: Awaited<ReturnType<Client['callTool']>>, code: number): string {
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toBeUndefined();
    expect(result._meta).toMatchObject({ code, message: expect.any(String), details: expect.any(Object) });
    const text = (result.content as Array<{ type: string; text: string }>)[0]!.text;
    expect(text).toContain(String(code));
    return text;
  }

  it('invalid arguments → -32602 naming the field', async () => {
    const { client } = await connect({ tools: TEST_TOOLS });
    const text = expectError(await client.callTool({ name: 'echo_days', arguments: { days: 'three' } }), -32602);
    expect(text).toContain('days');
    expectError(await client.callTool({ name: 'echo_days', arguments: { days: 99 } }), -32602);
    expectError(await client.callTool({ name: 'echo_days' }), -32602);
  });

  it('unknown tool → -32602 listing the tools', async () => {
    const { client } = await connect();
    const text = expectError(await client.callTool({ name: 'get_everything', arguments: {} }), -32602);
    expect(text).toContain('get_personal_info');
  });

  it('InvalidParamsError from a handler → -32602 with its message', async () => {
    const { client, source } = await connect();
    source.failWith = new InvalidParamsError('start_date is after end_date: swap them.');
    expect(expectError(await client.callTool({ name: 'get_personal_info', arguments: {} }), -32602)).toContain(
      'swap them',
    );
  });

  it('NotConnectedError → -32000 with a fresh one-time authorize link', async () => {
    const { client, source } = await connect();
    source.failWith = new NotConnectedError('Oura is not connected.');
    const result = await client.callTool({ name: 'get_personal_info', arguments: {} });
    const text = expectError(result, -32000);
    expect(text).toContain('http://127.0.0.1:3001/oauth/authorize?link=one-time-1');
    expect((result._meta as { details: Record<string, unknown> }).details.authorize_url).toContain('one-time-1');
    const again = await client.callTool({ name: 'get_personal_info', arguments: {} });
    expect(expectError(again, -32000)).toContain('one-time-2');
  });

  it('OuraRateLimitError → -32001 with the wait in seconds', async () => {
    const { client, source } = await connect();
    source.failWith = new OuraRateLimitError('Oura rate limit reached.', 40_000, { status: 429 });
    const result = await client.callTool({ name: 'get_personal_info', arguments: {} });
    expect(expectError(result, -32001)).toContain('retry in 40 s');
    expect((result._meta as { details: Record<string, unknown> }).details.retry_after_seconds).toBe(40);
  });

  it('other OuraApiError → -32002 with the upstream status and the safe message only', async () => {
    const { client, source } = await connect();
    source.failWith = new OuraServerError('Oura is having problems; try again in a few minutes.', {
      status: 503,
      logDetail: { body: 'upstream secret body' },
    });
    const result = await client.callTool({ name: 'get_personal_info', arguments: {} });
    const text = expectError(result, -32002);
    expect(text).toContain('503');
    expect(text).toContain('try again in a few minutes');
    expect(JSON.stringify(result)).not.toContain('upstream secret body');
  });

  it('anything else → a short -32603, logged in full on the server', async () => {
    const { logger, lines } = capturingLogger();
    const { client, source } = await connect({ logger });
    source.failWith = new Error('ECONNRESET at /home/owner/secret/path.js:12');
    const result = await client.callTool({ name: 'get_personal_info', arguments: {} });
    const text = expectError(result, -32603);
    expect(JSON.stringify(result)).not.toContain('/home/owner');
    expect(text).toMatch(/logged/);
    const logged = lines().find((line) => line.message === 'tool failed unexpectedly');
    expect(JSON.stringify(logged)).toContain('/home/owner/secret/path.js');
  });

  it('output that breaks the declared schema → -32603, never invalid structuredContent', async () => {
    const { client } = await connect({ tools: TEST_TOOLS });
    expectError(await client.callTool({ name: 'bad_output', arguments: {} }), -32603);
  });

  it('logs one line per call with tool, ms and outcome, without arguments', async () => {
    const { logger, lines } = capturingLogger();
    const { client } = await connect({ tools: TEST_TOOLS, logger });
    await client.callTool({ name: 'echo_days', arguments: { days: 4 } });
    await client.callTool({ name: 'echo_days', arguments: { days: 0 } });
    const calls = lines().filter((line) => line.message === 'tool call');
    expect(calls).toEqual([
      expect.objectContaining({ tool: 'echo_days', outcome: 'ok', ms: expect.any(Number) }),
      expect.objectContaining({ tool: 'echo_days', outcome: 'error', code: -32602 }),
    ]);
    expect(JSON.stringify(calls)).not.toContain('days":');
  });
});

describe('malformed tools/call params', () => {
  it.each([
    ['name is a number', { name: 5 }],
    ['arguments is a string', { name: 'get_personal_info', arguments: 'x' }],
    ['params missing', undefined],
  ])('%s → JSON-RPC -32602 with a short message', async (_case, params) => {
    const server = createMcpServer({ context: toolContext(new FakeSource(), new FakeConnection()) });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const answered = new Promise<{ error?: { code: number; message: string } }>((resolve) => {
      clientSide.onmessage = (message) => resolve(message as { error?: { code: number; message: string } });
    });
    await clientSide.start();
    await clientSide.send({ jsonrpc: '2.0', id: 1, method: 'tools/call', ...(params === undefined ? {} : { params }) });
    const reply = await answered;
    await server.close();
    expect(reply.error?.code).toBe(-32602);
    expect(reply.error?.message).toMatch(/^MCP error -32602: Invalid tools\/call request/);
  });
});
