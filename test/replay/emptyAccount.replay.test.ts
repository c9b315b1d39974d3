/**
 * An account Oura has nothing for (every collection answers an empty page, as Oura does): the ring
 * status says so, and does not describe a ring it has no data for. The other tools' empty answers
 * are replayed in `daily.replay.test.ts` ("tools whose collections have no real capture…").
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { useReplayStack } from '../helpers/replayStack.js';
import { callerFor, textOf } from '../helpers/toolResults.js';

const empty = mkdtempSync(path.join(os.tmpdir(), 'oura-empty-'));
afterAll(() => rmSync(empty, { recursive: true, force: true }));

describe('an account without any data', () => {
  const stack = useReplayStack({
    now: () => new Date('2024-01-22T15:00:00Z'),
    timezone: 'America/New_York',
    dir: empty,
  });

  it('get_latest_ring_status: no ring, no battery, no last sync, and a text that says only that', async () => {
    const result = await callerFor<Record<string, unknown>>('get_latest_ring_status')(stack.client, {});
    expect(result.structuredContent).toEqual({
      ring_id: null,
      hardware_type: null,
      firmware_version: null,
      last_sync: null,
      color: null,
      design: null,
      size: null,
      set_up_at: null,
      total_rings: 0,
    });
    expect(textOf(result)).toBe(
      'Oura lists no ring for this account: the ring may not have been set up in the Oura app yet.',
    );
  });
});
