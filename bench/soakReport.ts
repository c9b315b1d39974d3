/**
 * The hostile soak's figures (bench/soak.ts) as bench/results.json keeps them under `hostileSoak`, how
 * they are recorded there, and their README section (bench/render.ts calls {@link renderHostileSoak}).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { benchDir } from './lib.js';
import { renderReadme } from './render.js';

/** The ceiling the soak holds our server to. */
export const SOAK_TARGETS = Object.freeze({ rssMb: 250, closeAfterAnswerMs: 1000 });

export interface SoakResult {
  seconds: number;
  date: string;
  upstream: {
    /** Requests the simulated Oura counted (every page and retry), OAuth excluded. */
    total: number;
    perRoute: Record<string, number>;
    budget: { maxRequests: number; windowSeconds: number };
    /** The full bucket plus what it refills over the run. */
    allowedAtMost: number;
  };
  /** RSS of our server process as it stands (no forced gc), every 10 s. */
  rss: Array<{ second: number; rssMb: number }>;
  rssMaxMb: number;
  /** HTTP status per kind of traffic. */
  answers: Record<string, Record<string, number>>;
  /** Per kind, each JSON-RPC answer: `data`, or the error code (tool errors by their `_meta.code`). */
  outcomes: Record<string, Record<string, number>>;
  slowBodySockets: {
    count: number;
    /** From connect to close. */
    lifetimeP50Ms: number;
    lifetimeP99Ms: number;
    /** From the first byte of the 401 to the close (the fix: the server closes at once). */
    closeAfterAnswerP50Ms: number;
    closeAfterAnswerP99Ms: number;
    closeAfterAnswerMaxMs: number;
  };
  fiveHundreds: number;
  met: { upstreamWithinBudget: boolean; rssUnder250Mb: boolean; closedWithin1s: boolean; noFiveHundreds: boolean };
}

/** Writes `result` into bench/results.json under `hostileSoak` and re-renders the README section. */
export function recordSoak(result: SoakResult): void {
  const file = path.join(benchDir, 'results.json');
  const results = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  results.hostileSoak = result;
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  renderReadme();
}

const n = (value: number): string => value.toLocaleString('en-US');
const mark = (met: boolean): string => (met ? '✅ met' : '❌ missed');
const list = (counts: Record<string, number>): string =>
  Object.entries(counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, count]) => `${key} × ${n(count)}`)
    .join(', ');

/** What the JSON-RPC codes in the table mean (src/errors.ts). */
const CODE_MEANINGS: Record<string, string> = {
  '-32003': "the upstream budget's refusal, with the wait",
  '-32004': 'our per-client rate limit (HTTP 429)',
  '-32602': 'a date Oura cannot have',
  '-32001': 'Oura itself said 429',
  '-32603': 'past the server deadline',
};

function legend(s: SoakResult): string {
  const seen = new Set(Object.values(s.outcomes).flatMap((counts) => Object.keys(counts)));
  const parts = Object.entries(CODE_MEANINGS)
    .filter(([code]) => seen.has(code))
    .map(([code, meaning]) => `${code} ${meaning}`);
  return parts.length === 0 ? '' : ` JSON-RPC codes: ${parts.join('; ')}.`;
}

/** The README section for the soak. */
export function renderHostileSoak(s: SoakResult): string[] {
  const minutes = s.seconds % 60 === 0 ? `${s.seconds / 60} minutes` : `${s.seconds} s`;
  const lines = [
    `**Hostile soak** (\`npm run bench:soak\`, also part of \`npm run bench\`; ${s.date.slice(0, 10)}) — ${minutes} of mixed traffic against our server in its own process with production settings and the default upstream budget (${n(s.upstream.budget.maxRequests)} Oura requests per ${s.upstream.budget.windowSeconds / 60} minutes): the owner's assistant asking for a past week every 2 s, six clients sending batches of 10 cold calls, a call cancelled in its own batch, year 0000/9999 dates, 40 slow bodies without the key at a time, one client rotating \`X-Forwarded-For\`, and pollers of \`/health\` and \`/oauth/status\`.`,
    '',
    '| Traffic | HTTP answers | JSON-RPC answers |',
    '|---|---|---|',
  ];
  for (const [kind, statuses] of Object.entries(s.answers))
    lines.push(`| ${kind} | ${list(statuses)} | ${s.outcomes[kind] ? list(s.outcomes[kind]) : '—'} |`);
  const rssPath = s.rss
    .filter((_, index) => index % 6 === 0 || index === s.rss.length - 1)
    .map((sample) => `${sample.second} s: ${sample.rssMb}`)
    .join(' · ');
  const slow = s.slowBodySockets;
  lines.push(
    '',
    '| Measure | Value | Target |',
    '|---|---|---|',
    `| Requests to Oura (simulator's count, every page) | ${n(s.upstream.total)} (${list(s.upstream.perRoute)}) | ≤ ${n(s.upstream.allowedAtMost)}, the bucket plus its refill — ${mark(s.met.upstreamWithinBudget)} |`,
    `| RSS of our process, highest | ${s.rssMaxMb} MB | < ${SOAK_TARGETS.rssMb} MB — ${mark(s.met.rssUnder250Mb)} |`,
    `| Slow-body sockets: 401 to close | p50 ${slow.closeAfterAnswerP50Ms} ms, p99 ${slow.closeAfterAnswerP99Ms} ms, max ${slow.closeAfterAnswerMaxMs} ms (${n(slow.count)} sockets; connect to close p50 ${slow.lifetimeP50Ms} ms, p99 ${slow.lifetimeP99Ms} ms) | p99 ≤ ${SOAK_TARGETS.closeAfterAnswerMs} ms (Node's default kept them 300 s) — ${mark(s.met.closedWithin1s)} |`,
    `| 5xx answers | ${n(s.fiveHundreds)} | 0 — ${mark(s.met.noFiveHundreds)} |`,
    '',
    `RSS over time (MB): ${rssPath}.${legend(s)} Connect to close includes the wait for the 401 itself, on a 2-core machine that the soak's own clients share with the server.`,
  );
  return lines;
}
