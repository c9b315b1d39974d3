import { describe, expect, it } from 'vitest';
import { InvalidParamsError } from '../../../src/errors.js';
import { resolveDateRange, resolveDatetimeWindow } from '../../../src/mcp/tools/dateRange.js';

// 23:30 on 26 Oct in Los Angeles is already 27 Oct in UTC.
const now = new Date('2025-10-27T06:30:00Z');
const rules = { timezone: 'America/Los_Angeles', now, maxDays: 31 };

function errorOf(fn: () => unknown): InvalidParamsError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InvalidParamsError) return error;
    throw error;
  }
  throw new Error('expected InvalidParamsError');
}

describe('resolveDateRange', () => {
  it('defaults end_date to today in the owner zone', () => {
    expect(resolveDateRange({ start_date: '2025-10-20' }, rules)).toEqual({
      start_date: '2025-10-20',
      end_date: '2025-10-26',
      today: '2025-10-26',
      days: 7,
      clampedEnd: false,
    });
  });

  it("pulls tomorrow's end_date back to today; later ones are refused (issue 16)", () => {
    const range = resolveDateRange({ start_date: '2025-10-25', end_date: '2025-10-27' }, rules);
    expect(range.end_date).toBe('2025-10-26');
    expect(range.clampedEnd).toBe(true);
    expect(
      errorOf(() => resolveDateRange({ start_date: '2025-10-25', end_date: '2025-10-30' }, rules)).message,
    ).toMatch(/end_date 2025-10-30 is in the future/);
  });

  it('defaults start_date only when the tool allows it', () => {
    expect(resolveDateRange({}, { ...rules, defaultDays: 7 }).start_date).toBe('2025-10-20');
    expect(errorOf(() => resolveDateRange({}, rules)).message).toMatch(/start_date is required/);
  });

  it.each([
    ['malformed', { start_date: '10/20/2025' }, /start_date "10\/20\/2025" is not a real calendar date/],
    ['impossible', { start_date: '2025-02-30' }, /not a real calendar date: use YYYY-MM-DD/],
    ['impossible end', { start_date: '2025-02-01', end_date: '2025-02-30' }, /end_date "2025-02-30"/],
    [
      'start after end',
      { start_date: '2025-10-25', end_date: '2025-10-20' },
      /start_date 2025-10-25 is after end_date 2025-10-20/,
    ],
    [
      'future start',
      { start_date: '2025-10-27' },
      /start_date 2025-10-27 is in the future \(today is 2025-10-26 in America\/Los_Angeles\)/,
    ],
    [
      'too long',
      { start_date: '2025-01-01', end_date: '2025-10-26' },
      /is 299 days; this tool accepts at most 31 days/,
    ],
  ])('refuses a %s range with a message that says how to fix it', (_name, input, message) => {
    const error = errorOf(() => resolveDateRange(input, rules));
    expect(error.code).toBe(-32602);
    expect(error.message).toMatch(message);
  });
});

describe('resolveDatetimeWindow', () => {
  const windowRules = { timezone: 'Europe/Berlin', now: new Date('2025-10-26T12:00:00Z'), maxHours: 24 * 31 };

  it('reads offset-less datetimes in the owner zone and defaults the end to now', () => {
    const window = resolveDatetimeWindow({ start_datetime: '2025-10-26T08:00' }, windowRules);
    expect(window.start.toISOString()).toBe('2025-10-26T07:00:00.000Z');
    expect(window.end.toISOString()).toBe('2025-10-26T12:00:00.000Z');
  });

  it.each([
    ['malformed', { start_datetime: 'last night' }, /is not a valid ISO 8601 date-time/],
    [
      'reversed',
      { start_datetime: '2025-10-26T10:00Z', end_datetime: '2025-10-26T09:00Z' },
      /must be before end_datetime/,
    ],
    ['future', { start_datetime: '2025-10-27T10:00Z' }, /is in the future/],
    [
      'too long',
      { start_datetime: '2025-01-01T00:00Z', end_datetime: '2025-10-26T00:00Z' },
      /at most 744 hours \(31 days\)/,
    ],
  ])('refuses a %s window', (_name, input, message) => {
    expect(errorOf(() => resolveDatetimeWindow(input, windowRules)).message).toMatch(message);
  });
});
