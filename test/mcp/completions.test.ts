/**
 * `completion/complete` through a real MCP client against the real app and the simulated Oura cloud
 * (today is Sunday 2025-10-26 in Berlin): dates, Mondays, named periods, the owner's own tag names
 * (checked against the simulator's raw enhanced_tag rows), and -32602 for references to nothing.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../helpers/stack.js';

let stack: Stack;
let client: Client;

beforeAll(async () => {
  stack = await startStack({ now: () => new Date('2025-10-26T11:00:00Z') });
  client = await stack.client();
});
afterAll(async () => {
  await stack?.close();
});

type Ref = { type: 'ref/prompt'; name: string } | { type: 'ref/resource'; uri: string };

async function complete(ref: Ref, name: string, value: string) {
  const { completion } = await client.complete({ ref, argument: { name, value } });
  return completion;
}

describe('completion/complete', () => {
  it('offers the last 14 days for a date, newest first, filtered by what was typed', async () => {
    const all = await complete({ type: 'ref/prompt', name: 'sleep_debrief' }, 'date', '');
    expect(all.values).toHaveLength(14);
    expect(all.values[0]).toBe('2025-10-26');
    expect(all.values[13]).toBe('2025-10-13');
    const typed = await complete({ type: 'ref/resource', uri: 'oura://day/{date}' }, 'date', '2025-10-1');
    expect(typed.values).toEqual([
      '2025-10-19',
      '2025-10-18',
      '2025-10-17',
      '2025-10-16',
      '2025-10-15',
      '2025-10-14',
      '2025-10-13',
    ]);
    expect(typed).toMatchObject({ total: 7, hasMore: false });
  });

  it('offers recent Mondays for a week', async () => {
    const weeks = await complete({ type: 'ref/resource', uri: 'oura://week/{start}' }, 'start', '');
    expect(weeks.values.slice(0, 3)).toEqual(['2025-10-20', '2025-10-13', '2025-10-06']);
    expect(weeks.values).toHaveLength(8);
  });

  it('offers the named periods', async () => {
    const periods = await complete({ type: 'ref/prompt', name: 'compare_periods' }, 'period_b', 'LAST');
    expect(periods.values).toEqual(['last 7 days', 'last week', 'last 30 days', 'last month']);
  });

  it("offers the owner's own tag names of the last 90 days", async () => {
    const rows = stack.sim.dataset.byDate.enhanced_tag.filter(
      (row) => row.start_day >= '2025-07-29' && row.start_day <= '2025-10-26',
    );
    const custom = [...new Set(rows.map((row) => row.custom_name).filter((name): name is string => Boolean(name)))];
    const tags = await complete({ type: 'ref/prompt', name: 'sleep_factors' }, 'tag', '');
    expect(rows.length).toBeGreaterThan(0);
    for (const name of custom) expect(tags.values).toContain(name);
    expect(new Set(tags.values).size).toBe(tags.values.length);
    const first = tags.values[0]!;
    const narrowed = await complete({ type: 'ref/prompt', name: 'sleep_factors' }, 'tag', first.slice(0, 2));
    expect(narrowed.values).toContain(first);
    expect(narrowed.values.every((value) => value.toLowerCase().startsWith(first.slice(0, 2).toLowerCase()))).toBe(
      true,
    );
  });

  it('a free-text argument has no suggestions', async () => {
    expect((await complete({ type: 'ref/prompt', name: 'recovery_check' }, 'training', 'int')).values).toEqual([]);
  });

  it.each<[Ref, string, RegExp]>([
    [{ type: 'ref/prompt', name: 'nope' }, 'date', /Unknown prompt "nope": complete one of weekly_review/],
    [
      { type: 'ref/prompt', name: 'sleep_debrief' },
      'night',
      /Prompt sleep_debrief has no argument "night"; its arguments: date/,
    ],
    [
      { type: 'ref/resource', uri: 'oura://month/{m}' },
      'm',
      /Unknown resource template "oura:\/\/month\/\{m\}": complete one of oura:\/\/day\/\{date\}/,
    ],
    [{ type: 'ref/resource', uri: 'oura://day/{date}' }, 'day', /has one variable, date; got "day"/],
  ])('%j %s → -32602', async (ref, name, message) => {
    const error: unknown = await complete(ref, name, '').then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(McpError);
    expect((error as McpError).code).toBe(-32602);
    expect((error as McpError).message).toMatch(message);
  });
});
