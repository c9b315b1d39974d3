import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysBetween,
  eachDay,
  formatWithOffset,
  isValidDate,
  localDate,
  offsetOf,
  parseDateTimeInZone,
  startOfLocalDay,
  todayIn,
  toZonedIso,
  zonedTimeToInstant,
} from '../../src/lib/time.js';

describe('calendar dates', () => {
  it.each([
    ['2025-10-26', true],
    ['2024-02-29', true],
    ['2025-02-29', false],
    ['2025-02-30', false],
    ['2025-13-01', false],
    ['2025-1-01', false],
    ['0024-11-11', true],
    ['26.10.2025', false],
  ])('isValidDate(%s) = %s', (value, expected) => {
    expect(isValidDate(value)).toBe(expected);
  });

  it('adds days across months, years and DST changes', () => {
    expect(addDays('2025-10-26', 1)).toBe('2025-10-27');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(daysBetween('2025-10-20', '2025-10-26')).toBe(6);
    expect(eachDay('2025-10-30', '2025-11-02')).toEqual(['2025-10-30', '2025-10-31', '2025-11-01', '2025-11-02']);
  });
});

describe('time zones', () => {
  it('decides today in the owner zone, not UTC', () => {
    const instant = new Date('2025-10-26T10:30:00Z'); // 23:30 in Auckland (+13)
    expect(todayIn('Pacific/Auckland', instant)).toBe('2025-10-26');
    expect(todayIn('Pacific/Auckland', new Date('2025-10-26T11:30:00Z'))).toBe('2025-10-27');
    expect(todayIn('America/Los_Angeles', new Date('2025-10-27T06:30:00Z'))).toBe('2025-10-26');
    expect(localDate(new Date('2025-10-26T22:59:59Z'), 'Europe/Berlin')).toBe('2025-10-26');
    expect(localDate(new Date('2025-10-26T23:00:00Z'), 'Europe/Berlin')).toBe('2025-10-27');
  });

  it('keeps today right when the clock crosses local midnight, jumps back, or crosses a DST day', () => {
    const zone = 'Europe/Berlin';
    expect(todayIn(zone, new Date('2025-10-25T21:59:59Z'))).toBe('2025-10-25');
    expect(todayIn(zone, new Date('2025-10-25T22:00:00Z'))).toBe('2025-10-26'); // local midnight
    expect(todayIn(zone, new Date('2025-10-26T22:59:59Z'))).toBe('2025-10-26'); // a 25-hour day
    expect(todayIn(zone, new Date('2025-10-26T23:00:00Z'))).toBe('2025-10-27');
    expect(todayIn(zone, new Date('2025-10-25T12:00:00Z'))).toBe('2025-10-25'); // a pinned clock going back
    expect(todayIn('Pacific/Auckland', new Date('2025-10-25T12:00:00Z'))).toBe('2025-10-26'); // zones cached apart
  });

  it('converts local wall-clock time to instants across DST', () => {
    // Berlin leaves summer time on 2025-10-26 at 03:00 local.
    expect(startOfLocalDay('2025-10-26', 'Europe/Berlin').toISOString()).toBe('2025-10-25T22:00:00.000Z');
    expect(startOfLocalDay('2025-10-27', 'Europe/Berlin').toISOString()).toBe('2025-10-26T23:00:00.000Z');
    expect(zonedTimeToInstant('2025-03-30', '12:00:00', 'Europe/Berlin').toISOString()).toBe(
      '2025-03-30T10:00:00.000Z',
    );
    expect(toZonedIso(new Date('2025-10-26T06:12:00Z'), 'Europe/Berlin')).toBe('2025-10-26T07:12:00+01:00');
    expect(toZonedIso(new Date('2025-07-01T06:12:00Z'), 'America/New_York')).toBe('2025-07-01T02:12:00-04:00');
  });

  it('reads datetimes without an offset in the owner zone', () => {
    expect(parseDateTimeInZone('2025-10-26T08:00', 'Europe/Berlin')?.toISOString()).toBe('2025-10-26T07:00:00.000Z');
    expect(parseDateTimeInZone('2025-10-26', 'Europe/Berlin')?.toISOString()).toBe('2025-10-25T22:00:00.000Z');
    expect(parseDateTimeInZone('2025-10-26T08:00:00+05:30', 'Europe/Berlin')?.toISOString()).toBe(
      '2025-10-26T02:30:00.000Z',
    );
    expect(parseDateTimeInZone('2025-10-26T08:00:00Z', 'Europe/Berlin')?.toISOString()).toBe(
      '2025-10-26T08:00:00.000Z',
    );
    expect(parseDateTimeInZone('2025-10-26T08:00:00.250+0100', 'UTC')?.toISOString()).toBe('2025-10-26T07:00:00.250Z');
  });

  it.each(['yesterday', '2025-02-30T08:00', '2025-10-26T25:00', '2025-10-26T08:61', '2025-10-26T08:00+99:00x'])(
    'rejects %s',
    (value) => {
      expect(parseDateTimeInZone(value, 'UTC')).toBeNull();
    },
  );
});

describe('offsets', () => {
  it.each([
    ['2025-10-26T07:00:00+02:00', 120],
    ['2025-10-26T07:00:00-05:30', -330],
    ['2025-10-26T07:00:00+0100', 60],
    ['2025-10-26T07:00:00Z', 0],
    ['2025-10-26T07:00:00', null],
  ])('offsetOf(%s) = %s', (value, expected) => {
    expect(offsetOf(value)).toBe(expected);
  });

  it('formats an instant in an offset', () => {
    const ms = Date.parse('2025-10-26T05:00:00Z');
    expect(formatWithOffset(ms, 120)).toBe('2025-10-26T07:00:00+02:00');
    expect(formatWithOffset(ms, -330)).toBe('2025-10-25T23:30:00-05:30');
    expect(formatWithOffset(ms, 0)).toBe('2025-10-26T05:00:00+00:00');
    expect(formatWithOffset(ms + 250, 0)).toBe('2025-10-26T05:00:00.250+00:00');
  });
});
