import { describe, expect, it } from 'vitest';
import { formatHoursMinutes, formatShortDay } from '../../src/lib/format.js';

describe('table cells', () => {
  it.each([
    [25_500, '7:05'],
    [600, '0:10'],
    [0, '0:00'],
    [3_629, '1:00'],
    [null, '–'],
  ] as const)('formatHoursMinutes(%s) = %s', (seconds, text) => {
    expect(formatHoursMinutes(seconds)).toBe(text);
  });

  it('formatShortDay drops the year', () => {
    expect(formatShortDay('2025-11-20')).toBe('20 Nov');
    expect(formatShortDay('2026-01-03')).toBe('3 Jan');
  });
});
