/**
 * `npm run bench:soak` (or `npm run bench -- --only soak`): the hostile soak of issue 16. Our server (its
 * own process, production settings, the default upstream budget) against the simulated Oura cloud (another
 * process), for SOAK_SECONDS (default 300) of mixed traffic:
 *
 * - one normal client: a week of sleep every 2 s;
 * - batch amplifiers: batches of 10 cold `tools/call`s over random past weeks since 2016;
 * - cancellers: a batch of a `tools/call` and a `notifications/cancelled` for it;
 * - bad dates: year 0000 and year 9999;
 * - slow bodies without the key: `Content-Length: 100000`, one byte every 2 s;
 * - spoofers: rotating `X-Forwarded-For` from one client;
 * - pollers of `/health` and `/oauth/status`.
 *
 * Clients are told apart by `X-Forwarded-For` (the server trusts its loopback peer as a proxy, like ngrok).
 * Reports upstream requests (the simulator's counters), RSS of our process every 10 s, answers per status
 * and JSON-RPC outcomes per kind, how long slow-body sockets live after their 401, and the 5xx count (which
 * must be 0). Recorded in bench/results.json under `hostileSoak` and rendered into the README.
 */
import net from 'node:net';
import { UPSTREAM_BUDGET_DEFAULTS } from '../src/oura/upstreamBudget.js';
import { mcpHeaders, percentile, sleep, startChild, type Child } from './lib.js';
import { recordSoak, SOAK_TARGETS, type SoakResult } from './soakReport.js';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 300);
const TIMEZONE = 'Europe/Berlin';
const log = (message: string): void => console.error(`[soak ${new Date().toISOString().slice(11, 19)}] ${message}`);

const statuses = new Map<string, Map<string, number>>();
const count = (kind: string, status: number | string): void => {
  const byStatus = statuses.get(kind) ?? new Map<string, number>();
  byStatus.set(String(status), (byStatus.get(String(status)) ?? 0) + 1);
  statuses.set(kind, byStatus);
};
const outcomes = new Map<string, Map<string, number>>();
/** Counts each JSON-RPC answer in `body` by outcome: `data`, or its error code (a tool error's `_meta.code`). */
const countOutcomes = (kind: string, body: string): void => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return;
  }
  const byOutcome = outcomes.get(kind) ?? new Map<string, number>();
  for (const answer of Array.isArray(parsed) ? parsed : [parsed]) {
    const a = answer as { error?: { code?: number }; result?: { isError?: boolean; _meta?: { code?: number } } };
    const outcome = a.error
      ? String(a.error.code)
      : a.result?.isError
        ? String(a.result._meta?.code ?? 'tool error')
        : a.result
          ? 'data'
          : undefined;
    if (outcome !== undefined) byOutcome.set(outcome, (byOutcome.get(outcome) ?? 0) + 1);
  }
  outcomes.set(kind, byOutcome);
};

function randomPastWeek(): { start_date: string; end_date: string } {
  const from = Date.UTC(2016, 0, 1);
  const to = Date.now() - 8 * 86_400_000;
  const start = new Date(from + Math.floor(Math.random() * (to - from)));
  const end = new Date(start.getTime() + 6 * 86_400_000);
  return { start_date: start.toISOString().slice(0, 10), end_date: end.toISOString().slice(0, 10) };
}

function call(id: number, name: string, args: Record<string, unknown>): Record<string, unknown> {
  return { jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args } };
}

