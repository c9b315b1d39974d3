/**
 * Renders bench/results.json into the README between `<!-- bench:start -->` and `<!-- bench:end -->`.
 * Usage as a script: tsx bench/render.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchDir } from './lib.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- the results file is our own JSON */
type Any = any;

const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';
const mark = (met: boolean): string => (met ? '✅ met' : '❌ missed');
const n = (value: number): string => value.toLocaleString('en-US');
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

/** Sentences about where the time goes, kept with the renderer so the README is regenerated whole. */
export const profileNotes: string[] = [];

export function renderMarkdown(r: Any): string {
  const m = r.machine;
  const t = r.throughput;
  const lines: string[] = [];
  lines.push(
    `Measured by \`npm run bench\` (figures from [bench/results.json](bench/results.json)) on ${m.cores} × ${m.model}, ${m.memoryGb} GB, Node ${m.node}, ${m.platform}, ${m.date.slice(0, 10)}; ${m.loadSeconds} s per load run, load generator in a separate process from each server. Absolute numbers depend on the machine; the ratios are the point.`,
    '',
  );

  lines.push(`**Throughput and latency** — \`${t.call.tool}\` for 7 days (cached, ${n(t.call.answerBytes)}-byte answer) against a bare \`node:http\` server sending a canned answer of the same size (limit) and the SDK's documented stateless server with one echo tool (peer):`, '');
  lines.push('| Server | c | req/s | p50 ms | p99 ms | vs limit | vs peer |', '|---|---|---|---|---|---|---|');
  const row = (label: string, run: Any, c: string, toLimit?: number, toPeer?: number): string =>
    `| ${label} | ${run.connections} | ${n(run.rps)} | ${run.p50} | ${run.p99} | ${toLimit === undefined ? '' : `${(toLimit * 100).toFixed(1)}%`} | ${toPeer === undefined ? '' : `${toPeer.toFixed(2)}×`} |`;
  for (const c of ['c1', 'c10']) {
    lines.push(row('limit (bare node:http)', t.runs.limit[c], c));
    lines.push(row('peer (SDK stateless)', t.runs.peer[c], c, t.ratios[c].peerToLimit));
    lines.push(row('**ours, /mcp**', t.runs.oursMcp[c], c, t.ratios[c].mcpToLimit, t.ratios[c].mcpToPeer));
    lines.push(row('**ours, /sse + /message**', t.runs.oursSse[c], c, t.ratios[c].sseToLimit, t.ratios[c].sseToPeer));
  }
  lines.push('');
  lines.push(`Latency at concurrency 1 from our own sequential loop over one keep-alive connection (sub-millisecond resolution; autocannon reports whole milliseconds):`, '');
  lines.push('| Server | req/s | p50 ms | p90 ms | p99 ms |', '|---|---|---|---|---|');
  const loopRow = (label: string, run: Any): string => `| ${label} | ${n(run.rps)} | ${run.p50} | ${run.p90} | ${run.p99} |`;
  lines.push(loopRow('limit', t.latencyC1.limit), loopRow('peer', t.latencyC1.peer), loopRow('**ours, /mcp**', t.latencyC1.oursMcp), loopRow('**ours, /sse + /message**', t.runs.oursSse.c1));
  lines.push('');
  lines.push('| Target | Result |', '|---|---|');
  for (const target of Object.values(t.targets) as Any[]) lines.push(`| ${target.target} | ${mark(target.met)}${target.value === undefined ? '' : ` (${target.value} ms)`} |`);
  lines.push('', `SSE latency is timed by our own loop from the POST to the answer arriving on the stream (10 sessions for c = 10); autocannon reports whole milliseconds. Errors and non-2xx answers across all runs: ${t.errorsAndNon2xx}.`, '');

  const p = r.profile;
  lines.push(`**Where the time goes** — \`node --cpu-prof\` of our server under /mcp load (c = 10, ${p.load.seconds} s, ${n(p.load.rps)} req/s; ${n(p.busyMs)} ms busy of ${n(p.wallMs)} ms). Self time by area and the top functions:`, '');
  lines.push('| Area | self % |  | Function | where | self % |', '|---|---|---|---|---|---|');
  for (let i = 0; i < 10; i++) {
    const a = p.areas[i];
    const f = p.topFunctions[i];
    lines.push(`| ${a ? a.name : ''} | ${a ? a.pct : ''} |  | ${f ? `\`${f.name}\`` : ''} | ${f ? f.where : ''} | ${f ? f.pct : ''} |`);
  }
  lines.push('');
  for (const note of r.profileNotes ?? profileNotes) lines.push(`- ${note}`);
  if ((r.profileNotes ?? profileNotes).length > 0) lines.push('');

  const u = r.upstream;
  lines.push(`**Upstream economy** — a scripted 20-call conversation on a cold server (overlapping ranges, repeats), Oura requests counted at the simulator (every page):`, '');
  lines.push('| # | Question | Tool | Oura requests |', '|---|---|---|---|');
  u.conversation.calls.forEach((call: Any, index: number) => {
    const upstream = Object.entries(call.upstream).map(([route, count]) => `${route} ${count}`).join(', ');
    lines.push(`| ${index + 1} | ${call.question} | \`${call.tool}\` | ${upstream || '0 (cache)'} |`);
  });
  lines.push('', `| Target | Result |`, '|---|---|');
  lines.push(`| ${u.conversation.target} | ${n(u.conversation.total)} — ${mark(u.conversation.met)} |`);
  for (const entry of u.coalescing.entries) {
    const show = (counters: Any): string => Object.entries(counters).map(([route, count]) => `${route} ${count}`).join(', ');
    lines.push(`| 50 concurrent cold \`${entry.tool}\` = one call's requests | one call: ${show(entry.oneCall)}; 50 concurrent: ${show(entry.fiftyConcurrent)} — ${mark(entry.met)} |`);
  }
  lines.push('');

  const c = r.context;
  lines.push('**Context economy** — bytes of each answer (text + structuredContent JSON) next to the raw Oura JSON behind it (same collections fetched raw from the simulator, every page):', '');
  lines.push('| Question | Tool | text | structured | answer | raw Oura JSON | answer/raw |', '|---|---|---|---|---|---|---|');
  for (const q of c.rows) lines.push(`| ${q.question} | \`${q.tool}\` | ${n(q.textBytes)} | ${n(q.structuredBytes)} | ${kb(q.answerBytes)} | ${kb(q.rawBytes)} (${q.rawCollections.join(' + ')}) | ${(q.ratio * 100).toFixed(1)}% |`);
  lines.push('', `Target: ${c.target} — ${kb(c.heartRate7dBytes)}, ${mark(c.met)}.`, '');

  const mem = r.memory;
  lines.push('**Memory** (RSS read over the server process\'s own control channel, after a full gc with `--expose-gc`):', '');
  lines.push('| Measure | Value | Target |', '|---|---|---|');
  lines.push(`| RSS after ${n(mem.calls.count)} tool calls (4 tools, c = 10) | ${mem.calls.rssAfterMb} MB (start ${mem.calls.rssStartMb} MB, heap ${mem.calls.heapAfterMb} MB) | ≤ 150 MB — ${mark(mem.calls.met)} |`);
  if (mem.peerReference) lines.push(`| Reference: the peer after the same ${n(mem.calls.count)} calls (VmRSS, no gc) | ${mem.peerReference.rssAfterMb} MB (start ${mem.peerReference.rssStartMb} MB) | — |`);
  lines.push(
    `| ${n(mem.sseCycles.cycles)} SSE connect/initialize/disconnect cycles after ${n(mem.sseCycles.warmup)} warm-up | RSS ${mem.sseCycles.rssAfterWarmupMb} → ${mem.sseCycles.rssAfterCyclesMb} MB (${mem.sseCycles.growthMb >= 0 ? '+' : ''}${mem.sseCycles.growthMb}), heap ${mem.sseCycles.heapAfterWarmupMb} → ${mem.sseCycles.heapAfterCyclesMb} MB (${mem.sseCycles.heapGrowthMb >= 0 ? '+' : ''}${mem.sseCycles.heapGrowthMb}) | no growth (heap ≤ +2 MB, RSS ≤ +5 MB) — ${mark(mem.sseCycles.met)} |`,
  );
  lines.push('', `Whole run: ${r.durationSeconds} s.`);
  return lines.join('\n');
}

export function renderReadme(): void {
  const results = JSON.parse(readFileSync(path.join(benchDir, 'results.json'), 'utf8')) as Any;
  const readmePath = path.join(path.dirname(benchDir), 'README.md');
  const readme = readFileSync(readmePath, 'utf8');
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error('README has no bench markers');
  const next = `${readme.slice(0, start + START.length)}\n${renderMarkdown(results)}\n${readme.slice(end)}`;
  writeFileSync(readmePath, next);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) renderReadme();
