/**
 * The bench's upstream-economy lower bound, on hand-written request logs: the numbers expected here are
 * counted by hand from the windows below.
 */
import { describe, expect, it } from 'vitest';
import { economyBound } from '../../bench/economy.js';
import type { LoggedListRequest } from '../../src/simulator/faults.js';

const dates = (collection: string, from: string, to: string, fields: string | null = null): LoggedListRequest => ({
  collection,
  window: [from, to],
  fields,
  latest: false,
  followUp: false,
});
const times = (from: string, to: string): LoggedListRequest => ({
  collection: 'heartrate',
  window: [Date.parse(from), Date.parse(to)],
  fields: null,
  latest: false,
  followUp: false,
});
const call = (requests: LoggedListRequest[], upstream: Record<string, number> = {}) => ({
  requests,
  upstream: {
    ...Object.fromEntries(requests.map((request) => [request.collection, 1])),
    ...upstream,
  },
});

describe('the upstream-economy lower bound', () => {
  it('charges a date window once, and a later call only for the days no earlier call asked', () => {
    const bound = economyBound([
      call([dates('daily_sleep', '2025-10-18', '2025-10-28')]),
      // Inside the first window: nothing new.
      call([dates('daily_sleep', '2025-10-20', '2025-10-26')]),
      // Wider on both sides: two new windows (10-10..10-17 and 10-29..10-30), one page each.
      call([dates('daily_sleep', '2025-10-10', '2025-10-30')]),
    ]);
    expect(bound).toEqual({ perCall: [1, 0, 2], total: 3 });
  });

  it('counts follow-up pages of date routes as nothing extra, and heart rate as one page per UTC day', () => {
    const followUp = { ...dates('sleep', '2025-10-18', '2025-10-28'), followUp: true };
    const bound = economyBound([
      call([dates('sleep', '2025-10-18', '2025-10-28'), followUp]),
      // 22:00 on the 24th to 01:00 on the 26th (UTC): three UTC days, split by the client into three windows.
      call([
        times('2025-10-24T22:00:00Z', '2025-10-24T23:59:59Z'),
        times('2025-10-25T00:00:00Z', '2025-10-25T23:59:59Z'),
        times('2025-10-26T00:00:00Z', '2025-10-26T01:00:00Z'),
      ]),
      // The 25th again and the 27th: only the 27th is new.
      call([
        times('2025-10-25T10:00:00Z', '2025-10-25T11:00:00Z'),
        times('2025-10-27T10:00:00Z', '2025-10-27T11:00:00Z'),
      ]),
    ]);
    expect(bound.perCall).toEqual([1, 3, 1]);
  });

  it('serves fewer fields from a fetch with more, but not more fields from a fetch with fewer', () => {
    const bound = economyBound([
      call([dates('sleep', '2025-10-18', '2025-10-28', 'day,score')]),
      call([dates('sleep', '2025-10-18', '2025-10-28', 'day')]),
      call([dates('sleep', '2025-10-18', '2025-10-28')]),
      call([dates('sleep', '2025-10-18', '2025-10-28', 'day,score,type')]),
    ]);
    expect(bound.perCall).toEqual([1, 0, 1, 0]);
  });

  it('charges latest reads and unlisted routes (personal_info) once each', () => {
    const latest: LoggedListRequest = {
      collection: 'ring_battery_level',
      window: null,
      fields: null,
      latest: true,
      followUp: false,
    };
    const bound = economyBound([call([latest], { personal_info: 1 }), call([latest], { personal_info: 1 })]);
    expect(bound.perCall).toEqual([2, 0]);
  });
});
