/**
 * The owner's wall clock for one sleep period. Oura writes each time with the ring's local offset, so
 * the clock is that offset, whatever zone the viewer is in. A night across a DST change starts and
 * ends with different offsets; the host's zone is used when it agrees with both (it places the
 * change at the right moment), else the bedtime offset holds for the whole night.
 */
import { formatOffset, formatWithOffset, offsetOf, ZoneOffsets } from '../../src/lib/time.js';

export interface OwnerClock {
  /** `23:47` at an instant (epoch ms). */
  time(ms: number): string;
  /** `UTC+02:00`, or `UTC+02:00 → UTC+01:00` on a DST night. */
  zone: string;
}

export function ownerClock(start: string, end: string | null, hostZone: string | undefined): OwnerClock {
  const startOffset = offsetOf(start) ?? 0;
  const endOffset = (end === null ? null : offsetOf(end)) ?? startOffset;
  const zone =
    startOffset === endOffset
      ? `UTC${formatOffset(startOffset)}`
      : `UTC${formatOffset(startOffset)} → UTC${formatOffset(endOffset)}`;
  const offsets = hostZone === undefined || startOffset === endOffset ? undefined : new ZoneOffsets(hostZone);
  const agrees =
    offsets !== undefined &&
    offsets.at(Date.parse(start)) === startOffset &&
    end !== null &&
    offsets.at(Date.parse(end)) === endOffset;
  const offsetAt = (ms: number) => (agrees ? offsets.at(ms) : startOffset);
  return { time: (ms) => formatWithOffset(ms, offsetAt(ms)).slice(11, 16), zone };
}
