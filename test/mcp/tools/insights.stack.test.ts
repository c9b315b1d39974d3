import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../../src/lib/time.js';
import { startStack, type Stack } from '../../helpers/stack.js';
import { callerFor, mean, textOf } from '../../helpers/toolResults.js';

const NOW = new Date('2025-10-26T09:30:00Z');

interface Insight {
  category: string;
  finding: string;
  recommendation?: string;
  priority: string;
}
interface InsightsAnswer {
  period: { start_date: string; end_date: string };
  insights: Insight[];
  trends: { sleep: string; activity: string; readiness: string };
  baseline: { start_date: string; end_date: string; excluded_days: number | null };
  averages: { period: Record<string, number | null>; baseline: Record<string, number | null> };
}

const call = callerFor<unknown>('get_health_insights');

describe('get_health_insights against the simulated Oura cloud', () => {
  let stack: Stack;
  let client: Client;
  beforeAll(async () => {
    stack = await startStack({ now: () => NOW });
    client = await stack.client();
  });
  afterAll(async () => {
    await stack?.close();
  });

  /** Nightly lowest heart rate of each long sleep, by wake-up day, straight from the raw rows. */
  const lowestByDay = () =>
    new Map(
      stack.sim.dataset.byDate.sleep.filter((p) => p.type === 'long_sleep').map((p) => [p.day, p.lowest_heart_rate!]),
    );

  it('finds the illness stretch (raised resting heart rate on consecutive nights) when the period covers it', async () => {
    // The simulator's rest-mode period starts on the first day of its illness.
    const illness = stack.sim.dataset.byDate.rest_mode_period[0]!.start_day;
    const end = addDays(illness, 5);
    stack.sim.controls.resetCounters();
    const result = await call(client, { days: 10, end_date: end });
    expect(result.isError).toBeFalsy();
    const answer = result.structuredContent as InsightsAnswer;
    expect(answer.period).toEqual({ start_date: addDays(end, -9), end_date: end });
    // The illness is in the period, not in the baseline: nothing is left out of the baseline.
    expect(answer.baseline).toEqual({ start_date: addDays(end, -37), end_date: addDays(end, -10), excluded_days: 0 });

    // One fetch per collection for period + baseline together.
    const counters = stack.sim.controls.counters();
    for (const collection of ['daily_sleep', 'sleep', 'daily_readiness', 'daily_activity'])
      expect(counters[collection], collection).toBeGreaterThanOrEqual(1);
    expect(counters.heartrate ?? 0).toBe(0);

    // Independently: nights ≥ 3 bpm above the baseline mean, the latest run of ≥ 3 consecutive ones.
    const lowest = lowestByDay();
    const baselineDays = [...lowest.keys()].filter(
      (d) => d >= answer.baseline.start_date && d <= answer.baseline.end_date,
    );
    const baseline = mean(baselineDays.map((d) => lowest.get(d)!));
    const raised = [...lowest.keys()]
      .filter((d) => d >= answer.period.start_date && d <= answer.period.end_date && lowest.get(d)! >= baseline + 3)
      .sort();
    expect(raised.length).toBeGreaterThanOrEqual(3);
    let runStart = raised[raised.length - 1]!;
    while (raised.includes(addDays(runStart, -1))) runStart = addDays(runStart, -1);
    const runEnd = raised[raised.length - 1]!;
    expect(runStart <= addDays(illness, 2) && runEnd >= illness).toBe(true);

    const finding = answer.insights.find((i) => i.finding.startsWith('Resting heart rate was raised'));
    expect(finding).toBeDefined();
    expect(finding).toMatchObject({ category: 'recovery' });
    expect(finding!.finding).toContain(`(${runStart} to ${runEnd})`);
    expect(finding!.finding).toContain(`against your baseline of ${Math.round(baseline * 10) / 10} bpm`);
    expect(finding!.finding).toContain('possible sign of strain or illness');
    expect(answer.insights[0]!.priority).toBe('high');
    expect(answer.insights.some((i) => i.finding.startsWith('Body temperature was raised'))).toBe(true);
    expect(answer.insights.some((i) => i.category === 'readiness' && i.finding.includes('below 70'))).toBe(true);
    expect(textOf(result)).toContain(finding!.finding);

    const readiness = stack.sim.dataset.byDate.daily_readiness.filter(
      (r) => r.day >= answer.period.start_date && r.day <= answer.period.end_date,
    );
    expect(answer.averages.period.readiness_score).toBe(Math.round(mean(readiness.map((r) => r.score!)) * 10) / 10);
  });

  it('reports the default last 7 days with trends and without the illness finding', async () => {
    const result = await call(client, {});
    const answer = result.structuredContent as InsightsAnswer;
    expect(answer.period).toEqual({ start_date: '2025-10-20', end_date: '2025-10-26' });
    for (const trend of Object.values(answer.trends))
      expect(['improving', 'declining', 'stable', 'not_enough_data']).toContain(trend);
    expect(answer.insights.some((i) => i.finding.includes('possible sign of strain or illness'))).toBe(false);
    expect(answer.insights.length).toBeGreaterThan(0);
    // The baseline 22 Sep – 19 Oct holds the Rest Mode illness (and its sick tag): those days and the day
    // after are left out, and the text says so.
    const rest = stack.sim.dataset.byDate.rest_mode_period[0]!;
    const ill: string[] = [];
    for (let d = rest.start_day; d <= addDays(rest.end_day!, 1); d = addDays(d, 1)) ill.push(d);
    const sickTags = stack.sim.dataset.byDate.enhanced_tag.filter((t) => t.tag_type_code === 'tag_generic_sick');
    expect(sickTags.every((t) => t.start_day >= rest.start_day && (t.end_day ?? t.start_day) <= rest.end_day!)).toBe(
      true,
    );
    expect(ill.every((d) => d >= '2025-09-22' && d <= '2025-10-19')).toBe(true);
    expect(answer.baseline.excluded_days).toBe(ill.length);
    const inBaseline = (day: string) => day >= '2025-09-22' && day <= '2025-10-19';
    const readiness = stack.sim.dataset.byDate.daily_readiness.filter(
      (r) => inBaseline(r.day) && !ill.includes(r.day) && r.score !== null,
    );
    expect(answer.averages.baseline.readiness_score).toBe(Math.round(mean(readiness.map((r) => r.score!)) * 10) / 10);
    // With the illness, the baseline readiness would be lower: leaving it out matters here.
    const withIllness = stack.sim.dataset.byDate.daily_readiness.filter((r) => inBaseline(r.day));
    expect(mean(withIllness.map((r) => r.score!))).toBeLessThan(mean(readiness.map((r) => r.score!)) - 1);
    expect(textOf(result)).toMatch(
      new RegExp(
        `^Health insights 20–26 Oct 2025, compared with your baseline 22 Sep – 19 Oct 2025 leaving out ${ill.length} days of illness \\(Rest Mode or tagged sick, and the day after\\)`,
      ),
    );
  });

  it('explains an empty period (before any history) instead of inventing findings', async () => {
    const result = await call(client, { days: 7, end_date: '2025-03-01' });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({
      insights: [],
      trends: { sleep: 'not_enough_data', activity: 'not_enough_data', readiness: 'not_enough_data' },
    });
    expect(textOf(result)).toContain(
      'No findings. No sleep, readiness or activity data recorded for 23 Feb – 1 Mar 2025',
    );
  });

  it.each([
    [{ days: 0 }, 'days'],
    [{ days: 91 }, '90'],
    [{ days: 2.5 }, 'days'],
    [{ days: '7' }, 'days'],
    [{ end_date: '2025-02-30' }, 'not a real calendar date'],
  ])('refuses %j with -32602', async (args, message) => {
    const result = await call(client, args);
    expect(result.isError).toBe(true);
    expect(result._meta?.code).toBe(-32602);
    expect(textOf(result)).toContain(message);
  });
});
