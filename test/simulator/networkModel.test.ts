/**
 * The benchmark's network model: heart-rate pages cut per UTC day, and a latency on every data request.
 * Off by default (the other simulator tests run without it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeartRateRow } from '../../src/oura/types.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { FIXED_NOW, getJson, readAllPages, type Page } from './helpers.js';

const WINDOW = 'start_datetime=2025-03-10T00:00:00Z&end_datetime=2025-03-13T00:00:00Z';
const hr = (query: string) => `/v2/usercollection/heartrate?${query}`;

describe('heart-rate pages of one UTC day', () => {
  let sim: RunningSimulator;
  let token: string;
  beforeAll(async () => {
    sim = await startSimulator({ now: () => FIXED_NOW, seed: 42, heartRatePaging: 'utcDay' });
    token = sim.controls.issueTokens().access_token;
  });
  afterAll(() => sim.close());

  it('answers each UTC day of the window as one page, every row once', async () => {
    const { rows, pages } = await readAllPages<HeartRateRow>(sim, hr(WINDOW), token);
    const from = Date.parse('2025-03-10T00:00:00Z');
    const to = Date.parse('2025-03-13T00:00:00Z');
    const expected = sim.dataset.byDatetime.heartrate.filter((row) => {
      const at = Date.parse(row.timestamp);
      return at >= from && at <= to;
    });
    expect(rows).toEqual(expected);
    const utcDays = new Set(expected.map((row) => new Date(row.timestamp).toISOString().slice(0, 10)));
    expect(pages).toBe(utcDays.size);
    expect(pages).toBeGreaterThanOrEqual(3);
  });

  it('cuts the first page at the next UTC midnight', async () => {
    const first = (await getJson(sim, hr(WINDOW), token)).body as Page<HeartRateRow>;
    const days = new Set(first.data.map((row) => new Date(row.timestamp).toISOString().slice(0, 10)));
    expect([...days]).toEqual(['2025-03-10']);
    expect(first.next_token).not.toBeNull();
  });
});

describe('latency model', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ now: () => FIXED_NOW, seed: 42, latency: { meanMs: 1500, jitterMs: 0 } });
  });
  afterAll(() => sim.close());

  it('delays every data request by the modelled latency (seconds, a lower bound only)', async () => {
    const token = sim.controls.issueTokens().access_token;
    const started = performance.now();
    const response = await getJson(sim, '/v2/usercollection/personal_info', token);
    expect(response.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(1000);
  });
});
