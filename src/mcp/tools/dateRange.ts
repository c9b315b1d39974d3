/**
 * Date input of the tools: the `start_date`/`end_date` fields every range tool publishes and the
 * resolver that turns them into a checked range of the owner's local days, from one
 * {@link defineDateRange} call; also the datetime window of `get_heart_rate`. The rules that need a
 * clock and a zone throw {@link InvalidParamsError} with a message that says how to fix the call; the
 * calendar arithmetic itself is in `src/lib/time.ts`.
 */
import { z } from 'zod';
import { InvalidParamsError } from '../../errors.js';
import type { DateRange, IsoDate } from '../../oura/types.js';
import { addDays, daysBetween, isValidDate, parseDateTimeInZone, todayIn } from '../../lib/time.js';
import type { ToolContext } from '../tool.js';

export interface RangeRules {
  timezone: string;
  now: Date;
  /** Longest range the tool accepts, in days (both ends counted). */
  maxDays: number;
  /** When `start_date` is omitted: this many days ending at `end_date` (1 = just that day). */
  defaultDays?: number;
}

export interface ResolvedRange extends DateRange {
  today: IsoDate;
  /** Days in the range, both ends counted. */
  days: number;
  /** True when `end_date` was after today and was pulled back to today. */
  clampedEnd: boolean;
}

/**
 * The first day any Oura data can exist: the ring's API has nothing earlier (the first Oura ring shipped
 * in 2015). Earlier dates would only cost an upstream request (Oura answers 422 for year 0000).
 */
export const OURA_DATA_FLOOR = '2015-01-01';

function checkDate(name: string, value: string, today?: string): void {
  if (!isValidDate(value)) {
    throw new InvalidParamsError(`${name} "${value}" is not a real calendar date: use YYYY-MM-DD, e.g. 2025-10-26.`, {
      details: { field: name },
    });
  }
  if (value < OURA_DATA_FLOOR) {
    throw new InvalidParamsError(
      `${name} ${value} is before ${OURA_DATA_FLOOR}: Oura has no data that old. Pick a later day.`,
      {
        details: { field: name, earliest: OURA_DATA_FLOOR },
      },
    );
  }
  // Tomorrow is tolerated (a caller a few hours ahead of the owner's zone); anything later is a mistake.
  if (today !== undefined && daysBetween(today, value) > 1) {
    throw new InvalidParamsError(
      `${name} ${value} is in the future (today is ${today} in the owner's zone): Oura only has data up to today.`,
      {
        details: { field: name, today },
      },
    );
  }
}

/**
 * Resolves a tool's `start_date`/`end_date` into a checked range of the owner's local days.
 * `end_date` defaults to today in `timezone`; an `end_date` of tomorrow is pulled back to today (Oura
 * has no future data); days before {@link OURA_DATA_FLOOR}, an end after tomorrow, a start after today,
 * a start after the end, or a range longer than `maxDays` are refused.
 */
export function resolveDateRange(input: { start_date?: string; end_date?: string }, rules: RangeRules): ResolvedRange {
  const today = todayIn(rules.timezone, rules.now);
  if (input.end_date !== undefined) checkDate('end_date', input.end_date, today);
  if (input.start_date !== undefined) checkDate('start_date', input.start_date);

  let end = input.end_date ?? today;
  let clampedEnd = false;
  if (daysBetween(today, end) > 0) {
    end = today;
    clampedEnd = true;
  }
  let start = input.start_date;
  if (start === undefined) {
    if (rules.defaultDays === undefined) {
      throw new InvalidParamsError('start_date is required: give the first day as YYYY-MM-DD.', {
        details: { field: 'start_date' },
      });
    }
    start = addDays(end, -(rules.defaultDays - 1));
  }
  if (daysBetween(today, start) > 0) {
    throw new InvalidParamsError(
      `start_date ${start} is in the future (today is ${today} in ${rules.timezone}): Oura only has data up to today.`,
      { details: { field: 'start_date', today } },
    );
  }
  if (daysBetween(start, end) < 0) {
    throw new InvalidParamsError(
      `start_date ${start} is after end_date ${end}: swap them or pick an earlier start_date.`,
      {
        details: { field: 'start_date' },
      },
    );
  }
  const days = daysBetween(start, end) + 1;
  if (days > rules.maxDays) {
    throw new InvalidParamsError(
      `The range ${start} to ${end} is ${days} days; this tool accepts at most ${rules.maxDays} days: split the question into shorter ranges.`,
      { details: { field: 'start_date', max_days: rules.maxDays } },
    );
  }
  return { start_date: start, end_date: end, today, days, clampedEnd };
}

/** Upper bound on any date string, so a hostile megabyte never reaches the date parser. */
const DATE_MAX_LENGTH = 32;

/** A `YYYY-MM-DD` day field (validated later by resolveDateRange), described per tool. */
function dayField(description: string): z.ZodString {
  return z.string().max(DATE_MAX_LENGTH).describe(description);
}

/**
 * The optional `end_date` every range tool takes; `note` adds a tool-specific remark. The date format,
 * the owner's zone, the default (today) and the tool's longest range are said once, in the instructions
 * and the description.
 */
