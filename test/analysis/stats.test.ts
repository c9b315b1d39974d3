import { describe, expect, it } from 'vitest';
import { mean, numbers, round, slope, trendOf } from '../../src/analysis/stats.js';
import { formatDayRange, formatDistance, formatDuration } from '../../src/lib/format.js';

describe('stats', () => {
  it('computes means, slopes and rounding on plain numbers', () => {
    expect(numbers([1, null, undefined, Number.NaN, 3])).toEqual([1, 3]);
    expect(mean([70, 80, 90])).toBe(80);
    expect(mean([])).toBeNull();
    expect(slope([1, 2, 3, 4])).toBeCloseTo(1);
    expect(slope([5])).toBe(0);
    expect(round(2.345, 1)).toBe(2.3);
  });

  it.each([
    [[70, 72, 74, 76, 78], 5, true, 'improving'],
    [[78, 76, 74, 72, 70], 5, true, 'declining'],
    [[75, 76, 74, 75, 76], 5, true, 'stable'],
    [[55, 56, 58, 60], 3, false, 'declining'],
    [[60, 90], 5, true, 'not_enough_data'],
  ] as const)('trendOf(%j, %d) = %s', (values, threshold, higherIsBetter, expected) => {
    expect(trendOf(values, threshold, higherIsBetter)).toBe(expected);
  });
});

describe('format', () => {
  it.each([
    [25_920, '7 h 12 min'],
    [2_700, '45 min'],
    [7_200, '2 h'],
    [0, '0 min'],
    [40, '40 s'],
    [59.4, '59 s'],
    [59.6, '1 min'],
  ])('formatDuration(%d) = %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it.each([
    [46.89835310974273, '47 m'],
    [999.4, '999 m'],
    [999.6, '1.0 km'],
    [6577.8117179870605, '6.6 km'],
  ])('formatDistance(%d) = %s: metres below a kilometre', (metres, text) => {
    expect(formatDistance(metres)).toBe(text);
  });

  it('formats day ranges compactly', () => {
    expect(formatDayRange('2025-10-20', '2025-10-26')).toBe('20–26 Oct 2025');
    expect(formatDayRange('2025-09-28', '2025-10-04')).toBe('28 Sep – 4 Oct 2025');
    expect(formatDayRange('2024-12-30', '2025-01-02')).toBe('30 Dec 2024 – 2 Jan 2025');
    expect(formatDayRange('2025-10-26', '2025-10-26')).toBe('26 Oct 2025');
  });
});
