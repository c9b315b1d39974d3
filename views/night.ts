/**
 * The single-night view of `get_sleep_detailed`: the hypnogram (deep, light, REM, awake from Oura's
 * phase series) with heart rate and HRV under it on the same time axis, for one period at a time
 * (the night, or a nap chosen apart). It draws the series the result holds (30-minute summaries by
 * default for one day) and asks the tool, through the host, for Oura's 5-minute series or another
 * night. Stage minutes are Oura's own duration fields, never recounted from the hypnogram.
 */
import type { SleepDetailedOutput, SleepPeriodRow, SleepSeries } from '../src/mcp/tools/mappers/sleepDetailed.js';
import { addDays } from '../src/lib/time.js';
import { formatDay, formatDuration, formatHoursMinutes, formatShortDay } from '../src/lib/format.js';
import { ownerClock, type OwnerClock } from './lib/clock.js';
import { startView, type Choice, type ToolAction } from './lib/page.js';
import { chartRoot, frame, linear, svg, text, title, xLabels, type Frame } from './lib/svg.js';

/** Oura's phase characters, drawn top to bottom in the usual hypnogram order. */
const PHASES = [
  { char: '4', name: 'awake', label: 'Awake', words: 'awake', key: 'awake_time' },
  { char: '3', name: 'rem', label: 'REM', words: 'REM', key: 'rem_sleep_duration' },
  { char: '2', name: 'light', label: 'Light', words: 'light', key: 'light_sleep_duration' },
  { char: '1', name: 'deep', label: 'Deep', words: 'deep', key: 'deep_sleep_duration' },
] as const;

/** Oura's own series interval (OURA_SERIES_SECONDS in the mapper, which the view does not bundle). */
const OURA_SECONDS = 300;
const HYPNOGRAM_HEIGHT = 112;
const PANEL_HEIGHT = 84;
const GAP = 26;

const KIND: Record<SleepPeriodRow['type'], string> = { long_sleep: 'Night', short_sleep: 'Short sleep', nap: 'Nap' };

const choiceKey = (row: SleepPeriodRow) => row.bedtime_start;

function periodLabel(row: SleepPeriodRow): string {
  return row.type === 'long_sleep'
    ? `${KIND.long_sleep} ${formatShortDay(row.date)}`
    : `${KIND[row.type]} ${formatShortDay(row.date)} ${row.bedtime_start.slice(11, 16)}`;
}

/** Runs of one phase: the hypnogram's segments. */
function phaseRuns(phases: string): Array<{ char: string; from: number; count: number }> {
  const runs: Array<{ char: string; from: number; count: number }> = [];
  for (let index = 0; index < phases.length; index++) {
    const last = runs[runs.length - 1];
    if (last && last.char === phases[index]) last.count++;
    else runs.push({ char: phases[index]!, from: index, count: 1 });
  }
  return runs;
}

/** A line through the non-null values (a gap where Oura had no reading) and one titled mark per value. */
function seriesPanel(
  area: Frame,
  values: ReadonlyArray<number | null>,
  at: (index: number) => number,
  options: { name: string; unit: string; heading: string; clock: (index: number) => string },
): SVGGElement {
  const present = values.flatMap((value) => (value === null ? [] : [value]));
  const heading = `${options.heading} (${options.unit})`;
  if (present.length === 0)
    return svg('g', { class: `panel ${options.name}` }, [
      text(`${heading}: no readings in this period`, { x: area.left, y: area.top + 12, class: 'unit' }),
    ]);
  const low = Math.floor(Math.min(...present) / 10) * 10;
  const high = Math.max(low + 10, Math.ceil(Math.max(...present) / 10) * 10);
  const y = linear([low, high], [area.bottom, area.top]);
  let path = '';
  values.forEach((value, index) => {
    if (value === null) return;
    path += `${index === 0 || values[index - 1] === null ? 'M' : 'L'}${at(index)},${y(value)}`;
  });
  const marks = values.flatMap((value, index) =>
    value === null
      ? []
      : [
          svg(
            'circle',
            {
              class: `mark ${options.name}-dot`,
              cx: at(index),
              cy: y(value),
              r: 1.8,
              'data-index': index,
              'data-value': value,
            },
            [title(`${options.clock(index)}: ${value} ${options.unit}`)],
          ),
        ],
  );
  return svg('g', { class: `panel ${options.name}` }, [
    svg('line', { class: 'grid', x1: area.left, x2: area.right, y1: y(low), y2: y(low) }),
    svg('line', { class: 'grid', x1: area.left, x2: area.right, y1: y(high), y2: y(high) }),
    svg('g', { 'aria-hidden': 'true' }, [
      text(String(high), { x: area.left - 6, y: y(high) + 4, 'text-anchor': 'end', class: 'tick' }),
      text(String(low), { x: area.left - 6, y: y(low) + 4, 'text-anchor': 'end', class: 'tick' }),
      text(heading, { x: area.left, y: area.top - 6, class: 'unit' }),
    ]),
    svg('path', { class: `${options.name}-line`, d: path }),
    svg('g', { class: `${options.name}-points` }, marks),
  ]);
}

