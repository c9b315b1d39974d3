/**
 * Start-up and idle memory, ours next to the SDK's minimal server. Ours as it ships (`dist/index.js`, the
 * esbuild bundle of scripts/build.ts, built first when stale) and, for what the bundle saves, the same code
 * as tsc emits it; the peer as the issue measured it (its code bundled, packages from node_modules) and, like
 * for like, bundled with its packages. HTTP: process spawn → the first answered HTTP request (our /health).
 * stdio: spawn → the answer to `initialize`. Idle RSS: VmRSS two seconds after the HTTP server answered,
 * before any tool call. Medians of five starts, the variants interleaved.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { spawnEnv } from '../test/helpers/spawn.js';
import { bundle, root, sleep } from './lib.js';

const STARTS = 5;

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const mb = (bytes: number): number => Math.round((bytes / 2 ** 20) * 10) / 10;

function vmRss(pid: number | undefined): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) * 1024;
}

/** Resolves with the first `http://…` URL a line of the child's output names. */
function urlFrom(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const onLine = (line: string): void => {
      const match = /(http:\/\/127\.0\.0\.1:\d+)/.exec(line);
      if (match) resolve(match[1]!);
    };
    if (child.stdout) readline.createInterface({ input: child.stdout }).on('line', onLine);
    if (child.stderr) readline.createInterface({ input: child.stderr }).on('line', onLine);
    child.once('exit', (code) => reject(new Error(`exited with ${code} before listening`)));
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** Spawn → first answered HTTP request to `probe(url)`; then idle RSS. */
async function httpStart(
  args: string[],
  env: Record<string, string> | undefined,
  probe: (url: string) => string,
): Promise<{ ms: number; idleRss: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = await urlFrom(child);
    await fetch(probe(url));
    const ms = performance.now() - started;
    await sleep(2000);
    return { ms, idleRss: vmRss(child.pid) };
  } finally {
    await stopChild(child);
  }
}

/** Spawn → the answer to `initialize` on stdout. */
async function stdioStart(args: string[], env: Record<string, string> | undefined): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['pipe', 'pipe', 'ignore'] });
  try {
    const answered = new Promise<void>((resolve, reject) => {
      readline.createInterface({ input: child.stdout }).on('line', (line) => {
        if (line.includes('"id":1')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`stdio server exited with ${code}`)));
    });
    child.stdin.write(
      `${JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench', version: '1' } },
      })}\n`,
    );
    await answered;
    return performance.now() - started;
  } finally {
    await stopChild(child);
  }
}

/**
 * What each part of our module graph costs at start, unbundled (tsc's output, one file per module, the
 * packages from node_modules): modules imported one after another in a fresh process, each line the time and
 * RSS its import added on top of the ones before (so a dependency shared by two parts is charged to the
 * first). Medians of three processes. The shipped bundle loads the same code; this shows where it goes.
 */
const GRAPH = [
  ['config (joi)', 'config.js'],
  ['logger (winston)', 'logger.js'],
  ['Oura client', 'oura/client.js'],
  ['MCP server + 17 tools (SDK, zod)', 'mcp/server.js'],
  ['HTTP app (express, rate limit, transports)', 'http/app.js'],
  ['OAuth to Oura (routes, pages, tokens)', 'oauth/routes.js'],
  ['MCP authorization server', 'mcpAuth/authorizationServer.js'],
  ['composition root (deps)', 'deps.js'],
  // Not at start-up: imported on the first request to Oura (src/oura/http.ts), measured here for its cost.
  ['axios (on the first Oura request)', 'axios'],
] as const;

/**
 * `tsc`'s unbundled output of src/, in `<cache>/unbundled/dist` beside a copy of package.json (the package
 * root src/packageRoot.ts expects), packages resolved from the repository's node_modules above it.
 */
function buildUnbundled(): string {
  const pkg = path.join(root, 'node_modules', '.cache', 'oura-bench', 'unbundled');
  mkdirSync(pkg, { recursive: true });
  copyFileSync(path.join(root, 'package.json'), path.join(pkg, 'package.json'));
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const out = path.join(pkg, 'dist');
  const run = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json'), '--outDir', out], {
    stdio: 'inherit',
  });
  if (run.status !== 0) throw new Error('tsc (the unbundled build) failed');
  return out;
}

