/**
 * Proof 1 (issue 6): a client nobody here wrote — the SDK client at 1.17.3 (the version Poke shipped with),
 * given the `/sse` URL and the Bearer header, behaving like Poke: Streamable HTTP first (our server must
 * answer 405 there), then the fallback to the legacy SSE transport. It lists the tools and calls every one
 * against the simulator. 1.17.3 validates each structuredContent against the tool's outputSchema itself
 * (an invalid one throws), so every successful call is also a schema check by an independent validator.
 * The same client over `/mcp` too.
 */
import { Client } from 'sdk-1.17.3/client/index.js';
import { SSEClientTransport } from 'sdk-1.17.3/client/sse.js';
import { StreamableHTTPClientTransport } from 'sdk-1.17.3/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tools } from '../../src/mcp/registry.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { type ToolResult } from '../helpers/toolResults.js';

/** Sunday 26 Oct 2025, 12:00 in Berlin. */
const NOW = new Date('2025-10-26T11:00:00Z');
const RANGE = { start_date: '2025-10-20', end_date: '2025-10-26' };

/** Sensible arguments for every tool in the registry; a tool missing here fails the test. */
const ARGUMENTS: Record<string, Record<string, unknown>> = {
  get_personal_info: {},
  get_sleep_summary: RANGE,
  get_readiness_score: RANGE,
  get_activity_summary: RANGE,
  get_heart_rate: { start_datetime: '2025-10-25T08:00:00+02:00', end_datetime: '2025-10-25T12:00:00+02:00' },
  get_workouts: RANGE,
  get_sleep_detailed: { start_date: '2025-10-25', end_date: '2025-10-26' },
  get_tags: RANGE,
  get_latest_ring_status: {},
  get_health_insights: { days: 7, end_date: '2025-10-26' },
  get_stress_and_resilience: RANGE,
  get_spo2: RANGE,
  get_cardio_fitness: RANGE,
  get_sessions: RANGE,
  get_bedtime_guidance: RANGE,
  get_rest_mode_periods: RANGE,
  connect_oura: {},
};

type CallResult = ToolResult<Record<string, unknown>>;

/** Poke's connection logic: Streamable HTTP at the given URL, then SSE when that answers 405. */
async function connectLikePoke(
  url: URL,
  authorization: string,
): Promise<{ client: Client; fallbackStatus: number | undefined }> {
  const headers = { Authorization: authorization };
  const first = new Client({ name: 'poke-like-client', version: '1.0.0' });
  try {
    await first.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers } }));
    return { client: first, fallbackStatus: undefined };
  } catch (error) {
    await first.close().catch(() => undefined);
    const status = Number(/\(HTTP (\d{3})\)/.exec(String((error as Error).message))?.[1]);
    if (status !== 405) throw error;
    const client = new Client({ name: 'poke-like-client', version: '1.0.0' });
    await client.connect(
      new SSEClientTransport(url, {
        requestInit: { headers },
        eventSourceInit: {
          fetch: (input, init) =>
            fetch(input, {
              ...init,
              headers: { ...(init?.headers as Record<string, string> | undefined), ...headers },
            }),
        },
      }),
    );
    return { client, fallbackStatus: status };
  }
}

describe('a Poke-like client (SDK 1.17.3) against the real server and the simulated Oura cloud', () => {
  let stack: Stack;
  const clients: Client[] = [];

  beforeAll(async () => {
    stack = await startStack({ now: () => NOW });
  });
  afterAll(async () => {
    await Promise.allSettled(clients.map((client) => client.close()));
    await stack?.close();
  });

  async function exerciseEveryTool(client: Client): Promise<Map<string, CallResult>> {
    // listTools first: 1.17.3 caches the output-schema validators from it and checks every call's structuredContent.
    const listed = await client.listTools();
    const names = listed.tools.map((tool) => tool.name);
    for (const tool of tools) expect(names).toContain(tool.name);
    expect(Object.keys(ARGUMENTS).sort()).toEqual(tools.map((tool) => tool.name).sort());

    const results = new Map<string, CallResult>();
    for (const tool of tools) {
      const result = (await client.callTool({ name: tool.name, arguments: ARGUMENTS[tool.name] })) as CallResult;
      expect(result.isError, `${tool.name}: ${JSON.stringify(result.content)}`).toBeFalsy();
      expect(result.content.length, tool.name).toBeGreaterThan(0);
      if (listed.tools.find((t) => t.name === tool.name)?.outputSchema)
        expect(result.structuredContent, tool.name).toBeDefined();
      results.set(tool.name, result);
    }
    return results;
  }

  function checkRealValues(results: Map<string, CallResult>): void {
    const info = stack.sim.dataset.personalInfo;
    const personal = results.get('get_personal_info')!.structuredContent as {
      height: number | null;
      age: number | null;
    };
    expect(info.height).not.toBeNull();
    expect(personal.height).toBe(Math.round(info.height! * 100 * 10) / 10);
    expect(personal.age).toBe(info.age);

    const { daily_sleep: dailySleep, sleep } = stack.sim.dataset.byDate;
    const inRange = (day: string) => day >= RANGE.start_date && day <= RANGE.end_date;
    const sleepDays = new Set(
      [
        ...dailySleep.map((d) => d.day),
        ...sleep.filter((p) => p.type !== 'rest' && p.type !== 'deleted').map((p) => p.day),
      ].filter(inRange),
    );
    expect(sleepDays.size).toBeGreaterThan(0);
    const summary = results.get('get_sleep_summary')!.structuredContent as { summary: { total_days: number } };
    expect(summary.summary.total_days).toBe(sleepDays.size);

    const readinessDays = stack.sim.dataset.byDate.daily_readiness.filter((r) => inRange(r.day));
    const readiness = results.get('get_readiness_score')!.structuredContent as {
      data: Array<{ date: string; score: number | null }>;
    };
    expect(readiness.data.map((row) => [row.date, row.score])).toEqual(readinessDays.map((r) => [r.day, r.score]));

    const connected = results.get('connect_oura')!.structuredContent as { connected: boolean };
    expect(connected.connected).toBe(true);
  }

  it('given /sse: Streamable HTTP answers 405, falls back to SSE, lists every tool and calls each one', async () => {
    const { client, fallbackStatus } = await connectLikePoke(
      new URL(`${stack.baseUrl}/sse`),
      `Bearer ${stack.authToken}`,
    );
    clients.push(client);
    expect(fallbackStatus).toBe(405);
    checkRealValues(await exerciseEveryTool(client));
  });

  it('given /mcp: Streamable HTTP works directly, lists every tool and calls each one', async () => {
    const { client, fallbackStatus } = await connectLikePoke(
      new URL(`${stack.baseUrl}/mcp`),
      `Bearer ${stack.authToken}`,
    );
    clients.push(client);
    expect(fallbackStatus).toBeUndefined();
    checkRealValues(await exerciseEveryTool(client));
  });

  it('with a wrong Bearer token the SSE fallback is refused (the proof above is not passing by accident)', async () => {
    await expect(connectLikePoke(new URL(`${stack.baseUrl}/sse`), 'Bearer wrong-token')).rejects.toThrow();
  });
});
