/**
 * `get_spo2`: nightly blood-oxygen saturation and the breathing disturbance index from Oura's daily_spo2.
 */
import { z } from 'zod';
import type { DailySpo2 } from '../../oura/types.js';
import { defineDateRange } from './dateRange.js';
import { defineTool, readOnlyAnnotations } from '../tool.js';
import { explainEmpty } from './emptyAnswer.js';
import { formatDay, formatDayRange } from '../../lib/format.js';
import { spo2OutputSchema, summariseSpo2, toSpo2Rows, type Spo2Output } from './mappers/spo2.js';

export const SPO2_MAX_DAYS = 90;
const SPO2_FIELDS: ReadonlyArray<keyof DailySpo2> = ['id', 'day', 'spo2_percentage', 'breathing_disturbance_index'];

const dates = defineDateRange({
  maxDays: SPO2_MAX_DAYS,
  defaultDays: 7,
  startHelp: 'First wake-up day',
});

const inputSchema = z.object({
  ...dates.fields,
});

function describe(out: Spo2Output, range: string): string {
  const s = out.summary;
  const nights = `${s.total_days} night${s.total_days === 1 ? '' : 's'}`;
  // Answer rule (one day is one day): one night's own average, no "lowest night" of one.
  const head =
    s.average_spo2_percentage === null
      ? `SpO2 ${range}: ${nights}, but Oura could not measure the saturation.`
      : s.total_days === 1
        ? `SpO2 ${range}: ${s.average_spo2_percentage}% on average during the night.`
        : `SpO2 ${range}: average ${s.average_spo2_percentage}% over ${nights} (lowest night ${s.lowest_spo2_percentage}%).`;
  const bdi =
    s.average_breathing_disturbance_index === null
      ? 'No breathing disturbance index: only Gen 3 and newer rings measure it, and Oura may need a few nights first.'
      : `Breathing disturbance index averaged ${s.average_breathing_disturbance_index} per hour.`;
  const lines = out.data.slice(-31).map((row) => {
    const parts = [row.average_spo2_percentage === null ? 'SpO2 n/a' : `${row.average_spo2_percentage}%`];
    if (row.breathing_disturbance_index !== null) parts.push(`BDI ${row.breathing_disturbance_index}`);
    return `- ${formatDay(row.date)}: ${parts.join(', ')}`;
  });
  return [head, bdi, ...lines].join('\n');
}

export const getSpo2 = defineTool({
  name: 'get_spo2',
  title: 'Blood oxygen (SpO2)',
  description: `Nightly SpO2 % and breathing disturbance index (per hour; Gen 3+). Default 7 days, up to ${SPO2_MAX_DAYS}.`,
  inputSchema,
  outputSchema: spo2OutputSchema,
  annotations: readOnlyAnnotations('Blood oxygen (SpO2)'),
  async handler(args, context) {
    const range = dates.resolve(args, context);
    const rows = await context.source.listByDate(
      'daily_spo2',
      { start_date: range.start_date, end_date: range.end_date },
      { fields: SPO2_FIELDS },
    );
    const data = toSpo2Rows(rows);
    const structured: Spo2Output = { data, summary: summariseSpo2(rows) };
    if (data.length === 0) {
      return {
        structured,
        text: explainEmpty({
          what: 'SpO2 data',
          start: range.start_date,
          end: range.end_date,
          today: range.today,
          scope: 'spo2',
        }),
      };
    }
    return { structured, text: describe(structured, formatDayRange(range.start_date, range.end_date)) };
  },
});