/** Hour ticks of the owner's clock between two instants (a repeated hour shows twice on a DST night). */
function hourTicks(from: number, to: number, clock: OwnerClock): Array<{ at: number; label: string }> {
  const ticks: Array<{ at: number; label: string }> = [];
  const quarter = 900_000;
  for (let at = Math.ceil(from / quarter) * quarter; at <= to; at += quarter) {
    const label = clock.time(at);
    if (label.endsWith(':00')) ticks.push({ at, label });
  }
  return ticks;
}

function drawNight(row: SleepPeriodRow, series: SleepSeries, width: number, clock: OwnerClock): SVGSVGElement {
  const start = Date.parse(series.start);
  const samples = Math.max(series.phases.length, series.heart_rate.length, series.hrv.length, 1);
  const step = series.interval * 1000;
  const end = start + samples * step;
  const total = frame(width, HYPNOGRAM_HEIGHT + 2 * (PANEL_HEIGHT + GAP) + 28, {
    left: 48,
    right: 12,
    top: 8,
    bottom: 28,
  });
  const x = linear([start, end], [total.left, total.right]);
  const hypnogram = { ...total, bottom: total.top + HYPNOGRAM_HEIGHT };
  const heartArea = { ...total, top: hypnogram.bottom + GAP, bottom: hypnogram.bottom + GAP + PANEL_HEIGHT };
  const hrvArea = { ...total, top: heartArea.bottom + GAP, bottom: heartArea.bottom + GAP + PANEL_HEIGHT };
  const lane = HYPNOGRAM_HEIGHT / PHASES.length;
  const laneOf = (char: string) => PHASES.findIndex((phase) => phase.char === char);
  const clockAt = (index: number) => clock.time(start + index * step);

  const segments = phaseRuns(series.phases).flatMap((run) => {
    const phase = PHASES[laneOf(run.char)];
    if (!phase) return [];
    const from = x(start + run.from * step);
    const to = x(start + (run.from + run.count) * step);
    return [
      svg(
        'rect',
        {
          class: `mark segment ${phase.name}`,
          x: from,
          width: Math.max(0.5, to - from),
          y: hypnogram.top + laneOf(run.char) * lane + 2,
          height: lane - 4,
          'data-phase': phase.name,
          'data-from': run.from,
          'data-count': run.count,
        },
        [title(`${phase.label} ${clockAt(run.from)}–${clockAt(run.from + run.count)}`)],
      ),
    ];
  });
  const centre = (index: number) => x(start + (index + 0.5) * step);
  const ticks = hourTicks(start, end, clock);

  return chartRoot(
    total,
    `Sleep stages, heart rate and HRV, ${periodLabel(row)}, ${clock.time(start)} to ${clock.time(end)} (owner's time)`,
    [
      svg('g', { class: 'axis', 'aria-hidden': 'true' }, [
        ...PHASES.map((phase, index) =>
          text(phase.label, {
            x: total.left - 6,
            y: hypnogram.top + index * lane + lane / 2 + 4,
            'text-anchor': 'end',
            class: 'tick',
          }),
        ),
        ...ticks.map((tick) =>
          svg('line', { class: 'grid', x1: x(tick.at), x2: x(tick.at), y1: total.top, y2: hrvArea.bottom }),
        ),
      ]),
      svg('g', { class: 'hypnogram', 'data-interval': series.interval }, segments),
      seriesPanel(heartArea, series.heart_rate, centre, {
        name: 'hr',
        unit: 'bpm',
        heading: 'Heart rate',
        clock: clockAt,
      }),
      seriesPanel(hrvArea, series.hrv, centre, { name: 'hrv', unit: 'ms', heading: 'HRV', clock: clockAt }),
      xLabels(
        hrvArea,
        ticks.map((tick) => ({ x: x(tick.at), label: tick.label })),
        40,
      ),
    ],
  );
}

