/**
 * Sleep periods (`sleep` collection), as untidy as Oura's. The 5-minute phase string is built first, but
 * as on real nights the other fields do not follow from it exactly: Oura scores stages at 30-second
 * resolution, so each duration is the phase count × 300 s moved by up to a few minutes; the period runs
 * a little shorter or longer than the string (time in bed is the bedtime span, not its length × 300);
 * `average_heart_rate`/`average_hrv` come from finer data than the 5-minute items, so they differ from
 * the items' mean; and the series have gaps (null items) where the ring lost contact. What still holds,
 * as live: `total = deep + light + rem` and `time_in_bed = total + awake = bedtime_end − bedtime_start`.
 */
import type { OuraSample, RingConfiguration, SleepPeriod } from '../../oura/types.js';
import { clamp, createRandom, stableId, type Random } from '../random.js';
import { localIso } from './clock.js';
import type { Physiology, PlannedSleep } from './plan.js';
import { ringAt } from './profile.js';

const DEEP = '1';
const LIGHT = '2';
const REM = '3';
const AWAKE = '4';

/** Share of 5-minute items the ring misses inside a night (null items, as live). */
const GAP_CHANCE = 0.04;

/**
 * Oura's stage seconds for a phase string: the counts × 300 s, with up to 5 minutes moved (in 30-second
 * steps) from light sleep to deep and REM or back, and the period `trimSeconds` shorter (negative: longer)
 * than the string, taken from or given to the time awake.
 */
function stageSeconds(
  rng: Random,
  phases: string,
  trimSeconds: number,
): { deep: number; light: number; rem: number; awake: number } {
  const counted = {
    deep: count(phases, DEEP) * 300,
    light: count(phases, LIGHT) * 300,
    rem: count(phases, REM) * 300,
    awake: count(phases, AWAKE) * 300,
  };
  const toDeep = counted.deep > 0 ? rng.int(-10, 10) * 30 : 0;
  const toRem = counted.rem > 0 ? rng.int(-10, 10) * 30 : 0;
  const deep = Math.max(0, counted.deep + toDeep);
  const rem = Math.max(0, counted.rem + toRem);
  const light = Math.max(0, counted.light - (deep - counted.deep) - (rem - counted.rem));
  const timeInBed = phases.length * 300 - trimSeconds;
  return { deep, light, rem, awake: Math.max(0, timeInBed - deep - light - rem) };
}

/** An average as Oura writes it: from finer data than the items, so off their mean by 0.4–1.6, in eighths. */
function ouraAverage(rng: Random, itemMean: number): number {
  const off = (rng.chance(0.5) ? 1 : -1) * rng.range(0.4, 1.6);
  return Math.round((itemMean + off) * 8) / 8;
}

/** A long sleep: latency, ~90-minute cycles (deep early, REM late), brief awakenings, a final wake slot. */
function longSleepPhases(rng: Random, slots: number, illness: number): string {
  let phases = AWAKE.repeat(rng.int(1, 4));
  for (let cycle = 0; phases.length < slots - 1; cycle++) {
    const deep = Math.max(0, Math.round(7 - 1.8 * cycle - 3 * illness + rng.normal(0, 1)));
    const rem = Math.max(1, Math.round(2 + 1.3 * cycle - illness + rng.normal(0, 1)));
    const light = Math.max(4, rng.int(15, 21) - deep - rem);
    phases += LIGHT.repeat(3) + DEEP.repeat(deep) + LIGHT.repeat(Math.max(1, light - 3)) + REM.repeat(rem);
    if (rng.chance(0.2 + 0.6 * illness)) phases += AWAKE.repeat(rng.int(1, 2 + Math.round(illness)));
  }
  return phases.slice(0, slots - 1) + AWAKE;
}

/** A nap: short latency, mostly light with a little deep; a falsely detected "rest" is mostly awake. */
function napPhases(rng: Random, slots: number, rest: boolean): string {
  let phases = AWAKE;
  while (phases.length < slots) {
    if (rest) phases += rng.chance(0.6) ? AWAKE : LIGHT;
    else phases += rng.chance(0.15) ? DEEP : rng.chance(0.1) ? REM : LIGHT;
  }
  return phases.slice(0, slots);
}

function movementFor(rng: Random, phases: string): string {
  let out = '';
  for (const phase of phases) {
    for (let i = 0; i < 10; i++) {
      const r = rng.next();
      if (phase === AWAKE) out += r < 0.3 ? '2' : r < 0.75 ? '3' : '4';
      else if (phase === DEEP) out += r < 0.97 ? '1' : '2';
      else if (phase === REM) out += r < 0.88 ? '1' : '2';
      else out += r < 0.8 ? '1' : r < 0.97 ? '2' : '3';
    }
  }
  return out;
}

