import { describe, expect, it } from 'vitest';
import { CallCancelledError } from '../../../src/errors.js';
import { createSilentLogger } from '../../../src/logger.js';
import { CachedOuraSource } from '../../../src/oura/cache/cachedSource.js';
import { SharedFetch } from '../../../src/oura/cache/sharedFetch.js';
import type { RequestOptions, UpstreamStep } from '../../../src/oura/source.js';
import type { PersonalInfo } from '../../../src/oura/types.js';
import { FakeSource } from '../../http/fixtures.js';

/** A load the test finishes by hand; it records the signal it was given. */
function controlledLoad<T>(): {
  load: (options: RequestOptions) => Promise<T>;
  finish: (value: T) => void;
  signal: () => AbortSignal | undefined;
  step: (step: UpstreamStep) => void;
} {
  let resolve: (value: T) => void = () => undefined;
  let given: RequestOptions = {};
  return {
    load: (options) => {
      given = options;
      return new Promise<T>((r) => (resolve = r));
    },
    finish: (value) => resolve(value),
    signal: () => given.signal,
    step: (step) => given.onUpstreamStep?.(step),
  };
}

describe('SharedFetch', () => {
  it('one caller cancelling leaves the fetch running for the others; the last one leaving aborts it', async () => {
    const work = controlledLoad<number>();
    const shared = new SharedFetch(work.load);
    const first = new AbortController();
    const second = new AbortController();
    const a = shared.join({ signal: first.signal });
    const b = shared.join({ signal: second.signal });

    first.abort();
    await expect(a).rejects.toBeInstanceOf(CallCancelledError);
    expect(work.signal()?.aborted).toBe(false);
    expect(shared.abandoned).toBe(false);

    second.abort();
    await expect(b).rejects.toBeInstanceOf(CallCancelledError);
    expect(work.signal()?.aborted).toBe(true);
    expect(shared.abandoned).toBe(true);
  });

  it('a caller without a signal keeps the fetch alive, and every waiting caller hears each upstream step', async () => {
    const work = controlledLoad<string>();
    const shared = new SharedFetch(work.load);
    const cancelled = new AbortController();
    const heardByA: number[] = [];
    const heardByB: number[] = [];
    const a = shared.join({ signal: cancelled.signal, onUpstreamStep: (s) => heardByA.push(s.page) });
    const b = shared.join({ onUpstreamStep: (s) => heardByB.push(s.page) });
    work.step({ collection: 'heartrate', page: 1 });
    cancelled.abort();
    await expect(a).rejects.toBeInstanceOf(CallCancelledError);
    work.step({ collection: 'heartrate', page: 2 });
    work.finish('rows');
    expect(await b).toBe('rows');
    expect(work.signal()?.aborted).toBe(false);
    expect(heardByA).toEqual([1]);
    expect(heardByB).toEqual([1, 2]);
  });

  it('a caller whose call was cancelled before joining is refused at once', async () => {
    const work = controlledLoad<number>();
    const shared = new SharedFetch(work.load);
    const keep = shared.join();
    await expect(shared.join({ signal: AbortSignal.abort() })).rejects.toBeInstanceOf(CallCancelledError);
    work.finish(7);
    expect(await keep).toBe(7);
  });
});

describe('CachedOuraSource with cancellation', () => {
  const person = { id: 'u1', age: 40 } as PersonalInfo;

  it('a new caller after every earlier caller gave up starts a fresh fetch instead of joining the aborted one', async () => {
    const source = new FakeSource();
    const loads: Array<ReturnType<typeof controlledLoad<PersonalInfo>>> = [];
    source.getPersonalInfo = (options?: RequestOptions) => {
      const work = controlledLoad<PersonalInfo>();
      loads.push(work);
      return work.load(options ?? {});
    };
    const cache = new CachedOuraSource(source, { ttlSeconds: 300, logger: createSilentLogger() });
    const gaveUp = new AbortController();
    const first = cache.getPersonalInfo({ signal: gaveUp.signal });
    gaveUp.abort();
    await expect(first).rejects.toBeInstanceOf(CallCancelledError);
    expect(loads[0]?.signal()?.aborted).toBe(true);

    const second = cache.getPersonalInfo();
    expect(loads).toHaveLength(2);
    loads[1]?.finish(person);
    expect(await second).toEqual(person);
    cache.close();
  });
});
