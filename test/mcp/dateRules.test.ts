/**
 * Dates Oura cannot have (issue 16): year 0000 reached Oura (422) and far-future days were accepted.
 * Through the real app and a real tool, every such call is -32602 and costs no upstream request.
 */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { parseDateTimeInZone } from '../../src/lib/time.js';
import { buildFixture, TEST_TOKEN } from '../http/fixtures.js';

const HEADERS = {
  authorization: `Bearer ${TEST_TOKEN}`,
  accept: 'application/json, text/event-stream',
  'content-type': 'application/json',
};

describe('dates outside what Oura can have', () => {
  // The fixture's clock: 2025-10-26T09:00Z, Europe/Berlin.
  it.each([
    ['year 0000', 'get_sleep_summary', { start_date: '0000-01-01', end_date: '0000-01-07' }, /before 2015-01-01/],
    [
      'a day before the floor',
      'get_readiness_score',
      { start_date: '2014-12-31', end_date: '2015-01-02' },
      /start_date 2014-12-31 is before 2015-01-01/,
    ],
    [
      'year 9999',
      'get_activity_summary',
      { start_date: '2025-10-20', end_date: '9999-12-31' },
      /end_date 9999-12-31 is in the future/,
    ],
    ['two days ahead', 'get_tags', { start_date: '2025-10-20', end_date: '2025-10-28' }, /in the future/],
    [
      'a datetime in year 0000',
      'get_heart_rate',
      { start_datetime: '0000-01-01T00:00:00Z', end_datetime: '0000-01-02T00:00:00Z' },
      /before 2015-01-01/,
    ],
    [
      'a datetime in year 9999',
      'get_heart_rate',
      { start_datetime: '2025-10-25T00:00:00Z', end_datetime: '9999-01-01T00:00:00Z' },
      /more than a day in the future/,
    ],
    ['an offset of +23:59', 'get_heart_rate', { start_datetime: '2025-10-25T00:00:00+23:59' }, /not a valid ISO 8601/],
  ])('%s → -32602 without asking Oura', async (_name, tool, args, message) => {
    const { app, source } = buildFixture();
    const res = await request(app)
      .post('/mcp')
      .set(HEADERS)
      .send({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: tool, arguments: args } });
    expect(res.status).toBe(200);
    expect(res.body.result.isError).toBe(true);
    expect(res.body.result._meta.code).toBe(-32602);
    expect(res.body.result._meta.message).toMatch(message);
    expect(source.calls).toBe(0);
  });

  it('real offsets from -12:00 to +14:00 still parse', () => {
    expect(parseDateTimeInZone('2025-10-25T12:00:00+14:00', 'UTC')?.toISOString()).toBe('2025-10-24T22:00:00.000Z');
    expect(parseDateTimeInZone('2025-10-25T12:00:00-12:00', 'UTC')?.toISOString()).toBe('2025-10-26T00:00:00.000Z');
    expect(parseDateTimeInZone('2025-10-25T12:00:00+0530', 'UTC')?.toISOString()).toBe('2025-10-25T06:30:00.000Z');
    expect(parseDateTimeInZone('2025-10-25T12:00:00-12:30', 'UTC')).toBeNull();
    expect(parseDateTimeInZone('2025-10-25T12:00:00+14:01', 'UTC')).toBeNull();
  });
});
