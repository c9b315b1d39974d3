import { describe, expect, it } from 'vitest';
import { readableTagCode, tagsOutputSchema, toTagRows } from '../../../src/mcp/tools/mappers/tags.js';
import type { EnhancedTag, Tag } from '../../../src/oura/types.js';

const enhanced = (id: string, start: string, extra: Partial<EnhancedTag>): EnhancedTag => ({
  id,
  tag_type_code: null,
  start_time: start,
  end_time: null,
  start_day: start.slice(0, 10),
  end_day: null,
  comment: null,
  custom_name: null,
  ...extra,
});

describe('tag codes in words', () => {
  it.each([
    ['tag_generic_nocaffeine', 'No caffeine'],
    ['tag_generic_caffeine', 'Caffeine'],
    ['tag_generic_alcohol', 'Alcohol'],
    ['tag_generic_late_meal', 'Late meal'],
    ['tag_generic_latemeal', 'Late meal'],
    ['tag_sleep_aid', 'Sleep aid'],
    ['tag_generic_nose', 'Nose'],
    ['custom', 'Custom'],
  ])('%s → %s', (code, text) => {
    expect(readableTagCode(code)).toBe(text);
  });
});

describe('tags in the spec shape', () => {
  const rows = toTagRows(
    [
      enhanced('e1', '2025-10-20T21:00:00+02:00', {
        tag_type_code: 'tag_generic_alcohol',
        comment: 'Two glasses of wine',
      }),
      enhanced('e2', '2025-10-20T18:00:00+02:00', {
        tag_type_code: 'custom',
        custom_name: 'Sauna',
        end_time: '2025-10-20T18:30:00+02:00',
        end_day: '2025-10-20',
      }),
      enhanced('e3', '2025-10-21T08:30:00+02:00', { tag_type_code: 'tag_generic_nocaffeine' }),
      enhanced('e4', '2025-10-21T13:05:00+02:00', { comment: 'Long day at work' }),
      enhanced('e5', '2025-10-21T14:00:00+02:00', { tag_type_code: 'custom' }),
    ],
    [
      {
        id: 't1',
        day: '2025-10-20',
        text: null,
        timestamp: '2025-10-20T08:00:00+02:00',
        tags: ['tag_generic_caffeine'],
      } satisfies Tag,
    ],
  );

  it('text falls back from comment to custom name to the readable code; tags are the type codes', () => {
    expect(rows.map((r) => [r.id, r.text, r.name, r.tags])).toEqual([
      ['t1', 'Caffeine', 'Caffeine', ['tag_generic_caffeine']],
      ['e2', 'Sauna', 'Sauna', ['custom']],
      ['e1', 'Two glasses of wine', 'Alcohol', ['tag_generic_alcohol']],
      ['e3', 'No caffeine', 'No caffeine', ['tag_generic_nocaffeine']],
      ['e4', 'Long day at work', null, []],
      ['e5', '', null, ['custom']],
    ]);
  });

  it('date and day are the start day, timestamp the start time, sorted by time, marked by collection', () => {
    expect(rows[1]).toEqual({
      id: 'e2',
      date: '2025-10-20',
      day: '2025-10-20',
      text: 'Sauna',
      name: 'Sauna',
      timestamp: '2025-10-20T18:00:00+02:00',
      end_timestamp: '2025-10-20T18:30:00+02:00',
      tags: ['custom'],
      source: 'enhanced_tag',
    });
    expect(rows[0]!.source).toBe('tag');
    expect(() => tagsOutputSchema.parse({ data: rows })).not.toThrow();
  });

  it('sorts by instant even when offsets differ', () => {
    const mixed = toTagRows(
      [
        enhanced('late', '2025-10-20T08:00:00-07:00', { comment: 'b' }),
        enhanced('early', '2025-10-20T16:00:00+02:00', { comment: 'a' }),
      ],
      [],
    );
    expect(mixed.map((r) => r.id)).toEqual(['early', 'late']);
  });
});
