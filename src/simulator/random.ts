/**
 * Deterministic randomness for the synthetic person. Every generator draws from its own stream derived
 * from (seed, label), e.g. `plan:2025-03-01`, so changing one generator does not shift the numbers of
 * the others, and the same seed always yields the same person.
 */
import { createHash } from 'node:crypto';

/** A seeded pseudo-random source with the few helpers the generators need. */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [min, max). */
  range(min: number, max: number): number;
  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** Roughly normal (sum of uniforms), mean `mean`, standard deviation `sd`. */
  normal(mean: number, sd: number): number;
}

/** 32-bit FNV-1a: turns a label into a seed. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: tiny, fast and good enough for synthetic data. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random stream for `label` under `seed`. */
export function createRandom(seed: number, label: string): Random {
  const next = mulberry32(hash32(`${seed}:${label}`));
  const random: Random = {
    next,
    range: (min, max) => min + (max - min) * next(),
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]): T => {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new Error('pick() needs a non-empty list');
      return item;
    },
    normal: (mean, sd) => {
      // Irwin–Hall with 6 draws: variance 6/12, so scale by sqrt(2).
      let sum = 0;
      for (let i = 0; i < 6; i++) sum += next();
      return mean + (sum - 3) * Math.SQRT2 * sd;
    },
  };
  return random;
}

/** A stable UUID-shaped id for (seed, label): Oura ids are opaque strings, UUIDs are what they look like. */
export function stableId(seed: number, label: string): string {
  const hex = createHash('sha1').update(`${seed}:${label}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Clamp and round helpers used by every generator. */
export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** A 1–100 score (Oura's range for scores and contributors). */
export function score(value: number): number {
  return Math.round(clamp(value, 1, 100));
}

/** Rounds to `digits` decimals. */
export function round(value: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
