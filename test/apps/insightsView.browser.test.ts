/**
 * Issue #19 proof for the insights view, in Debian chromium through the official AppBridge, fed real
 * `get_health_insights` results from the simulator stack: one bar per measure with data on both sides,
 * carrying the structured averages and the change worked out here, another period asked through the
 * bridge and redrawn, empty and error states, no console errors, nothing leaving the page; screenshots.
 */
import { describe, expect, it } from 'vitest';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { HAVE_CHROMIUM, warnIfNoChromium } from '../helpers/chromium.js';
import {
  THEMES_AND_WIDTHS,
  attributesOf,
  expectFitsAndShoot,
  expectMessageNotChart,
  oneView,
  useViewHost,
  type HostedView,
} from './harness.js';

warnIfNoChromium('insightsView.browser');

const NOW = new Date('2025-10-26T11:00:00Z');
const WEEK = { days: 7, end_date: '2025-10-26' };
const KEYS = [
  'sleep_score',
  'sleep_duration',
  'readiness_score',
  'resting_heart_rate',
  'hrv',
  'temperature_deviation',
  'activity_score',
  'steps',
] as const;
type Averages = Record<(typeof KEYS)[number], number | null>;

/** The bars the view must draw: measures with both sides, the change in % (temperature: °C). */
function expectedBars(result: CallToolResult) {
  const { period, baseline } = (result.structuredContent as { averages: { period: Averages; baseline: Averages } })
    .averages;
  return KEYS.flatMap((key) => {
    const p = period[key];
    const b = baseline[key];
    if (p === null || b === null || (key !== 'temperature_deviation' && b === 0)) return [];
    return [{ key, period: p, baseline: b, change: key === 'temperature_deviation' ? p - b : ((p - b) / b) * 100 }];
  });
}

describe.skipIf(!HAVE_CHROMIUM)('the insights view in a real browser through the official AppBridge', () => {
  const host = useViewHost(NOW);

  const { call: insights, show } = oneView(host, 'insights', 'get_health_insights');
  const barsOf = async (hosted: HostedView) =>
    (
      await attributesOf(hosted.view.locator('g.measure'), ['data-key', 'data-period', 'data-baseline', 'data-change'])
    ).map((bar) => ({
      key: bar['data-key'],
      period: Number(bar['data-period']),
      baseline: Number(bar['data-baseline']),
      change: Number(bar['data-change']),
    }));

  it('one bar per measure with both sides, the averages and changes of the result; another period redrawn', async () => {
    const { tools } = await host.client.listTools();
    expect(tools.find((tool) => tool.name === 'get_health_insights')?._meta).toEqual({
      ui: { resourceUri: 'ui://oura/insights' },
    });
    const result = await insights(WEEK);
    const expected = expectedBars(result);
    expect(expected.length).toBeGreaterThanOrEqual(6);
    const hosted = await show(WEEK, result);
    await expect.poll(() => hosted.view.locator('g.measure').count()).toBe(expected.length);
    const bars = await barsOf(hosted);
    expect(bars.map(({ key, period, baseline }) => ({ key, period, baseline }))).toEqual(
      expected.map(({ key, period, baseline }) => ({ key, period, baseline })),
    );
    bars.forEach((bar, index) => expect(bar.change).toBeCloseTo(expected[index]!.change, 9));

    await hosted.view.getByRole('button', { name: '14 days' }).click();
    await expect.poll(() => hosted.calls.length).toBe(1);
    expect(hosted.calls[0]).toEqual({ name: 'get_health_insights', arguments: { days: 14, end_date: '2025-10-26' } });
    const fortnight = expectedBars(await insights({ days: 14, end_date: '2025-10-26' }));
    await expect
      .poll(async () => (await barsOf(hosted)).map((bar) => bar.period))
      .toEqual(fortnight.map((bar) => bar.period));
    expect(hosted.errors).toEqual([]);
    expect(hosted.requests).toEqual([]);
  });

  it('a period without data and an error result show a message, not a chart', async () => {
    const emptyArgs = { days: 7, end_date: '2025-01-07' };
    const empty = await insights(emptyArgs);
    expect(expectedBars(empty)).toEqual([]);
    const hosted = await show(emptyArgs, empty);
    await expectMessageNotChart(hosted, empty);
    const failed = await insights({ days: 7, end_date: '2025-12-31' });
    expect(failed.isError).toBe(true);
    const hostedError = await show({}, failed);
    await expectMessageNotChart(hostedError, failed, 'error');
    expect([...hosted.errors, ...hostedError.errors]).toEqual([]);
  });

  it.each(THEMES_AND_WIDTHS)('fits %s at %i px (screenshot in test-artifacts/)', async (theme, width) => {
    const result = await insights(WEEK);
    const hosted = await show(WEEK, result, theme, width);
    await expect.poll(() => hosted.view.locator('g.measure').count()).toBe(expectedBars(result).length);
    await expectFitsAndShoot(hosted, 'insights', theme, width);
  });
});
