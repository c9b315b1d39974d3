/**
 * `get_sleep_detailed`: every sleep period of a few nights (nights and naps) with Oura's stage times,
 * heart rate, HRV and breathing, and on request the series through the night (heart rate, HRV, phases,
 * movement). Series cost ~2.2 KB a night at Oura's resolution: a single day gets them as 30-minute
 * summaries by default, longer ranges only when asked, so a week stays under 4 KB (issue #13).
 */
import { z } from 'zod';
import { defineDateRange } from './dateRange.js';
import { defineTool, readOnlyAnnotations } from '../tool.js';
import { appUi } from '../apps/views.js';
import {
  resampleSeries,
  sleepDetailedOutputSchema,
  stillShare,
  toSleepPeriodRows,
  type SleepDetailedOutput,
  type SleepPeriodRow,
  type SleepSeries,
} from './mappers/sleepDetailed.js';
import { explainEmpty } from './emptyAnswer.js';
import { SLEEP_DETAILED_FIELDS } from './ouraFields.js';
import { formatDayRange, formatHoursMinutes, formatShortDay } from '../../lib/format.js';
import { addDays } from '../../lib/time.js';

export const SLEEP_DETAILED_MAX_DAYS = 7;
const SUMMARY_SECONDS = 1800;

const dates = defineDateRange({
  maxDays: SLEEP_DETAILED_MAX_DAYS,
  startHelp: 'First wake-up day (last night = today)',
});

const inputSchema = z.object({
  ...dates.fields,
  series: z.enum(['auto', 'none', '30min', 'full']).optional().describe('Default: 30min for one day, else none'),
});

const TYPE_NAMES: Record<SleepPeriodRow['type'], string> = {
  long_sleep: 'night',
  short_sleep: 'short sleep',
  nap: 'evening nap',
};

const orDash = (value: number | null, unit = ''): string => (value === null ? '–' : `${value}${unit}`);

/** One period as a table row: the figures a follow-up question needs, in ~90 bytes. */
function line(row: SleepPeriodRow, movement: string | null): string {
  const end = row.bedtime_end === null ? 'still in bed' : row.bedtime_end.slice(11, 16);
  const still = stillShare(movement);
  return [
    `${formatShortDay(row.date)} ${TYPE_NAMES[row.type]} ${row.bedtime_start.slice(11, 16)}–${end}`,
    `${formatHoursMinutes(row.total_sleep_duration)}/${formatHoursMinutes(row.time_in_bed)}`,
    `${formatHoursMinutes(row.deep_sleep_duration)} ${formatHoursMinutes(row.light_sleep_duration)} ${formatHoursMinutes(row.rem_sleep_duration)} ${formatHoursMinutes(row.awake_time)}`,
    formatHoursMinutes(row.latency),
    `${orDash(row.average_heart_rate)}/${orDash(row.lowest_heart_rate)}`,
    orDash(row.average_hrv),
    orDash(row.breath_average),
    still === null ? '–' : `${Math.round(still * 100)}%`,
  ].join(' | ');
}

/** The series of one period in words, for clients that read only the text. */
function seriesText(series: SleepSeries): string {
  const values = (list: ReadonlyArray<number | null>) =>
    list.map((value) => (value === null ? '-' : String(value))).join(' ');
  const minutes = series.interval / 60;
  return `  per ${minutes} min from ${series.start.slice(11, 16)}: heart rate ${values(series.heart_rate)}; HRV ${values(series.hrv)}; phases ${series.phases}; movement (per ${series.movement_interval < 60 ? `${series.movement_interval} s` : `${series.movement_interval / 60} min`}) ${series.movement}`;
}

function describe(
  out: SleepDetailedOutput,
  range: string,
  movements: ReadonlyArray<string | null>,
  seriesNote: string,
): string {
  const nights = out.data.filter((row) => row.type === 'long_sleep').length;
  const other = out.data.length - nights;
  const lines = [
    `Sleep periods ${range}: ${nights} night${nights === 1 ? '' : 's'}${other > 0 ? ` and ${other} nap${other === 1 ? '' : 's'}/short sleep${other === 1 ? '' : 's'}` : ''}; a night is dated the day the owner woke up, an evening nap the day it was taken. ${seriesNote}`,
    'period local bed–up | asleep/in bed h:mm | deep light REM awake h:mm | fell asleep in | heart rate avg/lowest bpm | HRV ms | breaths/min | no motion',
  ];
  if (out.data.some((row) => row.series))
    lines.push(
      'Series legend: phases 1 deep, 2 light, 3 REM, 4 awake; movement 1 still, 2 restless, 3 tossing, 4 active.',
    );
  out.data.forEach((row, i) => {
    lines.push(`- ${line(row, movements[i] ?? null)}`);
    if (row.series) lines.push(seriesText(row.series));
  });
  return lines.join('\n');
}

export const getSleepDetailed = defineTool({
  name: 'get_sleep_detailed',
  title: 'Sleep periods in detail',
  description: `Each sleep period (night, short sleep, evening nap dated the day taken): times, stages, latency, efficiency, heart rate, HRV, breathing; series on request. Up to ${SLEEP_DETAILED_MAX_DAYS} days.`,
  inputSchema,
  outputSchema: sleepDetailedOutputSchema,
  annotations: readOnlyAnnotations('Sleep periods in detail'),
  ui: appUi('night'),
  async handler(args, context) {
    const range = dates.resolve(args, context);
    // Oura files an evening nap of the range's last day under the day after it, so that day is read too.
    const lastOuraDay = range.end_date < range.today ? addDays(range.end_date, 1) : range.end_date;
    const periods = await context.source.listByDate(
      'sleep',
      { start_date: range.start_date, end_date: lastOuraDay },
      { fields: SLEEP_DETAILED_FIELDS },
    );
    const mapped = toSleepPeriodRows(periods).filter(
      ({ row }) => row.date >= range.start_date && row.date <= range.end_date,
    );
    const mode =
      args.series === undefined || args.series === 'auto' ? (range.days === 1 ? '30min' : 'none') : args.series;
    const withSeries = (series: SleepSeries | undefined): SleepSeries | undefined =>
      series === undefined || mode === 'none'
        ? undefined
        : mode === 'full'
          ? series
          : resampleSeries(series, SUMMARY_SECONDS);
    const structured: SleepDetailedOutput = {
      data: mapped.map(({ row, series }) => {
        const chosen = withSeries(series);
        return chosen === undefined ? row : { ...row, series: chosen };
      }),
    };
    if (structured.data.length === 0) {
      return {
        structured,
        text: explainEmpty({
          what: 'sleep periods',
          start: range.start_date,
          end: range.end_date,
          today: range.today,
          scope: 'daily',
        }),
      };
    }
    const seriesNote =
      mode === 'none'
        ? "Series (heart rate, HRV, phases, movement through the night) left out: ask for one day, or series '30min' or 'full'."
        : mode === '30min'
          ? "Series as 30-minute summaries; series 'full' gives Oura's 5-minute (movement 30-second) resolution."
          : "Series at Oura's resolution.";
    return {
      structured,
      text: describe(
        structured,
        formatDayRange(range.start_date, range.end_date),
        mapped.map(({ series }) => series?.movement ?? null),
        seriesNote,
      ),
    };
  },
});
