/**
 * `get_latest_ring_status` answer shape and mapping: the newest ring from `ring_configuration`, its
 * latest battery sample, and when Oura last received data from it.
 */
import { z } from 'zod';
import type { HeartRateRow, RingBatteryLevel, RingConfiguration } from '../../../oura/types.js';
import { toZonedIso } from '../../../lib/time.js';
import { finiteOrNull, instantOf, textOrNull } from './rowGuards.js';

export const ringStatusOutputSchema = z.object({
  ring_id: z.string().nullable().describe("Oura's id of the newest ring; null when Oura lists no ring."),
  hardware_type: z
    .string()
    .nullable()
    .describe('Ring generation: gen1, gen2, gen2m, gen3, gen4 or or5 (Oura Ring 5); null if Oura did not say.'),
  firmware_version: z.string().nullable().describe('Firmware version, e.g. 3.12.4; null if Oura did not say.'),
  battery_level: z
    .number()
    .optional()
    .describe(
      "Battery, % (0–100), from Oura's latest battery sample; absent when Oura has none (not every account or ring reports it).",
    ),
  charging: z
    .boolean()
    .nullable()
    .optional()
    .describe('Whether the ring was charging at that battery sample; absent with no sample, null if Oura did not say.'),
  battery_measured_at: z
    .string()
    .optional()
    .describe("Time of that battery sample, ISO 8601 in the owner's local offset; absent with no sample."),
  last_sync: z
    .string()
    .nullable()
    .describe(
      "The newest data Oura has received from the ring: the later of the latest battery sample and the latest heart-rate reading, ISO 8601 in the owner's local offset. Data reaches Oura when the phone app syncs, so this is when the ring last synced data, at the latest. Null when Oura has neither.",
    ),
  color: z.string().nullable().describe('Ring colour as Oura names it (e.g. stealth_black); null if absent.'),
  design: z.string().nullable().describe('Ring design (e.g. heritage, horizon); null if absent.'),
  size: z.number().nullable().describe('Ring size (US); null if absent.'),
  set_up_at: z
    .string()
    .nullable()
    .describe('When the ring was set up, ISO 8601 (UTC as Oura sends it); null if absent.'),
  total_rings: z.number().int().describe('How many rings Oura lists for the account (the newest is described here).'),
});

export type RingStatusOutput = z.infer<typeof ringStatusOutputSchema>;

/** The ring set up last; rings without `set_up_at` rank oldest, ties go to the later row in Oura's list. */
export function newestRing(rings: readonly RingConfiguration[]): RingConfiguration | null {
  let best: RingConfiguration | null = null;
  let bestAt = Number.NEGATIVE_INFINITY;
  for (const ring of rings) {
    const at = instantOf(ring.set_up_at) ?? Number.NEGATIVE_INFINITY;
    if (best === null || at >= bestAt) {
      best = ring;
      bestAt = at;
    }
  }
  return best;
}

/** The later of the two samples' instants, or null. */
export function lastSyncMs(battery: RingBatteryLevel | null, heartRate: HeartRateRow | null): number | null {
  const instants = [instantOf(battery?.timestamp), instantOf(heartRate?.timestamp)].filter(
    (ms): ms is number => ms !== null,
  );
  return instants.length === 0 ? null : Math.max(...instants);
}

export function toRingStatus(
  rings: readonly RingConfiguration[],
  battery: RingBatteryLevel | null,
  heartRate: HeartRateRow | null,
  timezone: string,
): RingStatusOutput {
  const ring = newestRing(rings);
  const level = finiteOrNull(battery?.level);
  const batteryAt = instantOf(battery?.timestamp);
  const sync = lastSyncMs(battery, heartRate);
  return {
    ring_id: textOrNull(ring?.id),
    hardware_type: textOrNull(ring?.hardware_type),
    firmware_version: textOrNull(ring?.firmware_version),
    ...(level !== null && batteryAt !== null
      ? {
          battery_level: level,
          charging: typeof battery?.charging === 'boolean' ? battery.charging : null,
          battery_measured_at: toZonedIso(new Date(batteryAt), timezone),
        }
      : {}),
    last_sync: sync === null ? null : toZonedIso(new Date(sync), timezone),
    color: textOrNull(ring?.color),
    design: textOrNull(ring?.design),
    size: finiteOrNull(ring?.size),
    set_up_at: textOrNull(ring?.set_up_at),
    total_rings: rings.length,
  };
}
