/**
 * The activity view of `get_activity_summary`: steps per day, green on days that met Oura's daily
 * target (Oura's target is in active calories: `active_calories` ≥ `target_calories`), and under it
 * the day's time in high, medium and low activity, in hours.
 */
import type { ActivityOutput, ActivityRow } from '../src/mcp/tools/mappers/activity.js';
import { formatCount, formatDay, formatDayRange, formatDuration, formatHoursMinutes } from '../src/lib/format.js';
import { countedRange, dailyRanges, twoPanels } from './lib/days.js';
import { startView } from './lib/page.js';
import { ceilTo, chartRoot, linear, svg, title, xLabels, yAxis } from './lib/svg.js';

const SPLIT = [
  { key: 'high_activity_time', name: 'high', label: 'High' },
  { key: 'medium_activity_time', name: 'medium', label: 'Medium' },
  { key: 'low_activity_time', name: 'low', label: 'Low' },
] as const;
const HOUR = 3600;
const SPLIT_HEIGHT = 90;

/** True or false when Oura sent both the active calories and the target, else null. */
function metTarget(row: ActivityRow): boolean | null {
  return row.active_calories === null || row.target_calories === null
    ? null
    : row.active_calories >= row.target_calories;
}

function dayTitle(row: ActivityRow): string {
  const parts = [
    row.steps !== null ? `${formatCount(row.steps)} steps` : 'no step count',
    row.active_calories !== null
      ? `${formatCount(row.active_calories)} active kcal${row.target_calories !== null ? ` of ${formatCount(row.target_calories)} target` : ''}`
      : null,
    ...SPLIT.map((part) =>
      row[part.key] !== null ? `${part.label.toLowerCase()} ${formatDuration(row[part.key]!)}` : null,
    ),
  ].filter((part) => part !== null);
  return `${formatDay(row.date)}: ${parts.join(', ')}`;
}

startView<ActivityOutput>({
  name: 'oura-activity',
  tool: 'get_activity_summary',
  heading: 'Activity',
  ...dailyRanges<ActivityOutput>('days'),
  render(out, width) {
    const rows = out.data;
    const {
      area,
      days,
      upper: stepsArea,
      lower: splitArea,
    } = twoPanels(
      width,
      { narrow: 190, wide: 230 },
      SPLIT_HEIGHT,
      rows.map((row) => row.date),
    );
    const maxSteps = ceilTo(Math.max(0, ...rows.map((row) => row.steps ?? 0)), 5000);
    const y = linear([0, maxSteps], [stepsArea.bottom, stepsArea.top]);
    const maxHours = ceilTo(
      Math.max(0, ...rows.map((row) => SPLIT.reduce((sum, part) => sum + (row[part.key] ?? 0), 0))) / HOUR,
      2,
    );
    const ySplit = linear([0, maxHours * HOUR], [splitArea.bottom, splitArea.top]);
    const barWidth = Math.max(2, days.band * 0.7);
    const x = (row: ActivityRow) => days.centre(row.date) - barWidth / 2;

    const marks = rows.map((row) => {
      const children: SVGElement[] = [title(dayTitle(row))];
      const met = metTarget(row);
      if (row.steps !== null)
        children.push(
          svg('rect', {
            class: `mark steps${met ? ' met' : ''}`,
            x: x(row),
            width: barWidth,
            y: y(row.steps),
            height: y(0) - y(row.steps),
            'data-steps': row.steps,
          }),
        );
      let base = 0;
      for (const part of SPLIT) {
        const seconds = row[part.key];
        if (seconds === null || seconds <= 0) continue;
        children.push(
          svg('rect', {
            class: `split ${part.name}`,
            x: x(row),
            width: barWidth,
            y: ySplit(base + seconds),
            height: ySplit(base) - ySplit(base + seconds),
            'data-part': part.name,
            'data-seconds': seconds,
          }),
        );
        base += seconds;
      }
      return svg('g', { class: 'day', 'data-date': row.date, 'data-met': met === null ? '' : String(met) }, children);
    });

    const stepTicks = Array.from({ length: maxSteps / 5000 + 1 }, (_, index) => index * 5000);
    const chart = chartRoot(
      area,
      `Steps and activity time per day, ${formatDayRange(rows[0]!.date, rows[rows.length - 1]!.date)}`,
      [
        yAxis(stepsArea, y, stepTicks, {
          side: 'left',
          unit: 'steps',
          format: (value) => (value === 0 ? '0' : `${value / 1000}k`),
          grid: true,
        }),
        yAxis(splitArea, ySplit, [0, maxHours * HOUR], {
          side: 'right',
          unit: '',
          format: (value) => `${value / HOUR} h`,
          grid: true,
        }),
        xLabels(area, days.labels),
        svg('g', { class: 'days' }, marks),
      ],
    );

    const s = out.summary;
    const judged = rows.map(metTarget).filter((met) => met !== null);
    const summary = `${countedRange(s.total_days, 'day', [rows[0]!.date, rows[rows.length - 1]!.date])}: ${formatCount(s.total_steps)} steps${s.average_steps_per_day !== null ? `, ${formatCount(s.average_steps_per_day)} a day` : ''}${s.average_score !== null ? `, average activity score ${s.average_score}` : ''}.${judged.length > 0 ? ` Daily target met on ${judged.filter(Boolean).length} of ${judged.length} days.` : ''} Below: time in high, medium and low activity.`;

    return {
      chart,
      summary,
      legend: [
        { swatch: 'steps', label: 'Steps' },
        { swatch: 'met', label: 'Steps, target met' },
        ...SPLIT.map((part) => ({ swatch: part.name, label: `${part.label} activity` })),
      ],
      table: {
        caption: 'Activity per day (time in hours:minutes)',
        head: ['Day', 'Steps', 'Active kcal', 'Target kcal', 'High', 'Medium', 'Low'],
        rows: rows.map((row) => [
          formatDay(row.date),
          row.steps === null ? '–' : formatCount(row.steps),
          row.active_calories === null ? '–' : formatCount(row.active_calories),
          row.target_calories === null ? '–' : formatCount(row.target_calories),
          ...SPLIT.map((part) => formatHoursMinutes(row[part.key])),
        ]),
      },
    };
  },
});