function endDateField(note = ''): z.ZodOptional<z.ZodString> {
  return z.string().max(DATE_MAX_LENGTH).optional().describe(`Last day${note}`);
}

export interface DateRangeSpec {
  /** Longest range the tool accepts, in days (both ends counted). */
  maxDays: number;
  /** When set, `start_date` is optional and defaults to this many days ending at `end_date`. */
  defaultDays?: number;
  /** Description of `start_date`, in the tool's own words. */
  startHelp: string;
  /** Tool-specific remark added to `end_date`'s description. */
  endNote?: string;
}

/** A range tool's date input: its zod fields (spread into the input schema) and its resolver. */
export interface DateRangeInput<Start extends z.ZodString | z.ZodOptional<z.ZodString>> {
  fields: { start_date: Start; end_date: z.ZodOptional<z.ZodString> };
  /** The checked range for this call, in the owner's zone at the context's clock. */
  resolve(
    args: { start_date?: string; end_date?: string },
    context: Pick<ToolContext, 'timezone' | 'now'>,
  ): ResolvedRange;
}

/** One call per range tool gives both the published fields and the rules they are checked by. */
export function defineDateRange(
  spec: DateRangeSpec & { defaultDays: number },
): DateRangeInput<z.ZodOptional<z.ZodString>>;
export function defineDateRange(spec: DateRangeSpec & { defaultDays?: undefined }): DateRangeInput<z.ZodString>;
export function defineDateRange(spec: DateRangeSpec): DateRangeInput<z.ZodString | z.ZodOptional<z.ZodString>> {
  const start = dayField(spec.startHelp);
  return {
    fields: {
      start_date: spec.defaultDays === undefined ? start : start.optional(),
      end_date: endDateField(spec.endNote),
    },
    resolve: (args, context) =>
      resolveDateRange(args, {
        timezone: context.timezone,
        now: context.now(),
        maxDays: spec.maxDays,
        defaultDays: spec.defaultDays,
      }),
  };
}

export interface WindowRules {
  timezone: string;
  now: Date;
  /** Longest window accepted, in hours. */
  maxHours: number;
}

export interface ResolvedWindow {
  start: Date;
  end: Date;
  clampedEnd: boolean;
}

/**
 * Resolves `start_datetime`/`end_datetime` (ISO 8601; without an offset read in `timezone`).
 * `end_datetime` defaults to now; an end in the future is pulled back to now.
 */
export function resolveDatetimeWindow(
  input: { start_datetime: string; end_datetime?: string },
  rules: WindowRules,
): ResolvedWindow {
  const parse = (name: string, value: string): Date => {
    const parsed = parseDateTimeInZone(value, rules.timezone);
    if (!parsed) {
      throw new InvalidParamsError(
        `${name} "${value}" is not a valid ISO 8601 date-time: use e.g. 2025-10-26T08:00:00+01:00, or 2025-10-26T08:00 for ${rules.timezone} time.`,
        { details: { field: name } },
      );
    }
    return parsed;
  };
  const start = parse('start_datetime', input.start_datetime);
  let end = input.end_datetime === undefined ? rules.now : parse('end_datetime', input.end_datetime);
  const floor = parseDateTimeInZone(OURA_DATA_FLOOR, 'UTC')!;
  for (const [name, value] of [
    ['start_datetime', start],
    ['end_datetime', end],
  ] as const) {
    if (value.getTime() < floor.getTime()) {
      throw new InvalidParamsError(
        `${name} is before ${OURA_DATA_FLOOR}: Oura has no data that old. Pick a later time.`,
        { details: { field: name, earliest: OURA_DATA_FLOOR } },
      );
    }
  }
  if (end.getTime() > rules.now.getTime() + 86_400_000) {
    throw new InvalidParamsError(
      'end_datetime is more than a day in the future: Oura only has data up to now. Leave it out to mean now.',
      {
        details: { field: 'end_datetime' },
      },
    );
  }
  let clampedEnd = false;
  if (end.getTime() > rules.now.getTime()) {
    end = rules.now;
    clampedEnd = true;
  }
  if (start.getTime() > rules.now.getTime()) {
    throw new InvalidParamsError(
      `start_datetime ${input.start_datetime} is in the future: Oura only has data up to now.`,
      {
        details: { field: 'start_datetime' },
      },
    );
  }
  if (start.getTime() >= end.getTime()) {
    throw new InvalidParamsError('start_datetime must be before end_datetime: swap them or pick an earlier start.', {
      details: { field: 'start_datetime' },
    });
  }
  const hours = (end.getTime() - start.getTime()) / 3_600_000;
  if (hours > rules.maxHours) {
    throw new InvalidParamsError(
      `The window is ${Math.ceil(hours)} hours; this tool accepts at most ${rules.maxHours} hours (${Math.round(rules.maxHours / 24)} days): ask for a shorter window.`,
      { details: { field: 'start_datetime', max_hours: rules.maxHours } },
    );
  }
  return { start, end, clampedEnd };
}
