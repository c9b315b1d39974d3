/**
 * Heart-rate readings as points for an answer: parsing Oura's UTC rows, bucketing them into the owner's
 * local 5-minute slots, hours or days, and choosing a resolution that keeps the answer small.
 *
 * Every timestamp in an answer is written in the owner's zone with its offset (`2025-10-26T07:00:00+01:00`),
 * raw readings included, so a model reads local clock times directly. A bucket's timestamp is its start.
 */
import { HEART_RATE_SOURCES, type HeartRateRow, type HeartRateSource } from '../oura/types.js';
import { startOfLocalDay, type ZoneOffsets } from '../lib/time.js';

export type HeartRateResolution = 'raw' | '5min' | 'hourly' | 'daily';
/** Finest first: the order automatic resolution tries them in. */
export const HEART_RATE_RESOLUTIONS: readonly HeartRateResolution[] = ['raw', '5min', 'hourly', 'daily'];

/** One reading, parsed: epoch milliseconds, beats per minute, Oura's source (null when missing or unknown). */
export interface Reading {
  ms: number;
  bpm: number;
  source: HeartRateSource | null;
}

/** Longest stretch one reading stands for: Oura samples every ~5 minutes at rest; a longer gap is no data. */
export const MAX_READING_WEIGHT_MS = 300_000;

/**
 * How long each reading stands for: the time until the next reading, capped at 5 minutes (the last one
 * gets the full 5). Oura samples every few seconds during workouts but every ~5 minutes otherwise, so a
 * plain mean of readings lets one workout outweigh a whole day; weighting by time gives the average
 * over time that "average heart rate" means. `readings` must be sorted.
 */
export function timeWeights(readings: readonly Reading[]): Float64Array {
  const weights = new Float64Array(readings.length);
  for (let i = 0; i < readings.length; i++) {
    const next = readings[i + 1];
    weights[i] =
      next === undefined
        ? MAX_READING_WEIGHT_MS
        : Math.min(Math.max(0, next.ms - readings[i]!.ms), MAX_READING_WEIGHT_MS);
  }
  return weights;
}

/** A point of the answer: a raw reading, or a bucket with its average and extremes. */
export interface HeartRatePoint {
  timestamp: string;
  bpm: number;
  source: HeartRateSource | null;
  min_bpm?: number;
  max_bpm?: number;
  readings?: number;
}

/**
 * Readings inside `[startMs, endMs]` (both ends included, as the client returns them), sorted by time.
 * Rows with an unparseable timestamp or a non-positive bpm are dropped: they cannot be placed or averaged.
 * A missing or unknown `source` (rows are parsed leniently) becomes null: the reading still counts.
 */
export function toReadings(rows: readonly HeartRateRow[], startMs: number, endMs: number): Reading[] {
  const readings: Reading[] = [];
  for (const row of rows) {
    const ms = Date.parse(row.timestamp);
    if (!Number.isFinite(ms) || ms < startMs || ms > endMs) continue;
    if (typeof row.bpm !== 'number' || !Number.isFinite(row.bpm) || row.bpm <= 0) continue;
    const source = (HEART_RATE_SOURCES as readonly unknown[]).includes(row.source) ? row.source : null;
    readings.push({ ms, bpm: row.bpm, source });
  }
  return readings.sort((a, b) => a.ms - b.ms);
}

/** Most specific first: breaks ties between equally frequent sources deterministically. */
const SOURCE_PRIORITY: readonly HeartRateSource[] = ['workout', 'session', 'live', 'sleep', 'rest', 'awake'];

/**
 * The source covering the most time (or count) in a bucket; ties go to the more specific source
 * (workout before awake). Null when no reading in the bucket had a known source.
 */
export function dominantSource(counts: ReadonlyMap<HeartRateSource, number>): HeartRateSource | null {
  let best: HeartRateSource | null = null;
  let bestCount = 0;
  for (const source of SOURCE_PRIORITY) {
    const count = counts.get(source) ?? 0;
    if (count > bestCount) {
      best = source;
      bestCount = count;
    }
  }
  return best;
}

interface Bucket {
  start: number;
  /** Sum of bpm × weight, and of weights, for the time-weighted mean. */
  weighted: number;
  weight: number;
  /** Plain sum, for a bucket whose readings all share one instant (total weight 0). */
  sum: number;
  min: number;
  max: number;
  count: number;
  /** Time covered per source. */
  sources: Map<HeartRateSource, number>;
}

const BUCKET_MS: Record<'5min' | 'hourly', number> = { '5min': 300_000, hourly: 3_600_000 };

/**
 * The instant a reading's bucket starts. 5-minute and hourly buckets are local wall-clock slots (an
 * Asia/Kolkata hour starts at :30 UTC); in the repeated hour of a DST fall-back each offset gets its own
 * bucket, so no bucket mixes two real hours. Daily buckets are local days, never the UTC date.
 */
