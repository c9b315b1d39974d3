/**
 * The person's whole history as 5-minute slots (UTC-aligned, so local 04:00 falls on a slot edge in every
 * real zone): what they were doing (asleep, training, ring in the charger, …), the Oura activity class,
 * the MET of each minute and the steps. Daily activity sums these slots; heart rate reads them, so the
 * two always agree.
 */
import { createRandom, round } from '../random.js';
import { MINUTE_MS } from '../../lib/time.js';
import { localTime, SLOT_MS, type Span } from './clock.js';
import type { Plan, PlannedSleep, PlannedWorkout, PlannedSession } from './plan.js';

/** Something that occupies a stretch of time. */
export type Busy =
  | (Span & { kind: 'sleep'; sleep: PlannedSleep })
  | (Span & { kind: 'workout'; workout: PlannedWorkout })
  | (Span & { kind: 'session'; session: PlannedSession })
  | (Span & { kind: 'charge' });

/** Oura's `class_5_min` digits. */
export const ActivityClass = { NonWear: 0, Rest: 1, Inactive: 2, Low: 3, Medium: 4, High: 5 } as const;

export interface SlotGrid {
  /** Epoch ms of slot 0. */
  startMs: number;
  /** Number of slots (the last one starts before `nowMs`). */
  count: number;
  /** Activity class per slot (0–5). */
  classes: Uint8Array;
  /** MET per minute (5 per slot), one decimal. */
  met: Float64Array;
  /** Steps per slot. */
  steps: Uint16Array;
  /** What occupied each slot, or null when the person was simply awake. */
  busy: Array<Busy | null>;
  /** Local minute of the day at each slot (for awake heart rate shaping). */
  localMinute: Uint16Array;
}

/** Every busy span of the plan, sorted by start. */
export function busySpans(plan: Plan): Busy[] {
  const spans: Busy[] = [];
  for (const day of plan.days) {
    spans.push({ start: day.main.start, end: day.main.end, kind: 'sleep', sleep: day.main });
    for (const nap of day.naps) spans.push({ start: nap.start, end: nap.end, kind: 'sleep', sleep: nap });
    for (const workout of day.workouts)
      spans.push({ start: workout.start, end: workout.end, kind: 'workout', workout });
    if (day.session)
      spans.push({ start: day.session.start, end: day.session.end, kind: 'session', session: day.session });
    if (day.charge) spans.push({ start: day.charge.start, end: day.charge.end, kind: 'charge' });
  }
  return spans.sort((a, b) => a.start - b.start);
}

function workoutClass(workout: PlannedWorkout): number {
  const met = (workout.kind.met[0] + workout.kind.met[1]) / 2;
  return met >= 6 ? ActivityClass.High : met >= 3 ? ActivityClass.Medium : ActivityClass.Low;
}

/** Builds the slot grid from local midnight of the first day up to `nowMs`. */
export function buildSlotGrid(plan: Plan): SlotGrid {
  const startMs = Math.floor(localTime(plan.firstDay, 0, plan.timezone).getTime() / SLOT_MS) * SLOT_MS;
  const count = Math.max(0, Math.ceil((plan.nowMs - startMs) / SLOT_MS));
  const grid: SlotGrid = {
    startMs,
    count,
    classes: new Uint8Array(count),
    met: new Float64Array(count * 5),
    steps: new Uint16Array(count),
    busy: new Array<Busy | null>(count).fill(null),
    localMinute: new Uint16Array(count),
  };
  const spans = busySpans(plan);
  let spanIndex = 0;
  for (const day of plan.days) {
    const rng = createRandom(plan.seed, `slots:${day.day}`);
    const midnight = localTime(day.day, 0, plan.timezone).getTime();
    const nextMidnight = midnight + 24 * 60 * MINUTE_MS;
    const first = Math.max(0, Math.ceil((midnight - startMs) / SLOT_MS));
    for (let slot = first; slot < count; slot++) {
      const t = startMs + slot * SLOT_MS;
      if (t >= nextMidnight) break;
      while (spanIndex < spans.length && spans[spanIndex]!.end <= t) spanIndex++;
      const span = spans[spanIndex];
      const busy = span && span.start <= t ? span : null;
      const minute = Math.floor((t - midnight) / MINUTE_MS);
      grid.busy[slot] = busy;
      grid.localMinute[slot] = Math.min(1439, minute);
      // Plain numbers rather than tuples: this loop runs for every 5 minutes of history.
      let cls: number = ActivityClass.Inactive;
      let metLow = 1.0;
      let metHigh = 1.4;
      let stepsLow = 0;
      let stepsHigh = 3;
      if (busy?.kind === 'sleep') {
        cls = ActivityClass.Rest;
        [metLow, metHigh, stepsHigh] = [0.9, 1.0, 0];
      } else if (busy?.kind === 'charge') {
        cls = ActivityClass.NonWear;
        [metLow, metHigh, stepsHigh] = [0.9, 0.9, 0];
      } else if (busy?.kind === 'session') {
        [metLow, metHigh, stepsHigh] = [1.0, 1.1, 0];
      } else if (busy?.kind === 'workout') {
        const kind = busy.workout.kind;
        cls = workoutClass(busy.workout);
        [metLow, metHigh, stepsLow, stepsHigh] = [
          kind.met[0],
          kind.met[1],
          kind.stepsPerMinute[0],
          kind.stepsPerMinute[1],
        ];
      } else {
        // Awake: mostly sitting; more moving around in the day, hardly any late in the evening,
        // and lying down (Oura's "rest") after 22:00.
        const quiet = minute < 7 * 60 || minute >= 21 * 60 + 30;
        const r = rng.next() / (quiet ? 0.2 : day.activeness);
        if (minute >= 22 * 60) {
          cls = ActivityClass.Rest;
          [metLow, metHigh, stepsHigh] = [0.9, 1.1, 1];
        } else if (r < 0.025) {
          cls = ActivityClass.Medium;
          [metLow, metHigh, stepsLow, stepsHigh] = [3.0, 5.0, 85, 110];
        } else if (r < 0.21) {
          cls = ActivityClass.Low;
          [metLow, metHigh, stepsLow, stepsHigh] = [1.6, 2.9, 12, 32];
        }
      }
      grid.classes[slot] = cls;
      let steps = 0;
      for (let m = 0; m < 5; m++) {
        grid.met[slot * 5 + m] = round(rng.range(metLow, metHigh), 1);
        steps += rng.int(stepsLow, stepsHigh);
      }
      grid.steps[slot] = steps;
    }
  }
  return grid;
}

/** Slot index of an instant (may be out of the grid's range). */
export function slotOf(grid: SlotGrid, ms: number): number {
  return Math.floor((ms - grid.startMs) / SLOT_MS);
}
