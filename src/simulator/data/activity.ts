/**
 * `daily_activity` (a day runs 04:00 → 04:00 local) and `workout`, both summed from the slot grid so the
 * per-minute MET series, the 5-minute classes, the times and the calories agree with each other and with
 * heart rate. Today's activity is partial: it stops at `now`.
 */
import type { ActivityContributors, DailyActivity, PersonalInfo, Workout } from '../../oura/types.js';
import { addDays } from '../../lib/time.js';
import { createRandom, round, score, stableId } from '../random.js';
import { localIso, localTime } from './clock.js';
import { weightedScore } from './dailySleep.js';
import type { Plan, PlannedWorkout } from './plan.js';
import { ActivityClass, slotOf, type SlotGrid } from './timeline.js';

const TARGET_CALORIES = 500;

/** Mifflin–St Jeor basal metabolic rate, kcal/day. */
function basalCalories(person: PersonalInfo): number {
  return 10 * (person.weight ?? 75) + 625 * (person.height ?? 1.78) - 5 * (person.age ?? 38) + 5;
}

/** Metres a walker would cover for `kcal` active calories (walking ≈ 0.5 kcal per kg per km). */
function walkingMetres(kcal: number, person: PersonalInfo): number {
  return Math.round((kcal * 1000) / (0.5 * (person.weight ?? 75)));
}

function activeCaloriesOfMinute(met: number, weight: number): number {
  return met >= 1.5 ? ((met - 1) * weight) / 60 : 0;
}

/** Hours between 08:00 and 20:00 spent entirely inactive (Oura nudges after ~50 min of sitting). */
function inactivityAlerts(grid: SlotGrid, dayStartSlot: number): number {
  let alerts = 0;
  // dayStartSlot is 04:00; 08:00 is 48 slots later.
  for (let hour = 4; hour < 16; hour++) {
    const first = dayStartSlot + hour * 12;
    if (first + 12 > grid.count) break;
    let sitting = true;
    for (let s = first; s < first + 12; s++) if (grid.classes[s] !== ActivityClass.Inactive) sitting = false;
    if (sitting) alerts++;
  }
  return alerts;
}

type ActivityDraft = Omit<DailyActivity, 'score' | 'contributors'>;

function draftActivity(plan: Plan, grid: SlotGrid, person: PersonalInfo, day: string): ActivityDraft | null {
  const from = localTime(day, 4 * 60, plan.timezone).getTime();
  const to = localTime(addDays(day, 1), 4 * 60, plan.timezone).getTime();
  if (from >= plan.nowMs) return null;
  const first = Math.max(0, slotOf(grid, from));
  const last = Math.min(grid.count, slotOf(grid, to));
  const weight = person.weight ?? 75;
  const seconds = [0, 0, 0, 0, 0, 0];
  const metMinutes = [0, 0, 0, 0, 0, 0];
  const items: number[] = [];
  let classes = '';
  let steps = 0;
  let active = 0;
  for (let slot = first; slot < last; slot++) {
    const cls = grid.classes[slot]!;
    classes += String(cls);
    seconds[cls]! += 300;
    steps += grid.steps[slot]!;
    for (let m = 0; m < 5; m++) {
      const met = grid.met[slot * 5 + m]!;
      items.push(met);
      metMinutes[cls]! += met;
      active += activeCaloriesOfMinute(met, weight);
    }
  }
  const activeCalories = Math.round(active);
  const equivalentWalkingDistance = walkingMetres(activeCalories, person);
  const targetMeters = walkingMetres(TARGET_CALORIES, person);
  const minutes = items.length;
  return {
    id: stableId(plan.seed, `daily_activity:${day}`),
    day,
    timestamp: localIso(from, plan.timezone),
    active_calories: activeCalories,
    total_calories: Math.round((basalCalories(person) * minutes) / 1440 + activeCalories),
    target_calories: TARGET_CALORIES,
    steps,
    equivalent_walking_distance: equivalentWalkingDistance,
    target_meters: targetMeters,
    meters_to_target: Math.max(0, targetMeters - equivalentWalkingDistance),
    high_activity_time: seconds[ActivityClass.High]!,
    medium_activity_time: seconds[ActivityClass.Medium]!,
    low_activity_time: seconds[ActivityClass.Low]!,
    sedentary_time: seconds[ActivityClass.Inactive]!,
    resting_time: seconds[ActivityClass.Rest]!,
    non_wear_time: seconds[ActivityClass.NonWear]!,
    average_met_minutes: minutes === 0 ? 0 : round(items.reduce((a, b) => a + b, 0) / minutes, 2),
    high_activity_met_minutes: Math.round(metMinutes[ActivityClass.High]!),
    medium_activity_met_minutes: Math.round(metMinutes[ActivityClass.Medium]!),
    low_activity_met_minutes: Math.round(metMinutes[ActivityClass.Low]!),
    sedentary_met_minutes: Math.round(metMinutes[ActivityClass.Inactive]!),
    inactivity_alerts: inactivityAlerts(grid, first),
    met: { interval: 60, items, timestamp: localIso(from, plan.timezone) },
    class_5_min: classes,
  };
}

