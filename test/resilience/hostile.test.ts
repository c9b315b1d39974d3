/**
 * Hostile input (issue 7): a seeded generator sends 2,400 malformed requests to `/mcp`, `/message` and
 * the OAuth routes of the real app (most with the right Bearer header, so they reach the MCP layer and
 * every tool's argument validation). Every answer must be a 4xx, a JSON-RPC error or an `isError`
 * result (a few requests are allowed to be valid); never a 5xx, never an HTML page echoing a script
 * payload unescaped, no unhandled rejection, no prototype pollution, and afterwards a valid call succeeds.
 * Replay a failure with the seed printed in the assertion.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tools } from '../../src/mcp/registry.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { hostileRequest, mulberry32, UNESCAPED_MARKERS, type HostileRequest } from './helpers/hostile.js';
import { callTool } from './helpers/results.js';

const SEED = 20_251_126;
const REQUESTS = 2_400;
const CONCURRENCY = 8;

let stack: Stack;
let sse: { sessionId: string; close: () => void; received: () => string };
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};

/** Opens GET /sse, waits for the `endpoint` event, then keeps draining the stream. */
async function openSse(baseUrl: string, authToken: string): Promise<typeof sse> {
  const controller = new AbortController();
  const response = await fetch(`${baseUrl}/sse`, {
    headers: { authorization: `Bearer ${authToken}`, accept: 'text/event-stream' },
    signal: controller.signal,
  });
  expect(response.status).toBe(200);
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  let sessionId: string | undefined;
  while (sessionId === undefined) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`SSE stream ended before the endpoint event: ${text}`);
    text += decoder.decode(value, { stream: true });
    sessionId = /sessionId=([\w-]+)/.exec(text)?.[1];
  }
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        // Keep only the tail: the stream carries every answer to the live-session messages.
        text = (text + decoder.decode(value, { stream: true })).slice(-200_000);
      }
    } catch {
      // Aborted at the end of the test.
    }
  })();
  return { sessionId, close: () => controller.abort(), received: () => text };
}

interface Verdict {
  n: number;
  kind: string;
  path: string;
  status: number;
  problem: string;
  snippet: string;
}

interface Tally {
  clientError: number;
  jsonRpcError: number;
  isErrorResult: number;
  acceptedForStream: number;
  redirect: number;
  validSuccess: number;
}

/** JSON-RPC messages in a 2xx body: plain JSON or SSE `data:` lines. */
function jsonRpcMessages(body: string): unknown[] {
  const trimmed = body.trim();
  if (trimmed === '') return [];
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    const parsed = JSON.parse(trimmed) as unknown;
    return Array.isArray(parsed) ? parsed : [parsed];
  }
  return [...trimmed.matchAll(/^data: (.*)$/gm)].map((m) => JSON.parse(m[1]!) as unknown);
}

function judge(
  request: HostileRequest,
  n: number,
  status: number,
  contentType: string,
  body: string,
  tally: Tally,
): Verdict | null {
  const fail = (problem: string): Verdict => ({
    n,
    kind: request.kind,
    path: request.path.slice(0, 120),
    status,
    problem,
    snippet: body.slice(0, 300),
  });
  if (status >= 500) return fail('5xx');
  if (contentType.includes('html')) {
    for (const marker of UNESCAPED_MARKERS) if (body.includes(marker)) return fail(`HTML echoes ${marker} unescaped`);
  }
  if (status >= 400) {
    tally.clientError++;
    return null;
  }
  if (status >= 300) {
    if (!request.path.startsWith('/oauth/authorize')) return fail('unexpected redirect');
    tally.redirect++;
    return null;
  }
  if (status === 202 && request.path.startsWith('/message')) {
    tally.acceptedForStream++;
    return null;
  }
  if (
    request.path.startsWith('/oauth/') ||
    request.path.startsWith('/auth/') ||
    request.path.startsWith('/.well-known/')
  ) {
    if (!request.mayBeValid) return fail('2xx from an OAuth route for an invalid request');
    tally.validSuccess++;
    return null;
  }
  let messages: unknown[];
  try {
    messages = jsonRpcMessages(body);
  } catch {
    return fail('2xx body is not JSON-RPC');
  }
  if (messages.length === 0)
    return status === 202 ? (tally.acceptedForStream++, null) : fail('2xx without a JSON-RPC answer');
  for (const message of messages) {
    const m = message as { error?: unknown; result?: { isError?: boolean } };
    // Our tools' -32603 ("failed unexpectedly") means a handler crashed on the input instead of refusing it.
    // (The SDK itself answers params that fail its request schema with a JSON-RPC -32603; that is an
    // error answer as the issue allows, and outside this server's code.)
    if (m.result?.isError === true && JSON.stringify(m).includes('failed unexpectedly'))
      return fail('tool crashed (-32603) on hostile input');
    if (m.error !== undefined) tally.jsonRpcError++;
    else if (m.result?.isError === true) tally.isErrorResult++;
    else if (m.result !== undefined && request.mayBeValid) tally.validSuccess++;
    else return fail('2xx JSON-RPC answer that is neither an error nor an isError result');
  }
  return null;
}

