import { describe, expect, it } from 'vitest';
import {
  bedtimeOutputSchema,
  clockTime,
  offsetDateTime,
  toBedtimeRows,
} from '../../../src/mcp/tools/mappers/bedtime.js';

describe('bedtime offsets as local clock times', () => {
  it.each([
    [-4500, '22:45'],
    [-1800, '23:30'],
    [0, '00:00'],
    [900, '00:15'],
    [-86_400, '00:00'],
    [-3590, '23:00'], // rounded to the nearest minute
  ])('%i s from midnight → %s', (offset, clock) => {
    expect(clockTime(offset)).toBe(clock);
  });

  it("renders the window as ISO date-times with the day's zone offset, the evening before for negative offsets", () => {
    expect(offsetDateTime('2025-10-26', -4500, 7200)).toBe('2025-10-25T22:45:00+02:00');
    expect(offsetDateTime('2025-03-01', 1800, -28_800)).toBe('2025-03-01T00:30:00-08:00');
    expect(offsetDateTime('2025-01-01', -900, 46_800)).toBe('2024-12-31T23:45:00+13:00');
  });

  it('maps rows with meanings, and a row without a window to nulls', () => {
    const rows = toBedtimeRows([
      {
        id: 'b',
        day: '2025-10-26',
        optimal_bedtime: { day_tz: 3600, start_offset: -4500, end_offset: -1800 },
        recommendation: 'earlier_bedtime',
        status: 'optimal_found',
      },
      { id: 'a', day: '2025-10-25', optimal_bedtime: null, recommendation: null, status: 'not_enough_nights' },
    ]);
    expect(rows).toEqual([
      {
        date: '2025-10-25',
        optimal_bedtime: null,
        optimal_bedtime_start: null,
        optimal_bedtime_end: null,
        start_datetime: null,
        end_datetime: null,
        recommendation: null,
        recommendation_meaning: null,
        status: 'not_enough_nights',
        status_meaning: 'Not enough nights recorded yet for Oura to find an optimal bedtime.',
      },
      {
        date: '2025-10-26',
        optimal_bedtime: '22:45–23:30',
        optimal_bedtime_start: '22:45',
        optimal_bedtime_end: '23:30',
        start_datetime: '2025-10-25T22:45:00+01:00',
        end_datetime: '2025-10-25T23:30:00+01:00',
        recommendation: 'earlier_bedtime',
        recommendation_meaning: 'Go to bed earlier (inside the optimal window when Oura has found one).',
        status: 'optimal_found',
        status_meaning: 'Oura found an optimal bedtime window.',
      },
    ]);
    expect(() => bedtimeOutputSchema.parse({ data: rows })).not.toThrow();
  });
});
