/**
 * `npm run bench`: every part of the benchmark in one run on one machine, so the figures are ratios
 * that hold on a noisy machine. Each server runs in its own child process; the load generator
 * (autocannon, or our own SSE loop) runs here. Writes bench/results.json and renders the README section.
 *
 * BENCH_SECONDS (default 8) sets the length of each load run.
 */
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import {
  benchDir,
  callTool,
  cannon,
  httpLoop,
  mcpHeaders,
  sleep,
  SseSession,
  sseLoad,
  startChild,
  toolCallBody,
  type Child,
  type ChildOptions,
  type LoadResult,
} from './lib.js';
import { coldCases, measureColdLatency, NETWORK_MODEL } from './cold.js';
import { measureContextEconomy } from './context.js';
import { economyBound, type EconomyCall } from './economy.js';
import type { LoggedListRequest } from '../src/simulator/faults.js';
import { measureStartup } from './startup.js';
import { summariseProfile } from './profile.js';
import { renderReadme } from './render.js';
import { soak } from './soak.js';
import type { SoakResult } from './soakReport.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
/** `npm run bench -- --only soak`: just the 5-minute hostile soak (bench/soak.ts). */
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
if (only === 'soak') {
  const { soakAndRecord } = await import('./soak.js');
  const result = await soakAndRecord();
  process.exit(Object.values(result.met).every(Boolean) ? 0 : 1);
}
const TIMEZONE = 'Europe/Berlin';
const log = (message: string): void => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);

