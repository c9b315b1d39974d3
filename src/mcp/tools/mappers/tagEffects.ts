/**
 * `get_tags` with `effect_of`: the nights after a tag against the other nights of the range, and the
 * count of each tag. Which night follows a tag: the one the owner wakes from next, which Oura files
 * under the next day; a tag logged between midnight and 04:00 (a late drink) belongs to the night
 * filed under its own day. The statistics and their rule are in `analysis/compareGroups.ts`.
 */
import type { DailyReadiness, DailySleep, IsoDate, SleepPeriod } from '../../../oura/types.js';
import { addDays, eachDay } from '../../../lib/time.js';
import { compareGroups } from '../../../analysis/compareGroups.js';
import { round } from '../../../analysis/stats.js';
import { lowestHeartRateOf, mainSleepByDay } from '../../../analysis/sleepPeriods.js';
import { finiteOrNull } from './rowGuards.js';
import { readableTagCode, type TagCount, type TagEffect, type TagRow } from './tags.js';

type Metric = TagEffect['metrics'][number]['metric'];

/** The compared quantities, each as the text names it and its unit ("/100" for a score). */
export const METRICS: Readonly<Record<Metric, { label: string; unit: string }>> = {
  sleep_score: { label: 'sleep score', unit: '/100' },
  readiness_score: { label: 'readiness', unit: '/100' },
  average_hrv: { label: 'HRV', unit: ' ms' },
  resting_heart_rate: { label: 'resting HR', unit: ' bpm' },
};

/** "Note" for a text-only note, else the tag's name. */
const nameOf = (row: TagRow): string => row.name ?? 'Note';

export function countTags(rows: readonly TagRow[]): TagCount[] {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(nameOf(row), (counts.get(nameOf(row)) ?? 0) + 1);
  return [...counts]
    .map(([name, count]) => ({ name, count }))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}

/**
 * A tag matches when its name, text, an Oura code or that code's readable name equals the words asked
 * for, case-insensitively ("alcohol", "Sauna", "tag_generic_alcohol"); whole names only, so "caffeine"
 * is not "No caffeine". The readable codes let a deprecated tag with several codes match each one.
 */
export function matchesTag(row: TagRow, query: string): boolean {
  const wanted = query.trim().toLowerCase();
  return [row.name ?? '', row.text, ...row.tags, ...row.tags.map(readableTagCode)].some(
    (field) => field.toLowerCase() === wanted,
  );
}

/** The Oura day of the night after a tag: the next day, or its own day for a tag logged before 04:00. */
export function nightAfter(row: TagRow): IsoDate {
  const day = row.timestamp.slice(0, 10);
  return Number(row.timestamp.slice(11, 13)) < 4 ? day : addDays(day, 1);
}

export interface NightValues {
  dailySleep: readonly DailySleep[];
  readiness: readonly DailyReadiness[];
  periods: readonly SleepPeriod[];
}

/** Each metric per Oura day, from Oura's own values (scores from the daily rows, HRV and lowest HR from the main period). */
function valuesByDay(nights: NightValues): Record<Metric, Map<IsoDate, number>> {
  const main = mainSleepByDay(nights.periods);
  const pick = <R extends { day: IsoDate }>(rows: Iterable<R>, value: (row: R) => unknown) =>
    new Map(
      [...rows].flatMap((row) => {
        const v = finiteOrNull(value(row));
        return v === null ? [] : [[row.day, v] as const];
      }),
    );
  return {
    sleep_score: pick(nights.dailySleep, (row) => row.score),
    readiness_score: pick(nights.readiness, (row) => row.score),
    average_hrv: pick(main.values(), (row) => row.average_hrv),
    resting_heart_rate: pick(main.values(), lowestHeartRateOf),
  };
}

/**
 * Nights after the matching tags vs the other nights that follow a day of `start`–`end` (up to
 * `lastNight`, today: the night after today has not happened).
 */
export function tagEffect(
  query: string,
  rows: readonly TagRow[],
  nights: NightValues,
  range: { start: IsoDate; end: IsoDate; lastNight: IsoDate },
): TagEffect {
  const last = addDays(range.end, 1) < range.lastNight ? addDays(range.end, 1) : range.lastNight;
  const candidates = eachDay(addDays(range.start, 1), last);
  const tagged = new Set(
    rows
      .filter((row) => matchesTag(row, query))
      .map(nightAfter)
      .filter((night) => candidates.includes(night)),
  );
  const values = valuesByDay(nights);
  const one = (x: number | null) => (x === null ? null : round(x, 1));
  return {
    tagged_nights: [...tagged].sort(),
    metrics: (Object.keys(METRICS) as Metric[]).map((metric) => {
      const byDay = values[metric];
      const side = (isTagged: boolean) =>
        candidates
          .filter((night) => tagged.has(night) === isTagged && byDay.has(night))
          .map((night) => byDay.get(night)!);
      const result = compareGroups(side(true), side(false));
      return {
        metric,
        tagged_nights: result.tagged.nights,
        tagged_mean: one(result.tagged.mean),
        other_nights: result.other.nights,
        other_mean: one(result.other.mean),
        difference: one(result.difference),
        verdict: result.verdict,
      };
    }),
  };
}
