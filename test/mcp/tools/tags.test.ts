import { describe, expect, it } from 'vitest';
import { readableTagCode, tagsOutputSchema, toTagRows, type TagRow } from '../../../src/mcp/tools/mappers/tags.js';
import { countTags, matchesTag, nightAfter, tagEffect } from '../../../src/mcp/tools/mappers/tagEffects.js';
import { compareGroups } from '../../../src/analysis/compareGroups.js';
import type { DailyReadiness, DailySleep, EnhancedTag, SleepPeriod, Tag } from '../../../src/oura/types.js';
import { period } from './sleep_summary.fixtures.js';

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
    expect(() => tagsOutputSchema.parse({ data: rows, counts: countTags(rows) })).not.toThrow();
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

describe('tag counts and tag effects', () => {
  const tag = (name: string | null, timestamp: string, code = 'custom'): TagRow => ({
    id: `${name}-${timestamp}`,
    date: timestamp.slice(0, 10),
    day: timestamp.slice(0, 10),
    text: name ?? 'a note',
    name,
    timestamp,
    end_timestamp: null,
    tags: name === null ? [] : [code],
    source: 'enhanced_tag',
  });

  it('counts each name, most frequent first; the counts add up to the rows', () => {
    const rows = [
      tag('Caffeine', '2025-10-20T08:00:00+02:00'),
      tag(null, '2025-10-20T13:00:00+02:00'),
      tag('Caffeine', '2025-10-21T08:00:00+02:00'),
      tag('Alcohol', '2025-10-21T20:00:00+02:00'),
    ];
    expect(countTags(rows)).toEqual([
      { name: 'Caffeine', count: 2 },
      { name: 'Alcohol', count: 1 },
      { name: 'Note', count: 1 },
    ]);
  });

  it('matches whole names and codes only, and files a tag with the night after it', () => {
    expect(matchesTag(tag('No caffeine', '2025-10-20T08:00:00+02:00', 'tag_generic_nocaffeine'), 'caffeine')).toBe(
      false,
    );
    expect(matchesTag(tag('Alcohol', '2025-10-20T20:00:00+02:00', 'tag_generic_alcohol'), ' ALCOHOL ')).toBe(true);
    expect(matchesTag(tag('Alcohol', '2025-10-20T20:00:00+02:00', 'tag_generic_alcohol'), 'tag_generic_alcohol')).toBe(
      true,
    );
    // A deprecated tag with two codes is named "Alcohol, Caffeine": each code still matches.
    const legacy = {
      ...tag('Alcohol, Caffeine', '2025-10-20T20:00:00+02:00'),
      tags: ['tag_generic_alcohol', 'tag_generic_caffeine'],
    };
    expect(matchesTag(legacy, 'caffeine')).toBe(true);
    // Wine at 20:00 on the 20th: the night the owner wakes from on the 21st. At 01:30 on the 21st: that same night.
    expect(nightAfter(tag('Alcohol', '2025-10-20T20:00:00+02:00'))).toBe('2025-10-21');
    expect(nightAfter(tag('Alcohol', '2025-10-21T01:30:00+02:00'))).toBe('2025-10-21');
  });

  it('compares means, calls a difference clear only beyond two standard errors, and says nothing under 5 nights a side', () => {
    // Tagged 40,42,44,40,44: mean 42, variance (4+0+4+4+4)/4 = 4. Other 50,52,54,50,54: mean 52, variance 4.
    // SE = sqrt(4/5 + 4/5) = 1.26; |−10| > 2.53 → clear.
    expect(compareGroups([40, 42, 44, 40, 44], [50, 52, 54, 50, 54])).toEqual({
      tagged: { nights: 5, mean: 42 },
      other: { nights: 5, mean: 52 },
      difference: -10,
      verdict: 'clear',
    });
    // Same spread, means 42 vs 43: |−1| < 2.53 → unclear.
    expect(compareGroups([40, 42, 44, 40, 44], [41, 43, 45, 41, 45]).verdict).toBe('unclear');
    // 4 tagged nights: 166 / 4 = 41.5, too few to say.
    expect(compareGroups([40, 42, 44, 40], [50, 52, 54, 50, 54])).toMatchObject({
      tagged: { nights: 4, mean: 41.5 },
      difference: -10.5,
      verdict: 'too_few',
    });
  });

  it("tagEffect: nights after the tag vs the other nights of the range, from Oura's scores and the main period", () => {
    // Alcohol on the evenings of the 1st and 3rd → nights 2 and 4. Range 1st–5th → candidate nights 2nd–6th.
    const rows = [
      tag('Alcohol', '2025-10-01T20:00:00+02:00', 'tag_generic_alcohol'),
      tag('Alcohol', '2025-10-03T21:00:00+02:00', 'tag_generic_alcohol'),
    ];
    const days = ['2025-10-02', '2025-10-03', '2025-10-04', '2025-10-05', '2025-10-06'];
    const scores = [70, 80, 74, 82, 84];
    const dailySleep = days.map((day, i) => ({ day, score: scores[i] }) as DailySleep);
    const readiness = days.slice(0, 4).map((day, i) => ({ day, score: 60 + i }) as DailyReadiness);
    const hrv = [30, 50, 34, 52, 54];
    const periods: SleepPeriod[] = days.map((day, i) =>
      period(day, 'long_sleep', 25_000, { average_hrv: hrv[i]!, lowest_heart_rate: 50 }),
    );
    const nights = { dailySleep, readiness, periods };
    const effect = tagEffect('alcohol', rows, nights, {
      start: '2025-10-01',
      end: '2025-10-05',
      lastNight: '2025-10-30',
    });
    expect(effect.tagged_nights).toEqual(['2025-10-02', '2025-10-04']);
    expect(effect.metrics).toEqual([
      // Sleep: (70+74)/2 = 72 vs (80+82+84)/3 = 82 → −10; 2 and 3 nights: too few.
      {
        metric: 'sleep_score',
        tagged_nights: 2,
        tagged_mean: 72,
        other_nights: 3,
        other_mean: 82,
        difference: -10,
        verdict: 'too_few',
      },
      // Readiness on the 2nd–5th only: (60+62)/2 = 61 vs (61+63)/2 = 62.
      {
        metric: 'readiness_score',
        tagged_nights: 2,
        tagged_mean: 61,
        other_nights: 2,
        other_mean: 62,
        difference: -1,
        verdict: 'too_few',
      },
      // HRV: (30+34)/2 = 32 vs (50+52+54)/3 = 52.
      {
        metric: 'average_hrv',
        tagged_nights: 2,
        tagged_mean: 32,
        other_nights: 3,
        other_mean: 52,
        difference: -20,
        verdict: 'too_few',
      },
      {
        metric: 'resting_heart_rate',
        tagged_nights: 2,
        tagged_mean: 50,
        other_nights: 3,
        other_mean: 50,
        difference: 0,
        verdict: 'too_few',
      },
    ]);
    // Asked on the 5th, the night after the 5th has not happened: the 6th is not a candidate.
    const early = tagEffect('alcohol', rows, nights, {
      start: '2025-10-01',
      end: '2025-10-05',
      lastNight: '2025-10-05',
    });
    expect(early.metrics[0]).toMatchObject({ other_nights: 2, other_mean: 81 }); // (80 + 82) / 2
  });
});
