import { afterEach, describe, expect, it } from 'vitest';
import { createSilentLogger } from '../../../src/logger.js';
import { OuraServerError } from '../../../src/oura/errors.js';
import type { OuraDataSource, QueryOptions } from '../../../src/oura/source.js';
import type {
  DateCollection,
  DateCollections,
  DateRange,
  DatetimeCollection,
  DatetimeCollections,
  DatetimeRange,
  PersonalInfo,
  RingConfiguration,
} from '../../../src/oura/types.js';
import { CachedOuraSource } from '../../../src/oura/cache/cachedSource.js';
import { eachDay } from '../../../src/lib/time.js';
import { captureLogger } from '../helpers.js';

/**
 * A counting fake OuraDataSource (the cache's only dependency): deterministic rows, every call recorded,
 * an optional gate to hold calls in flight, and scripted failures.
 */
interface RecordedCall {
  method: string;
  collection?: string;
  range?: string;
  fields?: readonly string[] | undefined;
}

class CountingSource implements OuraDataSource {
  calls: RecordedCall[] = [];
  /** Days for which the source has no data. */
  emptyDays = new Set<string>();
  /** Errors thrown by the next calls, in order. */
  failures: Error[] = [];
  /** While set, every call waits for it. */
  gate: Promise<void> | null = null;

  /** Holds calls until the returned function is called. */
  hold(): () => void {
    let release!: () => void;
    this.gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    return () => {
      this.gate = null;
      release();
    };
  }

  private async enter(call: RecordedCall): Promise<void> {
    this.calls.push(call);
    if (this.gate) await this.gate;
    else await Promise.resolve();
    const failure = this.failures.shift();
    if (failure) throw failure;
  }

  async getPersonalInfo(): Promise<PersonalInfo> {
    await this.enter({ method: 'getPersonalInfo' });
    return { id: 'u1', age: 35, weight: 70, height: 1.8, biological_sex: 'female', email: 'a@b.c' };
  }

  async listRingConfigurations(): Promise<RingConfiguration[]> {
    await this.enter({ method: 'listRingConfigurations' });
    return [
      {
        id: 'ring',
        color: 'black',
        design: 'heritage',
        firmware_version: '1',
        hardware_type: 'gen3',
        set_up_at: null,
        size: 9,
      },
    ];
  }

  async listByDate<C extends DateCollection>(
    collection: C,
    range: DateRange,
    options: QueryOptions<DateCollections[C]> = {},
  ): Promise<Array<DateCollections[C]>> {
    await this.enter({
      method: 'listByDate',
      collection,
      range: `${range.start_date}..${range.end_date}`,
      fields: options.fields,
    });
    const rows = eachDay(range.start_date, range.end_date)
      .filter((day) => !this.emptyDays.has(day))
      .map((day) => dateRow(collection, day));
    const fields = options.fields;
    return (fields ? rows.map((row) => pick(row, fields)) : rows) as unknown as Array<DateCollections[C]>;
  }

  async listByDatetime<C extends DatetimeCollection>(
    collection: C,
    range: DatetimeRange,
    options: QueryOptions<DatetimeCollections[C]> = {},
  ): Promise<Array<DatetimeCollections[C]>> {
    await this.enter({
      method: 'listByDatetime',
      collection,
      range: `${range.start_datetime}..${range.end_datetime}`,
      fields: options.fields,
    });
    const start = Date.parse(range.start_datetime);
    const end = Date.parse(range.end_datetime);
    const rows: Array<Record<string, unknown>> = [];
    // One sample per hour on the hour, inclusive at both ends like the client.
    for (let t = Math.ceil(start / 3_600_000) * 3_600_000; t <= end; t += 3_600_000) {
      rows.push({
        bpm: 50 + new Date(t).getUTCHours(),
        source: 'rest',
        timestamp: new Date(t).toISOString().replace('.000Z', '+00:00'),
      });
    }
    return rows as unknown as Array<DatetimeCollections[C]>;
  }

  async getLatest<C extends DatetimeCollection>(collection: C): Promise<DatetimeCollections[C] | null> {
    await this.enter({ method: 'getLatest', collection });
    return null;
  }

  async getDocument<C extends DateCollection>(collection: C, id: string): Promise<DateCollections[C]> {
    await this.enter({ method: 'getDocument', collection, range: id });
    return { id, day: '2025-10-20' } as unknown as DateCollections[C];
  }

