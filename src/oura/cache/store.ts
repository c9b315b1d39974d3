/**
 * The storage under the Oura cache: node-cache holding time-stamped values, with freshness decided by an
 * injected clock (so tests advance time instead of sleeping) and a generation number so that a fetch
 * started before `clear()` (a disconnect) can never store its result afterwards.
 */
import NodeCache from 'node-cache';

interface Stamped<T> {
  value: T;
  storedAt: number;
}

export class CacheStore {
  private readonly cache: NodeCache;
  private readonly ttlMs: number;
  private gen = 0;

  constructor(
    ttlSeconds: number,
    private readonly now: () => Date,
  ) {
    this.ttlMs = Math.max(0, ttlSeconds) * 1000;
    this.cache = new NodeCache({
      // node-cache's own expiry (real clock) only reclaims memory; freshness is decided by `now()` below.
      stdTTL: ttlSeconds > 0 ? ttlSeconds * 2 : 0,
      checkperiod: ttlSeconds > 0 ? Math.max(60, ttlSeconds) : 0,
      // Rows are shared, not cloned: cloning a month of heart rate on every hit would cost more than the fetch.
      useClones: false,
    });
  }

  /** False when `ttlSeconds` was 0: nothing is stored (single-flight still applies). */
  get enabled(): boolean {
    return this.ttlMs > 0;
  }

  /** Changes on every `clear()`; capture it before a fetch and pass it to `set`. */
  get generation(): number {
    return this.gen;
  }

  /** The fresh value under `key` (wrapped, so a stored `null` is a hit), or undefined. */
  get<T>(key: string): { value: T } | undefined {
    const entry = this.cache.get<Stamped<T>>(key);
    if (!entry) return undefined;
    if (this.now().getTime() - entry.storedAt >= this.ttlMs) {
      this.cache.del(key);
      return undefined;
    }
    return { value: entry.value };
  }

  /** Stores `value` unless caching is off or the cache was cleared since `generation` was read. */
  set<T>(key: string, value: T, generation: number): boolean {
    if (!this.enabled || generation !== this.gen) return false;
    this.cache.set<Stamped<T>>(key, { value, storedAt: this.now().getTime() });
    return true;
  }

  /** Number of fresh stored entries (expired ones are evicted on the way). */
  size(): number {
    for (const key of this.cache.keys()) this.get(key);
    return this.cache.keys().length;
  }

  clear(): void {
    this.gen++;
    this.cache.flushAll();
  }

  /** Stops node-cache's reclaim timer (it is unref'd; this is for tidy shutdowns). */
  close(): void {
    this.cache.close();
  }
}