function localDay(offsetDays = 0): string {
  const today = new Intl.DateTimeFormat('en-CA', {
    timeZone: TIMEZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
  const date = new Date(`${today}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + offsetDays);
  return date.toISOString().slice(0, 10);
}
const today = localDay(0);
const week = { start_date: localDay(-6), end_date: today };
const SLEEP_WEEK = { name: 'get_sleep_summary', args: week };

const started = Date.now();
const machine = {
  cores: os.cpus().length,
  model: os.cpus()[0]?.model ?? 'unknown',
  node: process.version,
  platform: `${os.platform()} ${os.release()}`,
  memoryGb: Math.round(os.totalmem() / 2 ** 30),
  /** 1-minute load average when the run started: other work on the machine skews the figures. */
  loadAverage: Math.round((os.loadavg()[0] ?? 0) * 10) / 10,
  loadSeconds: SECONDS,
  date: new Date().toISOString(),
};
log(`machine: ${machine.cores} × ${machine.model}, Node ${machine.node}`);

const children: Child[] = [];
async function child(script: string, options: ChildOptions = {}): Promise<Child> {
  const started = await startChild(script, options);
  children.push(started);
  return started;
}
/** The simulator and our server, each in its own process; `network` gives the simulator its latency model. */
async function startOurs(
  options: ChildOptions = {},
  network: Record<string, unknown> = {},
): Promise<{ ours: Child; sim: Child }> {
  const sim = await child('sim.ts', { args: [TIMEZONE, JSON.stringify(network)] });
  const ours = await child('ours.ts', { ...options, args: [sim.info.url, TIMEZONE] });
  await sim.command('resetCounters');
  return { ours, sim };
}
async function stop(target: Child): Promise<void> {
  await target.stop();
  children.splice(children.indexOf(target), 1);
}
process.on('exit', () => {
  for (const running of children) running.process.kill('SIGKILL');
});

const dataRoutes = (counters: Record<string, number>): Record<string, number> =>
  Object.fromEntries(Object.entries(counters).filter(([route, count]) => !route.startsWith('oauth') && count > 0));
const sum = (counters: Record<string, number>): number =>
  Object.values(counters).reduce((total, value) => total + value, 0);

// ---------------------------------------------------------------------------------------------
// 1–3. Throughput and latency: limit, peer, ours over /mcp and over /sse + /message.
// ---------------------------------------------------------------------------------------------
async function throughput() {
  const { ours, sim } = await startOurs();
  const oursUrl = ours.info.url;
  const authToken = String(ours.info.authToken);
  for (let i = 0; i < 50; i++) await callTool(oursUrl, authToken, SLEEP_WEEK.name, SLEEP_WEEK.args);
  const sample = await callTool(oursUrl, authToken, SLEEP_WEEK.name, SLEEP_WEEK.args);
  if (sample.status !== 200 || !sample.result || sample.result.isError)
    throw new Error(`our sleep call failed: ${sample.raw.slice(0, 300)}`);
  const answerBytes = Buffer.byteLength(sample.raw);
  log(`our answer: ${answerBytes} bytes, ${sample.contentType}`);

  const limit = await child('limit.ts', { args: [String(answerBytes)] });
  const peer = await child('peer.ts');
  const peerBody = toolCallBody('echo', { message: 'hello' });
  const peerSample = await fetch(peer.info.url, { method: 'POST', headers: mcpHeaders('none'), body: peerBody });
  const peerText = await peerSample.text();
  if (peerSample.status !== 200 || !peerText.includes('Echo: hello'))
    throw new Error(`peer answered ${peerSample.status}: ${peerText.slice(0, 300)}`);

  const runs: Record<string, Record<string, LoadResult>> = { limit: {}, peer: {}, oursMcp: {}, oursSse: {} };
  const oursBody = toolCallBody(SLEEP_WEEK.name, SLEEP_WEEK.args);
  for (const connections of [1, 10]) {
    log(`limit c${connections}`);
    runs.limit![`c${connections}`] = await cannon(limit.info.url, mcpHeaders('none'), oursBody, connections, SECONDS);
    log(`peer c${connections}`);
    runs.peer![`c${connections}`] = await cannon(peer.info.url, mcpHeaders('none'), peerBody, connections, SECONDS);
    log(`ours /mcp c${connections}`);
    runs.oursMcp![`c${connections}`] = await cannon(
      `${oursUrl}/mcp`,
      mcpHeaders(authToken),
      oursBody,
      connections,
      SECONDS,
    );
    log(`ours /sse c${connections}`);
    runs.oursSse![`c${connections}`] = await sseLoad(
      oursUrl,
      authToken,
      connections,
      SECONDS,
      SLEEP_WEEK.name,
      SLEEP_WEEK.args,
    );
  }
  // Sub-millisecond latency at concurrency 1 from our own loop (autocannon reports whole milliseconds).
  const loopSeconds = Math.max(2, Math.round(SECONDS / 2));
  log(`c1 latency loops (${loopSeconds} s each)`);
  const latencyC1 = {
    limit: await httpLoop(limit.info.url, mcpHeaders('none'), oursBody, loopSeconds),
    peer: await httpLoop(peer.info.url, mcpHeaders('none'), peerBody, loopSeconds),
    oursMcp: await httpLoop(`${oursUrl}/mcp`, mcpHeaders(authToken), oursBody, loopSeconds),
  };
  // The SSE figures come from our own Node client; drive the peer and /mcp at c = 10 with the same kind of client.
  log(`c10 own-loop runs (${loopSeconds} s each)`);
  const ownLoopC10 = {
    peer: await httpLoop(peer.info.url, mcpHeaders('none'), peerBody, loopSeconds, 10),
    oursMcp: await httpLoop(`${oursUrl}/mcp`, mcpHeaders(authToken), oursBody, loopSeconds, 10),
  };
  const upstreamDuringLoad = dataRoutes((await sim.command<{ counters: Record<string, number> }>('counters')).counters);
  await Promise.all([stop(limit), stop(peer), stop(ours), stop(sim)]);

  const ratio = (a: number, b: number): number => Math.round((a / b) * 1000) / 1000;
  const ratios = Object.fromEntries(
    ['c1', 'c10'].map((c) => [
      c,
      {
        mcpToLimit: ratio(runs.oursMcp![c]!.rps, runs.limit![c]!.rps),
        mcpToPeer: ratio(runs.oursMcp![c]!.rps, runs.peer![c]!.rps),
        sseToLimit: ratio(runs.oursSse![c]!.rps, runs.limit![c]!.rps),
        sseToPeer: ratio(runs.oursSse![c]!.rps, runs.peer![c]!.rps),
        peerToLimit: ratio(runs.peer![c]!.rps, runs.limit![c]!.rps),
      },
    ]),
  );
  const targets = {
    mcpAtLeastPeer: {
      target: 'ours /mcp req/s ≥ peer req/s (c1 and c10)',
      met: runs.oursMcp!.c1!.rps >= runs.peer!.c1!.rps && runs.oursMcp!.c10!.rps >= runs.peer!.c10!.rps,
    },
    sseAtLeastPeer: {
      target: 'ours /sse req/s ≥ peer req/s (c1 and c10, peer by autocannon)',
      met: runs.oursSse!.c1!.rps >= runs.peer!.c1!.rps && runs.oursSse!.c10!.rps >= runs.peer!.c10!.rps,
    },
    sseAtLeastPeerSameClient: {
      target: 'ours /sse req/s ≥ peer req/s, both driven by our own Node client (c1 and c10)',
      met: runs.oursSse!.c1!.rps >= latencyC1.peer.rps && runs.oursSse!.c10!.rps >= ownLoopC10.peer.rps,
    },
    mcpP50: {
      target: 'ours /mcp p50 ≤ 5 ms at c1 (own loop)',
      value: latencyC1.oursMcp.p50,
      met: latencyC1.oursMcp.p50 <= 5,
    },
    sseP50: { target: 'ours /sse p50 ≤ 5 ms at c1', value: runs.oursSse!.c1!.p50, met: runs.oursSse!.c1!.p50 <= 5 },
  };
  const errors = Object.values(runs)
    .flatMap((byC) => Object.values(byC))
    .reduce((total, run) => total + run.errors + run.non2xx, 0);
  return {
    call: { tool: SLEEP_WEEK.name, arguments: SLEEP_WEEK.args, answerBytes, contentType: sample.contentType },
    runs,
    latencyC1,
    ownLoopC10,
    ratios,
    targets,
    errorsAndNon2xx: errors,
    upstreamRequestsDuringLoad: upstreamDuringLoad,
    notes:
      'autocannon latencies are whole milliseconds; the SSE figures come from our own loop (performance.now from the POST to the answer on the stream).',
  };
}

// ---------------------------------------------------------------------------------------------
// 3b. CPU profile of our server under /mcp load.
// ---------------------------------------------------------------------------------------------
async function profile() {
  const name = 'ours.cpuprofile';
  const file = path.join(benchDir, name);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'oura-bench-prof-'));
  // Through tsx so functions carry their src/ file names; the main thread's profile is the one with thread id 0.
  const { ours, sim } = await startOurs({ tsx: true, nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`] });
  const authToken = String(ours.info.authToken);
  for (let i = 0; i < 50; i++) await callTool(ours.info.url, authToken, SLEEP_WEEK.name, SLEEP_WEEK.args);
  const seconds = Math.max(3, Math.round(SECONDS / 2));
  log(`profile: ours /mcp c10 for ${seconds} s`);
  const { monoUs: fromUs } = await ours.command<{ monoUs: number }>('mark');
  const load = await cannon(
    `${ours.info.url}/mcp`,
    mcpHeaders(authToken),
    toolCallBody(SLEEP_WEEK.name, SLEEP_WEEK.args),
    10,
    seconds,
  );
  const { monoUs: toUs } = await ours.command<{ monoUs: number }>('mark');
  await ours.command('exit');
  await Promise.all([stop(ours), stop(sim)]);
  const main = readdirSync(dir).find((entry) =>
    new RegExp(`^CPU\\.\\d+\\.\\d+\\.${String(ours.info.pid)}\\.0\\.`).test(entry),
  );
  if (!main) throw new Error(`no main-thread profile in ${dir}: ${readdirSync(dir).join(', ')}`);
  copyFileSync(path.join(dir, main), file);
  rmSync(dir, { recursive: true, force: true });
  const summary = summariseProfile(file, 15, { fromUs, toUs });
  return { file: `bench/${name} (gitignored)`, load: { connections: 10, seconds, rps: load.rps }, ...summary };
}

