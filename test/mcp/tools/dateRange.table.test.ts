import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tools as registry } from '../../../src/mcp/registry.js';
import { createMcpServer } from '../../../src/mcp/server.js';
import { FakeConnection, FakeSource, toolContext } from '../../http/fixtures.js';

type CallResult = Awaited<ReturnType<Client['callTool']>>;

/** Every date tool in the registry, from what tools/list publishes: day ranges, `days` periods, datetime windows. */
function dateInputsOf(tool: Tool): { day: boolean; start: boolean; days: boolean; datetime: boolean } {
  const keys = Object.keys(tool.inputSchema.properties ?? {});
  return {
    day: keys.includes('end_date'),
    start: keys.includes('start_date'),
    days: keys.includes('days'),
    datetime: keys.includes('start_datetime'),
  };
}

function invalidParams(result: CallResult): string {
  expect(result.isError).toBe(true);
  expect(result._meta).toMatchObject({ code: -32602 });
  return (result.content as Array<{ type: string; text: string }>)[0]!.text;
}

describe('every date tool refuses impossible dates and too-long ranges with -32602 (today is 2025-10-26 in Berlin)', () => {
  let client: Client;
  let listed: Tool[];
  beforeAll(async () => {
    const server = createMcpServer({ context: toolContext(new FakeSource(), new FakeConnection()) });
    client = new Client({ name: 'date-range-table', version: '1.0.0' });
    const [a, b] = InMemoryTransport.createLinkedPair();
    await Promise.all([server.connect(b), client.connect(a)]);
    listed = (await client.listTools()).tools;
  });
  afterAll(() => client.close());

  const DATE_KEYS = ['end_date', 'start_datetime', 'days'];
  const dateTools = registry
    .filter((tool) => DATE_KEYS.some((key) => key in tool.inputSchema.shape))
    .map((tool) => tool.name);

  it('the table covers every tool that takes a date', () => {
    const withDates = listed.filter((tool) => Object.values(dateInputsOf(tool)).some(Boolean)).map((tool) => tool.name);
    expect(withDates).toEqual(dateTools);
    // All 17 but connect_oura, get_personal_info and get_latest_ring_status.
    expect(withDates).toHaveLength(14);
  });

  it.each(dateTools.map((name) => [name]))('%s: 2025-02-30 is not a date', async (name) => {
    const inputs = dateInputsOf(listed.find((tool) => tool.name === name)!);
    const args = inputs.datetime
      ? { start_datetime: '2025-02-30T08:00' }
      : inputs.start
        ? { start_date: '2025-02-30', end_date: '2025-03-02' }
        : { end_date: '2025-02-30' };
    const text = invalidParams(await client.callTool({ name, arguments: args }));
    expect(text).toContain('2025-02-30');
  });

  it.each(dateTools.map((name) => [name]))('%s: a range of years is too long', async (name) => {
    const inputs = dateInputsOf(listed.find((tool) => tool.name === name)!);
    if (inputs.datetime) {
      const text = invalidParams(
        await client.callTool({
          name,
          arguments: { start_datetime: '2024-01-01T00:00', end_datetime: '2025-10-26T00:00' },
        }),
      );
      expect(text).toMatch(/accepts at most \d+ hours/);
    } else if (inputs.start) {
      // 1,030 days: longer than the longest range any tool accepts (365).
      const text = invalidParams(
        await client.callTool({ name, arguments: { start_date: '2023-01-01', end_date: '2025-10-26' } }),
      );
      expect(text).toMatch(/is 1030 days; this tool accepts at most \d+ days/);
    } else {
      expect(inputs.days).toBe(true);
      const text = invalidParams(await client.callTool({ name, arguments: { days: 1030 } }));
      expect(text).toContain('days');
    }
  });
});
