/**
 * Issue #19 proof for the heart-rate view, in Debian chromium through the official AppBridge, fed real
 * `get_heart_rate` results from the simulator stack: one mark per point with the structured bpm and
 * timestamp, one shaded band per run of sleep, workout or session points, the owner's clock in the
 * labels, another range asked through the bridge and redrawn, empty and error states, no console
 * errors, nothing leaving the page; screenshots light/dark at 380/900 px.
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
  tableCells,
  useViewHost,
} from './harness.js';

warnIfNoChromium('heartRateView.browser');

const NOW = new Date('2025-10-26T11:00:00Z');
const DAY = { start_datetime: '2025-10-25T00:00', end_datetime: '2025-10-25T23:59' };
const THREE_DAYS = { start_datetime: '2025-10-23T00:00', end_datetime: '2025-10-25T23:59' };

interface Point {
  timestamp: string;
  bpm: number;
  source: string | null;
  min_bpm?: number;
  max_bpm?: number;
}

describe.skipIf(!HAVE_CHROMIUM)('the heart-rate view in a real browser through the official AppBridge', () => {
  const host = useViewHost(NOW);

  const { call: heartRate, show } = oneView(host, 'heartRate', 'get_heart_rate');
  const pointsOf = (result: CallToolResult) => (result.structuredContent as { data: Point[] }).data;

  it('tools/list points get_heart_rate at ui://oura/heartRate', async () => {
    const { tools } = await host.client.listTools();
    expect(tools.find((tool) => tool.name === 'get_heart_rate')?._meta).toEqual({
      ui: { resourceUri: 'ui://oura/heartRate' },
    });
  });

  it('draws one mark per point with its bpm and time, shades sleep/workout/session runs, redraws another range', async () => {
    const result = await heartRate(DAY);
    const points = pointsOf(result);
    expect(points.length).toBe(24);
    const hosted = await show(DAY, result);
    const marks = hosted.view.locator('g.point');
    await expect.poll(() => marks.count()).toBe(points.length);
    expect(await attributesOf(marks, ['data-timestamp', 'data-bpm', 'data-source'])).toEqual(
      points.map((point) => ({
        'data-timestamp': point.timestamp,
        'data-bpm': String(point.bpm),
        'data-source': point.source ?? '',
      })),
    );
    // Runs of consecutive points with a shaded source, worked out from the rows.
    const runs: string[] = [];
    points.forEach((point, index) => {
      const shaded = point.source === 'sleep' || point.source === 'workout' || point.source === 'session';
      if (shaded && points[index - 1]?.source !== point.source) runs.push(point.source!);
    });
    expect(runs).toContain('sleep');
    expect(
      (await attributesOf(hosted.view.locator('rect.shade'), ['data-source'])).map((shade) => shade['data-source']),
    ).toEqual(runs);
    // The table shows the owner's clock as the timestamp carries it.
    const cells = await tableCells(hosted.view);
    expect(cells.map((row) => [row[0]!.slice(-5), row[1]])).toEqual(
      points.map((point) => [point.timestamp.slice(11, 16), String(point.bpm)]),
    );
    expect(cells.map((row) => [row[2], row[3]])).toEqual(
      points.map((point) => [String(point.min_bpm ?? '–'), String(point.max_bpm ?? '–')]),
    );

    await hosted.view.getByRole('button', { name: '3 days' }).click();
    await expect.poll(() => hosted.calls.length).toBe(1);
    expect(hosted.calls[0]).toEqual({ name: 'get_heart_rate', arguments: THREE_DAYS });
    const wider = pointsOf(await heartRate(THREE_DAYS));
    await expect
      .poll(async () => (await attributesOf(marks, ['data-timestamp'])).map((mark) => mark['data-timestamp']))
      .toEqual(wider.map((point) => point.timestamp));
    expect(hosted.errors).toEqual([]);
    expect(hosted.requests).toEqual([]);
  });

  it('an empty window and an error result show a message, not a chart', async () => {
    const emptyArgs = { start_datetime: '2025-01-01T00:00', end_datetime: '2025-01-01T23:59' };
    const empty = await heartRate(emptyArgs);
    expect(pointsOf(empty)).toEqual([]);
    const hosted = await show(emptyArgs, empty);
    await expectMessageNotChart(hosted, empty, 'empty');
    const failed = await heartRate({ start_datetime: '2025-11-20T00:00' });
    expect(failed.isError).toBe(true);
    const hostedError = await show({}, failed);
    await expectMessageNotChart(hostedError, failed, 'error');
    expect([...hosted.errors, ...hostedError.errors]).toEqual([]);
  });

  it.each(THEMES_AND_WIDTHS)('fits %s at %i px (screenshot in test-artifacts/)', async (theme, width) => {
    const result = await heartRate(DAY);
    const hosted = await show(DAY, result, theme, width);
    await expect.poll(() => hosted.view.locator('g.point').count()).toBe(pointsOf(result).length);
    await expectFitsAndShoot(hosted, 'heartRate', theme, width);
  });
});
