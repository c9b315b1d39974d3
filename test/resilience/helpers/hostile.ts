/**
 * A seeded generator of hostile HTTP requests for the resilience tests: random and truncated JSON,
 * wrong JSON-RPC shapes, hostile tool arguments, oversized bodies, unknown sessions, wrong content
 * types and bad OAuth parameters. Deterministic for a seed, so a failure can be replayed.
 */
import type { AnyToolDefinition } from '../../../src/mcp/tool.js';

/** mulberry32: a small deterministic PRNG, uniform in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Markers that must never appear unescaped in an HTML answer. */
export const SCRIPT_PAYLOAD = '<script>alert("xss-hostile")</script>';
export const IMG_PAYLOAD = '<img src=x onerror=alert("xss-img")>';
export const UNESCAPED_MARKERS = ['<script>alert("xss-hostile")', '<img src=x onerror=alert("xss-img")'];

export interface HostileRequest {
  kind: string;
  method: 'GET' | 'POST' | 'DELETE' | 'PUT';
  /** Path and query, e.g. `/mcp` or `/oauth/callback?code=…`. */
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** The request is allowed to succeed (e.g. a hostile-looking but valid call): only "no 5xx" etc. apply. */
  mayBeValid?: boolean;
}

export interface GeneratorContext {
  random: () => number;
  authToken: string;
  tools: readonly AnyToolDefinition[];
  /** A live SSE session id (POSTs to it answer 202 and the reply goes to the stream). */
  liveSessionId: string;
}

const IMPOSSIBLE_DATES = [
  '2025-02-30',
  '2025-13-01',
  '2025-00-10',
  '0000-00-00',
  '9999-12-31',
  '1900-01-01',
  '2025-1-1',
  '25-10-26',
  'yesterday',
  '2025-10-26T25:61:00Z',
  '2025-10-26T08:00:00+99:00',
  '',
  ' ',
  'NaN',
  '2025-10-26\u0000',
  '２０２５-１０-２６',
  '2015-01-01',
  '2035-01-01',
  '-2025-01-01',
  '+275760-09-13',
];

export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

