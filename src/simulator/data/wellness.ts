/**
 * The smaller daily summaries: stress, resilience, SpO2, cardiovascular age and VO2 max. Each follows the
 * plan's physiology (the illness stretch shows in all of them).
 */
import type {
  DailyCardiovascularAge,
  DailyReadiness,
  DailySleep,
  DailySpo2,
  DailyStress,
  DailyResilience,
  PersonalInfo,
  ResilienceLevel,
  Vo2Max,
} from '../../oura/types.js';
import { clamp, createRandom, round, stableId } from '../random.js';
import { localIso, localTime } from './clock.js';
import type { Plan } from './plan.js';

/** Stress for every finished day (today's is still being measured). */
export function buildStress(plan: Plan): DailyStress[] {
  return plan.days
    .filter((d) => d.day < plan.today)
    .map((d) => {
      const rng = createRandom(plan.seed, `stress:${d.day}`);
      const weekday = new Date(`${d.day}T12:00:00Z`).getUTCDay();
      const workday = weekday >= 1 && weekday <= 5;
      const stress = Math.max(
        0,
        Math.round((rng.normal(workday ? 3600 : 1800, 1200) + 5000 * d.physiology.illness) / 300) * 300,
      );
      const recovery = Math.max(
        0,
        Math.round((rng.normal(7200, 2000) - 3000 * d.physiology.illness + (d.session ? 1800 : 0)) / 300) * 300,
      );
      const ratio = stress / Math.max(300, recovery);
      return {
        id: stableId(plan.seed, `daily_stress:${d.day}`),
        day: d.day,
        stress_high: stress,
        recovery_high: recovery,
        // Oura leaves the summary out on some days (as on real accounts).
        day_summary: rng.chance(0.12) ? null : ratio > 1.3 ? 'stressful' : ratio < 0.45 ? 'restored' : 'normal',
      };
    });
}

function levelOf(value: number): ResilienceLevel {
  if (value >= 85) return 'exceptional';
  if (value >= 72) return 'strong';
  if (value >= 60) return 'solid';
  if (value >= 48) return 'adequate';
  return 'limited';
}

function average(values: readonly number[], fallback: number): number {
  return values.length === 0 ? fallback : values.reduce((a, b) => a + b, 0) / values.length;
}

/** Resilience over a trailing week of sleep scores, daytime recovery and stress. */
export function buildResilience(
  plan: Plan,
  dailySleep: readonly DailySleep[],
  stress: readonly DailyStress[],
  readiness: readonly DailyReadiness[],
): DailyResilience[] {
  return readiness.map((r) => {
    const from = r.day;
    const weekSleep = dailySleep.filter((s) => s.day <= from).slice(-7);
    const weekStress = stress.filter((s) => s.day < from).slice(-7);
    const sleepRecovery = round(
      clamp(
        average(
          weekSleep.map((s) => s.score ?? 70),
          70,
        ),
        0,
        100,
      ),
      1,
    );
    const daytimeRecovery = round(
      clamp(
        average(
          weekStress.map((s) => (s.recovery_high ?? 0) / 108),
          60,
        ),
        0,
        100,
      ),
      1,
    );
    const stressScore = round(
      clamp(
        100 -
          average(
            weekStress.map((s) => (s.stress_high ?? 0) / 90),
            30,
          ),
        0,
        100,
      ),
      1,
    );
    return {
      id: stableId(plan.seed, `daily_resilience:${r.day}`),
      day: r.day,
      level: levelOf((sleepRecovery + daytimeRecovery + stressScore) / 3 + ((r.score ?? 75) - 75) / 2),
      contributors: { sleep_recovery: sleepRecovery, daytime_recovery: daytimeRecovery, stress: stressScore },
    };
  });
}

/** SpO2 for every night that has ended (both rings are Gen 3+, so the disturbance index is always set). */
export function buildSpo2(plan: Plan, nightDays: readonly string[]): DailySpo2[] {
  const ill = new Map(plan.days.map((d) => [d.day, d.physiology.illness]));
  return nightDays.map((day) => {
    const rng = createRandom(plan.seed, `spo2:${day}`);
    const illness = ill.get(day) ?? 0;
    return {
      id: stableId(plan.seed, `daily_spo2:${day}`),
      day,
      spo2_percentage: { average: round(clamp(97.4 + rng.normal(0, 0.6) - 1.8 * illness, 94.5, 99.6), 3) },
      breathing_disturbance_index: Math.round(clamp(rng.normal(8, 3) + 10 * illness, 0, 100)),
    };
  });
}

/** Cardiovascular age per night; no `id`, as observed on the live API. */
export function buildCardiovascularAge(
  plan: Plan,
  person: PersonalInfo,
  nightDays: readonly string[],
): DailyCardiovascularAge[] {
  return nightDays.map((day) => {
    const rng = createRandom(plan.seed, `cv_age:${day}`);
    const vascularAge = Math.round((person.age ?? 38) - 3 + rng.normal(0, 0.8));
    return {
      day,
      vascular_age: vascularAge,
      // A float32 written out as a double, as Oura sends it (e.g. 6.5778117179870605 m/s).
      pulse_wave_velocity: Math.fround(5.3 + (vascularAge - 20) * 0.07 + rng.normal(0, 0.08)),
    };
  });
}

/** A VO2 max estimate every 3–7 days, creeping up with fitness. */
export function buildVo2Max(plan: Plan): Vo2Max[] {
  const rng = createRandom(plan.seed, 'vo2max');
  const rows: Vo2Max[] = [];
  for (let index = rng.int(0, 3); index < plan.days.length; index += rng.int(3, 7)) {
    const d = plan.days[index]!;
    const at = localTime(d.day, 9 * 60 + rng.int(0, 50), plan.timezone).getTime();
    if (at > plan.nowMs) break;
    rows.push({
      id: stableId(plan.seed, `vo2_max:${d.day}`),
      day: d.day,
      timestamp: localIso(at, plan.timezone),
      vo2_max: Math.round(42 + index / 60 + rng.normal(0, 0.6)),
    });
  }
  return rows;
}
