/**
 * The capability table (test/mcp/capabilities.ts) against the simulated Oura cloud: every owner
 * question answered by its tool, with the values computed from the raw rows in the answer's text.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tools } from '../../src/mcp/registry.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { textOf, type ToolResult } from '../helpers/toolResults.js';
import { CAPABILITIES, CAPABILITY_NOW, CAPABILITY_TIMEZONE } from './capabilities.js';

describe('capability table: owner questions answered from the text', () => {
  let stack: Stack;
  let client: Client;
  beforeAll(async () => {
    stack = await startStack({ now: () => CAPABILITY_NOW, timezone: CAPABILITY_TIMEZONE });
    client = await stack.client();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('has at least 30 questions and uses every tool', () => {
    expect(CAPABILITIES.length).toBeGreaterThanOrEqual(30);
    expect(new Set(CAPABILITIES.map((row) => row.tool))).toEqual(new Set(tools.map((tool) => tool.name)));
  });

  it.each(CAPABILITIES.map((row) => [row.question, row] as const))('%s', async (_question, row) => {
    const args = row.argsFrom?.(stack.sim.dataset) ?? row.args;
    const result = (await client.callTool({ name: row.tool, arguments: args })) as ToolResult;
    expect(result.isError, textOf(result)).toBeFalsy();
    const text = textOf(result);
    for (const value of row.expect(stack.sim.dataset)) expect(text).toContain(value);
    for (const wrong of row.reject ?? []) expect(text).not.toMatch(wrong);
  });
});
