/**
 * Log notifications through a real MCP client (in-memory, the real server): a failed call arrives as
 * a `notifications/message` at the level the client set, with the safe message only; bad arguments
 * and successful calls send none.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { LoggingMessageNotificationSchema, type LoggingMessageNotification } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createMcpServer } from '../../src/mcp/server.js';
import { OuraRateLimitError } from '../../src/oura/errors.js';
import { FakeConnection, FakeSource, toolContext } from '../http/fixtures.js';

const clients: Client[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

async function connect() {
  const source = new FakeSource();
  const server = createMcpServer({ context: toolContext(source, new FakeConnection()) });
  const client = new Client({ name: 'log-test', version: '1.0.0' });
  const messages: Array<LoggingMessageNotification['params']> = [];
  client.setNotificationHandler(LoggingMessageNotificationSchema, (notification) => {
    messages.push(notification.params);
  });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(serverTransport), client.connect(clientTransport)]);
  clients.push(client);
  return { client, source, messages };
}

describe('log notifications to the client', () => {
  it('a rate-limited call is logged at warning with the safe message, before the result', async () => {
    const { client, source, messages } = await connect();
    await client.setLoggingLevel('warning');
    source.failWith = new OuraRateLimitError('Oura rate limit reached.', 40_000, { status: 429, logDetail: 'secret' });
    const result = await client.callTool({ name: 'get_personal_info', arguments: {} });
    expect(result.isError).toBe(true);
    expect(messages).toEqual([
      {
        level: 'warning',
        logger: 'oura-mcp-server',
        data: { tool: 'get_personal_info', code: -32001, message: 'Oura rate limit reached.' },
      },
    ]);
  });

  it('respects the level the client set, and skips bad arguments and successes', async () => {
    const { client, source, messages } = await connect();
    await client.setLoggingLevel('error');
    source.failWith = new OuraRateLimitError('Oura rate limit reached.', 40_000, { status: 429 });
    await client.callTool({ name: 'get_personal_info', arguments: {} });
    await client.setLoggingLevel('debug');
    await client.callTool({ name: 'get_readiness_score', arguments: { start_date: 'soon' } });
    source.failWith = undefined;
    const ok = await client.callTool({ name: 'get_personal_info', arguments: {} });
    expect(ok.isError).toBeFalsy();
    expect(messages).toEqual([]);
    source.failWith = new Error('boom');
    await client.callTool({ name: 'get_personal_info', arguments: {} });
    expect(messages.map((message) => [message.level, (message.data as { code: number }).code])).toEqual([
      ['error', -32603],
    ]);
  });
});
