/**
 * `get_sleep_detailed`: every sleep period of a few nights (nights and naps) with the heart-rate and
 * HRV series, sleep phases and movement. Capped at 7 days so the answer stays small (~5 KB a night).
 */
import { z } from 'zod';
import { defineDateRange } from './dateRange.js';
import { defineTool, readOnlyAnnotations } from '../tool.js';
import { sleepDetailedOutputSchema, stillShare, toSleepPeriodRows, type SleepDetailedOutput, type SleepPeriodRow } from './mappers/sleepDetailed.js';
import { explainEmpty } from './emptyAnswer.js';
import { SLEEP_DETAILED_FIELDS } from './ouraFields.js';
import { formatDay, formatDayRange, formatDuration } from '../../lib/format.js';

export const SLEEP_DETAILED_MAX_DAYS = 7;

const dates = defineDateRange({
  maxDays: SLEEP_DETAILED_MAX_DAYS,
  startHelp: "First day, YYYY-MM-DD, the owner's local day. Periods are filed under the day the owner woke up: for last night use today.",
});

const inputSchema = z.object({
  ...dates.fields,
});

const TYPE_NAMES: Record<SleepPeriodRow['type'], string> = { long_sleep: 'night', short_sleep: 'short sleep', nap: 'evening nap' };

function line(row: SleepPeriodRow): string {
  const end = row.bedtime_end === null ? 'still in bed' : row.bedtime_end.slice(11, 16);
  const parts = [`${formatDay(row.date)} ${TYPE_NAMES[row.type]} ${row.bedtime_start.slice(11, 16)}–${end}`];
  if (row.total_sleep_duration !== null) {
    parts.push(`${formatDuration(row.total_sleep_duration)} asleep${row.time_in_bed !== null ? ` of ${formatDuration(row.time_in_bed)} in bed` : ''}`);
  }
  // Oura's own stage durations: counting the 5-minute phases is off by minutes on real nights.
  const stages: Array<[string, number | null]> = [
    ['deep', row.deep_sleep_duration],
    ['light', row.light_sleep_duration],
    ['REM', row.rem_sleep_duration],
    ['awake', row.awake_time],
  ];
  const known = stages.flatMap(([name, seconds]) => (seconds === null ? [] : [`${name} ${formatDuration(seconds)}`]));
  if (known.length > 0) parts.push(known.join(', '));
  if (row.heart_rate.average !== null) parts.push(`heart rate avg ${row.heart_rate.average}${row.lowest_heart_rate !== null ? `, lowest ${row.lowest_heart_rate}` : ''} bpm`);
  if (row.hrv.average !== null) parts.push(`HRV ${row.hrv.average} ms`);
  if (row.breath_average !== null) parts.push(`${row.breath_average} breaths/min`);
  const still = stillShare(row.movement_30_sec);
  if (still !== null) parts.push(`no motion ${Math.round(still * 100)}% of the time`);
  return `- ${parts.join('; ')}`;
}

function describe(out: SleepDetailedOutput, range: string): string {
  const nights = out.data.filter((row) => row.type === 'long_sleep').length;
  const other = out.data.length - nights;
  const head = `Sleep periods ${range}: ${nights} night${nights === 1 ? '' : 's'}${other > 0 ? ` and ${other} nap${other === 1 ? '' : 's'}/short sleep${other === 1 ? '' : 's'}` : ''}. Series (5-min heart rate and HRV, 30-s movement, 5-min phases) are in the structured data.`;
  return [head, ...out.data.map(line)].join('\n');
}

export const getSleepDetailed = defineTool({
  name: 'get_sleep_detailed',
  title: 'Sleep periods in detail',
  description:
    'Every sleep period Oura recorded (nights, short sleeps and evening naps; rejected rest periods excluded) filed under the day the owner woke up: bedtime start and end (local time), time asleep and in bed (s), efficiency (%), breathing rate (breaths/min), heart rate (bpm) and HRV (ms) as 5-minute series with averages, lowest heart rate, ' +
    "movement per 30 s ('1' no motion, '2' restless, '3' tossing and turning, '4' active) and sleep phases per 5 min ('1' deep, '2' light, '3' REM, '4' awake). " +
    `At most ${SLEEP_DETAILED_MAX_DAYS} days per call (the series are long). For scores and nightly averages over longer ranges use get_sleep_summary.`,
  inputSchema,
  outputSchema: sleepDetailedOutputSchema,
  annotations: readOnlyAnnotations('Sleep periods in detail'),
  async handler(args, context) {
    const range = dates.resolve(args, context);
    const periods = await context.source.listByDate('sleep', { start_date: range.start_date, end_date: range.end_date }, { fields: SLEEP_DETAILED_FIELDS });
    const structured: SleepDetailedOutput = { data: toSleepPeriodRows(periods) };
    if (structured.data.length === 0) {
      return { structured, text: explainEmpty({ what: 'sleep periods', start: range.start_date, end: range.end_date, today: range.today, scope: 'daily' }) };
    }
    return { structured, text: describe(structured, formatDayRange(range.start_date, range.end_date)) };
  },
});