  upstream(method?: string): RecordedCall[] {
    return method ? this.calls.filter((c) => c.method === method) : this.calls;
  }
}

/** The fake's full row for a day. */
function dateRow(collection: string, day: string): Record<string, unknown> {
  const n = Number(day.slice(8, 10));
  return {
    id: `${collection}-${day}`,
    day,
    score: 60 + n,
    timestamp: `${day}T00:00:00+00:00`,
    contributors: { timing: n },
  };
}

function pick(row: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).filter(([key]) => fields.includes(key)));
}

class Clock {
  at = new Date('2025-10-27T08:00:00Z');
  now = (): Date => this.at;
  advance(seconds: number): void {
    this.at = new Date(this.at.getTime() + seconds * 1000);
  }
}

function setup(ttlSeconds = 300) {
  const source = new CountingSource();
  const clock = new Clock();
  const cache = new CachedOuraSource(source, { ttlSeconds, now: clock.now, logger: createSilentLogger() });
  return { source, clock, cache };
}

const week = { start_date: '2025-10-20', end_date: '2025-10-26' };
const days = (rows: Array<{ day: string }>) => rows.map((r) => r.day);

let toClose: CachedOuraSource[] = [];
afterEach(() => {
  for (const cache of toClose) cache.close();
  toClose = [];
});

describe('single-flight', () => {
  it('50 concurrent identical cold calls → 1 upstream request, same answer for all', async () => {
    const { source, cache } = setup();
    const release = source.hold();
    const calls = Array.from({ length: 50 }, () => cache.listByDate('daily_sleep', week));
    release();
    const results = await Promise.all(calls);
    expect(source.upstream()).toHaveLength(1);
    expect(results.every((r) => JSON.stringify(r) === JSON.stringify(results[0]))).toBe(true);
    expect(days(results[0]!)).toEqual(eachDay('2025-10-20', '2025-10-26'));
    expect(cache.stats()).toMatchObject({ size: 7, hits: 49, misses: 1 });
  });

  it('50 concurrent identical cold calls of keyed entries and heart rate → 1 upstream each', async () => {
    const { source, cache } = setup();
    const release = source.hold();
    const window = { start_datetime: '2025-10-20T10:00:00+02:00', end_datetime: '2025-10-20T12:00:00+02:00' };
    const calls = [
      ...Array.from({ length: 50 }, () => cache.getPersonalInfo()),
      ...Array.from({ length: 50 }, () => cache.listByDatetime('heartrate', window)),
      ...Array.from({ length: 50 }, () => cache.getLatest('ring_battery_level')),
    ];
    release();
    await Promise.all(calls);
    expect(
      source
        .upstream()
        .map((c) => c.method)
        .sort(),
    ).toEqual(['getLatest', 'getPersonalInfo', 'listByDatetime']);
  });

  it('never caches errors: waiters share the failure, the next caller fetches again', async () => {
    const { source, cache } = setup();
    source.failures.push(new OuraServerError('Oura had a problem', { status: 503 }));
    const release = source.hold();
    const a = cache.listByDate('daily_sleep', week);
    const b = cache.listByDate('daily_sleep', week);
    const p = cache.getPersonalInfo();
    release();
    await expect(a).rejects.toBeInstanceOf(OuraServerError);
    await expect(b).rejects.toBeInstanceOf(OuraServerError);
    await p;
    expect(cache.stats().size).toBe(1);
    expect(days(await cache.listByDate('daily_sleep', week))).toHaveLength(7);
    expect(source.upstream('listByDate')).toHaveLength(2);
  });

  it('a failed keyed entry is fetched again by the next caller', async () => {
    const { source, cache } = setup();
    source.failures.push(new Error('boom'));
    await expect(cache.getPersonalInfo()).rejects.toThrow('boom');
    expect((await cache.getPersonalInfo()).id).toBe('u1');
    expect(await cache.getPersonalInfo()).toEqual(await cache.getPersonalInfo());
    expect(source.upstream()).toHaveLength(2);
  });
});