// ---------------------------------------------------------------------------------------------
// 4. Upstream economy.
// ---------------------------------------------------------------------------------------------
const nowIso = (hoursBack: number): string =>
  new Date(Date.now() - hoursBack * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
const todayMidnight = `${today}T00:00`;

const conversation: Array<{ question: string; name: string; args: Record<string, unknown> }> = [
  { question: 'How did I sleep last night?', name: 'get_sleep_summary', args: { start_date: today, end_date: today } },
  { question: 'And this week?', name: 'get_sleep_summary', args: week },
  { question: 'How is my readiness this week?', name: 'get_readiness_score', args: week },
  {
    question: 'Readiness this month?',
    name: 'get_readiness_score',
    args: { start_date: localDay(-29), end_date: today },
  },
  { question: 'How active was I this week?', name: 'get_activity_summary', args: week },
  { question: 'How did I sleep? (again)', name: 'get_sleep_summary', args: { start_date: today, end_date: today } },
  { question: 'Heart rate today?', name: 'get_heart_rate', args: { start_datetime: todayMidnight } },
  { question: 'Workouts this week?', name: 'get_workouts', args: week },
  { question: 'Any insights for the last 7 days?', name: 'get_health_insights', args: { days: 7 } },
  { question: 'Ring status?', name: 'get_latest_ring_status', args: {} },
  { question: 'What do you know about me?', name: 'get_personal_info', args: {} },
  { question: 'Sleep this week again', name: 'get_sleep_summary', args: week },
  { question: 'Readiness today?', name: 'get_readiness_score', args: { start_date: today, end_date: today } },
  { question: 'Steps today?', name: 'get_activity_summary', args: { start_date: today, end_date: today } },
  { question: 'Sleep stages last night?', name: 'get_sleep_detailed', args: { start_date: today, end_date: today } },
  { question: 'Heart rate today (again)', name: 'get_heart_rate', args: { start_datetime: todayMidnight } },
  { question: 'Stress this week?', name: 'get_stress_and_resilience', args: week },
  {
    question: 'Sleep in the last 3 days?',
    name: 'get_sleep_summary',
    args: { start_date: localDay(-2), end_date: today },
  },
  {
    question: 'Activity in the last 3 days?',
    name: 'get_activity_summary',
    args: { start_date: localDay(-2), end_date: today },
  },
  { question: 'Insights again', name: 'get_health_insights', args: { days: 7 } },
];

async function upstreamEconomy() {
  // Heart rate paged as in the cold runs (one page per UTC day, our model of the real API), without latency.
  const { ours, sim } = await startOurs({}, { heartRatePaging: NETWORK_MODEL.heartRatePaging });
  const authToken = String(ours.info.authToken);
  const calls: Array<{
    question: string;
    tool: string;
    arguments: Record<string, unknown>;
    upstream: Record<string, number>;
    lowerBound: number;
    ok: boolean;
  }> = [];
  const logged: EconomyCall[] = [];
  let before: Record<string, number> = {};
  let seenRequests = 0;
  for (const step of conversation) {
    const answer = await callTool(ours.info.url, authToken, step.name, step.args);
    const after = dataRoutes((await sim.command<{ counters: Record<string, number> }>('counters')).counters);
    const { requests } = await sim.command<{ requests: LoggedListRequest[] }>('requests');
    const delta = Object.fromEntries(
      Object.entries(after)
        .map(([route, count]): [string, number] => [route, count - (before[route] ?? 0)])
        .filter(([, count]) => count > 0),
    );
    before = after;
    logged.push({ requests: requests.slice(seenRequests), upstream: delta });
    seenRequests = requests.length;
    calls.push({
      question: step.question,
      tool: step.name,
      arguments: step.args,
      upstream: delta,
      lowerBound: 0,
      ok: answer.status === 200 && !answer.error && !answer.result?.isError,
    });
  }
  const total = sum(before);
  const bound = economyBound(logged);
  bound.perCall.forEach((needed, index) => (calls[index]!.lowerBound = needed));
  const ratio = Math.round((total / Math.max(1, bound.total)) * 100) / 100;
  await Promise.all([stop(ours), stop(sim)]);

  // 50 concurrent identical cold calls, against a fresh server; the baseline is one cold call on another fresh one.
  const coalescing: Array<{
    tool: string;
    arguments: Record<string, unknown>;
    oneCall: Record<string, number>;
    fiftyConcurrent: Record<string, number>;
    met: boolean;
  }> = [];
  for (const step of [SLEEP_WEEK, { name: 'get_heart_rate', args: { start_datetime: `${localDay(-6)}T00:00` } }]) {
    const measure = async (count: number): Promise<Record<string, number>> => {
      const { ours: fresh, sim: freshSim } = await startOurs();
      const answers = await Promise.all(
        Array.from({ length: count }, () =>
          callTool(fresh.info.url, String(fresh.info.authToken), step.name, step.args),
        ),
      );
      const failed = answers.filter((answer) => answer.status !== 200 || answer.error || answer.result?.isError).length;
      if (failed > 0) throw new Error(`${failed} of ${count} concurrent ${step.name} calls failed`);
      const counters = dataRoutes((await freshSim.command<{ counters: Record<string, number> }>('counters')).counters);
      await Promise.all([stop(fresh), stop(freshSim)]);
      return counters;
    };
    const oneCall = await measure(1);
    const fiftyConcurrent = await measure(50);
    coalescing.push({
      tool: step.name,
      arguments: step.args,
      oneCall,
      fiftyConcurrent,
      met: JSON.stringify(oneCall) === JSON.stringify(fiftyConcurrent),
    });
  }
  return {
    conversation: {
      calls,
      total,
      allOk: calls.every((call) => call.ok),
      heartRatePaging: NETWORK_MODEL.heartRatePaging,
      target: 'Oura requests for the 20-call conversation ≤ 12',
      met: total <= 12,
      lowerBound: bound.total,
      ratio,
      boundTarget: 'Oura requests ≤ 1.1 × the lower bound (what a perfect cache would still ask)',
      boundMet: ratio <= 1.1,
    },
    coalescing: {
      target: '50 concurrent identical cold calls → the same upstream requests as one call (one per collection page)',
      met: coalescing.every((entry) => entry.met),
      entries: coalescing,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// 5. Context economy.
// ---------------------------------------------------------------------------------------------
/** bench/context.ts measures it: tools/list per tool, the instructions, the standard answers next to their raw JSON. */
async function contextEconomy() {
  const { ours, sim } = await startOurs();
  const { access_token: accessToken } = await sim.command<{ access_token: string }>('tokens');
  const endpoint = { baseUrl: ours.info.url, authToken: String(ours.info.authToken) };
  const result = await measureContextEconomy(endpoint, { simUrl: sim.info.url, accessToken }, today, nowIso(0));
  await Promise.all([stop(ours), stop(sim)]);
  return result;
}

// ---------------------------------------------------------------------------------------------
// 6. Memory.
// ---------------------------------------------------------------------------------------------
/** How long the memory part leaves our server alone after the calls before its idle reading. */
const IDLE_SECONDS = 45;
const MEMORY_CALLS = 20_000;
/**
 * What else the memory part measures: the same calls with the server started differently. V8's young
 * generation (default ceiling 16 MB per semi-space on 64-bit) and glibc's malloc (its trim threshold
 * rises on its own as large blocks are freed, so freed memory stays in the arenas) are both set at
 * process start only.
 */
const MEMORY_LEVERS: Array<{ label: string; nodeArgs: string[]; env: Record<string, string> }> = [
  { label: '`node --max-semi-space-size=8`', nodeArgs: ['--max-semi-space-size=8'], env: {} },
  {
    label: '`MALLOC_TRIM_THRESHOLD_=131072`',
    nodeArgs: [],
    env: { MALLOC_TRIM_THRESHOLD_: '131072' },
  },
  {
    label: 'both',
    nodeArgs: ['--max-semi-space-size=8'],
    env: { MALLOC_TRIM_THRESHOLD_: '131072' },
  },
];

type SettledRss = {
  rss: number;
  rssRightAfterGc: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  anonymous: number;
  v8Spaces: Record<string, number>;
  gc: boolean;
};

/** The memory part's load: 20,000 cached calls of four tools at c = 10, with RSS (after a gc) before and after. */
async function memoryCalls(ours: Child) {
  const authToken = String(ours.info.authToken);
  const mix = [
    SLEEP_WEEK,
    { name: 'get_readiness_score', args: week },
    { name: 'get_activity_summary', args: week },
    { name: 'get_heart_rate', args: { start_datetime: todayMidnight } },
  ];
  for (const step of mix) await callTool(ours.info.url, authToken, step.name, step.args);
  const start = await ours.command<SettledRss>('rss');
  const result = await autocannon({
    url: `${ours.info.url}/mcp`,
    connections: 10,
    amount: MEMORY_CALLS,
    headers: mcpHeaders(authToken),
    requests: mix.map((step, index) => ({ method: 'POST', body: toolCallBody(step.name, step.args, index + 1) })),
  });
  const after = await ours.command<SettledRss>('rss');
  return { result, start, after };
}

async function memory() {
  const levers = [];
  for (const lever of MEMORY_LEVERS) {
    log(`memory: ${MEMORY_CALLS} calls, server started with ${lever.label}`);
    const started = await startOurs({ nodeArgs: ['--expose-gc', ...lever.nodeArgs], env: lever.env });
    const run = await memoryCalls(started.ours);
    await Promise.all([stop(started.ours), stop(started.sim)]);
    levers.push({ lever, run });
  }

  const { ours, sim } = await startOurs({ nodeArgs: ['--expose-gc'] });
  const authToken = String(ours.info.authToken);
  const calls = MEMORY_CALLS;
  log(`memory: ${calls} calls`);
  const { result, start: startRss, after: afterCalls } = await memoryCalls(ours);
  // What the process holds once left alone, without a forced gc: V8's memory reducer gives back the
  // young generation's pages after some seconds of low allocation (about 30 s on this machine).
  await sleep(IDLE_SECONDS * 1000);
  const idle = await ours.command<{ rss: number }>('rssNoGc');

  const cycle = async (): Promise<void> => {
    const session = new SseSession(ours.info.url, authToken);
    await session.open();
    session.close();
  };
  const cycles = async (count: number, parallel = 10): Promise<void> => {
    let done = 0;
    await Promise.all(
      Array.from({ length: parallel }, async () => {
        while (done < count) {
          done++;
          await cycle();
        }
      }),
    );
  };
  log('memory: 500 warm-up SSE cycles, then 1000');
  await cycles(500);
  await sleep(1000);
  const afterWarmup = await ours.command<SettledRss>('rss');
  await cycles(1000);
  await sleep(1000);
  const afterCycles = await ours.command<SettledRss>('rss');
  await Promise.all([stop(ours), stop(sim)]);

  // Reference: the peer (SDK stateless server) through the same 20,000 calls, RSS from /proc (no gc).
  const procRss = (pid: number | undefined): number => {
    const status = pid && existsSync(`/proc/${pid}/status`) ? readFileSync(`/proc/${pid}/status`, 'utf8') : '';
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) * 1024;
  };
  const peer = await child('peer.ts');
  const peerStart = procRss(peer.process.pid);
  log(`memory: peer reference, ${calls} calls`);
  await autocannon({
    url: peer.info.url,
    method: 'POST',
    connections: 10,
    amount: calls,
    headers: mcpHeaders('none'),
    body: toolCallBody('echo', { message: 'hello' }),
  });
  const peerAfter = procRss(peer.process.pid);
  await stop(peer);
  const mb = (bytes: number): number => Math.round((bytes / 2 ** 20) * 10) / 10;
  const spacesMb = (spaces: Record<string, number>): Record<string, number> =>
    Object.fromEntries(
      Object.entries(spaces)
        .filter(([, bytes]) => bytes > 0)
        .map(([space, bytes]) => [space.replace(/_space$/, ''), mb(bytes)]),
    );
  const mallocMb = (memory: SettledRss): number =>
    mb(memory.anonymous - Object.values(memory.v8Spaces).reduce((total, bytes) => total + bytes, 0));
  const growthMb = mb(afterCycles.rss - afterWarmup.rss);
  const heapGrowthMb = mb(afterCycles.heapUsed - afterWarmup.heapUsed);
  return {
    gcExposed: afterCalls.gc,
    calls: {
      count: result.requests.total,
      errors: result.errors + result.non2xx,
      rssStartMb: mb(startRss.rss),
      rssAfterMb: mb(afterCalls.rss),
      /** The same gc, read before V8 had returned the freed pages (what this bench reported until then). */
      rssRightAfterGcMb: mb(afterCalls.rssRightAfterGc),
      rssIdleMb: mb(idle.rss),
      idleSeconds: IDLE_SECONDS,
      heapAfterMb: mb(afterCalls.heapUsed),
      heapTotalAfterMb: mb(afterCalls.heapTotal),
      externalAfterMb: mb(afterCalls.external),
      heapStartMb: mb(startRss.heapUsed),
      /** Where RSS lives after the calls: V8's spaces as committed, all private memory, and the rest (mapped files). */
      v8SpacesStartMb: spacesMb(startRss.v8Spaces),
      v8SpacesAfterMb: spacesMb(afterCalls.v8Spaces),
      anonymousAfterMb: mb(afterCalls.anonymous),
      /** Private memory that is not V8's: malloc's arenas (with the blocks it keeps after a free) and thread stacks. */
      mallocAfterMb: mallocMb(afterCalls),
      fileBackedAfterMb: mb(afterCalls.rss - afterCalls.anonymous),
      target: 'RSS after 20,000 calls ≤ 130 MB',
      met: afterCalls.rss <= 130 * 2 ** 20,
    },
    /** The same calls with the server started differently (MEMORY_LEVERS: not how it starts today). */
    levers: levers.map(({ lever, run }) => ({
      label: lever.label,
      rssStartMb: mb(run.start.rss),
      rssAfterMb: mb(run.after.rss),
      v8SpacesAfterMb: spacesMb(run.after.v8Spaces),
      mallocAfterMb: mallocMb(run.after),
      errors: run.result.errors + run.result.non2xx,
    })),
    peerReference: {
      note: 'the SDK stateless peer through the same number of calls, VmRSS from /proc without a gc',
      rssStartMb: mb(peerStart),
      rssAfterMb: mb(peerAfter),
    },
    sseCycles: {
      warmup: 500,
      cycles: 1000,
      rssAfterWarmupMb: mb(afterWarmup.rss),
      rssAfterCyclesMb: mb(afterCycles.rss),
      growthMb,
      heapAfterWarmupMb: mb(afterWarmup.heapUsed),
      heapAfterCyclesMb: mb(afterCycles.heapUsed),
      heapGrowthMb,
      target:
        'no growth across 1,000 SSE connect/initialize/disconnect cycles (heap growth ≤ 2 MB, RSS growth ≤ 5 MB after gc)',
      met: heapGrowthMb <= 2 && growthMb <= 5,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// 7. Cold latency per tool, in Oura round trips (the simulator's network model on).
// ---------------------------------------------------------------------------------------------
async function coldLatency() {
  const { ours, sim } = await startOurs({}, NETWORK_MODEL);
  log('cold latency: every tool at 7 and 30 days, cache emptied before each call');
  const tools = await measureColdLatency(ours, sim, coldCases(localDay));
  await Promise.all([stop(ours), stop(sim)]);
  return {
    model: NETWORK_MODEL,
    // The default of UPSTREAM_CONCURRENCY (src/configTable.ts); ours.ts does not set it.
    upstreamConcurrency: 12,
    target: 'a cold answer in ≤ 2 Oura round trips up to 7 days, ≤ 3 up to 30 days',
    met: tools.every((entry) => entry.met),
    tools,
  };
}

// ---------------------------------------------------------------------------------------------
/** bench/results.json, as render.ts reads it (a type-only import there: rendering never runs the bench). */
export interface BenchResults {
  machine: typeof machine;
  throughput: Awaited<ReturnType<typeof throughput>>;
  profile: Awaited<ReturnType<typeof profile>>;
  upstream: Awaited<ReturnType<typeof upstreamEconomy>>;
  context: Awaited<ReturnType<typeof contextEconomy>>;
  memory: Awaited<ReturnType<typeof memory>>;
  cold?: Awaited<ReturnType<typeof coldLatency>>;
  startup?: Awaited<ReturnType<typeof measureStartup>>;
  hostileSoak?: SoakResult;
  durationSeconds: number;
}

/** `npm run bench -- --only context`: one part, merged into the last results (the full run takes minutes). */
const PARTS: Record<string, () => Promise<unknown>> = {
  throughput: () => throughput(),
  upstream: () => upstreamEconomy(),
  context: () => contextEconomy(),
  cold: () => coldLatency(),
  startup: () => measureStartup(),
  memory: () => memory(),
};
if (only !== undefined && !(only in PARTS))
  throw new Error(`--only accepts: ${Object.keys(PARTS).join(', ')} or soak (got ${only})`);

/** Every part, in order, on one machine. */
async function fullRun(): Promise<void> {
  log('part 1–3: throughput');
  const throughputResults = await throughput();
  log('part 3: profile');
  const profileResults = await profile();
  log('part 4: upstream economy');
  const upstream = await upstreamEconomy();
  log('part 5: context economy');
  const context = await contextEconomy();
  log('part 6: memory');
  const memoryResults = await memory();
  log('part 7: cold latency');
  const cold = await coldLatency();
  log('part 8: start-up and idle RSS');
  const startup = await measureStartup();
  log('part 9: hostile soak (5 minutes)');
  const hostileSoak = await soak();
  const results: BenchResults = {
    machine,
    throughput: throughputResults,
    profile: profileResults,
    upstream,
    context,
    memory: memoryResults,
    cold,
    startup,
    hostileSoak,
    durationSeconds: Math.round((Date.now() - started) / 1000),
  };
  const file = path.join(benchDir, 'results.json');
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  log(`wrote ${file} (${results.durationSeconds} s)`);
  renderReadme();
  log('README section rendered');
}

try {
  if (only !== undefined) {
    const file = path.join(benchDir, 'results.json');
    const results = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    log(`${only} only`);
    results[only] = await PARTS[only]!();
    results[`${only}Machine`] = { ...machine };
    writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
    renderReadme();
    log(`wrote ${file} (${only} only) and rendered the README section`);
  } else {
    await fullRun();
  }
} finally {
  await Promise.allSettled(children.map((running) => running.stop()));
}