function moduleGraphOnce(unbundled: string): Array<{ ms: number; rss: number }> {
  const script = `
    const parts = ${JSON.stringify(GRAPH.map(([, file]) => file))};
    const out = [];
    for (const file of parts) {
      const rss = process.memoryUsage().rss;
      const t = performance.now();
      await import(file.endsWith('.js') ? ${JSON.stringify(unbundled)} + '/' + file : file);
      out.push({ ms: performance.now() - t, rss: process.memoryUsage().rss - rss });
    }
    console.log(JSON.stringify(out));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', cwd: root });
  if (run.status !== 0) throw new Error(`module graph probe failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as Array<{ ms: number; rss: number }>;
}

function moduleGraph(unbundled: string): Array<{ part: string; ms: number; rssMb: number }> {
  const runs = [moduleGraphOnce(unbundled), moduleGraphOnce(unbundled), moduleGraphOnce(unbundled)];
  return GRAPH.map(([part], i) => ({
    part,
    ms: Math.round(median(runs.map((r) => r[i]!.ms))),
    rssMb: mb(median(runs.map((r) => r[i]!.rss))),
  }));
}

/** Start-up of one server in both modes, and its idle RSS. */
interface Variant {
  http: string[];
  stdio: string[];
  env: () => Record<string, string> | undefined;
  probe: (url: string) => string;
}

export async function measureStartup() {
  const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'ensure-build.mjs')], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build failed');
  const ours = path.join(root, 'dist', 'index.js');
  const unbundled = buildUnbundled();
  // The spawned-server environment of the process tests, in production mode.
  const oursEnv = () => spawnEnv({ NODE_ENV: 'production' }).env;
  const peerEnv = () => undefined;
  const variants = {
    // As it ships: the esbuild bundle of scripts/build.ts.
    ours: { http: [ours], stdio: [ours, '--stdio'], env: oursEnv, probe: (url: string) => `${url}/health` },
    // The same code as tsc emits it, packages from node_modules: what the bundle saves.
    oursUnbundled: {
      http: [path.join(unbundled, 'index.js')],
      stdio: [path.join(unbundled, 'index.js'), '--stdio'],
      env: oursEnv,
      probe: (url: string) => `${url}/health`,
    },
    // The target's reference, as the issue measured it: its own code bundled, packages from node_modules.
    peer: {
      http: [await bundle('peer.ts')],
      stdio: [await bundle('peerStdio.ts')],
      env: peerEnv,
      probe: (url: string) => url,
    },
    // The peer bundled with its packages, the way ours ships: the like-for-like reference.
    peerBundled: {
      http: [await bundle('peer.ts', { withPackages: true })],
      stdio: [await bundle('peerStdio.ts', { withPackages: true })],
      env: peerEnv,
      probe: (url: string) => url,
    },
  } satisfies Record<string, Variant>;
  type Name = keyof typeof variants;
  const names = Object.keys(variants) as Name[];
  const runs = Object.fromEntries(
    names.map((name) => [name, { http: [] as number[], stdio: [] as number[], rss: [] as number[] }]),
  ) as Record<Name, { http: number[]; stdio: number[]; rss: number[] }>;
  // Interleaved, so a busy moment of the machine falls on every variant alike.
  for (let i = 0; i < STARTS; i++) {
    for (const name of names) {
      const variant: Variant = variants[name];
      const http = await httpStart(variant.http, variant.env(), variant.probe);
      runs[name].http.push(http.ms);
      runs[name].rss.push(http.idleRss);
      runs[name].stdio.push(await stdioStart(variant.stdio, variant.env()));
    }
  }
  const graph = moduleGraph(unbundled);
  const ms = (values: number[]): number => Math.round(median(values));
  const ratio = (a: number, b: number): number => Math.round((a / b) * 100) / 100;
  const of = (name: Name) => ({
    httpMs: ms(runs[name].http),
    stdioMs: ms(runs[name].stdio),
    idleRssMb: mb(median(runs[name].rss)),
  });
  const measured = Object.fromEntries(names.map((name) => [name, of(name)])) as Record<Name, ReturnType<typeof of>>;
  const { ours: o, peer: p, peerBundled: pb } = measured;
  return {
    starts: STARTS,
    measured,
    startup: {
      httpMs: { ours: o.httpMs, peer: p.httpMs },
      stdioMs: { ours: o.stdioMs, peer: p.stdioMs },
      httpRatio: ratio(o.httpMs, p.httpMs),
      stdioRatio: ratio(o.stdioMs, p.stdioMs),
      /** Against the peer bundled like ours. */
      likeForLike: { httpRatio: ratio(o.httpMs, pb.httpMs), stdioRatio: ratio(o.stdioMs, pb.stdioMs) },
      target: 'start-up ≤ 1.2 × the minimal SDK server (HTTP and stdio)',
      met: o.httpMs <= 1.2 * p.httpMs && o.stdioMs <= 1.2 * p.stdioMs,
    },
    moduleGraph: graph,
    idleRss: {
      ours: o.idleRssMb,
      peer: p.idleRssMb,
      differenceMb: Math.round((o.idleRssMb - p.idleRssMb) * 10) / 10,
      target: 'idle RSS ≤ the minimal SDK server + 15 MB',
      met: o.idleRssMb <= p.idleRssMb + 15,
    },
  };
}

