import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InternalError, InvalidParamsError, NotConnectedError } from '../../src/errors.js';
import { mapToolError } from '../../src/mcp/results.js';
import { OuraForbiddenError, OuraRateLimitError, OuraTimeoutError } from '../../src/oura/errors.js';

const connection = { createAuthorizeLink: () => 'https://srv.example/oauth/authorize?link=abc' };
const broken = {
  createAuthorizeLink: () => {
    throw new Error('links store down');
  },
};

function zodError(): z.ZodError {
  const parsed = z.object({ start_date: z.string() }).safeParse({ start_date: 5 });
  if (parsed.success) throw new Error('expected failure');
  return parsed.error;
}

describe('mapToolError', () => {
  it.each([
    ['zod failure', zodError(), -32602, /start_date/],
    [
      'InvalidParamsError',
      new InvalidParamsError('end_date "2025-02-30" is not a real calendar date'),
      -32602,
      /2025-02-30/,
    ],
    ['NotConnectedError', new NotConnectedError('Oura is not connected.'), -32000, /link=abc/],
    ['OuraRateLimitError', new OuraRateLimitError('Rate limited.', 12_300), -32001, /retry in 13 s/],
    [
      'OuraRateLimitError without Retry-After',
      new OuraRateLimitError('Rate limited.', undefined),
      -32001,
      /retry in 60 s/,
    ],
    [
      'OuraForbiddenError',
      new OuraForbiddenError('The heartrate permission was not granted.', { status: 403 }),
      -32002,
      /HTTP 403.*heartrate/,
    ],
    ['OuraTimeoutError', new OuraTimeoutError('Oura did not answer in time.'), -32002, /no response/],
    ['InternalError', new InternalError('token file path /secret'), -32603, /failed unexpectedly/],
    [
      'TypeError',
      new TypeError("Cannot read properties of undefined (reading 'score')"),
      -32603,
      /failed unexpectedly/,
    ],
    ['a thrown string', 'boom', -32603, /failed unexpectedly/],
  ])('%s → %i', (_name, error, code, text) => {
    const mapped = mapToolError(error, 'get_sleep_summary', connection);
    expect(mapped.code).toBe(code);
    expect(mapped.internal).toBe(code === -32603);
    expect(mapped.result.isError).toBe(true);
    expect(mapped.result).not.toHaveProperty('structuredContent');
    expect(mapped.result._meta).toEqual({ code, message: expect.any(String), details: expect.any(Object) });
    const content = mapped.result.content[0] as { type: string; text: string };
    expect(content.type).toBe('text');
    expect(content.text).toMatch(text);
    expect(content.text).toContain(String(code));
    if (code === -32603) expect(content.text).not.toMatch(/secret|score|boom/);
  });

  it('NotConnectedError still answers when no link can be made', () => {
    const mapped = mapToolError(new NotConnectedError(), 'get_tags', broken);
    expect((mapped.result.content[0] as { text: string }).text).toContain('connect_oura');
  });
});
