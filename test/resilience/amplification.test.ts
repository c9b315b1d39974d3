/**
 * Batch amplification (issue 16, attack 1) against a real server process: 31 POSTs, each a batch of 10
 * `tools/call`s over cold past weeks, from one client within the rate limit. Before the upstream budget
 * this drove Oura past its own allowance (5,828 requests for 31 batches of 100) and grew the cache without
 * bound. Now the simulator must count at most the budget, every call must answer (data or the budget
 * error -32003 with a wait), and the process's RSS must stay bounded.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../helpers/stack.js';
import { secondServerEnv, spawnServer } from './helpers/secondServer.js';

const BUDGET = 100;
/** An hour-long window: the bucket refills by under one request over the test, so the bound is near exact. */
const WINDOW_MS = 3_600_000;
const BATCHES = 31;
const BATCH_SIZE = 10;

let stack: Stack | undefined;
let stopServer: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stopServer?.();
  await stack?.close();
});

/** Resident set size of a process, from /proc (Linux), in MB. */
function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
}

/** The Monday-to-Sunday week `n` weeks after 2016-01-04, all different and all long past. */
function coldWeek(n: number): { start_date: string; end_date: string } {
  const start = new Date(Date.UTC(2016, 0, 4) + n * 7 * 86_400_000);
  const end = new Date(start.getTime() + 6 * 86_400_000);
  return { start_date: start.toISOString().slice(0, 10), end_date: end.toISOString().slice(0, 10) };
}

interface RpcAnswer {
  id: number;
  result?: { isError?: boolean; _meta?: { code?: number; details?: { retry_after_seconds?: number } } };
  error?: { code: number };
}

describe('batch amplification', () => {
  it(
    `${BATCHES} batches of ${BATCH_SIZE} cold calls: Oura sees at most the budget, every call answers, RSS stays bounded`,
    { timeout: 120_000 },
    async () => {
      const s = await startStack();
      stack = s;
      const token = randomBytes(32).toString('hex');
      const server = await spawnServer({
        ...secondServerEnv(s, token),
        CACHE_TTL: '300',
        UPSTREAM_BUDGET_MAX: String(BUDGET),
        UPSTREAM_BUDGET_WINDOW_MS: String(WINDOW_MS),
      });
      const exited = new Promise<void>((resolve) => server.child.once('exit', () => resolve()));
      stopServer = async () => {
        if (server.child.exitCode === null) server.child.kill('SIGTERM');
        await exited;
      };
      s.sim.controls.resetCounters();
      const started = Date.now();

      const answers: RpcAnswer[] = [];
      let id = 0;
      for (let batch = 0; batch < BATCHES; batch++) {
        const body = Array.from({ length: BATCH_SIZE }, () => {
          id++;
          return {
            jsonrpc: '2.0',
            id,
            method: 'tools/call',
            params: { name: 'get_sleep_summary', arguments: coldWeek(id) },
          };
        });
        const response = await fetch(`${server.url}/mcp`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
          },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(60_000),
        });
        expect(response.status).toBe(200);
        answers.push(...((await response.json()) as RpcAnswer[]));
      }

      const upstream = Object.entries(s.sim.controls.counters())
        .filter(([route]) => !route.startsWith('oauth'))
        .reduce((total, [, n]) => total + n, 0);
      expect(upstream).toBeGreaterThan(0);
      // The full bucket, plus what it refilled while the test ran (one request per 36 s).
      expect(upstream).toBeLessThanOrEqual(BUDGET + Math.floor(((Date.now() - started) * BUDGET) / WINDOW_MS));

      expect(answers).toHaveLength(BATCHES * BATCH_SIZE);
      let data = 0;
      let refused = 0;
      for (const answer of answers) {
        expect(answer.error, JSON.stringify(answer)).toBeUndefined();
        if (answer.result?.isError) {
          expect(answer.result._meta?.code, JSON.stringify(answer)).toBe(-32003);
          expect(answer.result._meta?.details?.retry_after_seconds).toBeGreaterThan(0);
          refused++;
        } else {
          data++;
        }
      }
      expect(data).toBeGreaterThan(0);
      expect(refused).toBeGreaterThan(0);

      const health = (await (
        await fetch(`${server.url}/health`, { headers: { authorization: `Bearer ${token}` } })
      ).json()) as { upstream_budget: { limit: number; remaining: number } };
      expect(health.upstream_budget.limit).toBe(BUDGET);
      expect(health.upstream_budget.remaining).toBeLessThan(5);

      // Generous for a busy machine and a tsx-run server; the attack took it from 284 to 540 MB.
      expect(rssMb(server.child.pid!)).toBeLessThan(250);
    },
  );
});
