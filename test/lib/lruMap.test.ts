import { describe, expect, it } from 'vitest';
import { LruMap } from '../../src/lib/lruMap.js';

describe('LruMap', () => {
  it('keeps at most maxEntries, evicting the least recently used (a get counts as a use)', () => {
    const evicted: string[] = [];
    const map = new LruMap<number>({ maxEntries: 3, onEvict: (key) => evicted.push(key) });
    map.set('a', 1);
    map.set('b', 2);
    map.set('c', 3);
    expect(map.get('a')).toBe(1); // a is now the newest; b the oldest
    map.set('d', 4);
    expect(evicted).toEqual(['b']);
    expect([...map.keys()]).toEqual(['c', 'a', 'd']);
    expect(map.peek('c')).toBe(3); // peek does not refresh c
    map.set('e', 5);
    expect(evicted).toEqual(['b', 'c']);
    expect(map.size).toBe(3);
    expect(map.evictions).toBe(2);
  });

  it('bounds the total size, and refuses a value bigger than the whole bound', () => {
    const map = new LruMap<string>({ maxEntries: 100, maxSize: 10, sizeOf: (value) => value.length });
    map.set('x', 'aaaa');
    map.set('y', 'bbbb');
    expect(map.totalSize).toBe(8);
    map.set('z', 'cccc'); // 12 > 10: x goes
    expect([...map.keys()]).toEqual(['y', 'z']);
    expect(map.totalSize).toBe(8);
    expect(map.set('big', 'k'.repeat(11))).toBe(false);
    expect(map.has('big')).toBe(false);
    expect(map.totalSize).toBe(8);
    // Replacing a key counts only its new size.
    map.set('y', 'bb');
    expect(map.totalSize).toBe(6);
    map.delete('z');
    expect(map.totalSize).toBe(2);
    map.clear();
    expect(map.totalSize).toBe(0);
    expect(map.size).toBe(0);
  });
});
