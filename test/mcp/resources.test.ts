/**
 * Resources through a real MCP client against the real app and the simulated Oura cloud: the list,
 * the templates, each resource's markdown and JSON (values checked against the simulator's raw rows),
 * the size budgets, and every bad URI with its JSON-RPC error.
 */
import { APP_VIEWS, appUri } from '../../src/mcp/apps/views.js';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postMcp, startStack, type Stack } from '../helpers/stack.js';

const NOW = new Date('2025-10-26T11:00:00Z');

let stack: Stack;
let client: Client;

beforeAll(async () => {
  stack = await startStack({ now: () => NOW });
  client = await stack.client();
});
afterAll(async () => {
  await stack?.close();
});

interface Contents {
  markdown: string;
  json: Record<string, Record<string, unknown>>;
  bytes: number;
}

async function read(uri: string): Promise<Contents> {
  const result = await client.readResource({ uri });
  expect(result.contents.map((content) => [content.uri, content.mimeType])).toEqual([
    [uri, 'text/markdown'],
    [uri, 'application/json'],
  ]);
  const [markdown, json] = result.contents.map((content) => ('text' in content ? content.text : ''));
  return {
    markdown: markdown!,
    json: JSON.parse(json!) as Contents['json'],
    bytes: Buffer.byteLength(JSON.stringify(result)),
  };
}

async function readError(uri: string): Promise<McpError> {
  const error: unknown = await client.readResource({ uri }).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(McpError);
  return error as McpError;
}

describe('resources over /mcp', () => {
  it('lists the two resources (and the chart views) and the two templates', async () => {
    const { resources } = await client.listResources();
    expect(resources.map((resource) => resource.uri)).toEqual([
      'oura://profile',
      'oura://today',
      ...APP_VIEWS.map((view) => appUri(view.name)),
    ]);
    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates.map((template) => template.uriTemplate)).toEqual([
      'oura://day/{date}',
      'oura://week/{start}',
    ]);
  });

  it('oura://profile is the personal info as Oura has it', async () => {
    const profile = await read('oura://profile');
    const person = stack.sim.dataset.personalInfo;
    expect(profile.json.profile).toMatchObject({ age: person.age, email: person.email });
    expect(profile.markdown).toMatch(/^# Oura profile\n\n## Profile\nAge \d+/);
  });

  it('oura://day/{date} carries that day’s scores from the raw rows, within the 7-day budget', async () => {
    const date = '2025-10-24';
    const day = await read(`oura://day/${date}`);
    const sleep = stack.sim.dataset.byDate.daily_sleep.find((row) => row.day === date)!;
    const readiness = stack.sim.dataset.byDate.daily_readiness.find((row) => row.day === date)!;
    const activity = stack.sim.dataset.byDate.daily_activity.find((row) => row.day === date)!;
    const sleepRows = day.json.sleep!.data as Array<{ date: string; score: number | null }>;
    expect(sleepRows.find((row) => row.date === date)?.score).toBe(sleep.score);
    expect((day.json.readiness!.data as Array<{ score: number | null }>)[0]!.score).toBe(readiness.score);
    expect((day.json.activity!.data as Array<{ steps: number }>)[0]!.steps).toBe(activity.steps);
    expect(day.markdown).toContain('# Day 2025-10-24');
    expect(day.markdown).toContain('## Readiness\nReadiness');
    expect(day.bytes).toBeLessThanOrEqual(4096);
  });

  it('oura://week/{start} covers seven days (clamped to today), within the 30-day budget', async () => {
    const week = await read('oura://week/2025-10-20');
    const readinessDays = (week.json.readiness!.data as Array<{ date: string }>).map((row) => row.date);
    const expected = stack.sim.dataset.byDate.daily_readiness
      .filter((row) => row.day >= '2025-10-20' && row.day <= '2025-10-26')
      .map((row) => row.day);
    expect(readinessDays).toEqual(expected);
    expect(week.markdown).toContain('# Week 2025-10-20 to 2025-10-26');
    expect(week.bytes).toBeLessThanOrEqual(12_288);
    const running = await read('oura://week/2025-10-25');
    expect(running.markdown).toContain('# Week 2025-10-25 to 2025-10-26');
  });

  it('oura://today is today’s scores plus the ring', async () => {
    const today = await read('oura://today');
    expect(today.markdown).toContain('# Today (2025-10-26)');
    expect(Object.keys(today.json)).toEqual(['sleep', 'readiness', 'activity', 'ring']);
    const ring = stack.sim.dataset.ringConfigurations.at(-1)!;
    expect(JSON.stringify(today.json.ring)).toContain(ring.id);
    expect(today.bytes).toBeLessThanOrEqual(4096);
  });

  it.each([
    ['oura://nowhere', -32002, /Resource not found: oura:\/\/nowhere\. This server has oura:\/\/profile/],
    ['oura://day/', -32002, /Resource not found/],
    ['oura://day/yesterday', -32602, /\{date\} must be a calendar date YYYY-MM-DD \(got "yesterday"\)/],
    ['oura://day/2025-02-30', -32602, /must be a calendar date/],
    ['oura://week/%E0%A4%A', -32602, /not valid percent-encoding/],
    ['oura://day/2030-01-01', -32602, /in the future/],
  ])('%s → %i', async (uri, code, message) => {
    const error = await readError(uri);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('a read without a uri is -32602 naming the resources', async () => {
    const response = await postMcp<{ error: { code: number; message: string } }>(stack, {
      jsonrpc: '2.0',
      id: 7,
      method: 'resources/read',
      params: {},
    });
    expect(response.status).toBe(200);
    const body = response.body;
    expect(body.error.code).toBe(-32602);
    expect(body.error.message).toMatch(
      /^Invalid resources\/read request \(uri: .*\): expected \{ uri: one of oura:\/\/profile/,
    );
  });
});
