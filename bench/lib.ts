/**
 * Bench plumbing: child servers with a JSON-line control channel, autocannon runs, our own SSE client
 * loop, MCP calls over /mcp, and percentiles.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { build } from 'esbuild';
import { REQUIRE_SHIM } from '../scripts/build.js';

export const benchDir = path.dirname(fileURLToPath(import.meta.url));

export interface Child {
  info: Record<string, unknown> & { url: string };
  process: ChildProcess;
  /** Sends one command, resolves with the next JSON line the child prints. */
  command<T = Record<string, unknown>>(cmd: string): Promise<T>;
  stop(): Promise<void>;
}

export const root = path.dirname(benchDir);
const bundleDir = path.join(root, 'node_modules', '.cache', 'oura-bench');
const bundles = new Map<string, Promise<string>>();

/** Our server runs as it ships: with its packages bundled in, like `dist/` (scripts/build.ts). */
const SHIPPED_LIKE_DIST = new Set(['ours.ts']);

/**
 * Bundles bench/servers/<script> into one plain ESM file, so the servers run as compiled JavaScript the way
 * production does (no tsx loader thread in RSS or in the profile): our src/ always included, packages included
 * for our server (as dist/ ships) and for `withPackages` (the peer bundled the same way, for reference), else
 * left to node_modules. `import.meta.url` points at src/version.ts so the package root still resolves.
 */
export function bundle(script: string, { withPackages = SHIPPED_LIKE_DIST.has(script) } = {}): Promise<string> {
  const key = `${script}${withPackages ? '+packages' : ''}`;
  let built = bundles.get(key);
  if (!built) {
    const outfile = path.join(bundleDir, key.replace(/\.ts/, '').replace('+', '-') + '.mjs');
    built = build({
      entryPoints: [path.join(benchDir, 'servers', script)],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      ...(withPackages ? { banner: { js: REQUIRE_SHIM } } : { packages: 'external' as const }),
      outfile,
      logLevel: 'error',
      define: { 'import.meta.url': JSON.stringify(pathToFileURL(path.join(root, 'src', 'version.ts')).href) },
    }).then(() => outfile);
    bundles.set(key, built);
  }
  return built;
}

export interface ChildOptions {
  args?: string[];
  nodeArgs?: string[];
  /** Run the TypeScript through tsx instead of the bundle (the CPU profile, for src/ file names). */
  tsx?: boolean;
  /** Environment added to this process's (e.g. glibc's malloc tunables, read once at start). */
  env?: Record<string, string>;
}

/** Starts a server of bench/servers/ in its own process and waits for its first JSON line. */
export async function startChild(
  script: string,
  { args = [], nodeArgs = [], tsx = false, env = {} }: ChildOptions = {},
): Promise<Child> {
  const entry = tsx ? ['--import', 'tsx', path.join(benchDir, 'servers', script)] : [await bundle(script)];
  const child = spawn(process.execPath, [...nodeArgs, ...entry, ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
    cwd: root,
    env: { ...process.env, ...env },
  });
  const waiting: Array<(value: Record<string, unknown>) => void> = [];
  const early: Array<Record<string, unknown>> = [];
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    let value: Record<string, unknown>;
    try {
      value = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return; // not ours
    }
    const next = waiting.shift();
    if (next) next(value);
    else early.push(value);
  });
  const nextLine = (): Promise<Record<string, unknown>> =>
    new Promise((resolve, reject) => {
      const queued = early.shift();
      if (queued) return resolve(queued);
      const onExit = (code: number | null): void => reject(new Error(`${script} exited with ${code}`));
      child.once('exit', onExit);
      waiting.push((value) => {
        child.off('exit', onExit);
        resolve(value);
      });
    });
  const info = (await nextLine()) as Child['info'];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    info,
    process: child,
    async command<T>(cmd: string): Promise<T> {
      const answer = nextLine();
      child.stdin.write(`${JSON.stringify({ cmd })}\n`);
      return (await answer) as T;
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export interface LoadResult {
  connections: number;
  seconds: number;
  requests: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  mean: number;
  errors: number;
  non2xx: number;
}

const round = (value: number, digits = 2): number => Math.round(value * 10 ** digits) / 10 ** digits;

/** autocannon against one POST; requests/s = total answered / duration. */
export async function cannon(
  url: string,
  headers: Record<string, string>,
  body: string,
  connections: number,
  seconds: number,
): Promise<LoadResult> {
  const result = await autocannon({
    url,
    method: 'POST',
    headers,
    body,
    connections,
    duration: seconds,
    pipelining: 1,
  });
  const answered = result.requests.total;
  return {
    connections,
    seconds,
    requests: answered,
    rps: round(answered / seconds, 0),
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    mean: round(result.latency.average),
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export function mcpHeaders(authToken: string): Record<string, string> {
  return {
    authorization: `Bearer ${authToken}`,
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'mcp-protocol-version': '2025-06-18',
  };
}

export function toolCallBody(name: string, args: Record<string, unknown>, id: number | string = 1): string {
  return JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args } });
}

