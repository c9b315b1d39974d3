/** Crafted Oura rows for the sleep tools' pure tests. */
import type { SleepPeriod, SleepType } from '../../../src/oura/types.js';

/** A sleep period with every field set; durations derive from `total` so the numbers stay coherent. */
export function period(day: string, type: SleepType, total: number, extra: Partial<SleepPeriod> = {}): SleepPeriod {
  return {
    id: `${day}-${type}-${total}`,
    day,
    type,
    bedtime_start: `${day}T00:00:00+02:00`,
    bedtime_end: `${day}T08:00:00+02:00`,
    average_breath: 14.2,
    average_heart_rate: 55.3,
    average_hrv: 42,
    lowest_heart_rate: 48,
    awake_time: 1800,
    deep_sleep_duration: Math.round(total * 0.2),
    light_sleep_duration: Math.round(total * 0.55),
    rem_sleep_duration: total - Math.round(total * 0.2) - Math.round(total * 0.55),
    total_sleep_duration: total,
    time_in_bed: total + 1800,
    latency: 600,
    efficiency: Math.round((100 * total) / (total + 1800)),
    heart_rate: null,
    hrv: null,
    movement_30_sec: null,
    sleep_phase_5_min: null,
    readiness: null,
    restless_periods: 3,
    ...extra,
  };
}
