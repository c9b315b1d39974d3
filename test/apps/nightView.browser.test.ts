/**
 * Issue #19 proof for the single-night view, in Debian chromium through the official AppBridge, fed
 * real `get_sleep_detailed` results from the simulator stack: one hypnogram segment per run of Oura's
 * phase series, one mark per heart-rate and HRV value, the stage minutes of the text alternative equal
 * to Oura's duration fields, the owner's clock on the axis (twice 02:00 on the DST night), a nap chosen
 * apart, 5-minute detail and the previous night asked through the bridge and redrawn, empty and error
 * states, no console errors, nothing leaving the page; screenshots light/dark at 380/900 px.
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
  type HostedView,
} from './harness.js';

warnIfNoChromium('nightView.browser');

const NOW = new Date('2025-10-26T11:00:00Z');
const night = (day: string, series?: string) => ({ start_date: day, end_date: day, ...(series ? { series } : {}) });

interface Series {
  interval: number;
  start: string;
  heart_rate: Array<number | null>;
  hrv: Array<number | null>;
  phases: string;
}

interface Period {
  date: string;
  type: string;
  bedtime_start: string;
  bedtime_end: string | null;
  time_in_bed: number | null;
  total_sleep_duration: number | null;
  deep_sleep_duration: number | null;
  light_sleep_duration: number | null;
  rem_sleep_duration: number | null;
  awake_time: number | null;
  lowest_heart_rate: number | null;
  average_hrv: number | null;
  series?: Series;
}

const PHASE_NAMES: Record<string, string> = { '1': 'deep', '2': 'light', '3': 'rem', '4': 'awake' };

/** The runs of equal characters of Oura's phase string. */
function runsOf(phases: string): Array<Record<string, string>> {
  const runs: Array<{ phase: string; from: number; count: number }> = [];
  [...phases].forEach((char, index) => {
    const last = runs.at(-1);
    if (last && last.phase === PHASE_NAMES[char]) last.count++;
    else runs.push({ phase: PHASE_NAMES[char]!, from: index, count: 1 });
  });
  return runs.map((run) => ({
    'data-phase': run.phase,
    'data-from': String(run.from),
    'data-count': String(run.count),
  }));
}

const valuesOf = (values: Array<number | null>) =>
  values.flatMap((value, index) =>
    value === null ? [] : [{ 'data-index': String(index), 'data-value': String(value) }],
  );

