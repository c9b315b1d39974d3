/**
 * Renders bench/results.json into the README between `<!-- bench:start -->` and `<!-- bench:end -->`.
 * Usage as a script: tsx bench/render.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderColdLatency } from './cold.js';
import { renderContextEconomy } from './context.js';
import { benchDir } from './lib.js';
import type { BenchResults } from './run.js';
import type { LoadResult } from './lib.js';
import { renderStartup } from './startup.js';
import { renderHostileSoak } from './soakReport.js';

/** One line of the targets table: every target has a text and a verdict; latency targets also a value. */
interface TargetResult {
  target: string;
  met: boolean;
  value?: number;
}

const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';
const mark = (met: boolean): string => (met ? '✅ met' : '❌ missed');
const n = (value: number): string => value.toLocaleString('en-US');
/** autocannon's whole milliseconds: 0 means under one. */
const ms = (value: number): string => (value === 0 ? '<1' : String(value));

/** A part the results file must hold; without it the file is from another version of the bench. */
function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`bench/results.json has no ${what}: run npm run bench again.`);
  return value;
}

/** Where the time goes, from the profile summary (percentages of busy time, idle excluded). */
function profileNotes(r: BenchResults): string[] {
  const p = r.profile;
  const area = (name: string): number => p.areas.find((entry) => entry.name === name)?.pct ?? 0;
  const fn = (name: string): number =>
    p.topFunctions.filter((entry) => entry.name === name).reduce((total, entry) => total + entry.pct, 0);
  const ours = p.areas.filter((entry) => entry.name.startsWith('our ')).reduce((total, entry) => total + entry.pct, 0);
  const http = ['express', 'router', 'body-parser', 'raw-body'].reduce((total, name) => total + area(name), 0);
  const fixed = (value: number): string => value.toFixed(1);
  return [
    `The transport dominates: native code ${fixed(area('(native)'))}% (socket writes alone, \`writev\`, ${fixed(fn('writev'))}%) and Node internals ${fixed(area('node internals'))}% (HTTP parsing, streams, events) — the same per-request floor every Node HTTP server pays, here on 2 cores shared with the load generator.`,
    `Our own code is ${fixed(ours)}%: the per-day cache cells and date arithmetic on every cached call (\`wallClock\`, \`toEpochDay\`/\`fromEpochDay\`, \`cache-days\` read) and the tool handler/transport; no schema conversion or other start-up work shows up per request.`,
    `Libraries: express + router + body-parser + raw-body ${fixed(http)}%, zod input validation ${fixed(area('zod'))}%, express-rate-limit ${fixed(area('express-rate-limit'))}%, the MCP SDK ${fixed(area('@modelcontextprotocol/sdk'))}%, garbage collection ${fixed(area('(garbage collector)'))}%.`,
    `A cheap win left: a lighter rate-limit store. It would not move the transport floor, which is why we sit at a few % of the bare limit like the peer does.`,
  ];
}

