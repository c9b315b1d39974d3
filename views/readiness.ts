/**
 * The readiness view of `get_readiness_score`: the daily score against the period's usual range
 * (mean ± one standard deviation of the scores shown: Oura reports no readiness baseline), and under
 * it the body-temperature deviation from the owner's baseline as Oura reports it, in °C.
 */
import type { ReadinessOutput, ReadinessRow } from '../src/mcp/tools/mappers/readiness.js';
import { formatDay, formatDayRange, formatSigned } from '../src/lib/format.js';
import { countedRange, dailyRanges, twoPanels } from './lib/days.js';
import { startView } from './lib/page.js';
import { ceilTo, chartRoot, linear, svg, title, xLabels, yAxis } from './lib/svg.js';

const TEMPERATURE_HEIGHT = 90;

/** Mean and population standard deviation of the unrounded scores, or null with fewer than two. */
function usualRange(scores: readonly number[]): { low: number; high: number } | null {
  if (scores.length < 2) return null;
  const mean = scores.reduce((sum, value) => sum + value, 0) / scores.length;
  const sd = Math.sqrt(scores.reduce((sum, value) => sum + (value - mean) ** 2, 0) / scores.length);
  return { low: Math.max(0, mean - sd), high: Math.min(100, mean + sd) };
}

function dayTitle(row: ReadinessRow): string {
  const parts = [
    row.score !== null ? `score ${row.score}` : 'no score',
    row.temperature_deviation !== null ? `temperature ${formatSigned(row.temperature_deviation, '°C', 2)}` : null,
  ].filter((part) => part !== null);
  return `${formatDay(row.date)}: ${parts.join(', ')}`;
}

const TRENDS: Record<ReadinessOutput['summary']['trend'], string> = {
  improving: 'improving',
  declining: 'declining',
  stable: 'stable',
  not_enough_data: 'too few days for a trend',
};

startView<ReadinessOutput>({
  name: 'oura-readiness',
  tool: 'get_readiness_score',
  heading: 'Readiness',
  ...dailyRanges<ReadinessOutput>('days'),
  render(out, width) {
    const rows = out.data;
    const {
      area,
      days,
      upper: scoreArea,
      lower: tempArea,
    } = twoPanels(
      width,
      { narrow: 200, wide: 240 },
      TEMPERATURE_HEIGHT,
      rows.map((row) => row.date),
    );
    const y = linear([0, 100], [scoreArea.bottom, scoreArea.top]);
    const deviations = rows.flatMap((row) =>
      row.temperature_deviation === null ? [] : [Math.abs(row.temperature_deviation)],
    );
    const tempMax = ceilTo(Math.max(0, ...deviations), 0.5);
    const yTemp = linear([-tempMax, tempMax], [tempArea.bottom, tempArea.top]);
    const barWidth = Math.max(2, days.band * 0.6);

    const scores = rows.flatMap((row) => (row.score === null ? [] : [row.score]));
    const range = usualRange(scores);
    const band = range
      ? svg('rect', {
          class: 'baseline-band',
          x: area.left,
          width: area.right - area.left,
          y: y(range.high),
          height: y(range.low) - y(range.high),
          'data-low': range.low,
          'data-high': range.high,
        })
      : null;

    const marks = rows.map((row) => {
      const children: SVGElement[] = [title(dayTitle(row))];
      if (row.score !== null)
        children.push(
          svg('circle', {
            class: 'mark readiness-dot',
            cx: days.centre(row.date),
            cy: y(row.score),
            r: 4,
            'data-score': row.score,
          }),
        );
      if (row.temperature_deviation !== null) {
        const top = yTemp(Math.max(0, row.temperature_deviation));
        children.push(
          svg('rect', {
            class: `mark ${row.temperature_deviation >= 0 ? 'temp-warm' : 'temp-cool'}`,
            x: days.centre(row.date) - barWidth / 2,
            width: barWidth,
            y: top,
            height: Math.abs(yTemp(row.temperature_deviation) - yTemp(0)),
            'data-celsius': row.temperature_deviation,
          }),
        );
      }
      return svg('g', { class: 'day', 'data-date': row.date }, children);
    });
    const scored = rows.filter((row) => row.score !== null);
    const line = svg('polyline', {
      class: 'score-line',
      points: scored.map((row) => `${days.centre(row.date)},${y(row.score!)}`).join(' '),
    });

    const chart = chartRoot(
      area,
      `Readiness score and temperature deviation per day, ${formatDayRange(rows[0]!.date, rows[rows.length - 1]!.date)}`,
      [
        yAxis(scoreArea, y, [0, 50, 100], { side: 'left', unit: 'score', format: String, grid: true }),
        svg('g', { class: 'axis', 'aria-hidden': 'true' }, [
          svg('line', { x1: area.left, x2: area.right, y1: yTemp(0), y2: yTemp(0), class: 'grid' }),
        ]),
        yAxis(tempArea, yTemp, [-tempMax, tempMax], {
          side: 'right',
          unit: '',
          format: (value) => formatSigned(value, '°C'),
          grid: false,
        }),
        xLabels(area, days.labels),
        band,
        line,
        svg('g', { class: 'days' }, marks),
      ],
    );

    const s = out.summary;
    const summary = `${countedRange(s.total_days, 'day', [rows[0]!.date, rows[rows.length - 1]!.date])}${s.average_score !== null ? `: average readiness ${s.average_score}` : ''}, ${TRENDS[s.trend]}${s.trend === 'improving' || s.trend === 'declining' ? ` (${formatSigned(s.score_change, 'points')})` : ''}.${range ? ` Usual range this period: ${Math.round(range.low)}–${Math.round(range.high)}.` : ''} Bars below: body temperature against your baseline.`;

    return {
      chart,
      summary,
      legend: [
        { swatch: 'score', label: 'Score' },
        { swatch: 'baseline-band', label: 'Usual range (mean ± 1 SD)' },
        { swatch: 'temp-warm', label: 'Warmer' },
        { swatch: 'temp-cool', label: 'Cooler' },
      ],
      table: {
        caption: 'Readiness per day',
        head: ['Day', 'Score', 'Temperature (°C)', 'HRV balance', 'Resting HR score'],
        rows: rows.map((row) => [
          formatDay(row.date),
          row.score === null ? '–' : String(row.score),
          row.temperature_deviation === null ? '–' : formatSigned(row.temperature_deviation, '', 2),
          row.hrv_balance === null ? '–' : String(row.hrv_balance),
          row.resting_heart_rate === null ? '–' : String(row.resting_heart_rate),
        ]),
      },
    };
  },
});
