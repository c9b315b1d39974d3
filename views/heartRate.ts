/**
 * The heart-rate view of `get_heart_rate`: the curve of the points at the applied resolution (with
 * each bucket's lowest–highest reading), shaded where Oura says the ring measured sleep, a workout or
 * a session. Times are the owner's local clock as the timestamps carry it, whatever the viewer's zone.
 */
import { addDays } from '../src/lib/time.js';
import { formatDay, formatShortDay } from '../src/lib/format.js';
import { startView } from './lib/page.js';
import { ceilTo, chartRoot, frame, linear, svg, title, xLabels, yAxis } from './lib/svg.js';

interface HeartRatePoint {
  timestamp: string;
  bpm: number;
  source: 'awake' | 'rest' | 'sleep' | 'session' | 'live' | 'workout' | null;
  min_bpm?: number;
  max_bpm?: number;
  readings?: number;
}

/** The tool's output (its schema lives in get_heart_rate.ts, unexported). */
interface HeartRateOutput {
  data: HeartRatePoint[];
  summary: {
    average_bpm: number | null;
    min_bpm: number | null;
    max_bpm: number | null;
    resting_hr: number | null;
    total_readings: number;
  };
  resolution: 'raw' | '5min' | 'hourly' | 'daily';
}

const SHADED = ['sleep', 'workout', 'session'] as const;
type Shaded = (typeof SHADED)[number];
const isShaded = (source: HeartRatePoint['source']): source is Shaded => SHADED.includes(source as Shaded);

/** `26 Oct 14:05` or, for daily points, `26 Oct 2025`: the owner's clock, read from the string. */
function when(point: HeartRatePoint, resolution: HeartRateOutput['resolution']): string {
  const day = point.timestamp.slice(0, 10);
  return resolution === 'daily' ? formatDay(day) : `${formatShortDay(day)} ${point.timestamp.slice(11, 16)}`;
}

function pointTitle(point: HeartRatePoint, resolution: HeartRateOutput['resolution']): string {
  const range = point.min_bpm !== undefined ? ` (${point.min_bpm}–${point.max_bpm})` : '';
  return `${when(point, resolution)}: ${point.bpm} bpm${range}${point.source ? `, ${point.source}` : ''}`;
}

