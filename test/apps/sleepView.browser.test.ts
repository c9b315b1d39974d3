/**
 * Issue #19 proof for the sleep view, in Debian chromium through the official AppBridge: the view the
 * server serves (`resources/read ui://oura/sleep`) draws a real `get_sleep_summary` result from the
 * simulator stack, one mark per night whose values are the structured data's; it asks for another range
 * through the bridge and redraws; empty and error results give a clear message; nothing leaves the page.
 */
import { describe, expect, it } from 'vitest';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { HAVE_CHROMIUM, warnIfNoChromium } from '../helpers/chromium.js';
import {
  THEMES_AND_WIDTHS,
  attributesOf,
  expectFitsAndShoot,
  expectMessageNotChart,
  hoursMinutes,
  oneView,
  tableCells,
  useViewHost,
} from './harness.js';

warnIfNoChromium('sleepView.browser');

const NOW = new Date('2025-10-26T11:00:00Z');
const RANGE = { start_date: '2025-10-13', end_date: '2025-10-26' };

interface SleepRow {
  date: string;
  score: number | null;
  total_sleep_duration: number | null;
  deep_sleep_duration: number | null;
  light_sleep_duration: number | null;
  rem_sleep_duration: number | null;
  awake_time: number | null;
}

describe.skipIf(!HAVE_CHROMIUM)('the sleep view in a real browser through the official AppBridge', () => {
  const host = useViewHost(NOW);

  const { call: sleepSummary, show } = oneView(host, 'sleep', 'get_sleep_summary');
  const rowsOf = (result: CallToolResult) => (result.structuredContent as { data: SleepRow[] }).data;

  it('tools/list points get_sleep_summary at ui://oura/sleep, served as an MCP Apps HTML resource', async () => {
    const { tools } = await host.client.listTools();
    expect(tools.find((tool) => tool.name === 'get_sleep_summary')?._meta).toEqual({
      ui: { resourceUri: 'ui://oura/sleep' },
    });
    const { contents } = await host.client.readResource({ uri: 'ui://oura/sleep' });
    expect(contents[0]?.mimeType).toBe('text/html;profile=mcp-app');
  });

  it('draws one bar per night with the structured values, redraws for another range, and sends nothing to the network', async () => {
    const result = await sleepSummary(RANGE);
    const rows = rowsOf(result);
    expect(rows.length).toBeGreaterThanOrEqual(10);
    const hosted = await show(RANGE, result);
    const nights = hosted.view.locator('g.night');
    await expect.poll(() => nights.count()).toBe(rows.length);

    expect(await attributesOf(nights, ['data-date', 'data-score'])).toEqual(
      rows.map((row) => ({ 'data-date': row.date, 'data-score': row.score === null ? '' : String(row.score) })),
    );
    // Each bar segment carries Oura's seconds, and its height is proportional to them (one linear scale).
    const segments = (
      await attributesOf(hosted.view.locator('g.night rect'), [
        'parent.data-date',
        'data-stage',
        'data-seconds',
        'height',
      ])
    ).map((segment) => ({
      date: segment['parent.data-date'],
      stage: segment['data-stage'],
      seconds: Number(segment['data-seconds']),
      height: Number(segment.height),
    }));
    const expected = rows.flatMap((row) =>
      (
        [
          ['deep', row.deep_sleep_duration],
          ['light', row.light_sleep_duration],
          ['rem', row.rem_sleep_duration],
          ['awake', row.awake_time],
        ] as const
      )
        .filter(([, seconds]) => seconds !== null && seconds > 0)
        .map(([stage, seconds]) => ({ date: row.date, stage, seconds })),
    );
    expect(segments.map(({ date, stage, seconds }) => ({ date, stage, seconds }))).toEqual(expected);
    const pixelsPerSecond = segments[0]!.height / segments[0]!.seconds;
    for (const segment of segments) expect(segment.height).toBeCloseTo(segment.seconds * pixelsPerSecond, 6);

    // The text alternative: one table row per night, in hours:minutes worked out here.
    const cells = await tableCells(hosted.view);
    expect(cells.map((row) => row.slice(1))).toEqual(
      rows.map((row) => [
        row.score === null ? '–' : String(row.score),
        hoursMinutes(row.total_sleep_duration),
        hoursMinutes(row.deep_sleep_duration),
        hoursMinutes(row.light_sleep_duration),
        hoursMinutes(row.rem_sleep_duration),
        hoursMinutes(row.awake_time),
      ]),
    );
    const summary = (result.structuredContent as { summary: { total_days: number } }).summary;
    await expect(hosted.view.locator('#summary').textContent()).resolves.toContain(`${summary.total_days} nights`);
    expect(await hosted.view.locator('svg').getAttribute('aria-describedby')).toBe('summary');

    // Another range, asked through the bridge: the host runs the tool, the view redraws.
    await hosted.view.getByRole('button', { name: '30 nights' }).click();
    await expect.poll(() => hosted.calls.length).toBe(1);
    expect(hosted.calls[0]).toEqual({
      name: 'get_sleep_summary',
      arguments: { start_date: '2025-09-27', end_date: '2025-10-26' },
    });
    const wider = rowsOf(await sleepSummary({ start_date: '2025-09-27', end_date: '2025-10-26' }));
    expect(wider.length).toBeGreaterThan(rows.length);
    await expect.poll(() => nights.count()).toBe(wider.length);
    expect(await nights.first().getAttribute('data-date')).toBe(wider[0]!.date);

    expect(hosted.errors).toEqual([]);
    expect(hosted.requests).toEqual([]);
  });

  it('an empty range and an error result show a clear message instead of a chart', async () => {
    const emptyArgs = { start_date: '2025-01-01', end_date: '2025-01-07' };
    const empty = await sleepSummary(emptyArgs);
    expect(rowsOf(empty)).toEqual([]);
    const hosted = await show(emptyArgs, empty);
    expect(await expectMessageNotChart(hosted, empty, 'empty')).toContain('1–7 Jan 2025');

    const badArgs = { start_date: '2025-10-26', end_date: '2025-10-01' };
    const failed = await sleepSummary(badArgs);
    expect(failed.isError).toBe(true);
    const hostedError = await show(badArgs, failed);
    await expectMessageNotChart(hostedError, failed, 'error');
    expect([...hosted.errors, ...hostedError.errors]).toEqual([]);
  });

  it.each(THEMES_AND_WIDTHS)('fits %s at %i px (screenshot in test-artifacts/)', async (theme, width) => {
    const result = await sleepSummary(RANGE);
    const hosted = await show(RANGE, result, theme, width);
    await expect.poll(() => hosted.view.locator('g.night').count()).toBe(rowsOf(result).length);
    await expectFitsAndShoot(hosted, 'sleep', theme, width);
  });
});
