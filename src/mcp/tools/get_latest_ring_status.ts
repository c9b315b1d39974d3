/**
 * `get_latest_ring_status`: the owner's current ring (the newest in `ring_configuration`), its latest
 * battery level and when Oura last received data from it. Three small requests, run concurrently.
 */
import { z } from 'zod';
import { OuraAppTooOldError, OuraForbiddenError, OuraNotFoundError, OuraValidationError } from '../../oura/errors.js';
import type { DatetimeCollection, DatetimeCollections } from '../../oura/types.js';
import { defineTool, readOnlyAnnotations, type ToolContext } from '../tool.js';
import { ringStatusOutputSchema, toRingStatus, type RingStatusOutput } from './mappers/ringStatus.js';
import { formatDay } from '../../lib/format.js';

const inputSchema = z.object({});

/**
 * Battery and heart rate are extras: a ring or account without them (older rings report no battery,
 * a scope not granted, a route Oura refuses) still gets the ring's description. Rate limits, auth and
 * server errors are thrown as usual.
 */
async function latestOrNull<C extends DatetimeCollection>(
  context: ToolContext,
  collection: C,
): Promise<DatetimeCollections[C] | null> {
  try {
    return await context.source.getLatest(collection);
  } catch (error) {
    const optional =
      error instanceof OuraForbiddenError ||
      error instanceof OuraNotFoundError ||
      error instanceof OuraValidationError ||
      error instanceof OuraAppTooOldError;
    if (!optional) throw error;
    context.logger.debug(`latest ${collection} unavailable for the ring status`, { error: error.message });
    return null;
  }
}

function ago(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes === 0) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}

function when(iso: string, now: Date): string {
  return `${formatDay(iso.slice(0, 10))} ${iso.slice(11, 16)} (${ago(now.getTime() - Date.parse(iso))})`;
}

function ringLine(out: RingStatusOutput): string {
  const looks = [out.color?.replaceAll('_', ' '), out.design, out.size !== null ? `size ${out.size}` : null].filter(
    (part) => part,
  );
  return `Ring: Oura ${out.hardware_type ?? 'ring of unknown generation'}${looks.length > 0 ? ` (${looks.join(', ')})` : ''}, firmware ${out.firmware_version ?? 'unknown'}${out.set_up_at ? `, set up ${formatDay(out.set_up_at.slice(0, 10))}` : ''}.`;
}

function describe(out: RingStatusOutput, now: Date): string {
  // last_sync is the later of the battery sample and the newest reading: null means no data at all.
  if (out.ring_id === null && out.last_sync === null)
    return 'Oura lists no ring for this account: the ring may not have been set up in the Oura app yet.';
  // Answer rule (text never contradicts the data): an account with readings but no listed ring
  // configuration has a ring; only its description is missing.
  const lines = [
    out.ring_id === null
      ? 'Ring: Oura lists no ring configuration for this account (model, firmware and size unknown), but it has data from a ring.'
      : ringLine(out),
  ];
  if (out.battery_level !== undefined && out.battery_measured_at !== undefined) {
    const charging = out.charging === true ? ', charging' : out.charging === false ? ', not charging' : '';
    lines.push(`Battery ${out.battery_level}%${charging}, measured ${when(out.battery_measured_at, now)}.`);
  } else {
    lines.push('Battery level: not available from Oura for this ring.');
  }
  lines.push(
    out.last_sync === null
      ? 'Last sync: Oura has no recent battery or heart-rate data from the ring.'
      : `Last data from the ring: ${when(out.last_sync, now)}.`,
  );
  if (out.total_rings > 1) lines.push(`Oura lists ${out.total_rings} rings for the account; this is the newest.`);
  return lines.join('\n');
}

export const getLatestRingStatus = defineTool({
  name: 'get_latest_ring_status',
  title: 'Ring status',
  description: 'Current ring: model, firmware, colour, size, set-up date, battery, charging, last sync.',
  inputSchema,
  outputSchema: ringStatusOutputSchema,
  annotations: readOnlyAnnotations('Ring status'),
  async handler(_args, context) {
    const [rings, battery, heartRate] = await Promise.all([
      context.source.listRingConfigurations(),
      latestOrNull(context, 'ring_battery_level'),
      latestOrNull(context, 'heartrate'),
    ]);
    const structured = toRingStatus(rings, battery, heartRate, context.timezone);
    return { structured, text: describe(structured, context.now()) };
  },
});