/** A UUID-shaped id from the seeded PRNG (so runs replay exactly). */
function fakeUuid(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function int(random: () => number, max: number): number {
  return Math.floor(random() * max);
}

/** A nested array `depth` levels deep, as text (JSON.stringify would recurse). */
function deepNesting(depth: number, open = '[', close = ']'): string {
  return `${open.repeat(depth)}1${close.repeat(depth)}`;
}

function hostileScalar(random: () => number): unknown {
  const choices: Array<() => unknown> = [
    () => SCRIPT_PAYLOAD,
    () => IMG_PAYLOAD,
    () => `${pick(random, IMPOSSIBLE_DATES)}${SCRIPT_PAYLOAD}`,
    () => pick(random, IMPOSSIBLE_DATES),
    () => 'x'.repeat(int(random, 200_000)),
    () => -1,
    () => 1e308,
    () => -0,
    () => 3.5,
    () => Number.MAX_SAFE_INTEGER + 2,
    () => null,
    () => true,
    () => [],
    () => {},
    () => Array.from({ length: int(random, 20_000) }, (_, i) => i),
    () => ({ __proto__: { polluted: true } }),
    () => ({ constructor: { prototype: { polluted: true } } }),
    () => '../../etc/passwd',
    () => '%00%0d%0aSet-Cookie: x=y',
    () => '\u202e\ud800',
    () => 'DROP TABLE users; --',
  ];
  return pick(random, choices)();
}

/** Hostile arguments for a tool: its own fields with hostile values, plus stray keys. */
function hostileArguments(random: () => number, tool: AnyToolDefinition): unknown {
  const shape = (tool.inputSchema as unknown as { shape?: Record<string, unknown> }).shape ?? {};
  const keys = Object.keys(shape);
  const roll = random();
  if (roll < 0.08) return pick(random, [null, 'string', 42, [1, 2], true]);
  const args: Record<string, unknown> = {};
  for (const key of keys) {
    const r = random();
    if (r < 0.3) continue;
    args[key] = hostileScalar(random);
  }
  // Ranges: reversed, ten years, impossible.
  if ('start_date' in shape && random() < 0.5) {
    const ranges: Array<[string, string]> = [
      ['2025-10-26', '2025-10-01'],
      ['2015-10-26', '2025-10-26'],
      ['2025-02-29', '2025-03-01'],
      ['2025-10-26', '2125-10-26'],
    ];
    const [start, end] = pick(random, ranges);
    args.start_date = start;
    if ('end_date' in shape) args.end_date = end;
  }
  if (random() < 0.3)
    args[pick(random, ['__proto__', 'constructor', 'prototype', 'toString', SCRIPT_PAYLOAD])] = hostileScalar(random);
  return args;
}

function rpc(id: unknown, method: unknown, params?: unknown): Record<string, unknown> {
  return params === undefined ? { jsonrpc: '2.0', id, method } : { jsonrpc: '2.0', id, method, params };
}

const MCP_ACCEPT = 'application/json, text/event-stream';

/** Builds request number `n`; the mix is weighted toward authenticated MCP traffic. */
export function hostileRequest(ctx: GeneratorContext, n: number): HostileRequest {
  const { random, authToken, tools } = ctx;
  const auth = { authorization: `Bearer ${authToken}` };
  const jsonHeaders = { ...auth, 'content-type': 'application/json', accept: MCP_ACCEPT };
  const target = (): string =>
    random() < 0.75 ? '/mcp' : `/message?sessionId=${random() < 0.5 ? ctx.liveSessionId : fakeUuid(random)}`;
  const kinds: Array<[number, () => HostileRequest]> = [
    [
      30,
      () => {
        const tool = pick(random, tools);
        const raw = JSON.stringify(
          rpc(n, 'tools/call', { name: tool.name, arguments: hostileArguments(random, tool) }),
        );
        // JSON.stringify drops a real __proto__ key; write it into the text so it reaches the server.
        const body =
          random() < 0.2
            ? raw.replace(
                '"arguments":{',
                `"arguments":{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},`,
              )
            : raw;
        return {
          kind: `tools/call ${tool.name}`,
          method: 'POST',
          path: target(),
          headers: jsonHeaders,
          body,
          mayBeValid: true,
        };
      },
    ],
    [
      6,
      () => {
        const name = pick(random, [
          SCRIPT_PAYLOAD,
          '',
          'x'.repeat(10_000),
          '__proto__',
          'constructor',
          'get_sleep_summary ',
          'GET_SLEEP_SUMMARY',
        ]);
        return {
          kind: 'tools/call unknown tool',
          method: 'POST',
          path: target(),
          headers: jsonHeaders,
          body: JSON.stringify(rpc(n, 'tools/call', { name, arguments: {} })),
        };
      },
    ],
    [
      8,
      () => {
        const bytes = Array.from({ length: 1 + int(random, 400) }, () => String.fromCharCode(int(random, 0x7f))).join(
          '',
        );
        return { kind: 'random bytes', method: 'POST', path: target(), headers: jsonHeaders, body: bytes };
      },
    ],
    [
      8,
      () => {
        const full = JSON.stringify(
          rpc(n, 'tools/call', {
            name: pick(random, tools).name,
            arguments: { start_date: '2025-10-20', end_date: '2025-10-26' },
          }),
        );
        return {
          kind: 'truncated JSON',
          method: 'POST',
          path: target(),
          headers: jsonHeaders,
          body: full.slice(0, int(random, full.length)),
        };
      },
    ],
    [
      10,
      () => {
        const shapes: unknown[] = [
          { jsonrpc: '1.0', id: n, method: 'tools/list' },
          { id: n, method: 'tools/list' },
          { jsonrpc: '2.0', id: { nested: SCRIPT_PAYLOAD }, method: 'tools/list' },
          { jsonrpc: '2.0', id: n, method: 42 },
          { jsonrpc: '2.0', id: n, method: SCRIPT_PAYLOAD },
          { jsonrpc: '2.0', id: n, method: 'tools/call', params: 'not-an-object' },
          { jsonrpc: '2.0', id: n, method: 'tools/call', params: [1, 2, 3] },
          { jsonrpc: '2.0', id: n, method: 'tools/call', params: { name: 42, arguments: 'x' } },
          { jsonrpc: '2.0', id: n, method: 'tools/call' },
          {
            jsonrpc: '2.0',
            id: n,
            method: 'initialize',
            params: { protocolVersion: SCRIPT_PAYLOAD, capabilities: 'x', clientInfo: null },
          },
          { jsonrpc: '2.0', id: n, method: 'resources/read', params: { uri: `file:///etc/passwd${SCRIPT_PAYLOAD}` } },
          { jsonrpc: '2.0', id: n, method: 'prompts/get', params: { name: SCRIPT_PAYLOAD } },
          { jsonrpc: '2.0', id: n, method: 'logging/setLevel', params: { level: SCRIPT_PAYLOAD } },
          { jsonrpc: '2.0', id: n, result: { ok: true } },
          { jsonrpc: '2.0', id: n, error: { code: 'x', message: SCRIPT_PAYLOAD } },
          [],
          [rpc(n, 'tools/list'), 42, null, 'x'],
          Array.from({ length: 200 }, (_, i) => rpc(i, 'tools/call', { name: 'get_personal_info', arguments: {} })),
          null,
          42,
          SCRIPT_PAYLOAD,
          {
            jsonrpc: '2.0',
            id: n,
            method: 'tools/call',
            params: {
              name: 'get_sleep_summary',
              arguments: { start_date: 'x'.repeat(1000) },
              _meta: { progressToken: { a: SCRIPT_PAYLOAD } },
            },
          },
        ];
        return {
          kind: 'wrong JSON-RPC shape',
          method: 'POST',
          path: target(),
          headers: jsonHeaders,
          body: JSON.stringify(pick(random, shapes)),
          mayBeValid: true,
        };
      },
    ],
    [
      4,
      () => {
        const depth = pick(random, [100, 1_000, 10_000, 100_000]);
        const nested = random() < 0.5 ? deepNesting(depth) : deepNesting(depth, '{"a":', '}');
        const body = `{"jsonrpc":"2.0","id":${n},"method":"tools/call","params":{"name":"get_sleep_summary","arguments":{"start_date":${nested}}}}`;
        return { kind: `deep nesting ${depth}`, method: 'POST', path: target(), headers: jsonHeaders, body };
      },
    ],
    [
      2,
      () => {
        const size = pick(random, [1_100_000, 3_000_000]);
        const body = JSON.stringify(
          rpc(n, 'tools/call', { name: 'get_tags', arguments: { start_date: 'x'.repeat(size) } }),
        );
        return { kind: 'oversized body', method: 'POST', path: target(), headers: jsonHeaders, body };
      },
    ],
    [
      6,
      () => {
        const type = pick(random, [
          'text/plain',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'application/xml',
          'text/html',
          '',
          'application/json; charset=utf-7',
          'application/jsonx',
        ]);
        const headers: Record<string, string> = { ...auth, accept: MCP_ACCEPT };
        if (type !== '') headers['content-type'] = type;
        const body =
          random() < 0.5 ? JSON.stringify(rpc(n, 'tools/list')) : `a=1&b=${encodeURIComponent(SCRIPT_PAYLOAD)}`;
        // A JSON media type with an odd charset and an ASCII JSON body is still a fair request.
        return {
          kind: `content-type ${type || 'none'}`,
          method: 'POST',
          path: target(),
          headers,
          body,
          mayBeValid: type.startsWith('application/json'),
        };
      },
    ],
    [
      5,
      () => {
        const accept = pick(random, ['text/html', '*/*', 'application/json', 'text/event-stream', '']);
        const headers: Record<string, string> = { ...auth, 'content-type': 'application/json' };
        if (accept) headers.accept = accept;
        const sessionHeader: Record<string, string> =
          random() < 0.6
            ? {
                'mcp-session-id': pick(random, [
                  fakeUuid(random),
                  SCRIPT_PAYLOAD.replace(/[<>"]/g, ''),
                  'x'.repeat(5000),
                ]),
              }
            : {};
        return {
          kind: 'session/accept',
          method: pick(random, ['POST', 'GET', 'DELETE'] as const),
          path: '/mcp',
          headers: { ...headers, ...sessionHeader },
          body: JSON.stringify(rpc(n, 'tools/list')),
          mayBeValid: true,
        };
      },
    ],
    [
      5,
      () => {
        const sessionId = pick(random, [
          '',
          fakeUuid(random),
          encodeURIComponent(SCRIPT_PAYLOAD),
          'x'.repeat(3000),
          '../../etc',
          '%00',
        ]);
        const path =
          random() < 0.2 ? '/message' : `/message?sessionId=${sessionId}${random() < 0.2 ? '&sessionId=2' : ''}`;
        return {
          kind: 'unknown SSE session',
          method: 'POST',
          path,
          headers: jsonHeaders,
          body: JSON.stringify(rpc(n, 'tools/list')),
        };
      },
    ],
    [
      4,
      () => {
        const authorization = pick(random, [
          '',
          'Bearer',
          `Bearer ${authToken}x`,
          `bearer ${SCRIPT_PAYLOAD}`,
          `Basic ${Buffer.from(`a:${authToken}`).toString('base64')}`,
          'Bearer '.repeat(500),
        ]);
        const headers: Record<string, string> = { 'content-type': 'application/json', accept: MCP_ACCEPT };
        if (authorization) headers.authorization = authorization;
        return {
          kind: 'bad auth',
          method: 'POST',
          path: target(),
          headers,
          body: JSON.stringify(rpc(n, 'tools/list')),
        };
      },
    ],
    [
      12,
      () => {
        const value = (): string =>
          encodeURIComponent(
            pick(random, [
              SCRIPT_PAYLOAD,
              IMG_PAYLOAD,
              fakeUuid(random),
              'x'.repeat(int(random, 20_000)),
              '',
              '%',
              '\u0000',
              '"><svg onload=alert(1)>',
            ]),
          );
        const withBearer = random() < 0.5;
        const routes: Array<() => HostileRequest> = [
          () => ({
            kind: 'oauth authorize',
            method: 'GET',
            path: `/oauth/authorize?${pick(random, ['grant', 'connect', 'state', 'x'])}=${value()}`,
            headers: withBearer ? auth : {},
            mayBeValid: withBearer,
          }),
          () => ({
            kind: 'oauth authorize twice',
            method: 'GET',
            path: `/oauth/authorize?grant=${value()}&grant=${value()}`,
            headers: {},
          }),
          () => ({
            kind: 'oauth callback',
            method: 'GET',
            path: `/oauth/callback?code=${value()}&state=${value()}${random() < 0.3 ? `&scope=${value()}` : ''}`,
            headers: {},
          }),
          () => ({
            kind: 'oauth callback error',
            method: 'GET',
            path: `/oauth/callback?error=${value()}&error_description=${value()}&state=${value()}`,
            headers: {},
          }),
          () => ({
            kind: 'oauth callback arrays',
            method: 'GET',
            path: `/oauth/callback?code[]=${value()}&state[a]=${value()}&code=${value()}`,
            headers: {},
          }),
          () => ({ kind: 'oauth callback empty', method: 'GET', path: '/oauth/callback', headers: {} }),
          () => ({
            kind: 'oauth status',
            method: 'GET',
            path: `/oauth/status?x=${value()}`,
            headers: withBearer ? auth : { authorization: `Bearer ${SCRIPT_PAYLOAD}` },
            mayBeValid: withBearer,
          }),
          () => ({
            kind: 'oauth disconnect unauthenticated',
            method: 'POST',
            path: '/oauth/disconnect',
            headers: { 'content-type': 'application/json', authorization: pick(random, ['Bearer nope', '']) },
            body: `{"x":"${SCRIPT_PAYLOAD.replace(/"/g, '\\"')}"}`,
          }),
          () => ({
            kind: 'oauth wrong method',
            method: pick(random, ['POST', 'PUT', 'DELETE'] as const),
            path: pick(random, ['/oauth/authorize', '/oauth/callback', '/oauth/status']),
            headers: { ...auth, 'content-type': 'application/json' },
            body: '{',
            mayBeValid: true,
          }),
        ];
        return pick(random, routes)();
      },
    ],
    [
      4,
      () => {
        // The MCP authorization server (issue #11): every malformed request gets an RFC error or an escaped page.
        const value = (): string =>
          pick(random, [
            SCRIPT_PAYLOAD,
            IMG_PAYLOAD,
            fakeUuid(random),
            'x'.repeat(int(random, 5_000)),
            '',
            '%',
            'https://127.0.0.1/c.json',
            'javascript:alert(1)',
          ]);
        const form = { 'content-type': 'application/x-www-form-urlencoded' };
        const query = (names: string[]): string =>
          names.map((name) => `${name}=${encodeURIComponent(value())}`).join('&');
        const routes: Array<() => HostileRequest> = [
          () => ({
            kind: 'mcp auth register',
            method: 'POST',
            path: '/auth/register',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ client_name: value(), redirect_uris: [value(), value()], grant_types: [value()] }),
          }),
          () => ({
            kind: 'mcp auth register garbage',
            method: 'POST',
            path: '/auth/register',
            headers: { 'content-type': 'application/json' },
            body: pick(random, ['{', '[]', '"x"', `{"redirect_uris":"${SCRIPT_PAYLOAD.replace(/"/g, '\\"')}"}`]),
          }),
          () => ({
            kind: 'mcp auth authorize',
            method: 'GET',
            path: `/auth/authorize?${query(['client_id', 'redirect_uri', 'response_type', 'code_challenge', 'state', 'resource', 'scope'])}`,
            headers: {},
          }),
          () => ({
            kind: 'mcp auth token',
            method: 'POST',
            path: '/auth/token',
            headers: form,
            body: query(['grant_type', 'code', 'code_verifier', 'client_id', 'refresh_token', 'resource']),
          }),
          () => ({
            kind: 'mcp auth revoke',
            method: 'POST',
            path: '/auth/revoke',
            headers: form,
            body: query(['token', 'client_id']),
          }),
          () => ({
            kind: 'mcp auth decision',
            method: 'POST',
            path: '/auth/authorize/decision',
            headers: form,
            body: query(['consent', 'csrf', 'action', 'api_key']),
          }),
          () => ({
            kind: 'mcp auth discovery',
            method: 'GET',
            path: pick(random, [
              '/.well-known/oauth-protected-resource',
              '/.well-known/oauth-authorization-server',
              '/.well-known/oauth-protected-resource/mcp',
            ]),
            headers: {},
            mayBeValid: true,
          }),
        ];
        return pick(random, routes)();
      },
    ],
  ];
  const total = kinds.reduce((sum, [weight]) => sum + weight, 0);
  let roll = random() * total;
  for (const [weight, make] of kinds) {
    roll -= weight;
    if (roll < 0) return make();
  }
  return kinds[0]![1]();
}
