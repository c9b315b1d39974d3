/**
 * Who the synthetic person is and which rings they wore: personal info, ring configurations, and the
 * ring battery log (drains ~14 %/day, charged every fifth evening, matching the plan's charge windows).
 */
import type { PersonalInfo, RingBatteryLevel, RingConfiguration } from '../../oura/types.js';
import { addDays } from '../../lib/time.js';
import { createRandom, round, stableId } from '../random.js';
import { localTime, utcIso, type Span } from './clock.js';
import type { Plan } from './plan.js';

const BATTERY_STEP_MS = 30 * 60_000;

/** Age, weight (kg), height (METRES), sex and email, drawn from the seed. */
export function buildPersonalInfo(seed: number): PersonalInfo {
  const rng = createRandom(seed, 'person');
  return {
    id: stableId(seed, 'personal_info'),
    age: rng.int(31, 45),
    weight: round(rng.range(70, 84), 1),
    height: round(rng.range(1.72, 1.86), 2),
    biological_sex: 'male',
    email: 'sam.sleeper@example.com',
  };
}

/**
 * Two rings: a gen3 set up long before the history, and the current gen4 set up three weeks into it
 * (so `ring_id` on sleep periods changes once). Oldest first.
 */
export function buildRings(plan: Plan): RingConfiguration[] {
  const { seed, timezone, firstDay } = plan;
  const old = localTime(addDays(firstDay, -640), 19 * 60 + 12, timezone);
  const current = localTime(addDays(firstDay, 20), 18 * 60 + 5, timezone);
  return [
    {
      id: stableId(seed, 'ring:gen3'),
      color: 'stealth_black',
      design: null,
      firmware_version: '2.9.24',
      hardware_type: 'gen3',
      set_up_at: utcIso(old.getTime()),
      size: 10,
    },
    {
      id: stableId(seed, 'ring:gen4'),
      color: 'brushed_silver',
      design: 'horizon',
      firmware_version: '3.12.4',
      hardware_type: 'gen4',
      set_up_at: utcIso(current.getTime()),
      size: 10,
    },
  ];
}

/** The id of the ring worn at `ms` (the newest one set up before it). */
export function ringAt(rings: readonly RingConfiguration[], ms: number): string | null {
  let id: string | null = null;
  for (const ring of rings) {
    if (ring.set_up_at && Date.parse(ring.set_up_at) <= ms) id = ring.id;
  }
  return id ?? rings[0]?.id ?? null;
}

/**
 * A sample every 30 minutes (UTC-aligned) from the first day to now: the level drains while worn and
 * climbs ~35 points per half hour in the charger; `charging` turns false once full, `in_charger` stays true
 * until the ring is put back on.
 */
export function buildBatteryLevels(plan: Plan, startMs: number): RingBatteryLevel[] {
  const rng = createRandom(plan.seed, 'battery');
  const charges: Span[] = plan.days.flatMap((d) => (d.charge ? [d.charge] : []));
  const rows: RingBatteryLevel[] = [];
  let level = 72;
  let chargeIndex = 0;
  for (let t = Math.ceil(startMs / BATTERY_STEP_MS) * BATTERY_STEP_MS; t <= plan.nowMs; t += BATTERY_STEP_MS) {
    while (chargeIndex < charges.length && charges[chargeIndex]!.end <= t) chargeIndex++;
    const charge = charges[chargeIndex];
    const inCharger = charge !== undefined && charge.start <= t && t < charge.end;
    if (inCharger) {
      level = Math.min(100, level + rng.range(30, 40));
    } else {
      level = Math.max(3, level - rng.range(0.22, 0.36));
    }
    const rounded = Math.round(level);
    rows.push({ timestamp: utcIso(t), level: rounded, charging: inCharger && rounded < 100, in_charger: inCharger });
  }
  return rows;
}