/** Without series: Oura's stage durations as one bar, so the view still shows the night. */
function drawStages(row: SleepPeriodRow, width: number): SVGSVGElement {
  const area = frame(width, 64, { left: 12, right: 12, top: 8, bottom: 8 });
  const stages = [...PHASES].reverse();
  const total = stages.reduce((sum, phase) => sum + (row[phase.key] ?? 0), 0) || 1;
  const x = linear([0, total], [area.left, area.right]);
  let done = 0;
  const bars = stages.flatMap((phase) => {
    const seconds = row[phase.key];
    if (seconds === null || seconds <= 0) return [];
    const bar = svg(
      'rect',
      {
        class: `mark ${phase.name}`,
        x: x(done),
        width: x(done + seconds) - x(done),
        y: area.top,
        height: area.bottom - area.top,
        'data-phase': phase.name,
        'data-seconds': seconds,
      },
      [title(`${phase.label}: ${formatDuration(seconds)}`)],
    );
    done += seconds;
    return [bar];
  });
  return chartRoot(area, `Sleep stages, ${periodLabel(row)} (no series in this result)`, [
    svg('g', { class: 'stages' }, bars),
  ]);
}

function nightSummary(row: SleepPeriodRow, clock: OwnerClock, hasSeries: boolean): string {
  const bed = clock.time(Date.parse(row.bedtime_start));
  const up = row.bedtime_end === null ? 'still in bed' : clock.time(Date.parse(row.bedtime_end));
  const sentences = [`${periodLabel(row)}: in bed ${bed}–${up} (owner's time, ${clock.zone}).`];
  const stages = [...PHASES]
    .reverse()
    .flatMap((phase) => (row[phase.key] === null ? [] : [`${phase.words} ${formatDuration(row[phase.key]!)}`]));
  const asleep = row.total_sleep_duration === null ? 'Stages' : `Asleep ${formatDuration(row.total_sleep_duration)}`;
  if (stages.length > 0) sentences.push(`${asleep}: ${stages.join(', ')}.`);
  const measures = [
    row.lowest_heart_rate !== null ? `lowest heart rate ${row.lowest_heart_rate} bpm` : null,
    row.average_hrv !== null ? `average HRV ${row.average_hrv} ms` : null,
  ].filter((part) => part !== null);
  if (measures.length > 0) sentences.push(`${capitalise(measures.join(', '))}.`);
  if (!hasSeries) sentences.push('This result has no series through the night; 5-minute detail asks for them.');
  return sentences.join(' ');
}

const capitalise = (words: string) => `${words[0]!.toUpperCase()}${words.slice(1)}`;

startView<SleepDetailedOutput>({
  name: 'oura-night',
  tool: 'get_sleep_detailed',
  heading: 'One night',
  isEmpty: (out) => out.data.length === 0,
  lastDay: (out) => out.data[out.data.length - 1]?.date,
  choices: (out): Choice[] => {
    const lastNight = out.data.filter((row) => row.type === 'long_sleep').at(-1);
    return out.data.map((row) => ({ key: choiceKey(row), label: periodLabel(row), preferred: row === lastNight }));
  },
  actions(out, choice, today): ToolAction[] {
    const row = out.data.find((period) => choiceKey(period) === choice) ?? out.data[0]!;
    const night = (day: string) => ({ start_date: day, end_date: day, series: 'full' });
    return [
      { label: 'Previous night', args: night(addDays(row.date, -1)) },
      ...(row.date < today ? [{ label: 'Next night', args: night(addDays(row.date, 1)) }] : []),
      ...(row.series?.interval === OURA_SECONDS ? [] : [{ label: '5-minute detail', args: night(row.date) }]),
    ];
  },
  render(out, width, context) {
    const row = out.data.find((period) => choiceKey(period) === context.choice) ?? out.data[0]!;
    const clock = ownerClock(row.bedtime_start, row.bedtime_end, context.timeZone);
    const series = row.series;
    const chart = series && series.phases.length > 0 ? drawNight(row, series, width, clock) : drawStages(row, width);
    const stage = (phase: (typeof PHASES)[number]) => [phase.label, formatHoursMinutes(row[phase.key])];
    return {
      chart,
      summary: nightSummary(row, clock, series !== undefined),
      legend: [
        ...[...PHASES].reverse().map((phase) => ({ swatch: phase.name, label: phase.label })),
        ...(series
          ? [
              { swatch: 'hr', label: 'Heart rate' },
              { swatch: 'hrv', label: 'HRV' },
            ]
          : []),
      ],
      table: {
        caption: `${periodLabel(row)}, ${formatDay(row.date)}: Oura's figures`,
        head: ['Measure', 'Value'],
        rows: [
          ['In bed', formatHoursMinutes(row.time_in_bed)],
          ['Asleep', formatHoursMinutes(row.total_sleep_duration)],
          ...[...PHASES].reverse().map(stage),
          ['Lowest heart rate (bpm)', row.lowest_heart_rate === null ? '–' : String(row.lowest_heart_rate)],
          ['Average HRV (ms)', row.average_hrv === null ? '–' : String(row.average_hrv)],
        ],
      },
    };
  },
});
