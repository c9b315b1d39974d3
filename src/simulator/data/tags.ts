/**
 * What the person logged or did deliberately: guided sessions, tags (the deprecated kind on a few old
 * days, enhanced tags since), and one rest-mode period covering the illness.
 */
import type { EnhancedTag, RestModePeriod, Session, SessionMood, Tag } from '../../oura/types.js';
import { addDays, daysBetween } from '../../lib/time.js';
import { createRandom, round, stableId, type Random } from '../random.js';
import { localIso, localTime } from './clock.js';
import type { Plan, PlannedSession } from './plan.js';

const SESSION_SAMPLE_SECONDS = 5;

function sessionSeries(rng: Random, items: number, base: number, sd: number, drift: number): number[] {
  return Array.from({ length: items }, (_, i) => round(base + drift * (i / items) + rng.normal(0, sd), 1));
}

function buildSession(plan: Plan, planned: PlannedSession, restingHr: number): Session {
  const rng = createRandom(plan.seed, `session:${planned.start}`);
  const items = Math.round((planned.end - planned.start) / 1000 / SESSION_SAMPLE_SECONDS);
  const startIso = localIso(planned.start, plan.timezone);
  const sample = (values: number[]) => ({ interval: SESSION_SAMPLE_SECONDS, items: values, timestamp: startIso });
  return {
    id: stableId(plan.seed, `session:${planned.start}`),
    day: planned.day,
    type: planned.type,
    mood: rng.pick<SessionMood | null>(['good', 'great', 'same', null]),
    start_datetime: startIso,
    end_datetime: localIso(planned.end, plan.timezone),
    // Heart rate settles during a session; HRV rises.
    heart_rate: sample(sessionSeries(rng, items, restingHr + 12, 1.5, -6)),
    heart_rate_variability: sample(sessionSeries(rng, items, 45, 6, 12)),
    motion_count: sample(Array.from({ length: items }, () => (rng.chance(0.9) ? 0 : rng.int(1, 3)))),
  };
}

/** Sessions finished by now. */
export function buildSessions(plan: Plan): Session[] {
  return plan.days
    .filter((d) => d.session !== null && d.session.end <= plan.nowMs)
    .map((d) => buildSession(plan, d.session!, d.physiology.restingHr));
}

/** Deprecated tags: only during the first three weeks of history (the person switched to enhanced tags). */
export function buildLegacyTags(plan: Plan): Tag[] {
  return plan.days
    .filter((d) => d.index < 21 && d.index % 4 === 1)
    .map((d) => {
      const alcohol = d.alcoholEvening;
      const at = localTime(d.day, alcohol ? 21 * 60 : 8 * 60 + 30, plan.timezone).getTime();
      return {
        id: stableId(plan.seed, `tag:${d.day}`),
        day: d.day,
        text: alcohol ? 'Wine with dinner' : 'Morning coffee',
        timestamp: localIso(at, plan.timezone),
        tags: [alcohol ? 'tag_generic_alcohol' : 'tag_generic_caffeine'],
      };
    })
    .filter((t) => Date.parse(t.timestamp) <= plan.nowMs);
}

/** Enhanced tags from day 21 on: coffee, wine, a custom "Sauna" with a duration, text-only notes, the illness. */
export function buildEnhancedTags(plan: Plan): EnhancedTag[] {
  const tags: EnhancedTag[] = [];
  const tag = (
    label: string,
    code: string | null,
    start: number,
    end: number | null,
    extra: Partial<EnhancedTag> = {},
  ): void => {
    if (start > plan.nowMs || (end !== null && end > plan.nowMs)) return;
    tags.push({
      id: stableId(plan.seed, `enhanced_tag:${label}:${start}`),
      tag_type_code: code,
      start_time: localIso(start, plan.timezone),
      end_time: end === null ? null : localIso(end, plan.timezone),
      start_day: localIsoDay(start, plan.timezone),
      end_day: end === null ? null : localIsoDay(end, plan.timezone),
      comment: null,
      custom_name: null,
      ...extra,
    });
  };
  for (const d of plan.days.filter((day) => day.index >= 21)) {
    const rng = createRandom(plan.seed, `enhanced_tag:${d.day}`);
    const at = (minute: number) => localTime(d.day, minute, plan.timezone).getTime();
    // The app saves an emptied comment box as '' (not null).
    if (d.caffeineMorning)
      tag(
        'caffeine',
        'tag_generic_caffeine',
        at(8 * 60 + rng.int(30, 90)),
        null,
        rng.chance(0.3) ? { comment: '' } : {},
      );
    if (d.alcoholEvening)
      tag('alcohol', 'tag_generic_alcohol', at(19 * 60 + rng.int(30, 90)), null, {
        comment: rng.chance(0.5) ? 'Two glasses of wine' : null,
      });
    if (rng.chance(0.07)) {
      const start = at(18 * 60 + rng.int(0, 30));
      tag('sauna', 'custom', start, start + rng.int(20, 40) * 60_000, { custom_name: 'Sauna' });
    }
    if (rng.chance(0.05))
      tag('note', null, at(13 * 60 + rng.int(0, 120)), null, { comment: 'Long day at work, skipped lunch' });
  }
  const sickStart = localTime(plan.illnessStart, 8 * 60, plan.timezone).getTime();
  const sickEnd = localTime(addDays(plan.illnessStart, 3), 20 * 60, plan.timezone).getTime();
  if (daysBetween(plan.firstDay, plan.illnessStart) >= 0)
    tag('sick', 'tag_generic_sick', sickStart, sickEnd, { comment: 'Caught a cold' });
  return tags.sort((a, b) => Date.parse(a.start_time) - Date.parse(b.start_time));
}

function localIsoDay(ms: number, timeZone: string): string {
  return localIso(ms, timeZone).slice(0, 10);
}

/** One rest-mode period over the illness, with an episode per day. */
export function buildRestModePeriods(plan: Plan): RestModePeriod[] {
  const start = localTime(plan.illnessStart, 8 * 60 + 12, plan.timezone).getTime();
  const endDay = addDays(plan.illnessStart, 3);
  const end = localTime(endDay, 19 * 60 + 40, plan.timezone).getTime();
  if (end > plan.nowMs || daysBetween(plan.firstDay, plan.illnessStart) < 0) return [];
  const episodeTags = [
    ['tag_generic_sick', 'tag_generic_headache'],
    ['tag_generic_sick', 'tag_generic_fatigue'],
    ['tag_generic_fatigue'],
    ['tag_generic_recovering'],
  ];
  return [
    {
      id: stableId(plan.seed, 'rest_mode_period'),
      start_day: plan.illnessStart,
      end_day: endDay,
      start_time: localIso(start, plan.timezone),
      end_time: localIso(end, plan.timezone),
      episodes: episodeTags.map((tags, i) => ({
        tags,
        timestamp: localIso(localTime(addDays(plan.illnessStart, i), 9 * 60, plan.timezone).getTime(), plan.timezone),
      })),
    },
  ];
}
