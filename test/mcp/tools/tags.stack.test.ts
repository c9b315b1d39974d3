/**
 * get_tags, get_sessions, get_bedtime_guidance, get_rest_mode_periods and get_latest_ring_status through
 * a real MCP client against the app and the simulated Oura cloud; expected values from the raw rows.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOfLocalDay } from '../../../src/lib/time.js';
import { startStack, type Stack } from '../../helpers/stack.js';
import { type ToolResult, mean, textOf } from '../../helpers/toolResults.js';

/** Sunday 26 Oct 2025, 10:30 in Berlin. */
const NOW = new Date('2025-10-26T09:30:00Z');
const ZONE = 'Europe/Berlin';

type CallResult = ToolResult<Record<string, unknown>>;
const inRange = (day: string, start: string, end: string) => day >= start && day <= end;
const round1 = (value: number) => Math.round(value * 10) / 10;
const clockIn = (ms: number) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
    new Date(ms),
  );

/** The simulator's tag codes in words, written out here rather than computed by the mapper under test. */
const NAMES: Record<string, string> = {
  tag_generic_caffeine: 'Caffeine',
  tag_generic_alcohol: 'Alcohol',
  tag_generic_sick: 'Sick',
};

describe('tags, sessions, bedtime, rest mode and ring status against the simulated Oura cloud', () => {
  let stack: Stack;
  let client: Client;
  const call = async (name: string, args: Record<string, unknown> = {}) =>
    (await client.callTool({ name, arguments: args })) as CallResult;

  beforeAll(async () => {
    stack = await startStack({ now: () => NOW, timezone: ZONE });
    client = await stack.client();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('get_tags still answers from enhanced tags when Oura has retired the deprecated route (404)', async () => {
    stack.sim.controls.setFault('tag', { kind: 'status', status: 404, body: { detail: 'Not Found' } });
    try {
      // Runs first, so nothing is cached yet; the range holds deprecated tags and enhanced ones.
      const range = { start_date: '2025-06-29', end_date: '2025-07-25' };
      expect(stack.sim.dataset.byDate.tag.some((t) => inRange(t.day, range.start_date, range.end_date))).toBe(true);
      const result = await call('get_tags', range);
      expect(result.isError).toBeFalsy();
      const answer = result.structuredContent as { data: Array<{ source: string }> };
      expect(answer.data.length).toBeGreaterThan(0);
      expect(answer.data.every((t) => t.source === 'enhanced_tag')).toBe(true);
    } finally {
      stack.sim.controls.clearFaults();
    }
  });

  it('get_tags merges enhanced and deprecated tags into {date, day, text, timestamp, tags}, sorted by time', async () => {
    const range = { start_date: '2025-07-01', end_date: '2025-08-15' };
    stack.sim.controls.resetCounters();
    const result = await call('get_tags', range);
    expect(result.isError).toBeFalsy();
    const answer = result.structuredContent as {
      data: Array<{
        id: string;
        date: string;
        day: string;
        text: string;
        timestamp: string;
        tags: string[];
        source: string;
      }>;
    };
    const { enhanced_tag: enhanced, tag: legacy } = stack.sim.dataset.byDate;
    const expected = [
      ...legacy
        .filter((t) => inRange(t.day, range.start_date, range.end_date))
        .map((t) => ({
          id: t.id,
          date: t.day,
          day: t.day,
          text: t.text!,
          timestamp: t.timestamp,
          tags: t.tags,
          source: 'tag',
        })),
      ...enhanced
        .filter((t) => inRange(t.start_day, range.start_date, range.end_date))
        .map((t) => ({
          id: t.id,
          date: t.start_day,
          day: t.start_day,
          // An emptied comment box ('' from the app) is no comment: the tag's name stands in.
          text:
            (t.comment === '' ? null : t.comment) ?? t.custom_name ?? (t.tag_type_code ? NAMES[t.tag_type_code]! : ''),
          timestamp: t.start_time,
          tags: t.tag_type_code === null ? [] : [t.tag_type_code],
          source: 'enhanced_tag',
        })),
    ].sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
    expect(expected.filter((t) => t.source === 'tag').length).toBeGreaterThan(0);
    expect(expected.filter((t) => t.source === 'enhanced_tag').length).toBeGreaterThan(5);
    expect(
      answer.data.map(({ id, date, day, text, timestamp, tags, source }) => ({
        id,
        date,
        day,
        text,
        timestamp,
        tags,
        source,
      })),
    ).toEqual(expected);
    const counters = stack.sim.controls.counters();
    expect(counters.enhanced_tag).toBe(1);
    expect(counters.tag).toBe(1);
    // Per-tag counts, counted here from the rows written above; they add up to the total.
    const counts = new Map<string, number>();
    for (const t of answer.data as unknown as Array<{ name: string | null }>)
      counts.set(t.name ?? 'Note', (counts.get(t.name ?? 'Note') ?? 0) + 1);
    expect([...counts.values()].reduce((a, b) => a + b, 0)).toBe(expected.length);
    const text = textOf(result);
    expect(text).toContain(`Tags 1 Jul – 15 Aug 2025: ${expected.length} (`);
    for (const [name, count] of counts) expect(text).toContain(`${name} ${count}`);
  });

  it('get_sessions: duration and heart rate/HRV averaged from the samples, counts per type', async () => {
    const range = { start_date: '2025-08-01', end_date: '2025-10-26' };
    const result = await call('get_sessions', range);
    const answer = result.structuredContent as {
      data: Array<Record<string, unknown>>;
      summary: { total_sessions: number; total_duration: number; by_type: Array<{ type: string; count: number }> };
    };
    const expected = stack.sim.dataset.byDate.session.filter((s) => inRange(s.day, range.start_date, range.end_date));
    expect(expected.length).toBeGreaterThan(3);
    expect(answer.data.map((row) => row.id)).toEqual(expected.map((s) => s.id));
    for (const [i, s] of expected.entries()) {
      const hr = s.heart_rate!.items.filter((v): v is number => v !== null);
      const hrv = s.heart_rate_variability!.items.filter((v): v is number => v !== null);
      expect(answer.data[i]).toEqual({
        id: s.id,
        date: s.day,
        type: s.type,
        mood: s.mood,
        start_datetime: s.start_datetime,
        end_datetime: s.end_datetime,
        duration: (Date.parse(s.end_datetime) - Date.parse(s.start_datetime)) / 1000,
        average_heart_rate: round1(mean(hr)),
        lowest_heart_rate: Math.min(...hr),
        average_hrv: round1(mean(hrv)),
      });
    }
    expect(answer.summary.total_sessions).toBe(expected.length);
    expect(answer.summary.total_duration).toBe(
      expected.reduce((a, s) => a + (Date.parse(s.end_datetime) - Date.parse(s.start_datetime)) / 1000, 0),
    );
    for (const entry of answer.summary.by_type)
      expect(entry.count).toBe(expected.filter((s) => s.type === entry.type).length);
    expect(JSON.stringify(result).length).toBeLessThan(20_000);
  });

  it("get_bedtime_guidance renders Oura's offsets as local clock times (the evening before), defaulting to the last 7 days", async () => {
    const result = await call('get_bedtime_guidance');
    expect(result.isError).toBeFalsy();
    const answer = result.structuredContent as {
      data: Array<{
        date: string;
        optimal_bedtime: string | null;
        start_datetime: string | null;
        recommendation: string | null;
        status: string | null;
      }>;
    };
    const expected = stack.sim.dataset.byDate.sleep_time.filter((s) => inRange(s.day, '2025-10-20', '2025-10-26'));
    expect(answer.data.map((row) => row.date)).toEqual(expected.map((s) => s.day));
    for (const [i, s] of expected.entries()) {
      const row = answer.data[i]!;
      const midnight = startOfLocalDay(s.day, ZONE).getTime();
      const window = s.optimal_bedtime!;
      expect(row.optimal_bedtime).toBe(
        `${clockIn(midnight + window.start_offset * 1000)}–${clockIn(midnight + window.end_offset * 1000)}`,
      );
      expect(Date.parse(row.start_datetime!)).toBe(midnight + window.start_offset * 1000);
      expect(window.start_offset).toBeLessThan(0);
      expect(row.start_datetime!.slice(0, 10) < s.day).toBe(true);
      expect(row).toMatchObject({ recommendation: s.recommendation, status: s.status });
    }
    expect(textOf(result)).toContain(`optimal bedtime ${answer.data.at(-1)!.optimal_bedtime} local time`);
  });

  it('get_rest_mode_periods includes a period that began before the range and overlaps it, and explains an empty range', async () => {
    const [period] = stack.sim.dataset.byDate.rest_mode_period;
    expect(period).toBeDefined();
    const overlapping = await call('get_rest_mode_periods', { start_date: period!.end_day!, end_date: '2025-10-26' });
    const answer = overlapping.structuredContent as {
      data: Array<Record<string, unknown>>;
      summary: { total_periods: number; ongoing: boolean };
    };
    expect(answer.data).toEqual([
      {
        id: period!.id,
        start_day: period!.start_day,
        end_day: period!.end_day,
        start_time: period!.start_time,
        end_time: period!.end_time,
        ongoing: false,
        days: 4,
        episodes: period!.episodes,
      },
    ]);
    expect(answer.summary).toEqual({ total_periods: 1, ongoing: false });

    const defaulted = await call('get_rest_mode_periods');
    expect((defaulted.structuredContent as { summary: { total_periods: number } }).summary.total_periods).toBe(1);

    const none = await call('get_rest_mode_periods', { start_date: '2025-10-05', end_date: '2025-10-26' });
    expect(none.structuredContent).toEqual({ data: [], summary: { total_periods: 0, ongoing: false } });
    expect(textOf(none)).toContain('No Rest Mode periods in 5–26 Oct 2025');
  });

  it('get_latest_ring_status: the newest ring, the latest battery sample, last_sync from battery or heart rate', async () => {
    const result = await call('get_latest_ring_status');
    expect(result.isError).toBeFalsy();
    const answer = result.structuredContent as Record<string, unknown>;
    const { ringConfigurations, byDatetime } = stack.sim.dataset;
    const newest = [...ringConfigurations].sort((a, b) => Date.parse(b.set_up_at!) - Date.parse(a.set_up_at!))[0]!;
    const battery = byDatetime.ring_battery_level.filter((b) => Date.parse(b.timestamp) <= NOW.getTime()).at(-1)!;
    const heart = byDatetime.heartrate.filter((h) => Date.parse(h.timestamp) <= NOW.getTime()).at(-1)!;
    expect(answer).toMatchObject({
      ring_id: newest.id,
      hardware_type: newest.hardware_type,
      firmware_version: newest.firmware_version,
      battery_level: battery.level,
      charging: battery.charging,
      color: newest.color,
      design: newest.design,
      size: newest.size,
      set_up_at: newest.set_up_at,
      total_rings: ringConfigurations.length,
    });
    expect(Date.parse(answer.battery_measured_at as string)).toBe(Date.parse(battery.timestamp));
    expect(Date.parse(answer.last_sync as string)).toBe(
      Math.max(Date.parse(battery.timestamp), Date.parse(heart.timestamp)),
    );
    expect(answer.last_sync).toMatch(/\+0[12]:00$/); // Berlin's offset, not UTC's Z
    expect(textOf(result)).toContain(`Battery ${battery.level}%`);
  });

  it('get_latest_ring_status still describes the ring when battery and heart rate are refused (scope not granted)', async () => {
    // A fresh stack: the shared one has the latest samples cached already.
    const fresh = await startStack({ now: () => NOW, timezone: ZONE });
    try {
      fresh.sim.controls.setFault('ring_battery_level', {
        kind: 'status',
        status: 403,
        body: { detail: 'Missing scope' },
      });
      fresh.sim.controls.setFault('heartrate', { kind: 'status', status: 403, body: { detail: 'Missing scope' } });
      const freshClient = await fresh.client();
      const result = (await freshClient.callTool({ name: 'get_latest_ring_status', arguments: {} })) as CallResult;
      expect(result.isError).toBeFalsy();
      const answer = result.structuredContent as Record<string, unknown>;
      expect(answer.ring_id).toBe(fresh.sim.dataset.ringConfigurations.at(-1)!.id);
      expect(answer.battery_level).toBeUndefined();
      expect(answer.last_sync).toBeNull();
      expect(textOf(result)).toContain('Battery level: not available');
    } finally {
      await fresh.close();
    }
  });
});