describe.skipIf(!HAVE_CHROMIUM)('the single-night view in a real browser through the official AppBridge', () => {
  const host = useViewHost(NOW);

  const { call: sleepDetailed, show } = oneView(host, 'night', 'get_sleep_detailed');
  const periodsOf = (result: CallToolResult) => (result.structuredContent as { data: Period[] }).data;

  /** The hypnogram segments and the heart-rate and HRV marks equal the period's series. */
  async function expectSeriesDrawn(hosted: HostedView, period: Period): Promise<void> {
    const series = period.series!;
    const segments = hosted.view.locator('g.hypnogram rect');
    await expect
      .poll(() => attributesOf(segments, ['data-phase', 'data-from', 'data-count']))
      .toEqual(runsOf(series.phases));
    expect(await hosted.view.locator('g.hypnogram').getAttribute('data-interval')).toBe(String(series.interval));
    // One time axis: each segment's width is proportional to its samples.
    const widths = (await attributesOf(segments, ['width', 'data-count'])).map((segment) => ({
      width: Number(segment.width),
      count: Number(segment['data-count']),
    }));
    const perSample = widths[0]!.width / widths[0]!.count;
    for (const segment of widths) expect(segment.width).toBeCloseTo(segment.count * perSample, 6);
    expect(await attributesOf(hosted.view.locator('.hr-points circle'), ['data-index', 'data-value'])).toEqual(
      valuesOf(series.heart_rate),
    );
    expect(await attributesOf(hosted.view.locator('.hrv-points circle'), ['data-index', 'data-value'])).toEqual(
      valuesOf(series.hrv),
    );
  }

  it('tools/list points get_sleep_detailed at ui://oura/night', async () => {
    const { tools } = await host.client.listTools();
    expect(tools.find((tool) => tool.name === 'get_sleep_detailed')?._meta).toEqual({
      ui: { resourceUri: 'ui://oura/night' },
    });
  });

  it("draws the night's series, Oura's own stage times, then 5-minute detail and the previous night through the bridge", async () => {
    const args = night('2025-10-25');
    const result = await sleepDetailed(args);
    const [period] = periodsOf(result);
    expect(periodsOf(result)).toHaveLength(1);
    // One day comes with 30-minute summaries by default: the view draws what the result holds.
    expect(period!.series!.interval).toBe(1800);
    const hosted = await show(args, result);
    await expectSeriesDrawn(hosted, period!);

    // The text alternative: Oura's duration fields, not a recount of the hypnogram.
    expect(await tableCells(hosted.view)).toEqual([
      ['In bed', hoursMinutes(period!.time_in_bed)],
      ['Asleep', hoursMinutes(period!.total_sleep_duration)],
      ['Deep', hoursMinutes(period!.deep_sleep_duration)],
      ['Light', hoursMinutes(period!.light_sleep_duration)],
      ['REM', hoursMinutes(period!.rem_sleep_duration)],
      ['Awake', hoursMinutes(period!.awake_time)],
      ['Lowest heart rate (bpm)', String(period!.lowest_heart_rate)],
      ['Average HRV (ms)', String(period!.average_hrv)],
    ]);
    const summary = await hosted.view.locator('#summary').textContent();
    // The owner's clock is the one Oura wrote (23:47+02:00), whatever zone the browser is in.
    expect(summary).toContain(
      `in bed ${period!.bedtime_start.slice(11, 16)}–${period!.bedtime_end!.slice(11, 16)} (owner's time, UTC+02:00)`,
    );
    expect(summary).toContain(
      `Lowest heart rate ${period!.lowest_heart_rate} bpm, average HRV ${period!.average_hrv} ms`,
    );
    expect(await hosted.view.locator('svg').getAttribute('aria-label')).toContain('Night 25 Oct');

    await hosted.view.getByRole('button', { name: '5-minute detail' }).click();
    await expect.poll(() => hosted.calls.length).toBe(1);
    expect(hosted.calls[0]).toEqual({ name: 'get_sleep_detailed', arguments: night('2025-10-25', 'full') });
    const full = periodsOf(await sleepDetailed(night('2025-10-25', 'full')))[0]!;
    expect(full.series!.interval).toBe(300);
    await expectSeriesDrawn(hosted, full);
    // Already at Oura's resolution: no more detail to ask for.
    await expect.poll(() => hosted.view.getByRole('button', { name: '5-minute detail' }).count()).toBe(0);

    await hosted.view.getByRole('button', { name: 'Previous night' }).click();
    await expect.poll(() => hosted.calls.length).toBe(2);
    expect(hosted.calls[1]).toEqual({ name: 'get_sleep_detailed', arguments: night('2025-10-24', 'full') });
    const previous = periodsOf(await sleepDetailed(night('2025-10-24', 'full')));
    const previousNight = previous.find((row) => row.type === 'long_sleep')!;
    await expectSeriesDrawn(hosted, previousNight);
    expect(await hosted.view.locator('svg').getAttribute('aria-label')).toContain('Night 24 Oct');

    expect(hosted.errors).toEqual([]);
    expect(hosted.requests).toEqual([]);
  });

  it('shows a nap apart: the night is drawn first, the nap on its own button', async () => {
    const args = night('2025-10-23');
    const result = await sleepDetailed(args);
    const periods = periodsOf(result);
    expect(periods.map((row) => row.type)).toEqual(['long_sleep', 'nap']);
    const hosted = await show(args, result);
    await expectSeriesDrawn(hosted, periods[0]!);
    const nap = periods[1]!;
    const napButton = hosted.view.getByRole('button', { name: `Nap 23 Oct ${nap.bedtime_start.slice(11, 16)}` });
    await napButton.click();
    await expectSeriesDrawn(hosted, nap);
    expect(await napButton.getAttribute('aria-pressed')).toBe('true');
    expect(await tableCells(hosted.view)).toContainEqual(['Asleep', hoursMinutes(nap.total_sleep_duration)]);
    expect(hosted.calls).toEqual([]);
    expect(hosted.errors).toEqual([]);
  });

  it("puts the owner's clock on the axis: the DST night of 26 Oct shows 02:00 twice", async () => {
    const args = night('2025-10-26', 'full');
    const result = await sleepDetailed(args);
    const [period] = periodsOf(result);
    expect(period!.bedtime_start.endsWith('+02:00') && period!.bedtime_end!.endsWith('+01:00')).toBe(true);
    const hosted = await show(args, result);
    await expectSeriesDrawn(hosted, period!);
    const labels = await hosted.view.locator('.axis-x text').allTextContents();
    expect(labels.filter((label) => label === '02:00')).toHaveLength(2);
    expect(labels[0]).toBe('00:00');
    expect(await hosted.view.locator('#summary').textContent()).toContain(
      `in bed 23:15–05:55 (owner's time, UTC+02:00 → UTC+01:00)`,
    );
    expect(hosted.errors).toEqual([]);
  });

  it('a night without series draws Oura’s stage times and offers the 5-minute series', async () => {
    const args = { start_date: '2025-10-24', end_date: '2025-10-25' };
    const result = await sleepDetailed(args);
    const periods = periodsOf(result);
    expect(periods.every((row) => row.series === undefined)).toBe(true);
    const hosted = await show(args, result);
    const last = periods.filter((row) => row.type === 'long_sleep').at(-1)!;
    await expect
      .poll(() => attributesOf(hosted.view.locator('g.stages rect'), ['data-phase', 'data-seconds']))
      .toEqual(
        (
          [
            ['deep', last.deep_sleep_duration],
            ['light', last.light_sleep_duration],
            ['rem', last.rem_sleep_duration],
            ['awake', last.awake_time],
          ] as const
        ).map(([phase, seconds]) => ({ 'data-phase': phase, 'data-seconds': String(seconds) })),
      );
    await hosted.view.getByRole('button', { name: '5-minute detail' }).click();
    await expect.poll(() => hosted.calls.length).toBe(1);
    expect(hosted.calls[0]!.arguments).toEqual(night(last.date, 'full'));
    const full = periodsOf(await sleepDetailed(night(last.date, 'full'))).find((row) => row.type === 'long_sleep')!;
    await expectSeriesDrawn(hosted, full);
    expect(hosted.errors).toEqual([]);
  });

  it('a period whose series holds no heart-rate reading keeps its hypnogram and HRV and says so', async () => {
    const args = night('2025-10-25', 'full');
    const real = await sleepDetailed(args);
    // Oura sends a null for every missing sample; here the ring read none at all.
    const [period] = periodsOf(real);
    const noHeartRate = {
      ...period!,
      series: { ...period!.series!, heart_rate: period!.series!.heart_rate.map(() => null) },
    };
    const result = { ...real, structuredContent: { data: [noHeartRate] } };
    const hosted = await show(args, result);
    await expectSeriesDrawn(hosted, noHeartRate);
    expect(await hosted.view.locator('.panel.hr').textContent()).toBe('Heart rate (bpm): no readings in this period');
    expect(hosted.errors).toEqual([]);
  });

  it('an empty night and an error result show a message, not a chart', async () => {
    const emptyArgs = night('2025-01-01');
    const empty = await sleepDetailed(emptyArgs);
    expect(periodsOf(empty)).toEqual([]);
    const hosted = await show(emptyArgs, empty);
    expect(await expectMessageNotChart(hosted, empty, 'empty')).toBe((empty.content[0] as { text: string }).text);
    const failed = await sleepDetailed({ start_date: '2025-10-26', end_date: '2025-10-01' });
    expect(failed.isError).toBe(true);
    const hostedError = await show({}, failed);
    await expectMessageNotChart(hostedError, failed, 'error');
    expect([...hosted.errors, ...hostedError.errors]).toEqual([]);
  });

  it.each(THEMES_AND_WIDTHS)('fits %s at %i px (screenshot in test-artifacts/)', async (theme, width) => {
    const args = night('2025-10-25', 'full');
    const result = await sleepDetailed(args);
    const hosted = await show(args, result, theme, width);
    await expectSeriesDrawn(hosted, periodsOf(result)[0]!);
    await expectFitsAndShoot(hosted, 'night', theme, width);
  });
});