describe('day granularity', () => {
  it('days 1–7 then 3–9 → the second call fetches only 8–9', async () => {
    const { source, cache } = setup();
    await cache.listByDate('daily_readiness', { start_date: '2025-10-01', end_date: '2025-10-07' });
    const rows = await cache.listByDate('daily_readiness', { start_date: '2025-10-03', end_date: '2025-10-09' });
    expect(source.upstream().map((c) => c.range)).toEqual(['2025-10-01..2025-10-07', '2025-10-08..2025-10-09']);
    expect(days(rows)).toEqual(eachDay('2025-10-03', '2025-10-09'));
    expect(rows[0]).toEqual(dateRow('daily_readiness', '2025-10-03'));
  });

  it('a fully covered range costs nothing; a gap costs one fetch spanning the missing days', async () => {
    const { source, cache } = setup();
    await cache.listByDate('daily_sleep', { start_date: '2025-10-01', end_date: '2025-10-03' });
    await cache.listByDate('daily_sleep', { start_date: '2025-10-07', end_date: '2025-10-09' });
    await cache.listByDate('daily_sleep', { start_date: '2025-10-02', end_date: '2025-10-03' });
    const all = await cache.listByDate('daily_sleep', { start_date: '2025-10-01', end_date: '2025-10-09' });
    expect(source.upstream().map((c) => c.range)).toEqual([
      '2025-10-01..2025-10-03',
      '2025-10-07..2025-10-09',
      '2025-10-04..2025-10-06',
    ]);
    expect(days(all)).toEqual(eachDay('2025-10-01', '2025-10-09'));
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 3 });
  });

  it('remembers days without data', async () => {
    const { source, cache } = setup();
    source.emptyDays = new Set(['2025-10-21', '2025-10-26']);
    expect(days(await cache.listByDate('daily_sleep', week))).toEqual([
      '2025-10-20',
      '2025-10-22',
      '2025-10-23',
      '2025-10-24',
      '2025-10-25',
    ]);
    expect(days(await cache.listByDate('daily_sleep', { start_date: '2025-10-26', end_date: '2025-10-26' }))).toEqual(
      [],
    );
    expect(source.upstream()).toHaveLength(1);
  });

  it('keeps collections apart', async () => {
    const { source, cache } = setup();
    await cache.listByDate('daily_sleep', week);
    await cache.listByDate('daily_readiness', week);
    expect(source.upstream()).toHaveLength(2);
  });

  it('an overlapping request waits for the fetch in flight and fetches only the days it lacks', async () => {
    const { source, cache } = setup();
    const release = source.hold();
    const first = cache.listByDate('daily_sleep', { start_date: '2025-10-01', end_date: '2025-10-07' });
    const second = cache.listByDate('daily_sleep', { start_date: '2025-10-03', end_date: '2025-10-09' });
    const inside = cache.listByDate('daily_sleep', { start_date: '2025-10-02', end_date: '2025-10-05' });
    release();
    const [, b, c] = await Promise.all([first, second, inside]);
    expect(source.upstream().map((call) => call.range)).toEqual(['2025-10-01..2025-10-07', '2025-10-08..2025-10-09']);
    expect(days(b)).toEqual(eachDay('2025-10-03', '2025-10-09'));
    expect(days(c)).toEqual(eachDay('2025-10-02', '2025-10-05'));
  });

  it('expires cells after the TTL by the injected clock', async () => {
    const { source, clock, cache } = setup(300);
    await cache.listByDate('daily_sleep', week);
    clock.advance(299);
    await cache.listByDate('daily_sleep', week);
    expect(source.upstream()).toHaveLength(1);
    clock.advance(1);
    expect(cache.stats().size).toBe(0);
    await cache.listByDate('daily_sleep', week);
    expect(source.upstream()).toHaveLength(2);
  });

  it('passes bad ranges straight to the source (which rejects them)', async () => {
    const { source, cache } = setup();
    await cache.listByDate('daily_sleep', { start_date: '2025-10-26', end_date: '2025-10-20' });
    expect(source.upstream()).toHaveLength(1);
  });
});

