/**
 * Strict clients still accept every answer after the tool list was made compact (issue #13): the SDK
 * 1.17.3 client Poke runs (Ajv 6, draft-07), the current SDK client (Ajv 8, draft-07), and the Python
 * SDK (jsonschema, draft 2020-12 for a schema without `$schema`; run when a Python with `mcp` is
 * available: MCP_PYTHON, else `python3`) each list the tools and call every tool of the capability
 * table; each validates `structuredContent` against the published output schema.
 *
 * Two checks keep this from passing by accident: every answer is also validated here with Ajv under
 * draft-07 and draft 2020-12 (so the Python SDK's draft is covered when its Python is not installed),
 * and each client is pointed at a server that publishes the same tool list but answers with content
 * the schemas reject (an unknown key at the root, or in the first row): each client must refuse every
 * such answer.
 */
import { execFile, spawnSync } from 'node:child_process';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { Client as CurrentClient } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as CurrentTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import {
  CallToolRequestSchema,
  ListToolsRequestSchema,
  type ListToolsResult,
} from '@modelcontextprotocol/sdk/types.js';
import { Client as PokeClient } from 'sdk-1.17.3/client/index.js';
import { StreamableHTTPClientTransport as PokeTransport } from 'sdk-1.17.3/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rpc, type PublishedTool } from '../../bench/context.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { CAPABILITIES, CAPABILITY_NOW, CAPABILITY_TIMEZONE } from './capabilities.js';

type Call = readonly [name: string, args: Record<string, unknown>];
/** One key per (tool, arguments), whatever order a client sends the arguments in. */
const keyOf = (name: string, args: Record<string, unknown>): string =>
  `${name} ${JSON.stringify(Object.fromEntries(Object.entries(args).sort(([a], [b]) => a.localeCompare(b))))}`;

/** One call per distinct (tool, arguments) of the table. */
const CALLS: Call[] = [
  ...new Map(CAPABILITIES.map((row) => [keyOf(row.tool, row.args), [row.tool, row.args] as const])).values(),
];

interface MinimalClient {
  listTools(): Promise<{ tools: Array<{ name: string }> }>;
  callTool(params: { name: string; arguments: Record<string, unknown> }): Promise<unknown>;
  close(): Promise<void>;
}

/** Calls every tool; returns the failures by call (the SDK throws on structuredContent its schema rejects). */
async function failures(client: MinimalClient): Promise<Map<string, string>> {
  const failed = new Map<string, string>();
  await client.listTools();
  for (const [name, args] of CALLS) {
    try {
      const result = (await client.callTool({ name, arguments: args })) as {
        isError?: boolean;
        structuredContent?: unknown;
      };
      if (result.isError) failed.set(keyOf(name, args), 'isError');
      else if (result.structuredContent === undefined) failed.set(keyOf(name, args), 'no structuredContent');
    } catch (error) {
      failed.set(keyOf(name, args), String(error).slice(0, 300));
    }
  }
  return failed;
}

type ClientKind = 'poke' | 'current';
async function withClient(kind: ClientKind, url: string, authToken: string): Promise<Map<string, string>> {
  const requestInit = { headers: { Authorization: `Bearer ${authToken}` } };
  const client =
    kind === 'poke'
      ? new PokeClient({ name: 'poke-like', version: '1.0.0' })
      : new CurrentClient({ name: 'current', version: '1.0.0' });
  if (client instanceof PokeClient) await client.connect(new PokeTransport(new URL(url), { requestInit }));
  else await client.connect(new CurrentTransport(new URL(url), { requestInit }));
  try {
    return await failures(client);
  } finally {
    await client.close();
  }
}

function pythonWithMcp(): string | null {
  for (const candidate of [process.env.MCP_PYTHON, 'python3'].filter((value): value is string => Boolean(value))) {
    const probe = spawnSync(candidate, ['-c', 'import mcp.client.streamable_http'], { stdio: 'ignore' });
    if (probe.status === 0) return candidate;
  }
  return null;
}
const python = pythonWithMcp();

interface PythonReport {
  tools: string[];
  ok: string[];
  failed: Record<string, string>;
}
/** scripts/pythonClientCheck.py against `url`. Asynchronous: the servers it calls run in this process. */
async function pythonCheck(url: string, authToken: string): Promise<PythonReport> {
  const script = fileURLToPath(new URL('../../scripts/pythonClientCheck.py', import.meta.url));
  const running = promisify(execFile)(python!, [script, url, authToken], { encoding: 'utf8', timeout: 120_000 });
  running.child.stdin!.end(JSON.stringify(CALLS));
  const { stdout } = await running;
  return JSON.parse(stdout.trim().split('\n').pop()!) as PythonReport;
}