function count(phases: string, phase: string): number {
  let n = 0;
  for (const c of phases) if (c === phase) n++;
  return n;
}

function mean(items: Array<number | null>): number | null {
  const values = items.filter((v): v is number => v !== null);
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

/**
 * Heart rate falls to its low point a little after the middle of the night and rises towards morning;
 * awake slots are higher, REM a bit higher, deep a bit lower. The first slot is sometimes null (as live).
 */
function heartRateItems(rng: Random, phases: string, physiology: Physiology): Array<number | null> {
  return [...phases].map((phase, i) => {
    if (i === 0 && rng.chance(0.5)) return null;
    if (rng.chance(GAP_CHANCE)) return null;
    const frac = i / phases.length;
    const shape = frac < 0.55 ? 8 * (1 - frac / 0.55) ** 2 : 3 * ((frac - 0.55) / 0.45) ** 2;
    const effect = phase === AWAKE ? 6 : phase === REM ? 2.5 : phase === DEEP ? -0.5 : 0.5;
    return Math.round(clamp(physiology.restingHr + shape + effect + rng.normal(0, 0.8), physiology.restingHr - 1, 120));
  });
}

function hrvItems(rng: Random, phases: string, physiology: Physiology): Array<number | null> {
  return [...phases].map((phase, i) => {
    if (i === 0 || rng.chance(GAP_CHANCE)) return null;
    const effect = phase === AWAKE ? -10 : phase === DEEP ? 8 : phase === REM ? -3 : 0;
    return Math.round(clamp(physiology.hrv + 12 * (i / phases.length - 0.4) + effect + rng.normal(0, 5), 8, 200));
  });
}

/** Builds one sleep period; `readiness` is attached later (it depends on the whole day). */
export function buildSleepPeriod(
  seed: number,
  timezone: string,
  planned: PlannedSleep,
  physiology: Physiology,
  rings: readonly RingConfiguration[],
  period: number,
): SleepPeriod {
  const rng = createRandom(seed, `sleep:${planned.kind}:${planned.start}`);
  const phases =
    planned.kind === 'long_sleep'
      ? longSleepPhases(rng, planned.slots, physiology.illness)
      : napPhases(rng, planned.slots, planned.kind === 'rest');
  // The bedtime span ends up to ~5 minutes before or after the phase string's last slot.
  const trim = rng.int(-29, 29) * 10;
  const { deep, light, rem, awake } = stageSeconds(rng, phases, trim);
  const total = deep + light + rem;
  const timeInBed = total + awake;
  const latencySlots = phases.length - phases.replace(/^4+/, '').length;
  const startIso = localIso(planned.start, timezone);
  const hr = heartRateItems(rng, phases, physiology);
  const hrv = hrvItems(rng, phases, physiology);
  const movement = movementFor(rng, phases);
  const hrValues = hr.filter((v): v is number => v !== null);
  const isNap = planned.kind === 'sleep' || planned.kind === 'late_nap';
  const sample = (items: Array<number | null>): OuraSample => ({ interval: 300, items, timestamp: startIso });
  return {
    id: stableId(seed, `sleep:${planned.kind}:${planned.start}`),
    day: planned.day,
    // Some falsely detected periods were also deleted by the owner: Oura keeps them as `deleted`.
    type: planned.kind === 'rest' && rng.chance(0.3) ? 'deleted' : planned.kind,
    period,
    bedtime_start: startIso,
    bedtime_end: localIso(planned.start + timeInBed * 1000, timezone),
    average_breath: Math.round((physiology.breath + rng.normal(0, 0.2)) * 8) / 8,
    average_heart_rate: ouraAverage(rng, mean(hr) ?? physiology.restingHr),
    average_hrv: Math.round(ouraAverage(rng, mean(hrv) ?? physiology.hrv)),
    lowest_heart_rate: hrValues.length > 0 ? Math.min(...hrValues) : null,
    awake_time: awake,
    deep_sleep_duration: deep,
    light_sleep_duration: light,
    rem_sleep_duration: rem,
    total_sleep_duration: total,
    time_in_bed: timeInBed,
    latency: latencySlots * 300,
    efficiency: Math.round(clamp((100 * total) / timeInBed, 1, 100)),
    heart_rate: sample(hr),
    hrv: sample(hrv),
    movement_30_sec: movement,
    sleep_phase_5_min: phases,
    readiness: null,
    readiness_score_delta: isNap ? rng.int(0, 2) : null,
    sleep_score_delta: isNap ? rng.int(1, 3) : null,
    restless_periods: count(movement, '3') + count(movement, '4'),
    low_battery_alert: false,
    sleep_algorithm_version: 'v2',
    ring_id: ringAt(rings, planned.start),
  };
}
