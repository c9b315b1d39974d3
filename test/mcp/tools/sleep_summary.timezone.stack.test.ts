/**
 * "Today" is the owner's local day, not UTC's: near midnight in a zone behind UTC (Los Angeles) and one
 * ahead of it (Auckland), end_date defaults to the local day and a start on UTC's day may be refused.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOfLocalDay } from '../../../src/lib/time.js';
import { startStack, type Stack } from '../../helpers/stack.js';
import { type ToolResult, textOf } from '../../helpers/toolResults.js';

type CallResult = ToolResult<
  { data: Array<{ date: string; optimal_bedtime?: string | null }> } & Record<string, unknown>
>;

describe('Los Angeles at 23:30 on Saturday 25 Oct 2025 (already Sunday in UTC)', () => {
  const NOW = new Date('2025-10-26T06:30:00Z');
  let stack: Stack;
  let client: Client;
  const call = async (name: string, args: Record<string, unknown> = {}) =>
    (await client.callTool({ name, arguments: args })) as CallResult;
  beforeAll(async () => {
    stack = await startStack({ now: () => NOW, timezone: 'America/Los_Angeles' });
    client = await stack.client();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('ends the range on the local day: last night (filed under the 25th) is the last row', async () => {
    expect(stack.sim.dataset.today).toBe('2025-10-25');
    for (const name of ['get_sleep_summary', 'get_readiness_score', 'get_activity_summary']) {
      const result = await call(name, { start_date: '2025-10-19' });
      expect(result.isError, name).toBeFalsy();
      const dates = result.structuredContent!.data.map((row) => row.date);
      expect(dates, name).toEqual([
        '2025-10-19',
        '2025-10-20',
        '2025-10-21',
        '2025-10-22',
        '2025-10-23',
        '2025-10-24',
        '2025-10-25',
      ]);
    }
  });

  it("refuses UTC's date as a future start, naming the local today", async () => {
    const result = await call('get_sleep_summary', { start_date: '2025-10-26' });
    expect(result.isError).toBe(true);
    expect(result._meta?.code).toBe(-32602);
    expect(textOf(result)).toContain('today is 2025-10-25 in America/Los_Angeles');
  });

  it("gives last_sync in the owner's offset", async () => {
    const result = await call('get_latest_ring_status');
    expect(result.structuredContent!.last_sync).toMatch(/-07:00$/);
  });
});

describe('Auckland at 00:30 on Monday 27 Oct 2025 (still Sunday in UTC)', () => {
  const NOW = new Date('2025-10-26T11:30:00Z');
  const ZONE = 'Pacific/Auckland';
  let stack: Stack;
  let client: Client;
  const call = async (name: string, args: Record<string, unknown> = {}) =>
    (await client.callTool({ name, arguments: args })) as CallResult;
  beforeAll(async () => {
    stack = await startStack({ now: () => NOW, timezone: ZONE });
    client = await stack.client();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it("accepts the local today although UTC is a day behind, and explains that tonight's sleep is not there yet", async () => {
    expect(stack.sim.dataset.today).toBe('2025-10-27');
    const result = await call('get_sleep_summary', { start_date: '2025-10-27' });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent!.data).toEqual([]);
    expect(textOf(result)).toContain('No sleep data for today (27 Oct 2025) yet');
    const week = await call('get_sleep_summary', { start_date: '2025-10-21' });
    expect(week.structuredContent!.data.map((row) => row.date).at(-1)).toBe('2025-10-26');
  });

  it('renders bedtime windows as Auckland clock times', async () => {
    const result = await call('get_bedtime_guidance', { start_date: '2025-10-20' });
    const rows = stack.sim.dataset.byDate.sleep_time.filter((s) => s.day >= '2025-10-20' && s.optimal_bedtime !== null);
    expect(rows.length).toBeGreaterThan(0);
    const clock = (ms: number) =>
      new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
        new Date(ms),
      );
    for (const s of rows) {
      const midnight = startOfLocalDay(s.day, ZONE).getTime();
      const row = result.structuredContent!.data.find((r) => r.date === s.day)!;
      expect(row.optimal_bedtime).toBe(
        `${clock(midnight + s.optimal_bedtime!.start_offset * 1000)}–${clock(midnight + s.optimal_bedtime!.end_offset * 1000)}`,
      );
    }
  });
});
