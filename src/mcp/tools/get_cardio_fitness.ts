/**
 * `get_cardio_fitness`: Oura's cardiovascular age (vascular age, pulse wave velocity) and VO2 max
 * estimates over a date range, with the latest values and the change across the range.
 */
import { z } from 'zod';
import type { DailyCardiovascularAge, Vo2Max } from '../../oura/types.js';
import { defineDateRange } from './dateRange.js';
import { defineTool, readOnlyAnnotations } from '../tool.js';
import { explainEmpty } from './emptyAnswer.js';
import { formatDay, formatDayRange, formatShortDay, formatSigned } from '../../lib/format.js';
import { cardioFitnessOutputSchema, toCardioFitness, type CardioFitnessOutput } from './mappers/cardioFitness.js';
import { changeWindow } from '../../analysis/change.js';

/** Half a year: VO2 max moves slowly and is estimated every few days, so longer ranges are useful; rows stay small. */
export const CARDIO_MAX_DAYS = 180;
/** No `id`: Oura documents one for cardiovascular age but was seen omitting it live. */
const CV_AGE_FIELDS: ReadonlyArray<keyof DailyCardiovascularAge> = ['day', 'vascular_age', 'pulse_wave_velocity'];
const VO2_FIELDS: ReadonlyArray<keyof Vo2Max> = ['id', 'day', 'timestamp', 'vo2_max'];

const dates = defineDateRange({
  maxDays: CARDIO_MAX_DAYS,
  defaultDays: 30,
  startHelp: 'First day',
});

const inputSchema = z.object({
  ...dates.fields,
});

/**
 * "(+1.2 years across the range: mean of the last 7 values vs the first 7)" or "(steady: daily values
 * 40–42 years)": a change only beyond the day-to-day swings (the mapper's rule); nothing with fewer
 * than 4 values. The windows are named by their count: 7 VO2 max estimates span weeks, not a week.
 */
function changeText(change: number | null, values: readonly number[], unit: string, digits: number): string {
  const window = changeWindow(values.length);
  if (change !== null)
    return ` (${formatSigned(change, unit, digits)} across the range: mean of the last ${window} values vs the first ${window})`;
  if (values.length < 4) return '';
  return ` (steady: daily values ${Math.min(...values)}–${Math.max(...values)} ${unit}, no change beyond the day-to-day swings)`;
}

/** `20 Nov 41/6.85` per day, so a text-only client can answer "and on the 3rd?". */
function dailyRows(out: CardioFitnessOutput): string[] {
  const ages = out.cardiovascular_age.filter((row) => row.vascular_age !== null || row.pulse_wave_velocity !== null);
  const lines: string[] = [];
  if (ages.length > 0)
    lines.push(
      `Daily vascular age years/pulse wave velocity m/s: ${ages.map((row) => `${formatShortDay(row.date)} ${row.vascular_age ?? '–'}/${row.pulse_wave_velocity ?? '–'}`).join('; ')}.`,
    );
  if (out.vo2_max.length > 0)
    lines.push(
      `VO2 max estimates: ${out.vo2_max.map((row) => `${formatShortDay(row.date)} ${row.vo2_max}`).join('; ')}.`,
    );
  return lines;
}

function describe(out: CardioFitnessOutput, range: string): string {
  const s = out.summary;
  const lines = [`Cardio fitness ${range}:`];
  const present = (values: ReadonlyArray<number | null>) => values.filter((value) => value !== null);
  if (s.latest_vascular_age) {
    const ages = present(out.cardiovascular_age.map((row) => row.vascular_age));
    lines.push(
      `- Vascular age ${s.latest_vascular_age.value} years on ${formatDay(s.latest_vascular_age.date)}${changeText(s.vascular_age_change, ages, 'years', 1)}.`,
    );
  }
  if (s.latest_pulse_wave_velocity) {
    const velocities = present(out.cardiovascular_age.map((row) => row.pulse_wave_velocity));
    lines.push(
      `- Pulse wave velocity ${s.latest_pulse_wave_velocity.value} m/s${changeText(s.pulse_wave_velocity_change, velocities, 'm/s', 2)}.`,
    );
  }
  if (s.latest_vo2_max) {
    const estimates = out.vo2_max.map((row) => row.vo2_max);
    lines.push(
      `- VO2 max ${s.latest_vo2_max.value} ml/kg/min on ${formatDay(s.latest_vo2_max.date)}${changeText(s.vo2_max_change, estimates, 'ml/kg/min', 1)}; ${out.vo2_max.length} estimates in the range.`,
    );
  } else {
    lines.push('- No VO2 max estimate in the range (Oura estimates it from walks, every few days).');
  }
  return [...lines, ...dailyRows(out)].join('\n');
}

export const getCardioFitness = defineTool({
  name: 'get_cardio_fitness',
  title: 'Cardio fitness',
  description: `Vascular age, pulse wave velocity (m/s), VO2 max (ml/kg/min): daily, latest, change beyond noise. Default 30 days, up to ${CARDIO_MAX_DAYS}. Resting HR: get_sleep_summary.`,
  inputSchema,
  outputSchema: cardioFitnessOutputSchema,
  annotations: readOnlyAnnotations('Cardio fitness'),
  async handler(args, context) {
    const range = dates.resolve(args, context);
    const query = { start_date: range.start_date, end_date: range.end_date };
    const [ages, vo2] = await Promise.all([
      context.source.listByDate('daily_cardiovascular_age', query, { fields: CV_AGE_FIELDS }),
      context.source.listByDate('vO2_max', query, { fields: VO2_FIELDS }),
    ]);
    const structured = toCardioFitness(ages, vo2);
    if (structured.cardiovascular_age.length === 0 && structured.vo2_max.length === 0) {
      return {
        structured,
        text: explainEmpty({
          what: 'cardiovascular age or VO2 max data',
          start: range.start_date,
          end: range.end_date,
          today: range.today,
          scope: 'daily',
        }),
      };
    }
    return { structured, text: describe(structured, formatDayRange(range.start_date, range.end_date)) };
  },
});