export interface ToolAnswer {
  status: number;
  contentType: string;
  raw: string;
  result?: { content?: Array<{ type: string; text?: string }>; structuredContent?: unknown; isError?: boolean };
  error?: { code: number; message: string };
}

/** One tools/call over POST /mcp (answers as JSON or as one SSE event). */
export async function callTool(
  baseUrl: string,
  authToken: string,
  name: string,
  args: Record<string, unknown>,
): Promise<ToolAnswer> {
  const response = await fetch(`${baseUrl}/mcp`, {
    method: 'POST',
    headers: mcpHeaders(authToken),
    body: toolCallBody(name, args),
  });
  const raw = await response.text();
  const contentType = response.headers.get('content-type') ?? '';
  let json = raw;
  if (contentType.includes('text/event-stream')) {
    json = raw
      .split('\n')
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(5).trim())
      .join('');
  }
  const message = JSON.parse(json) as Pick<ToolAnswer, 'result' | 'error'>;
  return { status: response.status, contentType, raw, ...message };
}

/** A legacy SSE session: GET /sse, the endpoint event, initialize; `call` times POST → answer on the stream. */
export class SseSession {
  private buffer = '';
  private readonly pending = new Map<number | string, (message: unknown) => void>();
  private endpoint: Promise<string>;
  private request: http.ClientRequest | undefined;
  private response: http.IncomingMessage | undefined;
  private nextId = 1;
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