startView<HeartRateOutput>({
  name: 'oura-heart-rate',
  tool: 'get_heart_rate',
  heading: 'Heart rate',
  ranges: [1, 3, 7],
  rangeLabel: (days) => (days === 1 ? '1 day' : `${days} days`),
  isEmpty: (out) => out.data.length === 0,
  lastDay: (out) => out.data[out.data.length - 1]?.timestamp.slice(0, 10),
  rangeArgs: (days, endDay) => ({
    start_datetime: `${addDays(endDay, -(days - 1))}T00:00`,
    end_datetime: `${endDay}T23:59`,
  }),
  render(out, width) {
    const points = out.data;
    const times = points.map((point) => Date.parse(point.timestamp));
    const area = frame(width, width < 500 ? 220 : 260);
    const step = points.length > 1 ? (times[times.length - 1]! - times[0]!) / (points.length - 1) : 3_600_000;
    const x = linear([times[0]!, times[times.length - 1]! + step], [area.left, area.right]);
    const highest = Math.max(...points.map((point) => point.max_bpm ?? point.bpm));
    const lowest = Math.min(...points.map((point) => point.min_bpm ?? point.bpm));
    const top = ceilTo(highest, 20);
    const bottom = Math.max(0, Math.floor(lowest / 20) * 20 - 20);
    const y = linear([bottom, top], [area.bottom, area.top]);
    const centre = (index: number) => x(times[index]!) + (x(times[index]! + step) - x(times[index]!)) / 2;

    // Runs of consecutive points with the same shaded source become one band.
    const shades: SVGElement[] = [];
    for (let index = 0; index < points.length;) {
      const source = points[index]!.source;
      let end = index;
      while (end + 1 < points.length && points[end + 1]!.source === source) end++;
      if (isShaded(source)) {
        const from = x(times[index]!);
        const to = x(times[end + 1] ?? times[end]! + step);
        shades.push(
          svg(
            'rect',
            {
              class: `shade shade-${source}`,
              x: from,
              width: Math.max(1, to - from),
              y: area.top,
              height: area.bottom - area.top,
              'data-source': source,
            },
            [title(`${source}: ${when(points[index]!, out.resolution)} to ${when(points[end]!, out.resolution)}`)],
          ),
        );
      }
      index = end + 1;
    }

    const marks = points.map((point, index) =>
      svg(
        'g',
        { class: 'point', 'data-timestamp': point.timestamp, 'data-bpm': point.bpm, 'data-source': point.source ?? '' },
        [
          title(pointTitle(point, out.resolution)),
          point.min_bpm !== undefined && point.max_bpm !== undefined
            ? svg('line', {
                class: 'whisker',
                x1: centre(index),
                x2: centre(index),
                y1: y(point.min_bpm),
                y2: y(point.max_bpm),
              })
            : null,
          svg('circle', {
            class: 'mark hr-dot',
            cx: centre(index),
            cy: y(point.bpm),
            r: points.length > 150 ? 1.5 : 3,
          }),
        ],
      ),
    );
    const line = svg('polyline', {
      class: 'hr-line',
      points: points.map((point, index) => `${centre(index)},${y(point.bpm)}`).join(' '),
    });

    const labels = points.map((point, index) => ({
      x: centre(index),
      label: out.resolution === 'daily' ? formatShortDay(point.timestamp.slice(0, 10)) : point.timestamp.slice(11, 16),
    }));
    const ticks = Array.from({ length: (top - bottom) / 20 + 1 }, (_, index) => bottom + index * 20);
    const first = points[0]!;
    const last = points[points.length - 1]!;
    const chart = chartRoot(area, `Heart rate, ${when(first, out.resolution)} to ${when(last, out.resolution)}`, [
      svg('g', { class: 'shades' }, shades),
      yAxis(area, y, ticks, { side: 'left', unit: 'bpm', format: String, grid: true }),
      xLabels(area, labels, 48),
      line,
      svg('g', { class: 'points' }, marks),
    ]);

    const s = out.summary;
    const parts = [
      s.average_bpm !== null ? `average ${s.average_bpm} bpm` : null,
      s.min_bpm !== null && s.max_bpm !== null ? `range ${s.min_bpm}–${s.max_bpm} bpm` : null,
      s.resting_hr !== null ? `resting ${s.resting_hr} bpm` : null,
    ].filter((part) => part !== null);
    const shadedSources = SHADED.filter((source) => points.some((point) => point.source === source));
    const summary = `Heart rate from ${when(first, out.resolution)} to ${when(last, out.resolution)} (${points.length} points, ${s.total_readings} readings): ${parts.join(', ')}.${shadedSources.length > 0 ? ` Shaded: ${shadedSources.join(', ')}.` : ''}`;

    return {
      chart,
      summary,
      legend: [
        { swatch: 'hr', label: 'bpm (bar: lowest–highest)' },
        { swatch: 'shade-sleep', label: 'Sleep' },
        { swatch: 'shade-workout', label: 'Workout' },
        { swatch: 'shade-session', label: 'Session' },
      ],
      table: {
        caption: 'Heart rate (bpm, owner’s local time)',
        head: ['Time', 'bpm', 'Lowest', 'Highest', 'Source'],
        rows: points.map((point) => [
          when(point, out.resolution),
          String(point.bpm),
          point.min_bpm === undefined ? '–' : String(point.min_bpm),
          point.max_bpm === undefined ? '–' : String(point.max_bpm),
          point.source ?? '–',
        ]),
      },
    };
  },
});