export function renderMarkdown(r: BenchResults): string {
  const m = r.machine;
  const t = r.throughput;
  const lines: string[] = [];
  lines.push(
    `Measured by \`npm run bench\` (figures from [bench/results.json](bench/results.json)) on ${m.cores} × ${m.model}, ${m.memoryGb} GB, Node ${m.node}, ${m.platform}, ${m.date.slice(0, 10)}${m.loadAverage === undefined ? '' : ` (load average ${m.loadAverage} at the start)`}; ${m.loadSeconds} s per load run, load generator in a separate process from each server. Absolute numbers depend on the machine; the ratios are the point.`,
    '',
  );

  lines.push(
    `**Throughput and latency** — \`${t.call.tool}\` for 7 days (cached, ${n(t.call.answerBytes)}-byte answer) against a bare \`node:http\` server sending a canned answer of the same size (limit) and the SDK's documented stateless server with one echo tool (peer):`,
    '',
  );
  lines.push('| Server | c | req/s | p50 ms | p99 ms | vs limit | vs peer |', '|---|---|---|---|---|---|---|');
  const sse = (c: string): LoadResult => required(t.runs.oursSse?.[c], `the SSE ${c} run`);
  const ratiosAt = (c: string) => required(t.ratios[c], `the ${c} ratios`);
  const row = (label: string, found: LoadResult | undefined, toLimit?: number, toPeer?: number): string => {
    const run = required(found, `the ${label} run`);
    return `| ${label} | ${run.connections} | ${n(run.rps)} | ${ms(run.p50)} | ${ms(run.p99)} | ${toLimit === undefined ? '' : `${(toLimit * 100).toFixed(1)}%`} | ${toPeer === undefined ? '' : `${toPeer.toFixed(2)}×`} |`;
  };
  for (const c of ['c1', 'c10']) {
    const ratio = ratiosAt(c);
    lines.push(row('limit (bare node:http)', t.runs.limit?.[c]));
    lines.push(row('peer (SDK stateless)', t.runs.peer?.[c], ratio.peerToLimit));
    lines.push(row('**ours, /mcp**', t.runs.oursMcp?.[c], ratio.mcpToLimit, ratio.mcpToPeer));
    lines.push(row('**ours, /sse + /message**', t.runs.oursSse?.[c], ratio.sseToLimit, ratio.sseToPeer));
  }
  lines.push('');
  lines.push(
    `The same servers driven by our own Node client (keep-alive connections, next POST when the answer arrived; sub-millisecond latency, and the same kind of client as the SSE loop):`,
    '',
  );
  lines.push('| Server | c | req/s | p50 ms | p90 ms | p99 ms |', '|---|---|---|---|---|---|');
  const loopRow = (label: string, found: LoadResult | undefined): string => {
    const run = required(found, `the ${label} run`);
    return `| ${label} | ${run.connections} | ${n(run.rps)} | ${run.p50} | ${run.p90} | ${run.p99} |`;
  };
  lines.push(
    loopRow('limit', t.latencyC1.limit),
    loopRow('peer', t.latencyC1.peer),
    loopRow('**ours, /mcp**', t.latencyC1.oursMcp),
    loopRow('**ours, /sse + /message**', sse('c1')),
  );
  if (t.ownLoopC10)
    lines.push(
      loopRow('peer', t.ownLoopC10.peer),
      loopRow('**ours, /mcp**', t.ownLoopC10.oursMcp),
      loopRow('**ours, /sse + /message**', sse('c10')),
    );
  lines.push('');
  lines.push('| Target | Result |', '|---|---|');
  for (const target of Object.values(t.targets) as TargetResult[])
    lines.push(
      `| ${target.target} | ${mark(target.met)}${target.value === undefined ? '' : ` (${target.value} ms)`} |`,
    );
  lines.push(
    '',
    `SSE latency is timed by our own loop from the POST to the answer arriving on the stream (10 sessions for c = 10); autocannon reports whole milliseconds. Errors and non-2xx answers across all runs: ${t.errorsAndNon2xx}.`,
  );
  lines.push(
    'Run-to-run variation on this shared 2-core machine is large: a type check running beside the throughput part of one run cut the limit at c = 10 from about 15,000 to 5,400 req/s and /mcp at c = 1 to 0.86× the peer. In the quiet runs of the performance work /mcp stayed at 1.39–1.68× the peer at c = 1 and 1.27–1.32× at c = 10.',
  );
  if (!t.targets.sseAtLeastPeer.met) {
    lines.push(
      `Missed against autocannon's peer figure: SSE at c = 10 reaches ${(ratiosAt('c10').sseToPeer * 100).toFixed(0)}% of the peer's req/s (c = 1: ${ratiosAt('c1').sseToPeer.toFixed(2)}×). The two are not driven by the same generator: the peer by autocannon, SSE by our own Node loop, which parses every event in the load-generator process; with 10 sessions on 2 cores the generator and our server compete for CPU (SSE p99 ${sse('c10').p99} ms).${t.ownLoopC10 ? ` Driven by the same Node client, the peer does ${n(t.ownLoopC10.peer.rps)} req/s at c = 10 against our SSE ${n(sse('c10').rps)} and our /mcp ${n(t.ownLoopC10.oursMcp.rps)}.` : ''} Over /mcp, both by autocannon, we are ${ratiosAt('c10').mcpToPeer.toFixed(2)}× the peer.`,
    );
  }
  lines.push('');

  const p = r.profile;
  lines.push(
    `**Where the time goes** — \`node --cpu-prof\` of our server under /mcp load, run through tsx so functions keep their src/ names and cut to the load window (c = 10, ${p.load.seconds} s, ${n(p.load.rps)} req/s under the profiler; ${n(p.busyMs)} ms busy of ${n(p.wallMs)} ms). Self time by area and the top functions:`,
    '',
  );
  lines.push('| Area | self % |  | Function | where | self % |', '|---|---|---|---|---|---|');
  for (let i = 0; i < 10; i++) {
    const a = p.areas[i];
    const f = p.topFunctions[i];
    lines.push(
      `| ${a ? a.name : ''} | ${a ? a.pct : ''} |  | ${f ? `\`${f.name}\`` : ''} | ${f ? f.where : ''} | ${f ? f.pct : ''} |`,
    );
  }
  lines.push('');
  for (const note of profileNotes(r)) lines.push(`- ${note}`);
  lines.push('');

  const u = r.upstream;
  const bounded = u.conversation.lowerBound !== undefined;
  lines.push(
    `**Upstream economy** — a scripted 20-call conversation on a cold server (overlapping ranges, repeats), Oura requests counted at the simulator (every page${bounded ? ', heart rate paged per UTC day as in the cold runs' : ''}). The lower bound is what a perfect cache would still ask: per call and collection, the days no earlier call asked for with the same or more fields, as contiguous windows, each costing the pages it needs (bench/economy.ts):`,
    '',
  );
  lines.push(
    `| # | Question | Tool | Oura requests |${bounded ? ' lower bound |' : ''}`,
    `|---|---|---|---|${bounded ? '---|' : ''}`,
  );
  u.conversation.calls.forEach((call, index) => {
    const upstream = Object.entries(call.upstream)
      .map(([route, count]) => `${route} ${count}`)
      .join(', ');
    lines.push(
      `| ${index + 1} | ${call.question} | \`${call.tool}\` | ${upstream || '0 (cache)'} |${bounded ? ` ${call.lowerBound ?? ''} |` : ''}`,
    );
  });
  lines.push('', `| Target | Result |`, '|---|---|');
  if (bounded)
    lines.push(
      `| ${u.conversation.boundTarget} | ${n(u.conversation.total)} requests, lower bound ${n(u.conversation.lowerBound ?? 0)}: ${u.conversation.ratio}× — ${mark(u.conversation.boundMet ?? false)} |`,
    );
  lines.push(`| ${u.conversation.target} | ${n(u.conversation.total)} — ${mark(u.conversation.met)} |`);
  const routeTotals: Record<string, number> = {};
  for (const call of u.conversation.calls)
    for (const [route, count] of Object.entries(call.upstream)) routeTotals[route] = (routeTotals[route] ?? 0) + count;
  const fromCache = u.conversation.calls.filter((call) => Object.keys(call.upstream).length === 0).length;
  const explainEconomy = u.conversation.met
    ? ''
    : `The older absolute target (≤ 12) is missed: ${u.conversation.total} requests. ${fromCache} of the 20 calls cost nothing (repeats and sub-ranges come from the per-day cache), and widening a range fetches only the missing days; ${routeTotals.heartrate ?? 0} requests are heart-rate pages (a page per UTC day: today's curve from local midnight touches two UTC days), and the conversation touches ${Object.keys(routeTotals).length} different collections, each needing at least one cold request (ring status alone reads 3). ${bounded ? `Against what the conversation needs at the least (${u.conversation.lowerBound}) we ask ${u.conversation.ratio}×.` : ''}`;
  for (const entry of u.coalescing.entries) {
    const show = (counters: Record<string, number>): string =>
      Object.entries(counters)
        .map(([route, count]) => `${route} ${count}`)
        .join(', ');
    lines.push(
      `| 50 concurrent cold \`${entry.tool}\` = one call's requests | one call: ${show(entry.oneCall)}; 50 concurrent: ${show(entry.fiftyConcurrent)} — ${mark(entry.met)} |`,
    );
  }
  if (explainEconomy) lines.push('', explainEconomy);
  lines.push('');

  // Older results files lack the parts added later; render what is there.
  if (r.cold) lines.push(...renderColdLatency(r.cold), '');
  if (r.startup) lines.push(...renderStartup(r.startup), '');
  if (r.hostileSoak) lines.push(...renderHostileSoak(r.hostileSoak), '');
  lines.push(...renderContextEconomy(r.context), '');

  const mem = r.memory;
  lines.push(
    "**Memory** (RSS read over the server process's own control channel, after a full gc with `--expose-gc`):",
    '',
  );
  lines.push('| Measure | Value | Target |', '|---|---|---|');
  const calls = mem.calls;
  const afterGc =
    calls.rssRightAfterGcMb === undefined ? '' : `; ${calls.rssRightAfterGcMb} MB read in the same tick as the gc`;
  lines.push(
    `| RSS after ${n(calls.count)} tool calls (4 tools, c = 10), once settled after the gc | ${calls.rssAfterMb} MB (start ${calls.rssStartMb} MB, heap ${calls.heapAfterMb} MB${afterGc}) | ≤ 130 MB — ${mark(calls.met)} |`,
  );
  if (calls.rssIdleMb !== undefined)
    lines.push(`| The same process ${calls.idleSeconds} s later, no forced gc | ${calls.rssIdleMb} MB | — |`);
  for (const lever of mem.levers ?? [])
    lines.push(
      `| The same calls, server started with ${lever.label} | ${lever.rssAfterMb} MB (start ${lever.rssStartMb} MB; young generation ${lever.v8SpacesAfterMb.new ?? 0} MB, malloc ${lever.mallocAfterMb} MB) | — |`,
    );
  if (mem.peerReference)
    lines.push(
      `| Reference: the peer after the same ${n(calls.count)} calls (VmRSS, no gc) | ${mem.peerReference.rssAfterMb} MB (start ${mem.peerReference.rssStartMb} MB) | — |`,
    );
  lines.push(
    `| ${n(mem.sseCycles.cycles)} SSE connect/initialize/disconnect cycles after ${n(mem.sseCycles.warmup)} warm-up | RSS ${mem.sseCycles.rssAfterWarmupMb} → ${mem.sseCycles.rssAfterCyclesMb} MB (${mem.sseCycles.growthMb >= 0 ? '+' : ''}${mem.sseCycles.growthMb}), heap ${mem.sseCycles.heapAfterWarmupMb} → ${mem.sseCycles.heapAfterCyclesMb} MB (${mem.sseCycles.heapGrowthMb >= 0 ? '+' : ''}${mem.sseCycles.heapGrowthMb}) | no growth (heap ≤ +2 MB, RSS ≤ +5 MB) — ${mark(mem.sseCycles.met)} |`,
  );
  if (!calls.met) lines.push('', renderMemoryMiss(mem));
  lines.push('', `Whole run: ${r.durationSeconds} s.`);
  return lines.join('\n');
}

