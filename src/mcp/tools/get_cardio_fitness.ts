/**
 * `get_cardio_fitness`: Oura's cardiovascular age (vascular age, pulse wave velocity) and VO2 max
 * estimates over a date range, with the latest values and the change across the range.
 */
import { z } from 'zod';
import type { DailyCardiovascularAge, Vo2Max } from '../../oura/types.js';
import { defineDateRange } from './dateRange.js';
import { defineTool, readOnlyAnnotations } from '../tool.js';
import { explainEmpty } from './emptyAnswer.js';
import { formatDay, formatDayRange, formatSigned } from '../../lib/format.js';
import { round } from '../../analysis/stats.js';

/** Half a year: VO2 max moves slowly and is estimated every few days, so longer ranges are useful; rows stay small. */
export const CARDIO_MAX_DAYS = 180;
/** No `id`: Oura documents one for cardiovascular age but was seen omitting it live. */
const CV_AGE_FIELDS: ReadonlyArray<keyof DailyCardiovascularAge & string> = ['day', 'vascular_age', 'pulse_wave_velocity'];
const VO2_FIELDS: ReadonlyArray<keyof Vo2Max & string> = ['id', 'day', 'timestamp', 'vo2_max'];

const dates = defineDateRange({
  maxDays: CARDIO_MAX_DAYS,
  defaultDays: 30,
  startHelp: "First day, YYYY-MM-DD (owner's local day); defaults to 30 days ending at end_date.",
});

const inputSchema = z.object({
  ...dates.fields,
});

const latestSchema = (what: string, unit: string) =>
  z
    .object({
      date: z.string().describe('Day of the newest value, YYYY-MM-DD.'),
      value: z.number().describe(`${what}, ${unit}.`),
    })
    .nullable()
    .describe(`Newest ${what.toLowerCase()} in the range; null when none.`);

const outputSchema = z.object({
  cardiovascular_age: z
    .array(
      z.object({
        date: z.string().describe('YYYY-MM-DD.'),
        vascular_age: z.number().nullable().describe("Oura's estimate of the age of the arteries, years; null when none."),
        pulse_wave_velocity: z.number().nullable().describe('Pulse wave velocity, m/s (higher = stiffer arteries); null when none.'),
      }),
    )
    .describe('Daily cardiovascular age, sorted by date.'),
  vo2_max: z
    .array(
      z.object({
        date: z.string().describe('YYYY-MM-DD.'),
        timestamp: z.string().describe('When Oura made the estimate, ISO 8601.'),
        vo2_max: z.number().describe('Estimated VO2 max, ml/kg/min (higher = fitter).'),
      }),
    )
    .describe('VO2 max estimates (Oura makes one every few days, after walks), sorted by date.'),
  summary: z
    .object({
      latest_vascular_age: latestSchema('Vascular age', 'years'),
      vascular_age_change: z.number().nullable().describe('Last minus first vascular age in the range, years; null with fewer than 2 values.'),
      latest_pulse_wave_velocity: latestSchema('Pulse wave velocity', 'm/s'),
      pulse_wave_velocity_change: z.number().nullable().describe('Last minus first pulse wave velocity in the range, m/s (2 decimals); null with fewer than 2 values.'),
      latest_vo2_max: latestSchema('VO2 max', 'ml/kg/min'),
      vo2_max_change: z.number().nullable().describe('Last minus first VO2 max in the range, ml/kg/min; null with fewer than 2 estimates.'),
    })
    .describe('Latest values and change across the range (last value minus first value).'),
});

type Output = z.infer<typeof outputSchema>;

interface Dated {
  date: string;
  value: number;
}

/** The values of a series with their dates, in date order, nulls dropped. */
function present<T extends { date: string }>(rows: readonly T[], pick: (row: T) => number | null): Dated[] {
  return rows.flatMap((row) => {
    const value = pick(row);
    return typeof value === 'number' && Number.isFinite(value) ? [{ date: row.date, value }] : [];
  });
}

