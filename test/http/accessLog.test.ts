/**
 * The access log records the status actually sent (issue 16, attack 2: a request that never ended was
 * logged as 200). Through the real app with a real info-level logger: a batch whose only call is cancelled
 * logs 202, a deadline answer logs 200, and a client that leaves before any answer logs `none`, aborted.
 */
import { Writable } from 'node:stream';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { listen, type RunningServer } from '../../src/http/httpServer.js';
import { createLogger } from '../../src/logger.js';
import type { PersonalInfo } from '../../src/oura/types.js';
import { buildFixture, TEST_TOKEN } from './fixtures.js';

const HEADERS = {
  authorization: `Bearer ${TEST_TOKEN}`,
  accept: 'application/json, text/event-stream',
  'content-type': 'application/json',
};
const personalInfoCall = (id: number) => ({
  jsonrpc: '2.0',
  id,
  method: 'tools/call',
  params: { name: 'get_personal_info', arguments: {} },
});

interface AccessLine {
  message: string;
  method: string;
  path: string;
  status: number | string;
  aborted?: boolean;
}

/** A fixture whose upstream never answers, logging JSON lines at info level into `lines`. */
function loggedHangingFixture(env: Record<string, string> = {}) {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  const fixture = buildFixture({ env, logger: createLogger({ level: 'info', format: 'json', stream }) });
  let reached: () => void = () => undefined;
  const upstreamReached = new Promise<void>((resolve) => (reached = resolve));
  fixture.source.getPersonalInfo = () => {
    reached();
    return new Promise<PersonalInfo>(() => undefined);
  };
  const accessLines = (): AccessLine[] =>
    lines
      .flatMap((line) => line.split('\n'))
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as AccessLine)
      .filter((line) => line.message === 'http');
  return { app: fixture.app, accessLines, upstreamReached };
}

/** Waits (up to seconds, for a busy machine) until `check` returns a value. */
async function eventually<T>(check: () => T | undefined): Promise<T> {
  const until = Date.now() + 10_000;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('condition not met within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

let running: RunningServer | undefined;
afterEach(async () => {
  await running?.close(100);
  running = undefined;
});

describe('the access log records the status actually sent', () => {
  it('a batch whose call is cancelled: 202, not 200', async () => {
    const { app, accessLines } = loggedHangingFixture();
    const res = await request(app)
      .post('/mcp')
      .set(HEADERS)
      .send([personalInfoCall(1), { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 1 } }]);
    expect(res.status).toBe(202);
    const line = await eventually(() => accessLines().find((l) => l.path === '/mcp'));
    expect(line).toMatchObject({ method: 'POST', path: '/mcp', status: 202 });
    expect(line.aborted).toBeUndefined();
  });

  it('a call past the deadline: the 200 that carried the JSON-RPC error', async () => {
    const { app, accessLines } = loggedHangingFixture({ REQUEST_DEADLINE_MS: '1000' });
    const res = await request(app).post('/mcp').set(HEADERS).send(personalInfoCall(7)).timeout(20_000);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: 7, error: { code: -32603 } });
    expect(await eventually(() => accessLines().find((l) => l.path === '/mcp'))).toMatchObject({ status: 200 });
  });

  it('a client that leaves before the answer: status none, aborted', async () => {
    const { app, accessLines, upstreamReached } = loggedHangingFixture();
    running = await listen(app, { port: 0, host: '127.0.0.1' });
    const client = new AbortController();
    const sent = fetch(`${running.url}/mcp`, {
      method: 'POST',
      headers: HEADERS,
      body: JSON.stringify(personalInfoCall(3)),
      signal: client.signal,
    }).catch((error: unknown) => error);
    await upstreamReached;
    client.abort();
    expect(await sent).toBeInstanceOf(Error);
    const line = await eventually(() => accessLines().find((l) => l.path === '/mcp'));
    expect(line).toMatchObject({ method: 'POST', path: '/mcp', status: 'none', aborted: true });
  });
});
