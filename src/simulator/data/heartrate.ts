/**
 * The `heartrate` collection: one sample every 5 minutes through the day (`awake`, `rest` late in the
 * evening, `session` during guided sessions), the sleep periods' own 5-minute samples while asleep
 * (`sleep`, or `rest` for a rejected rest period), every 5–10 seconds during workouts (`workout`), and
 * nothing while the ring is in its charger. Timestamps are UTC.
 */
import type { HeartRateRow, HeartRateSource, SleepPeriod, WorkoutIntensity } from '../../oura/types.js';
import { clamp, createRandom } from '../random.js';
import { MINUTE_MS } from '../../lib/time.js';
import { localTime, SLOT_MS, utcIso } from './clock.js';
import type { Plan, PlannedSleep, PlannedWorkout } from './plan.js';
import { ActivityClass, type Busy, type SlotGrid } from './timeline.js';

const WORKOUT_BPM: Record<WorkoutIntensity, number> = { easy: 108, moderate: 135, hard: 158 };
const CLASS_BOOST: Record<number, number> = {
  [ActivityClass.Inactive]: 0,
  [ActivityClass.Low]: 12,
  [ActivityClass.Medium]: 30,
  [ActivityClass.High]: 50,
};

/** Appends rows inside [fromMs, toMs] only (the first night starts before the grid; today stops at now). */
class RowWriter {
  readonly rows: HeartRateRow[] = [];
  constructor(
    private readonly fromMs: number,
    private readonly toMs: number,
  ) {}

  add(ms: number, bpm: number, source: HeartRateSource): void {
    if (ms >= this.fromMs && ms <= this.toMs) this.rows.push({ bpm, source, timestamp: utcIso(ms) });
  }
}

function sleepSamples(period: SleepPeriod, out: RowWriter): void {
  const sample = period.heart_rate;
  if (!sample) return;
  const start = Date.parse(sample.timestamp);
  const source: HeartRateSource = period.type === 'rest' || period.type === 'deleted' ? 'rest' : 'sleep';
  sample.items.forEach((bpm, i) => {
    if (bpm !== null) out.add(start + i * sample.interval * 1000, bpm, source);
  });
}

function workoutSamples(seed: number, workout: PlannedWorkout, restingHr: number, out: RowWriter): void {
  const rng = createRandom(seed, `workout_hr:${workout.start}`);
  const target = WORKOUT_BPM[workout.intensity] + rng.normal(0, 5);
  for (let ms = workout.start; ms < workout.end; ms += rng.int(5, 10) * 1000) {
    const fromStart = (ms - workout.start) / MINUTE_MS;
    const toEnd = (workout.end - ms) / MINUTE_MS;
    // Warm-up over the first 5 minutes, a slight cool-down in the last 3.
    const warm = Math.min(1, fromStart / 5);
    const cool = toEnd < 3 ? 0.85 + 0.05 * toEnd : 1;
    const base = restingHr + 35 + (target - restingHr - 35) * warm;
    out.add(ms, Math.round(clamp(base * cool + rng.normal(0, 3), 60, 200)), 'workout');
  }
}

/**
 * Heart rate from the start of the grid up to `plan.nowMs`, in time order. Walks the grid once: a free
 * slot gets one sample; the first slot of a sleep period or workout emits all of that span's samples
 * (they all lie between the previous free slot and the next one, so the order holds without sorting).
 */
export function buildHeartRate(
  plan: Plan,
  grid: SlotGrid,
  periods: ReadonlyMap<PlannedSleep, SleepPeriod>,
): HeartRateRow[] {
  const out = new RowWriter(grid.startMs, plan.nowMs);
  let emitted: Busy | null = null;
  for (const d of plan.days) {
    const rng = createRandom(plan.seed, `hr:${d.day}`);
    const midnight = localTime(d.day, 0, plan.timezone).getTime();
    const first = Math.max(0, Math.ceil((midnight - grid.startMs) / SLOT_MS));
    for (let slot = first; slot < grid.count; slot++) {
      const ms = grid.startMs + slot * SLOT_MS;
      if (ms >= midnight + 24 * 60 * MINUTE_MS) break;
      const busy = grid.busy[slot] ?? null;
      if (busy && busy !== emitted && (busy.kind === 'sleep' || busy.kind === 'workout')) {
        emitted = busy;
        if (busy.kind === 'sleep') {
          const period = periods.get(busy.sleep);
          if (period) sleepSamples(period, out);
        } else if (busy.workout.source !== 'manual') {
          // A workout logged by hand was not tracked: Oura has no heart-rate samples inside it.
          workoutSamples(plan.seed, busy.workout, d.physiology.restingHr, out);
        }
      }
      if (busy && busy.kind !== 'session') continue; // asleep, training, or the ring is in its charger
      const minute = grid.localMinute[slot]!;
      const winding = minute >= 22 * 60 || minute < 6 * 60;
      const source: HeartRateSource = busy ? 'session' : winding ? 'rest' : 'awake';
      const boost = busy ? 4 : (CLASS_BOOST[grid.classes[slot]!] ?? 0) - (winding ? 4 : 0);
      out.add(ms, Math.round(clamp(d.physiology.restingHr + 16 + boost + rng.normal(0, 4), 40, 190)), source);
    }
  }
  return out.rows;
}
