/**
 * Issue #19 proof for the readiness and activity views, in Debian chromium through the official
 * AppBridge, fed real results from the simulator stack: one mark per day carrying the structured
 * values (checked against the rows, and proportional where the chart is a bar), the table worked out
 * by hand, another range asked through the bridge and redrawn, an empty range and an error result as
 * a clear message, no console errors, nothing leaving the page; screenshots light/dark at 380/900 px.
 */
import { describe, expect, it } from 'vitest';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { HAVE_CHROMIUM, warnIfNoChromium } from '../helpers/chromium.js';
import { attributesOf, expectFitsAndShoot, expectMessageNotChart, tableCells, useViewHost } from './harness.js';

warnIfNoChromium('dailyViews.browser');

const NOW = new Date('2025-10-26T11:00:00Z');
const RANGE = { start_date: '2025-10-13', end_date: '2025-10-26' };
const WIDER = { start_date: '2025-09-27', end_date: '2025-10-26' };

type Row = Record<string, number | string | null>;

/** `12,345` and `+0.12`, worked out here rather than with the view's formatters. */
const thousands = (value: number) => String(Math.round(value)).replace(/\B(?=(\d{3})+$)/g, ',');
const signed2 = (value: number) => `${value > 0 ? '+' : ''}${value.toFixed(2)}`;
const hoursMinutes = (seconds: number) => {
  const minutes = Math.round(seconds / 60);
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
};
/** A table cell as the view must show it; a field missing from the row fails the test. */
const cell = (value: number | string | null | undefined, format: (value: number) => string = String) => {
  if (value === undefined) throw new Error('the row lacks a field the table shows');
  return value === null ? '–' : format(value as number);
};

interface ViewCase {
  view: string;
  tool: string;
  rangeButton: string;
  /** The bar-like marks: selector, attribute with Oura's value, and the row field it must equal. */
  bars: { selector: string; attribute: string; field: string };
  /** Other marks whose attribute must equal a row field. */
  points?: { selector: string; attribute: string; field: string };
  tableRow(row: Row): string[];
}

const CASES: ViewCase[] = [
  {
    view: 'readiness',
    tool: 'get_readiness_score',
    rangeButton: '30 days',
    bars: { selector: 'g.day rect.mark', attribute: 'data-celsius', field: 'temperature_deviation' },
    points: { selector: 'g.day circle.readiness-dot', attribute: 'data-score', field: 'score' },
    tableRow: (row) => [
      cell(row.score),
      cell(row.temperature_deviation, signed2),
      cell(row.hrv_balance),
      cell(row.resting_heart_rate),
    ],
  },
  {
    view: 'activity',
    tool: 'get_activity_summary',
    rangeButton: '30 days',
    bars: { selector: 'g.day rect.steps', attribute: 'data-steps', field: 'steps' },
    tableRow: (row) => [
      cell(row.steps, thousands),
      cell(row.active_calories, thousands),
      cell(row.target_calories, thousands),
      cell(row.high_activity_time, hoursMinutes),
      cell(row.medium_activity_time, hoursMinutes),
      cell(row.low_activity_time, hoursMinutes),
    ],
  },
];