  constructor(
    private readonly baseUrl: string,
    private readonly authToken: string,
  ) {
    this.endpoint = new Promise((resolve, reject) => {
      const url = new URL('/sse', baseUrl);
      this.request = http.get(
        url,
        { headers: { authorization: `Bearer ${authToken}`, accept: 'text/event-stream' } },
        (res) => {
          this.response = res;
          if (res.statusCode !== 200) {
            reject(new Error(`GET /sse answered ${res.statusCode}`));
            res.resume();
            return;
          }
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            this.buffer += chunk;
            let end: number;
            while ((end = this.buffer.indexOf('\n\n')) >= 0) {
              const block = this.buffer.slice(0, end);
              this.buffer = this.buffer.slice(end + 2);
              let event = 'message';
              const data: string[] = [];
              for (const line of block.split('\n')) {
                if (line.startsWith('event:')) event = line.slice(6).trim();
                else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
              }
              if (event === 'endpoint') resolve(new URL(data.join('\n'), baseUrl).toString());
              else if (event === 'message' && data.length > 0) {
                const message = JSON.parse(data.join('\n')) as { id?: number | string };
                if (message.id !== undefined) {
                  const waiter = this.pending.get(message.id);
                  this.pending.delete(message.id);
                  waiter?.(message);
                }
              }
            }
          });
        },
      );
      this.request.on('error', reject);
    });
  }

  private post(url: string, body: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const req = http.request(
        url,
        {
          method: 'POST',
          agent: this.agent,
          headers: {
            authorization: `Bearer ${this.authToken}`,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  /** Sends a request and resolves with its answer from the stream. */
  async send(method: string, params: unknown): Promise<unknown> {
    const url = await this.endpoint;
    const id = this.nextId++;
    const answer = new Promise<unknown>((resolve) => this.pending.set(id, resolve));
    const status = await this.post(url, JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    if (status !== 202) throw new Error(`POST /message answered ${status}`);
    return answer;
  }

  async open(): Promise<void> {
    const url = await this.endpoint;
    await this.send('initialize', {
      protocolVersion: '2024-11-05',
      capabilities: {},
      clientInfo: { name: 'bench', version: '1.0.0' },
    });
    await this.post(url, JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }));
  }

  /** Milliseconds from the POST to the answer on the stream. */
  async timedCall(name: string, args: Record<string, unknown>): Promise<number> {
    const start = performance.now();
    const answer = (await this.send('tools/call', { name, arguments: args })) as {
      error?: unknown;
      result?: { isError?: boolean };
    };
    const elapsed = performance.now() - start;
    if (answer.error || answer.result?.isError)
      throw new Error(`SSE call failed: ${JSON.stringify(answer).slice(0, 300)}`);
    return elapsed;
  }

  close(): void {
    this.response?.destroy();
    this.request?.destroy();
    this.agent.destroy();
  }
}

/** `sessions` SSE sessions, each calling in a loop for `seconds`; latency from POST to the answer on the stream. */
export async function sseLoad(
  baseUrl: string,
  authToken: string,
  sessions: number,
  seconds: number,
  name: string,
  args: Record<string, unknown>,
): Promise<LoadResult> {
  const clients = Array.from({ length: sessions }, () => new SseSession(baseUrl, authToken));
  await Promise.all(clients.map((client) => client.open()));
  // A short warm-up per session.
  for (const client of clients) for (let i = 0; i < 20; i++) await client.timedCall(name, args);
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    clients.map(async (client) => {
      while (performance.now() < deadline) {
        try {
          latencies.push(await client.timedCall(name, args));
        } catch {
          errors++;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  for (const client of clients) client.close();
  latencies.sort((a, b) => a - b);
  const mean = latencies.reduce((sum, value) => sum + value, 0) / Math.max(1, latencies.length);
  return {
    connections: sessions,
    seconds: round(elapsed),
    requests: latencies.length,
    rps: round(latencies.length / elapsed, 0),
    p50: round(percentile(latencies, 50)),
    p90: round(percentile(latencies, 90)),
    p99: round(percentile(latencies, 99)),
    mean: round(mean),
    errors,
    non2xx: 0,
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Our own loop: `connections` keep-alive connections, each sending its next POST when the last answer
 * arrived; latency with sub-millisecond resolution. The same kind of client as the SSE loop.
 */
export async function httpLoop(
  url: string,
  headers: Record<string, string>,
  body: string,
  seconds: number,
  connections = 1,
): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const payload = Buffer.from(body);
  const once = (): Promise<number> =>
    new Promise((resolve, reject) => {
      const start = performance.now();
      const req = http.request(
        url,
        { method: 'POST', agent, headers: { ...headers, 'content-length': String(payload.length) } },
        (res) => {
          res.resume();
          res.on('end', () =>
            res.statusCode === 200
              ? resolve(performance.now() - start)
              : reject(new Error(`answered ${res.statusCode}`)),
          );
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  await Promise.all(
    Array.from({ length: connections }, async () => {
      for (let i = 0; i < 20; i++) await once();
    }),
  );
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < deadline) {
        try {
          latencies.push(await once());
        } catch {
          errors++;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    connections,
    seconds: round(elapsed),
    requests: latencies.length,
    rps: round(latencies.length / elapsed, 0),
    p50: round(percentile(latencies, 50)),
    p90: round(percentile(latencies, 90)),
    p99: round(percentile(latencies, 99)),
    mean: round(latencies.reduce((sum, value) => sum + value, 0) / Math.max(1, latencies.length)),
    errors,
    non2xx: 0,
  };
}
