/**
 * The insights view of `get_health_insights`: each measure's period average against the baseline
 * days before it, as the change (percent; temperature in °C, its baseline being zero), and Oura-based
 * findings under the chart. A measure without data on both sides gets no bar (no comparison without
 * both sides).
 */
import { formatCount, formatDayRange, formatDuration, formatSigned } from '../src/lib/format.js';
import { startView } from './lib/page.js';
import { chartRoot, linear, svg, text, title } from './lib/svg.js';

type Averages = Record<
  | 'sleep_score'
  | 'sleep_duration'
  | 'readiness_score'
  | 'resting_heart_rate'
  | 'hrv'
  | 'temperature_deviation'
  | 'activity_score'
  | 'steps',
  number | null
>;

/** The tool's output (its schema lives in get_health_insights.ts, unexported). */
interface InsightsOutput {
  period: { start_date: string; end_date: string };
  insights: Array<{ category: string; finding: string; recommendation?: string; priority: string }>;
  baseline: { start_date: string; end_date: string };
  averages: { period: Averages; baseline: Averages };
}

const MEASURES: ReadonlyArray<{ key: keyof Averages; label: string; format: (value: number) => string }> = [
  { key: 'sleep_score', label: 'Sleep score', format: (value) => value.toFixed(1) },
  { key: 'sleep_duration', label: 'Time asleep', format: formatDuration },
  { key: 'readiness_score', label: 'Readiness', format: (value) => value.toFixed(1) },
  { key: 'resting_heart_rate', label: 'Resting HR', format: (value) => `${value.toFixed(1)} bpm` },
  { key: 'hrv', label: 'HRV', format: (value) => `${value.toFixed(1)} ms` },
  { key: 'temperature_deviation', label: 'Temperature', format: (value) => formatSigned(value, '°C', 2) },
  { key: 'activity_score', label: 'Activity', format: (value) => value.toFixed(1) },
  { key: 'steps', label: 'Steps', format: formatCount },
];

interface Change {
  key: keyof Averages;
  label: string;
  period: number;
  baseline: number;
  /** Percent change, or °C for the temperature. */
  change: number;
  unit: '%' | '°C';
}

function changes(out: InsightsOutput): Change[] {
  return MEASURES.flatMap((measure): Change[] => {
    const period = out.averages.period[measure.key];
    const baseline = out.averages.baseline[measure.key];
    if (period === null || baseline === null) return [];
    if (measure.key === 'temperature_deviation')
      return [
        { key: measure.key, label: measure.label, period, baseline, change: period - baseline, unit: '°C' as const },
      ];
    if (baseline === 0) return [];
    return [
      {
        key: measure.key,
        label: measure.label,
        period,
        baseline,
        change: ((period - baseline) / baseline) * 100,
        unit: '%' as const,
      },
    ];
  });
}

const ROW = 28;

startView<InsightsOutput>({
  name: 'oura-insights',
  tool: 'get_health_insights',
  heading: 'This period against your baseline',
  ranges: [7, 14, 30],
  rangeLabel: (days) => `${days} days`,
  isEmpty: (out) => changes(out).length === 0,
  lastDay: (out) => out.period.end_date,
  rangeArgs: (days, endDay) => ({ days, end_date: endDay }),
  render(out, width) {
    const rows = changes(out);
    const labelWidth = width < 500 ? 92 : 120;
    const area = {
      width,
      height: rows.length * ROW + 24,
      left: labelWidth,
      right: width - 70,
      top: 4,
      bottom: rows.length * ROW + 4,
    };
    const percentMax = Math.max(
      10,
      ...rows.filter((row) => row.unit === '%').map((row) => Math.ceil(Math.abs(row.change) / 10) * 10),
    );
    const celsiusMax = Math.max(
      0.5,
      ...rows.filter((row) => row.unit === '°C').map((row) => Math.ceil(Math.abs(row.change) * 2) / 2),
    );
    const xPercent = linear([-percentMax, percentMax], [area.left, area.right]);
    const xCelsius = linear([-celsiusMax, celsiusMax], [area.left, area.right]);
    const zero = xPercent(0);

    const marks = rows.map((row, index) => {
      const x = row.unit === '%' ? xPercent : xCelsius;
      const y = area.top + index * ROW;
      const end = x(row.change);
      const measure = MEASURES.find((candidate) => candidate.key === row.key)!;
      const changeText = row.unit === '%' ? formatSigned(row.change, '%') : formatSigned(row.change, '°C', 2);
      return svg(
        'g',
        {
          class: 'measure',
          'data-key': row.key,
          'data-period': row.period,
          'data-baseline': row.baseline,
          'data-change': row.change,
        },
        [
          title(`${row.label}: ${measure.format(row.baseline)} → ${measure.format(row.period)} (${changeText})`),
          text(row.label, { x: 4, y: y + ROW / 2 + 4, class: 'label' }),
          svg('rect', {
            class: `mark change ${row.change >= 0 ? 'up' : 'down'}`,
            x: Math.min(zero, end),
            width: Math.max(1, Math.abs(end - zero)),
            y: y + 6,
            height: ROW - 12,
          }),
          text(changeText, { x: area.right + 6, y: y + ROW / 2 + 4, class: 'tick' }),
        ],
      );
    });
    const chart = chartRoot(
      area,
      `Change of each measure, ${formatDayRange(out.period.start_date, out.period.end_date)} against ${formatDayRange(out.baseline.start_date, out.baseline.end_date)}`,
      [
        svg('line', { class: 'grid', x1: zero, x2: zero, y1: area.top, y2: area.bottom }),
        text(`±${percentMax}% (temperature ±${celsiusMax} °C)`, {
          x: area.right,
          y: area.bottom + 16,
          'text-anchor': 'end',
          class: 'unit',
        }),
        svg('g', { class: 'measures' }, marks),
      ],
    );

    const missing = MEASURES.filter((measure) => !rows.some((row) => row.key === measure.key)).map(
      (measure) => measure.label,
    );
    const findings = out.insights.map((insight) => insight.finding).slice(0, 3);
    const summary = `${formatDayRange(out.period.start_date, out.period.end_date)} against the baseline ${formatDayRange(out.baseline.start_date, out.baseline.end_date)}.${missing.length > 0 ? ` No comparison for ${missing.join(', ')} (data missing on one side).` : ''}${findings.length > 0 ? ` ${findings.join(' ')}` : ''}`;

    return {
      chart,
      summary,
      legend: [
        { swatch: 'up', label: 'Higher than baseline' },
        { swatch: 'down', label: 'Lower than baseline' },
      ],
      table: {
        caption: 'Period averages against the baseline',
        head: ['Measure', 'Baseline', 'Period', 'Change'],
        rows: MEASURES.map((measure) => {
          const baseline = out.averages.baseline[measure.key];
          const period = out.averages.period[measure.key];
          const row = rows.find((candidate) => candidate.key === measure.key);
          return [
            measure.label,
            baseline === null ? '–' : measure.format(baseline),
            period === null ? '–' : measure.format(period),
            row === undefined
              ? '–'
              : row.unit === '%'
                ? formatSigned(row.change, '%')
                : formatSigned(row.change, '°C', 2),
          ];
        }),
      },
    };
  },
});