describe.skipIf(!HAVE_CHROMIUM)('the daily views in a real browser through the official AppBridge', () => {
  const host = useViewHost(NOW);

  const call = (tool: string, args: Record<string, unknown>) => host.call(tool, args);
  const rowsOf = (result: CallToolResult) => (result.structuredContent as { data: Row[] }).data;

  const show = (
    item: ViewCase,
    args: Record<string, unknown>,
    result: CallToolResult,
    theme?: 'light' | 'dark',
    width?: number,
  ) => host.show(item.view, item.tool, args, result, theme, width);

  it.each(CASES)('$tool points at ui://oura/$view, an MCP Apps HTML resource', async (item) => {
    const { tools } = await host.client.listTools();
    expect(tools.find((tool) => tool.name === item.tool)?._meta).toEqual({
      ui: { resourceUri: `ui://oura/${item.view}` },
    });
    const { contents } = await host.client.readResource({ uri: `ui://oura/${item.view}` });
    expect(contents[0]?.mimeType).toBe('text/html;profile=mcp-app');
  });

  it.each(CASES)(
    '$view: one mark per day with the structured values, another range redrawn, nothing on the network',
    async (item) => {
      const result = await call(item.tool, RANGE);
      const rows = rowsOf(result);
      expect(rows.length).toBeGreaterThanOrEqual(10);
      const hosted = await show(item, RANGE, result);
      const days = hosted.view.locator('g.day');
      await expect.poll(() => days.count()).toBe(rows.length);
      expect((await attributesOf(days, ['data-date'])).map((day) => day['data-date'])).toEqual(
        rows.map((row) => row.date),
      );

      const bars = await attributesOf(hosted.view.locator(item.bars.selector), [
        'parent.data-date',
        item.bars.attribute,
        'height',
      ]);
      const withValue = rows.filter((row) => row[item.bars.field] !== null);
      expect(bars.map((bar) => [bar['parent.data-date'], Number(bar[item.bars.attribute])])).toEqual(
        withValue.map((row) => [row.date, row[item.bars.field]]),
      );
      // One linear scale: every bar's height over its value is the same.
      const ratios = bars
        .filter((bar) => Number(bar[item.bars.attribute]) !== 0)
        .map((bar) => Number(bar.height) / Math.abs(Number(bar[item.bars.attribute])));
      for (const ratio of ratios) expect(ratio).toBeCloseTo(ratios[0]!, 6);
      if (item.points) {
        const points = await attributesOf(hosted.view.locator(item.points.selector), [
          'parent.data-date',
          item.points.attribute,
        ]);
        expect(points.map((point) => [point['parent.data-date'], Number(point[item.points!.attribute])])).toEqual(
          rows.filter((row) => row[item.points!.field] !== null).map((row) => [row.date, row[item.points!.field]]),
        );
      }
      expect((await tableCells(hosted.view)).map((row) => row.slice(1))).toEqual(rows.map((row) => item.tableRow(row)));

      await hosted.view.getByRole('button', { name: item.rangeButton }).click();
      await expect.poll(() => hosted.calls.length).toBe(1);
      expect(hosted.calls[0]).toEqual({ name: item.tool, arguments: WIDER });
      const wider = rowsOf(await call(item.tool, WIDER));
      expect(wider.length).toBeGreaterThan(rows.length);
      await expect.poll(() => days.count()).toBe(wider.length);
      expect(await days.first().getAttribute('data-date')).toBe(wider[0]!.date);
      expect(hosted.errors).toEqual([]);
      expect(hosted.requests).toEqual([]);
    },
  );

  it.each(CASES)('$view: an empty range and an error result show a message, not a chart', async (item) => {
    const emptyArgs = { start_date: '2025-01-01', end_date: '2025-01-07' };
    const empty = await call(item.tool, emptyArgs);
    expect(rowsOf(empty)).toEqual([]);
    const hosted = await show(item, emptyArgs, empty);
    expect(await expectMessageNotChart(hosted, empty)).toContain('1–7 Jan 2025');

    const failed = await call(item.tool, { start_date: '2025-10-26', end_date: '2025-10-01' });
    expect(failed.isError).toBe(true);
    const hostedError = await show(item, {}, failed);
    await expectMessageNotChart(hostedError, failed, 'error');
    expect([...hosted.errors, ...hostedError.errors]).toEqual([]);
  });

  it.each(
    CASES.flatMap((item) =>
      (['light', 'dark'] as const).flatMap((theme) => [380, 900].map((width) => ({ ...item, theme, width }))),
    ),
  )('$view fits $theme at $width px (screenshot in test-artifacts/)', async (item) => {
    const result = await call(item.tool, RANGE);
    const hosted = await show(item, RANGE, result, item.theme, item.width);
    await expect.poll(() => hosted.view.locator('g.day').count()).toBe(rowsOf(result).length);
    await expectFitsAndShoot(hosted, item.view, item.theme, item.width);
  });
});
