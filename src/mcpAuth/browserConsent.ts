/**
 * Browser-side checks of the consent form (CSRF): the decision must be a same-origin post from the
 * browser that loaded the page. Three independent signals: Fetch Metadata (`Sec-Fetch-Site`), the
 * `Origin` header, and a SameSite=Strict cookie bound to the pending request (see `pendingConsents.ts`).
 */
import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';

const COOKIE = 'oura_mcp_consent';
const COOKIE_VALUE = /^[A-Za-z0-9_-]{43}$/;

/** The browser's consent cookie, if it sent a well-formed one. */
export function consentCookieOf(req: Request): string | null {
  const header = req.headers.cookie;
  if (typeof header !== 'string') return null;
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    const value = rest.join('=');
    if (name === COOKIE && COOKIE_VALUE.test(value)) return value;
  }
  return null;
}

/** The browser's consent cookie, set now when missing (HttpOnly, SameSite=Strict, 10 minutes). */
export function ensureConsentCookie(req: Request, res: Response, secure: boolean): string {
  const existing = consentCookieOf(req);
  if (existing) return existing;
  const value = randomBytes(32).toString('base64url');
  res.cookie(COOKIE, value, { httpOnly: true, sameSite: 'strict', secure, path: '/auth', maxAge: 10 * 60_000 });
  return value;
}

/** False for a post that did not come from a page of this server (cross-site, or from another origin). */
export function isSameOriginPost(req: Request, issuer: string): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') return false;
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  const host = req.headers.host;
  try {
    const url = new URL(origin);
    return (
      url.origin === new URL(issuer).origin ||
      (typeof host === 'string' && url.host.toLowerCase() === host.toLowerCase())
    );
  } catch {
    return false;
  }
}
