/**
 * `get_stress_and_resilience`: Oura's daily stress (time in high stress and high recovery, the day's
 * summary) joined per day with daily resilience (level and its contributors).
 */
import { z } from 'zod';
import type { DailyResilience, DailyStress } from '../../oura/types.js';
import { defineDateRange } from './dateRange.js';
import { defineTool, readOnlyAnnotations } from '../tool.js';
import { explainEmpty } from './emptyAnswer.js';
import { formatDay, formatDayRange, formatDuration } from '../../lib/format.js';
import { mean, numbers, round } from '../../analysis/stats.js';

export const STRESS_MAX_DAYS = 90;
const STRESS_FIELDS: ReadonlyArray<keyof DailyStress & string> = ['id', 'day', 'stress_high', 'recovery_high', 'day_summary'];
const LEVELS = ['limited', 'adequate', 'solid', 'strong', 'exceptional'] as const;

const dates = defineDateRange({
  maxDays: STRESS_MAX_DAYS,
  defaultDays: 7,
  startHelp: "First day, YYYY-MM-DD (owner's local day); defaults to 7 days ending at end_date.",
});

const inputSchema = z.object({
  ...dates.fields,
});

const dayRowSchema = z.object({
  date: z.string().describe("The owner's local day, YYYY-MM-DD."),
  stress_high: z.number().nullable().describe('Time in high stress during the day, seconds; null without stress data for the day.'),
  recovery_high: z.number().nullable().describe('Time in high recovery (restorative) during the day, seconds; null without stress data.'),
  day_summary: z.enum(['restored', 'normal', 'stressful']).nullable().describe("Oura's verdict on the day; null when Oura gave none."),
  resilience_level: z.enum(LEVELS).nullable().describe("Oura's resilience level (limited < adequate < solid < strong < exceptional); null without resilience data for the day."),
  resilience_contributors: z
    .object({
      sleep_recovery: z.number().nullable().describe('How well sleep restored the owner, 0–100.'),
      daytime_recovery: z.number().nullable().describe('Recovery during the day, 0–100.'),
      stress: z.number().nullable().describe('Stress load contributor, 0–100 (higher = less stress strain).'),
    })
    .nullable()
    .describe("Contributors to resilience, 0–100 scores; null without resilience data."),
});

const outputSchema = z.object({
  data: z.array(dayRowSchema).describe('One row per day with stress or resilience data, sorted by date.'),
  summary: z
    .object({
      total_days: z.number().int().describe('Days with any data.'),
      stressful_days: z.number().int().describe("Days Oura summarised as 'stressful'."),
      normal_days: z.number().int().describe("Days summarised as 'normal'."),
      restored_days: z.number().int().describe("Days summarised as 'restored'."),
      average_stress_high: z.number().nullable().describe('Mean daily high-stress time, seconds; null without stress data.'),
      average_recovery_high: z.number().nullable().describe('Mean daily high-recovery time, seconds; null without stress data.'),
      latest_resilience_level: z.enum(LEVELS).nullable().describe('Resilience level of the newest day that has one.'),
    })
    .describe('Counts and averages over the range.'),
});

type Output = z.infer<typeof outputSchema>;
type DayRow = Output['data'][number];

