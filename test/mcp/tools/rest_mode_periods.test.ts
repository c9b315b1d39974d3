import { describe, expect, it } from 'vitest';
import { restModeOutputSchema, toRestModeRows } from '../../../src/mcp/tools/mappers/restMode.js';
import type { RestModePeriod } from '../../../src/oura/types.js';

const periodOf = (id: string, start: string, end: string | null): RestModePeriod => ({
  id,
  start_day: start,
  end_day: end,
  start_time: `${start}T08:12:00+02:00`,
  end_time: end === null ? null : `${end}T19:40:00+02:00`,
  episodes: [
    { tags: ['tag_generic_fatigue'], timestamp: `${start}T10:00:00+02:00` },
    { tags: ['tag_generic_sick', 'tag_generic_headache'], timestamp: `${start}T09:00:00+02:00` },
  ],
});

describe('rest mode periods', () => {
  const periods = [
    periodOf('before', '2025-08-01', '2025-08-04'),
    periodOf('overlapping', '2025-09-28', '2025-10-02'),
    periodOf('inside', '2025-10-10', '2025-10-12'),
    periodOf('running', '2025-09-01', null),
  ];

  it('keeps periods overlapping the range, including one started earlier and still running', () => {
    const rows = toRestModeRows(periods, '2025-10-01', '2025-10-26', '2025-10-26');
    expect(rows.map((r) => [r.id, r.ongoing, r.days])).toEqual([
      ['running', true, 56],
      ['overlapping', false, 5],
      ['inside', false, 3],
    ]);
    expect(rows[1]!.episodes.map((e) => e.timestamp)).toEqual([
      '2025-09-28T09:00:00+02:00',
      '2025-09-28T10:00:00+02:00',
    ]);
    expect(() =>
      restModeOutputSchema.parse({ data: rows, summary: { total_periods: rows.length, ongoing: true } }),
    ).not.toThrow();
  });

  it('drops periods that ended before the range or start after it', () => {
    expect(toRestModeRows(periods, '2025-08-05', '2025-08-31', '2025-10-26')).toEqual([]);
    expect(toRestModeRows([periodOf('later', '2025-10-20', null)], '2025-10-01', '2025-10-19', '2025-10-26')).toEqual(
      [],
    );
  });
});
