/**
 * Our server for the benchmark, in its own process: real config + real deps + real app on 127.0.0.1,
 * against the simulated Oura cloud at argv[2] (bench/servers/sim.ts, another process), connected through
 * the real OAuth routes (the pattern of test/helpers/stack.ts, with production settings and a silent logger).
 *
 * Prints one line `{"url", "authToken", "pid"}` once connected, then answers JSON commands on stdin,
 * one per line, each with one JSON line on stdout (a channel independent of /health):
 *   {"cmd":"rss"}   → {"rss", "heapUsed", "v8Spaces", "anonymous", "rssRightAfterGc", "gc", …}  after a full gc
 *                     (with --expose-gc), once RSS has settled
 *   {"cmd":"rssNoGc"} → {"rss", "heapUsed"}      as the process stands (the soak's samples)
 *   {"cmd":"mark"}  → {"monoUs"}                   the monotonic clock in µs (the clock of --cpu-prof samples)
 *   {"cmd":"clearCache"} → {"ok": true}            empties the data cache (cold-latency runs)
 *   {"cmd":"exit"}  → closes everything and exits (lets --cpu-prof write its profile)
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import v8 from 'node:v8';
import { createApp } from '../../src/http/app.js';
import { parseConfig } from '../../src/config.js';
import { simulatorEnv } from '../../src/simulator/env.js';
import { connectThroughOAuth } from '../../src/demo/connect.js';
import { buildDeps, type Deps } from '../../src/deps.js';
import { listenWithFactory } from '../../src/http/httpServer.js';
import { createSilentLogger } from '../../src/logger.js';

const timezone = process.argv[3] ?? 'Europe/Berlin';
/** Extra environment as JSON (argv[4]), e.g. the soak's limits; wins over the defaults below. */
const extraEnv = JSON.parse(process.argv[4] ?? '{}') as Record<string, string>;
const logger = createSilentLogger();
const simArg = process.argv[2];
if (!simArg) throw new Error('usage: ours.ts <simulator url>');
const sim = { url: simArg };
const dir = mkdtempSync(path.join(os.tmpdir(), 'oura-bench-'));
const authToken = randomBytes(32).toString('hex');

let deps: Deps | undefined;
const running = await listenWithFactory(
  ({ url }) => {
    const config = parseConfig(
      {
        AUTH_TOKEN: authToken,
        TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
        ...simulatorEnv(sim.url),
        OURA_REDIRECT_URI: `${url}/oauth/callback`,
        OURA_TIMEZONE: timezone,
        TOKENS_FILE: path.join(dir, 'tokens.json'),
        NODE_ENV: 'production',
        LOG_LEVEL: 'error',
        // A load generator is one client hammering one server; the limiter still runs on every request.
        RATE_LIMIT_MAX: '100000000',
        ...extraEnv,
      },
      dir,
    );
    deps = buildDeps(config, { logger });
    return createApp(deps);
  },
  { port: 0, host: '127.0.0.1' },
);
const builtDeps = deps!;
const baseUrl = running.url;

// Connect Oura through the real routes: /oauth/authorize (Bearer) → simulator (autoApprove) → /oauth/callback.
await connectThroughOAuth({
  authorizeUrl: `${baseUrl}/oauth/authorize`,
  headers: { authorization: `Bearer ${authToken}` },
});
const status = await builtDeps.connection.status();
if (!status.connected) throw new Error(`the OAuth flow finished but Oura is not connected: ${status.error ?? ''}`);

function send(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

async function shutdown(): Promise<void> {
  await running.close(200);
  await builtDeps.close();
  rmSync(dir, { recursive: true, force: true });
}

send({ url: baseUrl, authToken, pid: process.pid });

const gc = (globalThis as { gc?: () => void }).gc;

/** Where RSS lives: V8's spaces (bytes committed to memory) and the kernel's anonymous/file-backed split. */
function memoryDetail() {
  const usage = process.memoryUsage();
  const rollup = existsSync('/proc/self/smaps_rollup') ? readFileSync('/proc/self/smaps_rollup', 'utf8') : '';
  const kb = (field: string): number =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(rollup)?.[1] ?? NaN) * 1024;
  return {
    rss: usage.rss,
    heapUsed: usage.heapUsed,
    heapTotal: usage.heapTotal,
    external: usage.external,
    arrayBuffers: usage.arrayBuffers,
    v8Spaces: Object.fromEntries(
      v8.getHeapSpaceStatistics().map((space) => [space.space_name, space.physical_space_size]),
    ),
    /** Private memory: V8's pages, malloc, stacks. The rest of RSS is mapped files (the node binary's code). */
    anonymous: kb('Anonymous'),
  };
}

/**
 * RSS after a full gc, once it stops falling: V8 returns the pages a gc freed from a background task,
 * so a reading taken right after gc() still counts them (25 MB of 160 MB in one run).
 */
async function settledMemory(): Promise<
  ReturnType<typeof memoryDetail> & { rssRightAfterGc: number; settleMs: number }
> {
  gc?.();
  gc?.();
  const rssRightAfterGc = process.memoryUsage.rss();
  const started = Date.now();
  let previous = rssRightAfterGc;
  for (let stable = 0; stable < 2 && Date.now() - started < 5000;) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = process.memoryUsage.rss();
    stable = previous - now < 256 * 1024 ? stable + 1 : 0;
    previous = now;
  }
  return { ...memoryDetail(), rssRightAfterGc, settleMs: Date.now() - started };
}

const lines = readline.createInterface({ input: process.stdin });
lines.on('line', (line) => {
  let cmd: string;
  try {
    cmd = (JSON.parse(line) as { cmd: string }).cmd;
  } catch {
    send({ error: 'bad command' });
    return;
  }
  switch (cmd) {
    case 'rss':
      void settledMemory().then((memory) => send({ ...memory, gc: Boolean(gc) }));
      break;
    case 'rssNoGc': {
      const usage = process.memoryUsage();
      send({ rss: usage.rss, heapUsed: usage.heapUsed });
      break;
    }
    case 'mark':
      send({ monoUs: Number(process.hrtime.bigint() / 1000n) });
      break;
    case 'clearCache':
      // A cold cache for the next call, as on the owner's first question of the day.
      builtDeps.cache.clear();
      send({ ok: true });
      break;
    case 'exit':
      void shutdown().then(() => {
        send({ ok: true });
        process.exit(0);
      });
      break;
    default:
      send({ error: `unknown command ${cmd}` });
  }
});
process.on('SIGTERM', () => void shutdown().then(() => process.exit(0)));
