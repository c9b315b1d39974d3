/**
 * `CachedOuraSource`: an {@link OuraDataSource} behind a bounded LRU cache with TTL `CACHE_TTL`, built for upstream
 * economy (a conversation keeps asking overlapping ranges) and for bursts (many identical calls at once).
 *
 * - Single-flight: concurrent identical requests share one upstream call; errors are never cached.
 * - Date collections are cached per day (see `days.ts`): overlapping ranges fetch only the missing days.
 * - Datetime collections are cached per aligned UTC day, then trimmed to the asked window.
 * - A request for some fields is served from cells fetched with more (or all) fields, projected down.
 * - Personal info, ring configurations, latest samples and documents are plain keyed entries.
 *
 * Rows are shared between callers, not copied: treat them as read-only.
 */
import type { Logger } from '../../logger.js';
import { datetimeRowInstant, normaliseFields } from '../collections.js';
import type { OuraDataSource, QueryOptions, RequestOptions } from '../source.js';
import {
  type DateCollection,
  type DateCollections,
  type DateRange,
  type DatetimeCollection,
  type DatetimeCollections,
  type DatetimeRange,
  type PersonalInfo,
  type RingConfiguration,
  rowDay,
} from '../types.js';
import { eachDay, isValidDate, parseDateTimeInZone } from '../../lib/time.js';
import { DayCells, groupByDay } from './days.js';
import { SharedFetch } from './sharedFetch.js';
import { type CacheBounds, CacheStore } from './store.js';

export interface CachedOuraSourceOptions {
  /** Freshness of cached data in seconds (CACHE_TTL); 0 stores nothing but keeps single-flight. */
  ttlSeconds: number;
  /** Clock deciding expiry; injected by tests so they do not sleep. */
  now?: () => Date;
  logger: Logger;
  /** Entry and byte bounds (CACHE_MAX_ENTRIES, CACHE_MAX_MB). */
  bounds?: CacheBounds;
}

/** For `/health`: `size` is the number of stored entries (day cells and keyed entries). */
export interface CacheStats {
  size: number;
  /** Calls answered without a new upstream fetch (from cache, or by sharing one already in flight). */
  hits: number;
  /** Calls that started an upstream fetch. */
  misses: number;
  /** Approximate bytes held (JSON length). */
  bytes: number;
  /** Entries pushed out by the bounds. */
  evictions: number;
}

