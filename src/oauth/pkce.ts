/**
 * PKCE (RFC 7636) with the S256 method, and the random strings the OAuth flow needs.
 * Oura does not document PKCE; sending it is harmless and the spec asks for it.
 */
import { createHash, randomBytes } from 'node:crypto';

/** URL-safe random string from `bytes` random bytes (default 32 = 256 bits; 43 characters). */
export function randomUrlToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** A fresh code verifier: 43 characters of base64url from 32 random bytes (RFC 7636 allows 43–128). */
export function createCodeVerifier(): string {
  return randomUrlToken(32);
}

/** `BASE64URL(SHA256(verifier))`, the S256 code challenge. */
export function codeChallengeS256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}