describe('fields', () => {
  it('serves a fields request from an all-fields entry, projected to the asked fields plus essentials', async () => {
    const { source, cache } = setup();
    await cache.listByDate('daily_sleep', week);
    const rows = await cache.listByDate('daily_sleep', week, { fields: ['score'] });
    expect(source.upstream()).toHaveLength(1);
    expect(rows[0]).toEqual({ id: 'daily_sleep-2025-10-20', day: '2025-10-20', score: 80 });
  });

  it('serves a subset from a superset entry, and fetches for a superset', async () => {
    const { source, cache } = setup();
    await cache.listByDate('daily_sleep', week, { fields: ['score', 'contributors'] });
    const subset = await cache.listByDate('daily_sleep', week, { fields: ['contributors'] });
    expect(subset[0]).toEqual({ id: 'daily_sleep-2025-10-20', day: '2025-10-20', contributors: { timing: 20 } });
    expect(source.upstream()).toHaveLength(1);
    await cache.listByDate('daily_sleep', week, { fields: ['score', 'timestamp'] });
    await cache.listByDate('daily_sleep', week);
    expect(source.upstream().map((c) => c.fields)).toEqual([
      ['contributors', 'day', 'id', 'score'],
      ['day', 'id', 'score', 'timestamp'],
      undefined,
    ]);
  });

  it('a fields request waits for an all-fields fetch in flight and gets projected rows', async () => {
    const { source, cache } = setup();
    const release = source.hold();
    const all = cache.listByDate('daily_sleep', week);
    const some = cache.listByDate('daily_sleep', week, { fields: ['score'] });
    release();
    const [, projected] = await Promise.all([all, some]);
    expect(source.upstream()).toHaveLength(1);
    expect(projected[6]).toEqual({ id: 'daily_sleep-2025-10-26', day: '2025-10-26', score: 86 });
  });

  it('ignores fields for collections where Oura ignores them', async () => {
    const { source, cache } = setup();
    await cache.listByDate('tag', week, { fields: ['text'] });
    await cache.listByDate('tag', week);
    expect(source.upstream()).toHaveLength(1);
    expect(source.upstream()[0]?.fields).toBeUndefined();
  });
});

describe('datetime buckets', () => {
  it('fetches whole UTC days once and serves any window inside them, trimmed', async () => {
    const { source, cache } = setup();
    const morning = await cache.listByDatetime('heartrate', {
      start_datetime: '2025-10-20T10:00:00+02:00',
      end_datetime: '2025-10-20T12:00:00+02:00',
    });
    expect(morning.map((r) => r.timestamp)).toEqual([
      '2025-10-20T08:00:00+00:00',
      '2025-10-20T09:00:00+00:00',
      '2025-10-20T10:00:00+00:00',
    ]);
    const evening = await cache.listByDatetime('heartrate', {
      start_datetime: '2025-10-20T19:30:00Z',
      end_datetime: '2025-10-20T21:59:59Z',
    });
    expect(evening.map((r) => r.timestamp)).toEqual(['2025-10-20T20:00:00+00:00', '2025-10-20T21:00:00+00:00']);
    expect(source.upstream().map((c) => c.range)).toEqual(['2025-10-20T00:00:00+00:00..2025-10-20T23:59:59+00:00']);
  });

  it('a window across midnight UTC adds only the new day; rows stay sorted', async () => {
    const { source, cache } = setup();
    await cache.listByDatetime('heartrate', {
      start_datetime: '2025-10-20T00:00:00Z',
      end_datetime: '2025-10-20T23:59:59Z',
    });
    const rows = await cache.listByDatetime('heartrate', {
      start_datetime: '2025-10-20T22:00:00Z',
      end_datetime: '2025-10-21T02:00:00Z',
    });
    expect(rows.map((r) => r.timestamp)).toEqual([
      '2025-10-20T22:00:00+00:00',
      '2025-10-20T23:00:00+00:00',
      '2025-10-21T00:00:00+00:00',
      '2025-10-21T01:00:00+00:00',
      '2025-10-21T02:00:00+00:00',
    ]);
    expect(source.upstream().map((c) => c.range)).toEqual([
      '2025-10-20T00:00:00+00:00..2025-10-20T23:59:59+00:00',
      '2025-10-21T00:00:00+00:00..2025-10-21T23:59:59+00:00',
    ]);
  });
});

