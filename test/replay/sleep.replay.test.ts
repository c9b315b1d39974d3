/**
 * Sleep tools on real captured nights: a go_oura night whose hypnogram disagrees with Oura's stage
 * durations, and an oura_charts day with three short sleeps (two with lowest_heart_rate 255, Oura's
 * "no value") and a long sleep.
 */
import { describe, expect, it } from 'vitest';
import { useReplayStack } from '../helpers/replayStack.js';
import { callerFor, textOf } from '../helpers/toolResults.js';
import { hoursMinutes, num, roundTo, rowWhere, rowsWhere, seriesNumbers } from './raw.js';

interface DetailedRow {
  id: string;
  type: string;
  bedtime_start: string;
  total_sleep_duration: number | null;
  deep_sleep_duration: number | null;
  light_sleep_duration: number | null;
  rem_sleep_duration: number | null;
  awake_time: number | null;
  lowest_heart_rate: number | null;
  average_heart_rate: number | null;
  average_hrv: number | null;
  series?: { interval: number; heart_rate: Array<number | null> };
}
interface SummaryRow {
  date: string;
  total_sleep_duration: number | null;
  deep_sleep_duration: number | null;
  light_sleep_duration: number | null;
  rem_sleep_duration: number | null;
  awake_time: number | null;
  efficiency: number | null;
}

const detailed = callerFor<{ data: DetailedRow[] }>('get_sleep_detailed');
const summary = callerFor<{ data: SummaryRow[]; summary: { average_duration: number | null } }>('get_sleep_summary');

const STAGES = [
  ['deep', 'deep_sleep_duration'],
  ['light', 'light_sleep_duration'],
  ['REM', 'rem_sleep_duration'],
  ['awake', 'awake_time'],
] as const;

describe('go_oura night of 2024-01-21 (America/New_York)', () => {
  const stack = useReplayStack({ now: () => new Date('2024-01-21T20:00:00Z'), timezone: 'America/New_York' });

  it("get_sleep_detailed states Oura's own stage durations, not the hypnogram's counts", async () => {
    const night = rowWhere(stack.oura, 'sleep', 'id', '02e54fa5-f514-46f6-9ac6-b651d8f84b75');
    const result = await detailed(stack.client, { start_date: '2024-01-21', end_date: '2024-01-21' });
    expect(result.isError).toBeFalsy();
    const row = result.structuredContent!.data[0]!;
    const text = textOf(result);
    for (const [, field] of STAGES) expect(row[field]).toBe(num(night, field));
    // The text's table cell "deep light REM awake", each h:mm: Oura's 2850/12690/5400/6650 s.
    const cell = (seconds: number) =>
      `${Math.floor(Math.round(seconds / 60) / 60)}:${String(Math.round(seconds / 60) % 60).padStart(2, '0')}`;
    expect(text).toContain(`| ${STAGES.map(([, field]) => cell(num(night, field))).join(' ')} |`);
    expect(text).toContain('| 0:48 3:32 1:30 1:51 |');
    // The capture's hypnogram counts 9 deep periods (45 min); Oura's own field says 2850 s (48 min).
    const hypnogramDeep = [...String(night.sleep_phase_5_min)].filter((phase) => phase === '1').length * 300;
    expect(hypnogramDeep).not.toBe(num(night, 'deep_sleep_duration'));
    expect(text).not.toContain(`| ${cell(hypnogramDeep)} `);
    expect(row.average_heart_rate).toBe(num(night, 'average_heart_rate'));
    expect(row.average_hrv).toBe(num(night, 'average_hrv'));
  });

  it('get_sleep_summary reports the same night from the same fields', async () => {
    const night = rowWhere(stack.oura, 'sleep', 'day', '2024-01-21');
    const result = await summary(stack.client, { start_date: '2024-01-21', end_date: '2024-01-21' });
    const row = result.structuredContent!.data.find((r) => r.date === '2024-01-21')!;
    for (const [, field] of STAGES) expect(row[field]).toBe(num(night, field));
    expect(row.total_sleep_duration).toBe(num(night, 'total_sleep_duration'));
    expect(row.efficiency).toBe(num(night, 'efficiency'));
    expect(textOf(result)).toContain(`${hoursMinutes(num(night, 'total_sleep_duration'))} asleep`);
  });
});

describe('oura_charts day of 2024-03-03 with naps (America/Chicago)', () => {
  const stack = useReplayStack({ now: () => new Date('2024-03-03T18:00:00Z'), timezone: 'America/Chicago' });

  it('get_sleep_detailed lists the night and the three short sleeps with their own durations', async () => {
    const captured = [
      ...rowsWhere(stack.oura, 'sleep', 'day', '2024-03-02'),
      ...rowsWhere(stack.oura, 'sleep', 'day', '2024-03-03'),
    ];
    const result = await detailed(stack.client, { start_date: '2024-03-02', end_date: '2024-03-03' });
    const rows = result.structuredContent!.data;
    expect(rows.map((r) => r.bedtime_start).sort()).toEqual(captured.map((r) => String(r.bedtime_start)).sort());
    expect(rows.filter((r) => r.type === 'long_sleep')).toHaveLength(
      captured.filter((r) => r.type === 'long_sleep').length,
    );
    for (const raw of captured) {
      const row = rows.find((r) => r.bedtime_start === raw.bedtime_start)!;
      for (const [, field] of STAGES) expect(row[field]).toBe(num(raw, field));
      // 255 is what Oura sends when it has no lowest heart rate (the same periods have no series).
      expect(row.lowest_heart_rate).toBe(num(raw, 'lowest_heart_rate') === 255 ? null : num(raw, 'lowest_heart_rate'));
    }
    expect(textOf(result)).toMatch(/1 night and 3 naps\/short sleeps/);
  });

  it("the long sleep's averages are Oura's, not the means of its 5-minute items", async () => {
    const night = rowWhere(stack.oura, 'sleep', 'id', '0d0e482f-8d14-4cf4-96e2-1f529d431df7');
    const result = await detailed(stack.client, { start_date: '2024-03-03', end_date: '2024-03-03', series: 'full' });
    const row = result.structuredContent!.data.find((r) => r.bedtime_start === night.bedtime_start)!;
    const itemMean =
      seriesNumbers(night, 'heart_rate').reduce((a, b) => a + b, 0) / seriesNumbers(night, 'heart_rate').length;
    expect(roundTo(itemMean, 1)).not.toBe(roundTo(num(night, 'average_heart_rate'), 1));
    expect(row.average_heart_rate).toBe(roundTo(num(night, 'average_heart_rate'), 1));
    expect(row.average_hrv).toBe(num(night, 'average_hrv'));
    expect(row.series!.heart_rate).toEqual((night.heart_rate as { items: unknown[] }).items);
  });

  it('get_sleep_summary counts the long sleep only (naps are not the night)', async () => {
    const night = rowWhere(stack.oura, 'sleep', 'id', '0d0e482f-8d14-4cf4-96e2-1f529d431df7');
    const result = await summary(stack.client, { start_date: '2024-03-03', end_date: '2024-03-03' });
    const row = result.structuredContent!.data.find((r) => r.date === '2024-03-03')!;
    for (const [, field] of STAGES) expect(row[field]).toBe(num(night, field));
    expect(result.structuredContent!.summary.average_duration).toBe(num(night, 'total_sleep_duration'));
  });
});