/** Why RSS after the calls misses its target, from the figures of the same run. */
function renderMemoryMiss(mem: BenchResults['memory']): string {
  const calls = mem.calls;
  const spaces = calls.v8SpacesAfterMb;
  const v8Total = spaces
    ? Math.round(Object.values(spaces).reduce((total, value) => total + value, 0) * 10) / 10
    : undefined;
  const where =
    spaces && v8Total !== undefined && calls.anonymousAfterMb !== undefined && calls.fileBackedAfterMb !== undefined
      ? ` Where it lives: ${calls.fileBackedAfterMb} MB are mapped files (mostly the node binary's code, shared with every Node process), ${calls.anonymousAfterMb} MB private memory, of which V8 holds ${v8Total} MB (young generation ${spaces.new ?? 0} MB, old ${spaces.old ?? 0} MB, code ${spaces.code ?? 0} MB) and ${calls.mallocAfterMb ?? '?'} MB are malloc's arenas and thread stacks.`
      : '';
  const idle =
    calls.rssIdleMb === undefined
      ? ''
      : ` Left alone, the process drops to ${calls.rssIdleMb} MB within ${calls.idleSeconds} s: V8's memory reducer gives the young generation back once allocation stops (about 30 s after the last call on this machine).`;
  const levers = (mem.levers ?? []).map((lever) => `${lever.label} ${lever.rssAfterMb} MB`).join(', ');
  const lever = levers
    ? ` Started differently, the same calls end at: ${levers}. Both are read once at process start (\`v8.setFlagsFromString\` after start leaves the young generation's ceiling where it was; glibc reads its tunables from the environment), so they must be in the command or environment that starts the server: the Docker image and the Claude Desktop extension (\`manifest.json\`) set \`MALLOC_TRIM_THRESHOLD_=131072\` (no measurable CPU cost); the npm command cannot, since a shebang with \`env -S\` fails where \`env\` has no \`-S\` (busybox), and the semi-space flag costs scavenges (twice as many) that this run does not price.`
    : '';
  return `Missed: ${calls.rssAfterMb} MB after the calls. The JavaScript heap is ${calls.heapAfterMb} MB after a full gc (${calls.heapStartMb} MB before the calls) and does not grow across SSE cycles, so nothing of ours accumulates; under load V8 grows the young generation to its default ceiling (two 16 MB semi-spaces) and keeps it while allocation goes on.${where}${idle}${lever}`;
}

export function renderReadme(): void {
  const results = JSON.parse(readFileSync(path.join(benchDir, 'results.json'), 'utf8')) as BenchResults;
  const readmePath = path.join(path.dirname(benchDir), 'README.md');
  const readme = readFileSync(readmePath, 'utf8');
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error('README has no bench markers');
  const next = `${readme.slice(0, start + START.length)}\n${renderMarkdown(results)}\n${readme.slice(end)}`;
  writeFileSync(readmePath, next);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) renderReadme();