async function post(
  baseUrl: string,
  kind: string,
  headers: Record<string, string>,
  body: unknown,
  pathName = '/mcp',
): Promise<void> {
  try {
    const response = await fetch(`${baseUrl}${pathName}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    });
    const text = await response.text();
    count(kind, response.status);
    countOutcomes(kind, text);
  } catch (error) {
    count(kind, `client error: ${(error as Error).name}`);
  }
}

async function get(baseUrl: string, kind: string, pathName: string, headers: Record<string, string>): Promise<void> {
  try {
    const response = await fetch(`${baseUrl}${pathName}`, { headers, signal: AbortSignal.timeout(30_000) });
    await response.arrayBuffer();
    count(kind, response.status);
  } catch (error) {
    count(kind, `client error: ${(error as Error).name}`);
  }
}

interface SocketLife {
  /** Connect to close. */
  lifetimeMs: number;
  /** First byte of the answer to close; null when no answer came. */
  afterAnswerMs: number | null;
}

/** Opens a POST without the key that promises 100 kB and trickles one byte every 2 s; resolves with how long the socket lived. */
function slowBody(port: number, stopAt: number): Promise<SocketLife> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = net.connect(port, '127.0.0.1');
    let timer: ReturnType<typeof setInterval> | undefined;
    let answered = false;
    let answeredAt = 0;
    socket.on('connect', () => {
      socket.write(
        `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{`,
      );
      timer = setInterval(() => {
        if (Date.now() > stopAt) socket.destroy();
        else socket.write('x');
      }, 2000);
    });
    socket.on('data', (chunk) => {
      if (!answered) {
        answered = true;
        answeredAt = Date.now();
        count('slow body without key', /^HTTP\/1\.1 (\d+)/.exec(chunk.toString())?.[1] ?? 'unparsed');
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      const closedAt = Date.now();
      resolve({ lifetimeMs: closedAt - started, afterAnswerMs: answered ? closedAt - answeredAt : null });
    });
  });
}

async function loop(until: number, pauseMs: number, step: () => Promise<void>): Promise<void> {
  while (Date.now() < until) {
    await step();
    if (pauseMs > 0) await sleep(pauseMs);
  }
}

export async function soak(): Promise<SoakResult> {
  const children: Child[] = [];
  try {
    const sim = await startChild('sim.ts', { args: [TIMEZONE] });
    children.push(sim);
    const env = { TRUST_PROXY: 'loopback', RATE_LIMIT_MAX: '300', RATE_LIMIT_WINDOW_MS: '60000' };
    const ours = await startChild('ours.ts', { args: [sim.info.url, TIMEZONE, JSON.stringify(env)] });
    children.push(ours);
    await sim.command('resetCounters');
    const baseUrl = ours.info.url;
    const port = Number(new URL(baseUrl).port);
    const authToken = String(ours.info.authToken);
    const as = (address: string): Record<string, string> => ({ ...mcpHeaders(authToken), 'x-forwarded-for': address });
    const until = Date.now() + SECONDS * 1000;
    let id = 0;

    const rss: Array<{ second: number; rssMb: number }> = [];
    const startedAt = Date.now();
    const sampleRss = async (): Promise<void> => {
      const usage = await ours.command<{ rss: number }>('rssNoGc');
      rss.push({
        second: Math.round((Date.now() - startedAt) / 1000),
        rssMb: Math.round((usage.rss / 2 ** 20) * 10) / 10,
      });
    };
    await sampleRss();
    log(`soaking for ${SECONDS} s against ${baseUrl}`);

    const slowSockets: SocketLife[] = [];
    const work: Array<Promise<unknown>> = [
      loop(until, 10_000, sampleRss),
      // The owner's assistant: a week of sleep every 2 s.
      loop(until, 2000, () =>
        post(baseUrl, 'normal', as('198.51.100.1'), call(++id, 'get_sleep_summary', randomPastWeek())),
      ),
      // Batch amplifiers from 6 addresses.
      ...[1, 2, 3, 4, 5, 6].map((n) =>
        loop(until, 200, () =>
          post(
            baseUrl,
            'batch of 10 cold calls',
            as(`203.0.113.${n}`),
            Array.from({ length: 10 }, () => call(++id, 'get_sleep_summary', randomPastWeek())),
          ),
        ),
      ),
      // A call and its cancellation in one batch.
      loop(until, 500, async () => {
        const target = ++id;
        await post(baseUrl, 'call + cancel in a batch', as('203.0.113.20'), [
          call(target, 'get_heart_rate', {
            start_datetime: '2024-03-01T00:00:00+01:00',
            end_datetime: '2024-03-07T00:00:00+01:00',
          }),
          { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: target, reason: 'soak' } },
        ]);
      }),
      loop(until, 500, () =>
        post(baseUrl, 'year 0000 / 9999', as('203.0.113.21'), [
          call(++id, 'get_sleep_summary', { start_date: '0000-01-01', end_date: '0000-01-07' }),
          call(++id, 'get_readiness_score', { start_date: '9999-12-01', end_date: '9999-12-07' }),
        ]),
      ),
      // One client rotating the left part of X-Forwarded-For (ngrok would append the real address).
      loop(until, 50, () =>
        post(
          baseUrl,
          'spoofed X-Forwarded-For',
          as(`10.9.${id % 250}.${id % 200}, 203.0.113.30`),
          call(++id, 'get_personal_info', {}),
        ),
      ),
      loop(until, 100, () => get(baseUrl, '/health', '/health', { 'x-forwarded-for': '203.0.113.40' })),
      loop(until, 100, () =>
        get(baseUrl, '/oauth/status', '/oauth/status', {
          authorization: `Bearer ${authToken}`,
          'x-forwarded-for': '203.0.113.41',
        }),
      ),
      // Slow bodies without the key: 40 sockets at a time.
      ...Array.from({ length: 40 }, () =>
        loop(until, 0, async () => void slowSockets.push(await slowBody(port, until))),
      ),
    ];
    await Promise.all(work);
    await sampleRss();

    const counters = (await sim.command<{ counters: Record<string, number> }>('counters')).counters;
    const upstream = Object.fromEntries(
      Object.entries(counters).filter(([route, n]) => !route.startsWith('oauth') && n > 0),
    );
    const upstreamTotal = Object.values(upstream).reduce((a, b) => a + b, 0);
    const answers = Object.fromEntries([...statuses].map(([kind, byStatus]) => [kind, Object.fromEntries(byStatus)]));
    const fiveHundreds = [...statuses.values()]
      .flatMap((byStatus) => [...byStatus].filter(([status]) => /^5\d\d$/.test(status)).map(([, n]) => n))
      .reduce((a, b) => a + b, 0);
    const sorted = (values: number[]): number[] => [...values].sort((a, b) => a - b);
    const lifetimes = sorted(slowSockets.map((life) => life.lifetimeMs));
    // Sockets the soak itself ended (at its stop time) before any answer are not the server's doing.
    const afterAnswer = sorted(
      slowSockets.flatMap((life) => (life.afterAnswerMs === null ? [] : [life.afterAnswerMs])),
    );
    const budget = {
      maxRequests: UPSTREAM_BUDGET_DEFAULTS.maxRequests,
      windowSeconds: UPSTREAM_BUDGET_DEFAULTS.windowMs / 1000,
    };
    const allowedAtMost = budget.maxRequests + Math.ceil((SECONDS / budget.windowSeconds) * budget.maxRequests);
    const rssMaxMb = Math.max(...rss.map((sample) => sample.rssMb));
    const result: SoakResult = {
      seconds: SECONDS,
      date: new Date().toISOString(),
      upstream: { total: upstreamTotal, perRoute: upstream, budget, allowedAtMost },
      rss,
      rssMaxMb,
      answers,
      outcomes: Object.fromEntries([...outcomes].map(([kind, byOutcome]) => [kind, Object.fromEntries(byOutcome)])),
      slowBodySockets: {
        count: lifetimes.length,
        lifetimeP50Ms: percentile(lifetimes, 50),
        lifetimeP99Ms: percentile(lifetimes, 99),
        closeAfterAnswerP50Ms: percentile(afterAnswer, 50),
        closeAfterAnswerP99Ms: percentile(afterAnswer, 99),
        closeAfterAnswerMaxMs: afterAnswer.at(-1) ?? 0,
      },
      fiveHundreds,
      met: {
        upstreamWithinBudget: upstreamTotal <= allowedAtMost,
        rssUnder250Mb: rssMaxMb < SOAK_TARGETS.rssMb,
        closedWithin1s: percentile(afterAnswer, 99) <= SOAK_TARGETS.closeAfterAnswerMs,
        noFiveHundreds: fiveHundreds === 0,
      },
    };
    log(`upstream ${upstreamTotal}, RSS max ${rssMaxMb} MB, 5xx ${fiveHundreds}`);
    return result;
  } finally {
    await Promise.allSettled(children.map((running) => running.stop()));
  }
}

/** Runs the soak, records it (bench/results.json, README) and says whether it held. */
export async function soakAndRecord(): Promise<SoakResult> {
  const result = await soak();
  recordSoak(result);
  log('recorded under hostileSoak in bench/results.json; README section rendered');
  return result;
}

if (process.argv[1]?.endsWith('soak.ts')) {
  const result = await soakAndRecord();
  process.exit(Object.values(result.met).every(Boolean) ? 0 : 1);
}