const WEIGHTS: Record<keyof ActivityContributors, number> = {
  meet_daily_targets: 0.25,
  move_every_hour: 0.1,
  recovery_time: 0.2,
  stay_active: 0.15,
  training_frequency: 0.1,
  training_volume: 0.2,
};

/** Contributors look back over the last 7 days of drafts and workouts. */
function contributorsFor(
  drafts: readonly ActivityDraft[],
  index: number,
  workouts: readonly Workout[],
): ActivityContributors {
  const current = drafts[index]!;
  const week = drafts.slice(Math.max(0, index - 6), index + 1);
  const weekStart = week[0]!.day;
  const weekWorkouts = workouts.filter((w) => w.day >= weekStart && w.day <= current.day);
  const weekCalories = weekWorkouts.reduce((sum, w) => sum + (w.calories ?? 0), 0);
  const targetsMet = week.filter((d) => d.active_calories >= d.target_calories).length;
  const easyDays = week.filter((d) => d.active_calories < 350).length;
  const sedentaryHours = current.sedentary_time / 3600;
  return {
    meet_daily_targets: score(30 + (70 * targetsMet) / week.length),
    move_every_hour: score(100 - current.inactivity_alerts * 15),
    recovery_time: score(easyDays >= 1 ? 95 : 65),
    stay_active: score(100 - Math.max(0, sedentaryHours - 10) * 8),
    training_frequency: score([40, 60, 75, 90][weekWorkouts.length] ?? 100),
    training_volume: score(45 + weekCalories / 30),
  };
}

/** Daily activity for every day that has started by now (today's stops at now). */
export function buildDailyActivity(
  plan: Plan,
  grid: SlotGrid,
  person: PersonalInfo,
  workouts: readonly Workout[],
): DailyActivity[] {
  const drafts = plan.days
    .map((d) => draftActivity(plan, grid, person, d.day))
    .filter((d): d is ActivityDraft => d !== null);
  return drafts.map((draft, index) => {
    const contributors = contributorsFor(drafts, index, workouts);
    return { ...draft, score: weightedScore(contributors, WEIGHTS), contributors };
  });
}

/** One workout row; calories are summed from the grid's METs over the workout's slots. */
function buildWorkout(plan: Plan, grid: SlotGrid, person: PersonalInfo, planned: PlannedWorkout): Workout {
  const rng = createRandom(plan.seed, `workout:${planned.start}`);
  const hours = (planned.end - planned.start) / 3_600_000;
  let metSum = 0;
  let metCount = 0;
  for (
    let slot = Math.max(0, slotOf(grid, planned.start));
    slot < Math.min(grid.count, slotOf(grid, planned.end - 1) + 1);
    slot++
  ) {
    for (let m = 0; m < 5; m++) {
      metSum += grid.met[slot * 5 + m]!;
      metCount++;
    }
  }
  const met = metCount > 0 ? metSum / metCount : (planned.kind.met[0] + planned.kind.met[1]) / 2;
  const speed = planned.kind.speedKmh;
  return {
    id: stableId(plan.seed, `workout:${planned.start}`),
    day: planned.day,
    activity: planned.kind.activity,
    intensity: planned.intensity,
    // Unrounded, with float artefacts, as Oura sends them (e.g. 6577.8117179870605 m, 29.627 kcal).
    calories: round((met - 1) * (person.weight ?? 75) * hours, 3),
    distance: speed === null ? null : speed * hours * 1000 * rng.range(0.9, 1.1),
    start_datetime: localIso(planned.start, plan.timezone),
    end_datetime: localIso(planned.end, plan.timezone),
    label: planned.label,
    source: planned.source,
  };
}

/** Every workout finished by now, by start time. */
export function buildWorkouts(plan: Plan, grid: SlotGrid, person: PersonalInfo): Workout[] {
  return plan.days
    .flatMap((d) => d.workouts)
    .filter((w) => w.end <= plan.nowMs)
    .sort((a, b) => a.start - b.start)
    .map((w) => buildWorkout(plan, grid, person, w));
}
