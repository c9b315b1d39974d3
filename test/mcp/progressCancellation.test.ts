/**
 * Progress and cancellation of a long tool call, through a real MCP client over the legacy SSE transport
 * (one server per connection, so `notifications/cancelled` reaches the call) against the simulator stack.
 * Heart rate pages of 50 rows make a three-day window many upstream pages; the cache is off so every call
 * pages from the start. Assertions count requests at the simulator, never milliseconds.
 */
import { PassThrough } from 'node:stream';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { ProgressNotificationSchema, type Progress } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { startStack, type Stack } from '../helpers/stack.js';

const NOW = new Date('2025-10-26T08:00:00Z');
const WINDOW = { start_datetime: '2025-10-22T00:00:00+00:00', end_datetime: '2025-10-25T00:00:00+00:00' };
const PAGE_SIZE = 50;

function logLines(): { logger: ReturnType<typeof createLogger>; lines: () => Array<Record<string, unknown>> } {
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

describe('progress and cancellation of a many-page heart-rate call', () => {
  let stack: Stack;
  let client: Client;
  const log = logLines();

  beforeAll(async () => {
    stack = await startStack({
      now: () => NOW,
      env: { CACHE_TTL: '0' },
      simulator: { heartRatePageSize: PAGE_SIZE },
      logger: log.logger,
    });
    client = await sseClient();
  });

  async function sseClient(): Promise<Client> {
    const auth = { Authorization: `Bearer ${stack.authToken}` };
    const sse = new Client({ name: 'progress-test', version: '1.0.0' });
    await sse.connect(
      new SSEClientTransport(new URL(`${stack.baseUrl}/sse`), {
        requestInit: { headers: auth },
        eventSourceInit: {
          fetch: (input, init) =>
            fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), ...auth } }),
        },
      }),
    );
    return sse;
  }

  afterAll(async () => {
    await client.close();
    await stack.close();
  });

  /** Heart-rate rows of the asked window in the simulator's raw data (the server asks for at least these). */
  function heartRateRowsAsked(): number {
    const from = Date.parse(WINDOW.start_datetime);
    const to = Date.parse(WINDOW.end_datetime);
    return stack.sim.dataset.byDatetime.heartrate.filter((row) => {
      const at = Date.parse(row.timestamp);
      return at >= from && at <= to;
    }).length;
  }

  it('sends one increasing progress notification per upstream request when the client asks for progress', async () => {
    stack.sim.controls.resetCounters();
    const updates: Progress[] = [];
    const result = await client.callTool({ name: 'get_heart_rate', arguments: WINDOW }, undefined, {
      onprogress: (progress) => updates.push(progress),
    });
    expect(result.isError).toBeFalsy();

    const counters = stack.sim.controls.counters();
    const pages = counters.heartrate ?? 0;
    expect(pages).toBeGreaterThanOrEqual(Math.ceil(heartRateRowsAsked() / PAGE_SIZE));
    expect(pages).toBeGreaterThanOrEqual(10);
    // One notification per request Oura received, numbered 1, 2, 3, … The SDK client may drop the last one:
    // it handles a notification in a microtask but a response at once, so one arriving in the same chunk as
    // the answer finds its progress handler gone (the server sends it first; see `withCallContext`).
    const upstreamRequests = Object.values(counters).reduce((sum, n) => sum + n, 0);
    expect(updates.length).toBeGreaterThanOrEqual(upstreamRequests - 1);
    expect(updates.map((u) => u.progress)).toEqual(Array.from({ length: updates.length }, (_, i) => i + 1));
    expect(updates.filter((u) => u.message?.includes('heartrate')).length).toBeGreaterThanOrEqual(pages - 1);
  });

  it('sends no progress to a client that did not ask for it', async () => {
    // Its own connection: this handler replaces the one the SDK dispatches `onprogress` from.
    const quiet = await sseClient();
    const seen: unknown[] = [];
    quiet.setNotificationHandler(ProgressNotificationSchema, (notification) => {
      seen.push(notification);
    });
    try {
      const result = await quiet.callTool({ name: 'get_heart_rate', arguments: WINDOW });
      expect(result.isError).toBeFalsy();
      expect(seen).toEqual([]);
    } finally {
      await quiet.close();
    }
  });

  it('a cancelled call stops paging Oura at once, and the connection keeps answering', async () => {
    stack.sim.controls.resetCounters();
    // Oura answers two heart-rate requests, then never again: only the cancellation can end the call.
    stack.sim.controls.setFault('heartrate', { kind: 'hang', after: 2 });
    const controller = new AbortController();
    let heartRatePagesSeen = 0;
    const call = client.callTool({ name: 'get_heart_rate', arguments: WINDOW }, undefined, {
      signal: controller.signal,
      onprogress: (progress) => {
        if (!progress.message?.includes('heartrate')) return;
        heartRatePagesSeen += 1;
        if (heartRatePagesSeen === 2) controller.abort('the owner changed the question');
      },
    });
    await expect(call).rejects.toThrow();

    // The server logs the call's end once its handler returned: cancelled (-32800), not an Oura failure.
    await vi.waitFor(
      () => {
        const ended = log
          .lines()
          .filter((line) => line.message === 'tool call' && line.tool === 'get_heart_rate' && line.code === -32800);
        expect(ended).toHaveLength(1);
      },
      { timeout: 20_000, interval: 50 },
    );
    const atEnd = stack.sim.controls.counters().heartrate ?? 0;
    // Two pages answered; each of the range's four UTC-day windows pages on its own, so at most one more
    // request per window was asked for (and left hanging) when the cancellation came.
    expect(atEnd).toBeGreaterThanOrEqual(2);
    expect(atEnd).toBeLessThanOrEqual(2 + 4);
    expect(atEnd).toBeLessThan(Math.ceil(heartRateRowsAsked() / PAGE_SIZE));
    // The hanging request was aborted, not left holding a slot of the upstream budget.
    expect(stack.deps.health.upstreamBudget?.()?.in_flight).toBe(0);

    // Nothing more reaches Oura afterwards (generous seconds).
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(stack.sim.controls.counters().heartrate ?? 0).toBe(atEnd);

    stack.sim.controls.clearFaults();
    const after = await client.callTool({ name: 'get_personal_info', arguments: {} });
    expect(after.structuredContent).toMatchObject({ email: stack.sim.dataset.personalInfo.email });
  });
});