describe('keyed entries, stats, clear, logs', () => {
  it('caches personal info, rings, latest (even null) and documents per id', async () => {
    const { source, cache } = setup();
    for (let i = 0; i < 3; i++) {
      await cache.getPersonalInfo();
      await cache.listRingConfigurations();
      expect(await cache.getLatest('ring_battery_level')).toBeNull();
      await cache.getDocument('workout', 'a');
    }
    await cache.getDocument('workout', 'b');
    expect(source.upstream()).toHaveLength(5);
    expect(cache.stats()).toMatchObject({ size: 5, hits: 8, misses: 5 });
  });

  it('clear() empties the cache and the next call fetches again', async () => {
    const { source, cache } = setup();
    await cache.listByDate('daily_sleep', week);
    await cache.getPersonalInfo();
    expect(cache.stats().size).toBe(8);
    cache.clear();
    expect(cache.stats().size).toBe(0);
    await cache.listByDate('daily_sleep', week);
    await cache.getPersonalInfo();
    expect(source.upstream()).toHaveLength(4);
  });

  it('a fetch in flight during clear() does not store its (old owner’s) data', async () => {
    const { source, cache } = setup();
    const release = source.hold();
    const pending = cache.listByDate('daily_sleep', week);
    const pendingInfo = cache.getPersonalInfo();
    cache.clear();
    release();
    await Promise.all([pending, pendingInfo]);
    expect(cache.stats().size).toBe(0);
    await cache.listByDate('daily_sleep', week);
    expect(source.upstream('listByDate')).toHaveLength(2);
  });

  it('ttlSeconds: 0 stores nothing but still shares concurrent calls', async () => {
    const { source, cache } = setup(0);
    const release = source.hold();
    const calls = Array.from({ length: 10 }, () => cache.listByDate('daily_sleep', week));
    const infos = Array.from({ length: 10 }, () => cache.getPersonalInfo());
    release();
    await Promise.all([...calls, ...infos]);
    expect(source.upstream()).toHaveLength(2);
    expect(cache.stats().size).toBe(0);
    await cache.listByDate('daily_sleep', week);
    expect(source.upstream()).toHaveLength(3);
  });

  it('logs hits and misses at debug level', async () => {
    const source = new CountingSource();
    const { logger, lines } = captureLogger();
    const cache = new CachedOuraSource(source, { ttlSeconds: 300, logger });
    toClose.push(cache);
    await cache.listByDate('daily_sleep', { start_date: '2025-10-20', end_date: '2025-10-24' });
    await cache.listByDate('daily_sleep', week);
    await cache.listByDate('daily_sleep', week);
    expect(lines.filter((l) => l.level === 'debug').map((l) => l.message)).toEqual([
      'Cache miss for daily_sleep (2025-10-20..2025-10-24): fetching 2025-10-20..2025-10-24',
      'Cache miss for daily_sleep (2025-10-20..2025-10-26): fetching 2025-10-25..2025-10-26',
      'Cache hit for daily_sleep (2025-10-20..2025-10-26)',
    ]);
  });
});

describe('bounded memory (issue 16)', () => {
  it('a flood of cold ranges never holds more than the entry bound; the least recently used days go first', async () => {
    const source = new CountingSource();
    const cache = new CachedOuraSource(source, {
      ttlSeconds: 300,
      logger: createSilentLogger(),
      bounds: { maxEntries: 50 },
    });
    await cache.listByDate('daily_sleep', { start_date: '2025-10-01', end_date: '2025-10-07' });
    for (let week = 0; week < 40; week++) {
      const start = eachDay('2020-01-01', '2025-01-01')[week * 7]!;
      await cache.listByDate('daily_readiness', { start_date: start, end_date: eachDay(start, '2030-01-01')[6]! });
      // Keep the owner's week in use: it stays while cold ranges come and go.
      await cache.listByDate('daily_sleep', { start_date: '2025-10-01', end_date: '2025-10-07' });
    }
    expect(cache.stats().size).toBeLessThanOrEqual(50);
    expect(cache.stats().evictions).toBeGreaterThan(200);
    const callsBefore = source.calls.length;
    await cache.listByDate('daily_sleep', { start_date: '2025-10-01', end_date: '2025-10-07' });
    expect(source.calls.length).toBe(callsBefore);
  });

  it('holds at most the byte bound, counted as JSON', async () => {
    const source = new CountingSource();
    const cache = new CachedOuraSource(source, {
      ttlSeconds: 300,
      logger: createSilentLogger(),
      bounds: { maxBytes: 4000 },
    });
    for (let week = 0; week < 30; week++) {
      const start = eachDay('2021-01-01', '2025-01-01')[week * 7]!;
      await cache.listByDate('daily_sleep', { start_date: start, end_date: eachDay(start, '2030-01-01')[6]! });
    }
    const { bytes, evictions } = cache.stats();
    expect(bytes).toBeLessThanOrEqual(4000);
    expect(bytes).toBeGreaterThan(0);
    expect(evictions).toBeGreaterThan(0);
  });
});
