/**
 * Single-use, short-lived secrets kept in memory:
 * - **grants**: the `?grant=` of a one-time authorize link, so `/oauth/authorize` is not open to anyone
 *   who learns the public URL (they could bind their own Oura account over the owner's);
 * - **states**: the OAuth `state` of a started flow, carrying its PKCE code verifier to the callback.
 *
 * Entries are keyed by a SHA-256 of the secret (lookups reveal nothing through timing, and a memory
 * dump holds no usable value). A used entry stays as a tombstone until it would have expired, so a
 * second use is reported as `reused`, not `unknown`. Each kind is capped: a flood evicts the oldest.
 */
import { createHash } from 'node:crypto';
import { randomUrlToken } from './pkce.js';
import type { SignInPurpose } from './types.js';

export type LinkFailure = 'unknown' | 'expired' | 'reused';

export type ConsumeGrantResult = { ok: true } | { ok: false; reason: LinkFailure };
export type ConsumeStateResult =
  { ok: true; codeVerifier: string; purpose: SignInPurpose } | { ok: false; reason: LinkFailure };

export interface OneTimeLinksOptions {
  /** Life of a grant or state (default 10 minutes). */
  ttlMs?: number;
  /** Most entries (live and used) kept per kind (default 1000). */
  maxEntries?: number;
  now?: () => Date;
}

interface Entry<T> {
  expiresAt: number;
  /** null once used: the tombstone keeps no payload (a code verifier). */
  payload: T | null;
}

/** Longest value accepted for lookup; ours are 43 characters, anything far longer is not ours. */
const MAX_SECRET_LENGTH = 256;

class SingleUseMap<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number,
  ) {}

  add(secret: string, payload: T): void {
    this.evict();
    this.entries.set(digest(secret), { expiresAt: this.now() + this.ttlMs, payload });
  }

  /** Checks `secret` and, when `spend` is true and it is valid, uses it up. */
  consume(secret: unknown, spend = true): { ok: true; payload: T } | { ok: false; reason: LinkFailure } {
    if (typeof secret !== 'string' || secret.length === 0 || secret.length > MAX_SECRET_LENGTH)
      return { ok: false, reason: 'unknown' };
    const key = digest(secret);
    const entry = this.entries.get(key);
    if (!entry) return { ok: false, reason: 'unknown' };
    if (entry.payload === null) return { ok: false, reason: 'reused' };
    if (this.now() >= entry.expiresAt) {
      this.entries.delete(key);
      return { ok: false, reason: 'expired' };
    }
    const payload = entry.payload;
    if (spend) entry.payload = null;
    return { ok: true, payload };
  }

  /** Whether `secret` is live (known, unused, unexpired) and has at least `minLifeMs` left. */
  isLive(secret: string, minLifeMs: number): boolean {
    const entry = this.entries.get(digest(secret));
    return entry !== undefined && entry.payload !== null && entry.expiresAt - this.now() >= minLifeMs;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Removes expired entries, then the oldest ones while at the cap (Map keeps insertion order). */
  private evict(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) {
      if (now >= entry.expiresAt) this.entries.delete(key);
    }
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }
}

function digest(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('base64url');
}

/** In-memory store of one-time grants and OAuth states (one per server process). */
export class OneTimeLinks {
  private readonly grants: SingleUseMap<true>;
  private readonly states: SingleUseMap<{ codeVerifier: string; purpose: SignInPurpose }>;
  private readonly ttlMs: number;
  /** The grant handed out by {@link reusableGrant}, kept so repeated status calls share one link. */
  private shared: string | null = null;

  constructor(options: OneTimeLinksOptions = {}) {
    const ttlMs = options.ttlMs ?? 10 * 60 * 1000;
    this.ttlMs = ttlMs;
    const max = options.maxEntries ?? 1000;
    const now = options.now ?? (() => new Date());
    const nowMs = () => now().getTime();
    this.grants = new SingleUseMap(ttlMs, max, nowMs);
    this.states = new SingleUseMap(ttlMs, max, nowMs);
  }

  /** A new one-time grant: 256 random bits, base64url, valid for one use within the TTL. */
  createGrant(): string {
    const grant = randomUrlToken(32);
    this.grants.add(grant, true);
    return grant;
  }

  /**
   * A grant for callers that ask again and again (`/oauth/status`): the same live grant while it has
   * more than half its life left, so polling cannot fill the table and evict the owner's live links.
   */
  reusableGrant(): string {
    if (this.shared !== null && this.grants.isLive(this.shared, this.ttlMs / 2)) return this.shared;
    this.shared = this.createGrant();
    return this.shared;
  }

  /** Uses up a grant. Anything that is not a string we issued is `unknown`. */
  consumeGrant(grant: unknown): ConsumeGrantResult {
    const result = this.grants.consume(grant);
    return result.ok ? { ok: true } : result;
  }

  /** Checks a grant without using it up (the page that asks the owner to continue). */
  checkGrant(grant: unknown): ConsumeGrantResult {
    const result = this.grants.consume(grant, false);
    return result.ok ? { ok: true } : result;
  }

  /** A new OAuth `state` (256 random bits) remembering the flow's PKCE code verifier and why it started. */
  createState(data: { codeVerifier: string; purpose?: SignInPurpose }): string {
    const state = randomUrlToken(32);
    this.states.add(state, { codeVerifier: data.codeVerifier, purpose: data.purpose ?? { kind: 'connect' } });
    return state;
  }

  /** Uses up a state and hands back its code verifier and purpose. */
  consumeState(state: unknown): ConsumeStateResult {
    const result = this.states.consume(state);
    return result.ok
      ? { ok: true, codeVerifier: result.payload.codeVerifier, purpose: result.payload.purpose }
      : result;
  }

  /**
   * Hands back a state's code verifier without using the state up: the callback spends it only after
   * a successful exchange, so a prefetched or replayed callback cannot make the owner's real one fail.
   */
  checkState(state: unknown): ConsumeStateResult {
    const result = this.states.consume(state, false);
    return result.ok
      ? { ok: true, codeVerifier: result.payload.codeVerifier, purpose: result.payload.purpose }
      : result;
  }

  /** Entries currently held (for tests and diagnostics): `{ grants, states }`. */
  sizes(): { grants: number; states: number } {
    return { grants: this.grants.size, states: this.states.size };
  }
}
