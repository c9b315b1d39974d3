/**
 * Prompts through a real MCP client (in-memory, the real server): every prompt's text names only
 * registered tools with arguments those tools accept, dates are resolved by hand here (today is
 * Sunday 2025-10-26 in Berlin), and every bad request gets -32602 with what to send instead.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { prompts } from '../../src/mcp/prompts/definitions.js';
import { tools as registryTools } from '../../src/mcp/registry.js';
import { createMcpServer } from '../../src/mcp/server.js';
import { defineTool, readOnlyAnnotations } from '../../src/mcp/tool.js';
import { FakeConnection, FakeSource, toolContext } from '../http/fixtures.js';

async function connect(tools = registryTools): Promise<Client> {
  const server = createMcpServer({ context: toolContext(new FakeSource(), new FakeConnection()), tools });
  const client = new Client({ name: 'prompt-test', version: '1.0.0' });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(serverTransport), client.connect(clientTransport)]);
  return client;
}

let client: Client;
beforeAll(async () => {
  client = await connect();
});
afterAll(async () => {
  await client?.close();
});

async function promptText(name: string, args?: Record<string, string>): Promise<string> {
  const result = await client.getPrompt({ name, arguments: args });
  expect(result.messages).toHaveLength(1);
  const message = result.messages[0]!;
  expect(message.role).toBe('user');
  if (message.content.type !== 'text') throw new Error('expected text');
  return message.content.text;
}

/** `tool(key="value", n=7)` calls named in a text. */
function calls(text: string): Array<{ tool: string; args: Record<string, string> }> {
  return [...text.matchAll(/(get_[a-z_0-9]+)\(([^)]*)\)/g)].map((match) => ({
    tool: match[1]!,
    args: Object.fromEntries(
      [...match[2]!.matchAll(/(\w+)=("[^"]*"|[^,\s]+)/g)].map((pair) => [pair[1]!, pair[2]!.replaceAll('"', '')]),
    ),
  }));
}

describe('prompts', () => {
  it('lists the five prompts with their arguments', async () => {
    const { prompts: listed } = await client.listPrompts();
    expect(listed.map((prompt) => prompt.name)).toEqual([
      'weekly_review',
      'sleep_debrief',
      'recovery_check',
      'sleep_factors',
      'compare_periods',
    ]);
    expect(listed.find((prompt) => prompt.name === 'compare_periods')!.arguments).toEqual([
      expect.objectContaining({ name: 'period_a', required: true }),
      expect.objectContaining({ name: 'period_b', required: true }),
    ]);
  });

  it.each(prompts.map((prompt) => prompt.name))(
    '%s names only registered tools, with arguments they accept',
    async (name) => {
      const prompt = prompts.find((candidate) => candidate.name === name)!;
      const args = Object.fromEntries(
        prompt.arguments.filter((argument) => argument.required).map((argument) => [argument.name, 'last week']),
      );
      const named = calls(await promptText(name, args));
      expect(named.length).toBeGreaterThanOrEqual(3);
      for (const call of named) {
        const tool = registryTools.find((candidate) => candidate.name === call.tool);
        expect(tool, call.tool).toBeDefined();
        const parsed = tool!.inputSchema.safeParse(
          Object.fromEntries(
            Object.entries(call.args).map(([key, value]) => [
              key,
              value === 'true' ? true : /^\d+$/.test(value) ? Number(value) : value,
            ]),
          ),
        );
        expect(parsed.success, `${call.tool} ${JSON.stringify(call.args)}`).toBe(true);
      }
    },
  );

  it('weekly_review resolves the week, clamped to today', async () => {
    const named = calls(await promptText('weekly_review', { week_start: '2025-10-13' }));
    expect(named[0]).toEqual({
      tool: 'get_sleep_summary',
      args: { start_date: '2025-10-13', end_date: '2025-10-19', include_hrv: 'true' },
    });
    expect(named[3]).toEqual({ tool: 'get_health_insights', args: { days: '7', end_date: '2025-10-19' } });
    const running = calls(await promptText('weekly_review', { week_start: '2025-10-22' }));
    expect(running[1]!.args).toEqual({ start_date: '2025-10-22', end_date: '2025-10-26' });
    const fallback = calls(await promptText('weekly_review'));
    expect(fallback[1]!.args).toEqual({ start_date: '2025-10-20', end_date: '2025-10-26' });
  });

  it('compare_periods resolves named periods and explicit ranges', async () => {
    const text = await promptText('compare_periods', { period_a: 'last week', period_b: 'Last Month' });
    expect(text).toContain('Compare 2025-10-13..2025-10-19 (A) with 2025-09-01..2025-09-30 (B)');
    const named = calls(text);
    expect(named.map((call) => `${call.tool} ${call.args.start_date}..${call.args.end_date}`)).toEqual([
      'get_sleep_summary 2025-10-13..2025-10-19',
      'get_readiness_score 2025-10-13..2025-10-19',
      'get_activity_summary 2025-10-13..2025-10-19',
      'get_sleep_summary 2025-09-01..2025-09-30',
      'get_readiness_score 2025-09-01..2025-09-30',
      'get_activity_summary 2025-09-01..2025-09-30',
    ]);
    const explicit = await promptText('compare_periods', {
      period_a: 'this month',
      period_b: '2025-08-01..2025-08-14',
    });
    expect(explicit).toContain('Compare 2025-10-01..2025-10-26 (A) with 2025-08-01..2025-08-14 (B)');
  });

  it('sleep_debrief and recovery_check use the owner’s today', async () => {
    expect(calls(await promptText('sleep_debrief'))[0]!.args).toMatchObject({ start_date: '2025-10-26' });
    expect(calls(await promptText('sleep_debrief', { date: '2025-10-25' }))[1]!.args).toEqual({
      start_date: '2025-10-25',
      end_date: '2025-10-25',
    });
    const recovery = await promptText('recovery_check', { training: 'intervals 45 min' });
    expect(recovery).toContain('this session: intervals 45 min today (2025-10-26)');
    expect(calls(recovery)[0]!.args).toEqual({ start_date: '2025-10-20', end_date: '2025-10-26' });
  });

  it('sleep_factors passes the tag as effect_of only when get_tags takes it', async () => {
    const plain = calls(await promptText('sleep_factors', { tag: 'coffee', period: 'last 30 days' }));
    const takesEffectOf = 'effect_of' in registryTools.find((tool) => tool.name === 'get_tags')!.inputSchema.shape;
    expect(plain[0]).toEqual({
      tool: 'get_tags',
      args: { start_date: '2025-09-27', end_date: '2025-10-26', ...(takesEffectOf ? { effect_of: 'coffee' } : {}) },
    });
    const withEffect = defineTool({
      name: 'get_tags',
      title: 'Tags',
      description: 'Test double of get_tags with effect_of.',
      inputSchema: z.object({ start_date: z.string(), end_date: z.string(), effect_of: z.string().optional() }),
      outputSchema: z.object({}),
      annotations: readOnlyAnnotations('Tags'),
      handler: () => Promise.resolve({ structured: {}, text: '' }),
    });
    const other = await connect([withEffect]);
    const result = await other.getPrompt({ name: 'sleep_factors', arguments: { tag: 'coffee' } });
    await other.close();
    const text = (result.messages[0]!.content as { text: string }).text;
    expect(calls(text)[0]!.args).toEqual({ start_date: '2025-08-28', end_date: '2025-10-26', effect_of: 'coffee' });
  });

  it.each([
    ['no_such_prompt', undefined, /Unknown prompt "no_such_prompt": this server has weekly_review, sleep_debrief/],
    ['compare_periods', { period_a: 'last week' }, /needs period_b \(Second period/],
    ['compare_periods', { period_a: ' ', period_b: 'last week' }, /needs period_a/],
    [
      'compare_periods',
      { period_a: 'lately', period_b: 'last week' },
      /period_a "lately" is not a period: use one of "last 7 days"/,
    ],
    [
      'compare_periods',
      { period_a: '2025-10-20..2025-10-01', period_b: 'last week' },
      /must run forwards and end by today/,
    ],
    ['compare_periods', { period_a: '2025-01-01..2025-10-01', period_b: 'last week' }, /longer than 90 days/],
    ['weekly_review', { week_start: 'monday' }, /week_start must be a calendar date YYYY-MM-DD \(got "monday"\)/],
    ['sleep_debrief', { date: '2025-11-01' }, /date 2025-11-01 is in the future \(today is 2025-10-26/],
    ['sleep_debrief', { night: '2025-10-01' }, /Prompt sleep_debrief takes date; remove night/],
  ])('%s %j → -32602', async (name, args, message) => {
    const error: unknown = await client.getPrompt({ name, arguments: args }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(McpError);
    expect((error as McpError).code).toBe(-32602);
    expect((error as McpError).message).toMatch(message);
  });
});
