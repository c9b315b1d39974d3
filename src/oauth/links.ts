/**
 * Single-use, short-lived secrets, in memory or shared by the processes that share TOKENS_FILE:
 * - **grants**: the `?grant=` of a one-time authorize link, so `/oauth/authorize` is not open to anyone
 *   who learns the public URL (they could bind their own Oura account over the owner's);
 * - **states**: the OAuth `state` of a started flow, carrying its PKCE code verifier to the callback.
 *
 * Entries are keyed by a SHA-256 of the secret (lookups reveal nothing through timing, and a memory
 * dump holds no usable value). A used entry stays as a tombstone until it would have expired, so a
 * second use is reported as `reused`, not `unknown`. Each kind is capped: a flood evicts the oldest.
 */
import path from 'node:path';
import { FolderStore, MemoryStore, type LinkFailure, type SingleUseStore } from './linkStore.js';
import { randomUrlToken } from './pkce.js';
import type { SignInPurpose } from './types.js';

export type { LinkFailure } from './linkStore.js';

export type ConsumeGrantResult = { ok: true } | { ok: false; reason: LinkFailure };
export type ConsumeStateResult =
  { ok: true; codeVerifier: string; purpose: SignInPurpose } | { ok: false; reason: LinkFailure };

export interface OneTimeLinksOptions {
  /** Life of a grant or state (default 10 minutes). */
  ttlMs?: number;
  /** Most entries (live and used) kept per kind (default 1000). */
  maxEntries?: number;
  now?: () => Date;
  /**
   * Keep the entries in this folder, encrypted with `key`, shared with every process given the same
   * folder (the server puts it beside TOKENS_FILE). Without it they live in this process's memory.
   */
  shared?: { dir: string; key: Buffer };
}

type StatePayload = { codeVerifier: string; purpose: SignInPurpose };

/** One-time grants and OAuth states, in memory or shared through a folder (see the options). */
export class OneTimeLinks {
  private readonly grants: SingleUseStore<true>;
  private readonly states: SingleUseStore<StatePayload>;
  private readonly ttlMs: number;
  /** The grant handed out by {@link reusableGrant}, kept so repeated status calls share one link. */
  private reusable: string | null = null;

  constructor(options: OneTimeLinksOptions = {}) {
    const ttlMs = options.ttlMs ?? 10 * 60 * 1000;
    this.ttlMs = ttlMs;
    const max = options.maxEntries ?? 1000;
    const now = options.now ?? (() => new Date());
    const nowMs = () => now().getTime();
    const { shared } = options;
    if (shared) {
      const folder = (prefix: string) => ({ ...shared, prefix, ttlMs, maxEntries: max, now: nowMs });
      this.grants = new FolderStore<true>(folder('grant-'));
      this.states = new FolderStore<StatePayload>(folder('state-'));
    } else {
      this.grants = new MemoryStore<true>(ttlMs, max, nowMs);
      this.states = new MemoryStore<StatePayload>(ttlMs, max, nowMs);
    }
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
    if (this.reusable !== null && this.grants.isLive(this.reusable, this.ttlMs / 2)) return this.reusable;
    this.reusable = this.createGrant();
    return this.reusable;
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

/** The folder of shared one-time links beside a tokens file: `tokens.json` → `tokens.links/`. */
export function linksFolderFor(tokensFile: string): string {
  return path.join(path.dirname(tokensFile), `${path.basename(tokensFile, path.extname(tokensFile))}.links`);
}