/** The README section for {@link measureStartup}'s results. */
export function renderStartup(s: Awaited<ReturnType<typeof measureStartup>>): string[] {
  const mark = (met: boolean): string => (met ? '✅ met' : '❌ missed');
  const { ours, oursUnbundled, peer, peerBundled } = s.measured;
  const ratio = (a: number, b: number): string => `${Math.round((a / b) * 100) / 100}×`;
  const plus = (a: number, b: number): string => `${a >= b ? '+' : '−'}${Math.abs(Math.round((a - b) * 10) / 10)} MB`;
  return [
    `**Start-up and idle memory** — median of ${s.starts} starts, the four servers interleaved. HTTP: spawn → first answered request (our \`/health\`); stdio: spawn → the answer to \`initialize\`; idle RSS: VmRSS 2 s after the HTTP server answered, before any tool call. Ours runs as it ships, the esbuild bundle in \`dist/\` (\`scripts/build.ts\`); the target's reference is the SDK's minimal server (one echo tool) as the issue measured it, its code bundled and its packages loaded from \`node_modules\`. The other two columns are for reading the result: the same code of ours unbundled (as \`tsc\` emits it), and the minimal server bundled with its packages like ours:`,
    '',
    '| Measure | ours (shipped bundle) | minimal SDK server | ratio / difference | target | ours unbundled | minimal server bundled like ours | ours vs that |',
    '|---|---|---|---|---|---|---|---|',
    `| HTTP start-up | ${ours.httpMs} ms | ${peer.httpMs} ms | ${ratio(ours.httpMs, peer.httpMs)} | ≤ 1.2× | ${oursUnbundled.httpMs} ms | ${peerBundled.httpMs} ms | ${ratio(ours.httpMs, peerBundled.httpMs)} |`,
    `| stdio start-up | ${ours.stdioMs} ms | ${peer.stdioMs} ms | ${ratio(ours.stdioMs, peer.stdioMs)} | ≤ 1.2× | ${oursUnbundled.stdioMs} ms | ${peerBundled.stdioMs} ms | ${ratio(ours.stdioMs, peerBundled.stdioMs)} |`,
    `| idle RSS | ${ours.idleRssMb} MB | ${peer.idleRssMb} MB | ${plus(ours.idleRssMb, peer.idleRssMb)} | ≤ +15 MB | ${oursUnbundled.idleRssMb} MB | ${peerBundled.idleRssMb} MB | ${plus(ours.idleRssMb, peerBundled.idleRssMb)} |`,
    '',
    '| Target | Result |',
    '|---|---|',
    `| ${s.startup.target} | ${mark(s.startup.met)} |`,
    `| ${s.idleRss.target} | ${mark(s.idleRss.met)} |`,
    '',
    "Where the start-up goes — the unbundled build's modules imported one after another in a fresh process (each row is what its import added on top of the rows above, so a package two parts share is charged to the first; median of 3). The bundle loads the same code without resolving, reading and linking each file on its own:",
    '',
    '| Part | ms | RSS MB |',
    '|---|---|---|',
    ...s.moduleGraph.map((row) => `| ${row.part} | ${row.ms} | ${row.rssMb} |`),
  ];
}
