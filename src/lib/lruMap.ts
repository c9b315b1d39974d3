/**
 * A map bounded by entry count and by total size, evicting the least recently used entries first.
 * `get` counts as a use. The size of each value comes from the caller (`sizeOf`), so the bound can be
 * bytes, rows or anything additive; a value larger than the whole bound is not stored at all.
 */

export interface LruMapOptions<V> {
  /** Most entries kept (at least 1). */
  maxEntries: number;
  /** Largest total of `sizeOf` over the entries (default: unbounded). */
  maxSize?: number;
  /** Size of one value (default 1 each). */
  sizeOf?: (value: V) => number;
  /** Called for every entry pushed out by the bounds (not for `delete`/`clear`). */
  onEvict?: (key: string, value: V) => void;
}

interface Sized<V> {
  value: V;
  size: number;
}

export class LruMap<V> {
  private readonly entries = new Map<string, Sized<V>>();
  private total = 0;
  private evictedCount = 0;

  constructor(private readonly options: LruMapOptions<V>) {
    if (!(options.maxEntries >= 1)) throw new RangeError('LruMap needs maxEntries of at least 1');
  }

  /** The value under `key` (now the most recently used), or undefined. */
  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** The value without touching its recency. */
  peek(key: string): V | undefined {
    return this.entries.get(key)?.value;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** Stores `value` as the most recently used, then evicts the oldest entries while over a bound. Returns false when the value alone is over `maxSize`. */
  set(key: string, value: V): boolean {
    const size = this.options.sizeOf ? this.options.sizeOf(value) : 1;
    this.delete(key);
    if (this.options.maxSize !== undefined && size > this.options.maxSize) return false;
    this.entries.set(key, { value, size });
    this.total += size;
    this.evict();
    return true;
  }

  delete(key: string): boolean {
    const entry = this.entries.get(key);
    if (!entry) return false;
    this.entries.delete(key);
    this.total -= entry.size;
    return true;
  }

  clear(): void {
    this.entries.clear();
    this.total = 0;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Sum of the sizes of the stored values. */
  get totalSize(): number {
    return this.total;
  }

  /** Entries pushed out by the bounds since creation. */
  get evictions(): number {
    return this.evictedCount;
  }

  keys(): IterableIterator<string> {
    return this.entries.keys();
  }

  private evict(): void {
    const { maxEntries, maxSize } = this.options;
    while (this.entries.size > maxEntries || (maxSize !== undefined && this.total > maxSize)) {
      const oldest = this.entries.entries().next();
      if (oldest.done) return;
      const [key, entry] = oldest.value;
      this.entries.delete(key);
      this.total -= entry.size;
      this.evictedCount++;
      this.options.onEvict?.(key, entry.value);
    }
  }
}