function bucketStart(
  ms: number,
  resolution: Exclude<HeartRateResolution, 'raw'>,
  zone: ZoneOffsets,
  dayStarts: Map<string, number>,
): number {
  if (resolution === 'daily') {
    const day = zone.day(ms);
    let start = dayStarts.get(day);
    if (start === undefined) {
      start = startOfLocalDay(day, zone.timezone).getTime();
      dayStarts.set(day, start);
    }
    return start;
  }
  const size = BUCKET_MS[resolution];
  const offsetMs = zone.at(ms) * 60_000;
  return Math.floor((ms + offsetMs) / size) * size - offsetMs;
}

/**
 * Points at `resolution`: raw readings as they are, or one point per non-empty bucket with the
 * time-weighted average bpm (see {@link timeWeights}; rounded to whole beats), min, max, reading count
 * and the source covering most of the bucket's time. `readings` must be sorted.
 */
export function toPoints(
  readings: readonly Reading[],
  resolution: HeartRateResolution,
  zone: ZoneOffsets,
): HeartRatePoint[] {
  if (resolution === 'raw') return readings.map((r) => ({ timestamp: zone.iso(r.ms), bpm: r.bpm, source: r.source }));
  const weights = timeWeights(readings);
  const buckets = new Map<number, Bucket>();
  const dayStarts = new Map<string, number>();
  readings.forEach((reading, i) => {
    const start = bucketStart(reading.ms, resolution, zone, dayStarts);
    let bucket = buckets.get(start);
    if (!bucket) {
      bucket = {
        start,
        weighted: 0,
        weight: 0,
        sum: 0,
        min: reading.bpm,
        max: reading.bpm,
        count: 0,
        sources: new Map(),
      };
      buckets.set(start, bucket);
    }
    const weight = weights[i]!;
    bucket.weighted += reading.bpm * weight;
    bucket.weight += weight;
    bucket.sum += reading.bpm;
    bucket.count += 1;
    bucket.min = Math.min(bucket.min, reading.bpm);
    bucket.max = Math.max(bucket.max, reading.bpm);
    // Weight 0 only for readings sharing an instant; counting them as 1 ms keeps them in the tally.
    if (reading.source !== null)
      bucket.sources.set(reading.source, (bucket.sources.get(reading.source) ?? 0) + Math.max(weight, 1));
  });
  return [...buckets.values()]
    .sort((a, b) => a.start - b.start)
    .map((b) => ({
      timestamp: zone.iso(b.start),
      bpm: Math.round(b.weight > 0 ? b.weighted / b.weight : b.sum / b.count),
      source: dominantSource(b.sources),
      min_bpm: b.min,
      max_bpm: b.max,
      readings: b.count,
    }));
}

/** Limits of automatic resolution. */
export const AUTO_LIMITS = {
  /**
   * Points in a default answer (issue #13): a day by the hour, two hours by 5 minutes, a week by the
   * day. With the points repeated in the text for text-only clients, a default answer stays under 4 KB.
   */
  maxPoints: 24,
  /** Bytes of `data` as JSON (24 bucket rows are ~2.6 KB); dense raw readings fall back to buckets. */
  maxDataBytes: 3_000,
} as const;

/** Ceiling on points when the caller names a resolution; beyond it the next coarser one is used. */
export const MAX_EXPLICIT_POINTS = 1_000;

export interface ResolutionChoice {
  resolution: HeartRateResolution;
  points: HeartRatePoint[];
  /** Set when the asked resolution would have exceeded {@link MAX_EXPLICIT_POINTS}. */
  coarsenedFrom?: HeartRateResolution;
}

/**
 * Automatic (`requested` undefined): the finest resolution whose points number at most
 * {@link AUTO_LIMITS.maxPoints} and serialise to at most {@link AUTO_LIMITS.maxDataBytes}; daily
 * otherwise (a window is at most ~31 days). Explicit: that resolution, unless it gives more than
 * {@link MAX_EXPLICIT_POINTS} points, in which case the finest coarser one that fits.
 */
export function chooseResolution(
  readings: readonly Reading[],
  zone: ZoneOffsets,
  requested?: HeartRateResolution,
): ResolutionChoice {
  const auto = requested === undefined;
  const maxPoints = auto ? AUTO_LIMITS.maxPoints : MAX_EXPLICIT_POINTS;
  const candidates = HEART_RATE_RESOLUTIONS.slice(auto ? 0 : HEART_RATE_RESOLUTIONS.indexOf(requested));
  const choice = (resolution: HeartRateResolution, points: HeartRatePoint[]): ResolutionChoice =>
    auto || resolution === requested ? { resolution, points } : { resolution, points, coarsenedFrom: requested };
  for (const resolution of candidates.slice(0, -1)) {
    // Raw needs no bucketing to know its size: skip building points that cannot fit.
    if (resolution === 'raw' && readings.length > maxPoints) continue;
    const points = toPoints(readings, resolution, zone);
    const fits = points.length <= maxPoints && (!auto || JSON.stringify(points).length <= AUTO_LIMITS.maxDataBytes);
    if (fits) return choice(resolution, points);
  }
  const last = candidates[candidates.length - 1] ?? 'daily';
  return choice(last, toPoints(readings, last, zone));
}
