/**
 * Named periods ("last week", "this month") and explicit ranges (`2025-10-01..2025-10-14`) as ranges
 * of the owner's local days, for prompt arguments and their completions. Weeks start on Monday (ISO
 * 8601, as Oura's weekly views do); a period still running ends today.
 */
import { InvalidParamsError } from '../errors.js';
import { addDays, daysBetween, isValidDate, type IsoDate } from '../lib/time.js';

export interface DayRange {
  start_date: IsoDate;
  end_date: IsoDate;
}

/** Longest period a prompt may name: the daily tools' limit. */
export const MAX_PERIOD_DAYS = 90;

/** Monday of the ISO week `day` is in. */
function mondayOf(day: IsoDate): IsoDate {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(day, -((weekday + 6) % 7));
}

function firstOfMonth(day: IsoDate): IsoDate {
  return `${day.slice(0, 8)}01`;
}

/** Every named period, in the order completions offer them. */
export const NAMED_PERIODS: ReadonlyArray<readonly [name: string, range: (today: IsoDate) => DayRange]> = [
  ['last 7 days', (today) => ({ start_date: addDays(today, -6), end_date: today })],
  ['this week', (today) => ({ start_date: mondayOf(today), end_date: today })],
  [
    'last week',
    (today) => {
      const start = addDays(mondayOf(today), -7);
      return { start_date: start, end_date: addDays(start, 6) };
    },
  ],
  ['last 30 days', (today) => ({ start_date: addDays(today, -29), end_date: today })],
  ['this month', (today) => ({ start_date: firstOfMonth(today), end_date: today })],
  [
    'last month',
    (today) => {
      const end = addDays(firstOfMonth(today), -1);
      return { start_date: firstOfMonth(end), end_date: end };
    },
  ],
];

const RANGE = /^(\d{4}-\d{2}-\d{2})\s*\.\.\s*(\d{4}-\d{2}-\d{2})$/;

/**
 * The days `period` names, relative to `today`.
 * @throws InvalidParamsError naming the accepted forms, for anything else, a reversed or future range,
 *   or one longer than {@link MAX_PERIOD_DAYS}.
 */
export function resolvePeriod(argument: string, period: string, today: IsoDate): DayRange {
  const text = period.trim().toLowerCase();
  const named = NAMED_PERIODS.find(([name]) => name === text);
  if (named) return named[1](today);
  const match = RANGE.exec(text);
  const accepted = `one of ${NAMED_PERIODS.map(([name]) => `"${name}"`).join(', ')} or a range like "${addDays(today, -13)}..${addDays(today, -7)}"`;
  if (!match || !isValidDate(match[1]!) || !isValidDate(match[2]!)) {
    throw new InvalidParamsError(`${argument} "${period.slice(0, 40)}" is not a period: use ${accepted}.`, {
      details: { argument },
    });
  }
  const range = { start_date: match[1]!, end_date: match[2]! };
  if (range.start_date > range.end_date || range.end_date > today) {
    throw new InvalidParamsError(
      `${argument} ${range.start_date}..${range.end_date} must run forwards and end by today (${today}).`,
      { details: { argument, today } },
    );
  }
  if (daysBetween(range.start_date, range.end_date) + 1 > MAX_PERIOD_DAYS) {
    throw new InvalidParamsError(`${argument} is longer than ${MAX_PERIOD_DAYS} days: pick a shorter period.`, {
      details: { argument, max_days: MAX_PERIOD_DAYS },
    });
  }
  return range;
}

/**
 * A day argument (`YYYY-MM-DD`, not after today).
 * @throws InvalidParamsError saying what to send instead.
 */
export function parseDay(argument: string, value: string, today: IsoDate): IsoDate {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || !isValidDate(value)) {
    throw new InvalidParamsError(
      `${argument} must be a calendar date YYYY-MM-DD (got "${value.slice(0, 40)}"), e.g. ${today}.`,
      { details: { argument } },
    );
  }
  if (value > today) {
    throw new InvalidParamsError(`${argument} ${value} is in the future (today is ${today} in the owner's zone).`, {
      details: { argument, today },
    });
  }
  return value;
}