/** Newest value and last-minus-first change; the change is null with fewer than two values. */
export function latestAndChange(values: readonly Dated[], digits: number): { latest: Dated | null; change: number | null } {
  const first = values[0];
  const last = values[values.length - 1];
  if (!first || !last) return { latest: null, change: null };
  return { latest: last, change: values.length < 2 ? null : round(last.value - first.value, digits) };
}

function byDate<T extends { date: string }>(rows: T[]): T[] {
  return rows.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

function describe(out: Output, range: string): string {
  const s = out.summary;
  const lines = [`Cardio fitness ${range}:`];
  const change = (value: number | null, unit: string, digits: number) => (value === null ? '' : ` (${formatSigned(value, unit, digits)} over the range)`);
  if (s.latest_vascular_age) {
    lines.push(`- Vascular age ${s.latest_vascular_age.value} years on ${formatDay(s.latest_vascular_age.date)}${change(s.vascular_age_change, 'years', 0)}.`);
  }
  if (s.latest_pulse_wave_velocity) {
    lines.push(`- Pulse wave velocity ${s.latest_pulse_wave_velocity.value} m/s${change(s.pulse_wave_velocity_change, 'm/s', 2)}.`);
  }
  if (s.latest_vo2_max) {
    lines.push(`- VO2 max ${s.latest_vo2_max.value} ml/kg/min on ${formatDay(s.latest_vo2_max.date)}${change(s.vo2_max_change, 'ml/kg/min', 1)}; ${out.vo2_max.length} estimates in the range.`);
  } else {
    lines.push('- No VO2 max estimate in the range (Oura estimates it from walks, every few days).');
  }
  return lines.join('\n');
}

export const getCardioFitness = defineTool({
  name: 'get_cardio_fitness',
  title: 'Cardio fitness',
  description:
    "Oura's cardiovascular health estimates: daily vascular age (years) and pulse wave velocity (m/s), and VO2 max estimates (ml/kg/min), with the latest of each and the change across the range (last minus first). " +
    `At most ${CARDIO_MAX_DAYS} days; defaults to the last 30. For resting heart rate use get_heart_rate; for training and steps use get_activity_summary or get_workouts.`,
  inputSchema,
  outputSchema,
  annotations: readOnlyAnnotations('Cardio fitness'),
  async handler(args, context) {
    const range = dates.resolve(args, context);
    const query = { start_date: range.start_date, end_date: range.end_date };
    const [ages, vo2] = await Promise.all([
      context.source.listByDate('daily_cardiovascular_age', query, { fields: CV_AGE_FIELDS }),
      context.source.listByDate('vO2_max', query, { fields: VO2_FIELDS }),
    ]);
    const cardiovascular_age = byDate(
      ages.map((row) => ({
        date: row.day,
        vascular_age: typeof row.vascular_age === 'number' ? row.vascular_age : null,
        pulse_wave_velocity: typeof row.pulse_wave_velocity === 'number' ? round(row.pulse_wave_velocity, 2) : null,
      })),
    );
    const vo2Rows = byDate(
      vo2.filter((row) => typeof row.vo2_max === 'number').map((row) => ({ date: row.day, timestamp: row.timestamp, vo2_max: round(row.vo2_max, 1) })),
    );
    const age = latestAndChange(present(cardiovascular_age, (r) => r.vascular_age), 0);
    const pwv = latestAndChange(present(cardiovascular_age, (r) => r.pulse_wave_velocity), 2);
    const fitness = latestAndChange(present(vo2Rows, (r) => r.vo2_max), 1);
    const structured: Output = {
      cardiovascular_age,
      vo2_max: vo2Rows,
      summary: {
        latest_vascular_age: age.latest,
        vascular_age_change: age.change,
        latest_pulse_wave_velocity: pwv.latest,
        pulse_wave_velocity_change: pwv.change,
        latest_vo2_max: fitness.latest,
        vo2_max_change: fitness.change,
      },
    };
    if (cardiovascular_age.length === 0 && vo2Rows.length === 0) {
      return { structured, text: explainEmpty({ what: 'cardiovascular age or VO2 max data', start: range.start_date, end: range.end_date, today: range.today, scope: 'daily' }) };
    }
    return { structured, text: describe(structured, formatDayRange(range.start_date, range.end_date)) };
  },
});
