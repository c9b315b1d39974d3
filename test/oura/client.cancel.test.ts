/**
 * A cancelled call stops the client at once: during a retry wait, while a request hangs, and before the
 * first request. Requests are counted by nock; no timer decides anything.
 */
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { CallCancelledError } from '../../src/errors.js';
import { BASE, makeClient, ROUTE } from './helpers.js';

const PATH = `${ROUTE}/personal_info`;

describe('cancellation through the client', () => {
  it('a retry wait ends at once when the call is cancelled, and no second attempt is made', async () => {
    const scope = nock(BASE).get(PATH).reply(503, { detail: 'busy' });
    const controller = new AbortController();
    // The backoff never ends by itself: only the cancellation can end this call.
    const { client } = makeClient({
      sleep: () => {
        controller.abort();
        return new Promise(() => undefined);
      },
    });
    await expect(client.getPersonalInfo({ signal: controller.signal })).rejects.toBeInstanceOf(CallCancelledError);
    expect(scope.isDone()).toBe(true);
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('a request in flight is aborted when the call is cancelled', async () => {
    const controller = new AbortController();
    nock(BASE)
      .get(PATH)
      .delay(10_000)
      .reply(() => {
        // Oura has the request; the owner gives up before it answers (the answer is delayed well beyond).
        controller.abort();
        return [200, { id: 'u1' }];
      });
    const { client } = makeClient();
    await expect(client.getPersonalInfo({ signal: controller.signal })).rejects.toBeInstanceOf(CallCancelledError);
  });

  it('an already cancelled call sends nothing', async () => {
    const { client } = makeClient();
    const controller = new AbortController();
    controller.abort();
    await expect(
      client.listByDate(
        'daily_sleep',
        { start_date: '2025-10-20', end_date: '2025-10-26' },
        { signal: controller.signal },
      ),
    ).rejects.toBeInstanceOf(CallCancelledError);
  });
});
