import { describe, expect, it } from 'vitest';
import { newestRing, ringStatusOutputSchema, toRingStatus } from '../../../src/mcp/tools/mappers/ringStatus.js';
import type { RingConfiguration } from '../../../src/oura/types.js';

const ring = (id: string, setUpAt: string | null, extra: Partial<RingConfiguration> = {}): RingConfiguration => ({
  id,
  color: 'stealth_black',
  design: 'heritage',
  firmware_version: '2.9.24',
  hardware_type: 'gen3',
  set_up_at: setUpAt,
  size: 10,
  ...extra,
});

describe('ring status', () => {
  const old = ring('old', '2023-01-10T18:00:00Z');
  const current = ring('new', '2025-08-01T16:05:00Z', {
    hardware_type: 'gen4',
    firmware_version: '3.12.4',
    color: 'brushed_silver',
    design: 'horizon',
  });
  const undated = ring('undated', null);

  it('picks the ring set up last, whatever the list order; undated rings rank oldest', () => {
    expect(newestRing([current, undated, old])).toBe(current);
    expect(newestRing([undated])).toBe(undated);
    expect(newestRing([])).toBeNull();
  });

  it('last_sync is the later of the latest battery sample and the latest heart-rate reading, in local time', () => {
    const battery = { timestamp: '2025-10-26T07:30:00Z', level: 64, charging: false, in_charger: false };
    const heart = { bpm: 61, source: 'awake' as const, timestamp: '2025-10-26T07:41:12Z' };
    const status = toRingStatus([old, current], battery, heart, 'Europe/Berlin');
    expect(status).toEqual({
      ring_id: 'new',
      hardware_type: 'gen4',
      firmware_version: '3.12.4',
      battery_level: 64,
      charging: false,
      battery_measured_at: '2025-10-26T08:30:00+01:00',
      last_sync: '2025-10-26T08:41:12+01:00',
      color: 'brushed_silver',
      design: 'horizon',
      size: 10,
      set_up_at: '2025-08-01T16:05:00Z',
      total_rings: 2,
    });
    expect(toRingStatus([current], battery, { ...heart, timestamp: '2025-10-26T06:00:00Z' }, 'UTC').last_sync).toBe(
      '2025-10-26T07:30:00+00:00',
    );
    expect(() => ringStatusOutputSchema.parse(status)).not.toThrow();
  });

  it('leaves battery fields out without a sample, and last_sync null without any data', () => {
    const status = toRingStatus(
      [{ ...current, firmware_version: null, hardware_type: null }],
      null,
      null,
      'Europe/Berlin',
    );
    expect(status).toEqual({
      ring_id: 'new',
      hardware_type: null,
      firmware_version: null,
      last_sync: null,
      color: 'brushed_silver',
      design: 'horizon',
      size: 10,
      set_up_at: '2025-08-01T16:05:00Z',
      total_rings: 1,
    });
    expect(() => ringStatusOutputSchema.parse(status)).not.toThrow();
    expect(toRingStatus([], null, null, 'UTC').ring_id).toBeNull();
  });
});
