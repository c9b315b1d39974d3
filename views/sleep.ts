/**
 * The sleep view of `get_sleep_summary`: per night a stacked bar of deep, light, REM and awake time
 * (Oura's own durations of the main sleep period), the sleep score as a line on its own axis. Naps
 * are not in this tool's answer (it counts the main sleep only), and the view says so.
 */
import type { SleepSummaryOutput, SleepSummaryRow } from '../src/mcp/tools/mappers/sleepSummary.js';
import { formatDay, formatDayRange, formatDuration, formatHoursMinutes } from '../src/lib/format.js';
import { countedRange, dailyRanges, dayAxis } from './lib/days.js';
import { startView } from './lib/page.js';
import { ceilTo, chartRoot, frame, linear, svg, title, xLabels, yAxis } from './lib/svg.js';

const STAGES = [
  { key: 'deep_sleep_duration', name: 'deep', label: 'Deep' },
  { key: 'light_sleep_duration', name: 'light', label: 'Light' },
  { key: 'rem_sleep_duration', name: 'rem', label: 'REM' },
  { key: 'awake_time', name: 'awake', label: 'Awake' },
] as const;

const HOUR = 3600;

function nightTitle(row: SleepSummaryRow): string {
  const parts = STAGES.flatMap((stage) =>
    row[stage.key] === null ? [] : [`${stage.label.toLowerCase()} ${formatDuration(row[stage.key]!)}`],
  );
  const stages = parts.length > 0 ? parts.join(', ') : 'no sleep period details';
  return `${formatDay(row.date)}: ${stages}${row.score !== null ? `; score ${row.score}` : ''}`;
}

startView<SleepSummaryOutput>({
  name: 'oura-sleep',
  tool: 'get_sleep_summary',
  heading: 'Sleep stages',
  ...dailyRanges<SleepSummaryOutput>('nights'),
  render(out, width) {
    const rows = out.data;
    const area = frame(width, width < 500 ? 220 : 260);
    const days = dayAxis(
      area,
      rows.map((row) => row.date),
    );
    const inBed = (row: SleepSummaryRow) => STAGES.reduce((sum, stage) => sum + (row[stage.key] ?? 0), 0);
    const maxHours = ceilTo(Math.max(...rows.map(inBed)) / HOUR, 2);
    const y = linear([0, maxHours * HOUR], [area.bottom, area.top]);
    const yScore = linear([0, 100], [area.bottom, area.top]);
    const barWidth = Math.max(2, days.band * 0.7);

    const nights = rows.map((row) => {
      let base = 0;
      const bars = STAGES.flatMap((stage) => {
        const value = row[stage.key];
        if (value === null || value <= 0) return [];
        const top = y(base + value);
        const rect = svg('rect', {
          class: `mark ${stage.name}`,
          x: days.centre(row.date) - barWidth / 2,
          width: barWidth,
          y: top,
          height: y(base) - top,
          'data-stage': stage.name,
          'data-seconds': value,
        });
        base += value;
        return [rect];
      });
      return svg('g', { class: 'night', 'data-date': row.date, 'data-score': row.score ?? '' }, [
        title(nightTitle(row)),
        ...bars,
      ]);
    });

    const scored = rows.filter((row) => row.score !== null);
    const scoreLine = svg('polyline', {
      class: 'score-line',
      points: scored.map((row) => `${days.centre(row.date)},${yScore(row.score!)}`).join(' '),
    });
    const scoreDots = scored.map((row) =>
      svg('circle', { class: 'score-dot', cx: days.centre(row.date), cy: yScore(row.score!), r: 3 }),
    );

    const hourTicks = Array.from({ length: maxHours / 2 + 1 }, (_, index) => index * 2 * HOUR);
    const chart = chartRoot(
      area,
      `Sleep stages and score per night, ${formatDayRange(rows[0]!.date, rows[rows.length - 1]!.date)}`,
      [
        yAxis(area, y, hourTicks, { side: 'left', unit: 'hours', format: (value) => String(value / HOUR), grid: true }),
        yAxis(area, yScore, [0, 50, 100], { side: 'right', unit: 'score', format: String, grid: false }),
        xLabels(area, days.labels),
        svg('g', { class: 'nights' }, nights),
        scoreLine,
        svg('g', { 'aria-hidden': 'true' }, scoreDots),
      ],
    );

    const s = out.summary;
    const averages = [
      s.average_duration !== null ? `${formatDuration(s.average_duration)} asleep` : null,
      s.average_score !== null ? `a sleep score of ${s.average_score}` : null,
    ].filter((part) => part !== null);
    const summary = `${countedRange(s.total_days, 'night', [rows[0]!.date, rows[rows.length - 1]!.date])}${averages.length > 0 ? `: on average ${averages.join(' and ')}` : ''}. Main sleep only; naps are not counted.`;

    return {
      chart,
      summary,
      legend: [
        ...STAGES.map((stage) => ({ swatch: stage.name, label: stage.label })),
        { swatch: 'score', label: 'Score' },
      ],
      table: {
        caption: 'Sleep per night (hours:minutes)',
        head: ['Night', 'Score', 'Asleep', 'Deep', 'Light', 'REM', 'Awake'],
        rows: rows.map((row) => [
          formatDay(row.date),
          row.score === null ? '–' : String(row.score),
          formatHoursMinutes(row.total_sleep_duration),
          ...STAGES.map((stage) => formatHoursMinutes(row[stage.key])),
        ]),
      },
    };
  },
});