/** A stand-in that publishes `tools` verbatim and answers each call with `answer(name, args)` as structuredContent. */
async function startMismatchServer(
  tools: readonly PublishedTool[],
  answer: (name: string, args: Record<string, unknown>) => unknown,
): Promise<{ url: string; close(): Promise<void> }> {
  const http: HttpServer = createServer((req, res) => {
    const server = new Server({ name: 'mismatch', version: '1.0.0' }, { capabilities: { tools: {} } });
    server.setRequestHandler(ListToolsRequestSchema, (): ListToolsResult => ({
      tools: [...tools] as ListToolsResult['tools'],
    }));
    server.setRequestHandler(CallToolRequestSchema, (request) => ({
      content: [{ type: 'text' as const, text: 'An answer its output schema rejects.' }],
      structuredContent: answer(request.params.name, request.params.arguments ?? {}) as Record<string, unknown>,
    }));
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on('close', () => void server.close());
    void server.connect(transport).then(() => transport.handleRequest(req, res));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    close: () => new Promise<void>((resolve) => http.close(() => resolve())),
  };
}

type Mutation = 'root' | 'firstRow';
/** The real answer with one key no schema declares: at the root, or in the first row of `data`. */
function mutate(structured: unknown, where: Mutation): unknown {
  const copy = structuredClone(structured) as Record<string, unknown>;
  const rows = copy.data;
  if (where === 'firstRow' && Array.isArray(rows) && rows[0] !== null && typeof rows[0] === 'object')
    (rows[0] as Record<string, unknown>).not_in_the_schema = 1;
  else copy.not_in_the_schema = 1;
  return copy;
}

describe('strict clients validate every answer against the compact output schemas', () => {
  let stack: Stack;
  let published: PublishedTool[];
  /** The real structuredContent of every call, from the server under test. */
  const answers = new Map<string, unknown>();
  const drafts: Record<string, Map<string, ValidateFunction>> = { 'draft-07': new Map(), '2020-12': new Map() };
  beforeAll(async () => {
    stack = await startStack({ now: () => CAPABILITY_NOW, timezone: CAPABILITY_TIMEZONE });
    const endpoint = { baseUrl: stack.baseUrl, authToken: stack.authToken };
    const list = await rpc(endpoint, 'tools/list', {});
    published = list.message.result!.tools as PublishedTool[];
    const draft07 = new Ajv({ strict: false });
    const draft2020 = new Ajv2020({ strict: false });
    for (const tool of published) {
      drafts['draft-07']!.set(tool.name, draft07.compile(tool.outputSchema as object));
      drafts['2020-12']!.set(tool.name, draft2020.compile(tool.outputSchema as object));
    }
    for (const [i, [name, args]] of CALLS.entries()) {
      const { message } = await rpc(endpoint, 'tools/call', { name, arguments: args }, i + 2);
      answers.set(keyOf(name, args), (message.result as { structuredContent?: unknown }).structuredContent);
    }
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });

  /** The calls whose mutated answer `draft` rejects (what a client validating under it must refuse). */
  const rejectedBy = (draft: string, where: Mutation): string[] =>
    CALLS.filter(([name, args]) => !drafts[draft]!.get(name)!(mutate(answers.get(keyOf(name, args)), where))).map(
      ([name, args]) => keyOf(name, args),
    );

  it('every answer validates under draft-07 (Ajv in the SDKs) and draft 2020-12 (jsonschema in the Python SDK)', () => {
    expect(published).toHaveLength(17);
    expect(
      published.every((tool) => tool.outputSchema !== undefined && !('$schema' in (tool.outputSchema as object))),
    ).toBe(true);
    for (const [draft, validators] of Object.entries(drafts)) {
      const invalid = CALLS.flatMap(([name, args]) => {
        const validate = validators.get(name)!;
        return validate(answers.get(keyOf(name, args))) ? [] : [`${draft} ${name}: ${JSON.stringify(validate.errors)}`];
      });
      expect(invalid).toEqual([]);
    }
    // The schemas are not vacuous: an unknown key at the root is rejected for every tool under both drafts.
    for (const draft of Object.keys(drafts)) expect(rejectedBy(draft, 'root')).toHaveLength(CALLS.length);
    // ... and in a row for every tool whose rows list their keys (all but the one-object answers).
    expect(new Set(rejectedBy('2020-12', 'firstRow').map((key) => key.split(' ')[0])).size).toBeGreaterThanOrEqual(12);
    expect(rejectedBy('draft-07', 'firstRow')).toEqual(rejectedBy('2020-12', 'firstRow'));
  });

  for (const kind of ['poke', 'current'] as const) {
    const label = kind === 'poke' ? 'SDK 1.17.3 (Poke)' : 'the current SDK';
    it(`${label} accepts every structuredContent and refuses every answer its schema rejects`, async () => {
      expect([...(await withClient(kind, `${stack.baseUrl}/mcp`, stack.authToken)).entries()]).toEqual([]);
      for (const where of ['root', 'firstRow'] as const) {
        const stand = await startMismatchServer(published, (name, args) =>
          mutate(answers.get(keyOf(name, args)), where),
        );
        try {
          const refused = await withClient(kind, stand.url, 'unused');
          expect([...refused.keys()].sort(), where).toEqual(rejectedBy('2020-12', where).sort());
          for (const reason of refused.values())
            expect(reason).toMatch(/structured content does not match|output schema/i);
        } finally {
          await stand.close();
        }
      }
    }, 120_000);
  }

  it.skipIf(python === null)(
    'the Python SDK accepts every structuredContent and refuses every answer its schema rejects',
    async () => {
      const report = await pythonCheck(`${stack.baseUrl}/mcp`, stack.authToken);
      expect(report.failed).toEqual({});
      expect(report.ok.length).toBe(CALLS.length);
      expect(report.tools.length).toBe(17);
      for (const where of ['root', 'firstRow'] as const) {
        const stand = await startMismatchServer(published, (name, args) =>
          mutate(answers.get(keyOf(name, args)), where),
        );
        try {
          const refused = await pythonCheck(stand.url, 'unused');
          const expected = new Set(rejectedBy('2020-12', where).map((key) => key.split(' ')[0]!));
          expect(Object.keys(refused.failed).sort(), where).toEqual([...expected].sort());
          for (const reason of Object.values(refused.failed)) expect(reason).toMatch(/Invalid structured content/);
        } finally {
          await stand.close();
        }
      }
    },
    300_000,
  );
});
