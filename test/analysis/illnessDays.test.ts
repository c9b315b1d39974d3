/** Which baseline days count as ill: Rest Mode and sick tags, each stretch with the day after it. */
import { describe, expect, it } from 'vitest';
import { illnessDays } from '../../src/analysis/insights/illnessDays.js';

const sick = (start_day: string, end_day: string | null, tag_type_code = 'tag_generic_sick') => ({
  tag_type_code,
  start_day,
  end_day,
});

describe('illness days of a baseline', () => {
  it('covers a Rest Mode period and the day after it, clipped to the baseline', () => {
    // Rest Mode 30 Sep – 3 Oct: 30 Sep … 4 Oct; the baseline starts on 2 Oct.
    expect(illnessDays([{ start_day: '2025-09-30', end_day: '2025-10-03' }], [], '2025-10-02', '2025-10-29')).toEqual([
      '2025-10-02',
      '2025-10-03',
      '2025-10-04',
    ]);
  });

  it('runs an open Rest Mode period to the end of the baseline', () => {
    expect(illnessDays([{ start_day: '2025-10-27', end_day: null }], [], '2025-10-02', '2025-10-29')).toEqual([
      '2025-10-27',
      '2025-10-28',
      '2025-10-29',
    ]);
  });

  it('adds sick tags (a one-day tag: its day and the next), ignores other tags, merges overlaps', () => {
    const days = illnessDays(
      [{ start_day: '2025-10-10', end_day: '2025-10-11' }],
      [
        sick('2025-10-11', '2025-10-13'),
        sick('2025-10-20', null),
        sick('2025-10-22', null, 'tag_generic_alcohol'),
        sick('2025-10-25', null, 'custom'),
      ],
      '2025-10-01',
      '2025-10-28',
    );
    expect(days).toEqual([
      '2025-10-10',
      '2025-10-11',
      '2025-10-12',
      '2025-10-13',
      '2025-10-14',
      '2025-10-20',
      '2025-10-21',
    ]);
  });

  it('is empty without Rest Mode or sick tags', () => {
    expect(illnessDays([], [sick('2025-10-10', null, 'tag_generic_caffeine')], '2025-10-01', '2025-10-28')).toEqual([]);
  });
});
