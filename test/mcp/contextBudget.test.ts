/**
 * Context budgets (issue #13), measured through the real /mcp endpoint against the simulator: the tool
 * list every conversation pays for on every turn, the instructions, and the default answers to the
 * standard questions (bench/context.ts), text + structuredContent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ANSWER_BUDGETS,
  measureAnswers,
  measureServer,
  standardQuestions,
  TOOL_LIST_BUDGET,
  type AnswerSizes,
  type ServerSizes,
} from '../../bench/context.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { CAPABILITY_NOW, CAPABILITY_TIMEZONE } from './capabilities.js';

const INSTRUCTIONS_BUDGET = 1_536;

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
});
