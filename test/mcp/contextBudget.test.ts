/**
 * Context budgets (issue #13), measured through the real /mcp endpoint against the simulator: the tool
 * list every conversation pays for on every turn, the instructions, and the default answers to the
 * standard questions (bench/context.ts), text + structuredContent; long series summarised by default
 * with the way to ask for more in the text; and the bench's choice of "last night".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ANSWER_BUDGETS,
  measureAnswers,
  measureServer,
  rpc,
  shiftDay,
  standardQuestions,
  INSTRUCTIONS_BUDGET,
  lastSyncedNight,
  TOOL_LIST_BUDGET,
  type AnswerSizes,
  type ServerSizes,
} from '../../bench/context.js';
import { startSimulator } from '../../src/simulator/index.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { textOf, type ToolResult } from '../helpers/toolResults.js';
import { CAPABILITY_NOW, CAPABILITY_TIMEZONE } from './capabilities.js';

describe('context budgets', () => {
  let stack: Stack;
  let server: ServerSizes;
  let answers: AnswerSizes[];
  beforeAll(async () => {
    stack = await startStack({ now: () => CAPABILITY_NOW, timezone: CAPABILITY_TIMEZONE });
    const endpoint = { baseUrl: stack.baseUrl, authToken: stack.authToken };
    server = await measureServer(endpoint);
    const nowIso = CAPABILITY_NOW.toISOString().replace(/\.\d{3}Z$/, 'Z');
    answers = await measureAnswers(endpoint, null, standardQuestions(stack.sim.dataset.today, nowIso));
  }, 60_000);
  afterAll(async () => {
    await stack?.close();
  });

  it(`tools/list (the JSON-RPC response) is at most ${TOOL_LIST_BUDGET} bytes with every tool and its output schema`, () => {
    expect(server.toolList.tools.length).toBe(17);
    expect(server.toolList.tools.every((tool) => tool.outputSchema > 0)).toBe(true);
    expect(server.toolList.responseBytes).toBeLessThanOrEqual(TOOL_LIST_BUDGET);
  });

  it(`the instructions are at most ${INSTRUCTIONS_BUDGET} bytes`, () => {
    expect(server.instructions.bytes).toBeGreaterThan(200);
    expect(server.instructions.bytes).toBeLessThanOrEqual(INSTRUCTIONS_BUDGET);
  });

  it('every standard answer fits its budget (a day or a week 4 KB, a week of sleep periods 6 KB, a month 12 KB)', () => {
    expect(ANSWER_BUDGETS).toMatchObject({ day: 4096, week: 4096, weekOfPeriods: 6144, month: 12_288 });
    const over = answers
      .filter((answer) => answer.budgetBytes !== null && answer.answerBytes > answer.budgetBytes)
      .map((answer) => `${answer.question}: ${answer.answerBytes} > ${answer.budgetBytes}`);
    expect(over).toEqual([]);
    // Every answer carries text for clients that read only `content`.
    for (const answer of answers) expect(answer.textBytes, answer.question).toBeGreaterThan(40);
  });

  it('long series come summarised by default, the text says how to ask for more, and the parameter gives it all', async () => {
    const endpoint = { baseUrl: stack.baseUrl, authToken: stack.authToken };
    const call = async (name: string, args: Record<string, unknown>) =>
      (await rpc(endpoint, 'tools/call', { name, arguments: args })).message.result as unknown as ToolResult<{
        data: Array<Record<string, unknown>>;
      }>;
    const today = stack.sim.dataset.today;
    // Heart rate since local midnight (Berlin, UTC+1 in November) up to the owner's clock, from the raw rows.
    const from = Date.parse(`${today}T00:00:00+01:00`);
    const readings = stack.sim.dataset.byDatetime.heartrate.filter(
      (row) => Date.parse(row.timestamp) >= from && Date.parse(row.timestamp) <= CAPABILITY_NOW.getTime(),
    );
    expect(readings.length).toBeGreaterThan(24);
    const summarised = await call('get_heart_rate', { start_datetime: `${today}T00:00` });
    expect(summarised.structuredContent!.data.length).toBeLessThanOrEqual(24);
    expect(textOf(summarised)).toContain("for more detail ask for resolution '5min'");
    const raw = await call('get_heart_rate', { start_datetime: `${today}T00:00`, resolution: 'raw' });
    expect(raw.structuredContent!.data.map((point) => point.bpm)).toEqual(readings.map((row) => row.bpm));

    // Sleep series: none for a week by default (the text says how to get them), Oura's own with series 'full'.
    const week = { start_date: shiftDay(today, -6), end_date: today };
    const periods = await call('get_sleep_detailed', week);
    expect(periods.structuredContent!.data.length).toBeGreaterThanOrEqual(7);
    expect(periods.structuredContent!.data.every((row) => row.series === undefined)).toBe(true);
    expect(textOf(periods)).toContain("ask for one day, or series '30min' or 'full'");
    const night = stack.sim.dataset.byDate.sleep.filter((p) => p.day === today && p.type === 'long_sleep').at(-1)!;
    const lastNight = await call('get_sleep_detailed', { start_date: today, end_date: today });
    expect(lastNight.structuredContent!.data[0]!.series).toMatchObject({ interval: 1800 });
    expect(textOf(lastNight)).toContain("series 'full' gives Oura's 5-minute");
    const full = await call('get_sleep_detailed', { start_date: today, end_date: today, series: 'full' });
    expect(full.structuredContent!.data[0]!.series).toMatchObject({
      interval: 300,
      phases: night.sleep_phase_5_min,
      movement: night.movement_30_sec,
      heart_rate: night.heart_rate!.items,
    });
  });

  it('the bench weighs "last night" as the latest synced night: today once the owner is up, yesterday before', async () => {
    const today = stack.sim.dataset.today;
    const awake = { simUrl: stack.sim.url, accessToken: stack.sim.controls.issueTokens().access_token };
    expect(await lastSyncedNight(awake, today)).toBe(today);
    // 02:00 in Berlin: tonight's sleep is still going on, so the latest night is the one that ended yesterday.
    const night = await startSimulator({ now: () => new Date(`${today}T01:00:00Z`), timezone: CAPABILITY_TIMEZONE });
    try {
      expect(night.dataset.byDate.sleep.some((p) => p.day === today && p.type === 'long_sleep')).toBe(false);
      const asleep = { simUrl: night.url, accessToken: night.controls.issueTokens().access_token };
      expect(await lastSyncedNight(asleep, today)).toBe(shiftDay(today, -1));
    } finally {
      await night.close();
    }
  });
});