/** Oura parses leniently: a contributor may be missing even though the schema calls it required. */
function finiteOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Joins the two collections by day; a day present in only one keeps nulls for the other. */
export function joinStressAndResilience(stress: readonly DailyStress[], resilience: readonly DailyResilience[]): DayRow[] {
  const rows = new Map<string, DayRow>();
  const rowFor = (day: string): DayRow => {
    let row = rows.get(day);
    if (!row) {
      row = { date: day, stress_high: null, recovery_high: null, day_summary: null, resilience_level: null, resilience_contributors: null };
      rows.set(day, row);
    }
    return row;
  };
  for (const s of stress) {
    const row = rowFor(s.day);
    row.stress_high = s.stress_high ?? null;
    row.recovery_high = s.recovery_high ?? null;
    row.day_summary = s.day_summary ?? null;
  }
  for (const r of resilience) {
    const row = rowFor(r.day);
    row.resilience_level = (LEVELS as readonly string[]).includes(r.level) ? r.level : null;
    const c = r.contributors;
    row.resilience_contributors = c
      ? { sleep_recovery: finiteOrNull(c.sleep_recovery), daytime_recovery: finiteOrNull(c.daytime_recovery), stress: finiteOrNull(c.stress) }
      : null;
  }
  return [...rows.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

function summarise(data: readonly DayRow[]): Output['summary'] {
  const count = (summary: DayRow['day_summary']) => data.filter((row) => row.day_summary === summary).length;
  const averageOf = (values: Array<number | null>) => {
    const m = mean(numbers(values));
    return m === null ? null : round(m);
  };
  const withLevel = data.filter((row) => row.resilience_level !== null);
  return {
    total_days: data.length,
    stressful_days: count('stressful'),
    normal_days: count('normal'),
    restored_days: count('restored'),
    average_stress_high: averageOf(data.map((row) => row.stress_high)),
    average_recovery_high: averageOf(data.map((row) => row.recovery_high)),
    latest_resilience_level: withLevel[withLevel.length - 1]?.resilience_level ?? null,
  };
}

function line(row: DayRow): string {
  const parts: string[] = [];
  if (row.stress_high !== null) parts.push(`stressed ${formatDuration(row.stress_high)}`);
  if (row.recovery_high !== null) parts.push(`recovering ${formatDuration(row.recovery_high)}`);
  if (row.day_summary !== null) parts.push(row.day_summary);
  if (row.resilience_level !== null) parts.push(`resilience ${row.resilience_level}`);
  return `- ${formatDay(row.date)}: ${parts.join(', ')}`;
}

function describe(out: Output, range: string): string {
  const s = out.summary;
  const head = [`Stress and resilience ${range}: ${s.total_days} days (${s.stressful_days} stressful, ${s.normal_days} normal, ${s.restored_days} restored)`];
  if (s.average_stress_high !== null && s.average_recovery_high !== null) {
    head.push(`on average ${formatDuration(s.average_stress_high)} of high stress and ${formatDuration(s.average_recovery_high)} of high recovery a day`);
  }
  if (s.latest_resilience_level !== null) head.push(`latest resilience ${s.latest_resilience_level}`);
  return [`${head.join('; ')}.`, ...out.data.slice(-31).map(line)].join('\n');
}

export const getStressAndResilience = defineTool({
  name: 'get_stress_and_resilience',
  title: 'Stress and resilience',
  description:
    "Oura's daytime stress and resilience per local day: time in high stress and in high recovery (seconds), the day's summary (restored/normal/stressful), and the resilience level (limited → exceptional) with its contributors (sleep recovery, daytime recovery, stress; 0–100). " +
    `Summary: days per summary, average stress/recovery time, latest resilience level. At most ${STRESS_MAX_DAYS} days; defaults to the last 7. ` +
    'For readiness and HRV use get_readiness_score; for an overall read of recent health use get_health_insights.',
  inputSchema,
  outputSchema,
  annotations: readOnlyAnnotations('Stress and resilience'),
  async handler(args, context) {
    const range = dates.resolve(args, context);
    const query = { start_date: range.start_date, end_date: range.end_date };
    const [stress, resilience] = await Promise.all([
      context.source.listByDate('daily_stress', query, { fields: STRESS_FIELDS }),
      // Oura ignores `fields=` on daily_resilience, so none is sent.
      context.source.listByDate('daily_resilience', query),
    ]);
    const data = joinStressAndResilience(stress, resilience);
    const structured: Output = { data, summary: summarise(data) };
    const span = formatDayRange(range.start_date, range.end_date);
    if (data.length === 0) {
      return { structured, text: explainEmpty({ what: 'stress or resilience data', start: range.start_date, end: range.end_date, today: range.today, scope: 'daily' }) };
    }
    return { structured, text: describe(structured, span) };
  },
});
