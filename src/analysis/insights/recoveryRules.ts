/**
 * Strain/illness rule: resting heart rate or body temperature raised above the owner's baseline for
 * several consecutive days. Either on its own is a common early sign of illness, overtraining or
 * alcohol; both together more so.
 */
import { addDays } from '../../lib/time.js';
import { formatSigned } from '../../lib/format.js';
import { mean, round } from '../stats.js';
import { valuesOf, type DayValue, type Insight } from './types.js';

/** Consecutive days needed before a raise counts ("several days"). */
export const MIN_RUN_DAYS = 3;
/** Nightly resting heart rate at least this far above the baseline mean, bpm. */
export const RESTING_HR_MARGIN_BPM = 3;
/** Temperature deviation at least this far above the baseline mean, °C. */
export const TEMPERATURE_MARGIN_C = 0.3;
/** Fewer baseline nights than this and resting heart rate has no baseline to compare with. */
export const MIN_BASELINE_NIGHTS = 7;

/** A run of consecutive calendar days, each above the threshold. */
export interface Run {
  start: string;
  end: string;
  days: DayValue[];
}

/**
 * Runs of at least `minDays` consecutive calendar days whose value is ≥ `threshold`. A day without a
 * value breaks a run: a raise must be seen, not assumed.
 */
export function elevatedRuns(series: readonly DayValue[], threshold: number, minDays = MIN_RUN_DAYS): Run[] {
  const runs: Run[] = [];
  let current: DayValue[] = [];
  const close = () => {
    if (current.length >= minDays)
      runs.push({ start: current[0]!.day, end: current[current.length - 1]!.day, days: current });
    current = [];
  };
  for (const point of series) {
    const previous = current[current.length - 1];
    if (previous && addDays(previous.day, 1) !== point.day) close();
    if (point.value >= threshold) current.push(point);
    else close();
  }
  close();
  return runs;
}

function overlaps(a: Run, b: Run): boolean {
  return a.start <= b.end && b.start <= a.end;
}

interface Signal {
  run: Run;
  baseline: number;
  /** The series' last day with data, to tell a raise that is still going on. */
  lastDay: string | undefined;
}

function latestRun(series: readonly DayValue[], baseline: number | null, margin: number): Signal | null {
  if (baseline === null) return null;
  const runs = elevatedRuns(series, baseline + margin);
  const run = runs[runs.length - 1];
  return run ? { run, baseline, lastDay: series[series.length - 1]?.day } : null;
}

const RECOMMENDATION =
  'Take it easy: prioritise sleep and fluids, skip hard training until the values settle, and see a doctor if you feel unwell.';
/** Both signals together still count as urgent when their run ended at most this many days before the period's end. */
export const RECENT_RUN_DAYS = 7;

function priorityOf(signal: Signal, other: Signal | null): Insight['priority'] {
  if (signal.lastDay === undefined) return 'medium';
  const ongoing = signal.run.end === signal.lastDay;
  const recent = signal.run.end >= addDays(signal.lastDay, -RECENT_RUN_DAYS);
  return ongoing || (recent && other !== null && overlaps(signal.run, other.run)) ? 'high' : 'medium';
}

/**
 * Resting heart rate (the nightly lowest heart rate) ≥ 3 bpm above the baseline mean, or temperature
 * deviation ≥ 0.3 °C above the baseline mean, on ≥ 3 consecutive days. The most recent run of each is
 * reported. High priority when the run reaches the period's last day (still going on), or when the two
 * signals overlap and the run ended within the period's last 7 days; medium otherwise (an episode
 * long over). Resting heart rate needs ≥ 7 baseline nights; temperature
 * deviation is already relative to the owner's own baseline, so without baseline days 0 °C is used.
 */
export function strainInsights(
  restingHr: readonly DayValue[],
  baselineRestingHr: readonly DayValue[],
  temperature: readonly DayValue[],
  baselineTemperature: readonly DayValue[],
): Insight[] {
  const hrBaseline = baselineRestingHr.length >= MIN_BASELINE_NIGHTS ? mean(valuesOf(baselineRestingHr)) : null;
  const tempBaselineMean = mean(valuesOf(baselineTemperature));
  const tempBaseline = tempBaselineMean ?? 0;
  const hr = latestRun(restingHr, hrBaseline, RESTING_HR_MARGIN_BPM);
  const temp = latestRun(temperature, tempBaseline, TEMPERATURE_MARGIN_C);
  const insights: Insight[] = [];
  if (hr) {
    const values = valuesOf(hr.run.days);
    insights.push({
      category: 'recovery',
      finding:
        `Resting heart rate was raised for ${hr.run.days.length} consecutive nights (${hr.run.start} to ${hr.run.end}): ` +
        `${Math.min(...values)}–${Math.max(...values)} bpm against your baseline of ${round(hr.baseline, 1)} bpm (peak ${formatSigned(Math.max(...values) - hr.baseline, 'bpm')}). A possible sign of strain or illness.`,
      recommendation: RECOMMENDATION,
      priority: priorityOf(hr, temp),
    });
  }
  if (temp) {
    const peak = Math.max(...valuesOf(temp.run.days));
    // Answer rule (no comparison without data on both sides): without baseline days the comparison is
    // with Oura's own baseline (deviation 0), and the text says so instead of naming a baseline mean.
    const against =
      tempBaselineMean === null
        ? "Oura's own baseline for you (0 °C; no baseline days to average)"
        : `a baseline of ${formatSigned(round(temp.baseline, 2), '°C', 2)}`;
    insights.push({
      category: 'recovery',
      finding:
        `Body temperature was raised for ${temp.run.days.length} consecutive days (${temp.run.start} to ${temp.run.end}): ` +
        `up to ${formatSigned(peak, '°C', 2)} deviation against ${against}. A possible sign of strain or illness.`,
      recommendation: RECOMMENDATION,
      priority: priorityOf(temp, hr),
    });
  }
  return insights;
}
