/**
 * The storage under the Oura cache: a bounded LRU map (entries and bytes) holding time-stamped values,
 * with freshness decided by an injected clock (so tests advance time instead of sleeping) and a
 * generation number so that a fetch started before `clear()` (a disconnect) can never store its result
 * afterwards. The bounds keep memory flat whatever callers ask for: a flood of cold ranges evicts the
 * least recently used entries instead of growing the process (issue 16: 576,600 entries, +256 MB RSS).
 */
import { LruMap } from '../../lib/lruMap.js';

interface Stamped<T> {
  value: T;
  storedAt: number;
}

export interface CacheBounds {
  /** Most entries (default 20 000). */
  maxEntries?: number;
  /** Most bytes of JSON over all entries (default 64 MB); the heap holds a small multiple of that. */
  maxBytes?: number;
}

export const CACHE_BOUND_DEFAULTS = Object.freeze({ maxEntries: 20_000, maxBytes: 64 * 2 ** 20 });

/** Approximate size of a cached value: the length of its JSON (rows are plain JSON from Oura). */
function jsonSize(entry: Stamped<unknown>): number {
  try {
    return JSON.stringify(entry.value)?.length ?? 16;
  } catch {
    return Number.MAX_SAFE_INTEGER;
  }
}

export class CacheStore {
  private readonly entries: LruMap<Stamped<unknown>>;
  private readonly ttlMs: number;
  private gen = 0;

  constructor(
    ttlSeconds: number,
    private readonly now: () => Date,
    bounds: CacheBounds = {},
  ) {
    this.ttlMs = Math.max(0, ttlSeconds) * 1000;
    this.entries = new LruMap<Stamped<unknown>>({
      maxEntries: bounds.maxEntries ?? CACHE_BOUND_DEFAULTS.maxEntries,
      maxSize: bounds.maxBytes ?? CACHE_BOUND_DEFAULTS.maxBytes,
      sizeOf: jsonSize,
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
    const entry = this.entries.get(key) as Stamped<T> | undefined;
    if (!entry) return undefined;
    if (this.now().getTime() - entry.storedAt >= this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return { value: entry.value };
  }

  /** Stores `value` unless caching is off or the cache was cleared since `generation` was read. */
  set<T>(key: string, value: T, generation: number): boolean {
    if (!this.enabled || generation !== this.gen) return false;
    return this.entries.set(key, { value, storedAt: this.now().getTime() });
  }

  /** Number of fresh stored entries (expired ones are evicted on the way). */
  size(): number {
    for (const key of [...this.entries.keys()]) {
      const entry = this.entries.peek(key);
      if (entry && this.now().getTime() - entry.storedAt >= this.ttlMs) this.entries.delete(key);
    }
    return this.entries.size;
  }

  /** Bytes of JSON held and entries evicted by the bounds so far. */
  usage(): { bytes: number; evictions: number } {
    return { bytes: this.entries.totalSize, evictions: this.entries.evictions };
  }

  clear(): void {
    this.gen++;
    this.entries.clear();
  }

  /** Nothing to stop (no timers); kept for tidy shutdowns of callers. */
  close(): void {}
}
