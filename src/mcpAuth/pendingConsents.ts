/**
 * Authorization requests waiting for the owner's decision on the consent page (10 minutes).
 *
 * The form carries the request id and a CSRF token; the browser that loaded the page also holds a
 * SameSite=Strict cookie whose hash is bound to the request, so a cross-site form post (no cookie) or
 * a form copied to another browser is refused. A request that went to Oura for the owner's sign-in
 * waits here until the callback resumes it.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AuthorizationRequest } from './authorizeRequest.js';
import { hashSecret } from './store.js';

export interface PendingConsent {
  id: string;
  request: AuthorizationRequest;
  csrfHash: string;
  browserHash: string;
  expiresAt: number;
}

const TTL_MS = 10 * 60_000;
const MAX_PENDING = 200;

function same(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export class PendingConsents {
  private readonly pending = new Map<string, PendingConsent>();

  constructor(private readonly now: () => Date) {}

  /** Stores a request for the browser holding `browserSecret`; returns the id and the form's CSRF token. */
  add(request: AuthorizationRequest, browserSecret: string): { id: string; csrf: string } {
    const now = this.now().getTime();
    for (const [id, entry] of this.pending) if (entry.expiresAt <= now) this.pending.delete(id);
    while (this.pending.size >= MAX_PENDING) this.pending.delete(this.pending.keys().next().value!);
    const id = randomBytes(16).toString('base64url');
    const csrf = randomBytes(32).toString('base64url');
    this.pending.set(id, {
      id,
      request,
      csrfHash: hashSecret(csrf),
      browserHash: hashSecret(browserSecret),
      expiresAt: now + TTL_MS,
    });
    return { id, csrf };
  }

  /** The request a form post names, when its CSRF token and the browser's cookie both match. Not removed. */
  check(id: string, csrf: string, browserSecret: string | null): PendingConsent | null {
    const entry = this.pending.get(id);
    if (!entry || entry.expiresAt <= this.now().getTime() || browserSecret === null) return null;
    if (!same(entry.csrfHash, hashSecret(csrf)) || !same(entry.browserHash, hashSecret(browserSecret))) return null;
    return entry;
  }

  /** Removes and returns a live request (once decided, or when the Oura sign-in comes back). */
  take(id: string): PendingConsent | null {
    const entry = this.pending.get(id);
    this.pending.delete(id);
    return entry && entry.expiresAt > this.now().getTime() ? entry : null;
  }
}
