import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createLogger, createRedactor, REDACTED, withoutTokenShapedValues } from '../../src/logger.js';
import { buildFixture, TEST_TOKEN } from '../http/fixtures.js';

function capture(level: 'debug' | 'info' = 'debug', format: 'json' | 'pretty' = 'json', secrets: string[] = []) {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const logger = createLogger({ level, format, secrets, stream });
  return { logger, lines };
}

describe('createRedactor', () => {
  const redact = createRedactor(['configured-secret-value-123']);

  it.each([
    ['authorization header', { headers: { Authorization: 'Bearer abc.def' } }, 'abc.def'],
    ['nested access token', { body: { tokens: { access_token: 'AT-123456789' } } }, 'AT-123456789'],
    ['refresh token', { refresh_token: 'RT-123456789' }, 'RT-123456789'],
    ['code verifier', { code_verifier: 'verifier-xyz-123' }, 'verifier-xyz-123'],
    ['client secret', { client_secret: 'shh-secret-1' }, 'shh-secret-1'],
    ['configured secret anywhere', { note: 'key is configured-secret-value-123!' }, 'configured-secret-value-123'],
    ['bearer inside text', { message: 'request failed with Bearer eyJhbGciOi.x.y' }, 'eyJhbGciOi.x.y'],
    ['token in URL', { url: 'https://api.ouraring.com/oauth/revoke?access_token=AT-999999999&x=1' }, 'AT-999999999'],
    ['code in URL', { url: '/oauth/callback?code=AUTHCODE1234&state=STATE5678' }, 'AUTHCODE1234'],
    [
      'form body',
      { data: 'grant_type=refresh_token&refresh_token=RT-777777777&client_secret=abc12345' },
      'RT-777777777',
    ],
    ['JSON text', { data: '{"access_token":"AT-888888888","expires_in":86400}' }, 'AT-888888888'],
    ['array of headers', { list: [{ authorization: 'Basic dXNlcjpwYXNz' }] }, 'dXNlcjpwYXNz'],
  ])('scrubs %s', (_name, input, secret) => {
    const output = JSON.stringify(redact(input));
    expect(output).not.toContain(secret);
    expect(output).toContain(REDACTED);
  });

  it('keeps ordinary values, numeric codes and structure', () => {
    expect(redact({ tool: 'get_sleep_summary', ms: 12, code: -32000, day: '2025-10-26' })).toEqual({
      tool: 'get_sleep_summary',
      ms: 12,
      code: -32000,
      day: '2025-10-26',
    });
  });

  it('scrubs secrets added later and handles errors and cycles', () => {
    const later = createRedactor();
    later.addSecret('fresh-access-token-42');
    const error = new Error('upstream said fresh-access-token-42 is invalid');
    const cyclic: Record<string, unknown> = { error };
    cyclic.self = cyclic;
    const output = JSON.stringify(later(cyclic));
    expect(output).not.toContain('fresh-access-token-42');
    expect(output).toContain('[Circular]');
  });
});

describe('createLogger', () => {
  it('writes JSON lines with a spec-style timestamp and no secrets, whatever is logged', () => {
    const { logger, lines } = capture('debug', 'json', ['owner-auth-token-abcdef']);
    logger.info('token refreshed owner-auth-token-abcdef', {
      headers: { authorization: 'Bearer owner-auth-token-abcdef' },
      response: { access_token: 'AT-abcdefgh', refresh_token: 'RT-abcdefgh' },
    });
    logger.debug(new Error('failed: Bearer AT-abcdefgh'));
    const text = lines.join('');
    for (const secret of ['owner-auth-token-abcdef', 'AT-abcdefgh', 'RT-abcdefgh']) expect(text).not.toContain(secret);
    const first = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(first.level).toBe('info');
    expect(first.timestamp).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  });

  it('writes readable lines in development format', () => {
    const { logger, lines } = capture('info', 'pretty');
    logger.warn('Rate limit approaching (4800/5000 remaining)');
    expect(lines[0]).toMatch(
      /^\[\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\] WARN: Rate limit approaching \(4800\/5000 remaining\)\n?$/,
    );
  });

  it('respects the level', () => {
    const { logger, lines } = capture('info', 'json');
    logger.debug('Cache hit for sleep_data');
    expect(lines).toHaveLength(0);
  });
});

describe('secrets the scrubber must know (issue 16)', () => {
  it('scrubs a configured API key in any letter case, and short secrets', () => {
    const redact = createRedactor(['0123456789abcdef0123456789abcdef', 'pw7']);
    const output = JSON.stringify(
      redact({ header: 'Token 0123456789ABCDEF0123456789ABCDEF', note: 'client secret is pw7.' }),
    );
    expect(output).not.toMatch(/0123456789abcdef/i);
    expect(output).not.toContain('pw7');
  });

  it('keeps the newest learned secrets when many tokens rotate, and every configured one', () => {
    const redact = createRedactor(['configured-key-1']);
    for (let i = 0; i < 300; i++) redact.addSecret(`rotated-token-${String(i).padStart(4, '0')}`);
    const output = JSON.stringify(redact('configured-key-1 rotated-token-0299 rotated-token-0100'));
    expect(output).not.toContain('configured-key-1');
    expect(output).not.toContain('rotated-token-0299');
    expect(output).not.toContain('rotated-token-0100');
  });

  it('tool arguments lose token-shaped values before a debug line', () => {
    expect(
      withoutTokenShapedValues({
        start_date: '2025-10-20',
        note: 'Bearer',
        pasted: 'eyJhbGciOiJIUzI1NiJ9.abc.def',
        nested: ['x'.repeat(20), 7],
      }),
    ).toEqual({ start_date: '2025-10-20', note: 'Bearer', pasted: REDACTED, nested: [REDACTED, 7] });
  });
});

describe('tool arguments at debug level, through the real app', () => {
  it('a token pasted into an argument is not in the debug line; the dates are', async () => {
    const { logger, lines } = capture('debug', 'json');
    const { app } = buildFixture({ logger });
    // Unknown to the redactor: nothing issued or configured it.
    const pasted = randomBytes(24).toString('base64url');
    const res = await request(app)
      .post('/mcp')
      .set({
        authorization: `Bearer ${TEST_TOKEN}`,
        accept: 'application/json, text/event-stream',
        'content-type': 'application/json',
      })
      .send({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: { name: 'get_sleep_summary', arguments: { start_date: '2025-10-20', note: pasted } },
      });
    expect(res.status).toBe(200);
    const debugLines = lines.filter((line) => line.includes('tool call arguments'));
    expect(debugLines).toHaveLength(1);
    expect(JSON.parse(debugLines[0]!)).toMatchObject({
      level: 'debug',
      tool: 'get_sleep_summary',
      args: { start_date: '2025-10-20', note: REDACTED },
    });
    expect(lines.join('')).not.toContain(pasted);
  });
});
