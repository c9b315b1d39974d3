/**
 * The `heartrate` collection: one sample every 5 minutes through the day (`awake`, `rest` late in the
 * evening, `session` during guided sessions), the sleep periods' own 5-minute samples while asleep
 * (`sleep`, or `rest` for a rejected rest period), every 5–10 seconds during workouts (`workout`), and
 * nothing while the ring is in its charger. Timestamps are UTC.
 */
import type { HeartRateRow, HeartRateSource, SleepPeriod, WorkoutIntensity } from '../../oura/types.js';
import { clamp, createRandom } from '../random.js';
import { localTime, MINUTE_MS, SLOT_MS, utcIso } from './clock.js';
import type { Plan, PlannedWorkout } from './plan.js';
import { ActivityClass, type SlotGrid } from './timeline.js';

interface Sample {
  ms: number;
  bpm: number;
  source: HeartRateSource;
}

const WORKOUT_BPM: Record<WorkoutIntensity, number> = { easy: 108, moderate: 135, hard: 158 };
const CLASS_BOOST: Record<number, number> = { [ActivityClass.Inactive]: 0, [ActivityClass.Low]: 12, [ActivityClass.Medium]: 30, [ActivityClass.High]: 50 };

function sleepSamples(period: SleepPeriod, out: Sample[]): void {
  if (!period.heart_rate) return;
  const start = Date.parse(period.heart_rate.timestamp);
  const source: HeartRateSource = period.type === 'rest' ? 'rest' : 'sleep';
  period.heart_rate.items.forEach((bpm, i) => {
    if (bpm !== null) out.push({ ms: start + i * period.heart_rate!.interval * 1000, bpm, source });
  });
}

function workoutSamples(seed: number, workout: PlannedWorkout, restingHr: number, out: Sample[]): void {
  const rng = createRandom(seed, `workout_hr:${workout.start}`);
  const target = WORKOUT_BPM[workout.intensity] + rng.normal(0, 5);
  for (let ms = workout.start; ms < workout.end; ms += rng.int(5, 10) * 1000) {
    const fromStart = (ms - workout.start) / MINUTE_MS;
    const toEnd = (workout.end - ms) / MINUTE_MS;
    // Warm-up over the first 5 minutes, a slight cool-down in the last 3.
    const warm = Math.min(1, fromStart / 5);
    const cool = toEnd < 3 ? 0.85 + 0.05 * toEnd : 1;
    const base = restingHr + 35 + (target - restingHr - 35) * warm;
    out.push({ ms, bpm: Math.round(clamp(base * cool + rng.normal(0, 3), 60, 200)), source: 'workout' });
  }
}

/** Heart rate from the start of the grid up to `plan.nowMs`, sorted by time. */
export function buildHeartRate(plan: Plan, grid: SlotGrid, allSleepPeriods: readonly SleepPeriod[]): HeartRateRow[] {
  const samples: Sample[] = [];
  for (const period of allSleepPeriods) sleepSamples(period, samples);
  const restingByDay = new Map(plan.days.map((d) => [d.day, d.physiology.restingHr]));
  for (const d of plan.days) for (const w of d.workouts) workoutSamples(plan.seed, w, restingByDay.get(d.day) ?? 55, samples);

  for (const d of plan.days) {
    const rng = createRandom(plan.seed, `hr:${d.day}`);
    const midnight = localTime(d.day, 0, plan.timezone).getTime();
    const first = Math.max(0, Math.ceil((midnight - grid.startMs) / SLOT_MS));
    for (let slot = first; slot < grid.count; slot++) {
      const ms = grid.startMs + slot * SLOT_MS;
      if (ms >= midnight + 24 * 60 * MINUTE_MS) break;
      const busy = grid.busy[slot];
      if (busy && busy.kind !== 'session') continue; // the sleep period or workout has its own samples; the charger none
      const minute = grid.localMinute[slot]!;
      const winding = minute >= 22 * 60 || minute < 6 * 60;
      const source: HeartRateSource = busy ? 'session' : winding ? 'rest' : 'awake';
      const boost = busy ? 4 : (CLASS_BOOST[grid.classes[slot]!] ?? 0) - (winding ? 4 : 0);
      samples.push({ ms, bpm: Math.round(clamp(d.physiology.restingHr + 16 + boost + rng.normal(0, 4), 40, 190)), source });
    }
  }
  return samples
    .filter((s) => s.ms >= grid.startMs && s.ms <= plan.nowMs)
    .sort((a, b) => a.ms - b.ms)
    .map((s) => ({ bpm: s.bpm, source: s.source, timestamp: utcIso(s.ms) }));
}