function utcDay(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

export class CachedOuraSource implements OuraDataSource {
  private readonly store: CacheStore;
  private readonly cells: DayCells;
  private readonly logger: Logger;
  private readonly inFlight = new Map<string, SharedFetch<unknown>>();
  private hitCount = 0;
  private missCount = 0;

  constructor(
    private readonly inner: OuraDataSource,
    options: CachedOuraSourceOptions,
  ) {
    this.logger = options.logger;
    this.store = new CacheStore(options.ttlSeconds, options.now ?? (() => new Date()), options.bounds);
    this.cells = new DayCells(this.store, this.logger, { hit: () => this.hitCount++, miss: () => this.missCount++ });
  }

  getPersonalInfo(options?: RequestOptions): Promise<PersonalInfo> {
    return this.keyed('personal_info', 'personal_info', options, (shared) => this.inner.getPersonalInfo(shared));
  }

  listRingConfigurations(options?: RequestOptions): Promise<RingConfiguration[]> {
    return this.keyed('ring_configuration', 'ring_configuration', options, (shared) =>
      this.inner.listRingConfigurations(shared),
    );
  }

  getLatest<C extends DatetimeCollection>(
    collection: C,
    options?: RequestOptions,
  ): Promise<DatetimeCollections[C] | null> {
    return this.keyed(`latest|${collection}`, `latest ${collection}`, options, (shared) =>
      this.inner.getLatest(collection, shared),
    );
  }

  getDocument<C extends DateCollection>(
    collection: C,
    id: string,
    options?: RequestOptions,
  ): Promise<DateCollections[C]> {
    return this.keyed(`doc|${collection}|${id}`, `${collection} document`, options, (shared) =>
      this.inner.getDocument(collection, id, shared),
    );
  }

  async listByDate<C extends DateCollection>(
    collection: C,
    range: DateRange,
    options: QueryOptions<DateCollections[C]> = {},
  ): Promise<Array<DateCollections[C]>> {
    const { start_date: start, end_date: end } = range;
    // Let the source reject bad ranges with its own message; nothing to cache.
    if (!isValidDate(start) || !isValidDate(end) || start > end)
      return this.inner.listByDate(collection, range, options);
    const fields = normaliseFields(collection, options.fields);
    const fetchFields = (fields ? { fields } : {}) as QueryOptions<DateCollections[C]>;
    const byDay = await this.cells.read<DateCollections[C]>({
      scope: collection,
      days: eachDay(start, end),
      fields,
      label: `${collection} (${start}..${end})`,
      options,
      fetch: async (first, last, shared) => {
        const rows = await this.inner.listByDate(
          collection,
          { start_date: first, end_date: last },
          { ...fetchFields, ...shared },
        );
        return groupByDay(rows, eachDay(first, last), (row) => rowDay(collection, row));
      },
    });
    // Days ascending, each day's rows in the source's order: the result stays sorted by day and start time.
    return [...byDay.values()].flat();
  }

  async listByDatetime<C extends DatetimeCollection>(
    collection: C,
    range: DatetimeRange,
    options: QueryOptions<DatetimeCollections[C]> = {},
  ): Promise<Array<DatetimeCollections[C]>> {
    const start = parseDateTimeInZone(range.start_datetime, 'UTC')?.getTime();
    const end = parseDateTimeInZone(range.end_datetime, 'UTC')?.getTime();
    if (start === undefined || end === undefined || start > end)
      return this.inner.listByDatetime(collection, range, options);
    const fields = normaliseFields(collection, options.fields);
    const fetchFields = (fields ? { fields } : {}) as QueryOptions<DatetimeCollections[C]>;
    const byDay = await this.cells.read<DatetimeCollections[C]>({
      scope: collection,
      days: eachDay(utcDay(start), utcDay(end)),
      fields,
      label: `${collection} (${range.start_datetime}..${range.end_datetime})`,
      options,
      fetch: async (first, last, shared) => {
        // Whole UTC days, so any later window inside them is served from these buckets. The end stops a
        // second short of the next midnight (whole-second timestamps): that sample is the next day's.
        const rows = await this.inner.listByDatetime(
          collection,
          { start_datetime: `${first}T00:00:00+00:00`, end_datetime: `${last}T23:59:59+00:00` },
          { ...fetchFields, ...shared },
        );
        return groupByDay(rows, eachDay(first, last), (row) => {
          const at = datetimeRowInstant(row);
          return Number.isNaN(at) ? undefined : utcDay(at);
        });
      },
    });
    const out: Array<DatetimeCollections[C]> = [];
    for (const rows of byDay.values()) {
      for (const row of rows) {
        const at = datetimeRowInstant(row);
        if (at >= start && at <= end) out.push(row);
      }
    }
    return out;
  }

  /** Entry count and hit/miss counters for `/health`. */
  stats(): CacheStats {
    return { size: this.store.size(), hits: this.hitCount, misses: this.missCount, ...this.store.usage() };
  }

  /** Drops everything (called on disconnect); fetches already in flight will not store their results. */
  clear(): void {
    this.store.clear();
    this.cells.clear();
    this.inFlight.clear();
    this.logger.debug('Cache cleared');
  }

  /** Stops the reclaim timer (unref'd; for tidy shutdowns). */
  close(): void {
    this.store.close();
  }

  /** A plain keyed entry with single-flight. */
  private async keyed<T>(
    key: string,
    label: string,
    options: RequestOptions | undefined,
    load: (shared: RequestOptions) => Promise<T>,
  ): Promise<T> {
    const cached = this.store.get<T>(key);
    if (cached) {
      this.hitCount++;
      this.logger.debug(`Cache hit for ${label}`);
      return cached.value;
    }
    const sharing = this.inFlight.get(key) as SharedFetch<T> | undefined;
    if (sharing && !sharing.abandoned) {
      this.hitCount++;
      this.logger.debug(`Cache hit for ${label} (sharing a fetch in flight)`);
      return sharing.join(options);
    }
    this.missCount++;
    this.logger.debug(`Cache miss for ${label}`);
    const generation = this.store.generation;
    const flight = new SharedFetch(async (shared) => {
      const value = await load(shared);
      this.store.set(key, value, generation);
      return value;
    });
    this.inFlight.set(key, flight);
    // Errors are never cached: the entry is forgotten and the next caller fetches again.
    const forget = (): void => {
      if (this.inFlight.get(key) === flight) this.inFlight.delete(key);
    };
    flight.promise.then(forget, forget);
    return flight.join(options);
  }
}