/** Runs `count` tasks with at most `limit` in flight. */
async function pool(count: number, limit: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  stack = await startStack({
    env: { RATE_LIMIT_MAX: '1000000' },
    ouraClient: { timeoutMs: 2_000, requestBudgetMs: 4_000 },
  });
  sse = await openSse(stack.baseUrl, stack.authToken);
});

afterAll(async () => {
  sse?.close();
  await stack?.close();
  process.off('unhandledRejection', onUnhandled);
});

describe('hostile input', () => {
  it(`${REQUESTS} seeded malformed requests (seed ${SEED}): never a 5xx, no unescaped echo, no crash`, async () => {
    const random = mulberry32(SEED);
    const requests = Array.from({ length: REQUESTS }, (_, n) =>
      hostileRequest({ random, authToken: stack.authToken, tools, liveSessionId: sse.sessionId }, n),
    );
    const tally: Tally = {
      clientError: 0,
      jsonRpcError: 0,
      isErrorResult: 0,
      acceptedForStream: 0,
      redirect: 0,
      validSuccess: 0,
    };
    const failures: Verdict[] = [];
    const kinds = new Map<string, number>();

    await pool(requests.length, CONCURRENCY, async (n) => {
      const request = requests[n]!;
      kinds.set(request.kind.split(' ')[0]!, (kinds.get(request.kind.split(' ')[0]!) ?? 0) + 1);
      const response = await fetch(`${stack.baseUrl}${request.path}`, {
        method: request.method,
        headers: request.headers,
        body: request.method === 'GET' ? undefined : request.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(90_000),
      });
      const body = await response.text();
      const verdict = judge(request, n, response.status, response.headers.get('content-type') ?? '', body, tally);
      if (verdict) failures.push(verdict);
    });

    expect(failures.slice(0, 10), `seed ${SEED}: ${failures.length} bad answers`).toEqual([]);
    expect(unhandled).toEqual([]);
    // The live SSE session got its answers on the stream: none of them an internal error either.
    expect(sse.received()).toContain('event: message');
    expect(sse.received()).not.toContain('failed unexpectedly');
    // The mix really exercised every path: plenty of each kind of refusal.
    expect(tally.clientError).toBeGreaterThan(200);
    // A check that the mix reached the JSON-RPC layer; the exact count moves with the tools' schemas and routes.
    expect(tally.jsonRpcError).toBeGreaterThan(50);
    expect(tally.isErrorResult).toBeGreaterThan(300);
    expect(tally.acceptedForStream).toBeGreaterThan(50);
    expect([...kinds.keys()].sort()).toEqual([
      'bad',
      'content-type',
      'deep',
      'mcp',
      'oauth',
      'oversized',
      'random',
      'session/accept',
      'tools/call',
      'truncated',
      'unknown',
      'wrong',
    ]);
    // No prototype pollution reached this process (the app runs in it).
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('afterwards the server is healthy and a valid call succeeds', async () => {
    const health = await fetch(`${stack.baseUrl}/health`, { headers: { authorization: `Bearer ${stack.authToken}` } });
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', oauth_connected: true });
    const client = await stack.client();
    const outcome = await callTool(client, 'get_sleep_summary', { start_date: stack.sim.dataset.today });
    expect(outcome.isError, outcome.text).toBe(false);
    expect(outcome.structured).toBeDefined();
    expect(unhandled).toEqual([]);
  });
});
